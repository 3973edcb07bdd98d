"""Receptive fields: the side, in input pixels, of the window one unit of a layer's output sees, computed from
the model's kernels, strides and dilations (grader/params/geometry.py); the student's number read as for a
`number` check, `8x8` as a window of side 8; a wrong one diagnosed (the strides or the pooling left out)."""

from __future__ import annotations

from typing import cast

from grader.checks.base import PartContext, apply_mistakes, format_number
from grader.checks.counting import counted, mistake_value, model_problems, number_mistake_problems, partial_problems
from grader.checks.number import as_side, judged, read_number
from grader.errors import ModelError
from grader.math.arith import Number
from grader.models.checks import ReceptiveFieldCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.params.geometry import RECEPTIVE_MISTAKES, receptive_field

EXPLAINED = {
    "stride-ignored": "it is the field with every step 1; a layer's stride multiplies the step between the "
    "input windows of neighbouring units, so every later kernel of size k adds (k − 1) × (the product of the "
    "strides before it)",
    "pool-ignored": "it is the field without the pooling layers; a pooling window is a kernel too, and its stride "
    "(its size, unless given) widens every later layer's reach",
    "pool-window-ignored": "it counts the pooling layer's stride but not its window; a k×k pooling window widens "
    "the field by (k − 1) × (the product of the strides before it) like any kernel",
}


class ReceptiveFieldChecker:
    """The `receptive_field` check."""

    def grade(self, check: ReceptiveFieldCheck, answer: str, part: PartContext) -> Outcome:
        """Read the answer's number (a square window `8x8` as its side) and compare it with the computed field."""
        expected = self.expected(check)
        reading = read_number(answer, check.units, "final", expected, windows=True)
        if isinstance(reading, Outcome):
            return reading
        return judged(as_side(reading), lambda value, read: self.judge(check, value, read, expected, part), part.slips)

    def judge(self, check: ReceptiveFieldCheck, value: Number, read: str, expected: str, part: PartContext) -> Outcome:
        """The outcome of the field `value`, a wrong one diagnosed."""
        shown = format_number(value)
        if value == field(check):
            return Outcome(Status.CORRECT, 1.0, (read + ".",), shown, expected, Note.CORRECT)
        wrong = Outcome(Status.INCORRECT, 0.0, (f"{read}; expected {expected}.",), shown, expected, Note.WRONG_VALUE)
        explicit = apply_mistakes(wrong, part, lambda mistake: mistake_value(mistake) == value)
        if explicit is not wrong:
            return explicit
        kinds = [kind for kind, other in mistakes(check).items() if other == value]
        if not kinds:
            return wrong
        points = min(cast(dict[str, float], check.partial).get(kind, 0.0) for kind in kinds)
        fraction = points / part.points
        lines = [f"Your field is wrong in a known way: {EXPLAINED[kind]}." for kind in kinds]
        return Outcome(Status.of(fraction), fraction, (*wrong.feedback, *lines), shown, expected,
                       "mistake:" + "+".join(kinds))  # fmt: skip

    def expected(self, check: ReceptiveFieldCheck) -> str:
        """The field, as a side in pixels."""
        side = field(check)
        return f"{side} (a {side}×{side} window of the input)"

    def validate(self, check: ReceptiveFieldCheck, part: PartContext) -> list[tuple[str, str]]:
        """The model must be known and countable, the layer one that exists and has a local receptive field."""
        problems = model_problems(check.model, "check.layer", lambda: counted(check.model, check.layer))
        if problems:
            return problems
        layers, _, _, selected = counted(check.model, check.layer)
        if len(selected) != 1:
            return [("check.layer", f"{check.layer!r} names {len(selected)} layers: a receptive field is of one")]
        if receptive_field(layers, selected[0]) is None:
            mixed = f"{layers[selected[0]].name} or a layer before it mixes every position"
            return [("check.layer", f"{mixed} (Dense, Flatten, global pooling, recurrent or attention): its receptive "
                     "field is the whole input")]  # fmt: skip
        return number_mistake_problems(part.mistakes) + partial_problems(check.partial.items(), part.points)


def field(check: ReceptiveFieldCheck) -> int:
    """The receptive field the part asks for. Raises ModelError or LayerSelectionError."""
    layers, _, _, selected = counted(check.model, check.layer)
    side = receptive_field(layers, selected[0])
    if side is None:
        raise ModelError([])
    return side


def mistakes(check: ReceptiveFieldCheck) -> dict[str, int]:
    """The field each mistake gives, where it differs from the right one."""
    layers, _, _, selected = counted(check.model, check.layer)
    right = field(check)
    found = {kind: receptive_field(layers, selected[0], kind) for kind in RECEPTIVE_MISTAKES}
    return {kind: side for kind, side in found.items() if side is not None and side != right}
