"""PyTorch attention and Transformer modules, counted as torch.nn builds them.

MultiheadAttention: the query, key and value projections (one 3E × E `in_proj_weight` when kdim = vdim = E,
else E × E, E × kdim and E × vdim), 3E biases, `out_proj` E × E + E, and with add_bias_kv two E vectors.
A TransformerEncoderLayer is self-attention, `linear1` (d_model → dim_feedforward), `linear2` (back) and two
LayerNorms; a TransformerDecoderLayer adds cross-attention and a third LayerNorm; `bias=False` drops every
bias, the LayerNorms' included. nn.Transformer stacks them and adds a final LayerNorm after each stack.
TransformerEncoder / TransformerDecoder take their layer written in place (`encoder_layer:
{TransformerEncoderLayer: {d_model: 512, nhead: 8}}`) and copy it num_layers times; `norm` is another layer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from grader.params.base import (
    DEVICE,
    Counted,
    LayerKind,
    LayerProblem,
    Shape,
    Signature,
    Tweak,
    flag,
    positive,
    times,
)

LAYER_ARGS = ("d_model", "nhead", "dim_feedforward", "dropout", "activation", "layer_norm_eps", "batch_first",
              "norm_first", "bias", *DEVICE)  # fmt: skip
LAYER_DEFAULTS = {"dim_feedforward": 2048, "bias": True}


def check_features(given: int, shape: Shape, kind: str, name: str) -> None:
    """A layer that reads the last axis of its input: `given` must be that size where it is known."""
    if shape and shape[-1] is not None and shape[-1] != given:
        raise LayerProblem(f"{kind}: {name}={given}, but the layer before gives {shape[-1]} features")


def _heads(embed: int, heads: int, kind: str, names: tuple[str, str]) -> None:
    if embed % heads:
        raise LayerProblem(f"{kind}: {names[0]}={embed} must be divisible by {names[1]}={heads}")


def _optional_size(args: Mapping[str, Any], name: str, default: int, kind: str) -> int:
    return default if args.get(name) is None else positive(args, name, kind)


def _attention(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
    kind = "MultiheadAttention"
    embed, heads = positive(args, "embed_dim", kind), positive(args, "num_heads", kind)
    _heads(embed, heads, kind, ("embed_dim", "num_heads"))
    check_features(embed, shape, kind, "embed_dim")
    kdim, vdim = _optional_size(args, "kdim", embed, kind), _optional_size(args, "vdim", embed, kind)
    bias = flag(args, "bias", kind) and tweak.bias != "none"
    in_bias, out_bias = bias and tweak.bias != "no-input-bias", bias and tweak.bias != "no-output-bias"
    bias_kv = flag(args, "add_bias_kv", kind)
    biases = (3 * embed if in_bias else 0) + (embed if out_bias else 0)
    params = embed * (embed + kdim + vdim) + embed * embed + biases + (2 * embed if bias_kv else 0)
    if kdim == vdim == embed:
        formula = f"3 × {times(embed, embed)}" + (f" + 3 × {embed}" if in_bias else "") + " (in_proj)"
    else:
        formula = f"{embed} × ({embed} + {kdim} + {vdim})" + (f" + 3 × {embed}" if in_bias else "") + " (q, k, v)"
    formula += f" + {times(embed, embed)}" + (f" + {embed}" if out_bias else "") + " (out_proj)"
    if bias_kv:
        formula += f" + 2 × {embed} (bias_k, bias_v)"
    return Counted(params, formula, (*shape[:-1], embed) if shape else (embed,))


def _layer(kind: str, attentions: int, norms: int, args: Mapping[str, Any], tweak: Tweak) -> tuple[int, str]:
    """One Transformer encoder (1 attention, 2 norms) or decoder (2 attentions, 3 norms) layer."""
    model, heads = positive(args, "d_model", kind), positive(args, "nhead", kind)
    _heads(model, heads, kind, ("d_model", "nhead"))
    hidden = positive(args, "dim_feedforward", kind)
    bias = flag(args, "bias", kind) and tweak.bias != "none"
    attention = 4 * model * model + (4 * model if bias else 0)
    feed_forward = 2 * model * hidden + (hidden + model if bias else 0)
    norm = (2 if bias else 1) * model
    params = attentions * attention + feed_forward + norms * norm
    one = f"4 × {times(model, model)}" + (f" + 4 × {model}" if bias else "")
    what = "self-attention" if attentions == 1 else "self- and cross-attention"
    parts = [
        (one if attentions == 1 else f"{attentions} × ({one})") + f" ({what})",
        f"2 × {times(model, hidden)}" + (f" + {hidden} + {model}" if bias else "") + " (feed-forward)",
        f"{norms} × " + (f"2 × {model}" if bias else str(model)) + " (norms)",
    ]
    return params, " + ".join(parts)


def _transformer_layer(kind: str, attentions: int, norms: int) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        params, formula = _layer(kind, attentions, norms, args, tweak)
        check_features(args["d_model"], shape, kind, "d_model")
        return Counted(params, formula, (*shape[:-1], args["d_model"]))

    return count


Table = Callable[[], Mapping[str, LayerKind]]  # the PyTorch layer table, looked up when a layer is counted


def _nested(
    value: Any, kind: str, name: str, allowed: tuple[str, ...] | None, table: Table
) -> tuple[str, LayerKind, dict[str, Any]]:
    """A layer given as an argument, written in place as `{Name: {arguments}}`, bound with the PyTorch table."""
    layers = table()
    expected = " or ".join(allowed) if allowed else "PyTorch layer"
    if isinstance(value, str):  # code.py reads a layer assigned to a variable as its source text
        raise LayerProblem(
            f"{kind}: {name} must be a {expected} written inside the call, e.g. "
            f"{kind}({(allowed or ('LayerNorm',))[0]}(...)), not a variable ({value!r})"
        )
    if not isinstance(value, Mapping) or len(value) != 1:
        raise LayerProblem(
            f"{kind}: {name} must be a {expected} written in place as {{Name: {{arguments}}}}, got {value!r}"
        )
    ((layer_type, layer_args),) = value.items()
    if layer_type not in layers or (allowed and layer_type not in allowed):
        raise LayerProblem(f"{kind}: {name} must be a {expected}, got {layer_type!r}")
    if layer_args is not None and not isinstance(layer_args, Mapping):
        raise LayerProblem(f"{kind}: write the arguments of {name} as a mapping")
    layer = layers[layer_type]
    return layer_type, layer, layer.signature.bind(layer_type, (), dict(layer_args or {}))


def _stack(kind: str, layer_name: str, inner: str, table: Table) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        layers = positive(args, "num_layers", kind)
        _, layer, layer_args = _nested(args.get(layer_name), kind, layer_name, (inner,), table)
        counted = layer.count(layer_args, shape, tweak)
        params, formula = layers * counted.params, f"{layers} × {counted.params} ({inner})"
        if args.get("norm") is not None:
            norm_type, norm, norm_args = _nested(args["norm"], kind, "norm", None, table)
            normed = norm.count(norm_args, counted.output, tweak)
            params, formula = params + normed.params, f"{formula} + {normed.formula} (norm: {norm_type})"
        return Counted(params, formula, counted.output)

    return count


def _transformer(table: Table) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        return _count_transformer(args, shape, tweak, table)

    return count


def _count_transformer(args: dict[str, Any], shape: Shape, tweak: Tweak, table: Table) -> Counted:
    kind = "Transformer"
    model = positive(args, "d_model", kind)
    check_features(model, shape, kind, "d_model")
    bias = flag(args, "bias", kind) and tweak.bias != "none"
    norm = (2 if bias else 1) * model
    norm_text = f"2 × {model}" if bias else str(model)
    params, terms = 0, []
    for side, attentions, norms, custom in (("encoder", 1, 2, "custom_encoder"), ("decoder", 2, 3, "custom_decoder")):
        if args.get(custom) is not None:
            inner_type, inner, inner_args = _nested(args[custom], kind, custom, None, table)
            counted = inner.count(inner_args, shape, tweak)
            params += counted.params
            terms.append(f"{counted.params} ({custom}: {inner_type})")
            continue
        layers = positive(args, f"num_{side}_layers", kind)
        one, _ = _layer(kind, attentions, norms, args, tweak)
        params += layers * one + norm
        terms.append(f"{layers} × {one} ({side} layers) + {norm_text} ({side} norm)")
    return Counted(params, " + ".join(terms), (*shape[:-1], model))


def transformer_layers(table: Table) -> dict[str, LayerKind]:
    """The attention and Transformer modules; `table` gives the layers an argument may name (`norm`, ...)."""
    return {
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
                    *DEVICE,
                ),
                frozenset(),
                {"bias": True, "add_bias_kv": False, "kdim": None, "vdim": None},
                ("embed_dim", "num_heads"),
            ),
            _attention,
        ),
        "TransformerEncoderLayer": LayerKind(
            Signature(LAYER_ARGS, frozenset(), LAYER_DEFAULTS, ("d_model", "nhead")),
            _transformer_layer("TransformerEncoderLayer", 1, 2),
        ),
        "TransformerDecoderLayer": LayerKind(
            Signature(LAYER_ARGS, frozenset(), LAYER_DEFAULTS, ("d_model", "nhead")),
            _transformer_layer("TransformerDecoderLayer", 2, 3),
        ),
        "Transformer": LayerKind(
            Signature(
                (
                    "d_model",
                    "nhead",
                    "num_encoder_layers",
                    "num_decoder_layers",
                    "dim_feedforward",
                    "dropout",
                    "activation",
                    "custom_encoder",
                    "custom_decoder",
                    "layer_norm_eps",
                    "batch_first",
                    "norm_first",
                    "bias",
                    *DEVICE,
                ),
                frozenset(),
                {
                    "d_model": 512,
                    "nhead": 8,
                    "num_encoder_layers": 6,
                    "num_decoder_layers": 6,
                    "dim_feedforward": 2048,
                    "custom_encoder": None,
                    "custom_decoder": None,
                    "bias": True,
                },
            ),
            _transformer(table),
        ),
        "TransformerEncoder": LayerKind(
            Signature(
                ("encoder_layer", "num_layers", "norm", "enable_nested_tensor", "mask_check"),
                frozenset(),
                {"norm": None},
                ("encoder_layer", "num_layers"),
            ),
            _stack("TransformerEncoder", "encoder_layer", "TransformerEncoderLayer", table),
        ),
        "TransformerDecoder": LayerKind(
            Signature(
                ("decoder_layer", "num_layers", "norm"), frozenset(), {"norm": None}, ("decoder_layer", "num_layers")
            ),
            _stack("TransformerDecoder", "decoder_layer", "TransformerDecoderLayer", table),
        ),
    }
