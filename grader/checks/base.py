"""What every check kind shares: the protocol (it returns an `Outcome`, grader/models/outcome.py) and known-mistake
handling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Protocol, TypeVar

from grader.errors import GraderError
from grader.models.checks import NumberCheck, ParamsCheck, ShapeCheck
from grader.models.common import Notation
from grader.models.outcome import Outcome
from grader.models.report import Status
from grader.models.rubric import Mistake, Part
from grader.params.spec import ModelSpec

CheckT = TypeVar("CheckT", contravariant=True)
REVIEW_WORDS = 12
HEDGE_REMARK = "You marked it as unsure (a question mark, “not sure”, “I think”); it is graded as written."


@dataclass(frozen=True, kw_only=True)
class Followed:
    """The earlier part a part follows (`follows:`), and the student's own answer to it."""

    id: str  # `q1.conv1-shape`
    check: ShapeCheck | NumberCheck | ParamsCheck
    answer: str
    credit: float  # the share of the points for an answer right for the earlier value
    formula: str | None = None  # a number part's expected value as arithmetic on `x`, the earlier value


@dataclass(frozen=True, kw_only=True)
class Carries:
    """The earlier parts a `params` part's count (or a shape or size asked as an `expression` or `number`) may
    carry an error from without a `follows:` (the rubric's `carried_errors`), each with the student's answer to
    it: (id, part, answer), in rubric order."""

    share: float  # the share of the points for a count right for the student's own earlier answers
    earlier: tuple[tuple[str, Part, str], ...]
    models: tuple[ModelSpec, ...] = ()  # the rubric's models: what a shape asked as an expression is the output of


@dataclass(frozen=True)
class PartContext:
    """What a check needs to know about the part besides its own settings."""

    points: float
    notation: Notation = field(default_factory=Notation)
    mistakes: tuple[Mistake, ...] = ()
    budget: float = 0.5  # seconds for a symbolic proof
    prompt: str = ""  # what the part asks: its words are not evidence of knowing the answer
    followed: Followed | None = None  # error carried forward from an earlier part
    slips: float = 0.5  # the share of the points for an arithmetic slip (the rubric's `arithmetic_slips`)
    channels: float = 0.5  # the share for a shape without its channels axis (the rubric's `channels_left_out`)


class Checker(Protocol[CheckT]):
    """One check kind: grade an answer, and validate the check's own settings in a rubric."""

    def grade(self, check: CheckT, answer: str, part: PartContext) -> Outcome:
        """The outcome of `answer`; never raises for a student's answer."""
        ...

    def expected(self, check: CheckT) -> str:
        """The reference answer as text, for reports."""
        ...

    def validate(self, check: CheckT, part: PartContext) -> list[tuple[str, str]]:
        """Problems in the check's settings: (path inside the part, message)."""
        ...


def apply_mistakes(outcome: Outcome, part: PartContext, matches: Callable[[Mistake], bool]) -> Outcome:
    """The outcome with the first matching known mistake's feedback, score and note, if any matches; a mistake
    the rubric `accepted` as another convention gives full marks, noted `convention:<slug>`.

    Only a wrong or partial answer is compared with the mistakes; a mistake that cannot be compared
    (it fails to evaluate) is skipped.
    """
    if outcome.status not in (Status.INCORRECT, Status.PARTIAL):
        return outcome
    for mistake in part.mistakes:
        try:
            matched = matches(mistake)
        except GraderError:
            continue
        if matched and mistake.accepted:
            return replace(
                outcome,
                status=Status.CORRECT,
                fraction=1.0,
                feedback=(*outcome.feedback, f"Accepted: {mistake.feedback}"),
                note=f"convention:{mistake.note}",
            )
        if matched:
            fraction = mistake.score / part.points
            return replace(
                outcome,
                status=Status.of(fraction),
                fraction=fraction,
                feedback=(*outcome.feedback, f"Known mistake: {mistake.feedback}"),
                note=f"mistake:{mistake.note}",
            )
    return outcome


def format_number(value: Fraction | float) -> str:
    """A number as feedback shows it: `8,705`, `0.5`, `0.333333`."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return f"{value.numerator:,}"
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:.6g}"
