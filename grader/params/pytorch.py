"""PyTorch modules: constructor arguments as `torch.nn` names them, and `sum(p.numel() for p in m.parameters())`.

PyTorch constructors name their input sizes (`in_features`, `input_size`, ...); where the previous layer's
output is known and differs, the spec is an error, as the model would fail on its first batch. Buffers
(BatchNorm's running statistics) are not parameters and are not counted. Shapes are channels-first, without
the batch axis: (C, L), (C, H, W). Convolutions and pooling are in `pytorch_conv`, attention and the
Transformer modules in `pytorch_transformer`.
"""

from __future__ import annotations

from math import prod
from typing import Any

from grader.params.base import (
    DEVICE,
    Counted,
    LayerKind,
    LayerProblem,
    Shape,
    Signature,
    Tweak,
    embedding,
    flag,
    pair,
    positive,
    show_shape,
    times,
)
from grader.params.pytorch_conv import CONV_LAYERS
from grader.params.pytorch_transformer import check_features as _check_input
from grader.params.pytorch_transformer import transformer_layers

RECURRENT_OTHERS = frozenset({*DEVICE, "nonlinearity", "bias", "batch_first", "dropout", "bidirectional", "proj_size"})
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def _linear(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    given = positive(args, "in_features", "Linear")
    inputs, units = tweak.input_size or given, positive(args, "out_features", "Linear")
    bias = flag(args, "bias", "Linear") and tweak.bias != "none"
    formula = times(inputs, units) + (f" + {units}" if bias else "")
    return Counted(inputs * units + (units if bias else 0), formula, _linear_output(given, units, shape))


def _linear_output(given: int, units: int, shape: Shape) -> Shape:
    """A Linear maps the last axis. After a convolution, in_features may also be the channels (pooled over
    in forward()) or every value (flattened in forward()): the output is then `units` alone."""
    if not shape or shape[-1] is None or shape[-1] == given:
        return (*shape[:-1], units)
    if len(shape) > 1 and (shape[0] == given or (None not in shape and prod(s or 0 for s in shape) == given)):
        return (units,)
    if len(shape) > 1:
        raise LayerProblem(
            f"Linear: in_features={given}, but the layer before gives {show_shape(shape)}: {shape[-1]} features "
            "on the last axis (flatten or pool in forward() and in_features is the values or channels left)"
        )
    _check_input(given, shape, "Linear", "in_features")
    return (units,)


def _embedding(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return embedding(
        positive(args, "num_embeddings", "Embedding"), positive(args, "embedding_dim", "Embedding"), shape, tweak
    )


def _recurrent(kind: str) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        given = positive(args, "input_size", kind)
        _check_input(given, shape, kind, "input_size")
        hidden = positive(args, "hidden_size", kind)
        layers = positive(args, "num_layers", kind)
        both = 2 if flag(args, "bidirectional", kind) else 1
        directions = 1 if tweak.single_direction else both
        projection = args.get("proj_size", 0) if kind == "LSTM" else 0
        if isinstance(projection, bool) or not isinstance(projection, int) or not 0 <= projection < hidden:
            raise LayerProblem(
                f"{kind}: proj_size must be a whole number from 0 to hidden_size - 1, got {projection!r}"
            )
        gates = tweak.gates or GATES[kind]
        biases = 2 if flag(args, "bias", kind) else 0
        biases = {"none": 0, "single": 1, "double": 2}.get(tweak.bias, biases)
        state = projection or hidden
        total, terms = 0, []
        for layer in range(layers):
            inputs = (tweak.input_size or given) if layer == 0 else state * directions
            recurrent = gates * hidden * state if tweak.recurrent else 0
            per_direction = gates * hidden * inputs + recurrent + biases * gates * hidden + projection * hidden
            total += directions * per_direction
            inner = f"{hidden} × ({inputs} + {state})" if tweak.recurrent else times(hidden, inputs)
            if biases:
                inner += f" + {biases} × {hidden}" if biases > 1 else f" + {hidden}"
            term = inner if gates == 1 else f"{gates} × ({inner})"
            if projection:
                term += f" + {times(projection, hidden)}"
            terms.append(term if directions == 1 else f"2 × ({term})")
        formula = " + ".join(terms if len(terms) == 1 else (f"({t})" for t in terms))
        sequence = shape[:-1] if len(shape) > 1 else (None,)
        return Counted(total, formula, (*sequence, both * state))

    return count


def _layer_norm(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    normalized = args.get("normalized_shape")
    sizes = pair(
        normalized, "normalized_shape", "LayerNorm", len(normalized) if isinstance(normalized, list | tuple) else 1
    )
    size = prod(sizes)
    vectors = (flag(args, "bias", "LayerNorm") + 1) if flag(args, "elementwise_affine", "LayerNorm") else 0
    return Counted(vectors * size, f"{vectors} × {size}" if vectors else "0", shape)


def _norm(kind: str, size_name: str) -> Any:
    """BatchNorm, InstanceNorm, GroupNorm: a weight and a bias per channel when affine (`bias=False`: the weight
    alone). Running mean and variance are buffers, not parameters."""

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        size = positive(args, size_name, kind)
        if kind == "GroupNorm" and size % positive(args, "num_groups", kind):
            raise LayerProblem(f"GroupNorm: num_channels={size} must be divisible by num_groups={args['num_groups']}")
        if shape and shape[0] is not None and size not in (shape[0], shape[-1]):
            raise LayerProblem(f"{kind}: {size_name}={size}, but the layer before gives {show_shape(shape)}")
        if kind.startswith("InstanceNorm") and len(shape) > 1 and all(axis == 1 for axis in shape[1:]):
            raise LayerProblem(f"{kind} needs more than one value per channel, got {show_shape(shape)}")
        vectors = 1 + flag(args, "bias", kind) if flag(args, "affine", kind) else 0
        what = " (weight and bias)" if vectors == 2 else " (weight)" if vectors else ""
        return Counted(vectors * size, f"{vectors} × {size}{what}" if vectors else "0", shape)

    return count


def _free(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return Counted(0, "0", shape)


def _flatten(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    known = [size for size in shape if size is not None]
    return Counted(0, "0", (prod(known),) if len(known) == len(shape) else (None,))


RECURRENT = {
    kind: LayerKind(
        Signature(
            ("input_size", "hidden_size", "num_layers", *(("nonlinearity",) if kind == "RNN" else ()), "bias",
             "batch_first", "dropout", "bidirectional", *(("proj_size",) if kind == "LSTM" else ())),
            RECURRENT_OTHERS,
            {"num_layers": 1, "bias": True, "bidirectional": False, "proj_size": 0},
            ("input_size", "hidden_size"),
        ),
        _recurrent(kind),
    )
    for kind in GATES
}  # fmt: skip
NORM = ("eps", "momentum", "affine", "track_running_stats", *DEVICE)


def _norm_kind(kind: str, affine: bool) -> LayerKind:
    """BatchNorm1d/2d (affine by default) and InstanceNorm1d/2d (not): the same constructor."""
    defaults = {"affine": affine, "bias": True}
    return LayerKind(
        Signature(("num_features", *NORM), frozenset({"bias"}), defaults, ("num_features",)),
        _norm(kind, "num_features"),
    )


def _free_kind(*positional: str) -> LayerKind:
    """A module without parameters that keeps its input's shape (activations, dropout)."""
    return LayerKind(Signature(positional), _free)


LAYERS: dict[str, LayerKind] = {
    "Linear": LayerKind(
        Signature(("in_features", "out_features", "bias", *DEVICE), frozenset(), {"bias": True},
                  ("in_features", "out_features")),
        _linear,
    ),
    "Embedding": LayerKind(
        Signature(
            ("num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse",
             "_weight", "_freeze", *DEVICE),
            frozenset(),
            {},
            ("num_embeddings", "embedding_dim"),
        ),
        _embedding,
    ),
    **RECURRENT,
    **CONV_LAYERS,
    "LayerNorm": LayerKind(
        Signature(
            ("normalized_shape", "eps", "elementwise_affine", "bias", *DEVICE),
            frozenset(),
            {"elementwise_affine": True, "bias": True},
            ("normalized_shape",),
        ),
        _layer_norm,
    ),
    "BatchNorm1d": _norm_kind("BatchNorm1d", True),
    "BatchNorm2d": _norm_kind("BatchNorm2d", True),
    "InstanceNorm1d": _norm_kind("InstanceNorm1d", False),
    "InstanceNorm2d": _norm_kind("InstanceNorm2d", False),
    "GroupNorm": LayerKind(
        Signature(("num_groups", "num_channels", "eps", "affine", *DEVICE), frozenset({"bias"}),
                  {"affine": True, "bias": True}, ("num_groups", "num_channels")),
        _norm("GroupNorm", "num_channels"),
    ),
    **transformer_layers(lambda: LAYERS),  # a TransformerEncoder's norm, a Transformer's custom_encoder
    "Dropout": _free_kind("p", "inplace"),
    "Dropout1d": _free_kind("p", "inplace"),
    "Dropout2d": _free_kind("p", "inplace"),
    "ReLU": _free_kind("inplace"),
    "LeakyReLU": _free_kind("negative_slope", "inplace"),
    "ELU": _free_kind("alpha", "inplace"),
    "GELU": _free_kind("approximate"),
    "SiLU": _free_kind("inplace"),
    "Softmax": _free_kind("dim"),
    "LogSoftmax": _free_kind("dim"),
    "Tanh": _free_kind(),
    "Sigmoid": _free_kind(),
    "Identity": _free_kind(),
    "Flatten": LayerKind(Signature(("start_dim", "end_dim")), _flatten),
}  # fmt: skip
ALIASES: dict[str, str] = {}
