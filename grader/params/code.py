"""Read a model as a question shows it (Keras or PyTorch code) into a spec, with `ast`: nothing is executed.

Layers are the calls in `model.add(...)`, in `Sequential([...])` / `nn.Sequential(...)`, and assignments of
a layer call (`self.lstm = nn.LSTM(16, 32, batch_first=True)`), in the order written. Arguments must be
literals, or names assigned a literal earlier (`vocab_size = 1000`), or arithmetic on those.
`Input(shape=(200,))` sets the input shape. Any other call where a layer is expected is an error naming it.
"""

from __future__ import annotations

import ast
import operator
from typing import Any

from grader.errors import ModelError, Problem
from grader.params.spec import ModelSpec

CONTAINERS = {"Sequential", "ModuleList"}
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv}
MAX_CODE = 20_000
MAX_DEPTH = 100  # of the syntax tree: the reader recurses per level; real model code is about 15 deep
MAX_VALUE = 10**15
"""Numbers in the code above this are refused: the largest real models have about 10**12 parameters, and Python
integers never overflow, so `v = v * v` forty times would compute for ever."""


def spec_from_code(spec: ModelSpec) -> ModelSpec:
    """The spec with `layers` read from its `keras_code` or `pytorch_code`. Raises ModelError."""
    framework = "keras" if spec.keras_code is not None else "pytorch"
    code = spec.keras_code if spec.keras_code is not None else spec.pytorch_code
    assert code is not None
    field = f"{framework}_code"
    reader = _Reader(framework, field)
    reader.read(code)
    if reader.problems:
        raise ModelError(reader.problems)
    if not reader.layers:
        raise ModelError([Problem(field, "no layers found: write model.add(Layer(...)) or Sequential([...])")])
    shape = spec.input_shape if spec.input_shape is not None else reader.input_shape
    return ModelSpec(framework=framework, input_dim=spec.input_dim, input_shape=shape, layers=reader.layers)


class _Reader:
    def __init__(self, framework: str, field: str) -> None:
        self.framework = framework
        self.field = field
        self.constants: dict[str, Any] = {}
        self.unusable: dict[str, str] = {}  # names assigned what cannot be read -> why, with the line
        self.layers: list[Any] = []
        self.problems: list[Problem] = []
        self.input_shape: list[int | None] | None = None

    def read(self, code: str) -> None:
        if len(code) > MAX_CODE:
            self.problems.append(Problem(self.field, f"the code is over {MAX_CODE:,} characters"))
            return
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            self.problems.append(Problem(self.field, f"line {error.lineno}: not Python: {error.msg}"))
            return
        except RecursionError:  # `1+1+...+1` thousands of times, or brackets as deep
            tree = None
        if tree is None or _depth(tree) > MAX_DEPTH:
            self.problems.append(Problem(self.field, "the code is nested too deeply to read; write the values out"))
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                try:
                    self.constants[name] = self.value(node.value)
                except _UnusableError as error:  # the first cause, not a chain of names
                    self.unusable[name] = error.cause
                except ValueError as error:  # not a constant: a layer that uses it is told why
                    self.unusable[name] = f"line {node.lineno}: {error}"
        self.statements(tree.body)

    def statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            if isinstance(statement, ast.ClassDef | ast.FunctionDef | ast.With | ast.If):
                self.statements(statement.body)
            elif isinstance(statement, ast.Expr | ast.Assign) and isinstance(statement.value, ast.Call):
                self.call(statement.value, top=isinstance(statement, ast.Expr))

    def call(self, call: ast.Call, *, top: bool) -> None:
        name = _name(call.func)
        if name == "add" and call.args:  # model.add(Layer(...)), model.add(Input(shape=...))
            added = call.args[0]
            if isinstance(added, ast.Call) and _name(added.func) in ("Input", "InputLayer"):
                self.input(added)
            else:
                self.layer(added)
        elif name in CONTAINERS:
            items = call.args[0].elts if call.args and isinstance(call.args[0], ast.List) else call.args
            for item in items:
                self.layer(item)
        elif name in ("Input", "InputLayer"):
            self.input(call)
        elif not top and self.is_layer(name):  # self.lstm = nn.LSTM(...)
            self.layer(call)

    def is_layer(self, name: str) -> bool:
        from grader.params.frameworks import FRAMEWORKS

        table = FRAMEWORKS[self.framework]
        return name in table.LAYERS or name in table.ALIASES

    def input(self, call: ast.Call) -> None:
        for keyword in call.keywords:
            if keyword.arg in ("shape", "input_shape"):
                try:
                    self.input_shape = list(self.value(keyword.value))
                except (ValueError, TypeError) as error:
                    why = f" ({error})" if isinstance(error, ValueError) else ""
                    self.problems.append(
                        Problem(self.field, f"line {call.lineno}: Input shape must be literal sizes{why}")
                    )

    def layer(self, node: ast.expr) -> None:
        try:
            self.layers.append(self.entry(node))
        except ValueError as error:
            self.problems.append(Problem(self.field, f"line {getattr(node, 'lineno', '?')}: {error}"))

    def entry(self, node: ast.expr) -> dict[str, dict[str, Any]]:
        """`{Name: {arguments by name}}`, positional arguments named as the constructor names them."""
        from grader.params.frameworks import FRAMEWORKS

        if not isinstance(node, ast.Call):
            raise ValueError(f"expected a layer call such as LSTM(32), found {ast.unparse(node)!r}")
        name = _name(node.func)
        if not self.is_layer(name):
            raise ValueError(f"{name}(...) is not a {self.framework} layer grader can count")
        table = FRAMEWORKS[self.framework]
        positional = table.LAYERS[table.ALIASES.get(name, name)].signature.positional
        if len(node.args) > len(positional):
            raise ValueError(f"{name} takes at most {len(positional)} positional arguments, got {len(node.args)}")
        arguments = {key: self.argument(arg) for key, arg in zip(positional, node.args, strict=False)}
        for keyword in node.keywords:
            if keyword.arg is None:
                raise ValueError(f"{name}: **kwargs cannot be read; write the arguments out")
            if keyword.arg in arguments:
                raise ValueError(f"{name} got {keyword.arg!r} twice")
            arguments[keyword.arg] = self.argument(keyword.value)
        return {name: arguments}

    def argument(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Call) and self.is_layer(_name(node.func)):  # Bidirectional(LSTM(32))
            return self.entry(node)
        return self.value(node)

    def value(self, node: ast.expr) -> Any:
        """A literal, a known constant, or arithmetic on them. Raises ValueError."""
        if isinstance(node, ast.Name):
            if node.id in self.constants:
                return self.constants[node.id]
            if node.id in self.unusable:
                cause = self.unusable[node.id]
                raise _UnusableError(f"{node.id} cannot be used ({cause})", cause)
            if node.id in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.id]
            raise ValueError(f"{node.id} is not defined in the code; write its value")
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            return self.arithmetic(node)
        if isinstance(node, ast.Tuple | ast.List):
            return [self.value(item) for item in node.elts]
        if isinstance(node, ast.Attribute | ast.Call):
            return ast.unparse(node)  # activation=tf.nn.relu, initializers: do not change the count
        try:
            value = ast.literal_eval(node)
        except ValueError:
            raise ValueError(f"cannot read {_shown(node)!r} without running the code") from None
        return _capped(value, node)

    def arithmetic(self, node: ast.BinOp) -> int:
        """`a * b`, `a + b`, `a - b`, `a // b` on whole numbers, refused over MAX_VALUE. Raises ValueError."""
        left, right = self.value(node.left), self.value(node.right)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right)):
            raise ValueError(f"cannot compute {_shown(node)!r}")
        if isinstance(node.op, ast.Mult) and left.bit_length() + right.bit_length() - 1 > MAX_VALUE.bit_length():
            raise ValueError(_too_large(node))  # the product is over 2**50 > MAX_VALUE: not computed at all
        if isinstance(node.op, ast.FloorDiv) and right == 0:
            raise ValueError(f"{_shown(node)!r} divides by zero")
        return int(_capped(OPERATORS[type(node.op)](left, right), node))


class _UnusableError(ValueError):
    """A name assigned a value that cannot be read; `cause` says why, with the line of the assignment."""

    def __init__(self, message: str, cause: str) -> None:
        super().__init__(message)
        self.cause = cause


def _capped(value: Any, node: ast.expr) -> Any:
    if isinstance(value, int) and abs(value) > MAX_VALUE:
        raise ValueError(_too_large(node))
    return value


def _too_large(node: ast.expr) -> str:
    return f"{_shown(node)!r} is over 10**15, too large for a size in a model; write the real size"


def _depth(tree: ast.AST) -> int:
    """The depth of a syntax tree, found without recursing."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _shown(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _name(node: ast.expr) -> str:
    """`LSTM` of `LSTM`, `layers.LSTM`, `tf.keras.layers.LSTM`, `nn.LSTM`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ast.unparse(node)
