"""The random points symbols are evaluated at: reproducible, nonzero, and in the range each kind asks for."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from grader.math.nodes import Name
from grader.math.numeric import DIMENSION, Point

W, X = Name("W"), Name("x")


@pytest.mark.parametrize(
    ("flags", "low", "high"),
    [
        pytest.param({}, -280, 280, id="plain"),
        pytest.param({"small": True}, -21, 21, id="small"),
        pytest.param({"positive": True}, 0, 280, id="positive"),
        pytest.param({"unit": True}, 0, 1, id="unit"),
    ],
)
def test_drawn_values_are_nonzero_fractions_in_their_range(flags: dict[str, bool], low: int, high: int) -> None:
    values = [v for seed in range(200) for v in Point(seed=seed, exact=True, **flags).matrix(W, 3, 6).flat]
    assert all(isinstance(v, Fraction) and v != 0 and low <= v <= high for v in values)
    assert len(set(values)) > 50  # spread, not a handful of values
    if "positive" not in flags and "unit" not in flags:
        assert min(values) < 0 < max(values)


def test_a_symbol_takes_the_same_value_at_the_same_point_and_another_at_another() -> None:
    first, again, other = (Point(seed=seed, exact=True).vector(X) for seed in (7, 7, 8))
    assert list(first) == list(again)
    assert list(first) != list(other)
    assert len(first) == DIMENSION


def test_real_points_take_the_exact_points_values_as_reals() -> None:
    with mpmath.workdps(40):  # as `evaluate` draws them
        exact, real = Point(seed=3, exact=True).scalar(X), Point(seed=3, exact=False).scalar(X)
        assert abs(real - mpmath.mpf(exact.numerator) / exact.denominator) < mpmath.mpf(10) ** -35
