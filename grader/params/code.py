"""Read a model as a question shows it (Keras or PyTorch code) into a spec, with `ast`: nothing is executed.

Layers are the calls in `model.add(...)`, in `Sequential([...])` / `nn.Sequential(...)`, and assignments of
a layer call (`self.lstm = nn.LSTM(16, 32, batch_first=True)`), in the order written. Arguments must be
literals, or names assigned a literal earlier (`vocab_size = 1000`), or arithmetic on those.
`Input(shape=(200,))` sets the input shape, in `model.add(...)` or first in `Sequential([...])`. Any other
call where a layer is expected is an error naming it.

Keras's functional API is read when it is a chain: `inputs = keras.Input(...)`, then `x = layers.Dense(8)(x)`
(or `dense = layers.Dense(8)` and `x = dense(x)`), each layer taking the previous one's output, up to
`keras.Model(inputs, x)` (or the last layer applied). Attention on one tensor (`mha(x, x)`, `Attention()([x, x])`)
is self-attention, a link of the chain. A layer taking two tensors, a tensor feeding two layers, a layer
applied twice or a model of several inputs or outputs is an error: only a chain of layers is read.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any

from grader.errors import ModelError, Problem
from grader.params.spec import ModelSpec

CONTAINERS = {"Sequential", "ModuleList"}
INPUTS = ("Input", "InputLayer")
MODELS = ("Model", "Functional")
TENSOR_KEYWORDS = ("inputs", "query", "value", "key")  # a layer's call arguments that take tensors
CHAIN = "only a chain of layers is read, each taking the output of the one before"
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
        self.objects: dict[str, tuple[Any, int]] = {}  # `dense = Dense(8)`: the entry and its place in layers
        self.used: set[str] = set()  # objects put in a model: their own place is dropped
        self.tensors: dict[str, _Tensor] = {}  # functional API: names of Inputs and layer outputs
        self.applied: list[_Tensor] = []  # every layer application, in order
        self.model: ast.Call | None = None  # keras.Model(inputs, outputs)
        self.ends: dict[str, list[_Tensor | None]] = {}  # its inputs and outputs, as they were then

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
        kept = {index: name for name, (_, index) in self.objects.items()}  # layers made and named, maybe used
        if self.applied or self.model is not None:  # functional: a layer made and never applied is not in it
            if not self.problems:
                self.functional(sequential=any(index not in kept for index in range(len(self.layers))))
        else:
            self.layers = [entry for index, entry in enumerate(self.layers) if kept.get(index) not in self.used]

    def statements(self, body: list[ast.stmt]) -> None:
        for statement in body:
            if isinstance(statement, ast.ClassDef | ast.FunctionDef | ast.With | ast.If):
                self.statements(statement.body)
            elif (
                isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)
                and isinstance(statement.value, ast.Call)
            ):
                self.assign(statement.targets[0].id, statement.value)
            elif isinstance(statement, ast.Expr | ast.Assign | ast.Return) and isinstance(statement.value, ast.Call):
                self.call(statement.value, top=not isinstance(statement, ast.Assign))

    def assign(self, target: str, call: ast.Call) -> None:
        """`name = ...`: an Input, a layer applied to a tensor, a layer kept for later, or any other call."""
        name = _name(call.func)
        try:
            if name in INPUTS:
                self.tensors[target] = _Tensor(call.lineno, shape=self.input(call))
            elif self.framework == "keras" and self.is_application(call):
                try:
                    self.tensors[target] = self.apply(call)
                except ValueError:
                    self.tensors[target] = _Tensor(call.lineno, broken=True)
                    raise
            elif self.is_layer(name):  # dense = layers.Dense(8): used later, or a layer of the model as it stands
                self.objects[target] = (self.entry(call), len(self.layers))
                self.layers.append(self.objects[target][0])
            elif self.framework == "keras" and name not in {*MODELS, *CONTAINERS} and self.takes_tensors(call):
                raise ValueError(f"{_shown(call.func)}(...) on a tensor cannot be read: write it as a layer; {CHAIN}")
            else:
                self.call(call, top=False)
        except ValueError as error:
            self.problems.append(Problem(self.field, f"line {call.lineno}: {error}"))

    def call(self, call: ast.Call, *, top: bool) -> None:
        name = _name(call.func)
        if name == "add" and call.args:  # model.add(Layer(...)), model.add(Input(shape=...))
            added = call.args[0]
            if isinstance(added, ast.Call) and _name(added.func) in INPUTS:
                self.input(added)
            else:
                self.layer(added)
        elif name in CONTAINERS:
            items = call.args[0].elts if call.args and isinstance(call.args[0], ast.List | ast.Tuple) else call.args
            items = items + [item for k in call.keywords if k.arg == "layers" and isinstance(k.value, ast.List)
                             for item in k.value.elts]  # fmt: skip
            for position, item in enumerate(items):
                if isinstance(item, ast.Call) and _name(item.func) in INPUTS:
                    if position:
                        self.problems.append(
                            Problem(self.field, f"line {item.lineno}: Input(...) comes first in Sequential([...])")
                        )
                    self.input(item)
                else:
                    self.layer(item)
        elif name in INPUTS:
            self.input(call)
        elif name in MODELS and self.framework == "keras":
            self.model = call
            try:
                self.ends = {end: [self.tensor(item) for item in items] for end, items in _model_ends(call).items()}
            except ValueError as error:
                self.problems.append(Problem(self.field, f"line {call.lineno}: {error}"))
        elif self.is_layer(name):  # self.lstm = nn.LSTM(...), or the layer alone: nn.LSTM(16, 32)
            self.layer(call)

    def is_layer(self, name: str) -> bool:
        from grader.params.frameworks import FRAMEWORKS

        table = FRAMEWORKS[self.framework]
        return name in table.LAYERS or name in table.ALIASES

    def input(self, call: ast.Call) -> list[int | None] | None:
        """`Input(shape=(28, 28, 1))`, `Input((28, 28, 1))`, `InputLayer(input_shape=...)`, `batch_shape=...`:
        the input shape, also kept as the model's. None when unreadable (a problem is added)."""
        given = [(k.arg, k.value) for k in call.keywords if k.arg in ("shape", "input_shape", "batch_shape")]
        found = None
        for key, node in [("shape", call.args[0])] if call.args else given:
            try:
                shape = list(self.value(node))
            except (ValueError, TypeError) as error:
                why = f" ({error})" if isinstance(error, ValueError) else ""
                self.problems.append(Problem(self.field, f"line {call.lineno}: Input shape must be literal sizes{why}"))
                return None
            found = self.input_shape = shape[1:] if key == "batch_shape" else shape
        return found

    def layer(self, node: ast.expr) -> None:
        if isinstance(node, ast.Name) and node.id in self.objects:  # Sequential([dense, ...]), model.add(dense)
            self.used.add(node.id)
            self.layers.append(self.objects[node.id][0])
            return
        try:
            self.layers.append(self.entry(node))
        except ValueError as error:
            self.problems.append(Problem(self.field, f"line {getattr(node, 'lineno', '?')}: {error}"))

    def is_application(self, call: ast.Call) -> bool:
        """`Dense(8)(x)` or `dense(x)`, `dense` a layer kept earlier."""
        if isinstance(call.func, ast.Name) and call.func.id in self.objects:
            return True
        if not isinstance(call.func, ast.Call):
            return False
        return self.is_layer(_name(call.func.func)) or self.takes_tensors(call)

    def takes_tensors(self, call: ast.Call) -> bool:
        return any(map(self.is_tensor, _tensor_arguments(call)))

    def is_tensor(self, node: ast.expr) -> bool:
        """An Input or a layer's output, by name or made in place (nothing is read yet)."""
        if isinstance(node, ast.Name):
            return node.id in self.tensors
        return isinstance(node, ast.Call) and (_name(node.func) in INPUTS or self.is_application(node))

    def apply(self, call: ast.Call) -> _Tensor:
        """A layer applied to one tensor: the next link of the chain. Raises ValueError."""
        if isinstance(call.func, ast.Name):
            name = call.func.id
            if name in self.used:
                raise ValueError(f"{name} is applied twice (its weights shared): {CHAIN}")
            self.used.add(name)
            entry, shown = self.objects[name][0], name
        else:
            assert isinstance(call.func, ast.Call)  # is_application: Dense(8)(x)
            entry = self.entry(call.func) if self.is_layer(_name(call.func.func)) else None
            shown = _name(call.func.func)
        sources: list[_Tensor] = []
        for argument in _tensor_arguments(call):
            tensor = self.tensor(argument)
            if tensor is not None and all(tensor is not known for known in sources):
                sources.append(tensor)
        if any(source.broken for source in sources):  # its problem is already told
            return _Tensor(call.lineno, broken=True)
        if len(sources) > 1:
            raise ValueError(f"{shown} takes {len(sources)} tensors: {CHAIN}")
        if entry is None:
            raise ValueError(f"{shown}(...) is not a keras layer grader can count")
        if not sources:
            raise ValueError(f"{shown} is applied to {_shown(call.args[0]) if call.args else 'nothing'}, which is "
                             "not an Input or a layer's output")  # fmt: skip
        tensor = _Tensor(call.lineno, entry, sources[0])
        self.applied.append(tensor)
        return tensor

    def tensor(self, node: ast.expr) -> _Tensor | None:
        """The tensor an argument names: an Input or a layer's output, by name or applied in place."""
        if isinstance(node, ast.Name):
            return self.tensors.get(node.id)
        if isinstance(node, ast.Call) and _name(node.func) in INPUTS:
            return _Tensor(node.lineno, shape=self.input(node))
        if isinstance(node, ast.Call) and self.is_application(node):
            return self.apply(node)
        return None

    def functional(self, *, sequential: bool) -> None:
        """The layers from the model's input to its output, when they are a chain."""
        where = f"line {self.model.lineno}: " if self.model is not None else ""
        try:
            if sequential:
                raise ValueError("the code builds a Sequential model and a functional one; give one")
            self.layers, self.input_shape = self.chain()
        except _LinkError as error:
            self.problems.append(Problem(self.field, f"line {error.lineno}: {error}"))
        except ValueError as error:
            self.problems.append(Problem(self.field, f"{where}{error}"))

    def chain(self) -> tuple[list[Any], list[int | None] | None]:
        """The entries from the input to the output, and the input's shape. Raises ValueError."""
        for end, tensors in self.ends.items():
            if len(tensors) != 1:
                raise ValueError(f"the model has {len(tensors)} {end}: {CHAIN}")
        last = self.applied[-1] if self.applied else None
        output = self.ends["outputs"][0] if "outputs" in self.ends else last
        if output is None or output.source is None:
            raise ValueError("the model's outputs are not a layer's output")
        chain = [output]
        while chain[-1].source is not None:
            chain.append(chain[-1].source)
        root = chain.pop()
        if "inputs" in self.ends and self.ends["inputs"][0] is not root:
            raise ValueError("the model's outputs do not come from its inputs")
        for tensor in self.applied:
            if tensor.source in (root, *chain) and tensor not in chain:
                raise _LinkError(f"this layer takes a tensor that another layer of the model takes too: {CHAIN}",
                                 tensor.lineno)  # fmt: skip
        return [tensor.entry for tensor in reversed(chain)], root.shape

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
        if isinstance(node, ast.Name) and node.id in self.objects:  # layer = ...; TransformerEncoder(layer, 6)
            self.used.add(node.id)  # the argument of a layer, not a layer of the model
            return self.objects[node.id][0]
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


class _LinkError(ValueError):
    """A chain broken at a line of its own."""

    def __init__(self, message: str, lineno: int) -> None:
        super().__init__(message)
        self.lineno = lineno


@dataclass(eq=False)
class _Tensor:
    """An Input (`entry` None, its `shape`) or a layer's output (the layer's entry, its input `source`)."""

    lineno: int
    entry: Any = None
    source: _Tensor | None = None
    shape: list[int | None] | None = None
    broken: bool = False  # a layer that could not be read: what it feeds is not told again


def _tensor_arguments(call: ast.Call) -> list[ast.expr]:
    """What a layer is called on: its positional arguments (lists opened) and query=, value=, key=, inputs=."""
    nodes = [*call.args, *(k.value for k in call.keywords if k.arg in TENSOR_KEYWORDS)]
    return [item for node in nodes for item in (node.elts if isinstance(node, ast.List | ast.Tuple) else [node])]


def _model_ends(call: ast.Call) -> dict[str, list[ast.expr]]:
    """keras.Model(inputs, outputs) or keras.Model(inputs=..., outputs=...), each a list of what is given."""
    ends = dict(zip(("inputs", "outputs"), call.args, strict=False))
    ends.update((k.arg, k.value) for k in call.keywords if k.arg in ("inputs", "outputs"))
    return {end: node.elts if isinstance(node, ast.List | ast.Tuple) else [node] for end, node in ends.items()}


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
