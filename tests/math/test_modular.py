"""Polynomial identities with huge exponents: decided exactly modulo random primes, never by computing the integers."""

from __future__ import annotations

import time

import pytest

from grader.math.context import Context
from grader.math.equivalence import Verdict, same_equation, same_expression
from grader.math.modular import MAX_EXPONENT, degrees, is_prime
from grader.math.nodes import Node
from grader.math.parser import parse_one
from grader.math.resolve import resolve

CONTEXT = Context.declare(matrices=["W"])


def tree(text: str) -> Node:
    return resolve(parse_one(text), CONTEXT).links[-1]


@pytest.mark.parametrize(
    ("expected", "answer", "verdict"),
    [
        pytest.param("(x-a)^6000", "(a-x)^6000", Verdict.EQUIVALENT, id="ascii-even-power-of-a-negation"),
        pytest.param("(x-a)^6000", "(x+a)^6000", Verdict.NOT_EQUIVALENT, id="ascii-other-sign"),
        pytest.param("(x-a)^6001", "(a-x)^6001", Verdict.NOT_EQUIVALENT, id="ascii-odd-power-changes-sign"),
        pytest.param("(x+1)^{1000} - (x+1)^{1000}", "0", Verdict.EQUIVALENT, id="ascii-difference-of-equals"),
        pytest.param("(x+1)^{1000} - (x+1)^{1000}", "1", Verdict.NOT_EQUIVALENT, id="ascii-difference-is-not-one"),
        pytest.param("(x−a)⁶⁰⁰⁰", "(a−x)⁶⁰⁰⁰", Verdict.EQUIVALENT, id="unicode-superscripts"),
        pytest.param("(x+1)^{1001}", "(x+1)^{1000} · (x+1)", Verdict.EQUIVALENT, id="unicode-product-of-powers"),
        pytest.param("(x+1)^{1001}", "(x+1)^{1000} × (x+1) + 1", Verdict.NOT_EQUIVALENT, id="unicode-off-by-one"),
        pytest.param("(x^2-1)^{500}", "(x-1)^{500} ⊙ (x+1)^{500}", Verdict.EQUIVALENT, id="unicode-factored"),
        pytest.param(r"\frac{1}{(x-a)^{6000}}", r"(a-x)^{-6000}", Verdict.EQUIVALENT, id="latex-negative-exponent"),
        pytest.param(r"\left(x-a\right)^{6000}", r"\left(a-x\right)^{6000}", Verdict.EQUIVALENT, id="latex-left-right"),
        pytest.param(r"\frac{(x+y)^{2000}}{x+y}", r"(x+y)^{1999}", Verdict.EQUIVALENT, id="latex-quotient"),
        pytest.param(r"\frac{(x+y)^{2000}}{x+y}", r"(x+y)^{2001}", Verdict.NOT_EQUIVALENT, id="latex-quotient-wrong"),
        pytest.param("x^{10^6}", "x^{1000000}", Verdict.EQUIVALENT, id="exponent-at-the-cap-written-as-a-power"),
        pytest.param(
            "x^{1000}",
            "x^{1000} + 2305843009213693951*x",
            Verdict.NOT_EQUIVALENT,
            id="a-multiple-of-2^61-1-is-not-zero",
        ),
    ],
)
def test_huge_polynomial_identities_are_decided_exactly(expected: str, answer: str, verdict: Verdict) -> None:
    judgement = same_expression(tree(expected), tree(answer))

    assert judgement.verdict is verdict, judgement.how
    assert "modulo" in judgement.how


@pytest.mark.parametrize(
    ("expected", "answer"),
    [
        pytest.param("σ(x)^6000", "σ(x)^6000 + 0*x", id="a-function-stays-undecided"),
        pytest.param("x^{10^7}", "x^{10000000}", id="an-exponent-over-the-cap"),
        pytest.param("exp(x)^{1000}", "exp(1000x)", id="exp"),
        pytest.param("(W x)^{1000}", "(W x)^{999} ⊙ (W x)", id="a-matrix-product"),
    ],
)
def test_what_is_not_a_bounded_rational_function_is_left_as_it_was(expected: str, answer: str) -> None:
    judgement = same_expression(tree(expected), tree(answer))

    assert judgement.verdict is not Verdict.NOT_EQUIVALENT
    assert "modulo" not in judgement.how


@pytest.mark.parametrize(
    ("expected", "answer", "verdict"),
    [
        pytest.param("y = (x-a)^6000", "2y = 2(a-x)^6000", Verdict.EQUIVALENT, id="scaled"),
        pytest.param("y = (x-a)^6000", "(a-x)^6000 - y = 0", Verdict.EQUIVALENT, id="rearranged"),
        pytest.param("y = (x-a)^6000", "y = 2(a-x)^6000", Verdict.NOT_EQUIVALENT, id="one-side-scaled"),
        pytest.param("y = (x-a)^6000", "y = (x+a)^6000", Verdict.NOT_EQUIVALENT, id="other-sign"),
    ],
)
def test_huge_equations_are_decided_up_to_a_constant_factor(expected: str, answer: str, verdict: Verdict) -> None:
    one, other = resolve(parse_one(expected), CONTEXT), resolve(parse_one(answer), CONTEXT)

    judgement = same_equation((one.links[0], one.links[1]), (other.links[0], other.links[1]))

    assert judgement.verdict is verdict, judgement.how


def test_exponents_at_the_cap_are_fast() -> None:
    start = time.perf_counter()
    judgement = same_expression(
        tree(f"((x+1)^{{1000}})^{{1000}} * (y-1)^{{{MAX_EXPONENT}}}"),
        tree(f"((1+x)^{{1000}})^{{1000}} * (y-1)^{{{MAX_EXPONENT - 1}}} * (y-1)"),
    )

    assert judgement.verdict is Verdict.EQUIVALENT
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    ("text", "numerator", "denominator"),
    [
        pytest.param("x^3 + y", 3, 0, id="polynomial"),
        pytest.param("1/(x+1)^2", 0, 2, id="quotient"),
        pytest.param("x/y + y/x", 2, 2, id="sum-of-quotients"),
        pytest.param("(x^2)^{-3}", 0, 6, id="negative-exponent"),
    ],
)
def test_degree_bounds(text: str, numerator: int, denominator: int) -> None:
    found = degrees(tree(text))

    assert found is not None
    assert (found.numerator, found.denominator) == (numerator, denominator)


@pytest.mark.parametrize(
    ("n", "prime"),
    [
        pytest.param(2**61 - 1, True, id="mersenne-61"),
        pytest.param(2**61 + 1, False, id="mersenne-plus-two"),
        pytest.param(3215031751, False, id="strong-pseudoprime-to-2-3-5-7"),
        pytest.param(1, False, id="one"),
        pytest.param(37, True, id="a-witness"),
    ],
)
def test_primality(n: int, prime: bool) -> None:
    assert is_prime(n) is prime
