"""Error carried forward: a `shape` or `params` part that `follows` an earlier `shape` part is also right when
it is right for the student's own earlier shape.

The earlier answer is read as that part reads it. When it is a shape other than the right one, the model is
counted again from the layer after the earlier one with the student's shape as its input; the later layers'
shapes and parameter counts that follow from it are what this part then accepts, for the share of the
points the rubric gives (`follows: {part: ..., credit: ...}`). An earlier answer that is right, unreadable,
or a shape no layer can take carries nothing: the part is graded as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.checks.base import Followed
from grader.checks.counting import counted, layer_index
from grader.checks.shapereading import Dim, pick, show, without_batch
from grader.models.checks import ParamsCheck, ShapeCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.params.model import LayerCount, count_layers
from grader.params.spec import ModelSpec


@dataclass(frozen=True)
class Carried:
    """The model's layers counted from the student's earlier shape: `layers[i]` for every layer (those up to the
    earlier one as they are), and the shape they were counted from."""

    layers: tuple[LayerCount, ...]
    earlier: tuple[Dim, ...]


def carried(followed: Followed, model: ModelSpec | str) -> Carried | None:
    """The layers as they follow from the student's earlier shape, or None when it carries nothing."""
    earlier = followed.check
    layers, _, count, _ = counted(model, "all")
    index = layer_index(earlier.model, earlier.layer)
    right = tuple(count.layers[index].output if earlier.of == "output" else count.layers[index].input)
    picked = pick(followed.answer, len(right))
    if picked.shape is None:
        return None
    dims = without_batch(picked.shape.dims, len(right))
    if len(dims) != len(right) or any(size is None or size <= 0 for size in dims) or dims == right:
        return None
    first = index + (1 if earlier.of == "output" else 0)
    try:
        later = count_layers(count.framework, layers[first:], dims, {}).layers
    except Exception:  # a shape the later layers cannot take (a kernel larger than the input): nothing carried
        return None
    return Carried((*count.layers[:first], *later), dims)


def carried_shape(check: ShapeCheck, dims: tuple[Dim, ...], followed: Followed) -> tuple[Dim, ...] | None:
    """The student's earlier shape, when `dims` is the shape this part asks for as it follows from it."""
    found = carried(followed, check.model)
    if found is None:
        return None
    layer = found.layers[layer_index(check.model, check.layer)]
    wanted = tuple(layer.output if check.of == "output" else layer.input)
    return found.earlier if dims == wanted else None


def carried_count(check: ParamsCheck, value: int, followed: Followed) -> tuple[Dim, ...] | None:
    """The student's earlier shape, when `value` is the count this part asks for as it follows from it."""
    found = carried(followed, check.model)
    if found is None:
        return None
    _, _, _, selected = counted(check.model, check.layers)
    return found.earlier if value == sum(found.layers[index].params for index in selected) else None


def credited(outcome: Outcome, followed: Followed, earlier: tuple[Dim, ...], what: str) -> Outcome:
    """The outcome of an answer right for the student's earlier shape: the rubric's share of the points, with
    feedback saying so (never less than the outcome it replaces)."""
    if followed.credit <= outcome.fraction:
        return outcome
    line = (
        f"Right for your own answer to {followed.id}, {show(earlier)}: {what} follows from it (error carried "
        f"forward: {followed.credit:.0%} of the points)."
    )
    return Outcome(Status.of(followed.credit), followed.credit, (*outcome.feedback, line), outcome.interpreted_as,
                   outcome.expected, Note.CARRIED_FORWARD)  # fmt: skip
