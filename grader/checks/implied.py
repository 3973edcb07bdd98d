"""A part that asks for a layer's shape or size without naming the layer: an `expression` part whose expected
answer is a tuple of sizes (`(13, 13, 32)`), or a `number` part whose expected value is a count of features
(`11 * 11 * 64`), that is the output of exactly one layer of exactly one of the rubric's models. Such a part is
read, for errors carried forward, as the `shape` part it stands for: a student's wrong shape for the pooling
layer follows from their wrong shape for the convolution before it (grader/checks/inferred.py)."""

from __future__ import annotations

from collections.abc import Sequence

from grader.checks.counting import counted
from grader.errors import GraderError
from grader.models.checks import Check, ShapeCheck
from grader.params.spec import ModelSpec
from grader.sizes import sized


def implied_shape(check: Check, models: Sequence[ModelSpec]) -> ShapeCheck | None:
    """The `shape` check a part stands for, as the module says; None when it is not one layer's output."""
    sizes = sized(check)
    if sizes is None:
        return None
    found = []
    for model in models:
        try:
            layers = counted(model, "all")[2].layers
        except GraderError:
            continue
        found += [(model, index) for index, layer in enumerate(layers) if tuple(layer.output) == sizes]
    if len(found) != 1:
        return None
    ((model, index),) = found
    return ShapeCheck(type="shape", model=model, layer=index)
