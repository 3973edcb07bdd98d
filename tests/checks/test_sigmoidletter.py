"""The letter s, or Ng's g, read as the sigmoid where nothing else reads."""

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
    assert read_as_sigmoid(answer, DERIVATIVE, UNKNOWN) == (read, "read s as the sigmoid σ")


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param("g'(z) = g(z)(1 − g(z))", "σ'(z) = σ(z)(1 − σ(z))", id="ng-activation"),
        pytest.param("g'(z) = g(z)(1 − g(z)) = a(1 − a)", "σ'(z) = σ(z)(1 − σ(z)) = σ(z)*(1 − σ(z))",
                     id="ng-activation-and-its-value-a"),
        pytest.param("g'(z) = g(z)(1 − g(z)), a standard result", "σ'(z) = σ(z)(1 − σ(z)), a standard result",
                     id="the-article-a-stays"),
    ],
)  # fmt: skip
def test_ngs_g_is_written_as_the_sigmoid_and_his_a_as_its_value(answer: str, read: str) -> None:
    unknown = ["“g'(z)”: g'(...) is not a known function: write g'*(...) for a product"]

    assert read_as_sigmoid(answer, DERIVATIVE, unknown) == (read, "read g as the sigmoid σ and a as its value g(z)")


def test_a_g_alone_is_a_value_of_its_own_so_g_stays_g() -> None:
    unknown = ["“g(1-g)”: g(...) is not a known function: write g*(...) for a product"]

    assert read_as_sigmoid("g(1-g)", DERIVATIVE, unknown) is None  # g for c̃ (PyTorch's candidate), not Ng's g(z)


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
    ("answer", "status", "letter"),
    [
        pytest.param("s(x)*(1-s(x))", Status.CORRECT, "s", id="right"),
        pytest.param("s(x)(1+s(x))", Status.INCORRECT, "s", id="the-sign-mistake"),
        pytest.param("g'(z) = g(z)(1 − g(z)) = a(1 − a)", Status.CORRECT, "g", id="ng-right"),
        pytest.param("g(z)(1 + g(z))", Status.INCORRECT, "g", id="ng-the-sign-mistake"),
    ],
)
def test_an_answer_with_a_letter_for_the_sigmoid_is_graded_and_says_so(
    answer: str, status: Status, letter: str
) -> None:
    check = ExpressionCheck(type="expression", expected=DERIVATIVE)
    outcome = MathChecker().grade(check, answer, PartContext(points=2))

    assert outcome.status is status, outcome.feedback
    assert any(line.startswith(f"Assumed: read {letter} as the sigmoid σ") for line in outcome.feedback)
