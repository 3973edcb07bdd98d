"""Derivatives written in answers: the rules, elementwise, and what is refused rather than guessed."""

from __future__ import annotations

import pytest

from grader.math.calculus import differentiate
from grader.math.caps import MAX_DERIVATIVE_NODES
from grader.math.context import Context
from grader.math.equivalence import Verdict, same_expression
from grader.math.failures import Unsupported
from grader.math.nodes import Name
from grader.math.parser import parse_one
from grader.math.resolve import resolve

CONTEXT = Context.declare(matrices=["W"], functions=["f"])


def node(text: str):  # type: ignore[no-untyped-def]
    return resolve(parse_one(text), CONTEXT).links[-1]


@pytest.mark.parametrize(
    ("derivative", "value"),
    [
        pytest.param("diff(x^3, x)", "3*x^2", id="power"),
        pytest.param("diff(x^2*y + y, x)", "2*x*y", id="other-symbols-are-constants"),
        pytest.param("diff(1/x, x)", "-1/x^2", id="quotient"),
        pytest.param("diff(sigma(x), x)", "sigma(x)*(1 - sigma(x))", id="sigmoid"),
        pytest.param("diff(sigma'(x), x)", "sigma(x)*(1-sigma(x))*(1-2*sigma(x))", id="second-derivative-of-sigmoid"),
        pytest.param("diff(tanh(2*x), x)", "2*(1 - tanh(2*x)^2)", id="chain-rule"),
        pytest.param("diff(exp(x)*sin(x), x)", "exp(x)*(sin(x) + cos(x))", id="product-rule"),
        pytest.param("diff(log(x), x)", "1/x", id="log"),
        pytest.param("diff(sqrt(x), x)", "1/(2*sqrt(x))", id="sqrt"),
        pytest.param("diff(x^x, x)", "x^x*(log(x) + 1)", id="variable-exponent"),
        pytest.param("diff(atan(x) + acosh(x), x)", "1/(1+x^2) + 1/sqrt(x^2-1)", id="inverse-functions"),
        pytest.param("diff(diff(x^4, x), x)", "12*x^2", id="nested"),
        pytest.param("diff(f_t*c_{t-1} + i_t*g_t, c_{t-1})", "f_t", id="cell-state-gradient"),
    ],
)
def test_derivatives_equal_their_textbook_values(derivative: str, value: str) -> None:
    assert same_expression(node(value), node(derivative)).verdict is Verdict.EQUIVALENT


@pytest.mark.parametrize(
    ("derivative", "wrong"),
    [
        pytest.param("diff(x^3, x)", "3*x", id="power"),
        pytest.param("diff(sigma(x), x)", "sigma(x)", id="sigmoid"),
        pytest.param("diff(tanh(2*x), x)", "1 - tanh(2*x)^2", id="chain-rule-forgotten"),
        pytest.param("diff(f_t*c_{t-1} + i_t*g_t, c_{t-1})", "f_{t-1}", id="wrong-index"),
    ],
)
def test_a_wrong_derivative_is_not_equivalent(derivative: str, wrong: str) -> None:
    assert same_expression(node(wrong), node(derivative)).verdict is Verdict.NOT_EQUIVALENT


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("relu(x)", "relu", id="relu"),
        pytest.param("abs(x)", "abs", id="abs"),
        pytest.param("f(x)", "f", id="rubric-function"),
        pytest.param("W [x, y]", "matrix product", id="matrix-product"),
    ],
)
def test_what_has_no_elementwise_derivative_is_refused_not_guessed(text: str, reason: str) -> None:
    with pytest.raises(Unsupported, match=reason):
        differentiate(node(text), Name("x"))

    assert same_expression(node("1"), node(f"diff({text}, x)")).verdict is Verdict.UNDETERMINED


def test_a_derivative_that_grows_past_the_cap_is_refused() -> None:
    tower = "*".join(["sigma(x)"] * 90)  # the product rule makes 90 terms of 90 factors

    with pytest.raises(Unsupported, match=f"{MAX_DERIVATIVE_NODES:,}"):
        differentiate(node(tower), Name("x"))
