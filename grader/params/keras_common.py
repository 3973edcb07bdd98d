"""What the Keras layer tables share: the argument names most layers accept, and checks on arguments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grader.params.base import LayerProblem

COMMON = frozenset(
    {"name", "dtype", "trainable", "input_shape", "batch_input_shape", "batch_size", "input_dim", "input_length"}
)
# The keywords of a layer with a kernel and a bias that shape neither its count nor its output, in Keras' order.
WEIGHTS = ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
           "kernel_constraint", "bias_constraint")  # fmt: skip
INITIALIZERS = frozenset({*WEIGHTS, "lora_rank", "lora_alpha", "quantization_config"})


def channels_last(args: Mapping[str, Any], kind: str) -> None:
    """Sizes flow channels-last; a layer asking for channels-first is refused, not counted wrongly."""
    if args.get("data_format") not in (None, "channels_last"):
        raise LayerProblem(f"{kind}: only data_format='channels_last' is supported")


def whole(value: Any) -> bool:
    """A whole number (True and False are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def grid(shape: tuple[int | None, ...], rank: int, kind: str) -> None:
    """A layer over a grid of `rank` axes needs those axes and the channels."""
    if len(shape) != rank + 1:
        axes = f"{rank + 1} axes (" + ", ".join(["size"] * rank + ["channels"]) + ")"
        raise LayerProblem(f"{kind} needs inputs of {axes} without the batch, got {len(shape)}")
