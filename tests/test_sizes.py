"""Sizes a rubric writes as plain text, read without the math engine."""

from __future__ import annotations

import pytest

from grader.models.checks import Check, ExpressionCheck, NumberCheck, TextCheck
from grader.sizes import product_value, sized, tuple_sizes


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        pytest.param("(13, 13, 32)", (13, 13, 32), id="tuple"),
        pytest.param(" [26,26,32] ", (26, 26, 32), id="list"),
        pytest.param("(13)", None, id="one-number-in-brackets"),
        pytest.param("(13, x)", None, id="not-all-numbers"),
    ],
)
def test_tuple_sizes(text: str, sizes: tuple[int, ...] | None) -> None:
    assert tuple_sizes(text) == sizes


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("7744", 7744, id="number"),
        pytest.param("11 * 11 * 64", 7744, id="product"),
        pytest.param("11×11×64", 7744, id="times-sign"),
        pytest.param("0.25", None, id="not-whole"),
        pytest.param("512 / 8", None, id="a-quotient"),
    ],
)
def test_product_value(text: str, value: int | None) -> None:
    assert product_value(text) == value


@pytest.mark.parametrize(
    ("check", "sizes"),
    [
        pytest.param(ExpressionCheck(type="expression", expected="(13, 13, 32)"), (13, 13, 32), id="expression"),
        pytest.param(NumberCheck(type="number", expected="11 * 11 * 64"), (7744,), id="number"),
        pytest.param(ExpressionCheck(type="expression", expected="softmax(QK^T)V"), None, id="math"),
        pytest.param(TextCheck(type="text", concepts=[{"id": "a", "description": "b", "points": 1,
                                                       "phrasings": ["c"]}]), None, id="text"),
    ],
)  # fmt: skip
def test_sized(check: Check, sizes: tuple[int, ...] | None) -> None:
    assert sized(check) == sizes
