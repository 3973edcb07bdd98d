"""Keras attention layers: MultiHeadAttention, Attention (Luong) and AdditiveAttention (Bahdanau).

Keras calls them on a query and a value (`mha(query, value)`, `Attention()([query, value])`); in a model
read as a chain of layers each attends over the previous layer's output: self-attention, with query, key
and value all of its feature size d.
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
    features,
    flag,
    positive,
    times,
)
from grader.params.keras_common import COMMON, WEIGHTS, whole

KIND = "MultiHeadAttention"


def _output_shape(args: dict[str, Any], size: int) -> tuple[int, ...]:
    """`output_shape`: the size of the last axis (or axes) out; the query's feature size when not given."""
    value = args.get("output_shape")
    if not value:  # Keras: `if output_shape:`
        return (size,)
    values = (value,) if whole(value) else value
    if not isinstance(values, list | tuple) or not all(whole(v) and v > 0 for v in values):
        raise LayerProblem(f"{KIND}: output_shape must be a positive whole number or several, got {value!r}")
    return tuple(values)


def _multi_head(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    """Query, key and value projections d × heads × key_dim (value_dim for values), then heads × value_dim × d."""
    heads, key = positive(args, "num_heads", KIND), positive(args, "key_dim", KIND)
    value = key if args.get("value_dim") is None else positive(args, "value_dim", KIND)
    size = tweak.input_size or features(shape, KIND)
    bias = flag(args, "use_bias", KIND) and tweak.bias != "none"
    in_bias, out_bias = bias and tweak.bias != "no-input-bias", bias and tweak.bias != "no-output-bias"
    gate = flag(args, "use_gate", KIND)  # a sigmoid gate on the query, as wide as the values
    out = _output_shape(args, size)

    def projection(width: int) -> tuple[int, str]:
        text = times(size, heads, width) + (f" + {times(heads, width)}" if in_bias else "")
        return size * heads * width + (heads * width if in_bias else 0), text

    widths = [key, key, value] + ([value] if gate else [])
    groups: list[tuple[int, int]] = []  # (width, how many), in order: query and key, then value and gate
    for width in widths:
        if groups and groups[-1][0] == width:
            groups[-1] = (width, groups[-1][1] + 1)
        else:
            groups.append((width, 1))
    params, terms = 0, []
    for width, many in groups:
        number, text = projection(width)
        params += many * number
        grouped = f"({text})" if in_bias else text
        terms.append(text if many == 1 else f"{many} × {grouped}")
    params += heads * value * prod(out) + (prod(out) if out_bias else 0)
    terms.append(times(heads, value, *out) + (f" + {times(*out)}" if out_bias else ""))
    return Counted(params, " + ".join(terms), (*shape[:-1], *out))


def _attention(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    """Dot-product scores: one scale when use_scale, one weight more for score_mode='concat'."""
    mode = args.get("score_mode", "dot")
    if mode not in ("dot", "concat"):
        raise LayerProblem(f"Attention: score_mode must be 'dot' or 'concat', got {mode!r}")
    if not shape:
        raise LayerProblem("Attention needs inputs with a feature axis")
    terms = ["1 (scale)"] if flag(args, "use_scale", "Attention") else []
    terms += ["1 (concat score weight)"] if mode == "concat" else []
    return Counted(len(terms), " + ".join(terms) or "0", shape)


def _additive(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    """Additive scores: with use_scale (the default) one scale per feature."""
    size = tweak.input_size or features(shape, "AdditiveAttention")
    if not flag(args, "use_scale", "AdditiveAttention"):
        return Counted(0, "0", shape)
    return Counted(size, f"{size} (scale)", shape)


ATTENTION: dict[str, LayerKind] = {
    # positional as far as every Keras 3 has them; sliding_window, flash_attention and use_gate came later
    KIND: LayerKind(
        Signature(
            ("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes"),
            COMMON | {*WEIGHTS, "sliding_window", "flash_attention", "use_gate", "seed"},
            {
                "value_dim": None,
                "dropout": 0.0,
                "use_bias": True,
                "output_shape": None,
                "attention_axes": None,
                "use_gate": False,
            },
            ("num_heads", "key_dim"),
        ),
        _multi_head,
    ),
    "Attention": LayerKind(
        Signature(
            ("use_scale", "score_mode", "dropout", "seed"),
            COMMON | {"causal"},  # causal: Keras 2's, since moved to the call
            {"use_scale": False, "score_mode": "dot", "dropout": 0.0},
        ),
        _attention,
    ),
    "AdditiveAttention": LayerKind(
        Signature(("use_scale", "dropout"), COMMON | {"causal"}, {"use_scale": True, "dropout": 0.0}), _additive
    ),
}
