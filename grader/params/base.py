"""What every framework's layer table shares: shapes, tweaks for diagnosis, per-layer results, signatures."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from math import prod
from typing import Any

Shape = tuple[int | None, ...]  # a layer's output without the batch axis; None where any size goes (time steps)
DEVICE = ("device", "dtype")  # the factory keywords every PyTorch module takes


class LayerProblem(Exception):
    """A layer that cannot be counted; the model reader adds where it is."""


@dataclass(frozen=True)
class Tweak:
    """A misconception applied to one layer's count (diagnosis only; shapes still flow as they should)."""

    bias: str = "normal"  # "none": biases left out; "double": two per gate; "single": one per gate (PyTorch);
    # "no-output-bias" / "no-input-bias": an attention layer's output projection's bias, or its q, k, v biases, left out
    gates: int | None = None  # an LSTM counted with 3 gates, a GRU with 4
    recurrent: bool = True  # False: the recurrent matrix forgotten
    input_size: int | None = None  # the layer counted with this many inputs
    single_direction: bool = False  # a bidirectional layer counted once
    length: int | None = None  # an Embedding multiplied by the input length


NORMAL = Tweak()


@dataclass(frozen=True)
class Counted:
    """One layer's count: the number, the formula with its numbers, and the output shape."""

    params: int
    formula: str
    output: Shape


@dataclass(frozen=True)
class Signature:
    """A layer's constructor: positional argument names in order, every other accepted name, defaults."""

    positional: tuple[str, ...]
    others: frozenset[str] = frozenset()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    required: tuple[str, ...] = ()

    def bind(self, layer: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The arguments by name, defaults filled in. Raises LayerProblem naming what is wrong."""
        if len(args) > len(self.positional):
            raise LayerProblem(f"{layer} takes at most {len(self.positional)} positional arguments, got {len(args)}")
        bound = dict(zip(self.positional, args, strict=False))
        known = set(self.positional) | self.others
        for name, value in kwargs.items():
            if name not in known:
                hint = suggest(name, known) or "; use the constructor's own argument names"
                raise LayerProblem(f"{layer} has no argument {name!r}{hint}")
            if name in bound:
                raise LayerProblem(f"{layer} got {name!r} twice")
            bound[name] = value
        missing = [name for name in self.required if name not in bound]
        if missing:
            raise LayerProblem(f"{layer} needs {', '.join(missing)}")
        return {**self.defaults, **bound}


Counter = Callable[[dict[str, Any], Shape, Tweak], Counted]


@dataclass(frozen=True)
class LayerKind:
    """A layer type of one framework: its constructor and how to count it."""

    signature: Signature
    count: Counter
    wraps: bool = False  # Bidirectional, TimeDistributed: `layer` is another layer spec


def positive(args: Mapping[str, Any], name: str, layer: str) -> int:
    """A positive whole-number argument."""
    value = args.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise LayerProblem(f"{layer}: {name} must be a positive whole number, got {value!r}")
    return value


def flag(args: Mapping[str, Any], name: str, layer: str) -> bool:
    """A true/false argument."""
    value = args.get(name)
    if not isinstance(value, bool):
        raise LayerProblem(f"{layer}: {name} must be true or false, got {value!r}")
    return value


def pair(value: Any, name: str, layer: str, rank: int) -> tuple[int, ...]:
    """A size given as one number or as `rank` numbers (kernel sizes, strides)."""
    values = (value,) * rank if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(values, list | tuple) or len(values) != rank:
        raise LayerProblem(f"{layer}: {name} must be a number or {rank} numbers, got {value!r}")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
        raise LayerProblem(f"{layer}: {name} must hold positive whole numbers, got {value!r}")
    return tuple(values)


def features(shape: Shape, layer: str) -> int:
    """The size of the last axis, which a layer needs to know."""
    if not shape or shape[-1] is None:
        raise LayerProblem(
            f"{layer} needs the size of its input: give `input_dim` (or `input_shape`) for the model, "
            "or put a layer before it"
        )
    return shape[-1]


def flat(shape: Shape, layer: str) -> int:
    """The number of values in one example, which Flatten needs."""
    if any(size is None for size in shape):
        raise LayerProblem(f"{layer} needs every input size, but the input is {show_shape(shape)}")
    return prod(size for size in shape if size is not None)


def show_shape(shape: Shape) -> str:
    """`(None, 200, 16)`: Keras's way, with the batch axis."""
    return "(" + ", ".join("None" if size is None else str(size) for size in (None, *shape)) + ")"


def times(*factors: int | str) -> str:
    """`32 × 256`."""
    return " × ".join(str(f) for f in factors)


def suggest(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'units'?` when a close spelling exists."""
    close = difflib.get_close_matches(word, list(choices), n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def embedding(words: int, size: int, shape: Shape, tweak: Tweak) -> Counted:
    """An Embedding's lookup table, `words` rows of `size` (Keras and PyTorch alike)."""
    words = tweak.input_size or words
    params, formula = words * size, times(words, size)
    if tweak.length:
        params, formula = params * tweak.length, times(words, size, tweak.length)
    if tweak.bias == "added":
        params, formula = params + size, f"{formula} + {size}"
    return Counted(params, formula, (*(shape or (None,)), size))
