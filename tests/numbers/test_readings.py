"""Other readings of one number's text: a square's side, a shape's sizes, dots grouping thousands in a count."""

from __future__ import annotations

from fractions import Fraction

import pytest

from grader.numbers.readings import other_readings, square_side


@pytest.mark.parametrize(
    ("source", "side"),
    [
        pytest.param("8×8", Fraction(8), id="square"),
        pytest.param("8 × 8", Fraction(8), id="spaced"),
        pytest.param("8×10", None, id="not-square"),
        pytest.param("8×8×3", None, id="three-sizes"),
        pytest.param("(6+2)×(6+2) = 8×8", Fraction(8), id="ending-a-chain"),
        pytest.param("8×8 = 64", None, id="worked-out"),
    ],
)
def test_the_side_of_a_square(source: str, side: Fraction | None) -> None:
    assert square_side(source) == side


@pytest.mark.parametrize(
    ("source", "is_equation", "counts", "values"),
    [
        pytest.param("8×8", False, False, [8], id="a-square-is-its-side-too"),
        pytest.param("10×12", False, False, [10, 12], id="a-product-is-a-shape-too"),
        pytest.param("8×8", True, False, [], id="inside-an-equation-a-product"),
        pytest.param("(6+2)×(6+2)=8×8", True, False, [8], id="a-square-ending-a-chain-is-its-side-too"),
        pytest.param("20.362", False, True, [20362], id="dots-grouping-thousands-in-a-count"),
        pytest.param("20.362", False, False, [], id="a-decimal-elsewhere"),
        pytest.param("1000×16=16.000", True, True, [16000], id="the-result-of-a-chain"),
    ],
)
def test_other_readings(source: str, is_equation: bool, counts: bool, values: list[int]) -> None:
    assert [value for value, _ in other_readings(source, is_equation, counts)] == values
