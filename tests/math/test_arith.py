"""Exact arithmetic of parameter-count formulas, with every huge result refused before it is computed."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest

from grader.errors import LimitError, NotationError
from grader.math.arith import evaluate_chain, evaluate_text, number_of
from grader.math.parser import parse_one


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("4*(32*(16+32)+32)", 6272, id="lstm-keras"),
        pytest.param("4*((16+1)*32+32^2)", 6272, id="lstm-student-form"),
        pytest.param("4 × ((16 + 1) × 32 + 32²)", 6272, id="unicode"),
        pytest.param(r"4 \times \left((16+1) \times 32 + 32^{2}\right)", 6272, id="latex"),
        pytest.param("(32 * 256 + 256) + (256 * 1 + 1)", 8705, id="dense"),
        pytest.param("20*128 + 128*128 + 128 + 128*10 + 10", 20362, id="vanilla-rnn"),
        pytest.param("0.1 + 0.2", Fraction(3, 10), id="decimals-exact"),
        pytest.param(r"\frac{1}{3} + \frac{2}{3}", 1, id="fractions"),
        pytest.param("2^-1", Fraction(1, 2), id="negative-exponent"),
        pytest.param("-2^2", -4, id="minus-binds-looser-than-power"),
        pytest.param("2^3^2", 512, id="power-right-associative"),
        pytest.param("factorial(5)", 120, id="factorial"),
    ],
)
def test_formulas_evaluate_exactly(text: str, value: int | Fraction) -> None:
    result = evaluate_text(text)

    assert isinstance(result, Fraction)
    assert result == value


def test_an_irrational_result_is_a_float() -> None:
    assert evaluate_text("sqrt(2)") == pytest.approx(2**0.5)


def test_every_link_of_a_chain_is_evaluated() -> None:
    assert evaluate_chain(parse_one("4 × 1568 = 6272 = 6272.0")) == [6272, 6272, 6272]


def test_rubric_numbers_are_exact() -> None:
    assert number_of(0.1) == Fraction(1, 10)
    assert number_of(6272) == 6272


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        pytest.param("x + 1", NotationError, "contains the symbol x", id="symbol"),
        pytest.param("1/0", NotationError, "division by zero", id="division-by-zero"),
        pytest.param("a = b", NotationError, "not an equation", id="equation"),
        pytest.param("9^9^9^9", LimitError, "too large", id="tower"),
        pytest.param("((9**9)**9999)**9999", LimitError, "too large", id="nested-powers"),
        pytest.param("factorial(100000)", LimitError, "too large", id="factorial"),
        pytest.param("factorial(factorial(10))", LimitError, "too large", id="nested-factorial"),
    ],
)
def test_what_is_not_a_bounded_number_is_refused_fast(text: str, error: type[Exception], message: str) -> None:
    start = time.perf_counter()
    with pytest.raises(error, match=message):
        evaluate_text(text)
    assert time.perf_counter() - start < 1
