"""Finding math and numbers in prose."""

from __future__ import annotations

from fractions import Fraction

import pytest

from grader.extract import equation_stretches, flatten_latex, has_number_words, marked_math, numbers

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
