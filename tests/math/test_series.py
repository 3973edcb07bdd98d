"""Sums and products over a range compared term by term: indexed families, whole values of the bounds' letters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.errors import LimitError, NotationError
from grader.math.context import Context
from grader.math.equivalence import Verdict, same_equation, same_expression
from grader.math.failures import Undefined, Unsupported
from grader.math.indices import linear, number, substitute_subscript
from grader.math.nodes import Node, Sym
from grader.math.parser import parse_one
from grader.math.printer import show
from grader.math.resolve import resolve
from grader.math.series import SMALL, index_letters, index_values, instantiate

from .test_properties import SETTINGS

LSTM = Context.declare(matrices=["W", "U"], aliases={"c": ["C"]})


def tree(text: str) -> Node:
    return resolve(parse_one(text), LSTM).links[-1]


TARGET = r"δc_{t-k} = δc_t ⊙ \prod_{j=t-k+1}^{t} f_j"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        pytest.param(
            r"\delta c_{t-k} = \delta c_t \odot \prod_{j=0}^{k-1} f_{t-j}", Verdict.EQUIVALENT, id="latex-offsets"
        ),
        pytest.param(
            r"\delta c_{t-k} = \left(\prod_{j=t-k+1}^{t} f_{j}\right) \cdot \delta c_{t}",
            Verdict.EQUIVALENT,
            id="latex-reordered",
        ),
        pytest.param(
            r"\delta c_{t-k} = \prod_{j=t-k+1}^{t} \left(f_{j} \cdot \delta c_{t}\right)",
            Verdict.NOT_EQUIVALENT,
            id="latex-product-over-both",
        ),
        pytest.param(
            r"\delta c_{t-k} = \delta c_t \odot \prod_{i=1}^{k} f_{t-i+1}", Verdict.EQUIVALENT, id="latex-other-index"
        ),
        pytest.param("δc_{t−k} = δc_t ⊙ ∏_{j=t−k+1}^{t} f_j", Verdict.EQUIVALENT, id="unicode"),
        pytest.param("δc_{t-k} = δc_t ⊙ ∏_{j=1}^{k} f_{t+1-j}", Verdict.EQUIVALENT, id="unicode-counting-down"),
        pytest.param("δc_{t-k} = δc_t ⊙ ∏_{j=t-k}^{t} f_j", Verdict.NOT_EQUIVALENT, id="unicode-one-factor-too-many"),
        pytest.param("δc_{t-k} = δc_t ⊙ ∏_{j=t-k+2}^{t} f_j", Verdict.NOT_EQUIVALENT, id="unicode-one-factor-too-few"),
        pytest.param("δc_{t-k} = δc_t ⊙ f_t^k", Verdict.NOT_EQUIVALENT, id="unicode-one-gate-to-the-k"),
        pytest.param("δc_{t-k} = δc_t ⊙ ∏_{j=t-k+1}^{t} f_{j-1}", Verdict.NOT_EQUIVALENT, id="unicode-shifted-family"),
        pytest.param("delta_c_{t-k} = delta_c_t * prod_{j=t-k+1}^{t} f_j", Verdict.EQUIVALENT, id="ascii"),
        pytest.param("delta_c_{t-k} = delta_c_t * prod(f_{t-j}, j=0..k-1)", Verdict.EQUIVALENT, id="ascii-call"),
        pytest.param("delta_c_{t-k} = delta_c_t * prod_{j=1}^{k} f_j", Verdict.NOT_EQUIVALENT, id="ascii-wrong-gates"),
        pytest.param(
            "delta_c_{t-k} = delta_c_t * prod_{j=t-k+1}^{t} f_t", Verdict.NOT_EQUIVALENT, id="ascii-same-gate"
        ),
    ],
)
def test_the_k_step_lstm_recursion(answer: str, verdict: Verdict) -> None:
    expected, given_ = resolve(parse_one(TARGET), LSTM), resolve(parse_one(answer), LSTM)

    judgement = same_equation((expected.links[0], expected.links[1]), (given_.links[0], given_.links[1]))

    assert judgement.verdict is verdict, judgement.how


@pytest.mark.parametrize(
    ("expected", "answer", "verdict"),
    [
        pytest.param("δc_t ⊙ f_t ⊙ f_{t-1}", "δc_t ⊙ ∏_{j=t-1}^{t} f_j", Verdict.EQUIVALENT, id="unicode-written-out"),
        pytest.param(
            "δc_t ⊙ f_t ⊙ f_{t-1}", "δc_t ⊙ ∏_{j=t-2}^{t} f_j", Verdict.NOT_EQUIVALENT, id="unicode-one-too-many"
        ),
        pytest.param("a_1 + a_2 + a_3", r"\sum_{j=1}^{3} a_j", Verdict.EQUIVALENT, id="latex-numbers"),
        pytest.param("a_1 + a_2 + a_3", r"\sum_{j=0}^{3} a_j", Verdict.NOT_EQUIVALENT, id="latex-numbers-from-zero"),
        pytest.param(r"\sum_{j=1}^{n} j", "n*(n+1)/2", Verdict.EQUIVALENT, id="ascii-closed-form"),
        pytest.param(r"\sum_{j=1}^{n} j", "n^2/2", Verdict.NOT_EQUIVALENT, id="ascii-wrong-closed-form"),
        pytest.param(r"\sum_{j=1}^{n} x^j", "(x^{n+1} - x)/(x - 1)", Verdict.EQUIVALENT, id="ascii-geometric"),
        pytest.param(r"\sum_{j=1}^{n} a_j", r"a_n + \sum_{j=1}^{n-1} a_j", Verdict.EQUIVALENT, id="latex-split-off"),
        pytest.param(r"\sum_{j=1}^{n} a_j", r"\sum_{j=1}^{n+1} a_j", Verdict.NOT_EQUIVALENT, id="latex-one-too-many"),
        pytest.param(r"\sum_{j=1}^{n} a_j", "n a_1", Verdict.NOT_EQUIVALENT, id="ascii-agrees-at-n-1-only"),
        pytest.param(r"\sum_{j=1}^{n} σ(a_j)", "σ(a_n) + ∑_{j=1}^{n-1} σ(a_j)", Verdict.EQUIVALENT, id="unicode-reals"),
        pytest.param(
            r"\sum_{j=1}^{n} W x_j", r"W \sum_{j=1}^{n} x_j", Verdict.EQUIVALENT, id="latex-matrix-distributes"
        ),
        pytest.param(r"\sum_{i=1}^{n} \sum_{j=1}^{i} 1", "n*(n+1)/2", Verdict.EQUIVALENT, id="latex-nested"),
        pytest.param("sum_{e=1}^{3} e", "6", Verdict.EQUIVALENT, id="ascii-index-e-is-not-euler"),
        pytest.param(r"\sum_{j=1}^{1000} a_j", "a_1", Verdict.UNDETERMINED, id="over-the-cap"),
        pytest.param(r"\sum_{j=1}^{2} W_{jx}", "2 W_{jx}", Verdict.UNDETERMINED, id="label-with-the-index"),
        pytest.param(
            r"\sum_{j=1}^{2} ∂E/∂h_j", "∂E/∂h_1 + ∂E/∂h_2", Verdict.UNDETERMINED, id="derivative-name-with-the-index"
        ),
        pytest.param(r"\prod_{j=1}^{n} W", "W^2", Verdict.UNDETERMINED, id="product-of-matrices"),
    ],
)
def test_sums_are_compared_term_by_term(expected: str, answer: str, verdict: Verdict) -> None:
    judgement = same_expression(tree(expected), tree(answer))

    assert judgement.verdict is verdict, judgement.how


def test_a_verdict_names_the_values_of_the_bound_it_tried() -> None:
    judgement = same_expression(tree(r"\sum_{j=1}^{n} j"), tree("n*(n+1)/2"))

    assert "n = 1, 2, 3, 4, 5," in judgement.how


def test_every_small_value_is_tried_for_every_letter() -> None:
    for letter in "kt":
        values = [index_values("kt", salt=12345, ordinal=ordinal)[letter] for ordinal in range(1, SMALL + 1)]
        assert sorted(values) == list(range(1, SMALL + 1))


def test_index_letters_are_the_free_letters_of_bounds() -> None:
    assert index_letters(tree(r"\prod_{j=t-k+1}^{t} f_j")) == {"t", "k"}
    assert index_letters(tree(r"\sum_{i=1}^{n} \sum_{j=1}^{i} a_j")) == {"n"}
    assert index_letters(tree("f_t ⊙ f_{t-1}")) == set()


def test_writing_out_replaces_the_family_members_and_the_letters() -> None:
    written = instantiate(tree(r"δc_{t-k} ⊙ \prod_{j=t-k+1}^{t} f_j"), {"t": 5, "k": 2})

    assert show(written) == "δc_3*(f_4*f_5)"


@pytest.mark.parametrize(
    ("text", "values", "error"),
    [
        pytest.param(r"\sum_{j=3}^{n} a_j", {"n": 1}, Undefined, id="backwards-range"),
        pytest.param(r"\sum_{j=1}^{500} a_j", {}, LimitError, id="over-the-cap"),
        pytest.param(r"\sum_{j=1}^{m_1} a_j", {}, Unsupported, id="bound-not-a-number"),
        pytest.param(r"\sum_{j=1}^{n/2} a_j", {"n": 3}, Unsupported, id="bound-not-whole"),
    ],
)
def test_what_cannot_be_written_out_is_refused(text: str, values: dict[str, int], error: type[Exception]) -> None:
    with pytest.raises(error):
        instantiate(tree(text), values)


def test_an_empty_range_is_zero_or_one() -> None:
    assert show(instantiate(tree(r"\sum_{j=1}^{n} a_j"), {"n": 0})) == "0"
    assert show(instantiate(tree(r"\prod_{j=1}^{n} a_j"), {"n": 0})) == "1"


TERMS = st.tuples(st.sampled_from("tkjn"), st.integers(min_value=-3, max_value=3))


@SETTINGS
@given(st.lists(TERMS, min_size=1, max_size=3), st.integers(min_value=-5, max_value=5), st.booleans())
def test_the_parser_spells_index_arithmetic_as_indices_reads_it(
    terms: list[tuple[str, int]], constant: int, constant_first: bool
) -> None:
    pieces = [f"{'+' if c >= 0 else '-'} {abs(c)}{letter}" for letter, c in terms]
    pieces.insert(0 if constant_first else len(pieces), f"{'+' if constant >= 0 else '-'} {abs(constant)}")
    written = " ".join(pieces).lstrip("+ ")
    try:
        node = parse_one(f"f_{{{written}}}").links[0]
    except NotationError:
        return  # `0t` and the like are not index arithmetic the parser reads
    assert isinstance(node, Sym)
    sub = node.name.sub
    assert sub is not None
    form = linear(sub)

    assert form is not None, sub
    assert form.text() == sub
    coefficients: dict[str, int] = {}
    for letter, c in terms:
        coefficients[letter] = coefficients.get(letter, 0) + c
    assert dict(form.coefficients) == {k: v for k, v in coefficients.items() if v}
    assert form.constant == constant


@pytest.mark.parametrize(
    ("sub", "values", "result", "stuck"),
    [
        pytest.param("-j+t", {"j": 2}, "t-2", set(), id="offset"),
        pytest.param("-k+t+1", {"k": 2, "t": 5}, "4", set(), id="all-letters"),
        pytest.param("i,j", {"j": 3}, "i,3", set(), id="two-indices"),
        pytest.param("xj", {"j": 1}, "xj", {"j"}, id="a-label-is-kept-and-named"),
        pytest.param("xh", {"j": 1}, "xh", set(), id="a-label-without-the-letter"),
    ],
)
def test_subscripts_are_substituted_as_index_arithmetic(
    sub: str, values: dict[str, int], result: str, stuck: set[str]
) -> None:
    assert substitute_subscript(sub, {k: number(v) for k, v in values.items()}) == (result, stuck)
