"""Finding math in prose: lines as statements, subjects named in words, formulas in prose and in
words, shapes, and answers that decline to answer."""

from __future__ import annotations

import pytest

from grader.extract import (
    declines,
    described,
    equation_stretches,
    flatten_latex,
    math_lines,
    math_stretches,
    named_statement,
    plain_markdown,
    without_remarks,
    worded_math,
)

from .conftest import finishes


def test_equation_stretches_stop_at_a_label() -> None:
    assert equation_stretches("Constant error carousel (CEC): ∂c_t/∂c_{t-1} = f_t") == ["∂c_t/∂c_{t-1} = f_t"]


def test_a_remark_with_brackets_inside_is_left_out() -> None:
    line = "so z = σ(W x + U h) (biases omitted — add b^(z) if you like). σ is the logistic sigmoid."
    assert equation_stretches(line) == ["z = σ(W x + U h)"]


def test_a_remark_of_short_words_is_left_out_unless_it_states_a_number() -> None:
    assert without_remarks("softmax(S) V (divided by d_k I think)") == "softmax(S) V  "
    assert without_remarks("z = σ(W x + U h) (+ a bias maybe?)") == "z = σ(W x + U h)  "
    assert without_remarks("softmax(S) V (each row of A sums to 1)") == "softmax(S) V (each row of A sums to 1)"


def test_a_remark_naming_a_book_written_with_a_2_is_left_out() -> None:
    assert without_remarks("C_t = I_t ⊙ C̃_t (d2l notation)") == "C_t = I_t ⊙ C̃_t  "
    assert without_remarks("h = enc(x) (as in seq2seq)") == "h = enc(x)  "


def test_a_remark_of_words_joined_by_a_slash_is_left_out() -> None:
    assert equation_stretches("Γ_u (input/update gate) = σ(a)") == ["Γ_u = σ(a)"]


def test_an_equation_in_andrew_ngs_notation_keeps_its_left_side_in_prose() -> None:
    line = "In Ng's course this is called update gate: Γu = σ(Wu [a<t-1>, x<t>] + bu)"
    assert equation_stretches(line) == ["Γu = σ(Wu [a<t-1>, x<t>] + bu)"]


@pytest.mark.parametrize(
    ("line", "stretches"),
    [
        pytest.param("h_t = tanh(W x_t + b) I think the gate comes later", ["h_t = tanh(W x_t + b)"], id="I-think"),
        pytest.param("h_t = tanh(W x_t + b) I'm not sure", ["h_t = tanh(W x_t + b)"], id="I-am"),
        pytest.param("h_t = W x_t + I", ["h_t = W x_t + I"], id="identity-matrix"),
        pytest.param("h_t = W x_t + I, the identity", ["h_t = W x_t + I"], id="identity-then-prose"),
    ],
)
def test_equation_stretches_end_before_the_pronoun_i(line: str, stretches: list[str]) -> None:
    assert equation_stretches(line) == stretches


def test_a_remark_about_the_formulas_function_after_a_comma_is_not_part_of_it() -> None:
    line = "Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V, softmax taken over each row (over the keys)."
    assert equation_stretches(line) == ["Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V"]
    assert equation_stretches("y = a, tanh(x)") == ["y = a, tanh(x)"]  # applied, a function stays in the formula
    line = "z_t = σ(W_z x_t + U_z h_{t−1} + b_z), σ the logistic function"
    assert equation_stretches(line) == ["z_t = σ(W_z x_t + U_z h_{t−1} + b_z)"]  # the sigmoid's sign named alone


@pytest.mark.parametrize(
    ("line", "stretches"),
    [
        pytest.param(
            "z_t = σ(W_z x_t + U_z h_{t−1} + b_z); z_t acts as an interpolation coefficient",
            ["z_t = σ(W_z x_t + U_z h_{t−1} + b_z)"],
            id="clause-after-semicolon",
        ),
        pytest.param(
            "z_t = σ(W [x_t; h_{t-1}] + b_z)", ["z_t = σ(W [x_t; h_{t-1}] + b_z)"], id="semicolon-in-brackets"
        ),
    ],
)
def test_a_semicolon_outside_brackets_ends_the_formula(line: str, stretches: list[str]) -> None:
    assert equation_stretches(line) == stretches


def test_a_symbol_with_ngs_time_index_is_part_of_the_formula() -> None:
    line = "Hence δc<t-2> = δc<t> * Γ_f<t> * Γ_f<t-1> (element-wise)"
    assert equation_stretches(line) == ["δc<t-2> = δc<t> * Γ_f<t> * Γ_f<t-1>"]


def test_equation_stretches_stop_at_prose_words() -> None:
    line = "When f_t is set to 0, the update becomes: C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t"
    assert equation_stretches(line) == ["C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t"]


@pytest.mark.parametrize(
    ("line", "equations", "formulas"),
    [
        pytest.param("updated with addition, not by the weight matrix and tanh. ∂Cₜ/∂Cₜ₋₁ ≈ Fₜ, so the gradient passes",
                     [], ["∂Cₜ/∂Cₜ₋₁ ≈ Fₜ"], id="function-name-ends-the-sentence-before"),
        pytest.param("squashed by tanh. h_t = o_t * tanh(c_t) after it", ["h_t = o_t * tanh(c_t)"],
                     ["h_t = o_t * tanh(c_t)"], id="equation-after-a-sentence"),
        pytest.param("so h_t = o_t * c_t. W x + b is the rest", ["h_t = o_t * c_t"], ["h_t = o_t * c_t", "W x + b"],
                     id="equation-before-a-sentence"),
        pytest.param("the inner derivative of σ(w1 x)... ∂(w1 x)/∂w1 is left", [], ["σ(w1 x)... ∂(w1 x)/∂w1"],
                     id="an-ellipsis-ends-no-sentence"),
    ],
)  # fmt: skip
def test_a_formula_ends_with_its_sentence(line: str, equations: list[str], formulas: list[str]) -> None:
    assert (equation_stretches(line), math_stretches(line)) == (equations, formulas)


def test_flatten_latex_reads_a_fraction_of_two_digits() -> None:
    assert flatten_latex(r"$\max_x \sigma'(x) = \tfrac14$").strip().endswith("(1)/(4)")


def test_flatten_latex_keeps_words_of_text_commands() -> None:
    assert "input size" in flatten_latex(r"$4 \times (\text{input size} + 1)$")


@pytest.mark.parametrize(
    ("answer", "statements"),
    [
        pytest.param("f_t = σ(a)\ni_t = σ(b)", ["f_t = σ(a)", "i_t = σ(b)"], id="two-lines-two-statements"),
        pytest.param("h_t = o_t ⊙ tanh(c_t)\n   + 0", ["h_t = o_t ⊙ tanh(c_t) + 0"], id="a-wrapped-line-continues"),
        pytest.param("h_t = tanh(W x_t +\nU h_{t-1})", ["h_t = tanh(W x_t + U h_{t-1})"], id="an-open-bracket"),
        pytest.param(
            "c_t = f_t c_{t-1} + i_t g_t => c_t = i_t g_t",
            ["c_t = f_t c_{t-1} + i_t g_t", "c_t = i_t g_t"],
            id="an-arrow-ends-a-statement",
        ),
        pytest.param("with f_t = 0: c_t = i_t g_t", ["with f_t = 0", "c_t = i_t g_t"], id="a-condition-before-a-colon"),
        pytest.param("h_t = tanh(W h_{t-1}) (Elman convention)", ["h_t = tanh(W h_{t-1})"], id="a-remark-in-words"),
        pytest.param("σ' = σ(1 − σ) (from d/dx (1 + e^{-x})^{-1} = …)", ["σ' = σ(1 − σ)"], id="a-justification"),
        pytest.param("z = W_f . [h, x]", ["z = W_f · [h, x]"], id="a-spaced-full-stop-is-a-product"),
        pytest.param("y = (a + b) (c)", ["y = (a + b) (c)"], id="brackets-of-math-stay"),
        pytest.param("f_t = σ(a) (W_f has shape n_h x (n_h + n_x))", ["f_t = σ(a)"], id="a-remark-with-math"),
        pytest.param("y = a / d_k (divided by d_k I think)", ["y = a / d_k"], id="a-remark-of-short-words"),
        pytest.param("o_t = σ(a) - not sure if there is a peephole", ["o_t = σ(a)"], id="a-remark-after-a-dash"),
        pytest.param(
            "h_t = z h + (1 − z) c  — ici z proche de 1 = on garde l'ancien état",
            ["h_t = z h + (1 − z) c"],
            id="a-remark-in-words-after-a-dash-with-an-equals-sign",
        ),
        pytest.param(  # the words are left to the reading of the statement, the minus stays
            "dL/dz = p - y for every class", ["dL/dz = p - y for every class"], id="a-minus-before-words-is-a-minus"
        ),
        pytest.param("x = b - a note on signs follows", ["x = b"], id="an-article-after-a-dash-is-prose"),
        pytest.param(
            "r_t = σ(a) — das Reset-Gate entscheidet, wie viel übrig bleibt",
            ["r_t = σ(a)"],
            id="a-remark-in-another-language",
        ),
        pytest.param("c_t = a - b", ["c_t = a - b"], id="a-minus-stays"),
        pytest.param(
            "∂L/∂z_i = p_i − y_i (vector form: ∇_z L = p − y)",
            ["∂L/∂z_i = p_i − y_i", "∇_z L = p − y"],
            id="an-alternative-in-brackets",
        ),
        pytest.param("f_t = σ(a) (or written as σ(b), I think it's the same)", ["f_t = σ(a)", "σ(b)"], id="or-written"),
        pytest.param(
            "grad = a - y (so dL/dz_i = p_i - y_i for every i)",
            ["grad = a - y", "dL/dz_i = p_i - y_i"],
            id="so-in-brackets",
        ),
        pytest.param(
            "h_t = a (if z_t = 0 the state is copied -> gradient flows)", ["h_t = a"], id="an-arrow-in-a-remark"
        ),
        pytest.param("h_t = x (h_t ∈ ℝ^{64})", ["h_t = x (h_t ∈ ℝ^{64})"], id="a-space-statement-stays"),
        pytest.param("∂c_t/∂c_{t-1} = f_t ≈ 1", ["∂c_t/∂c_{t-1} = f_t", "1"], id="an-approximation-ends-it"),
        pytest.param("dc_t/dc_{t-1} = f_t ~ 1", ["dc_t/dc_{t-1} = f_t", "1"], id="a-spaced-tilde-ends-it"),
        pytest.param("c~_t = tanh(a)", ["c~_t = tanh(a)"], id="a-candidate-tilde-stays"),
        pytest.param("A = softmax(S)   (row-wise)", ["A = softmax(S)"], id="a-hyphenated-word-remark"),
        pytest.param("y = σ(x)(1 − σ(x)) [Lecture 3, slide 14]", ["y = σ(x)(1 − σ(x))"], id="a-citation-in-brackets"),
        pytest.param("A = softmax(S) V (Vaswani et al. 2017, Eq. (1))", ["A = softmax(S) V"], id="a-citation"),
        pytest.param("z = σ(W [h, x] + b) (64,)", ["z = σ(W [h, x] + b)"], id="a-shape-note"),
        pytest.param("y = softmax(S) V -> (n x d_v)", ["y = softmax(S) V"], id="a-shape-after-an-arrow"),
        pytest.param("y = W [h, x]", ["y = W [h, x]"], id="a-concatenation-stays"),
        pytest.param("y = 2 (a x b)", ["y = 2 (a x b)"], id="a-product-in-brackets-stays"),
        pytest.param("∂L/∂z = ŷ − y   (ŷ = softmax(z))", ["∂L/∂z = ŷ − y"], id="a-definition-in-brackets"),
        pytest.param("A = softmax(S) V\nShapes: Q (n x d_k), V (m x d_v)", ["A = softmax(S) V"], id="a-shapes-legend"),
        pytest.param(
            "z = σ(x W + h U)\n# W shape (32, 64), U shape (64, 64)", ["z = σ(x W + h U)"], id="shapes-commented"
        ),
        pytest.param("z = σ(x W + h U)\nW has shape: (32, 64)", ["z = σ(x W + h U)"], id="a-shape-said"),
        pytest.param("Output shape: (26, 26, 32)", ["Output shape: (26, 26, 32)"], id="an-answers-shape-is-no-legend"),
        pytest.param(
            "h = tanh(W x + b), the reset gate is applied afterwards", ["h = tanh(W x + b)"], id="words-after-a-comma"
        ),
        pytest.param(
            "o_t = σ(a), h_t = o_t ⊙ tanh(c_t)", ["o_t = σ(a)", "h_t = o_t ⊙ tanh(c_t)"], id="an-equation-after-a-comma"
        ),
        pytest.param("d = p − y (where p = softmax(z))", ["d = p − y"], id="a-definition-with-where"),
        pytest.param(
            "softmax(S / sqrt(d)) V (d2l notation, d = d_k).", ["softmax(S / sqrt(d)) V"], id="a-note-and-a-definition"
        ),
        pytest.param("y = a * (b = c)", ["y = a * (b = c)"], id="brackets-after-an-operator-stay"),
        pytest.param("r = sigmoid(a)  # same shape as h", ["r = sigmoid(a)"], id="a-code-comment"),
        pytest.param("r = sigmoid(a)   // reset gate", ["r = sigmoid(a)"], id="a-c-style-comment"),
        pytest.param("c = f*c_1 + i*g   # * = elementwise", ["c = f*c_1 + i*g"], id="a-comment-holding-a-legend"),
        pytest.param(
            "dL/dz = p - y (= softmax(z) - y_onehot)", ["dL/dz = p - y"], id="the-result-said-again-in-brackets"
        ),
        pytest.param("d = n // h", ["d = n // h"], id="integer-division-stays"),
        pytest.param("d = 512 // heads", ["d = 512 // heads"], id="integer-division-by-a-word-stays"),
        pytest.param("r = σ(a)   ← this is the forget gate", ["r = σ(a)"], id="a-remark-after-an-arrow"),
        pytest.param("f = σ(a)   ← first σ (leftmost)", ["f = σ(a)"], id="where-in-the-figure-after-an-arrow"),
        pytest.param("o = σ(a)   (3rd σ, before h_t)", ["o = σ(a)"], id="where-in-the-figure-in-brackets"),
        pytest.param("i = σ(a) — second σ.", ["i = σ(a)"], id="where-in-the-figure-after-a-dash"),
        pytest.param(
            "o = σ(a) — rightmost σ; h = o ⊙ tanh(c)",
            ["o = σ(a)", "h = o ⊙ tanh(c)"],
            id="where-in-the-figure-then-more",
        ),
        pytest.param(
            r"o = \sigma(a), \quad h = o \odot \tanh(c)",
            ["o = \\sigma(a)", "h = o \\odot \\tanh(c)"],
            id="latex-quad-between-equations",
        ),
        pytest.param(r"o = \sigma(a) \qquad h = \tanh(c)", ["o = \\sigma(a)", "h = \\tanh(c)"], id="latex-qquad-alone"),
        pytest.param("i = σ(a) - the 2nd sigmoid from the left", ["i = σ(a)"], id="where-in-the-figure-after-a-hyphen"),
        pytest.param("f = σ(a)   (a<t-1> is h_{t-1})", ["f = σ(a)"], id="a-symbol-said-to-be-another"),
        pytest.param("h = U (r * g) (r * g is elementwise)", ["h = U (r * g)"], id="a-product-said-to-be-elementwise"),
        pytest.param(
            "h = U (r o g), o is elementwise product", ["h = U (r ⊙ g)"], id="letter-o-said-to-be-the-product"
        ),
        pytest.param("h = (1 - z) o g (o = Hadamard product)", ["h = (1 - z) ⊙ g"], id="letter-o-legend-in-brackets"),
        pytest.param("z = sigmoid of (W x plus b)", ["z = sigmoid of (W x plus b)"], id="a-bracket-after-of-is-math"),
        pytest.param("c = f a + i g with f = 0", ["f = 0", "c = f a + i g"], id="a-condition-after-with"),
        pytest.param("(f ≡ 0) c = i g", ["f = 0", "c = i g"], id="a-condition-identically-zero-in-brackets"),
        pytest.param("c = i * g (elementwise *)", ["c = i * g"], id="a-sign-named-after-its-meaning"),
        pytest.param("A = softmax(Q.K / √d).V", ["A = softmax(Q · K / √d) · V"], id="a-dot-between-capitals"),
        pytest.param("y = K.T x + K.dot(x)", ["y = K.T x + K.dot(x)"], id="a-transpose-and-a-method-stay"),
        pytest.param(
            "c = f a + i g, with f=0 the first part goes away",
            ["f=0", "c = f a + i g,"],
            id="a-condition-after-with-then-what-it-does",
        ),
        pytest.param("so I'll go with s' = 1 - s^2", ["so I'll go with s' = 1 - s^2"], id="go-with-is-no-condition"),
        pytest.param("h = o * tanh(c)\no = output gate", ["h = o * tanh(c)", "o = output gate"], id="letter-o-a-gate"),
        pytest.param("r = σ(W [h, x])   (+ b_r)", ["r = σ(W [h, x])"], id="a-bias-said-in-passing"),
        pytest.param(
            "A = softmax(S) V, softmax taken row-wise.", ["A = softmax(S) V"], id="hyphenated-words-after-a-comma"
        ),
        pytest.param("σ′ = σ(1 − σ).", ["σ′ = σ(1 − σ)."], id="a-unicode-prime"),
        pytest.param(
            "h = z ⊙ g\n⊙ = elementwise (Hadamard) product. Note: as in the book",
            ["h = z ⊙ g", "Note: as in the book"],
            id="an-operator-legend-line",
        ),
        pytest.param("h = a\n⊙ b", ["h = a ⊙ b"], id="an-operator-line-continues"),
        pytest.param("y = a (+ b + c)", ["y = a (+ b + c)"], id="more-than-a-bias-in-brackets-stays"),
        pytest.param("w = 1 − h² (if my Q1 is right?)", ["w = 1 − h² (if my Q1 is right?)"], id="right-is-no-place"),
        pytest.param("c ← f c + i g", ["c ← f c + i g"], id="an-assignment-arrow-stays"),
        pytest.param("d = e   // n_heads = 64", ["d = e   // n_heads = 64"], id="a-comment-never-holds-an-equation"),
        pytest.param("o_t=sig(a), h_t=o_t*tanh(c_t)", ["o_t=sig(a)", "h_t=o_t*tanh(c_t)"], id="two-equations-commas"),
        pytest.param("c = a + b, and h = c", ["c = a + b", "h = c"], id="and-an-equation-after-a-comma"),
        pytest.param("c = a + b and h = c", ["c = a + b", "h = c"], id="and-an-equation"),
        pytest.param("c = a + b so h = c", ["c = a + b", "h = c"], id="so-an-equation"),
        pytest.param("y = f(a and b) + c", ["y = f(a and b) + c"], id="and-in-brackets-stays"),
        pytest.param("f(x, y) = x + y", ["f(x, y) = x + y"], id="a-comma-in-brackets-stays"),
        pytest.param("o_t = σ(a) (then h_t = o_t ⊙ tanh(c_t))", ["o_t = σ(a)", "h_t = o_t ⊙ tanh(c_t)"], id="then"),
        pytest.param("n_t = tanh(a + r_t * b)\n* = Hadamard product", ["n_t = tanh(a + r_t * b)"], id="a-legend"),
        pytest.param(
            "n_t = tanh(a + r_t * b) * is hadamard product.", ["n_t = tanh(a + r_t * b)"], id="legend-closing"
        ),
        pytest.param("c = f ⊙ c + i ⊙ g, ⊙ = elementwise", ["c = f ⊙ c + i ⊙ g"], id="legend-after-a-comma"),
        pytest.param(
            "n_t = tanh(a + r_t * b)\n* is hadamard product. Note the reset",
            ["n_t = tanh(a + r_t * b)", "Note the reset"],
            id="legend-opening-the-next-line",
        ),
        pytest.param("y = a * b is the product", ["y = a * b is the product"], id="a-product-is-no-legend"),
        pytest.param(r"c_t = a \xrightarrow{f_t = 0} c_t = b", ["c_t = a", "c_t = b"], id="xrightarrow"),
        pytest.param("y = a (b-c)", ["y = a (b-c)"], id="a-minus-in-brackets-stays"),
        pytest.param(
            "o_t = σ(a) — the third block. Then h_t = o_t ⊙ tanh(c_t).",
            ["o_t = σ(a)", "Then h_t = o_t ⊙ tanh(c_t)."],
            id="two-sentences-two-equations",
        ),
        pytest.param(
            "So y = σ(x)(1 − σ(x)). This reuses the value of σ(x).",
            ["So y = σ(x)(1 − σ(x)). This reuses the value of σ(x)."],
            id="a-sentence-without-an-equation-stays",
        ),
        pytest.param("f_t = σ(W_f.[h, x] + b_f)", ["f_t = σ(W_f · [h, x] + b_f)"], id="a-dot-before-a-bracket"),
        pytest.param("p = 0.5 (about)", ["p = 0.5"], id="a-decimal-point-stays"),
        pytest.param("If f_t = 0 then c_t = i_t g_t", ["f_t = 0", "c_t = i_t g_t"], id="if-then"),
        pytest.param("If in doubt then c = g", ["If in doubt then c = g"], id="a-condition-without-an-equation-stays"),
        pytest.param("(f_t = 0) c_t = i_t g_t", ["f_t = 0", "c_t = i_t g_t"], id="a-condition-in-brackets-first"),
        pytest.param("(a = b) + c", ["(a = b) + c"], id="brackets-without-an-equation-after-stay"),
        pytest.param("c = f*c + i*g   (* elementwise)", ["c = f*c + i*g"], id="what-the-star-means"),
        pytest.param("c = f ⊙ c + i ⊙ g (⊙ = Hadamard product)", ["c = f ⊙ c + i ⊙ g"], id="what-the-circle-means"),
        pytest.param("c_t = i_t * g_t ? not sure", ["c_t = i_t * g_t", "not sure"], id="a-doubt-ends-the-statement"),
        pytest.param("h = tanh(W x + U h_t-1) i think", ["h = tanh(W x + U h_t-1)"], id="i-think-after-it"),
        pytest.param("h = tanh(W x + U h), I guess.", ["h = tanh(W x + U h)"], id="i-guess-after-a-comma"),
        pytest.param(
            "c = f * c_p, I think it is the box on top",
            ["c = f * c_p"],  # the clause a remark, left out; no doubt about the formula
            id="i-think-opening-a-clause",
        ),
        pytest.param(
            "y = W x + i\nthink of i as the input",
            ["y = W x + i", "think of i as the input"],
            id="a-symbol-i-then-a-new-line",
        ),
        pytest.param(
            "A = softmax(Q Kᵀ / √d_k) V, softmax row-wise, i.e. over the keys",
            ["A = softmax(Q Kᵀ / √d_k) V"],
            id="i-e-remark",
        ),
        pytest.param(
            "u_t = σ(b^u + W^u h_{t-1}) (Goodfellow's u = z)", ["u_t = σ(b^u + W^u h_{t-1})"], id="whose-name"
        ),
        pytest.param("σ(x)(1 − σ(x))??", ["σ(x)(1 − σ(x))"], id="a-doubled-question-mark"),
        pytest.param(
            "f_t = σ(W_f [h, x] + b_f) (recurrent_activation='sigmoid' in keras)",
            ["f_t = σ(W_f [h, x] + b_f)"],
            id="a-setting-in-code",
        ),
        pytest.param("c = f * (c + g)", ["c = f * (c + g)"], id="brackets-of-math-stay"),
        pytest.param(
            "i = σ(W [a<t-1>, x<t>] + b) <- the update gate",
            ["i = σ(W [a<t-1>, x<t>] + b)", "the update gate"],
            id="a-remark-pointed-back-to",
        ),
        pytest.param(
            "o = sigmoid(W_o [h_{t-1}, x_t] + b_o) h_t = o_t*c_t",
            ["o = sigmoid(W_o [h_{t-1}, x_t] + b_o)", "h_t = o_t*c_t"],
            id="a-second-equation-after-a-bracket",
        ),
        pytest.param("(a + b) c = d", ["(a + b) c = d"], id="a-factor-after-a-bracket-opening-the-line"),
    ],
)
def test_lines_are_statements(answer: str, statements: list[str]) -> None:
    assert math_lines(answer) == statements


@pytest.mark.parametrize(
    ("line", "math"),
    [
        pytest.param("forget gate = sigmoid(W_f x + b_f)", "sigmoid(W_f x + b_f)", id="equals"),
        pytest.param("Candidate layer: c_t = tanh(x)", "c_t = tanh(x)", id="a-label"),
        pytest.param("Forget gate (first sigmoid): f_t = σ(x)", "f_t = σ(x)", id="a-label-with-a-remark"),
        pytest.param("input (update) gate: Γu = σ(x)", "Γu = σ(x)", id="a-remark-inside-the-label"),
        pytest.param("gradient = p - y", "p - y", id="one-word"),
        pytest.param("f_t = 1", None, id="a-symbol-is-no-name-in-words"),
        pytest.param("x = 1", None, id="one-letter"),
        pytest.param("scores S = Q K^T / sqrt(d_k)", "S = Q K^T / sqrt(d_k)", id="words-before-the-symbol"),
        pytest.param("The gradient is dL/dz = p - y", "dL/dz = p - y", id="a-sentence-before-the-symbol"),
        pytest.param("not f_t = 1 but", None, id="a-negation-is-kept"),
    ],
)
def test_a_subject_named_in_words(line: str, math: str | None) -> None:
    assert named_statement(line) == math


@pytest.mark.parametrize(
    ("line", "stretches"),
    [
        pytest.param("The gradient is p − y for each class", ["p − y"], id="formula-in-a-sentence"),
        pytest.param("It is a lot (n x n scores) bigger", [], id="no-formula"),
        pytest.param("so we get W_o [h, x] and then tanh(c_t)", ["W_o [h, x]", "tanh(c_t)"], id="two-formulas"),
        pytest.param("it is softmax(QK^T) V I think? not sure", ["softmax(QK^T) V"], id="pronoun-after-a-formula"),
        pytest.param("so h = W x + I where", ["h = W x + I"], id="identity-matrix-before-prose"),
        pytest.param(
            "so softmax(Q Kᵀ / √d_k) V, where d_k is", ["softmax(Q Kᵀ / √d_k) V", "d_k"], id="unicode-transpose"
        ),
        pytest.param("then Wₕ hₜ₋₁ + bₕ goes into the gates", ["Wₕ hₜ₋₁ + bₕ"], id="unicode-subscripts"),
        pytest.param("it makes softmax + cross-entropy so nice", [], id="a-word-plus-a-word"),
        pytest.param("it is h + 1 here", ["h + 1"], id="a-letter-plus-a-number"),
        pytest.param("(then h_t = o_t * c_t)", ["h_t = o_t * c_t"], id="an-aside-in-brackets-with-a-word"),
        pytest.param("the sum (a + b) again", ["a + b"], id="a-formula-in-brackets"),
        pytest.param("it is (1 - σ)σ here", ["(1 - σ)σ"], id="brackets-that-close-before-the-end"),
        pytest.param("it's just p - y!! super clean", ["p - y"], id="an-exclamation-ends-the-formula"),
        pytest.param("it's p - y!", ["p - y"], id="an-exclamation-at-the-end"),
        pytest.param("so k = (n-1)! here", ["k = (n-1)!"], id="a-factorial-stays"),
    ],
)
def test_formulas_in_prose(line: str, stretches: list[str]) -> None:
    assert math_stretches(line) == stretches


@pytest.mark.parametrize(
    ("line", "stretches"),
    [
        pytest.param("(then h_t = o_t * c_t)", ["h_t = o_t * c_t"], id="an-aside-in-brackets-with-a-word"),
        pytest.param("(so h = 2) and more", ["h = 2"], id="a-conclusion-in-brackets"),
        pytest.param("so h_t = o_t * tanh(c_t)", ["h_t = o_t * tanh(c_t)"], id="no-brackets"),
        pytest.param(
            "c_t = i_t * g_t (and h_t = o_t * tanh(i_t * g_t))",
            ["c_t = i_t * g_t", "h_t = o_t * tanh(i_t * g_t)"],
            id="a-consequence-in-an-aside-after-the-formula",
        ),
        pytest.param(
            "h_t = z_t h_{t-1} + g_t (the (1 - z_t) is inside g_t)",
            ["h_t = z_t h_{t-1} + g_t (the (1 - z_t)"],
            id="a-remark-stays-with-its-formula-and-makes-it-unreadable",
        ),
    ],
)
def test_equations_in_an_aside_in_brackets(line: str, stretches: list[str]) -> None:
    assert equation_stretches(line) == stretches


@pytest.mark.parametrize(
    ("answer", "plain"),
    [
        pytest.param("- So a = b\n- and c = d", "So a = b\nand c = d", id="a-list"),
        pytest.param("Steps:\n* a = b\n* c = d", "Steps:\na = b\nc = d", id="a-list-after-a-colon"),
        pytest.param("c_t = a\n- b\n- c", "c_t = a\n- b\n- c", id="minus-lines-going-on"),
        pytest.param("- a = b", "- a = b", id="one-line"),
    ],
)
def test_bullets_of_a_list_are_taken_off(answer: str, plain: str) -> None:
    assert plain_markdown(answer) == plain


def test_math_in_words_keeps_both_groupings() -> None:
    assert worded_math("the sigmoid times two minus the sigmoid") == [
        ("σ * 2 - σ", None),
        ("σ * (2 - σ)", "“times” read as multiplying all of “2 - σ”"),
    ]
    assert worded_math("It's the sigmoid times one minus the sigmoid") == [
        ("σ * (1 - σ)", "read “times” as multiplying all of “1 - σ” (nobody multiplies by one)"),
    ]
    assert worded_math("the forget gate") == []
    assert worded_math("Softmax derivative is the same as the sigmoid one.") == []
    assert worded_math("one over four") == [("1 / 4", None)]
    assert worded_math("z = sigmoid of (W x plus b)") == [("z = sigmoid (W x + b)", None)]  # applied to it


@pytest.mark.parametrize(
    ("answer", "declined"),
    [
        ("idk", True),
        ("no idea sorry", True),
        ("I don't know", True),
        ("I don’t know.", True),
        ("sorry dont remember the exact formula", True),
        ("?", True),
        ("n/a", True),
        ("I forgot", True),
        ("I dont know how to derive this one, sorry.", True),
        ("I'm not sure how to derive this.", True),
        ("no idea tbh, didn't get to this one", True),
        ("I'm not sure what reset_after does, sorry", True),
        ("No sé... I don't know how to count this one, sorry", True),
        ("Not sure what reset_after does, but 18624", False),
        ("Not sure how to derive this one, but the forget gate multiplies it", False),
        ("18816? not sure", False),
        ("I don't know, maybe 5", False),
        ("Not sure, but the forget gate erases the old state", False),
        ("sigmoid", False),
        ("0", False),
        ("No.", False),
    ],
)
def test_an_answer_that_only_says_it_has_none(answer: str, declined: bool) -> None:
    assert declines(answer) is declined


@pytest.mark.slow
@pytest.mark.parametrize(
    "answer",
    [
        "a → " * 25_000,
        "a ≈ " * 25_000,
        "(a ~ " * 20_000,
        "$$" + " " * 100_000 + "a$$",
        "a" + " " * 100_000 + "b",
        ", " * 50_000,
        "if a = b " * 10_000,
        "x where " * 20_000,
        "a = b when " * 10_000,
        "a o " * 20_000 + "(o = elementwise) " + " (" * 20_000 + " " * 50_000 + "o",
        "h_t = a — " + "word " * 20_000 + "= = =",
    ],
    ids=[
        "arrows",
        "approx",
        "open",
        "spaces-in-a-display",
        "spaces-in-a-line",
        "commas",
        "ifs",
        "wheres",
        "whens",
        "letter-o-legends",
        "a-remark-after-a-dash-with-equals-signs",
    ],
)
def test_many_statement_breaks_are_split_in_linear_time(answer: str) -> None:
    probe = (
        "import sys\nfrom grader.extract import math_lines\nfrom grader.marked import marked_statements\n"
        "text = sys.stdin.read()\nmath_lines(text)\nmarked_statements(text)"
    )
    finishes(probe, answer, 10)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        pytest.param("**Answer:** 7,744 × 10 + 10 = **77,450**", "Answer: 7,744 × 10 + 10 = 77,450", id="bold"),
        pytest.param("x**2 + y**2", "x**2 + y**2", id="python-powers-stay"),
        pytest.param(
            "**R**_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)",
            "R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)",
            id="a-bold-symbol-keeps-its-subscript",
        ),
        pytest.param("2**x**2", "2**x**2", id="python-powers-around-a-letter-stay"),
        pytest.param("`(26, 26, 32)`", "(26, 26, 32)", id="inline-code"),
        pytest.param("## Q1\n> a quote", "Q1\na quote", id="heading-and-quote"),
        pytest.param(
            ">>> sum(p.numel() for p in m.parameters())",
            ">>> sum(p.numel() for p in m.parameters())",
            id="console-stays",
        ),
        pytest.param("# => c_t = f_t c_{t-1}", "# => c_t = f_t c_{t-1}", id="a-code-comment-is-no-heading"),
    ],
)
def test_markdown_marks_are_left_out(text: str, plain: str) -> None:
    assert plain_markdown(text) == plain


@pytest.mark.parametrize(
    ("line", "piece", "about"),
    [
        pytest.param("Q·Kᵀ gives the similarity of every query with every key", "Q·Kᵀ", True, id="gives"),
        pytest.param("Here 1 - σ(x) is the slope of the other half", "1 - σ(x)", True, id="is-the"),
        pytest.param("Actually it's 1 - σ(x)", "1 - σ(x)", False, id="at-the-end"),
        pytest.param("1 - σ(x) is wrong", "1 - σ(x)", False, id="is-said-of-it"),
        pytest.param("Or is it 1 - σ(x) times σ(x)", "1 - σ(x)", False, id="a-product-in-words"),
    ],
)
def test_a_formula_a_sentence_is_about(line: str, piece: str, about: bool) -> None:
    assert described(piece, line) is about
