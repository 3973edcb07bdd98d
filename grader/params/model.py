"""Count a model's parameters layer by layer, each layer's input size flowing from the layer before."""

from __future__ import annotations

import re
from collections import Counter as Tally
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.errors import ModelError, Problem
from grader.params import keras
from grader.params.base import NORMAL, Counted, LayerKind, LayerProblem, Shape, Tweak, show_shape, suggest
from grader.params.frameworks import FRAMEWORKS
from grader.params.spec import ModelSpec

# Layers that read a sequence: `input_dim` is then the size of one step.
SEQUENCE_LAYERS = {"SimpleRNN", "LSTM", "GRU", "RNN", "Bidirectional", "TimeDistributed", "VanillaRNN", "Conv1D",
                   "Conv1DTranspose", "SeparableConv1D", "DepthwiseConv1D", "MaxPooling1D", "AveragePooling1D",
                   "GlobalAveragePooling1D", "GlobalMaxPooling1D", "UpSampling1D", "ZeroPadding1D", "Cropping1D",
                   "SpatialDropout1D", "MultiHeadAttention", "Attention", "AdditiveAttention"}  # fmt: skip


@dataclass(frozen=True)
class Layer:
    """One layer of a model, its arguments bound by name."""

    index: int
    type: str
    name: str
    kind: LayerKind
    args: dict[str, Any]
    inner: tuple[str, LayerKind, dict[str, Any]] | None = None  # the layer a wrapper wraps


@dataclass(frozen=True)
class LayerCount:
    """One layer's parameters."""

    index: int
    type: str
    name: str
    params: int
    formula: str
    input: Shape
    output: Shape


@dataclass(frozen=True)
class ModelCount:
    """A model's parameters, per layer and in total."""

    framework: str
    layers: tuple[LayerCount, ...]

    @property
    def total(self) -> int:
        """The sum over all layers."""
        return sum(layer.params for layer in self.layers)

    def select(self, indexes: Sequence[int]) -> int:
        """The sum over some layers."""
        return sum(self.layers[index].params for index in indexes)


def read_layers(spec: ModelSpec) -> tuple[str, list[Layer], Shape]:
    """The framework, the spec's layers with bound arguments, and the input shape. Raises ModelError listing
    every problem."""
    if spec.keras_code is not None or spec.pytorch_code is not None:
        from grader.params.code import spec_from_code

        spec = spec_from_code(spec)
    table = FRAMEWORKS[spec.framework]
    layers: list[Layer] = []
    problems: list[Problem] = []
    names: Tally[str] = Tally()
    for index, entry in enumerate(spec.layers):
        try:
            layer_type, kind, args, inner = _bind(entry, table.LAYERS, table.ALIASES, spec.framework)
        except LayerProblem as problem:
            problems.append(Problem(f"layers[{index}]", str(problem)))
            continue
        if inner is not None and not inner[2].get("name"):  # Keras names the wrapped layer first: lstm, then ...
            _auto_name(inner[0], names)
        name = args.get("name") or _auto_name(layer_type, names)
        layers.append(Layer(index, layer_type, str(name), kind, args, inner))
    if problems:
        raise ModelError(problems)
    return spec.framework, layers, _input_shape(spec, layers)


def count_model(spec: ModelSpec, tweaks: Mapping[int, Tweak] | None = None) -> ModelCount:
    """Every layer's count. `tweaks` applies misconceptions to some layers (diagnosis). Raises ModelError."""
    framework, layers, shape = read_layers(spec)
    return count_layers(framework, layers, shape, tweaks or {})


def count_layers(framework: str, layers: list[Layer], shape: Shape, tweaks: Mapping[int, Tweak]) -> ModelCount:
    """The counts of bound layers from an input shape."""
    counted: list[LayerCount] = []
    for layer in layers:
        tweak = tweaks.get(layer.index, NORMAL)
        try:
            result = _count(layer, shape, tweak)
        except LayerProblem as problem:
            raise ModelError([Problem(f"layers[{layer.index}].{layer.type}", str(problem))]) from None
        counted.append(
            LayerCount(layer.index, layer.type, layer.name, result.params, result.formula, shape, result.output)
        )
        shape = result.output
    return ModelCount(framework, tuple(counted))


def _count(layer: Layer, shape: Shape, tweak: Tweak) -> Counted:
    if layer.inner is None:
        return layer.kind.count(layer.args, shape, tweak)
    _, inner_kind, inner_args = layer.inner
    return keras.wrapped_count(layer.type, (inner_kind, inner_args), layer.args, shape, tweak)


def _bind(
    entry: Any, table: Mapping[str, LayerKind], aliases: Mapping[str, str], framework: str
) -> tuple[str, LayerKind, dict[str, Any], tuple[str, LayerKind, dict[str, Any]] | None]:
    layer_type, positional, kwargs = _entry(entry)
    layer_type = aliases.get(layer_type, layer_type)
    if layer_type not in table:
        hint = suggest(layer_type, table) or f"; the {framework} layers are {', '.join(sorted(table))}"
        raise LayerProblem(f"unknown {framework} layer {layer_type!r}{hint}")
    kind = table[layer_type]
    args = kind.signature.bind(layer_type, positional, kwargs)
    inner = None
    if kind.wraps:
        inner_type, inner_kind, inner_args, nested = _bind(args["layer"], table, aliases, framework)
        if nested is not None:
            raise LayerProblem(f"{layer_type} cannot wrap another wrapper ({inner_type})")
        if layer_type == "Bidirectional" and inner_type not in ("SimpleRNN", "LSTM", "GRU"):
            raise LayerProblem(f"Bidirectional wraps a recurrent layer (SimpleRNN, LSTM, GRU), not {inner_type}")
        inner = (inner_type, inner_kind, inner_args)
    return layer_type, kind, args, inner


def _entry(entry: Any) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """`Name: {args}`, `Name:` or `Name`."""
    if isinstance(entry, str):
        return entry, (), {}
    if isinstance(entry, Mapping) and len(entry) == 1:
        ((layer_type, args),) = entry.items()
        if args is None:
            return str(layer_type), (), {}
        if isinstance(args, Mapping):
            return str(layer_type), (), dict(args)
        raise LayerProblem(f"{layer_type}: write its arguments as a mapping, e.g. {layer_type}: {{units: 32}}")
    raise LayerProblem("each layer is one `Name: {arguments}` entry")


def _auto_name(layer_type: str, seen: Tally[str]) -> str:
    """Keras's default names, as keras.src.utils.naming makes them: `dense`, `dense_1`, `conv2d`,
    `max_pooling2d`, `conv2d_transpose`, `multi_head_attention`, `re_lu`."""
    base = re.sub(r"\W+", "", layer_type)
    base = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", base)
    base = re.sub(r"([a-z])([A-Z])", r"\1_\2", base).lower()
    number = seen[base]
    seen[base] += 1
    return base if number == 0 else f"{base}_{number}"


def _input_shape(spec: ModelSpec, layers: list[Layer]) -> Shape:
    if spec.input_shape is not None:
        return tuple(spec.input_shape)
    if spec.input_dim is not None:
        sequence = layers and layers[0].type in SEQUENCE_LAYERS
        return (None, spec.input_dim) if sequence else (spec.input_dim,)
    if layers:
        first = layers[0].args
        if first.get("input_shape") is not None:
            return tuple(first["input_shape"])
        if first.get("input_dim") is not None and layers[0].type != "Embedding":
            sequence = layers[0].type in SEQUENCE_LAYERS
            return (None, first["input_dim"]) if sequence else (first["input_dim"],)
        if layers[0].type == "Embedding" and first.get("input_length"):
            return (first["input_length"],)
    return (None,)


def describe(count: ModelCount) -> list[tuple[str, str, str, str]]:
    """Rows of a `model.summary()`-like table: layer, output shape, formula, count."""
    return [
        (f"{layer.name} ({layer.type})", show_shape(layer.output), layer.formula, f"{layer.params:,}")
        for layer in count.layers
    ]
