"""Sums and products over a range as students write them: read in every notation, printed back, bodies that are
ambiguous read both ways."""

from __future__ import annotations

import pytest

from grader.errors import NotationError
from grader.math.context import Context
from grader.math.latex import latex
from grader.math.parser import NARROW_PRODUCT, WIDE_BODY, parse, parse_one
from grader.math.printer import show
from grader.math.resolve import resolve

LSTM = Context.declare(matrices=["W", "U"], aliases={"c": ["C"]})
SUM = "∑_{j=1}^{n} a_j"
PRODUCT = "∏_{j=t - k + 1}^{t} f_j"


def read(text: str) -> str:
    return show(resolve(parse_one(text), LSTM))


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param(r"\sum_{j=1}^{n} a_j", SUM, id="latex"),
        pytest.param(r"\sum_{j=1}^n a_j", SUM, id="latex-bare-upper-bound"),
        pytest.param(r"\sum\limits_{j=1}^{n} a_j", SUM, id="latex-limits"),
        pytest.param(r"\sum^{n}_{j=1} a_j", SUM, id="latex-upper-bound-first"),
        pytest.param(r"\sum_{j=1,\ldots,n} a_j", SUM, id="latex-ldots"),
        pytest.param(r"\displaystyle\sum_{j=1}^{n}{a_j}", SUM, id="latex-displaystyle-braced-body"),
        pytest.param("∑_{j=1}^{n} a_j", SUM, id="unicode-n-ary-sum"),
        pytest.param("∑_{j=1}ⁿ a_j", SUM, id="unicode-superscript-bound"),
        pytest.param("Σ_{j=1}^{n} a_j", SUM, id="unicode-capital-sigma"),
        pytest.param("∑_{j=1, …, n} a_j", SUM, id="unicode-ellipsis"),
        pytest.param("sum_{j=1}^n a_j", SUM, id="ascii-word"),
        pytest.param("sum_{j=1..n} a_j", SUM, id="ascii-dots"),
        pytest.param("sum_{j=1,...,n} a_j", SUM, id="ascii-three-dots"),
        pytest.param("sum_(j=1)^n a_j", SUM, id="ascii-parenthesized-bound"),
        pytest.param("sum(a_j, j=1..n)", SUM, id="ascii-call"),
        pytest.param("sum(a_j, j, 1, n)", SUM, id="ascii-call-four-arguments"),
        pytest.param("Sum(a_j, (j, 1, n))", SUM, id="ascii-sympy-style"),
        pytest.param(r"\prod_{j=t-k+1}^{t} f_j", PRODUCT, id="latex-product"),
        pytest.param("∏_{j=t−k+1}^{t} f_j", PRODUCT, id="unicode-n-ary-product"),
        pytest.param("Π_{j=t-k+1}^{t} f_j", PRODUCT, id="unicode-capital-pi"),
        pytest.param("prod_{j=t-k+1}^{t} f_j", PRODUCT, id="ascii-product"),
        pytest.param("prod(f_j, j=t-k+1..t)", PRODUCT, id="ascii-product-call"),
        pytest.param(r"\prod_{j=0}^{k-1} f_{t-j}", "∏_{j=0}^{k - 1} f_{t-j}", id="latex-family-by-offset"),
        pytest.param("∑_{j=1}^{n} a_j b_j + c", "∑_{j=1}^{n} a_j*b_j + c", id="the-body-runs-to-the-next-plus"),
        pytest.param("x ⊙ ∑_{j=1}^{n} a_j", "x*(∑_{j=1}^{n} a_j)", id="a-factor-before"),
        pytest.param("(∑_{j=1}^{n} a_j) x", "(∑_{j=1}^{n} a_j)*x", id="a-factor-after-parentheses"),
        pytest.param("∑_{i=1}^{n} ∑_{j=1}^{i} a_{i,j}", "∑_{i=1}^{n} ∑_{j=1}^{i} a_{i,j}", id="nested"),
        pytest.param("Σ_t + Π", "Σ_t + Π", id="capital-letters-without-a-range-stay-symbols"),
    ],
)
def test_sums_and_products_read_in_every_notation(text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        pytest.param(r"\sum a_j", "needs its range", id="no-range"),
        pytest.param(r"\sum_j a_j", "needs its index and first value", id="index-without-value"),
        pytest.param(r"\sum_{j=1} a_j", "needs its last value", id="no-last-value"),
        pytest.param(r"\sum_{j=1..n}^{m} a_j", "two upper bounds", id="two-upper-bounds"),
        pytest.param(r"\sum_{ij=1}^{n} a_j", "must be one letter", id="index-of-two-letters"),
        pytest.param(r"\sum_{j=1}^{j} a_j", "cannot appear in its own bounds", id="index-in-its-bounds"),
        pytest.param(r"\sum_{j=1}^{W} a_j", "not matrices", id="matrix-bound"),
        pytest.param("sum(a_j)", "sum(expression, j=1..n)", id="call-without-range"),
        pytest.param(r"\sum_{j=1}^{n}", "expected a number", id="no-body"),
    ],
)
def test_a_sum_that_cannot_be_read_says_why(text: str, piece: str) -> None:
    with pytest.raises(NotationError) as caught:
        read(text)

    assert piece in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(SUM, id="sum"),
        pytest.param(PRODUCT, id="product"),
        pytest.param("δc_t ⊙ ∏_{j=t-k+1}^{t} f_j", id="product-after-a-factor"),
        pytest.param("(∏_{j=1}^{n} f_j) ⊙ x", id="product-before-a-factor"),
        pytest.param("-∑_{j=1}^{n} (a_j + 1)", id="negated-sum-of-a-sum"),
        pytest.param(r"\sum_{j=1}^{n} \frac{a_j}{2}", id="quotient-body"),
        pytest.param("(∑_{j=1}^{n} a_j)^2", id="power"),
        pytest.param("∑_{j=1}^{n} W a_j", id="matrix-product-body"),
    ],
)
def test_text_and_latex_read_back_to_the_same_tree(text: str) -> None:
    first = resolve(parse_one(text), LSTM)

    assert resolve(parse_one(show(first)), LSTM) == first
    assert resolve(parse_one(latex(first)), LSTM) == first


def test_a_product_followed_by_factors_without_its_index_has_both_readings() -> None:
    readings = parse("∏_{j=1}^{n} f_j ⊙ x")

    assert [show(resolve(reading.chain, LSTM)) for reading in readings] == [
        "∏_{j=1}^{n} f_j*x",
        "(∏_{j=1}^{n} f_j)*x",
    ]
    assert readings[1].assumption == NARROW_PRODUCT


@pytest.mark.parametrize(
    ("text", "other"),
    [
        pytest.param("∑_{j=1}^{n} a_j + b_j", "∑_{j=1}^{n} (a_j + b_j)", id="unicode-sum"),
        pytest.param(r"\sum_{j=1}^{n} a_j - j", "∑_{j=1}^{n} (a_j - j)", id="latex-index-as-a-number"),
        pytest.param("sum_{j=1}^{n} a_j + b_j = c", "∑_{j=1}^{n} (a_j + b_j) = c", id="ascii-equation"),
        pytest.param("x + (prod_{j=1}^{n} f_j + g_j)", "x + ∏_{j=1}^{n} (f_j + g_j)", id="ascii-inside-parentheses"),
    ],
)
def test_an_index_used_after_the_body_gives_a_reading_where_the_body_reaches_it(text: str, other: str) -> None:
    readings = parse(text)

    assert len(readings) == 2
    assert show(resolve(readings[1].chain, LSTM)) == other
    assert readings[1].assumption == WIDE_BODY


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("∑_{j=1}^{n} a_j + b", id="what-follows-has-no-index"),
        pytest.param("∏_{j=1}^{n} (f_j ⊙ x)", id="parenthesized-body"),
        pytest.param("∏_{j=1}^{n} x ⊙ f_j", id="index-in-the-last-factor"),
        pytest.param("∑_{j=1}^{n} a_j ⊙ x", id="a-sum-distributes"),
        pytest.param("x ⊙ ∏_{j=1}^{n} f_j", id="factor-before"),
    ],
)
def test_a_body_that_is_clear_has_one_reading(text: str) -> None:
    assert len(parse(text)) == 1
