"""The number check: finding the final number in prose, tolerance, known mistakes."""

from __future__ import annotations

import re

import pytest

from grader.checks import context_for, run_check
from grader.checks.base import PartContext
from grader.checks.number import NumberChecker
from grader.models.checks import NumberCheck
from grader.models.common import Notation
from grader.models.report import Status
from grader.models.rubric import Mistake, Part

CHECKER = NumberChecker()
UNITS = ["parameters", "params", "weights", "weight"]


def check(expected: object = "(32 * 256 + 256) + (256 * 1 + 1)", **settings: object) -> NumberCheck:
    return NumberCheck.model_validate({"type": "number", "expected": expected, "units": UNITS, **settings})


def grade(
    answer: str, number: NumberCheck | None = None, mistakes: tuple[Mistake, ...] = ()
) -> tuple[Status, str, str]:
    outcome = CHECKER.grade(number or check(), answer, PartContext(points=2, mistakes=mistakes))
    return outcome.status, outcome.note, " ".join(outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("8705", Status.CORRECT, id="bare-number"),
        pytest.param("8,705", Status.CORRECT, id="thousands-comma"),
        pytest.param("8\u202f705 parameters", Status.CORRECT, id="thin-space-grouping"),
        pytest.param("(32*256+256) + (256*1+1)", Status.CORRECT, id="arithmetic-expression"),
        pytest.param("32 × 256 + 256 + 257 = 8705 parameters", Status.CORRECT, id="unicode-chain"),
        pytest.param(r"$32 \times 256 + 256 = 8448$ and $8448 + 257 = 8705$ weights", Status.CORRECT, id="latex"),
        pytest.param(
            "Total: 8448 + 257 = 8705. The LSTM has 32 units.", Status.CORRECT, id="equation-beats-later-number"
        ),
        pytest.param("32x256 + 256 + 257 = 8705", Status.CORRECT, id="x-as-times"),
        pytest.param("8704", Status.INCORRECT, id="off-by-one"),
        pytest.param("Total: 4352 + 257 = 4609 weight parameters.", Status.INCORRECT, id="seed-mistake"),
        pytest.param("8,705.5", Status.INCORRECT, id="integers-are-exact"),
    ],
)
def test_reads_the_final_number(answer: str, status: Status) -> None:
    assert grade(answer)[0] is status


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("I am not sure.", Status.INCORRECT, "no_number", id="no-number"),
        pytest.param("d_in * d_out + d_out", Status.NEEDS_REVIEW, "no_number", id="a-formula-instead-of-a-number"),
        pytest.param(
            "It is the input size times the output size plus a bias for each of the output units of the layer.",
            Status.NEEDS_REVIEW,
            "no_number",
            id="a-long-answer-without-a-number",
        ),
        pytest.param("eight thousand seven hundred and five", Status.CORRECT, "correct", id="number-in-words"),
        pytest.param(
            "Either 8705 or 4609, depending on the input size",
            Status.NEEDS_REVIEW,
            "ambiguous_number",
            id="two-candidates-no-equation",
        ),
        pytest.param(
            "so 8705 or 4609 depending on the input size",
            Status.NEEDS_REVIEW,
            "ambiguous_number",
            id="two-candidates-depending-on-something",
        ),
        pytest.param("donc 8 705 ou 4 609 selon l'entrée", Status.NEEDS_REVIEW, "ambiguous_number", id="in-french"),
        pytest.param(
            "I think 4352 + 257 = 4609, or maybe the bias is per input so 4352 + 4353 = 8705. Not sure which one.",
            Status.NEEDS_REVIEW,
            "ambiguous_number",
            id="unsure-which-of-two-results",
        ),
        pytest.param(
            "d_k = 512/8 = 64. The values keep the full model dimension, d_v = 512.",
            Status.NEEDS_REVIEW,
            "ambiguous_number",
            id="a-value-named-after-what-keeps-it-is-offered",
        ),
    ],
)
def test_undecidable_answers_are_not_guessed(answer: str, status: Status, note: str) -> None:
    assert grade(answer)[:2] == (status, note)


def test_feedback_says_what_was_read_and_expected() -> None:
    _, _, feedback = grade("Total: $4352 + 257 = 4609$ weight parameters.")
    assert "4,609" in feedback
    assert "“4352 + 257 = 4609”" in feedback
    assert "expected 8,705 = (32 * 256 + 256) + (256 * 1 + 1)" in feedback


def test_a_known_mistake_gives_its_feedback_score_and_note() -> None:
    mistake = Mistake(
        answer="(16 * 256 + 256) + (256 * 1 + 1)",
        feedback="Dense(256) receives 32 inputs.",
        score=1,
        note="wrong-input-size",
    )
    outcome = CHECKER.grade(check(), "4609", PartContext(points=2, mistakes=(mistake,)))
    assert (outcome.status, outcome.fraction, outcome.note) == (Status.PARTIAL, 0.5, "mistake:wrong-input-size")
    assert "Dense(256) receives 32 inputs." in outcome.feedback[-1]


def test_the_first_matching_mistake_wins() -> None:
    first = Mistake(answer=4609, feedback="first", note="first")
    second = Mistake(answer="4609", feedback="second", note="second", score=1)
    outcome = CHECKER.grade(check(), "4609", PartContext(points=2, mistakes=(first, second)))
    assert outcome.note == "mistake:first"
    assert outcome.status is Status.INCORRECT


@pytest.mark.parametrize(
    ("expected", "tolerance", "answer", "status"),
    [
        pytest.param(0.333, None, "0.3333", Status.CORRECT, id="default-relative-for-decimals"),
        pytest.param(0.333, None, "0.34", Status.INCORRECT, id="beyond-default"),
        pytest.param(100, {"absolute": 2}, "98", Status.CORRECT, id="absolute"),
        pytest.param(100, {"relative": 0.01}, "101.5", Status.INCORRECT, id="relative"),
        pytest.param("2^60 + 1", None, "1152921504606846976", Status.INCORRECT, id="large-integers-exact"),
    ],
)
def test_tolerance(expected: object, tolerance: dict[str, float] | None, answer: str, status: Status) -> None:
    number = check(expected, tolerance=tolerance)
    assert grade(answer, number)[0] is status


@pytest.mark.parametrize(
    ("find", "answer", "value"),
    [
        pytest.param("first", "5 then 10", "5", id="first"),
        pytest.param("last", "5 then 10", "10", id="last"),
        pytest.param("only", "it is 10", "10", id="only"),
    ],
)
def test_find_modes(find: str, answer: str, value: str) -> None:
    outcome = CHECKER.grade(check(int(value), find=find), answer, PartContext(points=1))
    assert outcome.status is Status.CORRECT


def test_only_mode_refuses_several_numbers() -> None:
    outcome = CHECKER.grade(check(10, find="only"), "5 or 10", PartContext(points=1))
    assert outcome.status is Status.NEEDS_REVIEW


def test_validate_flags_a_mistake_equal_to_the_expected_value() -> None:
    mistakes = (Mistake(answer="8705", feedback="x", note="same"), Mistake(answer="x+1", feedback="y", note="bad"))
    problems = CHECKER.validate(check(), PartContext(points=2, mistakes=mistakes))
    assert [path for path, _ in problems] == ["mistakes[0].answer", "mistakes[1].answer"]


@pytest.mark.parametrize(
    ("expected", "answer", "status", "note"),
    [
        pytest.param(24, "Total: 4! parameters", Status.CORRECT, "correct", id="factorial-before-a-word"),
        pytest.param(24, "factorial(4)", Status.CORRECT, "correct", id="factorial-function"),
        pytest.param(24, "4! = 24", Status.CORRECT, "correct", id="factorial-in-an-equation"),
        pytest.param(24, "$4!$", Status.CORRECT, "correct", id="factorial-in-latex"),
        pytest.param(3, "3!/2", Status.CORRECT, "correct", id="factorial-in-arithmetic"),
        pytest.param(10**9, "(10^9)!", Status.NEEDS_REVIEW, "limit", id="too-large-is-never-its-operand"),
        pytest.param(4609, "Total: 4609 parameters!", Status.CORRECT, "correct", id="exclamation-after-a-word"),
        pytest.param(24, "The answer is 24!", Status.NEEDS_REVIEW, "ambiguous_factorial", id="right-as-emphasis"),
        pytest.param(24, "The answer is 4!", Status.NEEDS_REVIEW, "ambiguous_factorial", id="right-as-factorial"),
        pytest.param(8705, "The answer is 24!", Status.INCORRECT, "wrong_value", id="wrong-either-way"),
        pytest.param(4609, "Total = 4609!", Status.NEEDS_REVIEW, "ambiguous_factorial", id="factorial-too-large"),
        pytest.param(6272, "4 × 1568 = 6272!", Status.CORRECT, "correct", id="equation-holds-only-as-emphasis"),
        pytest.param(24, "4!!", Status.NEEDS_REVIEW, "unreadable", id="double-factorial"),
        pytest.param(24, "2.5! = 3.32", Status.NEEDS_REVIEW, "unreadable", id="factorial-of-a-fraction"),
    ],
)
def test_factorials_are_read_and_an_exclamation_mark_is_not_guessed_at(
    expected: int, answer: str, status: Status, note: str
) -> None:
    part = Part(id="a", points=2, check=check(expected))

    outcome = run_check(part, answer, context_for(part, Notation(), time_limit=2))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_an_exclamation_mark_that_may_be_a_factorial_says_both_readings() -> None:
    outcome = CHECKER.grade(check(24), "The answer is 4!", PartContext(points=2))

    assert outcome.interpreted_as == "4 or 4!"
    assert "read as 4 your answer is incorrect, read as the factorial 4! = 24 it is correct" in outcome.feedback[0]


@pytest.mark.parametrize(
    ("answer", "expected", "status", "note"),
    [
        pytest.param("≈8.7k", None, Status.NEEDS_REVIEW, "approximate", id="approximation-alone"),
        pytest.param("about 9k", None, Status.NEEDS_REVIEW, "approximate", id="wrong-approximation-is-still-reviewed"),
        pytest.param("8,705 ≈ 8.7k", None, Status.CORRECT, "correct", id="approximation-beside-the-exact-count"),
        pytest.param("about 8.7k (8,705)", None, Status.CORRECT, "correct", id="exact-count-in-brackets"),
        pytest.param("8.705.000", 8705000, Status.CORRECT, "correct", id="european-dots-unambiguous"),
        pytest.param("8 x 10", 8, Status.NEEDS_REVIEW, "ambiguous_reading", id="a-shape-or-a-product"),
        pytest.param("9x9", 8, Status.INCORRECT, "wrong_value", id="wrong-either-way"),
        pytest.param("each row sums to 1/n", 1, Status.NEEDS_REVIEW, "unread_number", id="a-number-in-a-formula"),
        pytest.param("it sums to 1/√d_k", 1, Status.NEEDS_REVIEW, "unread_number", id="divided-by-a-root"),
        pytest.param("It sums to 1, not 1/sqrt(d_k)", 1, Status.CORRECT, "correct", id="the-number-then-a-formula"),
        pytest.param("W2 and h_{t-1}", None, Status.NEEDS_REVIEW, "unread_number", id="digits-but-no-number"),
        pytest.param("8705 (not 4609)", None, Status.CORRECT, "correct", id="rejected-number-in-brackets"),
        pytest.param("Embedding 16000 parameters, dense 8705 parameters", None, Status.NEEDS_REVIEW,
                     "ambiguous_number", id="two-results"),
    ],
)  # fmt: skip
def test_readings_a_grader_must_confirm_go_to_review(
    answer: str, expected: int | None, status: Status, note: str
) -> None:
    number = check(expected) if expected is not None else None

    assert grade(answer, number)[:2] == (status, note)


def test_an_unreadable_expected_number_is_a_rubric_error_with_its_place() -> None:
    from grader.errors import RubricError
    from grader.io.loaders import rubric_from_yaml

    text = "assignment: hw\ntitle: HW\nquestions:\n- id: q1\n  title: Q1\n  parts:\n  - id: a\n    points: 1\n"
    with pytest.raises(RubricError) as raised:
        rubric_from_yaml(text + "    check: {type: number, expected: '4*('}\n", "hw.yaml")
    assert "line 9, questions[0].parts[0].check.expected: cannot read '4*(' as a number" in str(raised.value)


RECEPTIVE = {"expected": "3 + (3 - 1) * 2 + (2 - 1)", "alternatives": ["8 * 8"], "units": ["pixels", "px"]}


@pytest.mark.parametrize(
    ("answer", "status", "said"),
    [
        pytest.param("8", Status.CORRECT, "Read your result 8.", id="expected"),
        pytest.param("64", Status.CORRECT, "accepts as well as 8", id="alternative"),
        pytest.param("8x8", Status.CORRECT, "", id="both-readings-right"),
        pytest.param("8 × 8 pixels", Status.CORRECT, "", id="both-readings-right-with-unit"),
        pytest.param("9", Status.INCORRECT, "expected 8 = 3 + (3 - 1) * 2 + (2 - 1) (also accepted: 64)", id="wrong"),
    ],
)
def test_alternatives_are_also_right(answer: str, status: Status, said: str) -> None:
    number = NumberCheck.model_validate({"type": "number", **RECEPTIVE})
    got, _, feedback = grade(answer, number)
    assert got is status
    assert said in feedback


@pytest.mark.parametrize(
    ("answer", "status", "said"),
    [
        pytest.param("8x8", Status.CORRECT, "“8 × 8” read as a side of 8", id="a-square-of-the-side-asked"),
        pytest.param("$8\\times 8$ pixels", Status.CORRECT, "read as a side of 8", id="latex-with-unit"),
        pytest.param("7x7", Status.INCORRECT, "expected 8", id="a-square-of-another-side"),
    ],
)
def test_without_alternatives_a_square_of_the_answer_is_its_side(answer: str, status: Status, said: str) -> None:
    """`8x8` asked for a receptive field of side 8: a square window whose side is the answer (the devset
    instructor gives it full marks); a square of another side is wrong either way."""
    number = NumberCheck.model_validate({"type": "number", **RECEPTIVE, "alternatives": []})
    got, _, feedback = grade(answer, number)
    assert got is status
    assert said in feedback


@pytest.mark.parametrize(
    ("settings", "mistakes", "problem"),
    [
        pytest.param({"alternatives": ["8"]}, [], ("check.alternatives[0]", "equals the expected value"), id="same"),
        pytest.param({"alternatives": ["8 +"]}, [], ("check.alternatives[0]", "cannot read"), id="unreadable"),
        pytest.param({}, [64], ("mistakes[0].answer", "equals an accepted alternative"), id="mistake-is-alternative"),
    ],
)
def test_alternatives_are_validated(settings: dict[str, object], mistakes: list[int], problem: tuple[str, str]) -> None:
    number = NumberCheck.model_validate({"type": "number", **RECEPTIVE, **settings})
    known = tuple(Mistake(answer=m, feedback="x", note="x") for m in mistakes)
    problems = CHECKER.validate(number, PartContext(points=2, mistakes=known))
    assert any(path == problem[0] and problem[1] in text for path, text in problems), problems


def test_an_accepted_convention_gets_full_marks_with_its_feedback() -> None:
    convention = Mistake(answer=10816, feedback="the area is also accepted", note="area", accepted=True)
    outcome = CHECKER.grade(check("7744"), "10816", PartContext(points=2, mistakes=(convention,)))
    assert (outcome.status, outcome.fraction, outcome.note) == (Status.CORRECT, 1.0, "convention:area")
    assert "Accepted: the area is also accepted" in outcome.feedback


@pytest.mark.parametrize(
    ("expected", "answer", "status"),
    [
        pytest.param(10, "A is 10 × 12.", Status.NEEDS_REVIEW, id="rows-asked-shape-written"),
        pytest.param(12, "10 x 12", Status.NEEDS_REVIEW, id="columns-asked-shape-written"),
        pytest.param(120, "10 × 12", Status.CORRECT, id="the-product-asked"),
        pytest.param(64, "8x8", Status.CORRECT, id="square-product-asked"),
        pytest.param(7, "10 × 12", Status.INCORRECT, id="neither"),
        pytest.param(10, "10 × 12 = 120", Status.INCORRECT, id="an-equation-is-arithmetic"),
    ],
)
def test_a_product_of_two_sizes_may_be_a_shape(expected: int, answer: str, status: Status) -> None:
    """`10 × 12` is 120, or a shape (10 rows, 12 columns): a reading that would earn more goes to a grader, and
    the number as written stands when it earns the most."""
    assert grade(answer, NumberCheck.model_validate({"type": "number", "expected": expected}))[0] is status


@pytest.mark.parametrize(
    ("answer", "slips", "status", "score"),
    [
        pytest.param("Total = 32*256 + 256 + 256 + 1 = 8695", 0.5, Status.PARTIAL, 0.5, id="slip"),
        pytest.param("Total = 32*256 + 256 + 256 + 1 = 8695", 0.75, Status.PARTIAL, 0.75, id="slip-rubric-share"),
        pytest.param("Total = 32*256 + 256 + 256 + 1 = 8695", 0.0, Status.NEEDS_REVIEW, 0.0, id="slip-to-review"),
        pytest.param("32*256 + 256 + 256 + 1 = 8705", 0.5, Status.CORRECT, 1.0, id="right"),
        pytest.param("16*256 + 256 + 256 + 1 = 4609", 0.5, Status.INCORRECT, 0.0, id="working-wrong-too"),
        pytest.param("8695", 0.5, Status.INCORRECT, 0.0, id="no-working"),
        pytest.param("32*256 + 256 = 8448\n256*1 + 1 = 257\nTotal: 8695", 0.5, Status.PARTIAL, 0.5, id="parts-listed"),
        pytest.param("32*256 + 256 = 8448\n256*1 + 1 = 257\nTotal: 8705", 0.5, Status.CORRECT, 1.0, id="parts-right"),
        pytest.param("32*256 = 8192\n256*1 + 1 = 257\nTotal: 8695", 0.5, Status.INCORRECT, 0.0, id="parts-wrong-too"),
        pytest.param(
            "8448 (lstm) + 256 (dense) + 1 (out) = 8695", 0.5, Status.PARTIAL, 0.5, id="terms-named-in-brackets"
        ),
    ],
)
def test_right_working_with_a_wrong_sum_is_an_arithmetic_slip(
    answer: str, slips: float, status: Status, score: float
) -> None:
    """An equation whose working comes to the expected value while the stated result does not is an arithmetic
    slip: the rubric's `arithmetic_slips` share of the points (the method is right), or a grader's decision when
    that share is 0; never a confident zero and never full credit."""
    outcome = CHECKER.grade(check("8705"), answer, PartContext(points=2, slips=slips))
    assert (outcome.status, outcome.fraction) == (status, score)
    if status is Status.PARTIAL:
        assert outcome.note == "arithmetic_slip"
        assert "your working before it comes to 8,705, which is right" in " ".join(outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("32*256 + 256 + 256 = 8705", Status.NEEDS_REVIEW, id="working-to-8704"),
        pytest.param("32·256 + 256 + 256 = 8.705", Status.NEEDS_REVIEW, id="grouped-with-a-dot"),
        pytest.param("32*256 + 256 + 256 + 1 = 8705", Status.CORRECT, id="working-right"),
        pytest.param("8448 + 256 + 1 = 8705", Status.CORRECT, id="sum-right"),
        pytest.param("lstm 8448, dense 256 + 1 = 8705", Status.CORRECT, id="a-running-total"),
        pytest.param("3x3x32 = 288 + 32 = 8705", Status.CORRECT, id="a-step-on-from-a-link"),
    ],
)
def test_a_right_result_its_working_does_not_come_to_goes_to_a_grader(answer: str, status: Status) -> None:
    """A right result set equal to arithmetic that comes to another, close value (`3·(32·64 + 64·64 + 64) = 18816`
    for 18,624) does not follow from the working shown: a grader decides, as for a slip the other way round. Not
    a running total whose last terms stand before it, nor a step on from a link."""
    outcome = CHECKER.grade(check("8705"), answer, PartContext(points=2, slips=0.5))
    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert outcome.note == "arithmetic_slip"
        assert "comes to 8,704, not 8,705" in outcome.feedback[-1]


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("(32+1)*256 = 8448, (256+1)*1 = 257, total = 8605", Status.PARTIAL, id="total-slipped"),
        pytest.param("(32+1)*256 = 8448, (256+1)*1 = 257, total = 8705", Status.CORRECT, id="total-right"),
        pytest.param("(32+1)*256 = 8448, (256+1)*1 = 257, so 8605", Status.INCORRECT, id="not-named-the-total"),
        pytest.param("32*256 = 8192, (256+1)*1 = 257, total = 8605", Status.INCORRECT, id="steps-wrong-too"),
        pytest.param("(32+1)*256 = 8448, total = 8605", Status.INCORRECT, id="one-step-only"),
        pytest.param(
            "Wd 32x256 = 8192, bd 256, Wo 256x1 = 256, bo 1, total = 8605",
            Status.PARTIAL,
            id="counts-named-between-the-steps",
        ),
        pytest.param(
            "Wd 32x256 = 8192, bd 256, Wo 256x1 = 256, bo 1, total = 8705",
            Status.CORRECT,
            id="counts-named-between-the-steps-right",
        ),
    ],
)
def test_a_total_that_is_not_the_sum_of_its_steps_is_an_arithmetic_slip(answer: str, status: Status) -> None:
    """A result named the total with no working of its own, after steps whose results add up to the expected
    value (`8448, 257, total = 8605`), is a slip in the sum: the rubric's `arithmetic_slips` share, saying what the
    steps add up to, as for counts listed line by line. Not when the result is not named the total, nor when the
    steps add up to something wrong too, nor after a single step (which is a value of its own, not a part of a
    sum)."""
    outcome = CHECKER.grade(check("8705"), answer, PartContext(points=2, slips=0.5))
    assert outcome.status is status, outcome.feedback
    if status is Status.PARTIAL:
        assert (outcome.note, outcome.fraction) == ("arithmetic_slip", 0.5)
        assert "your working before it comes to 8,705, which is right" in " ".join(outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("σ'(0) = 0.5 × (1 − 0.5) = 0.5", Status.INCORRECT, id="a-factor-restated"),
        pytest.param("1/2 · 1/2 = 1/2", Status.INCORRECT, id="a-factor-restated-as-a-fraction"),
        pytest.param("σ'(0) = 0.5 × (1 − 0.5) = 0.2", Status.PARTIAL, id="a-product-worked-out-wrong"),
    ],
)
def test_a_result_that_restates_a_factor_of_its_product_is_no_arithmetic_slip(answer: str, status: Status) -> None:
    """`0.5 × 0.5 = 0.5` writes back the value the student believes (σ(0) for σ'(0)), not a product worked out
    wrong: the answer is 0.5, read with confidence and wrong (the corpus keyers gave all four such answers 0)."""
    outcome = CHECKER.grade(check("1/4"), answer, PartContext(points=1, slips=0.5))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("listed", "status"),
    [
        pytest.param(False, Status.PARTIAL, id="a-diagnosed-slip-is-still-an-arithmetic-slip"),
        pytest.param(True, Status.INCORRECT, id="a-mistake-the-rubric-lists-stands"),
    ],
)
def test_a_sum_that_slips_onto_a_known_mistake(listed: bool, status: Status) -> None:
    """`320 + 0 + 18496 + 77450 = 96256`: every part right, the sum 10 short, which is also the total without the
    Dense biases. The working shows the slip; a mistake the rubric lists for that value says otherwise."""
    from grader.io.loaders import load_rubric
    from tests.conftest import ROOT

    rubric = load_rubric(ROOT.parent / "shared" / "devset" / "rubrics" / "dl-cnn.yaml")
    _, part = next((q, p) for q, p in rubric.parts() if p.id == "total")
    if listed:
        mistake = Mistake(answer="96256", feedback="the Dense biases", note="bias-missing")
        part = part.model_copy(update={"mistakes": [mistake]})
    outcome = run_check(part, "320 + 0 + 18496 + 77450 = 96256", context_for(part, rubric.notation, 2.0))
    assert outcome.status is status


@pytest.mark.parametrize(
    ("answer", "units", "expected"),
    [
        pytest.param("flatten (Flatten)   (None, 7744)   0", [], "11 * 11 * 64", id="features-asked: the shape"),
        pytest.param("dense (Dense)   (None, 10)   77450", UNITS, "7744 * 10 + 10", id="parameters-asked: the count"),
    ],
)
def test_a_copied_summary_row_answers_what_the_part_asks(answer: str, units: list[str], expected: str) -> None:
    number = NumberCheck.model_validate({"type": "number", "expected": expected, "units": units})
    assert grade(answer, number)[0] is Status.CORRECT


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("8705?", Status.CORRECT, "correct", id="question-mark"),
        pytest.param("I think 8705 but not 100% sure", Status.CORRECT, "correct", id="in-words"),
        pytest.param("4609?", Status.INCORRECT, "wrong_value", id="wrong-is-wrong"),
    ],
)
def test_a_hedged_number_is_graded_as_written_and_the_feedback_says_so(answer: str, status: Status, note: str) -> None:
    got, got_note, feedback = grade(answer)
    assert (got, got_note) == (status, note)
    assert (status is Status.CORRECT) == ("graded as written" in feedback)


def test_dots_grouping_thousands_in_a_count_are_read_so_and_said() -> None:
    status, note, feedback = grade("8.705 parameters")
    assert (status, note) == (Status.CORRECT, "correct")
    assert "a count is a whole number" in feedback


FIELD = NumberCheck(type="number", expected="3 + (3 - 1) * 2 + (2 - 1)", units=["pixels", "px"])
FIELD_MISTAKE = (
    Mistake(answer="5", score=1, note="ignored-pool-stride", feedback="The pool stride doubles the step."),
)
SIDE_PROMPT = "What is the receptive field (in input pixels, along one side) of one unit of conv2's output?"


@pytest.mark.parametrize(
    ("answer", "prompt", "status", "score"),
    [
        pytest.param("8x8", SIDE_PROMPT, Status.CORRECT, 2.0, id="right-side"),
        pytest.param("5x5 pixels", SIDE_PROMPT, Status.PARTIAL, 1.0, id="a-known-mistake-as-a-square"),
        pytest.param("6 × 6", SIDE_PROMPT, Status.INCORRECT, 0.0, id="wrong-side-read-as-a-side"),
        pytest.param("about 10x10", SIDE_PROMPT, Status.NEEDS_REVIEW, 0.0, id="approximate-side"),
        pytest.param("5x5 pixels", "How large is the receptive field?", Status.NEEDS_REVIEW, 0.0, id="no-side-asked"),
        pytest.param(
            "8. conv1: 3, pool: 3 + 1 = 4, conv2: 4 + (3-1)*2 = 8. So 8 x 8 pixels",
            SIDE_PROMPT,
            Status.CORRECT,
            2.0,
            id="an-opening-number-then-its-window",
        ),
        pytest.param(
            "8. So it is 8 x 8 = 64 pixels", SIDE_PROMPT, Status.NEEDS_REVIEW, 0.0, id="an-opening-number-then-an-area"
        ),
        pytest.param(
            "8x8. Conv2 sees 3x3 pooled units -> a 6x6 patch of conv1 outputs -> each sees 3x3 pixels, so 6 + 2 = 8.",
            SIDE_PROMPT,
            Status.CORRECT,
            2.0,
            id="a-window-first-then-working-through-arrows-to-its-side",
        ),
        pytest.param(  # a corpus answer (round 93) that was read as 2, the last jump
            "r₀ = 1, j₀ = 1\nconv1 (k=3, s=1): r₁ = r₀ + (k−1)·j₀ = 3, j₁ = 1\npool (k=2, s=2): r₂ = 3 + (2−1)·1 = 4, "
            "j₂ = 2\nconv2 (k=3, s=1): r₃ = 4 + (3−1)·2 = 8, j₃ = 2\n⇒ each unit of conv2 sees an 8 × 8 patch of the input.",
            SIDE_PROMPT,
            Status.CORRECT,
            2.0,
            id="a-window-concluding-working-that-ends-in-another-number",
        ),
    ],
)
def test_a_square_is_its_side_when_the_part_asks_along_one_side(
    answer: str, prompt: str, status: Status, score: float
) -> None:
    outcome = CHECKER.grade(FIELD, answer, PartContext(points=2, mistakes=FIELD_MISTAKE, prompt=prompt))

    assert (outcome.status, outcome.fraction * 2) == (status, score), outcome.feedback
    if "x" in answer and prompt == SIDE_PROMPT and "= 64" not in answer:
        assert "as a side of" in outcome.feedback[0]


@pytest.mark.parametrize(
    ("answer", "slips", "status", "score"),
    [
        pytest.param(
            "W = 32*256 = 8092\nb = 256 + 256 + 1 = 513\nTotal = 8092 + 513 = 8605",
            0.5,
            Status.PARTIAL,
            0.5,
            id="a-step-slipped-and-carried",
        ),
        pytest.param(
            "W: 32 times 256 = 8092\nb: 256 plus 256 plus 1 = 513\nTotal: 8092 plus 513 = 8605",
            0.5,
            Status.PARTIAL,
            0.5,
            id="a-step-in-words-slipped-and-carried",
        ),
        pytest.param(
            "W = 32*256 = 8092\nb = 256 + 256 + 1 = 513\nTotal = 8092 + 513 = 8605",
            0.0,
            Status.NEEDS_REVIEW,
            0.0,
            id="to-review-without-a-share",
        ),
        pytest.param(
            "W = 32*256 = 8092\nb = 256 + 256 + 1 = 503\nTotal = 8092 + 503 = 8595",
            0.5,
            Status.INCORRECT,
            0.0,
            id="two-steps-slipped",
        ),
        pytest.param(
            "W = 32*256 = 8092\nb = 256 + 1 = 257\nTotal = 8092 + 257 = 8349",
            0.5,
            Status.INCORRECT,
            0.0,
            id="a-slip-and-a-wrong-method",
        ),
    ],
)
def test_a_slipped_step_carried_into_the_total_is_an_arithmetic_slip(
    answer: str, slips: float, status: Status, score: float
) -> None:
    """A false step elsewhere in the working (`Whh = 128*128 = 16284`) whose error is exactly what the result is
    off by: the method is right and the slip carried, so the rubric's `arithmetic_slips` share; two slips, or a
    slip beside a wrong method, stay wrong."""
    outcome = CHECKER.grade(check("8705"), answer, PartContext(points=2, slips=slips))
    assert (outcome.status, outcome.fraction) == (status, score), outcome.feedback
    if status is not Status.INCORRECT:
        assert "is off by 100" in " ".join(outcome.feedback), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "16*2 = 34\nTotal = 34*256 + 513 = 9217", Status.PARTIAL, id="a-slipped-factor-carried-into-a-product"
        ),
        pytest.param("16*2 = 34\nTotal = 34*256 + 513 = 9200", Status.INCORRECT, id="and-a-second-slip-in-the-product"),
        pytest.param("16*2 = 32\nTotal = 32*256 + 513 = 8705", Status.CORRECT, id="no-slip"),
        pytest.param(
            "16*2 = 34\nW = 34*256 = 8704\nTotal = 8704 + 513 = 9217", Status.PARTIAL, id="through-a-right-step-between"
        ),
        pytest.param(
            "16*2 = 34\nW = 34*256 = 8700\nTotal = 8700 + 513 = 9213",
            Status.INCORRECT,
            id="through-a-wrong-step-between",
        ),
        pytest.param(
            "$16 \\cdot 2 = 34$\nWeights: $34 \\cdot 256 = 8\\,704$\nTotal: $8\\,704 + 513 = 9\\,217$",
            Status.PARTIAL,
            id="in-latex-with-thin-spaces",
        ),
        pytest.param("16*2 = 34\nTotal = 34*34*8 + 513 = 9761", Status.PARTIAL, id="every-use-of-the-step-a-square"),
    ],
)
def test_a_step_slipped_before_a_product_is_carried_through_it(answer: str, status: Status) -> None:
    """A step off by 2 (`16*2 = 34`) multiplied on (`34*256 + …`): the result is off by 512, not 2, yet with the
    step right it would be right, so it is one slip carried, also through a right step between it and the
    result, and in every use of it (`10 × 10 × 64` for a side worked out as 10); a second slip in the product, or a
    wrong step between, is not."""
    outcome = CHECKER.grade(check("8705"), answer, PartContext(points=2, slips=0.5))
    assert outcome.status is status, outcome.feedback
    if status is Status.PARTIAL:
        assert re.search(r"the step “16 ?[*·] ?2 = 34” is off by 2,", " ".join(outcome.feedback))


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("32*256 = 8092 + 513 = 8605", Status.PARTIAL, id="a-running-sum-from-a-slipped-step"),
        pytest.param("32*256 = 8092 + 513 = 8615", Status.INCORRECT, id="and-a-second-slip"),
        pytest.param("32*256 = 8192 + 513 = 8705", Status.CORRECT, id="no-slip"),
        pytest.param("32*256 = 8092; + 513 = 8605", Status.PARTIAL, id="a-step-after-a-semicolon"),
        pytest.param("32*256 = 8192, + 513 = 8705", Status.CORRECT, id="no-slip-after-a-comma"),
        pytest.param("32*256 = 8092 + 513 = 8605. So the answer is 8605.", Status.PARTIAL, id="restated-after-it"),
        pytest.param("32*256 = 8192 + 513 = 8705. So the answer is 8605.", Status.INCORRECT, id="restating-another"),
    ],
)
def test_a_running_sum_written_as_one_chain_carries_a_slipped_step(answer: str, status: Status) -> None:
    """`3*3*32*64 = 18422 + 64 = 18486`: each link goes on from the value the student gave the link before; a
    step whose value is off, carried on to a result off by as much, is one slip, also when a sentence after the
    chain restates its result (`So the answer is 8605.`)."""
    outcome = CHECKER.grade(check("8705"), answer, PartContext(points=2, slips=0.5))
    assert outcome.status is status, outcome.feedback
    if status is Status.PARTIAL:
        assert "is off by 100" in " ".join(outcome.feedback), outcome.feedback
