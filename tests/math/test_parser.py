"""The safe parser: every notation students use reads to one canonical form; anything else is a named error."""

from __future__ import annotations

import pytest

from grader.errors import LimitError, NotationError
from grader.math.context import Context
from grader.math.parser import parse, parse_name, parse_one
from grader.math.printer import show
from grader.math.resolve import resolve

LSTM = Context.declare(
    matrices=["W", "U"],
    aliases={"c": ["C"], r"\tilde{c}": [r"\bar{c}", r"\tilde{C}", r"\bar{C}", "g"]},
)


# A student's context in a question about attention: what the expected answers name is known.
ATTENTION = Context.declare(matrices=["Q", "K", "V", "W"]).with_known(
    parse_name(text) for text in ["a", "b", "n", "x", "d_k", "h_{t-1}"]
)

# A student's context in a question about GRUs: the expected answers write x_t, h_{t-1}, z_t, \tilde{h}_t.
GRU = Context.declare(
    matrices=["W", "U"], functions=["f"], aliases={"h": ["H"], "c": ["C"], r"\tilde{h}": [r"\hat{h}"]}
).with_known(
    parse_name(text)
    for text in ["z_t", "x_t", "h_t", "h_{t-1}", r"\tilde{h}_t", r"\tilde{c}_t", "W_z", "U_z", "b_z", "a", "n"]
)


def read(text: str, context: Context = LSTM) -> str:
    return show(resolve(parse_one(text), context))


C_UPDATE = r"c_t = f_t*c_{t-1} + i_t*\tilde{c}_t"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("c_t = f_t*c_{t-1} + i_t*g_t", id="ascii-star"),
        pytest.param("c_t = f_t c_{t-1} + i_t g_t", id="ascii-implicit"),
        pytest.param("C_t = f_t ⊙ C_{t−1} + i_t ⊙ c̃_t", id="unicode-odot-minus-combining-tilde"),
        pytest.param("c_t = f_t ∘ c_{t-1} + i_t ∘ g_t", id="unicode-ring"),
        pytest.param("c_t = f_t · c_{t-1} + i_t · g_t", id="unicode-middle-dot"),
        pytest.param("c_t = f_t × c_{t-1} + i_t × g_t", id="unicode-times"),
        pytest.param(r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", id="latex-odot"),
        pytest.param(r"c_{t} = f_{t} \cdot c_{t - 1} + i_{t} \cdot \bar{c}_{t}", id="latex-cdot-bar"),
        pytest.param(r"c_t = f_t \circ c_{-1+t} + i_t \circ \tilde{C}_t", id="latex-circ-reordered-index"),
        pytest.param(r"c_t = f_t \times C_{t-1} + i_t \times \bar{C}_t", id="latex-times-capitals"),
        pytest.param(
            r"c_t = \left(f_t \odot c_{t-1}\right) + \left(i_t \odot \tilde{c}_t\right)", id="latex-left-right"
        ),
        pytest.param(
            r"\mathbf{c}_t = \mathbf{f}_t \odot \mathbf{c}_{t-1} + \mathbf{i}_t \odot \tilde{c}_t", id="mathbf"
        ),
    ],
)
def test_the_c_t_update_reads_the_same_in_ascii_unicode_and_latex(text: str) -> None:
    assert read(text) == C_UPDATE


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("c_{t - 1}", "c_{t-1}", id="spaces-in-subscript"),
        pytest.param("c_{-1+t}", "c_{t-1}", id="reordered-subscript"),
        pytest.param("C_{t−1}", "c_{t-1}", id="alias-and-unicode-minus"),
        pytest.param("W_{xh}", "W_{xh}", id="two-letter-subscript"),
        pytest.param("W_{hx}", "W_{hx}", id="two-letter-subscript-reversed"),
        pytest.param("4(16+1)", "4*(16 + 1)", id="number-before-bracket"),
        pytest.param("2x", "2*x", id="number-before-letter"),
        pytest.param("x²", "x^2", id="unicode-square"),
        pytest.param("x**3", "x^3", id="double-star-power"),
        pytest.param("σ(x)", "σ(x)", id="sigma-glyph"),
        pytest.param(r"\sigma(x)", "σ(x)", id="sigma-latex"),
        pytest.param("sigmoid(x)", "σ(x)", id="sigmoid-word"),
        pytest.param(r"\frac{a}{b}", "a/b", id="frac"),
        pytest.param(r"\sqrt{x}", "sqrt(x)", id="sqrt"),
        pytest.param("|x|", "abs(x)", id="absolute-bars"),
        pytest.param("(h_{t-1}, x_t)", "[h_{t-1}, x_t]", id="concatenation-in-parentheses"),
        pytest.param(r"\mathbf{W}_f x", "W_f·x", id="matrix-product-mathbf"),
        pytest.param(r"\delta c_t", "δc_t", id="delta-latex"),
        pytest.param("δc_t", "δc_t", id="delta-glyph"),
        pytest.param(r"\text{x} + 1", "x + 1", id="text-decoration"),
        pytest.param("a = b = c", "a = b = c", id="chain"),
        pytest.param("ŷ + ā_t", r"\hat{y} + \bar{a}_t", id="precomposed-accents"),
        pytest.param("x .* y", "x*y", id="matlab-elementwise"),
        pytest.param("diff(x^2, x)", "diff(x^2, x)", id="diff-call"),
        pytest.param("d/dx (x^2 + 1)", "diff(x^2 + 1, x)", id="d-dx-ascii"),
        pytest.param(r"\frac{d}{dx} 3x^2", "diff(3*x^2, x)", id="d-dx-latex-takes-the-product"),
        pytest.param(r"\frac{\partial}{\partial c_t}(f_t c_t)", "diff(f_t*c_t, c_t)", id="partial-operator-latex"),
        pytest.param("∂/∂x (x^3) + 1", "diff(x^3, x) + 1", id="partial-operator-unicode"),
        pytest.param("d/dx(x) * x", "diff(x, x)*x", id="d-dx-parenthesized-stops-at-the-group"),
        pytest.param("dE/dc_t", "∂E/∂c_t", id="ascii-derivative-symbol"),
        pytest.param("f_t dE/dc_t", "f_t*∂E/∂c_t", id="ascii-derivative-binds-tighter-than-products"),
        pytest.param("dσ/dx", "∂σ/∂x", id="ascii-derivative-of-a-greek-letter"),
        pytest.param(r"d\sigma/dx", "∂σ/∂x", id="latex-greek-in-an-ascii-derivative"),
        pytest.param("dσ(x)/dx", "diff(σ(x), x)", id="ascii-derivative-of-a-function-applied"),
        pytest.param("d sigmoid(x) / dx", "diff(σ(x), x)", id="ascii-derivative-of-a-function-spaced"),
        pytest.param("sig'(x) + sig(x)", "σ'(x) + σ(x)", id="sig-with-a-prime"),
        pytest.param("W [h_{t-1}; x_t]", "W·[h_{t-1}, x_t]", id="a-column-stacked-with-a-semicolon"),
        pytest.param("a/(∂E/∂c_t)^2", "a/(∂E/∂c_t)^2", id="derivative-in-a-quotient-and-a-power"),
        pytest.param("sin^{-1}(x) + tanh^{-1}(x)", "asin(x) + atanh(x)", id="inverse-functions"),
        pytest.param("log10(x)", "log(x)/log(10)", id="log10"),
        pytest.param(r"\log_2 x", "log(x)/log(2)", id="log-base"),
        pytest.param("cot(x) + sec(x) + csc(x)", "cot(x) + sec(x) + csc(x)", id="more-trigonometry"),
        pytest.param("arctanh(x) + sech(x)", "atanh(x) + sech(x)", id="hyperbolic"),
    ],
)
def test_notation_reads_to_its_canonical_form(text: str, reading: str) -> None:
    assert read(text) == reading


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(r"\frac{\partial E}{\partial c_t}", id="latex-frac"),
        pytest.param("∂E/∂c_t", id="unicode-slash"),
        pytest.param(r"\partial E / \partial c_t", id="latex-slash"),
    ],
)
def test_partial_derivatives_read_as_one_symbol(text: str) -> None:
    assert read(text) == "∂E/∂c_t"


def test_products_with_a_declared_matrix_keep_their_order_and_gate_products_commute() -> None:
    assert read(r"W_f [h_{t-1}, x_t]") == "W_f·[h_{t-1}, x_t]"
    assert read(r"[h_{t-1}, x_t] W_f") == "[h_{t-1}, x_t]·W_f"
    assert read("f_t c_{t-1}") == "f_t*c_{t-1}"


def test_a_loose_time_index_has_two_readings_with_the_assumption_named() -> None:
    readings = parse("c_t-1")

    assert [show(resolve(reading.chain, LSTM)) for reading in readings] == ["c_t - 1", "c_{t-1}"]
    assert readings[1].assumption == "_t-1 read as a time index"


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        pytest.param("(a+b", "'(' is never closed", id="unclosed-parenthesis"),
        pytest.param("{a", "'{' is never closed", id="unclosed-brace"),
        pytest.param("a )", "')'", id="stray-closer"),
        pytest.param("x ** ", "found the end", id="dangling-operator"),
        pytest.param("a # b", "unexpected character '#'", id="unknown-character"),
        pytest.param(r"\unknown{x}", r"unknown LaTeX command \unknown", id="unknown-command"),
        pytest.param("foo(x)", "foo(...) is not a known function", id="undeclared-function"),
        pytest.param("cell + 1", "“cell” is not a symbol of this question", id="unknown-word"),
        pytest.param("diff(x)", "diff takes two arguments", id="diff-one-argument"),
        pytest.param("diff(x^2, 2)", "with respect to a symbol", id="diff-by-a-number"),
        pytest.param("d/dW (W x)", "with respect to the matrix W", id="diff-by-a-matrix"),
        pytest.param("g(x)", "g(...) is not a known function", id="undeclared-one-letter-function"),
    ],
)
def test_what_cannot_be_read_is_an_error_naming_the_piece(text: str, piece: str) -> None:
    with pytest.raises(NotationError) as caught:
        read(text, LSTM.with_known([]))

    assert piece in str(caught.value)


def test_an_error_points_at_the_character() -> None:
    with pytest.raises(NotationError) as caught:
        parse_one("x + (y * 2")

    assert caught.value.position == 4
    assert "at character 5" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1" * 200, id="long-literal"),
        pytest.param("(" * 5000 + "x" + ")" * 5000, id="deep-nesting"),
        pytest.param("x+" * 200_000 + "x", id="very-long"),
    ],
)
def test_static_caps_refuse_before_any_work(text: str) -> None:
    with pytest.raises(LimitError):
        parse_one(text)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("QK^T", "Q·K^T", id="ascii-transpose"),
        pytest.param("QKᵀ", "Q·K^T", id="unicode-transpose"),
        pytest.param("QK^⊤", "Q·K^T", id="top-glyph-transpose"),
        pytest.param(r"QK^\top", "Q·K^T", id="latex-transpose"),
        pytest.param("xW^T", "x·W^T", id="ascii-vector-times-transposed-matrix"),
        pytest.param("Q^TK", "Q^T·K", id="ascii-transpose-then-factor"),
        pytest.param("W^Tx", "W^T·x", id="ascii-transposed-matrix-then-vector"),
        pytest.param("ab^2", "a*b^2", id="ascii-power"),
        pytest.param("ab²", "a*b^2", id="unicode-power"),
        pytest.param("ab^{2}", "a*b^2", id="latex-power"),
        pytest.param("2x^2", "2*x^2", id="number-then-power"),
        pytest.param("QK^{(t)}", "Q·K_t", id="latex-index-above"),
        pytest.param("W_h h_{t-1}^T", "W_h·h_{t-1}^T", id="subscripted-factor"),
        pytest.param("a(b+x)^2", "a*(b + x)^2", id="ascii-bracket-factor"),
        pytest.param(r"a\left(b+x\right)^{2}", "a*(b + x)^2", id="latex-bracket-factor"),
        pytest.param("n(n-1)!", "n*factorial(n - 1)", id="factorial-of-the-bracket"),
        pytest.param("(QK)^T", "(Q·K)^T", id="ascii-brackets-transpose-the-product"),
        pytest.param(r"\left(QK\right)^\top", "(Q·K)^T", id="latex-brackets-transpose-the-product"),
        pytest.param(r"{QK}^T", "(Q·K)^T", id="latex-braces-transpose-the-product"),
        pytest.param("(a(b+x))^2", "(a*(b + x))^2", id="brackets-square-the-product"),
        pytest.param("a(bx)^2", "a*(b*x)^2", id="letters-in-brackets-stay-together"),
        pytest.param("a[bx]^2", "a*(b*x)^2", id="letters-in-square-brackets-stay-together"),
        pytest.param("softmax(QK^T/sqrt(d_k))V", "softmax(Q·K^T/sqrt(d_k))·V", id="ascii-attention"),
        pytest.param("softmax(QKᵀ/√d_k)V", "softmax(Q·K^T/sqrt(d_k))·V", id="unicode-attention"),
        pytest.param(
            r"\text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
            "softmax(Q·K^T/sqrt(d_k))·V",
            id="latex-attention",
        ),
    ],
)
def test_a_power_or_transpose_after_juxtaposed_factors_binds_to_the_last(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("√d_k", "sqrt(d_k)", id="subscripted-radicand"),
        pytest.param("√(x+1)", "sqrt(x + 1)", id="bracketed-radicand"),
        pytest.param("2√x", "2*sqrt(x)", id="after-a-number"),
        pytest.param("√x²", "sqrt(x)^2", id="power-after-the-root"),
        pytest.param("∛x", "x^{1/3}", id="cube-root"),
    ],
)
def test_the_radical_sign_takes_the_factor_that_follows(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param(
            "√2x + 1",
            [("sqrt(2)*x + 1", None), ("sqrt(2*x) + 1", "√2x read as the root of the whole product")],
            id="factors-after-the-root",
        ),
        pytest.param("√2 x + 1", [("sqrt(2)*x + 1", None)], id="a-space-ends-the-root"),
        pytest.param("√(2)x + 1", [("sqrt(2)*x + 1", None)], id="brackets-end-the-root"),
    ],
)
def test_a_root_of_factors_written_together_has_both_readings(text: str, found: list[tuple[str, str | None]]) -> None:
    assert readings(text, ATTENTION) == found


def readings(text: str, context: Context) -> list[tuple[str, str | None]]:
    return [(show(resolve(r.chain, context)), r.assumption) for r in parse(text, context.indexes)]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("a^(b+c)", "a^{b + c}", id="ascii-caret"),
        pytest.param("a**(b+c)", "a^{b + c}", id="ascii-double-star"),
        pytest.param("a^{b+c}", "a^{b + c}", id="latex-braces"),
        pytest.param(r"a^{\left(b+c\right)}", "a^{b + c}", id="latex-brackets-in-braces"),
        pytest.param("2⁽ⁿ⁺¹⁾", "2^{n + 1}", id="unicode-number-base"),
        pytest.param("x_t^(n+1)", "x_t^{n + 1}", id="question-writes-n-as-a-symbol"),
        pytest.param("x_t**(t)", "x_t^t", id="double-star-is-always-a-power"),
        pytest.param("e^(t)", "e^t", id="euler"),
    ],
)
def test_a_bracketed_exponent_is_a_power(text: str, reading: str) -> None:
    assert readings(text, GRU) == [(reading, None)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("h^{(t-1)}", id="latex-parentheses"),
        pytest.param("h^{<t-1>}", id="ascii-angle-brackets"),
        pytest.param("h^{⟨t-1⟩}", id="unicode-angle-brackets"),
        pytest.param("h^⟨t-1⟩", id="unicode-angle-brackets-without-braces"),
        pytest.param(r"h^{\langle t-1 \rangle}", id="latex-angle-brackets"),
        pytest.param("h⁽ᵗ⁻¹⁾", id="unicode-superscripts"),
        pytest.param("h^(t-1)", id="ascii-where-the-question-indexes-h"),
        pytest.param("H^(t-1)", id="ascii-alias"),
    ],
)
def test_an_index_written_above_is_a_time_index(text: str) -> None:
    assert readings(text, GRU) == [("h_{t-1}", None)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("h^{(t-k)}", id="latex-parentheses"),
        pytest.param("h^{<t-k>}", id="ascii-angle-brackets"),
        pytest.param("h_{t-k}", id="a-subscript"),
    ],
)
def test_a_number_of_steps_back_named_by_a_letter_is_a_time_index(text: str) -> None:
    assert readings(text, GRU) == [("h_{t-k}", None)]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("W^(z)", "W_z", id="ascii"),
        pytest.param("W^{(z)}", "W_z", id="latex"),
        pytest.param("W^(z) x_t + U^(z) h_(t-1)", "W_z·x_t + U_z·h_{t-1}", id="cs224n-update-gate"),
    ],
)
def test_a_letter_above_a_matrix_the_question_writes_below_is_its_label(text: str, reading: str) -> None:
    """CS224n writes the update gate's weights W^{(z)}: where the question has the matrix W_z, a letter in
    brackets above W is that label, never a power (a matrix power of z cannot even be read)."""
    assert readings(text, GRU) == [(reading, None)]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("a^(n)", "a^n", id="never-written-below"),
        pytest.param("b^(z)", "b^{z_t}", id="a-vector-may-have-a-power"),
    ],
)
def test_a_letter_above_a_symbol_other_than_a_labelled_matrix_is_a_power(text: str, reading: str) -> None:
    assert readings(text, GRU) == [(reading, None)]


def test_a_letters_sum_in_brackets_above_is_still_a_power() -> None:
    assert readings("y^{(n+m)}", GRU) == [("y^{n + m}", None)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("h^(t-1)^T", id="ascii"),
        pytest.param("h⁽ᵗ⁻¹⁾ᵀ", id="unicode-one-run"),
        pytest.param("h^{(t-1)}ᵀ", id="unicode-after-latex"),
        pytest.param(r"h^{(t-1)\top}", id="latex-one-group"),
        pytest.param(r"h^{(t-1)}^{\top}", id="latex-two-groups"),
    ],
)
def test_an_index_written_above_can_be_transposed(text: str) -> None:
    # the tree, not the text: a power with a symbol T as exponent prints as h_{t-1}^T too
    (reading,) = parse(text, GRU.indexes)
    assert resolve(reading.chain, GRU) == resolve(parse_one("h_{t-1}^{\\top}"), GRU)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a^(t)", id="ascii"),
        pytest.param(r"a^\left(t\right)", id="latex"),
    ],
)
def test_an_index_in_parentheses_above_an_unindexed_symbol_has_both_readings(text: str) -> None:
    assert readings(text, GRU) == [("a^t", None), ("a_t", "^(t) read as a time index")]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("h_(t-1)", "h_{t-1}", id="ascii-parenthesized-subscript"),
        pytest.param("h_(t - 1)", "h_{t-1}", id="ascii-parenthesized-subscript-spaced"),
        pytest.param("x[t]", "x_t", id="ascii-square-brackets"),
        pytest.param("h[t-1]", "h_{t-1}", id="ascii-square-brackets-offset"),
        pytest.param("h(t)", "h_t", id="ascii-call-form"),
        pytest.param("h(t-1)", "h_{t-1}", id="ascii-call-form-offset"),
        pytest.param("h(t−1)", "h_{t-1}", id="unicode-minus"),
        pytest.param(r"h\left(t-1\right)", "h_{t-1}", id="latex-call-form"),
        pytest.param("H(t-1)", "h_{t-1}", id="alias"),
        pytest.param("z(t) = σ(W_z x(t) + U_z h(t-1) + b_z)", "z_t = σ(W_z·x_t + U_z·h_{t-1} + b_z)", id="gru-gate"),
        pytest.param("h̃(t)", r"\tilde{h}_t", id="unicode-decorated"),
        pytest.param(r"\tilde{h}(t)", r"\tilde{h}_t", id="latex-decorated"),
        pytest.param("h(t)^2", "h_t^2", id="power-of-the-indexed-symbol"),
        pytest.param("a(t)", "a*t", id="unindexed-symbol-stays-a-product"),
        pytest.param("a[t]", "a*t", id="unindexed-symbol-square-brackets-stay-a-product"),
        pytest.param("W_z[h_t, x_t]", "W_z·[h_t, x_t]", id="matrix-times-concatenation"),
        pytest.param("f(t)", "f(t)", id="declared-function-stays-a-call"),
        pytest.param("σ(t)", "σ(t)", id="sigmoid-stays-a-call"),
        pytest.param("h_t(x_t)", "h_t*x_t", id="not-an-index-stays-a-product"),
    ],
)
def test_time_indices_in_other_notations(text: str, reading: str) -> None:
    assert read(text, GRU) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("h~_t", r"\tilde{h}_t", id="ascii-tilde"),
        pytest.param("H~_t", r"\tilde{h}_t", id="ascii-tilde-alias-of-the-plain-letter"),
        pytest.param("C~_t", r"\tilde{c}_t", id="ascii-tilde-capital"),
        pytest.param("h̃_t", r"\tilde{h}_t", id="unicode-combining"),
        pytest.param("H̃_t", r"\tilde{h}_t", id="unicode-combining-capital"),
        pytest.param(r"\tilde h_t", r"\tilde{h}_t", id="latex-without-braces"),
        pytest.param(r"\tilde{H}_t", r"\tilde{h}_t", id="latex-capital"),
    ],
)
def test_the_candidate_state_in_every_spelling(text: str, reading: str) -> None:
    assert read(text, GRU) == reading


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a ~ b", id="spaced"),
        pytest.param("a~b", id="latex-nonbreaking-space"),
    ],
)
def test_a_tilde_between_symbols_is_refused(text: str) -> None:
    with pytest.raises(NotationError, match="unexpected character '~'"):
        read(text, GRU)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("||x||", "‖x‖", id="ascii-double-bars"),
        pytest.param("||x - y||^2", "‖x - y‖^2", id="ascii-squared"),
        pytest.param("2||x||", "2*‖x‖", id="ascii-after-a-number"),
        pytest.param("||x||_1", "‖x‖_1", id="ascii-one-norm"),
        pytest.param("‖x‖", "‖x‖", id="unicode"),
        pytest.param("‖x‖₂", "‖x‖", id="unicode-euclidean-subscript"),
        pytest.param("‖x‖‖y‖", "‖x‖*‖y‖", id="unicode-product-of-norms"),
        pytest.param(r"\|x\|", "‖x‖", id="latex-bars"),
        pytest.param(r"\left\|x\right\|^2", "‖x‖^2", id="latex-sized"),
        pytest.param(r"\lVert x \rVert_2", "‖x‖", id="latex-lvert"),
        pytest.param(r"\Vert x \Vert_1", "‖x‖_1", id="latex-vert-one-norm"),
        pytest.param("|x|", "abs(x)", id="single-bars-stay-absolute-value"),
        pytest.param("||x| - |y||", "abs(abs(x) - abs(y))", id="ascii-absolute-values-inside-bars"),
    ],
)
def test_norms_are_norms(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param(r"\nabla_z L", "∂L/∂z", id="latex"),
        pytest.param(r"\nabla_{z} L", "∂L/∂z", id="latex-braced"),
        pytest.param(r"\nabla_zL", "∂L/∂z", id="latex-one-letter-subscript"),
        pytest.param("∇_z L", "∂L/∂z", id="unicode"),
        pytest.param("∇_z L = p − y", "∂L/∂z = p - y", id="unicode-equation"),
        pytest.param(r"\nabla_\theta J(\theta)", "∂J/∂θ", id="latex-loss-as-a-function"),
        pytest.param("∇_x (x^2)", "diff(x^2, x)", id="unicode-of-an-expression"),
    ],
)
def test_nabla_with_a_subscript_is_the_partial_derivative(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("softmax(z)_i", "softmax(z)_i", id="ascii"),
        pytest.param("softmax(z)ᵢ", "softmax(z)_i", id="unicode"),
        pytest.param(r"\mathrm{softmax}(z)_{i}", "softmax(z)_i", id="latex"),
        pytest.param("(W x)_i", "(W·x)_i", id="ascii-bracketed-product"),
        pytest.param("σ(x)_{j} + 1", "σ(x)_j + 1", id="latex-sigmoid"),
    ],
)
def test_an_entry_of_a_function_value_is_read(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("h = tanh(x) ∈ ℝ^64", "h = tanh(x)", id="unicode-after-an-equation"),
        pytest.param("h = tanh(x), h ∈ ℝ^{n×d}", "h = tanh(x)", id="unicode-after-a-comma"),
        pytest.param("h = tanh(x), a, b ∈ ℝ", "h = tanh(x)", id="unicode-several-symbols"),
        pytest.param(r"h = \tanh(x) \in \mathbb{R}^{n \times d}", "h = tanh(x)", id="latex"),
        pytest.param("p = softmax(z) ∈ [0, 1]^n", "p = softmax(z)", id="unicode-interval"),
        pytest.param("h = tanh(x) (h ∈ ℝ^{64})", "h = tanh(x)", id="unicode-in-brackets"),
        pytest.param(r"h = \tanh(x)\ (h \in \mathbb{R}^{64})", "h = tanh(x)", id="latex-in-brackets"),
        pytest.param(r"Q K^T \in \mathbb{R}^{n \times n}", "Q·K^T", id="latex-after-an-expression"),
    ],
)
def test_a_statement_of_the_space_a_value_lives_in_is_set_aside(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("h ∈ ℝ^64", id="unicode"),
        pytest.param(r"h \in \mathbb{R}^{64}", id="latex"),
        pytest.param("x ∈ ℝ^{n×d}", id="unicode-matrix-space"),
    ],
)
def test_a_statement_of_the_space_alone_is_not_graded(text: str) -> None:
    with pytest.raises(NotationError, match="that is not graded"):
        read(text, ATTENTION)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("log(x, 2)", "log(x)/log(2)", id="ascii-log-base-second"),
        pytest.param("root(x, 3)", "x^{1/3}", id="ascii-root"),
        pytest.param("sign(x) + sgn(a)", "sign(x) + sign(a)", id="ascii-sign"),
        pytest.param("binomial(n, 2)", "binomial(n, 2)", id="ascii-binomial"),
        pytest.param(r"\binom{n}{k}", "binomial(n, k)", id="latex-binomial"),
        pytest.param(r"\operatorname{sign}(x)", "sign(x)", id="latex-sign"),
        pytest.param("n! = n (n−1)!", "factorial(n) = n*factorial(n - 1)", id="unicode-factorial-identity"),
        pytest.param("dot(x, W) + b", "x·W + b", id="keras-dot"),
        pytest.param("matmul(W, x)", "W·x", id="matmul"),
    ],
)
def test_more_functions(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        pytest.param("‖x‖_3", "the norm _3 is not supported", id="unsupported-norm"),
        pytest.param("binomial(n)", "binomial takes 2 arguments, got 1", id="binomial-one-argument"),
        pytest.param("log(x, 2, 3)", "log takes 1 or 2 arguments, got 3", id="log-three-arguments"),
        pytest.param("root x", "“root” is not a symbol", id="root-as-a-word"),
        pytest.param("dot(x)", "dot takes 2 arguments, got 1", id="dot-one-argument"),
        pytest.param("∇L", "write the variable of ∇ as a subscript", id="nabla-without-variable"),
    ],
)
def test_new_notation_refuses_what_it_cannot_read(text: str, piece: str) -> None:
    with pytest.raises(NotationError) as caught:
        read(text, ATTENTION)

    assert piece in str(caught.value)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("Q @ K.T", "Q·K^T", id="numpy-matrix-product-and-transpose"),
        pytest.param("softmax(Q @ K.T / np.sqrt(d_k)) @ V", "softmax(Q·K^T/sqrt(d_k))·V", id="numpy-module-prefix"),
        pytest.param("(Q @ K).T", "(Q·K)^T", id="numpy-transpose-of-a-bracket"),
        pytest.param("torch.tanh(x)", "tanh(x)", id="torch-module-prefix"),
    ],
)
def test_code_written_math_reads_as_math(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("grad_z L", "∂L/∂z", id="ascii-grad"),
        pytest.param("nabla_z L", "∂L/∂z", id="ascii-nabla"),
        pytest.param("h~t", r"\tilde{h}_t", id="ascii-tilde-before-the-time-index"),
        pytest.param("h~t-1", r"\tilde{h}_t - 1", id="ascii-tilde-loose-index-stays-literal"),
    ],
)
def test_gradients_and_candidates_typed_in_ascii(text: str, reading: str) -> None:
    context = Context.declare(aliases={"h": ["H"]}).with_known(
        parse_name(text) for text in ["L", "z", r"\tilde{h}_t", r"\tilde{h}_{t-1}"]
    )
    assert read(text, context) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("z = σ(W_z x + U_z h)", "z_t = σ(W_z·x_t + U_z·h)", id="a-letter-written-at-several-times-stays"),
        pytest.param("h̃ = tanh(W x_t)", r"\tilde{h}_t = tanh(W·x_t)", id="decorated"),
        pytest.param("a + n", "a + n", id="letters-the-question-writes-bare-stay"),
    ],
)
def test_a_letter_the_question_writes_only_at_time_t_is_that_symbol(text: str, reading: str) -> None:
    assert read(text, GRU) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("σ′ = σ(1 − σ)", "σ' = σ*(1 - σ)", id="unicode-prime-without-argument"),
        pytest.param("sigma' = sigma(1-sigma)", "σ' = σ*(1 - σ)", id="ascii-prime-without-argument"),
        pytest.param("σ(W x + b)", "σ(W·x + b)", id="brackets-without-a-bare-sigma-are-its-argument"),
        pytest.param("σ(σ(x))", "σ(σ(x))", id="a-called-sigma-inside-is-still-a-call"),
        pytest.param("σ'(x)", "σ'(x)", id="prime-with-argument-is-the-derivative"),
    ],
)
def test_sigma_prime_alone_is_a_symbol(text: str, reading: str) -> None:
    assert read(text, ATTENTION) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("σ(b^z + U^z x_t + W^z h_{t-1})", "σ(b_z + U_z·x_t + W_z·h_{t-1})", id="goodfellow-labels"),
        pytest.param("W^T", "W^T", id="transpose-stays"),
        pytest.param("W^2", "W·W", id="a-number-is-a-power"),
        pytest.param("a^n", "a^n", id="a-letter-above-a-vector-is-a-power"),
    ],
)
def test_a_letter_above_a_weight_names_it(text: str, reading: str) -> None:
    assert read(text, GRU) == reading


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        pytest.param("U_h r_t ⊙ h_{t-1}", 2, id="factors-written-together-then-hadamard"),
        pytest.param("U_h r_t * h_{t-1}", 2, id="factors-written-together-then-star"),
        pytest.param("U_h (r_t ⊙ h_{t-1})", 1, id="bracketed"),
        pytest.param("r_t ⊙ U_h h_{t-1}", 1, id="hadamard-first"),
        pytest.param("a b / c", 1, id="division-keeps-one-reading"),
        pytest.param("U_h r_t h_{t-1}", 2, id="a-matrix-then-two-vectors-written-together"),
        pytest.param("r_t U_h h_{t-1}", 2, id="a-vector-a-matrix-and-a-vector-written-together"),
        pytest.param("W x_t", 1, id="two-factors"),
        pytest.param("a b c", 1, id="three-vectors"),
    ],
)
def test_a_written_product_after_factors_written_together_is_read_both_ways(text: str, readings: int) -> None:
    """`U_h r_t ⊙ h_{t-1}` is (U_h r_t) ⊙ h_{t-1} as written and U_h (r_t ⊙ h_{t-1}) as often meant, and so are
    `U_h r_t h_{t-1}` (Goodfellow's W r_t h_{t-1}) and `r_t U_h h_{t-1}`: both readings are graded, and a grade
    that depends on the choice goes to review."""
    from grader.math.parser import parse

    found = parse(text)
    assert len(found) == readings
    if readings == 2:
        assumption = found[1].assumption or ""
        assert "taking only the factor just before it" in assumption or "the last two first" in assumption


def test_an_ascii_derivative_with_respect_to_a_numbered_symbol() -> None:
    """`dL/dw1` is ∂L/∂w1 (and a rubric's alias `w_1: [w1]` makes it ∂L/∂w_1), not dL divided by dw1."""
    from grader.math.nodes import Deriv
    from grader.math.parser import parse_one

    derivative = parse_one("dL/dw1 = 3").links[0]
    assert isinstance(derivative, Deriv)
    assert derivative.den.base == "w1"
    assert not isinstance(parse_one("d1/d2").links[0], Deriv)


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("Γ_f", "f", id="the-gate-alone"),
        pytest.param("Γf<t-1> * c<t-2>", "f_{t-1}*c_{t-2}", id="ngs-gate-at-a-time"),
        pytest.param(r"\Gamma_u^{<t>}", "i_t", id="latex-at-a-time"),
        pytest.param("Γ_{r,t}", "Γ_{r,t}", id="a-gate-with-no-alias-stays"),
    ],
)
def test_an_alias_of_a_labelled_letter_takes_the_time_written_after_the_label(text: str, reading: str) -> None:
    """Ng's course writes the forget gate Γ_f and, at a time step, Γf<t-1>: an alias declared for Γ_f reads
    Γ_{f,t-1} as the symbol at that time."""
    context = Context.declare(aliases={"f": [r"\Gamma_f"], "i": [r"\Gamma_u"], "c": ["C"]}).with_known(
        parse_name(text) for text in ["f_t", "f_{t-1}", "i_t", "c_{t-2}"]
    )
    assert read(text, context) == reading


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        pytest.param("σ_g(W_f x_t + b_f)", "σ(W_f·x_t + b_f)", id="sigma-g-the-gates-sigmoid"),
        pytest.param(r"\sigma_{g}(x_t)", "σ(x_t)", id="latex-braced"),
        pytest.param("σ_c(W_c x_t + b_c)", "tanh(W_c·x_t + b_c)", id="sigma-c-the-cell-tanh"),
        pytest.param("σ_h(c_t)", "tanh(c_t)", id="sigma-h-the-output-tanh"),
        pytest.param("φ_h(W_h x_t)", "tanh(W_h·x_t)", id="phi-h-the-gru-tanh"),
        pytest.param("σ_t", "σ_t", id="a-subscripted-sigma-alone-is-a-symbol"),
    ],
)
def test_wikipedias_subscripted_activations(text: str, reading: str) -> None:
    """Wikipedia writes the LSTM's and GRU's activations with subscripts: σ_g the gates' sigmoid, σ_c and σ_h
    the hyperbolic tangent, φ_h the GRU's."""
    assert read(text) == reading


@pytest.mark.parametrize("slash", ["/", "⁄", "∕", "÷"])
def test_every_slash_students_type_divides(slash: str) -> None:
    """The fraction slash (U+2044) and the division slash (U+2215) of a phone's keyboard are `/`."""
    assert read(f"QKᵀ {slash} √d_k", Context.declare(matrices=["Q", "K"])) == "QK^T/sqrt(d_k)"


def test_a_delta_before_a_time_index_in_brackets() -> None:
    """`δc(t−2)` (Géron's time in brackets) is δc_{t-2}, as `c(t−2)` is c_{t-2}."""
    from grader.math.parser import parse_name

    context = GRU.with_known([parse_name(r"\delta h_t"), parse_name(r"\delta h_{t-2}")])
    assert read("δh(t−2) = δh(t) ⊙ z(t)", context) == "δh_{t-2} = δh_t*z_t"
