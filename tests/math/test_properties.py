"""Property tests: the parser survives any text, and printing a reading then reading it again changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.errors import NotationError
from grader.math.context import Context
from grader.math.latex import latex
from grader.math.parser import parse, parse_one
from grader.math.printer import show
from grader.math.resolve import resolve

CONTEXT = Context.declare(matrices=["W"], aliases={"c": ["C"]})
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    r"\frac",
    r"\cdot",
    r"\odot",
    r"\sigma",
    r"σ",
    r"⊙",
    r"×",
    r"−",
    r"²",
    r"\left(",
    r"\right)",
    r"\tilde{c}",
    r"c_{t-1}",
    r"δ",
    r"∂",
    r"tanh",
    r"exp",
    r"$",
    r"d/dx",
    r"dE/dc_t",
    r"diff(",
    r"∂/∂x",
    r"\frac{d}{dx}",
    r"ŷ",
    r".*",
    r"sin^{-1}",
    r"\sum_{j=1}^{n}",
    r"∏_{j=t-k+1}^{t}",
    r"sum_{j=1..3}",
    r"prod(",
    r"j=1..n",
    r"…",
    r"f_{t-j}",
    r"‖",
    r"||",
    r"\|",
    r"∇_",
    r"\nabla_",
    r"√",
    r"∈ ℝ^",
    r"\in \mathbb{R}^",
    r"~",
    r"x(t-1)",
    r"^(t)",
    r"_(t-1)",
    r"[t]",
    r")_i",
    r"\binom",
    r"log(",
]
ALPHABET = st.sampled_from([*"abcxyzWt0123456789+-*/^()[]{}_=,.| ", *PIECES])


@SETTINGS
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_text_is_read_or_refused_with_a_notation_error(text: str) -> None:
    try:
        for reading in parse(text):
            resolve(reading.chain, CONTEXT)
    except NotationError as error:
        message = error.reason
    else:
        message = "read"
    assert message  # a reading, or a refusal that says why; any other exception fails the test


LEAVES = st.one_of(
    st.sampled_from(
        [
            "x",
            "y",
            "a_t",
            "c_{t-1}",
            "h_{t-2}",
            r"\tilde{c}_t",
            "x_t",
            "δc_t",
            "(W_f x_t)",
            "σ(x)",
            "∂E/∂c_t",
            "dL/dh_{t-1}",
            "‖x_t‖",
            "softmax(x)_i",
            "binomial(x, 2)",
            "sign(x)",
            "(x)!",
        ]
    ),
    st.integers(min_value=0, max_value=999).map(str),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "⊙", r"\cdot"]), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    power = st.tuples(children, st.integers(min_value=0, max_value=3)).map(lambda t: f"({t[0]})^{t[1]}")
    call = st.tuples(st.sampled_from(["tanh", "exp", r"\sigma", "sqrt", "abs", "relu", "cot", "log"]), children).map(
        lambda t: f"{t[0]}({t[1]})"
    )
    derivative = st.tuples(children, st.sampled_from(["x", "c_{t-1}"])).map(lambda t: f"diff({t[0]}, {t[1]})")
    negated = children.map(lambda c: f"-({c})")
    matrix = children.map(lambda c: f"(W_f [{c}, x_t])")
    concatenated = st.tuples(children, children).map(lambda t: f"[{t[0]}, {t[1]}]")
    series = st.tuples(st.sampled_from([r"\sum", r"\prod", "∑", "∏"]), st.sampled_from(["n", "3"]), children).map(
        lambda t: f"({t[0]}_{{j=1}}^{{{t[1]}}} {t[2]} ⊙ a_{{t-j}})"
    )
    fraction = st.tuples(children, children).map(lambda t: rf"\frac{{{t[0]}}}{{{t[1]}}}")
    return st.one_of(binary, power, call, derivative, negated, matrix, concatenated, fraction, series)


EXPRESSIONS = st.recursive(LEAVES, _combine, max_leaves=12)


@SETTINGS
@given(EXPRESSIONS)
def test_printing_a_reading_and_reading_it_again_gives_the_same_tree(text: str) -> None:
    first = resolve(parse_one(text), CONTEXT)

    again = resolve(parse_one(show(first)), CONTEXT)

    assert again == first, f"{text!r} printed as {show(first)!r}, read back as {show(again)!r}"


@SETTINGS
@given(EXPRESSIONS, EXPRESSIONS)
def test_equations_round_trip_too(left: str, right: str) -> None:
    first = resolve(parse_one(f"{left} = {right}"), CONTEXT)

    assert resolve(parse_one(show(first)), CONTEXT) == first


@SETTINGS
@given(EXPRESSIONS)
def test_the_latex_of_a_reading_reads_back_to_the_same_tree(text: str) -> None:
    first = resolve(parse_one(text), CONTEXT)

    again = resolve(parse_one(latex(first)), CONTEXT)

    assert again == first, latex(first)
