"""A shape mistake a rubric lists once, made again in another part: the axes in another order.

A rubric that writes shapes as `expression` parts (`(26, 26, 32)`) lists a convention mistake where it first
arises: `(32, 26, 26)`, channels first, for the first layer. A student who holds it writes every later shape so
(`(32, 13, 13)` after the pooling), and instructors give it the same share there. A mistake whose answer is the
part's expected tuple with its axes reordered is therefore borrowed by every other `expression` part whose
expected answer is a tuple of as many whole numbers: the same reordering of that part's tuple, at the same share
of its points, with the same note and feedback. A part that lists a mistake of that note, or of that answer,
keeps its own; a reordering that the repeated sizes of the first part leave undecided for another part (which
of two axes moved) is not borrowed.
"""

from __future__ import annotations

from itertools import permutations

from grader.models.checks import ExpressionCheck
from grader.models.rubric import Mistake, Part, Rubric, part_id
from grader.sizes import tuple_sizes


def with_borrowed_mistakes(rubric: Rubric, part: Part) -> Part:
    """`part`, with the reordering mistakes of the rubric's other tuple parts that it does not list itself."""
    own = _tuple_of(part)
    if own is None or len(set(own)) == 1:
        return part
    borrowed = []
    notes = {mistake.note for mistake in part.mistakes}
    answers = {tuple_sizes(str(mistake.answer)) for mistake in part.mistakes}
    for question, other in rubric.parts():
        right = _tuple_of(other)
        if other is part or right is None or len(right) != len(own):
            continue
        for mistake in other.mistakes:
            wrong = tuple_sizes(str(mistake.answer))
            if mistake.accepted or mistake.note in notes or wrong is None or wrong == right:
                continue
            reordered = {tuple(own[i] for i in order) for order in _orders(right, wrong)}
            if len(reordered) != 1 or (answer := reordered.pop()) in answers or answer == own:
                continue
            notes.add(mistake.note)
            answers.add(answer)
            where = part_id(question, other)
            borrowed.append(
                Mistake(
                    answer="(" + ", ".join(str(size) for size in answer) + ")",
                    feedback=f"{mistake.feedback} (The same mistake as the one listed for {where}.)",
                    score=mistake.score / other.points * part.points,
                    note=mistake.note,
                )
            )
    return part.model_copy(update={"mistakes": [*part.mistakes, *borrowed]}) if borrowed else part


def _tuple_of(part: Part) -> tuple[int, ...] | None:
    check = part.check
    return tuple_sizes(check.expected) if isinstance(check, ExpressionCheck) else None


def _orders(right: tuple[int, ...], wrong: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every order of the axes of `right` that gives `wrong` (none when `wrong` is not a reordering)."""
    if len(right) != len(wrong) or sorted(right) != sorted(wrong) or len(right) > 6:
        return []
    orders = permutations(range(len(right)))
    return [order for order in orders if all(right[i] == w for i, w in zip(order, wrong, strict=True))]
