"""Keras layers: constructor arguments as Keras names them, and the count `model.summary()` reports.

Sizes flow channels-last: a layer's input size is the last axis of the previous layer's output. A count
is what Keras's Total params shows, non-trainable weights included (BatchNormalization's moving mean and
variance). Layers over a grid (convolutions, pooling, padding) are in `keras_grid`, attention layers in
`keras_attention`; LAYERS holds them all, each constructor as keras.layers has it (tests/params/
test_frameworks_keras.py compares them with Keras 3 where it is installed).
"""

from __future__ import annotations

from math import prod
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
    positive,
    show_shape,
    times,
)
from grader.params.keras_attention import ATTENTION
from grader.params.keras_common import COMMON, INITIALIZERS, whole
from grader.params.keras_grid import GRID, GRID_ALIASES

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


def _free(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return Counted(0, "0", shape)


def _flatten(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    return Counted(0, "0", (flat(shape, "Flatten"),))


def _reshape(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    """`target_shape` with at most one -1, which takes what is left; the number of values must not change."""
    target = args.get("target_shape")
    if not isinstance(target, list | tuple) or not all(whole(v) and (v > 0 or v == -1) for v in target):
        raise LayerProblem(f"Reshape: target_shape must be sizes (one may be -1), got {target!r}")
    if list(target).count(-1) > 1:
        raise LayerProblem(f"Reshape: only one size of target_shape can be -1, got {tuple(target)}")
    known = prod(v for v in target if v != -1)
    if None in shape:
        return Counted(0, "0", tuple(None if v == -1 else v for v in target))
    values = prod(v for v in shape if v is not None)
    if -1 not in target and values != known:
        raise LayerProblem(
            f"Reshape: target_shape {tuple(target)} holds {known:,} values, but the input {show_shape(shape)} "
            f"holds {values:,}"
        )
    if values % known:
        raise LayerProblem(
            f"Reshape: the input {show_shape(shape)} holds {values:,} values, which {tuple(target)} cannot hold: "
            f"{values:,} is not a multiple of {known:,}"
        )
    return Counted(0, "0", tuple(values // known if v == -1 else v for v in target))


def _permute(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    dims = args.get("dims")
    if not isinstance(dims, list | tuple) or sorted(dims) != list(range(1, len(shape) + 1)):
        raise LayerProblem(f"Permute: dims must order the axes 1 to {len(shape)} of {show_shape(shape)}, got {dims!r}")
    return Counted(0, "0", tuple(shape[d - 1] for d in dims))


def _repeat(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    if len(shape) != 1:
        raise LayerProblem(f"RepeatVector repeats a vector, but the input is {show_shape(shape)}")
    return Counted(0, "0", (positive(args, "n", "RepeatVector"), *shape))


def _prelu(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    """One slope per input value, except along `shared_axes` (1 is the first axis after the batch)."""
    shared = args.get("shared_axes") or ()
    shared = [shared] if whole(shared) else shared
    if not isinstance(shared, list | tuple) or not all(whole(a) and 1 <= a <= len(shape) for a in shared):
        raise LayerProblem(f"PReLU: shared_axes must be axes 1 to {len(shape)}, got {args['shared_axes']!r}")
    sizes = [1 if axis + 1 in shared else size for axis, size in enumerate(shape)]
    if None in sizes:
        raise LayerProblem(
            f"PReLU needs every input size, but the input is {show_shape(shape)}: share the unknown axes (shared_axes)"
        )
    kept = [size for size in sizes if size is not None]
    return Counted(prod(kept), times(*[s for s in kept if s != 1] or [1]) + " (alpha)", shape)


def _group_normalization(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    kind = "GroupNormalization"
    if args.get("axis", -1) not in (-1, len(shape)):
        raise LayerProblem(f"{kind}: only the last axis is supported, got axis={args['axis']!r}")
    size = tweak.input_size or features(shape, kind)
    groups = args.get("groups", 32)
    groups = size if groups == -1 else groups
    if not whole(groups) or groups <= 0 or size % groups:
        raise LayerProblem(f"{kind}: groups={args.get('groups', 32)!r} must divide the {size} channels")
    vectors = flag(args, "center", kind) + flag(args, "scale", kind)
    return Counted(vectors * size, f"{vectors} × {size}" + (" (gamma and beta)" if vectors == 2 else ""), shape)


def _rms_normalization(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    if args.get("axis", -1) not in (-1, len(shape)):
        raise LayerProblem(f"RMSNormalization: only the last axis is supported, got axis={args['axis']!r}")
    size = tweak.input_size or features(shape, "RMSNormalization")
    return Counted(size, f"{size} (scale)", shape)


def _statistics(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    """Normalization: the mean and variance it adapts to, and a count, unless they are given."""
    axis = args.get("axis", -1)
    if args.get("mean") is not None:
        return Counted(0, "0 (mean and variance given)", shape)
    if axis is None:
        return Counted(3, "1 + 1 + 1 (mean, variance and count)", shape)
    if axis not in (-1, len(shape)):
        raise LayerProblem(f"Normalization: only the last axis (or None) is supported, got axis={axis!r}")
    size = features(shape, "Normalization")
    return Counted(2 * size + 1, f"2 × {size} + 1 (mean, variance and count)", shape)


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


LAYERS: dict[str, LayerKind] = {
    "Dense": LayerKind(
        Signature(("units", "activation", "use_bias"), INITIALIZERS | COMMON, {"use_bias": True}, ("units",)), _dense
    ),
    "Embedding": LayerKind(
        Signature(
            ("input_dim", "output_dim"),
            COMMON
            | {"embeddings_initializer", "embeddings_regularizer", "embeddings_constraint", "mask_zero", "weights"}
            | {"lora_rank", "lora_alpha", "activity_regularizer", "sparse", "quantization_config"},
            {},
            ("input_dim", "output_dim"),
        ),
        _embedding,
    ),
    **RECURRENT,
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
            ("axis", "epsilon", "center", "scale"),
            COMMON
            | {
                "rms_scaling",
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
    "Reshape": LayerKind(Signature(("target_shape",), COMMON, {}, ("target_shape",)), _reshape),
    "Permute": LayerKind(Signature(("dims",), COMMON, {}, ("dims",)), _permute),
    "RepeatVector": LayerKind(Signature(("n",), COMMON, {}, ("n",)), _repeat),
    "Dropout": LayerKind(Signature(("rate", "noise_shape", "seed"), COMMON), _free),
    "SpatialDropout1D": LayerKind(Signature(("rate", "seed"), COMMON), _free),
    **{f"SpatialDropout{r}D": LayerKind(Signature(("rate", "data_format", "seed"), COMMON), _free) for r in (2, 3)},
    "GaussianNoise": LayerKind(Signature(("stddev", "seed"), COMMON, {}, ("stddev",)), _free),
    "GaussianDropout": LayerKind(Signature(("rate", "seed"), COMMON, {}, ("rate",)), _free),
    "AlphaDropout": LayerKind(Signature(("rate", "noise_shape", "seed"), COMMON, {}, ("rate",)), _free),
    "ActivityRegularization": LayerKind(Signature(("l1", "l2"), COMMON), _free),
    "Masking": LayerKind(Signature(("mask_value",), COMMON), _free),
    "Rescaling": LayerKind(Signature(("scale", "offset"), COMMON, {}, ("scale",)), _free),
    "Identity": LayerKind(Signature((), COMMON), _free),
    "Activation": LayerKind(Signature(("activation",), COMMON), _free),
    "ReLU": LayerKind(Signature(("max_value", "negative_slope", "threshold"), COMMON), _free),
    "LeakyReLU": LayerKind(Signature(("negative_slope",), COMMON | {"alpha"}), _free),  # alpha: Keras 2's name
    "ELU": LayerKind(Signature(("alpha",), COMMON), _free),
    "Softmax": LayerKind(Signature(("axis",), COMMON), _free),
    "PReLU": LayerKind(
        Signature(("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"), COMMON), _prelu
    ),
    "UnitNormalization": LayerKind(Signature(("axis",), COMMON), _free),
    "GroupNormalization": LayerKind(
        Signature(
            (
                "groups",
                "axis",
                "epsilon",
                "center",
                "scale",
                "beta_initializer",
                "gamma_initializer",
                "beta_regularizer",
                "gamma_regularizer",
                "beta_constraint",
                "gamma_constraint",
            ),
            COMMON,
            {"groups": 32, "axis": -1, "center": True, "scale": True},
        ),
        _group_normalization,
    ),
    "RMSNormalization": LayerKind(Signature(("axis", "epsilon"), COMMON, {"axis": -1}), _rms_normalization),
    "Normalization": LayerKind(
        Signature(("axis", "mean", "variance", "invert"), COMMON, {"axis": -1, "mean": None}), _statistics
    ),
    **GRID,
    **ATTENTION,
    "Bidirectional": LayerKind(
        Signature(("layer", "merge_mode", "weights", "backward_layer"), COMMON, {"merge_mode": "concat"}, ("layer",)),
        _free,
        wraps=True,
    ),
    "TimeDistributed": LayerKind(Signature(("layer",), COMMON, {}, ("layer",)), _free, wraps=True),
}
ALIASES = {"CuDNNLSTM": "LSTM", "CuDNNGRU": "GRU", **GRID_ALIASES}
