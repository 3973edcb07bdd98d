"""The letter s read as the sigmoid where nothing else reads."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.checks.sigmoidletter import read_as_sigmoid
from grader.models.checks import ExpressionCheck
from grader.models.report import Status

UNKNOWN = ["“s(x)”: s(...) is not a known function: write s*(...) for a product"]
DERIVATIVE = r"\sigma(x)(1 - \sigma(x))"


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param("s(x)*(1-s(x))", "σ(x)*(1-σ(x))", id="applied"),
        pytest.param("s'(x) = s(x)(1-s(x))", "σ'(x) = σ(x)(1-σ(x))", id="with-its-derivative"),
        pytest.param("s(1-s)", "σ(x)*(1-σ(x))", id="a-value"),
        pytest.param("s' = s * (1 - s)", "σ'(x) = σ(x) * (1 - σ(x))", id="a-value-and-its-derivative"),
        pytest.param(
            "s(x)(1 - s(x)) where s is the sigmoid", "σ(x)(1 - σ(x)) where s is the sigmoid", id="prose-stays"
        ),
    ],
)
def test_s_is_written_as_the_sigmoid(answer: str, read: str) -> None:
    assert read_as_sigmoid(answer, DERIVATIVE, UNKNOWN) == read


@pytest.mark.parametrize(
    ("expected", "errors"),
    [
        pytest.param(DERIVATIVE, ["“x”: unexpected character '?'"], id="another-reason-it-does-not-read"),
        pytest.param("p - y", UNKNOWN, id="no-sigmoid-expected"),
    ],
)
def test_s_stays_s_unless_it_alone_keeps_the_answer_from_reading(expected: str, errors: list[str]) -> None:
    assert read_as_sigmoid("s(x)*(1-s(x))", expected, errors) is None


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("s(x)*(1-s(x))", Status.CORRECT, id="right"),
        pytest.param("s(x)(1+s(x))", Status.INCORRECT, id="the-sign-mistake"),
    ],
)
def test_an_answer_with_s_for_the_sigmoid_is_graded_and_says_so(answer: str, status: Status) -> None:
    check = ExpressionCheck(type="expression", expected=DERIVATIVE)
    outcome = MathChecker().grade(check, answer, PartContext(points=2))

    assert outcome.status is status, outcome.feedback
    assert "Assumed: read s as the sigmoid σ." in outcome.feedback
