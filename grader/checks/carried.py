"""Error carried forward: a `shape` or `params` part that `follows` an earlier `shape` part is also right when
it is right for the student's own earlier shape.

The earlier answer is read as that part reads it. When it is a shape other than the right one, the model is
counted again from the layer after the earlier one with the student's shape as its input; and when that
shape is a known mistake (`same` padding for `valid`, strides forgotten), also with that mistake made at
every layer, as a student who holds the misconception makes it throughout. The later layers' shapes and
parameter counts that follow are what this part then accepts, for the share of the points the rubric gives
(`follows: {part: ..., credit: ...}`). An earlier answer that is right, unreadable,
or a shape no layer can take carries nothing: the part is graded as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.checks.base import Followed
from grader.checks.counting import counted, layer_index
from grader.checks.shapereading import Dim, pick, without_batch
from grader.models.checks import ParamsCheck, ShapeCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.params.geometry import SHAPE_MISTAKES, made_throughout
from grader.params.model import LayerCount, count_layers
from grader.params.spec import ModelSpec


@dataclass(frozen=True)
class Carried:
    """The model's layers counted from the student's earlier shape: `layers[i]` for every layer (those up to the
    earlier one as they are), the shape they were counted from, and the mistake carried on with it, if any."""

    layers: tuple[LayerCount, ...]
    earlier: tuple[Dim, ...]
    mistake: str | None = None


def carried(followed: Followed, model: ModelSpec | str) -> list[Carried]:
    """The ways the layers follow from the student's earlier shape: counted on from it as they are, and, when
    that shape is a mistake made at a layer (`same` padding for `valid`, strides forgotten), with the same
    mistake made at every layer (a consistent error). Empty when the earlier answer carries nothing."""
    earlier = followed.check
    if not isinstance(earlier, ShapeCheck):
        return []
    layers, shape, count, _ = counted(model, "all")
    index = layer_index(earlier.model, earlier.layer)
    right = tuple(count.layers[index].output if earlier.of == "output" else count.layers[index].input)
    picked = pick(followed.answer, len(right))
    if picked.shape is None:
        return []
    dims = without_batch(picked.shape.dims, len(right))
    if len(dims) != len(right) or any(size is None or size <= 0 for size in dims) or dims == right:
        return []
    first = index + (1 if earlier.of == "output" else 0)
    found = []
    try:
        later = count_layers(count.framework, layers[first:], dims, {}).layers
        found.append(Carried((*count.layers[:first], *later), dims))
    except Exception:  # a shape the later layers cannot take (a kernel larger than the input)
        pass
    for mistake in SHAPE_MISTAKES:
        changed = made_throughout(count.framework, layers, mistake)
        if not changed:
            continue
        try:
            recounted = count_layers(count.framework, changed, shape, {}).layers
        except Exception:
            continue
        at = recounted[index].output if earlier.of == "output" else recounted[index].input
        if tuple(at) == dims:
            found.append(Carried(recounted, dims, mistake))
    return found


def carried_shape(check: ShapeCheck, dims: tuple[Dim, ...], followed: Followed) -> tuple[Dim, ...] | None:
    """The student's earlier shape, when `dims` is the shape this part asks for as it follows from it."""
    index = layer_index(check.model, check.layer)
    for way in carried(followed, check.model):
        layer = way.layers[index]
        if dims == tuple(layer.output if check.of == "output" else layer.input):
            return way.earlier
    return None


def carried_count(check: ParamsCheck, value: int, followed: Followed) -> tuple[Dim, ...] | None:
    """The student's earlier shape, when `value` is the count this part asks for as it follows from it."""
    _, _, _, selected = counted(check.model, check.layers)
    for way in carried(followed, check.model):
        if value == sum(way.layers[index].params for index in selected):
            return way.earlier
    return None


def credited(outcome: Outcome, followed: Followed, earlier: str, what: str) -> Outcome:
    """The outcome of an answer right for the student's earlier answer (`earlier`, as read): the rubric's share
    of the points, with feedback saying so (never less than the outcome it replaces)."""
    if followed.credit <= outcome.fraction:
        return outcome
    line = f"Right for your own answer to {followed.id}, {earlier}: {what} follows from it"
    return carried_outcome(outcome, followed.credit, line)


def carried_outcome(outcome: Outcome, credit: float, line: str) -> Outcome:
    """`outcome` as an error carried forward: `credit` of the points, with `line` (what it is right for) and the
    share said in its feedback."""
    said = f"{line} (error carried forward: {credit:.0%} of the points)."
    return Outcome(Status.of(credit), credit, (*outcome.feedback, said), outcome.interpreted_as, outcome.expected,
                   Note.CARRIED_FORWARD)  # fmt: skip
