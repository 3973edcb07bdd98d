"""Output shapes: the expected shape computed from the model (never typed by hand), the student's shape read
in any of the forms students write (`grader/checks/shapereading.py`), and a wrong one diagnosed: `same`
padding for `valid` or the reverse, strides forgotten, a pooling layer left out, the channels in the other
framework's order or left out, the shape multiplied out."""

from __future__ import annotations

import dataclasses
from math import prod
from typing import cast

from grader.checks.base import HEDGE_REMARK, PartContext, apply_mistakes
from grader.checks.carried import carried_shape, credited
from grader.checks.counting import counted, layer_index, model_problems, partial_problems
from grader.checks.shapereading import Dim, Picked, WrittenShape, pick, show, without_batch
from grader.models.checks import ShapeCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.models.rubric import Mistake
from grader.params.geometry import mistaken_shapes

EXPLAINED = {
    "same-padding": "it is what `same` padding gives; this model's layers pad `valid` (no padding), so each "
    "k×k kernel trims k − 1 from the height and width",
    "valid-padding": "it is what `valid` padding (none) gives; this model's layers pad so that the size is kept",
    "stride-forgotten": "it is the shape with every stride 1; a stride s divides the height and width by s "
    "(a pooling layer's stride is its size unless given)",
    "pool-ignored": "it is the shape without the pooling layers; each pooling layer divides the height and width",
    "channels-first": "it has the right sizes in PyTorch's order (channels, height, width); this model is "
    "channels-last: (height, width, channels)",
    "channels-last": "it has the right sizes in Keras's order (height, width, channels); this PyTorch model is "
    "channels-first: (channels, height, width)",
    "flattened": "it is the number of values in the shape (their product), not the shape",
    "channels-missing": "the channels axis is missing: a convolution's output has one channel per filter",
}


class ShapeChecker:
    """The `shape` check."""

    def grade(self, check: ShapeCheck, answer: str, part: PartContext) -> Outcome:
        """Read the answer's shape and compare it with the computed one; name the mistake of a wrong one. A
        shape followed by a question mark is graded as written, and the feedback says the student was unsure."""
        expected_dims = expected_shape(check)
        expected = self.expected(check)
        picked = pick(answer, len(expected_dims))
        if picked.shape is None:
            return _unread(picked, answer, expected)
        dims = without_batch(picked.shape.dims, len(expected_dims))
        read = f"Read your shape {show(dims)}" + (f" from “{picked.shape.source}”" if _shown(picked.shape) else "")
        outcome = self._judge(check, dims, read, expected, part)
        if picked.hedged and outcome.status is not Status.INCORRECT:  # `26x26x32?`: unsure, but read as written
            return dataclasses.replace(outcome, feedback=(*outcome.feedback, HEDGE_REMARK))
        return outcome

    def _judge(self, check: ShapeCheck, dims: tuple[Dim, ...], read: str, expected: str, part: PartContext) -> Outcome:
        expected_dims = expected_shape(check)
        if _same(dims, expected_dims):
            return Outcome(Status.CORRECT, 1.0, (read + ".",), show(dims), expected, Note.CORRECT)
        wrong = Outcome(Status.INCORRECT, 0.0, (f"{read}; expected {expected}.",), show(dims), expected,
                        Note.WRONG_VALUE)  # fmt: skip
        explicit = apply_mistakes(wrong, part, lambda mistake: _same(dims, _mistake_dims(mistake, len(expected_dims))))
        kinds = list(dict.fromkeys(kind for kind, shape in mistakes(check) if _same(dims, shape)))
        outcome = explicit if explicit is not wrong else _diagnosed(wrong, kinds, check, part)
        earlier = carried_shape(check, dims, part.followed) if part.followed else None
        if part.followed and earlier is not None:
            return credited(outcome, part.followed, show(earlier), f"the shape {show(dims)}")
        return outcome

    def expected(self, check: ShapeCheck) -> str:
        """The computed shape, batch axis left out."""
        return show(expected_shape(check)) + " (without the batch axis)"

    def validate(self, check: ShapeCheck, part: PartContext) -> list[tuple[str, str]]:
        """The model must be known and countable, the layer one that exists, mistakes shapes, points below full."""
        problems = model_problems(check.model, "check.layer", lambda: expected_shape(check))
        if problems:
            return problems
        rank = len(expected_shape(check))
        for index, mistake in enumerate(part.mistakes):
            if not _mistake_dims(mistake, rank):
                problems.append((f"mistakes[{index}].answer", f"not a shape: write it as `(26, 26, 32)`, got "
                                 f"{mistake.answer!r}"))  # fmt: skip
            elif _same(_mistake_dims(mistake, rank), expected_shape(check)):
                problems.append((f"mistakes[{index}].answer", "equals the expected shape, so it would never be used"))
        return problems + partial_problems(
            check.partial.items(), part.points, ": list it under `accept` to give full marks"
        )


def expected_shape(check: ShapeCheck) -> tuple[Dim, ...]:
    """The shape the part asks for, from the model. Raises ModelError or LayerSelectionError."""
    count = counted(check.model, check.layer)[2]
    index = layer_index(check.model, check.layer)
    if check.of == "input":
        return tuple(count.layers[index].input)
    return tuple(count.layers[index].output)


def mistakes(check: ShapeCheck) -> list[tuple[str, tuple[Dim, ...]]]:
    """The shapes the diagnosable mistakes give, with their kinds (only those that differ from the right one)."""
    layers, shape, count, _ = counted(check.model, check.layer)
    index = layer_index(check.model, check.layer)
    right = expected_shape(check)
    found: list[tuple[str, tuple[Dim, ...]]] = []
    upto = index if check.of == "output" else index - 1
    if upto >= 0:
        found += mistaken_shapes(count.framework, layers, shape, upto)
    if len(right) >= 2 and None not in right:
        if count.framework == "pytorch":
            found.append(("channels-last", (*right[1:], right[0])))
        else:
            found.append(("channels-first", (right[-1], *right[:-1])))
        found.append(("flattened", (prod(cast(tuple[int, ...], right)),)))
    if len(right) >= 3 and None not in right:
        found.append(("channels-missing", right[1:] if count.framework == "pytorch" else right[:-1]))
    return [(kind, dims) for kind, dims in found if not _same(dims, right)]


def _same(written: tuple[Dim, ...], expected: tuple[Dim, ...]) -> bool:
    """Equal sizes axis by axis; an axis of any size (None) matches a symbol or any number written for it."""
    return len(written) == len(expected) and all(e is None or w == e for w, e in zip(written, expected, strict=True))


def _mistake_dims(mistake: Mistake, rank: int) -> tuple[Dim, ...]:
    """A known mistake's shape, read as an answer is (`13 * 13 * 64` for a one-axis shape is its product)."""
    picked = pick(str(mistake.answer), rank)
    return without_batch(picked.shape.dims, rank) if picked.shape is not None else ()


def _shown(shape: WrittenShape) -> bool:
    return " ".join(shape.source.split()) not in (show(shape.dims), show(shape.dims).replace(" ", ""))


def _unread(picked: Picked, answer: str, expected: str) -> Outcome:
    if picked.candidates:
        listed = ", ".join(f"“{c.source}”" for c in picked.candidates)
        reason = f"Your answer holds {listed}: {picked.reason}; a grader will read it."
        return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, expected, Note.AMBIGUOUS_SHAPE)
    if any(char.isdigit() for char in answer):
        reason = "Your answer has numbers, but no shape could be read from them; a grader will read it."
        return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, expected, Note.UNREAD_SHAPE)
    reason = f"No shape found in your answer; expected {expected}."
    return Outcome(Status.INCORRECT, 0.0, (reason,), None, expected, Note.NO_SHAPE)


def _diagnosed(wrong: Outcome, kinds: list[str], check: ShapeCheck, part: PartContext) -> Outcome:
    if not kinds:
        return wrong
    accepted = [kind for kind in kinds if kind in check.accept]
    if accepted:
        line = f"Accepted: your shape is another convention the rubric accepts; {EXPLAINED[accepted[0]]}."
        return Outcome(Status.CORRECT, 1.0, (*wrong.feedback, line), wrong.interpreted_as, wrong.expected,
                       f"convention:{accepted[0]}")  # fmt: skip
    partial = cast(dict[str, float], check.partial)
    points = min(partial.get(kind, 0.0) for kind in kinds)
    fraction = points / part.points
    lines = [f"Your shape is wrong in a known way: {EXPLAINED[kind]}." for kind in kinds]
    return Outcome(Status.of(fraction), fraction, (*wrong.feedback, *lines), wrong.interpreted_as, wrong.expected,
                   "mistake:" + "+".join(kinds))  # fmt: skip
