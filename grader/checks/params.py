"""Parameter counts: the expected count computed from the model, the student's number found in prose, and
a wrong count diagnosed as the counting mistake that produces it."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import cast

from grader.checks.base import PartContext, apply_mistakes, format_number
from grader.checks.carried import carried_count, credited
from grader.checks.copiedsummary import copied_summary
from grader.checks.counting import counted, mistake_value, model_problems, number_mistake_problems, partial_problems
from grader.checks.number import NumberReading, asks_difference, is_count, judged, read_number
from grader.checks.shapereading import show
from grader.math.arith import Number
from grader.models.checks import ParamsCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.params.diagnose import Misconception, candidates, matching
from grader.params.model import Layer, ModelCount


class ParamsChecker:
    """The `params` check."""

    def grade(self, check: ParamsCheck, answer: str, part: PartContext) -> Outcome:
        """Compare the answer's final number with the computed count; name the mistake of a wrong one."""
        expected = self.expected(check)
        _, _, count, selected = _model(check)
        counts = is_count(Fraction(count.select(selected)))
        copied = copied_summary(answer, count.layers, selected)
        reading: NumberReading | Outcome
        if copied is not None and not copied.after and copied.rows:
            rows = " + ".join(f"{name} {number:,}" for name, number in copied.rows)
            read = f"Read your count {copied.total:,} from the rows of your copied model.summary() ({rows})"
            reading = NumberReading(value=Fraction(copied.total), read=read, source=rows)
        else:
            text = copied.after if copied is not None and copied.after else answer
            reading = read_number(
                text, check.units, check.find, expected, counts=counts, params=True,
                difference=asks_difference(part.prompt),
            )  # fmt: skip
            if text is not answer and isinstance(reading, NumberReading):
                aside = " (after your copied model.summary(), whose Total params counts the whole model)"
                reading = replace(reading, read=reading.read + aside)
        if isinstance(reading, Outcome):
            return reading
        listed = frozenset(mistake.note for mistake in part.mistakes)
        return judged(reading, lambda value, read: self.judge(check, value, read, expected, part), part.slips, listed)

    def judge(self, check: ParamsCheck, value: Number, read: str, expected: str, part: PartContext) -> Outcome:
        """The outcome of the count `value` read from the answer as `read` says, a wrong one diagnosed."""
        layers, shape, count, selected = _model(check)
        expected_value = count.select(selected)
        shown = format_number(value)
        if value == expected_value:
            return Outcome(Status.CORRECT, 1.0, (read + ".",), shown, expected, Note.CORRECT)
        wrong = Outcome(Status.INCORRECT, 0.0, (f"{read}; expected {expected}.",), shown, expected, Note.WRONG_VALUE)
        explicit = apply_mistakes(wrong, part, lambda mistake: mistake_value(mistake) == value)
        if explicit is not wrong:
            return explicit
        if not isinstance(value, Fraction) or value.denominator != 1:
            return wrong
        found_mistakes = matching(int(value), candidates(count.framework, layers, shape, selected, check.time_steps))
        outcome = _diagnosed(wrong, found_mistakes, check, part)
        earlier = carried_count(check, int(value), part.followed) if part.followed else None
        if part.followed and earlier is not None:
            return credited(outcome, part.followed, show(earlier), f"the count {shown}")
        return outcome

    def expected(self, check: ParamsCheck) -> str:
        """The count with the formula it comes from, layer by layer."""
        _, _, count, selected = _model(check)
        parts = [count.layers[i] for i in selected if count.layers[i].params]
        formula = " + ".join(f"({layer.formula})" if len(parts) > 1 else layer.formula for layer in parts)
        total = format_number(Fraction(count.select(selected)))
        return f"{total} = {formula}" if formula and formula.replace(",", "") != total.replace(",", "") else total

    def validate(self, check: ParamsCheck, part: PartContext) -> list[tuple[str, str]]:
        """The model must be known and countable, the layers must exist, mistakes must be numbers."""
        problems = model_problems(check.model, "check.layers", lambda: _model(check))
        if problems:
            return problems
        return number_mistake_problems(part.mistakes) + partial_problems(check.partial.items(), part.points)


def _model(check: ParamsCheck) -> tuple[list[Layer], tuple[int | None, ...], ModelCount, list[int]]:
    return counted(check.model, check.layers)


# A mistake that earns what another does unless the rubric gives it its own points: biases miscounted with the
# weights right earn no less than biases left out.
_EARNS_AS = {"bias-miscounted": "bias-missing"}


def _diagnosed(wrong: Outcome, found: list[Misconception], check: ParamsCheck, part: PartContext) -> Outcome:
    if not found:
        return wrong
    kinds = sorted({item.kind for item in found})
    partial = cast(dict[str, float], check.partial)
    points = min(partial.get(kind, partial.get(_EARNS_AS.get(kind, kind), 0.0)) for kind in kinds)
    fraction = points / part.points
    if len(found) == 1:
        (item,) = found
        lines = [f"Your count is {item.computed}. {item.explanation}"]
    else:
        lines = [f"Your count matches {len(found)} different counting mistakes; which one you made cannot be told:"]
        lines += [f"- {item.computed}: {item.explanation}" for item in found]
    status = Status.of(fraction)
    note = "mistake:" + "+".join(kinds)
    return Outcome(status, fraction, (*wrong.feedback, *lines), wrong.interpreted_as, wrong.expected, note)
