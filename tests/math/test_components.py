"""An equation written for one unit i (Goodfellow et al.) read as the vector equation it states."""

from __future__ import annotations

import pytest

from grader.math.components import vector_form
from grader.math.context import Context
from grader.math.parser import parse_one
from grader.math.printer import show
from grader.math.resolve import resolve

CONTEXT = Context.declare(matrices=["W", "U"])


@pytest.mark.parametrize(
    ("text", "vector"),
    [
        pytest.param(
            "f_i^(t) = σ(b_i^f + Σ_j U^f_{i,j} x_j^(t) + Σ_j W^f_{i,j} h_j^(t-1))",
            "f_t = σ(b_f + U_f*x_t + W_f*h_{t-1})",
            id="label-before-indices",
        ),
        pytest.param(
            "r_i^(t) = σ(b_i^r + Σ_j U_{i,j}^r x_j^(t) + Σ_j W_{i,j}^r h_j^(t-1))",
            "r_t = σ(b_r + U_r*x_t + W_r*h_{t-1})",
            id="label-after-indices",
        ),
        pytest.param(
            "h_i^(t) = u_i^(t) h_i^(t-1) + (1 − u_i^(t)) h̃_i^(t)",
            "h_t = u_t*h_{t-1} + (1 - u_t)*\\tilde{h}_t",
            id="elementwise",
        ),
        pytest.param("h_i = Σ_j W_{i,j} x_j", "h = W*x", id="no-time"),
        pytest.param(r"h_i = \sum_j W_{i,j} x_j", "h = W*x", id="latex-sum-without-bounds"),
        pytest.param("h_i = ∑_j W_{i,j} x_j", "h = W*x", id="n-ary-sum-without-bounds"),
        pytest.param(
            "σ(b_i + Σ_j U_{i,j} x_j^(t) + Σ_j W_{i,j} h_j^(t-1))", "σ(b + U*x_t + W*h_{t-1})", id="expression-alone"
        ),
    ],
)
def test_an_equation_for_one_unit_is_a_vector_equation(text: str, vector: str) -> None:
    chain = vector_form(parse_one(text))

    assert chain is not None
    assert show(resolve(chain, CONTEXT)) == show(resolve(parse_one(vector), CONTEXT))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("f_t = σ(W_f x_t + b_f)", id="already-vectors"),
        pytest.param("h_i = Σ_j W_{j,i} x_j", id="transposed-entry"),
        pytest.param("h_i = Σ_i W_{i,i} x_i", id="a-sum-over-the-unit"),
        pytest.param("h_i = W_{i,j} x_j", id="no-sum"),
        pytest.param("σ(x_i)", id="not-an-equation"),
        pytest.param("σ(b_i + Σ_i U_{i,i} x_i)", id="expression-alone-summing-over-the-unit"),
    ],
)
def test_what_it_cannot_place_is_left_as_written(text: str) -> None:
    assert vector_form(parse_one(text)) is None
