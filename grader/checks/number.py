"""Numeric answers: find the student's final number in prose and compare it within tolerance."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise

from grader.checks.base import HEDGE_REMARK, REVIEW_WORDS, Followed, PartContext, apply_mistakes, format_number
from grader.checks.carried import credited
from grader.checks.counting import counted
from grader.errors import GraderError
from grader.extract import math_stretches
from grader.math.arith import Number, evaluate_text, number_of
from grader.models.checks import NumberCheck, ParamsCheck, ShapeCheck
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.models.rubric import Mistake
from grader.numbers import Candidate, Exclaimed, choose, find_numbers, square_side
from grader.numbers.readings import GROUPED, window_side


class NumberChecker:
    """The `number` check."""

    def grade(self, check: NumberCheck, answer: str, part: PartContext) -> Outcome:
        """Find the answer's number as `check.find` says and compare it with the expected value."""
        expected = self.expected(check)
        params = any(_stem_unit(unit) in _PARAMETER_UNITS for unit in check.units)  # a count of parameters asked
        side = _ALONG_A_SIDE.search(part.prompt) is not None  # `… in input pixels, along one side?`
        reading = read_number(answer, check.units, check.find, expected, counts=is_count(expected_value(check)),
                              params=params, difference=asks_difference(part.prompt), windows=side)  # fmt: skip
        if isinstance(reading, Outcome):
            return reading
        listed = frozenset(mistake.note for mistake in part.mistakes)
        if side:  # `6 × 6` is a window of side 6
            reading = as_side(reading)
        return judged(reading, lambda value, read: self.judge(check, value, read, expected, part), part.slips, listed)

    def judge(self, check: NumberCheck, value: Number, read: str, expected: str, part: PartContext) -> Outcome:
        """The outcome of the number `value` read from the answer as `read` says."""
        if _close(value, expected_value(check), check):
            return Outcome(Status.CORRECT, 1.0, (read + ".",), format_number(value), expected, Note.CORRECT)
        for alternative in check.alternatives:
            if _close(value, _value_of(alternative), check):
                said = f"{read}, which the rubric accepts as well as {format_number(expected_value(check))}."
                return Outcome(Status.CORRECT, 1.0, (said,), format_number(value), expected, Note.CORRECT)
        outcome = Outcome(
            Status.INCORRECT,
            0.0,
            (f"{read}; expected {expected}.",),
            format_number(value),
            expected,
            Note.WRONG_VALUE,
        )
        outcome = apply_mistakes(outcome, part, lambda mistake: _close(value, _mistake_value(mistake), check))
        earlier = carried_number(check, value, part.followed) if part.followed else None
        if part.followed and earlier is not None:
            return credited(outcome, part.followed, format_number(earlier), f"the value {format_number(value)}")
        return outcome

    def expected(self, check: NumberCheck) -> str:
        """The expected value, with the expression it comes from."""
        shown = format_number(expected_value(check))
        if isinstance(check.expected, str) and check.expected.replace(",", "").strip() != _plain(expected_value(check)):
            shown = f"{shown} = {check.expected}"
        if check.alternatives:
            shown += " (also accepted: " + ", ".join(format_number(_value_of(a)) for a in check.alternatives) + ")"
        return shown

    def validate(self, check: NumberCheck, part: PartContext) -> list[tuple[str, str]]:
        """The expected answer and every alternative must be numbers or arithmetic; every mistake answer a number,
        none equal to the expected value or an alternative."""
        try:
            expected_value(check)
        except GraderError as error:
            return [("check.expected", f"cannot read {check.expected!r} as a number: {error}. Write a number or an "
                     "arithmetic expression such as `4*(32*(16+32)+32)`")]  # fmt: skip
        problems = []
        for index, alternative in enumerate(check.alternatives):
            try:
                if _close(_value_of(alternative), expected_value(check), check):
                    problems.append((f"check.alternatives[{index}]", "equals the expected value: leave it out"))
            except GraderError as error:
                problems.append((f"check.alternatives[{index}]", f"cannot read {alternative!r} as a number: {error}"))
        for index, mistake in enumerate(part.mistakes):
            try:
                value = _mistake_value(mistake)
            except GraderError as error:
                problems.append((f"mistakes[{index}].answer", f"not a number: {error}"))
                continue
            if _close(value, expected_value(check), check):
                problems.append((f"mistakes[{index}].answer", "equals the expected value, so it would never be used"))
            elif any(_close(value, _value_of(a), check) for a in check.alternatives if _readable(a)):
                problems.append((f"mistakes[{index}].answer", "equals an accepted alternative: it would never match"))
        return problems


def followed_value(
    check: NumberCheck | ParamsCheck | ShapeCheck, answer: str | None = None, *, difference: bool = False
) -> Number | None:
    """The value of an earlier part a number part `follows`: the right one (no `answer`), or the student's, read
    as that part reads it (`difference`: whether its prompt asks for a difference, `asks_difference`; the parts
    followed ask for counts and sizes); None when it cannot be read with confidence (or is a shape of several
    axes)."""
    if isinstance(check, ShapeCheck):
        from grader.checks.shape import expected_shape
        from grader.checks.shapereading import pick, without_batch

        right = expected_shape(check)
        if len(right) != 1 or right[0] is None:
            return None
        if answer is None:
            return Fraction(right[0])
        picked = pick(answer, 1)
        dims = without_batch(picked.shape.dims, 1) if picked.shape else ()
        return Fraction(dims[0]) if len(dims) == 1 and dims[0] is not None else None
    if answer is None:
        if isinstance(check, NumberCheck):
            return expected_value(check)
        _, _, count, selected = counted(check.model, check.layers)
        return Fraction(count.select(selected))
    reading = read_number(
        answer, check.units, check.find, "", params=isinstance(check, ParamsCheck), difference=difference
    )
    if isinstance(reading, Outcome) or reading.approximate is not None or reading.hedged or reading.others:
        return None
    return reading.value


def formula_value(formula: str, earlier: Number) -> Number:
    """A `follows.formula` evaluated with `x` the earlier value. Raises GraderError."""
    exact = f"({earlier.numerator}/{earlier.denominator})" if isinstance(earlier, Fraction) else f"({earlier!r})"
    return evaluate_text(re.sub(r"\bx\b", exact, formula))


def carried_number(check: NumberCheck, value: Number, followed: Followed) -> Number | None:
    """The student's earlier value, when `value` is this part's formula applied to it (error carried forward)."""
    if not followed.formula:
        return None
    earlier = followed_value(followed.check, followed.answer)
    if earlier is None or earlier == followed_value(followed.check):
        return None
    try:
        return earlier if _close(value, formula_value(followed.formula, earlier), check) else None
    except GraderError:
        return None


def expected_value(check: NumberCheck) -> Number:
    """The expected value, exact where the rubric wrote an exact number or expression (`4*(32*48+32)`)."""
    return _value_of(check.expected)


def _readable(value: int | float | str) -> bool:
    try:
        _value_of(value)
    except GraderError:
        return False
    return True


@lru_cache(maxsize=1024)
def _value_of(expected: int | float | str) -> Number:
    return evaluate_text(expected) if isinstance(expected, str) else number_of(expected)


@dataclass(frozen=True, kw_only=True)
class NumberReading:
    """The number picked as the answer, how it was read, and the other ways its text can be read: `24!` ending a
    sentence (emphasis, or a factorial), `8x8` (64, or a side of 8), `20.362` in a count (a decimal, or 20,362); an
    approximation (`≈1.05M`) carries its half-width."""

    value: Number
    read: str  # "Read your result 4,609 from “4352 + 257 = 4609”"
    others: tuple[tuple[Number, str], ...] = ()
    exclaimed: Exclaimed | None = None
    approximate: Fraction | None = None
    source: str = ""
    hedged: bool = False
    links: tuple[Number, ...] = ()  # the values of the equation chain the number ends, in order
    # false steps elsewhere in the working (`Whh = 128*128 = 16284`): what the result is off by for each, its
    # text, and what the step itself is off by (`1546 + 32 = 1578` for 1568, then `4 × 1578`: 40, and 10)
    slipped: tuple[tuple[Number, str, Number], ...] = ()


def is_count(value: Number) -> bool:
    """Whether an expected value is a count in the thousands, which European students may write `20.362`."""
    return isinstance(value, Fraction) and value.denominator == 1 and abs(value) >= 1000


# `How many more parameters …`, `the difference`: a question that asks for a difference between counts
_DIFFERENCE = re.compile(
    r"\b(?:more|fewer|less|difference|differ|extra|saves?|saving|reduction|increase|decrease|larger|smaller)\b",
    re.IGNORECASE,
)


def asks_difference(prompt: str) -> bool:
    """Whether a part's prompt asks for a difference (`How many more parameters …`): then `6016 more` answers it;
    otherwise a number said to be more or fewer than another compares, and is not the answer."""
    return _DIFFERENCE.search(prompt) is not None


def read_number(
    answer: str,
    units: list[str],
    find: str,
    expected: str,
    *,
    counts: bool = False,
    params: bool = False,
    difference: bool = True,
    windows: bool = False,
) -> NumberReading | Outcome:
    """The answer's number and how it was read, or the outcome when no number can be picked: none at all in a
    short answer is `incorrect`; none in an answer of some length or with a formula (`d_model / h`),
    digits that cannot be read, or several numbers none of which is marked as the result go to a grader."""
    found = find_numbers(answer, units, counts=counts, params=params, difference=difference)
    choice = choose(found, find, answer, windows=windows)
    picked = choice.candidate
    if picked is None:
        several = choice.ambiguous or sum(c.rank > 0 for c in choice.candidates) > 1
        reason = choice.reason
        if not choice.unreadable and (len(answer.split()) >= REVIEW_WORDS or math_stretches(answer)):
            reason = "No number found in your answer, which may answer in other terms; a grader will read it."
            return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, expected, Note.NO_NUMBER)
        status = Status.NEEDS_REVIEW if choice.unreadable else Status.INCORRECT
        note = Note.AMBIGUOUS_NUMBER if several else (Note.UNREAD_NUMBER if choice.unreadable else Note.NO_NUMBER)
        return Outcome(status, 0.0, (reason,), None, expected, note)
    read = f"Read your result {_shown(picked)}"
    if picked.source.replace(",", "") != _plain(picked.value):
        read += f" from “{picked.source}”"
    if picked.note:
        read += f" ({picked.note})"
    basis = _restated(picked, found) or picked  # `… + 10 = 20262. So it needs 20262 parameters`: that working
    earlier = [c for c in found if c is not basis and len(c.links) > 1 and c.position < basis.position]
    slipped = tuple((c.links[-2] - c.links[-1], c.source, c.links[-2] - c.links[-1]) for c in earlier
                    if c.links[-2] != c.links[-1])  # fmt: skip
    slipped += _running_slips(basis)
    if len(set(basis.links)) <= 1:  # a result that holds for its own working: a step before it may have slipped
        slipped += _carried_slips(basis, earlier)
    return NumberReading(value=picked.value, read=read, others=picked.others, exclaimed=picked.exclaimed,
                   approximate=picked.approximate, source=basis.source, hedged=picked.hedged,
                   links=basis.links, slipped=slipped)  # fmt: skip


def _restated(picked: Candidate, found: list[Candidate]) -> Candidate | None:
    """The working the picked result restates, when it has none of its own: the last equation chain before it
    that ends on the same value (`2560 + 16384 = 18944; + 128 = … = 20262. So it needs 20262 parameters`)."""
    if len(picked.links) > 1:
        return None
    chains = [c for c in found if len(c.links) > 1 and c.position < picked.position]
    return chains[-1] if chains and chains[-1].links[-1] == picked.value else None


def _carried_slips(picked: Candidate, earlier: list[Candidate]) -> tuple[tuple[Number, str, Number], ...]:
    """The slips of earlier steps whose values the result's working uses, directly (`128*128 = 16284`, then
    `… + 16284 + … = total`) or through steps that are right for it (`512^2 = 262114`, `4 * 262114 = 1048456`,
    then `1048456 + 2048 = 1050504`): for each, how far off the result is for it, the step, and the step's own
    error."""
    found: list[tuple[Number, str, Number]] = []
    for index, step in enumerate(earlier):
        if step.links[0] == step.links[-1]:
            continue
        wrong, right = step.links[-1], step.links[0]
        for later in earlier[index + 1 :]:  # a right step on the slipped value carries the slip on
            fixed = _with_step_fixed(later.source, wrong, right)
            if fixed is not None and len(set(later.links)) == 1:
                wrong, right = later.links[-1], fixed
        fixed = _with_step_fixed(picked.source, wrong, right)
        if fixed is not None:
            found.append((fixed - picked.value, step.source, step.links[0] - step.links[-1]))
    return tuple(found)


def _running_slips(picked: Candidate) -> tuple[tuple[Number, str, Number], ...]:
    """The slips of a running sum written as one chain (`3*3*32*64 = 18422 + 64 = 18486`: each link starts from
    the value the student gives the link before): for each link that starts from a value other than its
    predecessor's, how far off the result is for it, the step, and the step's own error."""
    links = [link.strip() for link in picked.source.split("=")]
    found: list[tuple[Number, str, Number]] = []
    for before, link in pairwise(links):
        start = _STARTING_VALUE.match(link)
        if start is None:
            continue
        try:
            wrong, right = evaluate_text(start.group(1)), evaluate_text(before)
            fixed = _with_step_fixed(link, wrong, right) if wrong != right else None  # the step's value put right
            if fixed is None:
                continue
            off = fixed - evaluate_text(link)
        except (GraderError, ArithmeticError, ValueError):
            continue
        found.append((off, f"{before} = {start.group(1)}", right - wrong))
    return tuple(found)


_STARTING_VALUE = re.compile(r"(\d+(?:\.\d+)?)[ \t]*(?=[-+×*·/])")  # `18422 + 64`: a step's value, worked on


def _with_step_fixed(source: str, wrong: Number, right: Number) -> Number | None:
    """The value of the first link of `source` (`4 × 1578 = 6312`) with a slipped step's value put right (1578
    for 1568, from `32 × 48 + 32 = 1546 + 32 = 1578`): what the result would be with the step right; None when
    `source` does not use the step's value or cannot be evaluated."""
    first = source.split("=")[0]
    wrong_text, right_text = _plain(wrong), _plain(right)
    pattern = rf"(?<![\d.,]){re.escape(wrong_text)}(?![\d.,]\d)"
    if not re.search(pattern, first):  # every use of it: `= 10`, then `10 × 10 × 64` for a square
        return None
    try:
        return evaluate_text(re.sub(pattern, right_text, first))
    except (GraderError, ArithmeticError, ValueError):
        return None


def _shown(candidate: Candidate) -> str:
    return ("≈" if candidate.approximate is not None else "") + format_number(candidate.value)


def judged(
    reading: NumberReading,
    judge: Callable[[Number, str], Outcome],
    slips: float = 0.5,
    listed: frozenset[str] = frozenset(),
) -> Outcome:
    """The outcome `judge` gives the answer's number, when it is sure. An approximation goes to a grader (the exact
    count is asked for); so does a text with another reading that would earn more (`8x8` as a side of 8, `10 × 12`
    as a shape, `20.362` as 20,362), since either guess could fail a right answer; when the number as written
    earns the most, it stands. `24!` ending a sentence goes to a grader whenever its two readings differ. A wrong
    result whose working comes to the right value (an arithmetic slip) gets `slips` of the points (to a grader
    when 0), also when the result is a slip the count's diagnosis names (a bias left out), unless the rubric lists
    that mistake (`listed`: its notes), which says the value is an error of its own."""
    for value, how in reading.others if len(reading.links) > 1 else ():
        if value == reading.links[-2]:  # `1000 x 16 = 16.000`: the working says which reading is meant
            reading = replace(reading, value=value, read=f"{reading.read} ({how}, as your working comes to it)",
                              others=())  # fmt: skip
            break
    grouped = [(value, how) for value, how in reading.others if GROUPED in how]
    if grouped and not _whole(reading.value):  # `20.362 parameters`: a count is whole, so the dots group thousands
        value, how = grouped[0]
        reading = replace(reading, value=value, read=f"{reading.read} ({how}: a count is a whole number)", others=())
    outcome = judge(reading.value, reading.read)
    if reading.approximate is not None:
        low, high = reading.value - reading.approximate, reading.value + reading.approximate
        reason = (
            f"{reading.read}: an approximation (between {format_number(low)} and {format_number(high)}); the exact "
            "number is asked for, so a grader will decide."
        )
        return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), f"≈{format_number(reading.value)}", outcome.expected,
                       Note.APPROXIMATE)  # fmt: skip
    if reading.exclaimed is not None:
        return _exclaimed(reading, outcome, judge)
    if reading.hedged and outcome.status is not Status.INCORRECT:  # `18816?`: unsure, but what it says is read
        return dataclasses.replace(outcome, feedback=(*outcome.feedback, HEDGE_REMARK))
    unfollowed = _unfollowed(reading, outcome)
    if unfollowed is not None:
        return unfollowed
    diagnosed = outcome.note.startswith("mistake:") and outcome.note.removeprefix("mistake:") not in listed
    if (outcome.status is Status.INCORRECT and not outcome.note.startswith("mistake:")) or (
        diagnosed and outcome.fraction < slips
    ):
        restated = _factor_restated(reading)  # `0.5 × (1 − 0.5) = 0.5`: the answer believed, not a slip
        for value in reading.links[:-1] if not restated else ():  # `896 + … + 1290 = 458146`: the sum slipped
            if value != reading.value and judge(value, "").status is Status.CORRECT:
                why = f"{reading.read}, but your working before it comes to {format_number(value)}, which is right"
                return _slip(why, reading, outcome, slips)
        carried = {
            (step, source)
            for off, source, step in reading.slipped
            if judge(reading.value + off, "").status is Status.CORRECT
        }
        if len(carried) == 1:  # `Whh = 128*128 = 16284`, then a total right for it: one step slipped
            off, source = next(iter(carried))
            size: Number = -off if off < 0 else off
            why = (f"{reading.read}, but the step “{source}” is off by {format_number(size)}, and with it right "
                   "your result would be right")  # fmt: skip
            return _slip(why, reading, outcome, slips)
    for value, how in reading.others:
        alternative = judge(value, f"Read your result {format_number(value)} ({how})")
        if alternative.status is Status.CORRECT and value == square_side(reading.source):
            return alternative  # `8x8` for a side of 8: a square window, and its side is the answer asked for
        if alternative.fraction > outcome.fraction:  # a reading that would earn more: the student may mean it
            reason = (
                f"“{reading.source}” can be read in two ways: as {format_number(reading.value)} your answer is "
                f"{outcome.status.value}; {how}, it is {alternative.status.value}. A grader will decide."
            )
            fraction = min(outcome.fraction, alternative.fraction)
            return Outcome(Status.NEEDS_REVIEW, fraction, (reason,), f"{format_number(reading.value)} or "
                           f"{format_number(value)}", outcome.expected, Note.AMBIGUOUS_READING)  # fmt: skip
    return outcome


def _unfollowed(reading: NumberReading, outcome: Outcome) -> Outcome | None:
    """A right result set equal to working that comes to another value (`3·(32·64 + 64·64 + 64) = 18816`, whose
    working is 18,624): the result does not follow from the working shown, so a grader decides what it is worth,
    as for a slip the other way round. A factor restated (`0.5 × (1 − 0.5) = 0.5`) is no such working."""
    if outcome.status is not Status.CORRECT or len(reading.links) < 2 or _factor_restated(reading):
        return None
    working = reading.links[-2]
    links = reading.source.split("=")
    if working == reading.value or len(links) != 2 or not _WORKED.fullmatch(links[0]):
        return None  # `… = σ'(0) = 1/4`, `total = 20362`: no working; `3x3x32 = 288 + 32`: a step on from a link
    if not (_STATED.fullmatch(links[1]) and reading.value / 2 <= working <= reading.value * 2):
        return None  # `biases 128+10 = 20362`: a running total, its last terms written before it
    reason = (
        f"{reading.read}: right, but the working it is set equal to comes to {format_number(working)}, not "
        f"{format_number(reading.value)}; the result does not follow from it, so a grader will decide."
    )
    return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), format_number(reading.value), outcome.expected,
                   Note.ARITHMETIC_SLIP)  # fmt: skip


_PRODUCT_SIGN = re.compile(r"[×*·]")
_STATED = re.compile(r"[ \t]*\d[\d \t,.'’]*")  # the number written as the result
# arithmetic alone, with an operator (`3·(32·64 + 64·64 + 64)`): a link whose value is the working's
_WORKED = re.compile(r"[\d \t,.'’]*\d[\d \t,.'’()\[\]]*(?:[-+−×*·x/][\d \t,.'’()\[\]]+)+")
_LITERAL = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:/[1-9]\d*)?(?![\d.])")


def _factor_restated(reading: NumberReading) -> bool:
    """Whether the result restates a factor of the product it is set equal to (`σ'(0) = 0.5 × (1 − 0.5) = 0.5`,
    `1/2 · 1/2 = 1/2`): a value the student believes and writes back, not a product worked out wrong, so no
    arithmetic slip."""
    links = reading.source.split("=")
    if len(links) < 2 or not _PRODUCT_SIGN.search(links[-2]):
        return False
    return any(Fraction(literal) == reading.value for literal in _LITERAL.findall(links[-2]))


def _slip(why: str, reading: NumberReading, outcome: Outcome, slips: float) -> Outcome:
    """An arithmetic slip (`why` says where): `slips` of the points, or a grader's decision when that is 0."""
    if not slips:
        return Outcome(Status.NEEDS_REVIEW, 0.0, (f"{why}: an arithmetic slip? A grader will decide.",),
                       format_number(reading.value), outcome.expected, Note.ARITHMETIC_SLIP)  # fmt: skip
    reason = f"{why}: an arithmetic slip, {slips:.0%} of the points (the method is right, the result is not)."
    return Outcome(Status.of(slips), slips, (reason,), format_number(reading.value), outcome.expected,
                   Note.ARITHMETIC_SLIP)  # fmt: skip


def _exclaimed(reading: NumberReading, outcome: Outcome, judge: Callable[[Number, str], Outcome]) -> Outcome:
    """`24!` ending a sentence may be 24 said with emphasis or 24 factorial."""
    other = reading.exclaimed
    assert other is not None
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
        Status.NEEDS_REVIEW,
        fraction,
        (reason,),
        f"{plain} or {other.source}",
        outcome.expected,
        Note.AMBIGUOUS_FACTORIAL,
    )


def _short(value: Number) -> str:
    shown = format_number(value)
    return shown if len(shown) <= 40 else f"a number of {len(str(int(value))):,} digits"


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


_PARAMETER_UNITS = frozenset({"parameter", "param", "weight"})


def _stem_unit(unit: str) -> str:
    return unit.lower().rstrip("s")


def _whole(value: Number) -> bool:
    return isinstance(value, Fraction) and value.denominator == 1


_ALONG_A_SIDE = re.compile(r"\b(?:along|on|per)[ \t]+(?:one|a|each)[ \t]+side\b", re.IGNORECASE)


def as_side(reading: NumberReading) -> NumberReading:
    """`8x8` (or `8 × 8 pixels`) names a square window: its side, 8, is the answer, not the area."""
    written = window_side(reading.source)
    if written is None:
        return reading
    side = Fraction(written)
    approximate = None if reading.approximate is None else Fraction(1, 2)  # `about 10x10`: about a side of 10
    return NumberReading(value=side, read=f"Read your window “{reading.source}” as a side of {written}",
                         source=reading.source, approximate=approximate, hedged=reading.hedged)  # fmt: skip
