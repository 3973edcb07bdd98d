"""A mistake a rubric lists once, made again in another part.

Shapes: the axes in another order.

A rubric that writes shapes as `expression` parts (`(26, 26, 32)`) lists a convention mistake where it first
arises: `(32, 26, 26)`, channels first, for the first layer. A student who holds it writes every later shape so
(`(32, 13, 13)` after the pooling), and instructors give it the same share there. A mistake whose answer is the
part's expected tuple with its axes reordered is therefore borrowed by every other `expression` part whose
expected answer is a tuple of as many whole numbers: the same reordering of that part's tuple, at the same share
of its points, with the same note and feedback. A part that lists a mistake of that note, or of that answer,
keeps its own; a reordering that the repeated sizes of the first part leave undecided for another part (which
of two axes moved) is not borrowed.

Equations: the same form under other letters. A rubric lists a mistake for the update gate (`z_t = σ(W_z x_t + U_z
h_t + b_z)`, the wrong time index) and not for the reset gate, whose expected answer is the update gate's with r
for z; a student who makes it for one gate makes it for the other, and the corpus keyers gave it the same share
there (6 of 6 tuned answers). An `equation` part whose expected answer is another equation part's with single
letters renamed one for one (as written, letter for letter: never inside a LaTeX command) borrows that part's
mistakes about its subject (not a statement about another symbol beside the answer) it does not list by note,
renamed the same way, at the same share of its points.
"""

from __future__ import annotations

import re
from itertools import permutations

from grader.models.checks import EquationCheck, ExpressionCheck
from grader.models.rubric import Mistake, Part, Rubric, part_id
from grader.sizes import tuple_sizes


def with_borrowed_mistakes(rubric: Rubric, part: Part) -> Part:
    """`part`, with the reordering mistakes of the rubric's other tuple parts, and the mistakes of its other
    equation parts of the same form, that it does not list itself."""
    if isinstance(part.check, EquationCheck):
        return _with_renamed_mistakes(rubric, part)
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
            shape = "(" + ", ".join(str(size) for size in answer) + ")"
            borrowed.append(_borrowed(mistake, shape, part_id(question, other), other, part))
    return part.model_copy(update={"mistakes": [*part.mistakes, *borrowed]}) if borrowed else part


def _borrowed(mistake: Mistake, answer: str, where: str, other: Part, part: Part) -> Mistake:
    """`other`'s `mistake` (listed at `where`) as `part`'s, written `answer`: the same note and feedback, saying
    where it is listed, at the same share of `part`'s points."""
    return Mistake(
        answer=answer,
        feedback=f"{mistake.feedback} (The same mistake as the one listed for {where}.)",
        score=mistake.score / other.points * part.points,
        note=mistake.note,
    )


def _tuple_of(part: Part) -> tuple[int, ...] | None:
    check = part.check
    return tuple_sizes(check.expected) if isinstance(check, ExpressionCheck) else None


def _orders(right: tuple[int, ...], wrong: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every order of the axes of `right` that gives `wrong` (none when `wrong` is not a reordering)."""
    if len(right) != len(wrong) or sorted(right) != sorted(wrong) or len(right) > 6:
        return []
    orders = permutations(range(len(right)))
    return [order for order in orders if all(right[i] == w for i, w in zip(order, wrong, strict=True))]


def _with_renamed_mistakes(rubric: Rubric, part: Part) -> Part:
    assert isinstance(part.check, EquationCheck)
    notes = {mistake.note for mistake in part.mistakes}
    borrowed = []
    for question, other in rubric.parts():
        if other is part or not isinstance(other.check, EquationCheck):
            continue
        letters = _renaming(other.check.expected, part.check.expected)
        if not letters:
            continue
        where = part_id(question, other)
        subject = other.check.expected.split("=")[0].strip()
        for mistake in other.mistakes:
            # one about its own subject: not a statement beside the answer about another symbol (`h_t = i_t ⊙ …`)
            about = str(mistake.answer).split("=")[0].strip() == subject
            if mistake.accepted or mistake.note in notes or not about:
                continue
            notes.add(mistake.note)
            borrowed.append(_borrowed(mistake, _renamed(str(mistake.answer), letters), where, other, part))
    return part.model_copy(update={"mistakes": [*part.mistakes, *borrowed]}) if borrowed else part


_LETTER = re.compile(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])")  # a one-letter symbol, never part of a command


def _renaming(source: str, target: str) -> dict[str, str]:
    """The one-for-one renaming of single letters that turns `source` into `target` as written (`z` → `r` from
    the update gate's equation to the reset gate's), or {} when there is none or nothing is renamed."""
    if len(source) != len(target) or source == target:
        return {}
    letters = {m.start(): m.group() for m in _LETTER.finditer(source)}
    renaming: dict[str, str] = {}
    for at, (a, b) in enumerate(zip(source, target, strict=True)):
        if a == b:
            continue
        if at not in letters or not b.isalpha() or renaming.setdefault(a, b) != b:
            return {}
    if len(set(renaming.values())) != len(renaming) or _renamed(source, renaming) != target:
        return {}
    return renaming


def _renamed(text: str, letters: dict[str, str]) -> str:
    """`text` with its one-letter symbols renamed."""
    return _LETTER.sub(lambda m: letters.get(m.group(), m.group()), text)
