"""Shapes and receptive fields of a model's layers, and the shapes the usual mistakes produce.

A layer's output shape comes from counting the model (`count_layers`: each layer computes its output from
its input). The mistakes a student makes about shapes are the model counted again with one convention
changed for every layer up to the one asked about: `same` padding where the model has `valid` (or the
reverse), the strides forgotten (every stride 1), the pooling layers left out. Channels-first or last is
the same shape in another order, which the shape check tells apart itself.

The receptive field of one unit, along one side, in input pixels: r = 1 + Σ (k_l − 1)·d_l·J_l, with J_l the
product of the strides before layer l (pooling layers are kernels with their stride, which defaults to
their size). Layers that act per position (activations, dropout, normalization) leave it as it is; a layer
that mixes every position (Dense, Flatten, global pooling, recurrent, attention) has the whole input as its
receptive field, so none is computed for it or after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from grader.params.base import Shape
from grader.params.model import Layer, count_layers

KERNEL_ARGS = ("kernel_size", "pool_size")
STRIDE_ARGS = ("strides", "stride")
DILATION_ARGS = ("dilation_rate", "dilation")
# Layers that act on each position alone: the receptive field of their output is that of their input.
PER_POSITION = (
    "Activation",
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "Softmax",
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "BatchNormalization",
    "LayerNormalization",
    "BatchNorm1d",
    "BatchNorm2d",
    "GroupNorm",
    "LayerNorm",
    "Tanh",
    "Sigmoid",
    "GELU",
)
SHAPE_MISTAKES = ("same-padding", "valid-padding", "stride-forgotten", "pool-ignored")
RECEPTIVE_MISTAKES = ("stride-ignored", "pool-ignored", "pool-window-ignored")


@dataclass(frozen=True)
class Geometry:
    """A kernel-bearing layer's size along one axis: kernel, stride, dilation."""

    kernel: int
    stride: int
    dilation: int


def geometry(layer: Layer) -> Geometry | None:
    """The layer's kernel, stride and dilation along its first spatial axis, or None when it has no kernel."""
    kernel = _first(layer.args, KERNEL_ARGS)
    if kernel is None:
        return None
    stride = _first(layer.args, STRIDE_ARGS)
    if stride is None:  # not given: a pooling layer steps by its size, a convolution by 1
        stride = kernel if is_pooling(layer) else 1
    dilation = _first(layer.args, DILATION_ARGS)
    return Geometry(kernel=kernel, stride=stride, dilation=dilation or 1)


def _first(args: dict[str, Any], names: tuple[str, ...]) -> int | None:
    for name in names:
        value = args.get(name)
        if isinstance(value, list | tuple) and value and isinstance(value[0], int):
            return int(value[0])
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def is_pooling(layer: Layer) -> bool:
    """Whether the layer is a (local) pooling layer."""
    return "pool" in layer.type.lower() and "global" not in layer.type.lower() and "adaptive" not in layer.type.lower()


def receptive_field(layers: list[Layer], upto: int, mistake: str | None = None) -> int | None:
    """The receptive field (input pixels along one side) of one unit of layer `upto`'s output, or None when
    some layer up to it mixes every position. `mistake` computes it as that mistake does: `stride-ignored`
    (the strides never widen the step between units), `pool-ignored` (pooling layers left out),
    `pool-window-ignored` (a pooling layer's stride counted, its window not)."""
    field, jump = 1, 1
    for layer in layers[: upto + 1]:
        found = geometry(layer)
        if found is None:
            if layer.type in PER_POSITION:
                continue
            return None
        if mistake == "pool-ignored" and is_pooling(layer):
            continue
        if mistake == "pool-window-ignored" and is_pooling(layer):  # its stride counted, its window not
            jump *= found.stride
            continue
        field += (found.kernel - 1) * found.dilation * jump
        if mistake != "stride-ignored":
            jump *= found.stride
    return field


def mistaken_shapes(framework: str, layers: list[Layer], shape: Shape, upto: int) -> list[tuple[str, Shape]]:
    """The output shape of layer `upto` as each shape mistake computes it, where it differs from the right one
    and the model can still be counted that way: the mistake made at every layer up to `upto`, and at `upto`
    alone (the earlier layers right)."""
    right = count_layers(framework, layers[: upto + 1], shape, {}).layers[-1].output
    found: list[tuple[str, Shape]] = []
    for mistake, change in _CHANGES.items():
        for changed in (change(framework, layers[: upto + 1]), _only_last(change, framework, layers[: upto + 1])):
            if not changed:
                continue
            try:
                counted = count_layers(framework, changed, shape, {}).layers
            except Exception:  # a variant the layers refuse (a kernel larger than its input): no such mistake
                continue
            if counted[-1].output != right and (mistake, counted[-1].output) not in found:
                found.append((mistake, counted[-1].output))
    return found


def _only_last(
    change: Callable[[str, list[Layer]], list[Layer] | None], framework: str, layers: list[Layer]
) -> list[Layer] | None:
    """The mistake made at the last layer only."""
    if change is _pool_ignored:
        return None
    last = change(framework, layers[-1:])
    return [*layers[:-1], *last] if last else None


def _padded(value: str) -> Callable[[str, list[Layer]], list[Layer] | None]:
    def change(framework: str, layers: list[Layer]) -> list[Layer] | None:
        changed, any_changed = [], False
        for layer in layers:
            if geometry(layer) is not None:
                new = _padding(framework, layer, value)
                if new != layer.args.get("padding", 0 if framework == "pytorch" else "valid"):
                    layer = replace(layer, args={**layer.args, "padding": new})
                    any_changed = True
            changed.append(layer)
        return changed if any_changed else None

    return change


def _padding(framework: str, layer: Layer, value: str) -> Any:
    if framework != "pytorch":
        return value
    found = geometry(layer)
    assert found is not None
    return found.kernel // 2 if value == "same" else 0


def _stride_forgotten(framework: str, layers: list[Layer]) -> list[Layer] | None:
    changed, any_changed = [], False
    for layer in layers:
        found = geometry(layer)
        if found is not None and found.stride != 1:
            name = next((n for n in STRIDE_ARGS if n in layer.args), STRIDE_ARGS[0 if framework != "pytorch" else 1])
            layer = replace(layer, args={**layer.args, name: 1})
            any_changed = True
        changed.append(layer)
    return changed if any_changed else None


def _pool_ignored(framework: str, layers: list[Layer]) -> list[Layer] | None:
    """The pooling layers left out (for a pooling layer itself: its input taken for its output)."""
    kept = [layer for layer in layers if not is_pooling(layer)]
    return kept if kept and len(kept) < len(layers) else None


_CHANGES: dict[str, Callable[[str, list[Layer]], list[Layer] | None]] = {
    "same-padding": _padded("same"),
    "valid-padding": _padded("valid"),
    "stride-forgotten": _stride_forgotten,
    "pool-ignored": _pool_ignored,
}


def made_throughout(framework: str, layers: list[Layer], mistake: str) -> list[Layer] | None:
    """The layers with a shape mistake made at every one of them (`same-padding`, `valid-padding`,
    `stride-forgotten`), the same number of layers; None when the mistake changes nothing or drops layers."""
    if mistake == "pool-ignored":
        return None
    return _CHANGES[mistake](framework, layers)
