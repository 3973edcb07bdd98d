"""The normal form behind the verdict cache: commuting terms sorted, matrix products kept in order, meaning kept."""

from __future__ import annotations

import pytest
from hypothesis import given

from grader.math.context import Context
from grader.math.equivalence import _same_expression, same_expression
from grader.math.failures import NeedsReals, ShapeMismatch, Undefined, Unsupported
from grader.math.normal import normal
from grader.math.numeric import Point, evaluate, values_equal
from grader.math.parser import parse_one
from grader.math.resolve import resolve

from .test_properties import CONTEXT, EXPRESSIONS, SETTINGS

LSTM = Context.declare(matrices=["W"], aliases={"c": ["C"]})


def tree(text: str, context: Context = LSTM):  # type: ignore[no-untyped-def]
    return resolve(parse_one(text), context).links[-1]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("f_t c_{t-1} + i_t g_t", "g_t i_t + c_{t-1} f_t", id="sum-of-gate-products"),
        pytest.param("a - b + c", "c + a - b", id="minus-is-a-negated-term"),
        pytest.param("-(-x)", "x", id="double-minus"),
        pytest.param("σ(b + W [h, x])", "σ(W [h, x] + b)", id="inside-functions"),
        pytest.param("(a + b) + (c + d)", "a + (b + (c + d))", id="flattened"),
    ],
)
def test_commuting_forms_share_one_normal_form(one: str, other: str) -> None:
    assert normal(tree(one)) == normal(tree(other))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("W [h, x]", "[h, x] W", id="matrix-product-order"),
        pytest.param("a - b", "b - a", id="subtraction"),
        pytest.param("a / b", "b / a", id="division"),
        pytest.param("[h, x]", "[x, h]", id="concatenation-order"),
    ],
)
def test_order_that_matters_is_kept(one: str, other: str) -> None:
    assert normal(tree(one)) != normal(tree(other))


@SETTINGS
@given(EXPRESSIONS)
def test_the_normal_form_has_the_same_value(text: str) -> None:
    node = resolve(parse_one(text), CONTEXT).links[-1]
    point = Point(seed=1, exact=False)
    try:
        value = evaluate(node, point)
    except (Undefined, NeedsReals, ShapeMismatch, Unsupported, ArithmeticError, ValueError):
        return  # only values that exist are compared

    assert values_equal(evaluate(normal(node), point), value)


def test_a_form_written_again_in_another_order_is_judged_once() -> None:
    _same_expression.cache_clear()
    expected = tree("f_t c_{t-1} + i_t g_t")

    first = same_expression(expected, tree("c_{t-1} f_t + g_t i_t"))
    second = same_expression(expected, tree("i_t g_t + f_t c_{t-1}"))

    assert first.equivalent
    assert second.equivalent
    assert _same_expression.cache_info().misses == 1
