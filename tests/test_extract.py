"""Finding math and numbers in prose."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import pytest

from grader.extract import Exclaimed, equation_stretches, flatten_latex, has_number_words, marked_math, numbers

UNITS = ["parameters", "weights"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(
            "Total: 4352 + 257 = 4609 weight parameters", [(4609, "4352 + 257 = 4609", True)], id="prose-chain"
        ),
        pytest.param("It has 16,000 parameters", [(16000, "16000", True)], id="unit-marks-result"),
        pytest.param("vocabulary (1,000) times 16", [(1000, "(1000)", False), (16, "16", False)], id="plain-numbers"),
        pytest.param(r"$1000 \times 16 = 16{,}000$", [(16000, "1000 × 16 = 16000", True)], id="latex-grouping"),
        pytest.param(r"$\frac{1}{2} = 0.5$", [(Fraction(1, 2), "(1)/(2) = 0.5", True)], id="latex-frac"),
        pytest.param("h_{t-1} W2 x_1 3rd", [], id="parts-of-names-are-not-numbers"),
        pytest.param("1) Embedding: 16,000 parameters", [(16000, "16000", True)], id="list-marker-ignored"),
        pytest.param("- 5 and 10 time steps", [(5, "5", False), (10, "10", False)], id="bullet-ignored"),
        pytest.param("= 4 × 1568 = 6272 weights.", [(6272, "4 × 1568 = 6272", True)], id="leading-equals-trailing-dot"),
        pytest.param("0.5 or .25", [(Fraction(1, 2), "0.5", False), (Fraction(1, 4), ".25", False)], id="decimals"),
    ],
)
def test_numbers(answer: str, expected: list[tuple[object, str, bool]]) -> None:
    found = [(number.value, number.source, number.is_result) for number in numbers(answer, UNITS)]
    assert found == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param("There are 4! ways", [(24, "4!", None)], id="factorial-inside-a-sentence"),
        pytest.param("factorial(3) + 1", [(7, "factorial(3) + 1", None)], id="factorial-function"),
        pytest.param("$3!$", [(6, "3!", None)], id="factorial-in-latex"),
        pytest.param("(1+2)!", [(6, "(1+2)!", None)], id="factorial-of-a-bracket"),
        pytest.param("4 != 5", [(4, "4", None), (5, "5", None)], id="not-equal-is-no-factorial"),
        pytest.param("4609 parameters!", [(4609, "4609", None)], id="exclamation-after-a-word"),
        pytest.param("It is 24!", [(24, "24", Exclaimed(Fraction(620448401733239439360000), "24!"))], id="at-the-end"),
        pytest.param("It is 24! Yes.", [(24, "24", Exclaimed(Fraction(620448401733239439360000), "24!"))], id="then-a-capital"),
        pytest.param("It is 600!", [(600, "600", Exclaimed(None, "600!"))], id="factorial-reading-too-large"),
        pytest.param("4! = 24!", [(24, "4! = 24", None)], id="only-emphasis-keeps-the-equation"),
    ],
)  # fmt: skip
def test_numbers_with_factorials(answer: str, expected: list[tuple[object, str, Exclaimed | None]]) -> None:
    found = [(number.value, number.source, number.exclaimed) for number in numbers(answer, UNITS)]
    assert found == expected


def test_a_long_stretch_without_a_digit_is_read_in_linear_time() -> None:
    probe = "from grader.extract import numbers; print(numbers(' ' * 100_000 + '(' * 100_000 + 'x 1', []))"

    # In a process of its own: a regular expression that backtracks cannot be interrupted in this one.
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=10)

    assert "FoundNumber(value=Fraction(1, 1)" in done.stdout


def test_marked_math_in_order() -> None:
    answer = r"First $$a = b$$ then \[c = d\], inline $e$ and \(f\); a price of 5 dollars is prose."
    assert marked_math(answer) == ["a = b", "c = d", "e", "f"]


def test_equation_stretches_stop_at_prose_words() -> None:
    line = "When f_t is set to 0, the update becomes: C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t"
    assert equation_stretches(line) == ["C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t"]


def test_flatten_latex_keeps_words_of_text_commands() -> None:
    assert "input size" in flatten_latex(r"$4 \times (\text{input size} + 1)$")


@pytest.mark.parametrize(
    ("answer", "spelled"),
    [("sixteen thousand", True), ("twenty-one", True), ("the gate is open", False), ("16000", False)],
)
def test_number_words(answer: str, spelled: bool) -> None:
    assert has_number_words(answer) is spelled
