"""Numeric answers: find the student's final number in prose and compare it within tolerance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from grader.checks.base import Outcome, PartContext, apply_mistakes, format_number
from grader.errors import GraderError
from grader.extract import Exclaimed, FoundNumber, has_number_words, numbers
from grader.math.arith import Number, evaluate_text, number_of
from grader.report import Status
from grader.rubric import Mistake, NumberCheck


class NumberChecker:
    """The `number` check."""

    def grade(self, check: NumberCheck, answer: str, part: PartContext) -> Outcome:
        """Find the answer's number as `check.find` says and compare it with the expected value."""
        expected = self.expected(check)
        reading = read_number(answer, check.units, check.find, expected)
        if isinstance(reading, Outcome):
            return reading
        return judged(reading, lambda value, read: self.judge(check, value, read, expected, part))

    def judge(self, check: NumberCheck, value: Number, read: str, expected: str, part: PartContext) -> Outcome:
        """The outcome of the number `value` read from the answer as `read` says."""
        if _close(value, check.value, check):
            return Outcome(Status.CORRECT, 1.0, (read + ".",), format_number(value), expected, "correct")
        outcome = Outcome(
            Status.INCORRECT,
            0.0,
            (f"{read}; expected {expected}.",),
            format_number(value),
            expected,
            "wrong_value",
        )
        return apply_mistakes(outcome, part, lambda mistake: _close(value, _mistake_value(mistake), check))

    def expected(self, check: NumberCheck) -> str:
        """The expected value, with the expression it comes from."""
        shown = format_number(check.value)
        if isinstance(check.expected, str) and check.expected.replace(",", "").strip() != _plain(check.value):
            return f"{shown} = {check.expected}"
        return shown

    def validate(self, check: NumberCheck, part: PartContext) -> list[tuple[str, str]]:
        """Every mistake answer must be a number; none may equal the expected value."""
        problems = []
        for index, mistake in enumerate(part.mistakes):
            try:
                value = _mistake_value(mistake)
            except GraderError as error:
                problems.append((f"mistakes[{index}].answer", f"not a number: {error}"))
                continue
            if _close(value, check.value, check):
                problems.append((f"mistakes[{index}].answer", "equals the expected value, so it would never be used"))
        return problems


@dataclass(frozen=True)
class Reading:
    """The number picked as the answer, how it was read, and its reading as a factorial when it is `24!` at the
    end of a sentence."""

    value: Number
    read: str  # "Read your result 4,609 from “4352 + 257 = 4609”"
    exclaimed: Exclaimed | None = None


def read_number(answer: str, units: list[str], find: str, expected: str) -> Reading | Outcome:
    """The answer's number and how it was read, or the outcome when no number can be picked (none, or several
    with none marked as the result)."""
    found = numbers(answer, units)
    picked = pick(found, find)
    if isinstance(picked, str):
        words = has_number_words(answer)
        status = Status.NEEDS_REVIEW if found or words else Status.INCORRECT
        reason = picked + (" (numbers written in words are not read)" if words and not found else "")
        return Outcome(status, 0.0, (reason,), None, expected, "ambiguous_number" if found else "no_number")
    read = f"Read your result {format_number(picked.value)}"
    if picked.source.replace(",", "") != _plain(picked.value):
        read += f" from “{picked.source}”"
    return Reading(picked.value, read, picked.exclaimed)


def judged(reading: Reading, judge: Callable[[Number, str], Outcome]) -> Outcome:
    """The outcome `judge` gives the answer's number. `24!` ending a sentence may be 24 said with emphasis or 24
    factorial: when the two readings would be graded alike that is the outcome, else a grader decides, since
    either guess could credit a wrong answer or fail a right one."""
    outcome = judge(reading.value, reading.read)
    other = reading.exclaimed
    if other is None:
        return outcome
    plain = format_number(reading.value)
    if other.value is None:
        why = f"it may be {plain}, or the factorial {other.source}, which is too large to check"
        fraction = 0.0
    else:
        factorial = _short(other.value)
        alternative = judge(other.value, f"Read your result {factorial} from “{other.source}”")
        if (alternative.status, alternative.fraction) == (outcome.status, outcome.fraction):
            return outcome
        why = (
            f"read as {plain} your answer is {outcome.status.value}, read as the factorial {other.source} = "
            f"{factorial} it is {alternative.status.value}"
        )
        fraction = min(outcome.fraction, alternative.fraction)
    reason = (
        f"“{other.source}” ends a sentence, so the `!` may be emphasis or a factorial: {why}; a grader will decide."
    )
    return Outcome(
        Status.NEEDS_REVIEW, fraction, (reason,), f"{plain} or {other.source}", outcome.expected, "ambiguous_factorial"
    )


def _short(value: Number) -> str:
    shown = format_number(value)
    return shown if len(shown) <= 40 else f"a number of {len(str(int(value))):,} digits"


def pick(found: list[FoundNumber], find: str) -> FoundNumber | str:
    """The number that is the answer, or why none can be picked."""
    if not found:
        return "No number found in your answer."
    values = {number.value for number in found}
    if find == "first":
        return found[0]
    if find == "last":
        return found[-1]
    if find == "only":
        if len(values) == 1:
            return found[-1]
        return f"Your answer holds several numbers ({_list(found)}); it should state just one."
    results = [number for number in found if number.is_result]
    if results:
        return results[-1]
    if len(values) == 1:
        return found[-1]
    return (
        f"Several numbers ({_list(found)}) and no equation or unit mark which one is your final answer; "
        "a grader will read it."
    )


def _list(found: list[FoundNumber]) -> str:
    shown = [format_number(number.value) for number in found[:6]]
    return ", ".join(shown) + (", ..." if len(found) > 6 else "")


def _mistake_value(mistake: Mistake) -> Number:
    answer = mistake.answer
    return evaluate_text(answer) if isinstance(answer, str) else number_of(answer)


def _close(value: Number, target: Number, check: NumberCheck) -> bool:
    allowed = check.allowed_error(target)
    if isinstance(value, Fraction) and isinstance(target, Fraction):
        return abs(value - target) <= Fraction(allowed)  # exact: no float rounding of large counts
    return abs(float(value) - float(target)) <= allowed


def _plain(value: Number) -> str:
    return str(value.numerator) if isinstance(value, Fraction) and value.denominator == 1 else str(value)
