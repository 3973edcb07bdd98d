"""Python array code read as math: what a snippet of PyTorch, NumPy, TensorFlow or JAX code computes, written
in the notation the math parser reads.

Students of a deep-learning course often answer a formula with the code they would run:
`torch.softmax(Q @ K.transpose(-2, -1) / math.sqrt(d_k), dim=-1) @ V`, or a small function whose local
variables build the result step by step. `code_math` turns such a snippet into `softmax(((Q @ (K)^T) /
sqrt(d_k))) @ V`, which the parser then reads like any other answer.

The snippet is parsed with Python's own grammar (`ast.parse`, which builds a tree and runs nothing) and
translated node by node; anything outside the small vocabulary below (loops, a call this module does not
know, a keyword other than `dim`/`axis`) makes the whole snippet unreadable as code, so that the answer is
read as it was before rather than half-translated. Local variables are substituted into the result
(`scores = …; return softmax(scores) @ V`), except a name given a tensor's size (`d_k = Q.size(-1)`), which
stays the symbol the student named.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection

from grader.math.caps import MAX_CODE_LENGTH, MAX_LENGTH

_FENCE = re.compile(r"```[A-Za-z0-9_+-]*[ \t]*\n?(.*?)```", re.DOTALL)
_CODE = re.compile(
    r"^\s*(?:def|return|import|from)\s|^\s*>>>\s"
    r"|\b(?:torch|np|numpy|math|F|tf|jnp|jax|nn)\.[A-Za-z_]"
    r"|\.(?:transpose|matmul|softmax|size|sigmoid|mm|bmm|t)\(|\.(?:T|mT|shape)\b"
    r"|@[ \t]*(?:recurrent_)?kernel_[a-z]\b",  # `x @ kernel_z + h_tm1 @ recurrent_kernel_z`: a Keras cell's source
    re.MULTILINE,
)
# the weights of a Keras recurrent cell by the names its source gives them (`kernel_z`, `recurrent_kernel_z`, `bias_z`)
_KERAS_WEIGHT = re.compile(r"(recurrent_kernel|kernel|bias)_([a-z])")
_KERAS_LETTERS = {"kernel": "W", "recurrent_kernel": "U", "bias": "b"}
_MODULES = frozenset({"torch", "F", "functional", "nn", "np", "numpy", "math", "tf", "jnp", "jax", "special",
                      "scipy", "linalg", "nnf"})  # fmt: skip
_FUNCTIONS = {  # a function of one tensor, by the names libraries give it
    "softmax": "softmax", "sigmoid": "sigmoid", "expit": "sigmoid", "tanh": "tanh", "exp": "exp", "log": "log",
    "sqrt": "sqrt", "relu": "relu", "abs": "abs",
}  # fmt: skip
_LAYERS = {"Softmax": "softmax", "Sigmoid": "sigmoid", "Tanh": "tanh", "ReLU": "relu"}  # `nn.Softmax(dim=-1)(x)`
_PRODUCTS = frozenset({"matmul", "mm", "bmm", "dot"})
_ONE_HOT = frozenset({"one_hot", "onehot"})  # a label as a one-hot vector: in math, the label y itself
_CASTS = frozenset({"float", "double", "half"})
_REMARK = re.compile(r"[ \t]*\(.*\)[ \t.]*")  # a line that is one remark in brackets: `(checked: matches z.grad)`
_CONCATENATIONS = frozenset({"concatenate", "concat", "cat", "hstack", "vstack", "stack"})
_SIZES = frozenset({"size", "dim"})  # `Q.size(-1)`: a tensor's size, named by the student
_AXIS_KEYWORDS = frozenset({"dim", "axis"})
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.MatMult: "@", ast.Pow: "^",
              ast.BitXor: "^"}  # fmt: skip  # `^` in code is XOR, but no answer means that


class _Unknown(Exception):
    """The snippet does something this reading does not know."""


def code_blocks(answer: str) -> list[str]:
    """The pieces of an answer that are code: its fenced blocks, else the whole answer when it looks like
    code (`def`, `return`, a `>>>` prompt, `torch.`/`np.`/`F.` calls, `.transpose(`, `.T`)."""
    fenced = [block for block in _FENCE.findall(answer) if block.strip()]
    if fenced:
        return fenced
    return [answer] if _CODE.search(answer) else []


def code_math(code: str, symbols: Collection[str] = ()) -> list[str]:
    """The math `code` computes, in the parser's notation, as statements: a function's result; a script's
    assignments as equations (`f[t] = …` is f_{t} = …) and its last bare expression. Empty when it is not code
    this reading knows. `symbols`: the question's symbols; a one-letter variable in lower case stands for the
    capital symbol the question has and it does not (`q @ k.T` for Q Kᵀ: Python names variables in lower case),
    and a variable named as one of them (`c = f * c_prev + i * g`) stays that symbol in later lines, while any
    other (`scores = …`) is put into them."""
    if len(code) > MAX_CODE_LENGTH:
        return []
    lines = code.splitlines()
    if any(line.lstrip().startswith(">>>") for line in lines):  # a console session: its inputs, not its outputs
        lines = [line.lstrip()[4:] for line in lines if line.lstrip().startswith((">>>", "..."))]
    tree = _parsed("\n".join(lines).strip())
    if tree is None:  # `grad = … - F.one_hot(y, C)` then `(checked: matches z.grad)`: a remark in brackets left out
        kept = [line for line in lines if not (_REMARK.fullmatch(line) and _parsed(line.strip()) is None)]
        tree = _parsed("\n".join(kept).strip()) if len(kept) < len(lines) else None
    if tree is None:
        return []
    try:
        return _Translator(frozenset(symbols)).module(tree)
    except (_Unknown, RecursionError):
        return []


class _Translator:
    """Translates statements in order, remembering what each local variable holds."""

    def __init__(self, symbols: frozenset[str]) -> None:
        self.values: dict[str, str | None] = {}  # a variable's math; None: a size, kept as the student's name
        self.symbols = symbols
        self.bases = frozenset(symbol.partition("_")[0] for symbol in symbols)

    def module(self, tree: ast.Module) -> list[str]:
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        if functions:  # a function: its result, with its local variables put in
            results = [self.statement(node, script=False) for node in functions[-1].body]
            return [result for result in results if result is not None][-1:]
        statements = [self.statement(node, script=True) for node in tree.body]
        return [statement for statement in statements if statement is not None]

    def statement(self, node: ast.stmt, *, script: bool) -> str | None:
        """The math a statement states: a returned or bare expression, or in a script an assignment as an
        equation; None for an import or a size."""
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass) or _docstring(node):
            return None
        if isinstance(node, ast.Return) and node.value is not None:
            return self.expression(node.value)
        if isinstance(node, ast.Expr):
            return self.expression(node.value)
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) != 1:
                raise _Unknown
            target = targets[0]
            if isinstance(target, ast.Subscript):  # `f[t] = sigmoid(…)`: the equation for f_{t}
                return f"{self.subscript(target)} = {self.expression(node.value)}" if script else None
            if not isinstance(target, ast.Name):
                raise _Unknown
            name = target.id
            if _size(node.value):
                self.values[name] = None
                return None
            math = self.expression(node.value)
            if not script or name.partition("_")[0] not in self.bases:  # `scores = …`: a step, put into what follows
                self.values[name] = math
                return math
            return f"{name} = {math}"  # in a script, `c = f * c_prev + i * g`: the equation for c
        raise _Unknown

    def expression(self, node: ast.expr) -> str:
        math = self.translated(node)
        if len(math) > MAX_LENGTH:  # variables substituted into each other double it at each step
            raise _Unknown
        return math

    def translated(self, node: ast.expr) -> str:
        if isinstance(node, ast.Name):
            value = self.values.get(node.id)
            if value is not None:
                return f"({value})"
            keras = _KERAS_WEIGHT.fullmatch(node.id)
            if keras is not None:  # `recurrent_kernel_z` in the Keras source: U_z, where the question writes it
                named = f"{_KERAS_LETTERS[keras.group(1)]}_{keras.group(2)}"
                if named in self.symbols:
                    return named
            capital = node.id.upper()
            if len(node.id) == 1 and node.id not in self.symbols and capital in self.symbols:
                return capital
            return node.id
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return repr(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = self.expression(node.left), self.expression(node.right)
            return f"({left} {_OPERATORS[type(node.op)]} {right})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign = "-" if isinstance(node.op, ast.USub) else ""
            return f"({sign}{self.expression(node.operand)})"
        if isinstance(node, ast.Attribute) and node.attr in ("T", "mT"):
            return f"({self.expression(node.value)})^T"
        if isinstance(node, ast.Call | ast.Subscript) and _size(node) and "d_k" in self.symbols:
            return "d_k"  # `q @ k.transpose(-2, -1) * k.size(-1)**-0.5`: the keys' size inside a formula is d_k
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.List | ast.Tuple) and len(node.elts) >= 2:  # a concatenation `[h, x]`
            return "[" + ", ".join(self.expression(item) for item in node.elts) + "]"
        if isinstance(node, ast.Call):
            return self.call(node)
        raise _Unknown

    def subscript(self, node: ast.Subscript) -> str:
        """`h[t-1]` as h_{t-1}: a time index, the only indexing a formula answer has."""
        if not isinstance(node.value, ast.Name) or node.value.id in self.values:
            raise _Unknown
        index = node.slice
        if (
            isinstance(index, ast.Name)
            or _axis(index)
            or (isinstance(index, ast.BinOp) and isinstance(index.op, ast.Add | ast.Sub))
        ):
            return f"{node.value.id}_{{{ast.unparse(index).replace(' ', '')}}}"
        raise _Unknown

    def call(self, node: ast.Call) -> str:
        if any(keyword.arg not in _AXIS_KEYWORDS for keyword in node.keywords) or any(
            isinstance(arg, ast.Starred) for arg in node.args
        ):
            raise _Unknown
        func = node.func
        if isinstance(func, ast.Call) and _module_function(func.func) in _LAYERS and not func.args:
            return self.applied(_LAYERS[_module_function(func.func) or ""], node.args)  # `nn.Softmax(dim=-1)(x)`
        name = _module_function(func)
        if name in _CONCATENATIONS and node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            return self.expression(node.args[0])  # `np.concatenate([h[t-1], x[t]])`: [h_{t-1}, x_{t}]
        if name in _ONE_HOT and node.args and len(node.args) <= 2:  # `F.one_hot(y, C)`: the label y, as a vector
            return self.expression(node.args[0])
        if name is not None:  # `torch.softmax(x, dim=-1)`, `np.matmul(a, b)`, `sqrt(d_k)`
            if name in _PRODUCTS and len(node.args) == 2:
                return f"({self.expression(node.args[0])} @ {self.expression(node.args[1])})"
            if name in ("transpose", "t") and node.args:
                return self.transposed(node.args[0], node.args[1:])
            if name == "pow" and len(node.args) == 2:
                return f"({self.expression(node.args[0])})^({self.expression(node.args[1])})"
            if name in _FUNCTIONS and node.args:
                return self.applied(_FUNCTIONS[name], node.args)
            raise _Unknown
        if isinstance(func, ast.Attribute):  # a method: `K.transpose(-2, -1)`, `scores.softmax(dim=-1)`
            method, this = func.attr, func.value
            if method in ("transpose", "t"):
                return self.transposed(this, node.args)
            if method in _PRODUCTS and len(node.args) == 1:
                return f"({self.expression(this)} @ {self.expression(node.args[0])})"
            if method == "pow" and len(node.args) == 1:
                return f"({self.expression(this)})^({self.expression(node.args[0])})"
            if method in _FUNCTIONS:
                return self.applied(_FUNCTIONS[method], [this, *node.args])
            if method in _CASTS and not node.args:  # `F.one_hot(y, C).float()`: the same values, another dtype
                return self.expression(this)
        raise _Unknown

    def applied(self, function: str, args: list[ast.expr]) -> str:
        """A function of one tensor; a second argument may only be the axis (`F.softmax(z, -1)`)."""
        if not args or len(args) > 2 or (len(args) == 2 and not _axis(args[1])):
            raise _Unknown
        return f"{function}({self.expression(args[0])})"

    def transposed(self, tensor: ast.expr, axes: list[ast.expr]) -> str:
        """The transpose of a matrix or of a batch of them (`K.transpose(-2, -1)`, `K.transpose(1, 2)`): a
        formula has one transpose, whichever two axes a batched tensor swaps."""
        if axes and (len(axes) != 2 or not all(_axis(axis) for axis in axes)):
            raise _Unknown
        return f"({self.expression(tensor)})^T"


def keras_weights(text: str, symbols: Collection[str]) -> str:
    """`text` with a Keras cell's weight names (`kernel_r`, `recurrent_kernel_r`, `bias_r`) written as the
    question's symbols (W_r, U_r, b_r) where it has them: a formula copied from the Keras source in math
    notation (`x_t @ kernel_r + h_{t-1} @ recurrent_kernel_r`); and Chollet's `input_t` and `state_t` (the
    previous output) as x_t and h_{t-1} (`f_t = activation(dot(state_t, Uf) + dot(input_t, Wf) + bf)`)."""

    def named(found: re.Match[str]) -> str:
        symbol = f"{_KERAS_LETTERS[found.group(1)]}_{found.group(2)}"
        return symbol if symbol in symbols else found.group()

    if "x_t" in symbols and "h_t" in symbols and re.search(r"\bdot\([ \t]*(?:state|input)_t\b", text):
        text = re.sub(r"\bstate_t\b", "h_tm1", re.sub(r"\binput_t\b", "x_t", text))
    return re.sub(r"(?<![\w.])" + _KERAS_WEIGHT.pattern + r"\b", named, text)


def _parsed(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _module_function(func: ast.expr) -> str | None:
    """`softmax` for `torch.softmax`, `F.softmax`, `torch.nn.functional.softmax` or a bare `softmax`; None for a
    method of a tensor."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value
        while isinstance(owner, ast.Attribute) and owner.attr in _MODULES:
            owner = owner.value
        if isinstance(owner, ast.Name) and owner.id in _MODULES:
            return func.attr
    return None


def _axis(node: ast.expr) -> bool:
    """Whether an argument is an axis number (`-1`, `0`, `2`)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool)


def _size(node: ast.expr) -> bool:
    """Whether an expression is a tensor's size (`Q.size(-1)`, `Q.shape[-1]`, `len(k)`): its variable keeps the
    name the student gave it (`d_k`)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _SIZES:
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len":
        return True
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape"


def _docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
