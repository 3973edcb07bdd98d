"""PyTorch modules: constructor arguments as `torch.nn` names them, and `sum(p.numel() for p in m.parameters())`.

PyTorch constructors name their input sizes (`in_features`, `input_size`, ...); where the previous layer's
output is known and differs, the spec is an error, as the model would fail on its first batch. Buffers
(BatchNorm's running statistics) are not parameters and are not counted.
"""

from __future__ import annotations

from math import prod
from typing import Any

from grader.params.base import (
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
    times,
)

DEVICE = frozenset({"device", "dtype"})
RECURRENT_OTHERS = DEVICE | {"nonlinearity", "bias", "batch_first", "dropout", "bidirectional", "proj_size"}
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


def _check_input(given: int, shape: Shape, kind: str, name: str) -> None:
    if shape and shape[-1] is not None and shape[-1] != given:
        raise LayerProblem(f"{kind}: {name}={given}, but the layer before gives {shape[-1]} features")


def _linear(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    given = positive(args, "in_features", "Linear")
    _check_input(given, shape, "Linear", "in_features")
    inputs, units = tweak.input_size or given, positive(args, "out_features", "Linear")
    bias = flag(args, "bias", "Linear") and tweak.bias != "none"
    formula = times(inputs, units) + (f" + {units}" if bias else "")
    return Counted(inputs * units + (units if bias else 0), formula, (*shape[:-1], units))


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


def _convolution(rank: int) -> Any:
    kind = f"Conv{rank}d"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        given = positive(args, "in_channels", kind)
        channels, filters = tweak.input_size or given, positive(args, "out_channels", kind)
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        groups = positive(args, "groups", kind)
        if channels % groups or filters % groups:
            raise LayerProblem(f"{kind}: groups={groups} must divide in_channels={channels} and out_channels={filters}")
        bias = flag(args, "bias", kind) and tweak.bias != "none"
        per_filter = [channels // groups, *kernel]
        params = filters * prod(per_filter) + (filters if bias else 0)
        return Counted(params, times(filters, *per_filter) + (f" + {filters}" if bias else ""), (filters,))

    return count


def _layer_norm(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    normalized = args.get("normalized_shape")
    sizes = pair(
        normalized, "normalized_shape", "LayerNorm", len(normalized) if isinstance(normalized, list | tuple) else 1
    )
    size = prod(sizes)
    vectors = (flag(args, "bias", "LayerNorm") + 1) if flag(args, "elementwise_affine", "LayerNorm") else 0
    return Counted(vectors * size, f"{vectors} × {size}" if vectors else "0", shape)


def _batch_norm(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    size = positive(args, "num_features", "BatchNorm1d")
    affine = flag(args, "affine", "BatchNorm1d")
    return Counted(2 * size if affine else 0, f"2 × {size}" if affine else "0", shape)


def _attention(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    embed = positive(args, "embed_dim", "MultiheadAttention")
    heads = positive(args, "num_heads", "MultiheadAttention")
    if embed % heads:
        raise LayerProblem(f"MultiheadAttention: embed_dim={embed} must be divisible by num_heads={heads}")
    kdim, vdim = args.get("kdim") or embed, args.get("vdim") or embed
    bias = flag(args, "bias", "MultiheadAttention") and tweak.bias != "none"
    projections = embed * embed + embed * kdim + embed * vdim
    params = projections + embed * embed + (4 * embed if bias else 0) + (2 * embed if args.get("add_bias_kv") else 0)
    formula = f"{embed} × ({embed} + {kdim} + {vdim}) + {times(embed, embed)}"
    if bias:
        formula += f" + 4 × {embed}"
    if args.get("add_bias_kv"):
        formula += f" + 2 × {embed}"
    return Counted(params, formula, (*shape[:-1], embed) if shape else (embed,))


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
CONV = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "padding_mode")
LAYERS: dict[str, LayerKind] = {
    "Linear": LayerKind(
        Signature(("in_features", "out_features", "bias"), DEVICE, {"bias": True}, ("in_features", "out_features")),
        _linear,
    ),
    "Embedding": LayerKind(
        Signature(
            (
                "num_embeddings",
                "embedding_dim",
                "padding_idx",
                "max_norm",
                "norm_type",
                "scale_grad_by_freq",
                "sparse",
                "_weight",
                "_freeze",
            ),
            DEVICE,
            {},
            ("num_embeddings", "embedding_dim"),
        ),
        _embedding,
    ),
    **RECURRENT,
    "Conv1d": LayerKind(
        Signature(CONV, DEVICE, {"groups": 1, "bias": True}, ("in_channels", "out_channels", "kernel_size")),
        _convolution(1),
    ),
    "Conv2d": LayerKind(
        Signature(CONV, DEVICE, {"groups": 1, "bias": True}, ("in_channels", "out_channels", "kernel_size")),
        _convolution(2),
    ),
    "LayerNorm": LayerKind(
        Signature(
            ("normalized_shape", "eps", "elementwise_affine", "bias"),
            DEVICE,
            {"elementwise_affine": True, "bias": True},
            ("normalized_shape",),
        ),
        _layer_norm,
    ),
    "BatchNorm1d": LayerKind(
        Signature(
            ("num_features", "eps", "momentum", "affine", "track_running_stats"),
            DEVICE,
            {"affine": True},
            ("num_features",),
        ),
        _batch_norm,
    ),
    "MultiheadAttention": LayerKind(
        Signature(
            (
                "embed_dim",
                "num_heads",
                "dropout",
                "bias",
                "add_bias_kv",
                "add_zero_attn",
                "kdim",
                "vdim",
                "batch_first",
            ),
            DEVICE,
            {"bias": True, "add_bias_kv": False},
            ("embed_dim", "num_heads"),
        ),
        _attention,
    ),
    "Dropout": LayerKind(Signature(("p", "inplace")), _free),
    "ReLU": LayerKind(Signature(("inplace",)), _free),
    "Tanh": LayerKind(Signature(()), _free),
    "Sigmoid": LayerKind(Signature(()), _free),
    "Identity": LayerKind(Signature(()), _free),
    "Flatten": LayerKind(Signature(("start_dim", "end_dim")), _flatten),
}
ALIASES: dict[str, str] = {}
