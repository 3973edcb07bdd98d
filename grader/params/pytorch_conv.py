"""PyTorch convolutions and pooling, channels-first: an input is (C, L) or (C, H, W) without the batch axis.

Output sizes follow the torch.nn docs: `(size + 2 × padding - dilation × (kernel - 1) - 1) / stride + 1`,
rounded down (up for a pooling layer with ceil_mode), and `(size - 1) × stride - 2 × padding + dilation ×
(kernel - 1) + output_padding + 1` for a transposed convolution. An input whose last axis is in_channels and
whose first is not (an Embedding's (L, E), permuted in forward()) is read as (E, L); an input of another rank
(reshaped in forward()) leaves the spatial sizes unknown.
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
    flag,
    pair,
    positive,
    show_shape,
    times,
)

CONV = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups", "bias",
        "padding_mode", *DEVICE)  # fmt: skip
TRANSPOSED = ("in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding", "groups", "bias",
              "dilation", "padding_mode", *DEVICE)  # fmt: skip
CONV_DEFAULTS = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "bias": True, "padding_mode": "zeros"}
REQUIRED = ("in_channels", "out_channels", "kernel_size")


def sizes(value: Any, name: str, kind: str, rank: int) -> tuple[int, ...]:
    """Paddings: one whole number from 0 up, or `rank` of them."""
    values = (value,) * rank if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(values, list | tuple) or len(values) != rank:
        raise LayerProblem(f"{kind}: {name} must be a number or {rank} numbers, got {value!r}")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        raise LayerProblem(f"{kind}: {name} must hold whole numbers from 0 up, got {value!r}")
    return tuple(values)


def spatial_input(shape: Shape, channels: int, rank: int, kind: str) -> Shape:
    """The spatial sizes of an input with `channels` channels; unknown (None) where they cannot be read."""
    if len(shape) != rank + 1:
        return (None,) * rank
    if shape[0] == channels:
        return shape[1:]
    if shape[-1] == channels:  # channels-last, permuted in forward()
        return shape[:-1]
    if shape[0] is None:
        return shape[1:]
    raise LayerProblem(f"{kind}: in_channels={channels}, but the layer before gives {show_shape(shape)}: "
                       f"{shape[0]} channels")  # fmt: skip


def _checked(size: int, kind: str, sizes: Shape) -> int:
    if size < 1:
        shown = ", ".join("None" if s is None else str(s) for s in sizes)
        raise LayerProblem(f"{kind}: the input ({shown}) is too small for the kernel: the output would be empty")
    return size


def _grouped(args: dict[str, Any], tweak: Tweak, kind: str, rank: int) -> tuple[int, int, int, tuple[int, ...], int]:
    """What a convolution and a transposed one read alike: in_channels as given and as counted (a tweak may
    change it), out_channels, the kernel and the groups, which must divide both channel counts."""
    given = positive(args, "in_channels", kind)
    channels, filters = tweak.input_size or given, positive(args, "out_channels", kind)
    kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
    groups = positive(args, "groups", kind)
    if channels % groups or filters % groups:
        raise LayerProblem(f"{kind}: groups={groups} must divide in_channels={channels} and out_channels={filters}")
    return given, channels, filters, kernel, groups


def _convolution(rank: int) -> Any:
    kind = f"Conv{rank}d"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        given, channels, filters, kernel, groups = _grouped(args, tweak, kind, rank)
        bias = flag(args, "bias", kind) and tweak.bias != "none"
        per_filter = [channels // groups, *kernel]
        params = filters * prod(per_filter) + (filters if bias else 0)
        stride = pair(args.get("stride"), "stride", kind, rank)
        dilation = pair(args.get("dilation"), "dilation", kind, rank)
        padding = args.get("padding")
        if padding == "same" and stride != (1,) * rank:
            raise LayerProblem(f"{kind}: padding='same' needs stride=1 (PyTorch refuses it for strided convolutions)")
        if isinstance(padding, str) and padding not in ("same", "valid"):
            raise LayerProblem(f"{kind}: padding must be a number, {rank} numbers, 'valid' or 'same', got {padding!r}")
        if args.get("padding_mode") not in ("zeros", "reflect", "replicate", "circular"):
            raise LayerProblem(f"{kind}: padding_mode must be 'zeros', 'reflect', 'replicate' or 'circular'")
        pads = (0,) * rank if padding in ("same", "valid") else sizes(padding, "padding", kind, rank)
        inputs = spatial_input(shape, given, rank, kind)
        output = [
            size
            if size is None or padding == "same"
            else _checked((size + 2 * p - d * (k - 1) - 1) // s + 1, kind, inputs)
            for size, k, s, p, d in zip(inputs, kernel, stride, pads, dilation, strict=True)
        ]
        return Counted(params, times(filters, *per_filter) + (f" + {filters}" if bias else ""), (filters, *output))

    return count


def _transposed(rank: int) -> Any:
    kind = f"ConvTranspose{rank}d"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        given, channels, filters, kernel, groups = _grouped(args, tweak, kind, rank)
        if args.get("padding_mode") != "zeros":
            raise LayerProblem(f"{kind}: padding_mode must be 'zeros', the only one PyTorch has for it")
        bias = flag(args, "bias", kind) and tweak.bias != "none"
        per_input = [filters // groups, *kernel]  # the weight is in_channels × out_channels / groups × kernel
        params = channels * prod(per_input) + (filters if bias else 0)
        stride = pair(args.get("stride"), "stride", kind, rank)
        dilation = pair(args.get("dilation"), "dilation", kind, rank)
        pads = sizes(args.get("padding"), "padding", kind, rank)
        extra = sizes(args.get("output_padding"), "output_padding", kind, rank)
        if any(e >= s and e >= d for e, s, d in zip(extra, stride, dilation, strict=True)):
            raise LayerProblem(
                f"{kind}: output_padding={args.get('output_padding')!r} must be smaller than stride or dilation"
            )
        inputs = spatial_input(shape, given, rank, kind)
        output = [
            None if size is None else _checked((size - 1) * s - 2 * p + d * (k - 1) + e + 1, kind, inputs)
            for size, k, s, p, d, e in zip(inputs, kernel, stride, pads, dilation, extra, strict=True)
        ]
        formula = times(channels, *per_input) + (f" + {filters}" if bias else "")
        return Counted(params, formula, (filters, *output))

    return count


def _pooled(size: int, kernel: int, stride: int, pad: int, dilation: int, ceil: bool) -> int:
    """PyTorch's pooling_output_shape."""
    out = (size + 2 * pad - dilation * (kernel - 1) - 1 + (stride - 1 if ceil else 0)) // stride + 1
    if ceil and (out - 1) * stride >= size + pad:  # the last window would start in the padding
        out -= 1
    return out


def _pooling(rank: int, kind: str) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        stride = pair(kernel if args.get("stride") is None else args["stride"], "stride", kind, rank)
        pads = sizes(args.get("padding"), "padding", kind, rank)
        dilation = pair(args.get("dilation", 1), "dilation", kind, rank)
        ceil = flag(args, "ceil_mode", kind)
        if any(2 * p > k for p, k in zip(pads, kernel, strict=True)):
            raise LayerProblem(f"{kind}: padding={args.get('padding')!r} must be at most half of kernel_size")
        if len(shape) < rank + 1:
            return Counted(0, "0", (None,) * (rank + 1))
        inputs = shape[-rank:]
        output = [
            None if size is None else _checked(_pooled(size, k, s, p, d, ceil), kind, inputs)
            for size, k, s, p, d in zip(inputs, kernel, stride, pads, dilation, strict=True)
        ]
        return Counted(0, "0", (*shape[:-rank], *output))

    return count


def _adaptive(rank: int, kind: str) -> Any:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        value = args.get("output_size")
        wanted = (value,) * rank if isinstance(value, int) and not isinstance(value, bool) else value
        if (
            not isinstance(wanted, list | tuple)
            or len(wanted) != rank
            or not all(v is None or (isinstance(v, int) and not isinstance(v, bool) and v > 0) for v in wanted)
            or (rank == 1 and wanted[0] is None)
        ):
            nones = " (None keeps the input's size)" if rank > 1 else ""
            raise LayerProblem(
                f"{kind}: output_size must be a positive whole number or {rank} of them{nones}, got {value!r}"
            )
        if len(shape) < rank + 1:
            return Counted(0, "0", (None, *wanted))
        inputs = shape[-rank:]
        return Counted(
            0, "0", (*shape[:-rank], *(size if w is None else w for w, size in zip(wanted, inputs, strict=True)))
        )

    return count


def _conv_kinds(rank: int) -> dict[str, LayerKind]:
    """Conv, ConvTranspose and the pooling layers of one rank, by their torch.nn names."""
    pool = ("kernel_size", "stride", "padding")
    return {
        f"Conv{rank}d": LayerKind(Signature(CONV, frozenset(), CONV_DEFAULTS, REQUIRED), _convolution(rank)),
        f"ConvTranspose{rank}d": LayerKind(
            Signature(TRANSPOSED, frozenset(), {**CONV_DEFAULTS, "output_padding": 0}, REQUIRED), _transposed(rank)
        ),
        f"MaxPool{rank}d": LayerKind(
            Signature(
                (*pool, "dilation", "return_indices", "ceil_mode"),
                frozenset(),
                {"stride": None, "padding": 0, "dilation": 1, "ceil_mode": False},
                ("kernel_size",),
            ),
            _pooling(rank, f"MaxPool{rank}d"),
        ),
        f"AvgPool{rank}d": LayerKind(
            Signature(
                (*pool, "ceil_mode", "count_include_pad", *(("divisor_override",) if rank > 1 else ())),
                frozenset(),
                {"stride": None, "padding": 0, "ceil_mode": False},
                ("kernel_size",),
            ),
            _pooling(rank, f"AvgPool{rank}d"),
        ),
        f"AdaptiveAvgPool{rank}d": LayerKind(
            Signature(("output_size",), frozenset(), {}, ("output_size",)), _adaptive(rank, f"AdaptiveAvgPool{rank}d")
        ),
        f"AdaptiveMaxPool{rank}d": LayerKind(
            Signature(("output_size", "return_indices"), frozenset(), {}, ("output_size",)),
            _adaptive(rank, f"AdaptiveMaxPool{rank}d"),
        ),
    }


CONV_LAYERS: dict[str, LayerKind] = {**_conv_kinds(1), **_conv_kinds(2)}
