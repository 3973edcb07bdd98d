"""Keras layers: constructor arguments as Keras names them, and the count `model.summary()` reports.

Sizes flow channels-last: a layer's input size is the last axis of the previous layer's output. A count
is what Keras's Total params shows, non-trainable weights included (BatchNormalization's moving mean and
variance).
"""

from __future__ import annotations

from math import ceil
from typing import Any

from grader.params.base import (
    NORMAL,
    Counted,
    LayerKind,
    LayerProblem,
    Shape,
    Signature,
    Tweak,
    embedding,
    features,
    flag,
    flat,
    pair,
    positive,
    times,
)

COMMON = frozenset(
    {"name", "dtype", "trainable", "input_shape", "batch_input_shape", "batch_size", "input_dim", "input_length"}
)
INITIALIZERS = frozenset(
    {
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
        "lora_rank",
        "lora_alpha",
        "quantization_config",
    }
)
RECURRENT_OTHERS = INITIALIZERS | {
    "activation", "recurrent_activation", "use_bias", "recurrent_initializer", "unit_forget_bias",
    "recurrent_regularizer", "recurrent_constraint", "dropout", "recurrent_dropout", "seed", "return_sequences",
    "return_state", "go_backwards", "stateful", "unroll", "use_cudnn", "reset_after", "implementation",
    "time_major",
}  # fmt: skip
RECURRENT_DEFAULTS = {"use_bias": True, "return_sequences": False, "reset_after": True}
GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


def _dense(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    units = positive(args, "units", "Dense")
    inputs = tweak.input_size or features(shape, "Dense")
    bias = flag(args, "use_bias", "Dense") and tweak.bias != "none"
    params = inputs * units + (units if bias else 0)
    formula = times(inputs, units) + (f" + {units}" if bias else "")
    return Counted(params, formula, (*shape[:-1], units))


def _embedding(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return embedding(positive(args, "input_dim", "Embedding"), positive(args, "output_dim", "Embedding"), shape, tweak)


def _recurrent(kind: str) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        units = positive(args, "units", kind)
        inputs = tweak.input_size or features(shape, kind)
        gates = tweak.gates or GATES[kind]
        biases = 2 if kind == "GRU" and flag(args, "reset_after", kind) else 1
        if not flag(args, "use_bias", kind) or tweak.bias == "none":
            biases = 0
        elif tweak.bias == "double":
            biases = 2
        elif tweak.bias == "single":
            biases = 1
        weights = f"{units} × ({inputs} + {units})" if tweak.recurrent else times(units, inputs)
        per_gate = units * inputs + (units * units if tweak.recurrent else 0) + biases * units
        bias_text = "" if not biases else f" + {units}" if biases == 1 else f" + {biases} × {units}"
        inner = weights + bias_text
        formula = inner if gates == 1 else f"{gates} × ({inner})"
        sequence = shape[:-1] if len(shape) > 1 else (None,)
        output = (*sequence, units) if flag(args, "return_sequences", kind) else (*sequence[:-1], units)
        return Counted(gates * per_gate, formula, output)

    return count


def _normalization(kind: str) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        if args.get("axis", -1) not in (-1, len(shape)):
            raise LayerProblem(f"{kind}: only the last axis is supported, got axis={args['axis']!r}")
        size = tweak.input_size or features(shape, kind)
        center, scale = flag(args, "center", kind), flag(args, "scale", kind)
        if kind == "BatchNormalization":
            vectors, what = 2 + center + scale, "gamma, beta, moving mean and variance"
        elif args.get("rms_scaling"):
            vectors, what = 1, "gamma"
        else:
            vectors, what = center + scale, "gamma and beta"
        return Counted(vectors * size, f"{vectors} × {size}" + (f" ({what})" if vectors else ""), shape)

    return count


def _convolution(rank: int) -> Any:
    kind = f"Conv{rank}D"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        if args.get("data_format") not in (None, "channels_last"):
            raise LayerProblem(f"{kind}: only data_format='channels_last' is supported")
        filters = positive(args, "filters", kind)
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        channels = tweak.input_size or features(shape, kind)
        groups = positive(args, "groups", kind)
        if channels % groups or filters % groups:
            raise LayerProblem(
                f"{kind}: groups={groups} must divide the {channels} input channels and {filters} filters"
            )
        bias = flag(args, "use_bias", kind) and tweak.bias != "none"
        per_filter = [*kernel, channels // groups]
        params = filters * _product(per_filter) + (filters if bias else 0)
        formula = times(*per_filter, filters) + (f" + {filters}" if bias else "")
        strides = pair(args.get("strides", 1), "strides", kind, rank)
        dilation = pair(args.get("dilation_rate", 1), "dilation_rate", kind, rank)
        spatial = _spatial(shape, rank, kernel, strides, dilation, str(args.get("padding", "valid")), kind)
        return Counted(params, formula, (*spatial, filters))

    return count


def _pooling(rank: int, global_: bool) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        if global_:
            keep = args.get("keepdims", False)
            return Counted(0, "0", (*(1,) * rank, shape[-1]) if keep else (shape[-1],))
        size = pair(args.get("pool_size", 2), "pool_size", "pooling", rank)
        strides = pair(args.get("strides") or size, "strides", "pooling", rank)
        spatial = _spatial(shape, rank, size, strides, (1,) * rank, str(args.get("padding", "valid")), "pooling")
        return Counted(0, "0", (*spatial, shape[-1]))

    return count


def _spatial(
    shape: Shape,
    rank: int,
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    dilation: tuple[int, ...],
    padding: str,
    kind: str,
) -> Shape:
    if len(shape) != rank + 1:
        raise LayerProblem(f"{kind} needs inputs of {rank + 1} axes (without the batch), got {len(shape)}")
    sizes: list[int | None] = []
    for size, k, s, d in zip(shape[:-1], kernel, strides, dilation, strict=True):
        if size is None:
            sizes.append(None)
        elif padding in ("same", "causal"):
            sizes.append(ceil(size / s))
        elif padding == "valid":
            sizes.append((size - d * (k - 1) - 1) // s + 1)
        else:
            raise LayerProblem(f"{kind}: padding must be 'valid', 'same' or 'causal', got {padding!r}")
    return tuple(sizes)


def _product(values: list[int]) -> int:
    result = 1
    for value in values:
        result *= value
    return result


def _free(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return Counted(0, "0", shape)


def _flatten(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return Counted(0, "0", (flat(shape, "Flatten"),))


def wrapped_count(
    kind: str, inner: tuple[LayerKind, dict[str, Any]], args: dict[str, Any], shape: Shape, tweak: Tweak
) -> Counted:
    """Bidirectional and TimeDistributed: the wrapped layer's count, doubled or applied at each step."""
    layer, inner_args = inner
    if kind == "TimeDistributed":
        if not shape:
            raise LayerProblem("TimeDistributed needs a sequence as input")
        counted = layer.count(inner_args, shape[1:], tweak)
        return Counted(counted.params, counted.formula, (shape[0], *counted.output))
    mode = args.get("merge_mode", "concat")
    if mode not in ("concat", "sum", "mul", "ave"):
        raise LayerProblem(f"Bidirectional: merge_mode must be concat, sum, mul or ave, got {mode!r}")
    counted = layer.count(inner_args, shape, NORMAL if tweak.single_direction else tweak)
    size = counted.output[-1]
    assert size is not None  # a recurrent layer's output size is its units
    output = (*counted.output[:-1], size * 2) if mode == "concat" else counted.output
    if tweak.single_direction:  # the misconception counts one direction; the output is still both
        return Counted(counted.params, counted.formula, output)
    return Counted(2 * counted.params, f"2 × ({counted.formula})", output)


RECURRENT = {
    kind: LayerKind(Signature(("units",), RECURRENT_OTHERS | COMMON, RECURRENT_DEFAULTS, ("units",)), _recurrent(kind))
    for kind in GATES
}
CONV_OTHERS = (
    INITIALIZERS | COMMON | {"activation", "use_bias", "strides", "padding", "data_format", "dilation_rate", "groups"}
)


def _conv_kind(rank: int) -> LayerKind:
    """Conv1D or Conv2D: the same arguments, counted in `rank` dimensions."""
    return LayerKind(
        Signature(
            ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups"),
            CONV_OTHERS,
            {"use_bias": True, "groups": 1},
            ("filters", "kernel_size"),
        ),
        _convolution(rank),
    )


LAYERS: dict[str, LayerKind] = {
    "Dense": LayerKind(
        Signature(("units", "activation", "use_bias"), INITIALIZERS | COMMON, {"use_bias": True}, ("units",)), _dense
    ),
    "Embedding": LayerKind(
        Signature(
            ("input_dim", "output_dim"),
            COMMON
            | {"embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero", "weights"}
            | {"lora_rank", "lora_alpha", "activity_regularizer", "sparse"},
            {},
            ("input_dim", "output_dim"),
        ),
        _embedding,
    ),
    **RECURRENT,
    "Conv1D": _conv_kind(1),
    "Conv2D": _conv_kind(2),
    "BatchNormalization": LayerKind(
        Signature(
            ("axis", "momentum", "epsilon", "center", "scale"),
            COMMON
            | {
                "beta_initializer",
                "gamma_initializer",
                "moving_mean_initializer",
                "moving_variance_initializer",
                "beta_regularizer",
                "gamma_regularizer",
                "beta_constraint",
                "gamma_constraint",
                "synchronized",
                "renorm",
                "renorm_clipping",
                "renorm_momentum",
            },
            {"center": True, "scale": True},
        ),
        _normalization("BatchNormalization"),
    ),
    "LayerNormalization": LayerKind(
        Signature(
            ("axis", "epsilon", "center", "scale", "rms_scaling"),
            COMMON
            | {
                "beta_initializer",
                "gamma_initializer",
                "beta_regularizer",
                "gamma_regularizer",
                "beta_constraint",
                "gamma_constraint",
            },
            {"center": True, "scale": True},
        ),
        _normalization("LayerNormalization"),
    ),
    "Flatten": LayerKind(Signature(("data_format",), COMMON), _flatten),
    "Dropout": LayerKind(Signature(("rate", "noise_shape", "seed"), COMMON), _free),
    "SpatialDropout1D": LayerKind(Signature(("rate", "seed"), COMMON), _free),
    "Activation": LayerKind(Signature(("activation",), COMMON), _free),
    "ReLU": LayerKind(Signature(("max_value", "negative_slope", "threshold"), COMMON), _free),
    "MaxPooling1D": LayerKind(
        Signature(("pool_size", "strides", "padding", "data_format"), COMMON), _pooling(1, False)
    ),
    "MaxPooling2D": LayerKind(
        Signature(("pool_size", "strides", "padding", "data_format"), COMMON), _pooling(2, False)
    ),
    "AveragePooling1D": LayerKind(
        Signature(("pool_size", "strides", "padding", "data_format"), COMMON), _pooling(1, False)
    ),
    "AveragePooling2D": LayerKind(
        Signature(("pool_size", "strides", "padding", "data_format"), COMMON), _pooling(2, False)
    ),
    "GlobalAveragePooling1D": LayerKind(Signature(("data_format", "keepdims"), COMMON), _pooling(1, True)),
    "GlobalMaxPooling1D": LayerKind(Signature(("data_format", "keepdims"), COMMON), _pooling(1, True)),
    "GlobalAveragePooling2D": LayerKind(Signature(("data_format", "keepdims"), COMMON), _pooling(2, True)),
    "GlobalMaxPooling2D": LayerKind(Signature(("data_format", "keepdims"), COMMON), _pooling(2, True)),
    "Bidirectional": LayerKind(
        Signature(("layer", "merge_mode", "weights", "backward_layer"), COMMON, {"merge_mode": "concat"}, ("layer",)),
        _free,
        wraps=True,
    ),
    "TimeDistributed": LayerKind(Signature(("layer",), COMMON, {}, ("layer",)), _free, wraps=True),
}
ALIASES = {"CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU", "Convolution1D": "Conv1D", "Convolution2D": "Conv2D"}
