"""Keras layers over a grid of 1, 2 or 3 axes and channels (channels last): convolutions of every kind,
pooling, up-sampling, zero-padding and cropping.

Output sizes follow Keras: `valid` keeps the positions where the (dilated) kernel fits, `same` gives
⌈size / stride⌉, a transposed convolution grows the grid by its stride.
"""

from __future__ import annotations

from math import ceil, prod
from typing import Any

from grader.params.base import (
    Counted,
    Counter,
    LayerKind,
    LayerProblem,
    Shape,
    Signature,
    Tweak,
    features,
    flag,
    pair,
    positive,
    times,
)
from grader.params.keras_common import COMMON, WEIGHTS, channels_last, grid, whole

KERNEL = ("activation", "use_bias", *WEIGHTS)
DEPTHWISE = ("kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate", "activation",
             "use_bias", "depthwise_initializer", "bias_initializer", "depthwise_regularizer", "bias_regularizer",
             "activity_regularizer", "depthwise_constraint", "bias_constraint")  # fmt: skip
SEPARABLE = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier",
             "activation", "use_bias", "depthwise_initializer", "pointwise_initializer", "bias_initializer",
             "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
             "depthwise_constraint", "pointwise_constraint", "bias_constraint")  # fmt: skip
OTHERS = COMMON | {"lora_rank", "lora_alpha", "quantization_config"}


def spatial(
    shape: Shape,
    kernel: tuple[int, ...],
    strides: tuple[int, ...],
    dilation: tuple[int, ...],
    padding: Any,
    kind: str,
    causal: bool = False,
) -> Shape:
    """The grid's sizes after a kernel or window slides over it."""
    grid(shape, len(kernel), kind)
    padding = padding.lower() if isinstance(padding, str) else padding
    allowed = ("valid", "same", "causal") if causal else ("valid", "same")
    if padding not in allowed:
        raise LayerProblem(f"{kind}: padding must be {' or '.join(repr(p) for p in allowed)}, got {padding!r}")
    sizes: list[int | None] = []
    for size, k, s, d in zip(shape[:-1], kernel, strides, dilation, strict=True):
        span = d * (k - 1) + 1
        if size is None:
            sizes.append(None)
        elif padding != "valid":
            sizes.append(ceil(size / s))
        elif size < span:
            what = f"{k}" if d == 1 else f"{k} dilated by {d} (spanning {span})"
            raise LayerProblem(f"{kind}: a window of {what} does not fit in {size} positions with padding='valid'")
        else:
            sizes.append((size - span) // s + 1)
    return tuple(sizes)


def _steps(args: dict[str, Any], kind: str, rank: int, *, both: bool = False) -> tuple[tuple[int, ...], ...]:
    """Strides and dilation rates; a plain or transposed convolution refuses both above 1, as Keras does."""
    strides = pair(args.get("strides", 1), "strides", kind, rank)
    dilation = pair(args.get("dilation_rate", 1), "dilation_rate", kind, rank)
    if not both and max(strides) > 1 and max(dilation) > 1:
        raise LayerProblem(f"{kind}: strides above 1 cannot go with dilation_rate above 1 (Keras refuses both)")
    return strides, dilation


def _bias(args: dict[str, Any], kind: str, tweak: Tweak) -> bool:
    return flag(args, "use_bias", kind) and tweak.bias != "none"


def _convolution(rank: int) -> Counter:
    kind = f"Conv{rank}D"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        channels_last(args, kind)
        filters = positive(args, "filters", kind)
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        channels = tweak.input_size or features(shape, kind)
        groups = positive(args, "groups", kind)
        if channels % groups or filters % groups:
            raise LayerProblem(
                f"{kind}: groups={groups} must divide the {channels} input channels and {filters} filters"
            )
        bias = _bias(args, kind, tweak)
        per_filter = [*kernel, channels // groups]
        params = filters * prod(per_filter) + (filters if bias else 0)
        formula = times(*per_filter, filters) + (f" + {filters}" if bias else "")
        strides, dilation = _steps(args, kind, rank)
        output = spatial(shape, kernel, strides, dilation, args.get("padding", "valid"), kind, causal=rank == 1)
        return Counted(params, formula, (*output, filters))

    return count


def _transpose(rank: int) -> Counter:
    kind = f"Conv{rank}DTranspose"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        channels_last(args, kind)
        filters = positive(args, "filters", kind)
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        channels = tweak.input_size or features(shape, kind)
        bias = _bias(args, kind, tweak)
        params = prod(kernel) * channels * filters + (filters if bias else 0)
        formula = times(*kernel, channels, filters) + (f" + {filters}" if bias else "")
        strides, dilation = _steps(args, kind, rank)
        spatial(shape, (1,) * rank, strides, (1,) * rank, args.get("padding", "valid"), kind)  # axes, padding
        padding = str(args.get("padding", "valid")).lower()
        extra: tuple[int | None, ...] = (None,) * rank
        if args.get("output_padding") is not None:
            extra = _numbers(args["output_padding"], "output_padding", kind, rank)
            if any(p >= s for p, s in zip(extra, strides, strict=True) if p is not None):
                raise LayerProblem(f"{kind}: output_padding {args['output_padding']!r} must be below the strides")
        sizes = [
            _transposed(size, k, s, d, padding, p)
            for size, k, s, d, p in zip(shape[:-1], kernel, strides, dilation, extra, strict=True)
        ]
        return Counted(params, formula, (*sizes, filters))

    return count


def _transposed(
    size: int | None, kernel: int, stride: int, dilation: int, padding: str, extra: int | None
) -> int | None:
    """Keras's output length of a transposed convolution (`output_padding` None: the natural one)."""
    if size is None:
        return None
    span = (kernel - 1) * dilation + 1
    if padding == "valid":
        return (size - 1) * stride + span + (max(span, stride) - span if extra is None else extra)
    return size * stride if extra is None else (size - 1) * stride + span % 2 + extra


def _separable(rank: int) -> Counter:
    kind = f"SeparableConv{rank}D"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        channels_last(args, kind)
        filters = positive(args, "filters", kind)
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        channels = tweak.input_size or features(shape, kind)
        multiplier = positive(args, "depth_multiplier", kind)
        bias = _bias(args, kind, tweak)
        middle = [channels] if multiplier == 1 else [channels, multiplier]
        params = prod(kernel) * channels * multiplier + channels * multiplier * filters + (filters if bias else 0)
        formula = f"{times(*kernel, *middle)} + {times(*middle, filters)}" + (f" + {filters}" if bias else "")
        strides, dilation = _steps(args, kind, rank, both=True)
        output = spatial(shape, kernel, strides, dilation, args.get("padding", "valid"), kind)
        return Counted(params, formula, (*output, filters))

    return count


def _depthwise(rank: int) -> Counter:
    kind = f"DepthwiseConv{rank}D"

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        channels_last(args, kind)
        kernel = pair(args.get("kernel_size"), "kernel_size", kind, rank)
        channels = tweak.input_size or features(shape, kind)
        multiplier = positive(args, "depth_multiplier", kind)
        bias = _bias(args, kind, tweak)
        middle = [channels] if multiplier == 1 else [channels, multiplier]
        outputs = channels * multiplier
        params = prod(kernel) * outputs + (outputs if bias else 0)
        formula = times(*kernel, *middle) + (f" + {times(*middle)}" if bias else "")
        strides, dilation = _steps(args, kind, rank, both=True)
        output = spatial(shape, kernel, strides, dilation, args.get("padding", "valid"), kind)
        return Counted(params, formula, (*output, outputs))

    return count


def _pooling(rank: int, kind: str) -> Counter:
    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        channels_last(args, kind)
        if kind.startswith("Global"):
            grid(shape, rank, kind)
            return Counted(0, "0", (*(1,) * rank, shape[-1]) if args.get("keepdims") else (shape[-1],))
        size = pair(args.get("pool_size", 2), "pool_size", kind, rank)
        strides = pair(args.get("strides") or size, "strides", kind, rank)
        output = spatial(shape, size, strides, (1,) * rank, args.get("padding", "valid"), kind)
        return Counted(0, "0", (*output, shape[-1]))

    return count


def _numbers(value: Any, name: str, kind: str, rank: int) -> tuple[int, ...]:
    """Sizes that may be zero (output_padding), as one number or `rank` numbers."""
    values = (value,) * rank if whole(value) else value
    if not isinstance(values, list | tuple) or len(values) != rank or not all(whole(v) and v >= 0 for v in values):
        raise LayerProblem(f"{kind}: {name} must be a number or {rank} numbers, none negative, got {value!r}")
    return tuple(values)


def _margins(value: Any, name: str, kind: str, rank: int) -> tuple[tuple[int, int], ...]:
    """ZeroPadding's and Cropping's amounts: before and after, along each axis."""
    margins: Any = None
    if whole(value):
        margins = ((value, value),) * rank
    elif isinstance(value, list | tuple):
        if rank == 1 and len(value) == 2 and all(whole(v) for v in value):
            margins = (tuple(value),)
        elif rank > 1 and len(value) == rank and all(whole(v) for v in value):
            margins = tuple((v, v) for v in value)
        elif rank > 1 and len(value) == rank and all(isinstance(v, list | tuple) and len(v) == 2 for v in value):
            margins = tuple(tuple(v) for v in value)
    ok = margins is not None and all(whole(v) and v >= 0 for margin in margins for v in margin)
    if not ok:
        forms = "a number or a pair (before, after)" if rank == 1 else f"a number, {rank} numbers or {rank} pairs"
        raise LayerProblem(f"{kind}: {name} must be {forms} of whole numbers, none negative, got {value!r}")
    return tuple(margins)


def _reshaping(rank: int, kind: str) -> Counter:
    """UpSampling, ZeroPadding, Cropping: no weights, the grid's sizes changed."""

    def count(args: dict[str, Any], shape: Shape, tweak: Tweak) -> Counted:
        channels_last(args, kind)
        grid(shape, rank, kind)
        sizes: list[int | None] = list(shape[:-1])
        if kind.startswith("UpSampling"):
            factors = pair(args.get("size", 2), "size", kind, rank)
            sizes = [None if s is None else s * f for s, f in zip(sizes, factors, strict=True)]
        elif kind.startswith("ZeroPadding"):
            margins = _margins(args.get("padding", 1), "padding", kind, rank)
            sizes = [None if s is None else s + a + b for s, (a, b) in zip(sizes, margins, strict=True)]
        else:
            margins = _margins(args.get("cropping", 1), "cropping", kind, rank)
            for axis, (size, (a, b)) in enumerate(zip(shape[:-1], margins, strict=True)):
                if size is not None and a + b >= size:
                    raise LayerProblem(f"{kind}: cropping {a} + {b} leaves nothing of the {size} positions")
                sizes[axis] = None if size is None else size - a - b
        return Counted(0, "0", (*sizes, shape[-1]))

    return count


def _kinds(rank: int) -> dict[str, LayerKind]:
    """The grid layers of one rank, their constructors exactly as keras.layers has them."""
    d = f"{rank}D"
    one = (1,) * rank if rank > 1 else 1
    pool = ("pool_size", "strides", "padding", "data_format", "name")
    pool_size = (2,) * rank if rank > 1 else 2
    transpose = ("data_format", "output_padding") if rank == 3 else ("output_padding", "data_format")  # as Keras has
    steps = {"strides": one, "padding": "valid", "dilation_rate": one, "use_bias": True}
    return {
        f"Conv{d}": LayerKind(
            Signature(
                ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", *KERNEL),
                OTHERS,
                {**steps, "groups": 1},
                ("filters", "kernel_size"),
            ),
            _convolution(rank),
        ),
        f"Conv{d}Transpose": LayerKind(
            Signature(
                ("filters", "kernel_size", "strides", "padding", *transpose, "dilation_rate", *KERNEL),
                OTHERS,
                {**steps, "output_padding": None},
                ("filters", "kernel_size"),
            ),
            _transpose(rank),
        ),
        **(
            {
                f"SeparableConv{d}": LayerKind(
                    Signature(SEPARABLE, COMMON, {**steps, "depth_multiplier": 1}, ("filters", "kernel_size")),
                    _separable(rank),
                ),
                f"DepthwiseConv{d}": LayerKind(
                    Signature(DEPTHWISE, COMMON, {**steps, "depth_multiplier": 1}, ("kernel_size",)), _depthwise(rank)
                ),
            }
            if rank < 3
            else {}
        ),
        f"MaxPooling{d}": LayerKind(
            Signature(pool, COMMON, {"pool_size": pool_size, "strides": None, "padding": "valid"}),
            _pooling(rank, f"MaxPooling{d}"),
        ),
        # pool_size is required in Keras 3; Keras 2 took 2 by default, as here
        f"AveragePooling{d}": LayerKind(
            Signature(pool, COMMON, {"strides": None, "padding": "valid"}), _pooling(rank, f"AveragePooling{d}")
        ),
        **{
            f"Global{how}Pooling{d}": LayerKind(
                Signature(("data_format", "keepdims"), COMMON, {"keepdims": False}),
                _pooling(rank, f"Global{how}Pooling{d}"),
            )
            for how in ("Average", "Max")
        },
        f"UpSampling{d}": LayerKind(
            Signature(
                ("size", "data_format", "interpolation")[: 1 if rank == 1 else 3 if rank == 2 else 2],
                COMMON,
                {"size": (2,) * rank if rank > 1 else 2},
            ),
            _reshaping(rank, f"UpSampling{d}"),
        ),
        f"ZeroPadding{d}": LayerKind(
            Signature(("padding", "data_format"), COMMON, {"padding": ((1, 1),) * rank if rank == 3 else one}),
            _reshaping(rank, f"ZeroPadding{d}"),
        ),
        f"Cropping{d}": LayerKind(
            Signature(
                ("cropping", "data_format")[: 1 if rank == 1 else 2],
                COMMON,
                {"cropping": (1, 1) if rank == 1 else ((0, 0),) * 2 if rank == 2 else ((1, 1),) * 3},
            ),
            _reshaping(rank, f"Cropping{d}"),
        ),
    }


GRID: dict[str, LayerKind] = {**_kinds(1), **_kinds(2), **_kinds(3)}
GRID_ALIASES = {
    **{f"Convolution{r}D": f"Conv{r}D" for r in (1, 2, 3)},
    **{f"Convolution{r}DTranspose": f"Conv{r}DTranspose" for r in (1, 2, 3)},
    **{f"SeparableConvolution{r}D": f"SeparableConv{r}D" for r in (1, 2)},
    **{f"MaxPool{r}D": f"MaxPooling{r}D" for r in (1, 2, 3)},
    **{f"AvgPool{r}D": f"AveragePooling{r}D" for r in (1, 2, 3)},
    **{f"GlobalAvgPool{r}D": f"GlobalAveragePooling{r}D" for r in (1, 2, 3)},
    **{f"GlobalMaxPool{r}D": f"GlobalMaxPooling{r}D" for r in (1, 2, 3)},
}
