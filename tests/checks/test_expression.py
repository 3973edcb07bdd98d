"""Expression and equation checks: reading the math in an answer, choosing what to grade, verdicts."""

from __future__ import annotations

import pytest

from grader.checks.base import HEDGE_REMARK, PartContext
from grader.checks.expression import MathChecker
from grader.models.checks import EquationCheck, ExpressionCheck
from grader.models.common import Notation
from grader.models.report import Status
from grader.models.rubric import Mistake

CHECKER = MathChecker()
LSTM = Notation(
    matrices=["W", "U"],
    aliases={"c": ["C"], r"\tilde{c}": [r"\bar{c}", r"\tilde{C}", r"\bar{C}", "g"]},
)
CT_TWO_STEPS = r"c_t = f_t \odot (f_{t-1} \odot c_{t-2} + i_{t-1} \odot \tilde{c}_{t-1}) + i_t \odot \tilde{c}_t"
C_UPDATE = EquationCheck(type="equation", expected=r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t")
FORGET = EquationCheck(type="equation", expected=r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)")


def grade(check: EquationCheck | ExpressionCheck, answer: str, mistakes: tuple[Mistake, ...] = ()):
    return CHECKER.grade(check, answer, PartContext(points=2, notation=LSTM, mistakes=mistakes))


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("c_t = f_t*c_{t-1} + i_t*g_t", id="ascii"),
        pytest.param("c_t = f_t ⊙ c_{t−1} + i_t ⊙ c̃_t", id="unicode"),
        pytest.param("C_t = f_t × C_{t-1} + i_t × \\bar{C}_t", id="unicode-times-capitals"),
        pytest.param(r"$$c_t = f_t \cdot c_{t-1} + i_t \cdot \bar{c}_t$$", id="latex-display"),
        pytest.param(
            r"The update is \(c_t = f_t \circ c_{t - 1} + i_t \circ \tilde{c}_t\).", id="latex-inline-in-prose"
        ),
        pytest.param("i_t g_t + f_t c_{t-1} = c_t", id="turned-around-and-reordered"),
        pytest.param("c_t - f_t c_{t-1} = i_t g_t", id="rearranged"),
        pytest.param("The cell becomes c_t = f_t * c_{t-1} + i_t * g_t as usual", id="equation-inside-a-sentence"),
        pytest.param("c_t = f_t * c_{⟨t−1⟩} + i_t * g_t", id="ng-angle-brackets-in-a-subscript"),
        pytest.param("c_t = f_t * c_{<t-1>} + i_t * g_t", id="ascii-angle-brackets-in-a-subscript"),
    ],
)
def test_the_c_t_update_in_every_notation(answer: str) -> None:
    outcome = grade(C_UPDATE, answer)
    assert outcome.status is Status.CORRECT, outcome.feedback
    assert outcome.interpreted_as is not None


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("c_t = f_t c_{t-2} + i_t g_t", Status.NEEDS_REVIEW, "near_miss", id="one-time-index-off"),
        pytest.param("c_t = f_t c_{t-1}", Status.INCORRECT, "not_equivalent", id="missing-input-term"),
        pytest.param("c_t = c_{t-1} f_t - i_t g_t", Status.INCORRECT, "not_equivalent", id="wrong-sign"),
        pytest.param("c_t = f_t*c_t-2 + i_t*g_t", Status.NEEDS_REVIEW, "near_miss", id="loose-time-index-off"),
        pytest.param("c_t = f_t ** + ", Status.NEEDS_REVIEW, "unreadable", id="unreadable"),
        pytest.param("the cell state is updated", Status.NEEDS_REVIEW, "unreadable", id="prose-only"),
    ],
)
def test_wrong_and_undecidable_answers(answer: str, status: Status, note: str) -> None:
    outcome = grade(C_UPDATE, answer)
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_a_loose_time_index_that_names_a_symbol_of_the_question_is_read_as_one() -> None:
    outcome = grade(C_UPDATE, "c_t = f_t*c_t-1 + i_t*g_t")

    assert (outcome.status, outcome.note) == (Status.CORRECT, "equivalent")
    assert any("_t-1 read as a time index" in line for line in outcome.feedback)


def test_the_ambiguous_reading_names_both_readings() -> None:
    check = EquationCheck(type="equation", expected="y = a_t - 1")
    outcome = grade(check, "y = a_t-1")  # a_{t-1} is no symbol of the question: both readings stay
    feedback = " ".join(outcome.feedback)

    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "ambiguous_reading")
    assert "a_t - 1" in feedback
    assert "a_{t-1}" in feedback


def test_the_equation_for_the_asked_symbol_is_graded_among_others() -> None:
    answer = r"""$$W_f = [W_i, w_{h-1}]$$ $$f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)$$
    $$i_t = \sigma(W_i \cdot (h_{t-1}, x_t) + b_i)$$"""
    outcome = grade(FORGET, answer)
    assert outcome.status is Status.CORRECT
    assert outcome.interpreted_as == "f_t = σ(W_f·[h_{t-1}, x_t] + b_f)"
    assert any("other 2 equations" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(r"$$c_{t-1} = 1,\qquad c_t = f_t c_{t-1} + i_t g_t$$", id="set-apart-by-a-wide-space"),
        pytest.param(r"$$c_t = f_t c_{t-1} + i_t g_t \quad (\text{the cell path})$$", id="words-after-a-wide-space"),
    ],
)
def test_a_display_with_a_wide_space_holds_the_equation(answer: str) -> None:
    """Both were unreadable or read with the words as a factor: a review, or a confident zero."""
    assert grade(C_UPDATE, answer).status is Status.CORRECT


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("If f_t = 0 then c_t = i_t g_t", id="if-then"),
        pytest.param("When f_t = 0, c_t = i_t g_t", id="when-comma"),
        pytest.param("c⟨t⟩ = i⟨t⟩ * g⟨t⟩", id="angle-brackets-without-a-caret"),
        pytest.param("c<t> = i<t> * g<t>", id="ascii-angle-brackets-without-a-caret"),
        pytest.param("c_t = f_t * c_{t-1} + i_t * g_t  ->  c_t = i_t * g_t  when f_t = 0", id="a-condition-after"),
        pytest.param("c_t = f_t * c_{t-1} + i_t * g_t with f_t = 0", id="the-update-with-f-zero"),  # not `c_t = 0`
    ],
)
def test_a_condition_in_words_and_angle_bracket_indices(answer: str) -> None:
    check = EquationCheck(type="equation", expected=r"c_t = i_t \odot \tilde{c}_t")
    assert grade(check, answer).status is Status.CORRECT


def test_one_unit_with_its_time_index_in_angle_brackets() -> None:
    check = EquationCheck(type="equation", expected=r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t")
    outcome = grade(check, r"h_j^{<t>} = z_j h_j^{<t-1>} + (1 - z_j) h̃_j^{<t>}")
    assert outcome.status is Status.CORRECT


def test_letters_run_together_added_to_a_product_are_a_product() -> None:
    """`Uh` reads as the question's matrix U_h; added to W·x it can only be U·h."""
    check = EquationCheck(type="equation", expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)")
    outcome = grade(check, "h~ = tanh(Wx + Uh)")
    assert outcome.interpreted_as == r"\tilde{h}_t = tanh(W·x_t + U·h)"
    assert outcome.note != "unreadable"


def test_letters_run_together_then_a_bias_are_still_a_product() -> None:
    """`Wx + Uh + b`: once `Uh` is U·h the sum is a vector, and a bias may follow it."""
    check = EquationCheck(type="equation", expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)")
    outcome = grade(check, "h~ = tanh(Wx + Uh + b)")
    assert outcome.interpreted_as == r"\tilde{h}_t = tanh(W·x_t + U·h + b)"
    assert outcome.note != "unreadable"


def test_an_equation_in_a_condition_is_no_statement() -> None:
    answer = "r_t = σ(W_r x_t + U_r h_{t-1} + b_r). So if r_t = 0 the candidate ignores the past."
    check = EquationCheck(type="equation", expected=r"r_t = \sigma(W_r x_t + U_r h_{t-1} + b_r)")
    assert grade(check, answer).status is Status.CORRECT


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("s * (1 - s), s = sigmoid(x)", Status.CORRECT, id="defined-after"),
        pytest.param("s = sigmoid(x); ds = s * (1 - s)", Status.CORRECT, id="defined-before-named-result"),
        pytest.param("s * (1 - s) where s = sigmoid(x)", Status.CORRECT, id="where"),
        pytest.param("s(1-s), where s = sigmoid(x)", Status.CORRECT, id="own-letter-before-a-bracket-defined-after"),
        pytest.param("s = sigmoid(x)\nderivative: s(1-s)", Status.CORRECT, id="own-letter-before-a-bracket"),
        pytest.param("s = sigmoid(x)\nderivative: s(1+s)", Status.INCORRECT, id="own-letter-wrong"),
        pytest.param("s(1-s)", Status.CORRECT, id="an-undefined-s-is-the-sigmoid"),  # `sigmoidletter`
        pytest.param("g(1-g)", Status.NEEDS_REVIEW, id="an-undefined-letter-before-a-bracket"),
        pytest.param("s = sigmoid(x)", Status.INCORRECT, id="only-a-definition-read-whole"),
    ],
)
def test_a_symbol_of_the_students_own_defined_anywhere(answer: str, status: Status) -> None:
    check = ExpressionCheck(type="expression", expected=r"\sigma(x)(1 - \sigma(x))")
    assert grade(check, answer).status is status


def test_the_questions_own_quantity_at_another_step_is_no_definition() -> None:
    """Both one-step updates, not put into each other: c_{t-1} is the question's, not a name of the student's."""
    check = EquationCheck(type="equation", expected=CT_TWO_STEPS)
    answer = "c_t = f_t c_{t-1} + i_t g_t, and c_{t-1} = f_{t-1} c_{t-2} + i_{t-1} g_{t-1}"
    assert grade(check, answer).status is not Status.CORRECT


@pytest.mark.parametrize("answer", ["grad_z = p - y", "∇_z = p - y", r"\nabla_z = p - y", "grad_z L = p - y"])
def test_a_gradient_without_its_loss_is_that_of_the_loss(answer: str) -> None:
    check = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
    assert grade(check, answer).status is Status.CORRECT


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            r"$\mathrm{softmax}(QK^T/\sqrt{d_k})V$, where the $n\times n$ scores are normalised",
            Status.CORRECT,
            id="a-size-in-prose-is-no-statement",
        ),
        pytest.param(r"the $n\times n$ score matrix", Status.INCORRECT, id="a-size-alone-is-read"),
    ],
)
def test_a_size_named_in_marked_math(answer: str, status: Status) -> None:
    check = ExpressionCheck(type="expression", expected=r"\mathrm{softmax}(Q K^T / \sqrt{d_k}) V")
    assert grade(check, answer).status is status


def test_the_last_equation_for_the_symbol_counts() -> None:
    answer = "$$C_t = f_t * C_{t-1} + i_t * g_t$$ With f_t = 0: $$C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t$$"
    check = EquationCheck(type="equation", expected=r"C_t = i_t \odot g_t")
    outcome = grade(check, answer)
    assert outcome.status is Status.CORRECT
    assert outcome.interpreted_as == r"c_t = i_t*\tilde{c}_t"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("dL/dz = p - y for every class", id="words-after-the-last-operand"),
        pytest.param("dL/dz_j = p_j - y_j, for each j", id="entry-index-then-words"),
        pytest.param("dL/dz = p - y - not sure about the sign", id="a-remark-after-a-dash"),
    ],
)
def test_a_minus_before_words_is_read_as_a_minus(answer: str) -> None:
    check = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation(indices=["i", "j"])))
    assert (outcome.status, outcome.interpreted_as) == (Status.CORRECT, "∂L/∂z = p - y"), outcome.feedback


def test_an_answer_right_but_for_the_names_of_its_weights_goes_to_a_grader() -> None:
    check = EquationCheck(
        type="equation",
        expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)",
        alternatives=[r"\tilde{h}_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))"],
    )
    answer = "h̃_t = tanh(W_h x_t + r_t ⊙ (U_h h_{t−1} + b_rh) + b_h)"
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "near_miss"), outcome.feedback
    assert "other names for its weights and biases" in outcome.feedback[-1]


_GRU_CANDIDATES = [
    r"\tilde{h}_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))",
    r"\tilde{h}_t = \tanh(U_h x_t + W_h (r_t \odot h_{t-1}) + b_h)",
]


@pytest.mark.parametrize(
    ("row_alternative", "status"),
    [
        pytest.param([r"\tilde{h}_t = \tanh(x_t W_{xh} + (r_t \odot h_{t-1}) W_{hh} + b_h)"], Status.CORRECT,
                     id="the-rubric-writes-rows-too"),
        pytest.param([], Status.INCORRECT, id="columns-only"),
    ],
)  # fmt: skip
def test_weights_named_otherwise_are_read_as_row_vectors_where_the_rubric_writes_rows(
    row_alternative: list[str], status: Status
) -> None:
    check = EquationCheck(
        type="equation",
        expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)",
        alternatives=_GRU_CANDIDATES + row_alternative,
    )
    answer = "h̃_t = tanh(x_t·W_h + r_t ⊙ (h_{t−1}·U_h + b_rh) + b_h)"  # Keras's reset_after, row vectors
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback
    assert ("read as row vectors" in outcome.feedback[-1]) is (status is Status.CORRECT)


def test_a_chain_is_graded_from_the_subject_when_a_name_of_the_students_comes_first() -> None:
    outcome = CHECKER.grade(CE_GRADIENT, "δ = ∂L/∂z = p − y", PartContext(points=3, notation=Notation()))
    assert outcome.status is Status.CORRECT, outcome.feedback
    assert "Graded your chain from ∂L/∂z on." in outcome.feedback


def test_a_chain_with_a_false_step_goes_to_review() -> None:
    check = EquationCheck(type="equation", expected=r"C_t = i_t \odot g_t")
    outcome = grade(check, "C_t = 0 * C_{t-1} + 2 i_t g_t = i_t g_t")
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "broken_step")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("σ' = e^{-x}/(1+e^{-x})^2 = σ·e^{-x}/(1+e^{-x}) = σ(1-σ)", Status.CORRECT, id="σ-for-σ(x)"),
        pytest.param("σ' = σ·e^{-x}/(1+e^{-x}) = σ(1-σ)^2 = σ(1-σ)", Status.NEEDS_REVIEW, id="a-false-step-still"),
    ],
)
def test_a_step_with_the_bare_σ_reads_it_as_σ_of_the_variable(answer: str, status: Status) -> None:
    check = ExpressionCheck(
        type="expression", expected=r"\sigma(x)(1 - \sigma(x))", alternatives=[r"\sigma(1 - \sigma)"]
    )
    outcome = CHECKER.grade(check, answer, PartContext(points=2))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(r"f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)", Status.CORRECT, id="cdot"),
        pytest.param(r"f_t = \sigma(W_f (h_{t-1}, x_t) + b_f)", Status.CORRECT, id="tuple-is-concatenation"),
        pytest.param(r"f_t = \sigma([h_{t-1}, x_t] W_f + b_f)", Status.INCORRECT, id="matrix-order-matters"),
        pytest.param(  # the same model once W_f's blocks swap, which the part does not declare free: a grader decides
            r"f_t = \sigma(W_f [x_t, h_{t-1}] + b_f)", Status.NEEDS_REVIEW, id="concatenation-order-goes-to-a-grader"
        ),
        pytest.param(r"f_t = \tanh(W_f [h_{t-1}, x_t] + b_f)", Status.INCORRECT, id="tanh-for-sigma"),
        pytest.param(r"f_t = \sigma(b_f + W_f [h_{t-1}, x_t])", Status.CORRECT, id="sum-reordered"),
        pytest.param("f_t = sigmoid(W_f @ concat(h_prev, x_t) + b_f)", Status.CORRECT, id="concat-in-code"),
        pytest.param("f_t = σ(W_f cat([h_{t-1}, x_t]) + b_f)", Status.CORRECT, id="cat-of-a-list"),
        pytest.param("f_t = σ(W_f concat(x_t, h_{t-1}) + b_f)", Status.NEEDS_REVIEW, id="concat-order-as-brackets"),
    ],
)
def test_gate_equations_with_matrices(answer: str, status: Status) -> None:
    assert grade(FORGET, answer).status is status


def test_alternatives_are_accepted() -> None:
    check = FORGET.model_copy(update={"alternatives": [r"f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)"]})
    outcome = grade(check, r"f_t = \sigma(U_f h_{t-1} + W_f x_t + b_f)")
    assert outcome.status is Status.CORRECT
    assert any("accepted alternative" in line for line in outcome.feedback)


def test_known_mistake_matched_by_equivalence() -> None:
    mistake = Mistake(answer=r"f_t = \tanh(W_f [h_{t-1}, x_t] + b_f)", feedback="Gates use σ.", note="tanh-for-sigmoid")
    outcome = grade(FORGET, r"f_t = tanh(b_f + W_f [h_{t-1}, x_t])", (mistake,))
    assert (outcome.status, outcome.note) == (Status.INCORRECT, "mistake:tanh-for-sigmoid")


def test_incorrect_feedback_names_foreign_and_missing_symbols() -> None:
    feedback = " ".join(grade(C_UPDATE, "c_t = f_t z_t + z_t g_t").feedback)
    assert "not in the expected answer: z_t" in feedback
    assert "lacks: c_{t-1}" in feedback


def test_expression_check_grades_the_final_value_of_a_chain() -> None:
    check = ExpressionCheck(type="expression", expected=r"i_t \odot g_t")
    outcome = grade(check, "C_t = 0 * C_{t-1} + i_t g_t = g_t i_t")
    assert outcome.status is Status.CORRECT


def test_an_expression_answers_an_equation_check_as_its_right_hand_side() -> None:
    outcome = grade(C_UPDATE, "f_t c_{t-1} + i_t g_t")
    assert outcome.status is Status.CORRECT
    assert any("right-hand side" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("f_t = sigmoid(W_f @ [h_{t-1}, x_t] + b_f)", Status.CORRECT, id="matrix-at-vector"),
        pytest.param("c_t = f_t * c_{t-1} + i_t @ g_t", Status.NEEDS_REVIEW, id="vector-at-vector-is-a-dot-product"),
    ],
)
def test_numpys_at_sign_is_a_matrix_product_never_elementwise(answer: str, status: Status) -> None:
    check = FORGET if answer.startswith("f_t") else C_UPDATE
    outcome = grade(check, answer)
    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert any("dot product" in line for line in outcome.feedback)


CE_GRAD = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
PREDICTION = Notation(aliases={"p": [r"\hat{y}"]})


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("dL/dz = p - y_onehot", Status.CORRECT, id="onehot-target"),
        pytest.param("y_pred - y_true (softmax and cross-entropy together)", Status.CORRECT, id="keras-names"),
        pytest.param("dL/dz = y_true - y_pred", Status.INCORRECT, id="keras-names-sign-flipped"),
        pytest.param("dL/dz = p - y_soft", Status.INCORRECT, id="another-subscript-is-another-symbol"),
    ],
)
def test_keras_and_code_names_of_the_target_and_the_prediction(answer: str, status: Status) -> None:
    """`y_true`, `y_onehot` are the target y and `y_pred` the prediction ŷ where the question writes y and ŷ (or
    its alias p) and never these names."""
    outcome = CHECKER.grade(CE_GRAD, answer, PartContext(points=3, notation=PREDICTION))
    assert outcome.status is status, outcome.feedback


def test_injection_in_an_answer_is_inert(tmp_path: object) -> None:
    outcome = grade(C_UPDATE, "__import__('os').system('touch /tmp/grader-pwned')")
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.note == "unreadable"


def test_validate_reports_unreadable_expected_answers() -> None:
    bad = EquationCheck(type="equation", expected="c_t = f_t +", alternatives=["c_t = = 1"])
    problems = CHECKER.validate(bad, PartContext(points=1, notation=LSTM))
    assert [path for path, _ in problems] == ["check.expected", "check.alternatives[0]"]


ATTENTION = Notation(matrices=["Q", "K", "V"], functions=["Attention"])
SCALED_ATTENTION = ExpressionCheck(type="expression", expected=r"softmax(Q K^T / \sqrt{d_k}) V")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("softmax(QK^T/sqrt(d_k))V", Status.CORRECT, id="ascii-no-spaces"),
        pytest.param("Attention(Q,K,V) = softmax(QK^T/sqrt(d_k))V", Status.CORRECT, id="ascii-with-lhs"),
        pytest.param("softmax(QKᵀ/√d_k)V", Status.CORRECT, id="unicode-no-spaces"),
        pytest.param("softmax(Q Kᵀ / √d_k) V", Status.CORRECT, id="unicode-spaced"),
        pytest.param(r"\text{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", Status.CORRECT, id="latex-no-spaces"),
        pytest.param(
            "Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V, where d_k is the key dimension",
            Status.CORRECT,
            id="unicode-then-prose",
        ),
        pytest.param(
            "softmax(Q Kᵀ / √d_k) V; the softmax runs over the keys.", Status.CORRECT, id="unicode-then-a-clause"
        ),
        pytest.param("softmax(QK^T/sqrt(d_k))V where d_k is the key dimension", Status.CORRECT, id="a-symbol-named"),
        pytest.param(
            r"\operatorname{softmax}\!\left(\frac{QK^{\mathsf T}}{\sqrt{d_k}}\right)V",
            Status.CORRECT,
            id="latex-upright-transpose",
        ),
        pytest.param(r"softmax(QK^\mathrm{T}/\sqrt{d_k}) V", Status.CORRECT, id="latex-roman-transpose-unbraced"),
        pytest.param(
            r"softmax(Q^{\mathbf T}K/\sqrt{d_k}) V", Status.NEEDS_REVIEW, id="latex-bold-transpose-wrong-side"
        ),
        pytest.param("softmax(QK^⊤ / √d) V ∈ R^{n×v}\nwhere d = d_k.", Status.CORRECT, id="a-space-then-a-renaming"),
        pytest.param("softmax(QK^T/sqrt(d)) V where d = d_k", Status.CORRECT, id="a-renaming-on-the-line"),
        pytest.param(
            r"$$\mathrm{softmax}\left(\frac{QK^{T}}{\sqrt{d_k}}\right)V, \quad Q\in\mathbb{R}^{n\times d_k}$$",
            Status.CORRECT,
            id="where-the-symbols-live-set-apart",
        ),
        pytest.param("softmax(QK^T/d) V where d = d_k", Status.INCORRECT, id="a-renaming-after-a-wrong-answer"),
        pytest.param("d = d_k", Status.INCORRECT, id="a-renaming-alone"),
        pytest.param(
            "For queries Q ∈ R^{n×d_k}, keys K ∈ R^{m×d_k}: softmax(Q K^⊤ / √d_k) V",
            Status.CORRECT,
            id="the-spaces-before-a-colon",
        ),
        pytest.param(
            "softmax(QK^T/sqrt(d_k)) where V is multiplied after", Status.NEEDS_REVIEW, id="words-with-a-symbol"
        ),
        pytest.param(
            "Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V\nwhere Q is (n x d_k), K is (m x d_k), V is (m x d_v).",
            Status.CORRECT,
            id="sizes-named-in-prose",
        ),
        pytest.param("softmax(Q K^T / d_k) V\nwhere Q is (n x d_k)", Status.INCORRECT, id="sizes-after-a-wrong-answer"),
        pytest.param("softmax((QK)^T/sqrt(d_k))V", Status.NEEDS_REVIEW, id="ascii-transposed-product"),
        pytest.param("softmax(KQᵀ/√d_k)V", Status.INCORRECT, id="unicode-keys-first"),
        pytest.param("softmax(Q K / √d_k) V", Status.NEEDS_REVIEW, id="the-transpose-left-out"),
        pytest.param("softmax(Q Kᵀ / √d_k) Vᵀ", Status.NEEDS_REVIEW, id="a-transpose-too-many"),
        pytest.param("softmax(K Q / √d_k) V", Status.INCORRECT, id="no-transpose-and-keys-first"),
        pytest.param(
            r"\text{softmax}\left(\frac{Q^TK}{\sqrt{d_k}}\right)V", Status.NEEDS_REVIEW, id="latex-wrong-transpose"
        ),
        pytest.param(
            r"$softmax(QK^T/\sqrt{d_k})V$. Optionally a mask $M$ (entries $0$ or $-\infty$) is added first.",
            Status.CORRECT,
            id="numbers-named-in-prose-after-it",
        ),
    ],
)
def test_scaled_attention_written_without_spaces(answer: str, status: Status) -> None:
    """Every notation of the one formula; an answer that is it but for a transpose left out or misplaced is a near
    miss a grader weighs (the corpus keyers gave such answers a sixth to two thirds of the points)."""
    outcome = CHECKER.grade(SCALED_ATTENTION, answer, PartContext(points=3, notation=ATTENTION))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize("answer", ["softmax(Q K / √d_k) V", "softmax(Q Kᵀ / √d_k) Vᵀ", "softmax(Qᵀ Kᵀ / √d_k) V"])
def test_a_transpose_left_out_or_misplaced_is_named_for_the_grader(answer: str) -> None:
    outcome = CHECKER.grade(SCALED_ATTENTION, answer, PartContext(points=3, notation=ATTENTION))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "near_miss"), outcome.feedback
    assert any("but for a transpose left out or misplaced" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("softmax(Q K^T / sqrt(d_k))", Status.NEEDS_REVIEW, id="the-weights-without-the-values"),
        pytest.param("Attention(Q, K, V) = softmax(QKᵀ/√d_k)", Status.NEEDS_REVIEW, id="with-its-name"),
        pytest.param("V", Status.INCORRECT, id="a-symbol-alone-is-no-near-miss"),
        pytest.param("softmax(Q V^T / sqrt(d_k))", Status.INCORRECT, id="another-expression"),
    ],
)
def test_a_factor_left_out_of_the_expected_product_goes_to_a_grader(answer: str, status: Status) -> None:
    """`softmax(QKᵀ/√d_k)` for `softmax(QKᵀ/√d_k) V`: the weights without the values they average; the keyers
    gave all 14 tuned answers so written a third to two thirds of the points, never nothing."""
    outcome = CHECKER.grade(SCALED_ATTENTION, answer, PartContext(points=3, notation=ATTENTION))
    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert any("without its factor V" in line for line in outcome.feedback), outcome.feedback


GRU = Notation(matrices=["W", "U"], aliases={"h": ["H"], "x": ["X"], "z": ["Z"], r"\tilde{h}": [r"\hat{h}"]})
UPDATE_GATE = EquationCheck(type="equation", expected=r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)")
CANDIDATE_MIX = EquationCheck(type="equation", expected=r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "h~_t = tanh(W_h x_t + r_t * h_{t-1} + b_h)", Status.NEEDS_REVIEW, id="recurrent-weights-left-out"
        ),
        pytest.param("h~_t = tanh(W_h x_t + U_h h_{t-1} + b_h)", Status.INCORRECT, id="the-gate-left-out-is-no-symbol"),
    ],
)
def test_a_symbol_left_out_of_a_product_inside_goes_to_a_grader(answer: str, status: Status) -> None:
    """`tanh(W_h x_t + r_t ⊙ h_{t-1} + b_h)`: U_h left out of U_h (r_t ⊙ h_{t-1}); the keyers gave all such tuned
    answers half the points."""
    check = EquationCheck(type="equation", expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)")
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert any("without the factor U_h inside it" in line for line in outcome.feedback), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("h_t = h_{t-1} + z_t * h~_t", Status.NEEDS_REVIEW, id="the-old-state-ungated"),
        pytest.param("h_t = z_t * h~_t + h_{t-1}", Status.NEEDS_REVIEW, id="terms-swapped"),
        pytest.param("h_t = (1 - z_t) * h_{t-1} + h~_t", Status.NEEDS_REVIEW, id="the-candidate-ungated"),
        pytest.param("h_t = z_t * h~_t", Status.INCORRECT, id="a-whole-term-left-out"),
        pytest.param("h_t = z_t * h_{t-1} + z_t * h~_t", Status.INCORRECT, id="another-gate"),
    ],
)
def test_a_factor_left_out_of_one_term_goes_to_a_grader(answer: str, status: Status) -> None:
    """`h_t = h_{t-1} + z_t ⊙ h̃_t`: the interpolation with one gate left out, which every keyer gave half the
    points (15 tuned answers); a whole term left out, or another expression, stays wrong."""
    outcome = CHECKER.grade(CANDIDATE_MIX, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert any("of one term" in line for line in outcome.feedback), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("z(t) = σ(W_z x(t) + U_z h(t-1) + b_z)", Status.CORRECT, id="unicode-call-form"),
        pytest.param("z[t] = sigmoid(W_z x[t] + U_z h[t-1] + b_z)", Status.CORRECT, id="ascii-square-brackets"),
        pytest.param("z_t = sigmoid(W_z x_t + U_z h_(t-1) + b_z)", Status.CORRECT, id="ascii-parenthesized-subscript"),
        pytest.param("z^(t) = sigmoid(W_z x^(t) + U_z h^(t-1) + b_z)", Status.CORRECT, id="ascii-superscript"),
        pytest.param(r"z^{(t)} = \sigma(W_z x^{(t)} + U_z h^{(t-1)} + b_z)", Status.CORRECT, id="latex-superscript"),
        pytest.param("z⁽ᵗ⁾ = σ(W_z x⁽ᵗ⁾ + U_z h⁽ᵗ⁻¹⁾ + b_z)", Status.CORRECT, id="unicode-superscript"),
        pytest.param("Z(t) = σ(W_z X(t) + U_z H(t-1) + b_z)", Status.CORRECT, id="capitals"),
        pytest.param("z(t) = σ(W_z x(t) + U_z h(t) + b_z)", Status.NEEDS_REVIEW, id="time-index-off"),
        pytest.param("z[t] = σ(W_z x[t] + U_z h[t+1] + b_z)", Status.NEEDS_REVIEW, id="time-index-off-brackets"),
    ],
)
def test_the_gru_gate_with_time_indices_in_other_notations(answer: str, status: Status) -> None:
    """Time written in brackets is read as a time index: one off (`h(t)` for h(t-1)) is a near miss for a grader
    that names the step read."""
    outcome = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert "where it has h_{t-1}" in outcome.feedback[-1], outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("h_t = (1-z_t)*h_{t-1} + z_t*h~_t", Status.CORRECT, id="ascii-tilde"),
        pytest.param("H_t = (1 - Z_t) * H_{t-1} + Z_t * H~_t", Status.CORRECT, id="ascii-tilde-capitals"),
        pytest.param("h(t) = (1 − z(t)) ⊙ h(t−1) + z(t) ⊙ h̃(t)", Status.CORRECT, id="unicode-call-form"),
        pytest.param(r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde H_t", Status.CORRECT, id="latex-capital"),
        pytest.param("h = (1 - z) * h_prev + z * h_cand", Status.CORRECT, id="code-names"),
        pytest.param("h_t = (1-z_t)*h_{t-1} + z_t*h_tilde", Status.CORRECT, id="tilde-in-words"),
        pytest.param("h_t = (1-z_t)*h_{t-1} + z_t*hh_t", Status.CORRECT, id="keras-hh-at-t"),
        pytest.param("h = (1 - z) * h_tm1 + z * hh", Status.CORRECT, id="keras-hh"),
        pytest.param("h = (1 - z) * h_tm1 + z * hh_{t-1}", Status.INCORRECT, id="keras-hh-at-another-time"),
        pytest.param("h = (1 - z) * h_prev + z * h_new", Status.INCORRECT, id="new-is-not-the-candidate"),
        pytest.param("h_new = (1 - z) * h_prev + z * h_cand", Status.CORRECT, id="new-is-the-step-result"),
        pytest.param("h_t = (1-z_t)*h_{t-1} + z_t*h_t", Status.INCORRECT, id="ascii-tilde-missing"),
        pytest.param("c<t> = Γu * c~<t> + (1 - Γu) * c<t-1>, and a<t> = c<t>", Status.CORRECT, id="ng-notation"),
        pytest.param(r"h_t = (1-z_t) h_{tm1} + z_t \tilde h_t", Status.CORRECT, id="keras-tm1"),
        pytest.param(r"h_t = (1-z_t) h_tm1 + z_t \tilde h_t", Status.CORRECT, id="keras-tm1-without-braces"),
    ],
)
def test_the_gru_candidate_in_every_spelling(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(CANDIDATE_MIX, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback


GRU_CANDIDATE = EquationCheck(type="equation", expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("h~ = tanh(Wh x + Uh(r⊙h_{t-1}) + bh)", Status.CORRECT, id="glued-matrix-before-a-bracket"),
        pytest.param("h~ = tanh(Wh x + Uh(r⊙h_{t-1})^1 + bh)", Status.CORRECT, id="glued-matrix-before-a-power"),
        pytest.param("h~ = sigmoid(Wh x + Uh(r⊙h_{t-1}) + bh)", Status.INCORRECT, id="glued-matrix-wrong-function"),
        pytest.param("h~ = tanh(Wh x + Qh(r⊙h_{t-1}) + bh)", Status.NEEDS_REVIEW, id="no-such-matrix"),
    ],
)
def test_a_matrix_written_without_its_underscore_multiplies_a_bracket(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(GRU_CANDIDATE, answer, PartContext(points=2, notation=GRU))
    assert outcome.status is status, outcome.feedback


def test_a_matrix_added_to_a_vector_is_no_reading() -> None:
    check = EquationCheck(type="equation", expected=r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)")
    outcome = CHECKER.grade(check, "z = sigmoid(W_z x + U_z)", PartContext(points=1, notation=GRU))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "unreadable"), outcome.feedback
    assert "a matrix is added to a vector" in outcome.feedback[0]


def test_an_index_in_parentheses_that_may_be_a_power_goes_to_review() -> None:
    # `s` is not a running index of the question (it is neither `t` nor written with an offset): a^(s) may be a^s
    check = ExpressionCheck(type="expression", expected="a_s + b")
    outcome = CHECKER.grade(check, "a^(s) + b", PartContext(points=1))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "ambiguous_reading"), outcome.feedback


RNN = EquationCheck(type="equation", expected=r"h_t = \tanh(W h_{t-1} + U x_t + b)")
CE_GRADIENT = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")


@pytest.mark.parametrize(
    ("check", "answer", "status"),
    [
        pytest.param(RNN, "h_t = tanh(W h_{t-1} + U x_t + b), h_t ∈ ℝ^{64}", Status.CORRECT, id="unicode-space-after"),
        pytest.param(
            RNN, r"$h_t = \tanh(W h_{t-1} + U x_t + b) \in \mathbb{R}^{64}$", Status.CORRECT, id="latex-space"
        ),
        pytest.param(
            RNN, r"$h_t \in \mathbb{R}^{64}$ and $h_t = \tanh(W h_{t-1} + U x_t + b)$", Status.CORRECT, id="latex-apart"
        ),
        pytest.param(RNN, "h_t = tanh(W h_{t-1} + b), h_t ∈ ℝ^{64}", Status.INCORRECT, id="unicode-wrong-with-space"),
        pytest.param(RNN, "h_t ∈ ℝ^{64}", Status.NEEDS_REVIEW, id="unicode-space-only"),
        pytest.param(CE_GRADIENT, r"$\nabla_z L = p - y$", Status.CORRECT, id="latex-nabla"),
        pytest.param(CE_GRADIENT, "∇_z L = p − y", Status.CORRECT, id="unicode-nabla"),
        pytest.param(CE_GRADIENT, "∇_z L = y − p", Status.INCORRECT, id="unicode-nabla-sign"),
    ],
)
def test_spaces_and_gradients_in_answers(check: EquationCheck, answer: str, status: Status) -> None:
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation(matrices=["W", "U"])))
    assert outcome.status is status, outcome.feedback


CE_GRADIENT_FORMS = CE_GRADIENT.model_copy(update={"alternatives": [r"\frac{\partial L}{\partial z} = softmax(z) - y"]})
FREE_I = Notation(indices=["i"], matrices=["W"])


@pytest.mark.parametrize(
    ("answer", "notation", "status"),
    [
        pytest.param("p_i - y_i", FREE_I, Status.CORRECT, id="ascii-right-hand-side"),
        pytest.param("pᵢ − yᵢ", FREE_I, Status.CORRECT, id="unicode-right-hand-side"),
        pytest.param(r"\frac{\partial L}{\partial z_i} = p_i - y_i", FREE_I, Status.CORRECT, id="latex-equation"),
        pytest.param("∂L/∂zᵢ = softmax(z)ᵢ − yᵢ", FREE_I, Status.CORRECT, id="unicode-entry-of-softmax"),
        pytest.param("dL/dz_i = softmax(z_i) - y_i", FREE_I, Status.CORRECT, id="ascii-softmax-of-entry"),
        pytest.param("∂L/∂z_i = y_i − p_i", FREE_I, Status.INCORRECT, id="unicode-sign"),
        pytest.param("∂L/∂z_j = p_j − y_j", FREE_I, Status.CORRECT, id="another-letter-on-every-symbol"),
        pytest.param("∂L/∂z_j = p_j − y_i", FREE_I, Status.INCORRECT, id="two-letters-are-two-entries"),
        pytest.param("∂L/∂z = W_i p - y", FREE_I, Status.INCORRECT, id="a-matrix-keeps-its-index"),
        pytest.param("p_i - y_i", Notation(), Status.INCORRECT, id="without-the-declaration-nothing-changes"),
    ],
)
def test_a_declared_free_index_compares_index_form_with_vector_form(
    answer: str, notation: Notation, status: Status
) -> None:
    outcome = CHECKER.grade(CE_GRADIENT_FORMS, answer, PartContext(points=3, notation=notation))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("∂L/∂z_j = softmax(z)_j − y_j", Status.CORRECT, id="entry-of-softmax"),
        pytest.param(r"$\partial L / \partial z_j = \mathrm{softmax}(z)_j - y_j$", Status.CORRECT, id="latex"),
        pytest.param("∂L/∂z_j = softmax(z)_j + y_j", Status.NEEDS_REVIEW, id="wrong-stays-undecided"),
        pytest.param("∂L/∂z_j = softmax(z)_i − y_j", Status.NEEDS_REVIEW, id="two-indices-stay-undecided"),
    ],
)
def test_an_entry_of_a_vector_value_written_for_every_entry_is_the_vector(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(CE_GRADIENT_FORMS, answer, PartContext(points=3, notation=Notation()))
    assert outcome.status is status, outcome.feedback
    if status is Status.CORRECT:
        assert "Equivalent to an expected answer written entry by entry (index j)." in outcome.feedback
        assert not any("None of your equations" in line for line in outcome.feedback)  # it is about ∂L/∂z's entries


CE_GRADIENT_ENTRIES = CE_GRADIENT.model_copy(update={"alternatives": [r"\frac{\partial L}{\partial z_i} = p_i - y_i"]})


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("∂L/∂z_i = p_i − y_i", Status.CORRECT, id="the-rubrics-letter"),
        pytest.param(r"$\partial L/\partial z_j = p_j - y_j$, i.e. predicted minus observed", Status.CORRECT, id="j"),
        pytest.param("dL/dz_k = p_k - y_k", Status.CORRECT, id="k"),
        pytest.param("∂L/∂z_j = p_j − y_i", Status.INCORRECT, id="two-letters-are-two-entries"),
        pytest.param("∂L/∂z_k = p_k + 1", Status.INCORRECT, id="renamed-but-wrong"),
        pytest.param("∂L/∂z_k = p_k − 1", Status.NEEDS_REVIEW, id="renamed-one-case-of-it"),  # y_k = 1: one entry
        pytest.param("∂L/∂z_t = p_t − y_t", Status.INCORRECT, id="t-is-a-time-not-an-entry"),
        pytest.param("L = -z_c + log S\ndL/dz_j = e^{z_j}/S - y_j = p_j - y_j\n=> grad = p - y", Status.CORRECT,
                     id="renamed-beside-the-vector-form"),
    ],
)  # fmt: skip
def test_an_entry_index_is_any_letter(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(CE_GRADIENT_ENTRIES, answer, PartContext(points=3, notation=Notation()))
    assert outcome.status is status, outcome.feedback
    if status is Status.CORRECT and "_i" not in answer:
        assert any("read as i" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("∂L/∂z = p - y, but only for the correct class, the gradient for the other logits is 0",
                     Status.NEEDS_REVIEW, id="but-only-for-the-correct-class"),
        pytest.param("∂L/∂z_j = p_j − y_j, but only for j = the correct class", Status.NEEDS_REVIEW,
                     id="only-for-j-the-correct-class"),
        pytest.param("dL/dz = p - y. For the correct class k this is p_k - 1, and for all other classes the "
                     "gradient is 0, because y_i = 0 there.", Status.NEEDS_REVIEW, id="the-other-classes-get-0"),
        pytest.param("∂L/∂zᵢ = pᵢ − yᵢ. For correct class it is pᵢ − 1, and 0 for the other classes.",
                     Status.NEEDS_REVIEW, id="and-0-for-the-other-classes"),
        pytest.param("dL/dz = p - y, but only the true class actually gets a gradient since y is one-hot",
                     Status.NEEDS_REVIEW, id="only-the-true-class-gets-a-gradient"),
        pytest.param("∂L/∂z = p − y (for the true class c: p_c − 1, all other classes: p_i)", Status.CORRECT,
                     id="the-other-classes-get-p-i"),
        pytest.param("dL/dz = p - y, for the other classes it is p_i since y_i = 0 there", Status.CORRECT,
                     id="y-is-0-there"),
        pytest.param("With one-hot y, only the true class c stays: L = −log p_c = −z_c + log Σ_k e^{z_k}, so "
                     "∂L/∂z_j = p_j − y_j", Status.CORRECT, id="only-the-true-class-stays-a-step"),
    ],
)  # fmt: skip
def test_a_right_gradient_taken_back_to_one_class_goes_to_review(answer: str, status: Status) -> None:
    """The gradient p − y holds for every class (p_i for the others, not 0): an answer that says it holds only for
    the true class, or that the others get 0, contradicts its own formula, and a grader weighs that."""
    outcome = CHECKER.grade(CE_GRADIENT_ENTRIES, answer, PartContext(points=3, notation=Notation()))
    assert outcome.status is status, outcome.feedback
    assert any("takes the result back to one class" in line for line in outcome.feedback) is (
        status is Status.NEEDS_REVIEW
    )


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            r"Taking the derivative with respect to $z_k$: $\frac{\partial L}{\partial z_k} = -y_k + "
            r"\frac{\exp(z_k)}{\sum_j \exp(z_j)} = p_k - y_k$",
            Status.CORRECT,
            id="a-middle-step-that-does-not-read",
        ),
        pytest.param(
            r"Taking the derivative with respect to $z_k$: $\frac{\partial L}{\partial z_k} = -y_k + "
            r"\frac{\exp(z_k)}{\sum_j \exp(z_j)} = y_k - p_k$",
            Status.NEEDS_REVIEW,
            id="its-last-link-wrong-read-with-an-assumption",
        ),
    ],
)
def test_marked_math_in_a_derivation(answer: str, status: Status) -> None:
    """`with respect to $z_k$` names the variable (it had been read as the answer, ∂L/∂z = z_k), and a marked
    chain whose middle does not read (a sum without bounds) is read by its first and last links."""
    outcome = CHECKER.grade(CE_GRADIENT_ENTRIES, answer, PartContext(points=3, notation=Notation()))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("√(2x)", Status.CORRECT, id="unicode-bracketed"),
        pytest.param(r"\sqrt{2x}", Status.CORRECT, id="latex"),
        pytest.param("sqrt(2*x)", Status.CORRECT, id="ascii"),
        pytest.param("√2x", Status.NEEDS_REVIEW, id="unicode-where-the-root-ends-is-not-shown"),
        pytest.param("√2 x", Status.INCORRECT, id="unicode-root-of-two-times-x"),
    ],
)
def test_a_root_written_with_the_radical_sign(answer: str, status: Status) -> None:
    check = ExpressionCheck(type="expression", expected=r"\sqrt{2 x}")
    outcome = CHECKER.grade(check, answer, PartContext(points=1))
    assert outcome.status is status, outcome.feedback


CT_RELATION = EquationCheck(
    type="equation",
    expected=r"c_t = f_t \odot (f_{t-1} \odot c_{t-2} + i_{t-1} \odot \tilde{c}_{t-1}) + i_t \odot \tilde{c}_t",
)
ONE_STEP = Mistake(
    answer=r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", score=1, note="one-step-only", feedback="One step only."
)
CANDIDATE = EquationCheck(type="equation", expected=r"\tilde{c}_t = \tanh(W_c [h_{t-1}, x_t] + b_c)")
FORGET_ZERO = EquationCheck(type="equation", expected=r"c_t = i_t \odot \tilde{c}_t")


@pytest.mark.parametrize(
    ("check", "answer", "status", "note"),
    [
        pytest.param(
            CT_RELATION,
            "c_t = f_t*c_t-1 + i_t*c̄_t = f_t*(f_t-1*c_t-2 + i_t-1*c̄_t-1) + i_t*c̄_t",
            Status.CORRECT,
            "equivalent",
            id="loose-indices-at-a-time-the-question-does-not-write",
        ),
        pytest.param(
            CT_RELATION, "c_t = f_t*c_t-1 + i_t*c̄_t", Status.PARTIAL, "mistake:one-step-only", id="loose-index-mistake"
        ),
        pytest.param(
            CANDIDATE,
            "c̄_t = tanh(W_c [ht-1, x_t] + b_c)",
            Status.CORRECT,
            "equivalent",
            id="glued-index-when-the-literal-names-nothing",
        ),
        pytest.param(
            CANDIDATE, "candidate = tanh(Wc [ht-1, xt] + bc)", Status.CORRECT, "equivalent", id="named-in-words"
        ),
        pytest.param(FORGET_ZERO, "c = i*g", Status.CORRECT, "equivalent", id="every-index-dropped"),
        pytest.param(FORGET_ZERO, "c_t=i_t*c~t", Status.CORRECT, "equivalent", id="ascii-tilde-before-t"),
        pytest.param(FORGET_ZERO, "c = c + i*g", Status.INCORRECT, "not_equivalent", id="indices-dropped-wrong"),
        pytest.param(
            CT_RELATION,
            "c_t = f_t*f_tm1*c_tm2 + f_t*i_tm1*c̄_tm1 + i_t*c̄_t",
            Status.CORRECT,
            "equivalent",
            id="keras-style-tm2",
        ),
        pytest.param(
            CT_RELATION,
            "c_t = f_t*c_prev + i_t*c_bar_t => c_t = f_t*(f_t1*c_t2 + i_t1*c_bar_t1) + i_t*c_bar_t",
            Status.CORRECT,
            "equivalent",
            id="minus-left-out-t1-t2",
        ),
        pytest.param(
            CT_RELATION,
            "c_t = f_t*f_t1*c_t2 + f_t*i_t1*c_bar_t1 + i_t1*c_bar_t",
            Status.INCORRECT,
            "not_equivalent",
            id="minus-left-out-wrong",
        ),
        pytest.param(
            CT_RELATION,
            "c_t = f_t⊙(f₋₁⊙c₋₂ + i₋₁⊙c̄₋₁) + i_t⊙c̄_t",
            Status.CORRECT,
            "equivalent",
            id="t-left-out-of-subscripts",
        ),
        pytest.param(
            CT_RELATION,
            "c_t = f_t⊙(f₍ₜ₋₁₎⊙c₍ₜ₋₂₎ + i₍ₜ₋₁₎⊙c̄₍ₜ₋₁₎) + i_t⊙c̄_t",
            Status.CORRECT,
            "equivalent",
            id="the-step-in-brackets-below-the-line",
        ),
        pytest.param(
            CT_RELATION,
            "$s_t = f_t s_{t-1} + i_t \\tilde s_t$, twice: $s_t = f_t f_{t-1} s_{t-2} + f_t i_{t-1} \\tilde s_{t-1}"
            " + i_t \\tilde s_t$ (here $s = c$, $\\tilde s = \\bar c$).",
            Status.NEEDS_REVIEW,
            "near_miss",
            id="a-legend-renaming-symbols-is-not-graded",
        ),
    ],
)
def test_time_indices_as_students_type_them(check: EquationCheck, answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(check, answer, PartContext(points=3, notation=LSTM, mistakes=(ONE_STEP,)))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_the_assumed_reading_is_named_when_the_literal_one_does_not_read() -> None:
    outcome = CHECKER.grade(CANDIDATE, "c̄_t = tanh(W_c [ht-1, x_t] + b_c)", PartContext(points=1, notation=LSTM))

    assert any(line.startswith("Assumed: ht-1 read as a time index") for line in outcome.feedback), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "hedged"),
    [
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f) ? not 100% sure", True, id="mark-then-words"),
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f)??", True, id="marks-at-the-end"),
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f)?\nthe forget gate", True, id="mark-then-a-new-line"),
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f)", False, id="no-mark"),
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f) (is that the one?)", False, id="mark-in-a-later-remark"),
    ],
)
def test_an_equation_marked_unsure_is_graded_as_written_and_says_so(answer: str, hedged: bool) -> None:
    outcome = CHECKER.grade(FORGET, answer, PartContext(points=1, notation=LSTM))

    assert outcome.status is Status.CORRECT, outcome.feedback
    assert (HEDGE_REMARK in outcome.feedback) is hedged


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "f_t = σ(W_f [h_{t-1}, x_t] + b_f) = σ(W_fh h_{t-1} + W_fx x_t + b_f)",
            Status.CORRECT,
            "equivalent",
            id="rewritten-in-the-students-own-symbols",
        ),
        pytest.param(
            "f_t = σ(W_f [h_{t-1}, x_t] + b_f) = h_t", Status.NEEDS_REVIEW, "broken_step", id="equated-to-h_t"
        ),
        pytest.param(
            "f_t = σ(W_f [h_{t-1}, x_t] + b_f) = f_{t-1}",
            Status.NEEDS_REVIEW,
            "broken_step",
            id="equated-to-itself-a-step-earlier",
        ),
        pytest.param(
            "f_t = σ(W_f [h_{t-1}, x_t] + b_f) = σ(W_f [h_{t-1}, x_t]) + b_f",
            Status.NEEDS_REVIEW,
            "slipped",
            id="reached-then-a-false-step",
        ),
        pytest.param(
            "f_t = W_f [h_{t-1}, x_t] + b_f = b_f + W_f [h_{t-1}, x_t]",
            Status.INCORRECT,
            "not_equivalent",
            id="never-reached",
        ),
    ],
)
def test_a_chain_past_the_expected_answer(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(FORGET, answer, PartContext(points=1, notation=LSTM))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


SIGMOID_GRADIENT = ExpressionCheck(
    type="expression", expected=r"\sigma(x)(1 - \sigma(x))", alternatives=[r"\sigma(1 - \sigma)"]
)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "σ'(x) = σ(x)(1 − σ(x)) (from d/dx (1 + e^{−x})^{−1} = e^{−x}(1 + e^{−x})^{−2})",
            Status.CORRECT,
            id="justified-in-brackets",
        ),
        pytest.param("σ'(x) = σ(x)(1 + σ(x)) (by the chain rule)", Status.INCORRECT, id="wrong-with-a-reason"),
        pytest.param("σ′ = σ(1 − σ)", Status.CORRECT, id="prime-without-argument"),
        pytest.param("σ' = σ(1 + σ)", Status.INCORRECT, id="prime-without-argument-wrong"),
        pytest.param("σ*(1-σ)", Status.CORRECT, id="shorthand-with-a-star-is-the-shorthand"),
        pytest.param("sigma(x)*(1-sigma(x)) i think", Status.CORRECT, id="lower-case-i-think-after-it"),
        pytest.param("σ(x)(1 − σ(x)) i guess", Status.CORRECT, id="lower-case-i-guess-after-it"),
        pytest.param("It's the sigmoid times one minus the sigmoid.", Status.CORRECT, id="in-words-times-one-minus"),
        pytest.param("the sigmoid times the sigmoid minus one", Status.NEEDS_REVIEW, id="in-words-ungrouped"),
        pytest.param(
            "The derivative is sigma(x) times (1 minus sigma(x)).", Status.CORRECT, id="signs-and-words-in-one-formula"
        ),
        pytest.param("sigma(x) times (1 plus sigma(x))", Status.NEEDS_REVIEW, id="signs-and-words-wrong-to-a-grader"),
        pytest.param("sigma(x) times 1 minus sigma(x)", Status.CORRECT, id="signs-and-words-times-one-minus"),
        pytest.param("ds/dx = s * (1 - s) # s = sigmoid(x)", Status.CORRECT, id="a-code-comment-defines-s"),
        pytest.param("ds/dx = s * (1 + s) # s = sigmoid(x)", Status.INCORRECT, id="a-code-comment-defines-s-wrong"),
        pytest.param("dσ/da = σ(a)(1 − σ(a))", Status.CORRECT, id="another-variable-after-its-derivative"),
        pytest.param("dσ/da = σ(a)(1 + σ(a))", Status.INCORRECT, id="another-variable-after-its-derivative-wrong"),
        pytest.param("σ'(z) = σ(z)·σ(−z)", Status.CORRECT, id="another-variable-and-its-negative"),
        pytest.param("g'(z) = a (1 − a), with a = g(z) = σ(z)", Status.CORRECT, id="a-letter-named-the-sigmoids-value"),
        pytest.param("σ'(x) = a(1 − a) where a = σ(x)", Status.CORRECT, id="a-letter-named-the-value-as-a-product"),
        pytest.param("σ'(x) = a(1 + a) where a = σ(x)", Status.INCORRECT, id="a-letter-named-the-value-wrong"),
        pytest.param(
            "g'(z) = a * (1 - a) where a = sigmoid(z)", Status.CORRECT, id="the-derivatives-letter-is-the-sigmoid"
        ),
        pytest.param("σ'(z) = σ(z)·(1 + σ(−z))", Status.INCORRECT, id="another-variable-and-its-negative-wrong"),
        pytest.param("g'(z) = g(z)(1 − g(z)), here g = sigmoid", Status.CORRECT, id="a-letter-named-the-sigmoid-after"),
        pytest.param("g'(z) = g(z)(1 - g(z)) with g the sigmoid", Status.CORRECT, id="with-g-the-sigmoid"),
        pytest.param(
            "g'(z) = g(z)(1 + g(z)), here g = sigmoid", Status.INCORRECT, id="a-letter-named-the-sigmoid-wrong"
        ),
    ],
)
def test_the_sigmoid_derivative_as_written_in_class(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(SIGMOID_GRADIENT, answer, PartContext(points=2))

    assert outcome.status is status, outcome.feedback


UPDATE_GATE = EquationCheck(type="equation", expected=r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)")
HALF_FOR_NO_BIAS = Mistake(
    answer=r"z_t = \sigma(W_z x_t + U_z h_{t-1})", score=1, note="bias-missing", feedback="The bias is missing."
)


@pytest.mark.parametrize(
    ("answer", "mistakes", "status", "note"),
    [
        pytest.param("z_t = sigmoid(W_z x_t + U_z h_t-1)", (), Status.CORRECT, "convention:bias-free", id="left-out"),
        pytest.param("z_t = sigmoid(W_z x_t + U_z h)", (), Status.NEEDS_REVIEW, "near_miss", id="a-time-index-too"),
        pytest.param(
            "z_t = sigmoid(W x_t + U h_{t-1})", (), Status.CORRECT, "convention:weight-names", id="weights-unnamed-too"
        ),
        pytest.param(
            "z_t = sigmoid(W_z x_t + U_z h_{t-1} + b)", (), Status.CORRECT, "convention:weight-names", id="a-bare-bias"
        ),
        pytest.param(
            "z_t = sigmoid(W x_t + W h_{t-1})",
            (),
            Status.INCORRECT,
            "not_equivalent",
            id="one-bare-name-for-two-weights",
        ),
        pytest.param(
            "z_t = sigmoid(W_z x_t + U_z h_{t-1})",
            (HALF_FOR_NO_BIAS,),
            Status.PARTIAL,
            "mistake:bias-missing",
            id="the-rubric-decides-when-it-says",
        ),
        pytest.param("z_t = tanh(W_z x_t + U_z h_{t-1})", (), Status.INCORRECT, "not_equivalent", id="also-wrong"),
        pytest.param("z_t = σ(W_z x_t + b_z)", (), Status.INCORRECT, "not_equivalent", id="a-weight-left-out"),
    ],
)
def test_an_answer_without_any_bias_is_credited_unless_the_rubric_says(
    answer: str, mistakes: tuple[Mistake, ...], status: Status, note: str
) -> None:
    outcome = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=LSTM, mistakes=mistakes))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_the_credit_for_leaving_biases_out_says_so_and_a_rubric_can_send_it_to_a_grader() -> None:
    answer = "z_t = σ(W_z x_t + U_z h_{t−1})"
    credited = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=LSTM))
    strict = LSTM.merged(Notation(biases="review"))
    reviewed = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=strict))

    assert (credited.status, credited.fraction) == (Status.CORRECT, 1.0)
    assert "without its bias b_z" in credited.feedback[-1]
    assert (reviewed.status, reviewed.note) == (Status.NEEDS_REVIEW, "near_miss"), reviewed.feedback


def test_a_convention_stands_beside_prose_that_is_not_read() -> None:
    answer = "z_t = σ(W_z·x_t + U_z·h_{t−1})  , σ is sigmoid function, value is between 0 and 1."
    outcome = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=LSTM))

    assert (outcome.status, outcome.note) == (Status.CORRECT, "convention:bias-free"), outcome.feedback


def test_weights_named_without_subscripts_are_credited_and_a_rubric_can_send_them_to_a_grader() -> None:
    answer = "h~_t = tanh(W x_t + U (r_t * h_{t-1}) + b)"
    credited = CHECKER.grade(GRU_CANDIDATE, answer, PartContext(points=2, notation=GRU_LETTERS))
    strict = GRU_LETTERS.merged(Notation(weight_names="review"))
    reviewed = CHECKER.grade(GRU_CANDIDATE, answer, PartContext(points=2, notation=strict))

    assert (credited.status, credited.note) == (Status.CORRECT, "convention:weight-names"), credited.feedback
    assert "with U for U_h, W for W_h, b for b_h" in credited.feedback[-1]
    assert (reviewed.status, reviewed.note) == (Status.NEEDS_REVIEW, "near_miss"), reviewed.feedback


NO_BIAS_ACCEPTED = Mistake(
    answer=r"z_t = \sigma(W_z x_t + U_z h_{t-1})", accepted=True, note="no-bias", feedback="Cho et al. write no bias."
)


@pytest.mark.parametrize(
    ("mistakes", "status", "note"),
    [
        pytest.param((NO_BIAS_ACCEPTED,), Status.CORRECT, "convention:no-bias", id="an-accepted-convention-stands"),
        pytest.param((HALF_FOR_NO_BIAS,), Status.PARTIAL, "mistake:bias-missing", id="a-known-mistake-stands-too"),
    ],
)
def test_prose_that_does_not_read_beside_a_known_answer(
    mistakes: tuple[Mistake, ...], status: Status, note: str
) -> None:
    answer = "z_t = σ(W_z x_t + U_z h_{t−1}) I think, from the lecture: the gate reads h and x."
    outcome = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=LSTM, mistakes=mistakes))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


OUTPUT_GATE = EquationCheck(type="equation", expected=r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)")
HIDDEN_INSTEAD = Mistake(answer=r"h_t = o_t \odot \tanh(c_t)", score=0.25, note="hidden-state-instead", alone=True,
                         feedback="That is where the gate acts; the question asks for the gate itself.")  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "alone", "status", "note"),
    [
        pytest.param("h_t = o_t * tanh(c_t)", True, Status.PARTIAL, "mistake:hidden-state-instead", id="instead"),
        pytest.param("o_t = σ(W_o [h_{t-1}, x_t] + b_o), then h_t = o_t ⊙ tanh(c_t)", True, Status.CORRECT,
                     "equivalent", id="beside-a-right-gate-it-costs-nothing"),
        pytest.param("o_t = σ(W_o [h_{t-1}, x_t] + b_o), then h_t = o_t ⊙ tanh(c_t)", False, Status.PARTIAL,
                     "mistake:hidden-state-instead", id="not-alone-it-caps-a-right-gate"),
        pytest.param("output gate: h_t = tanh(c_t)", True, Status.INCORRECT, "not_equivalent",
                     id="its-near-miss-is-no-review"),
    ],
)  # fmt: skip
def test_a_true_equation_given_instead_of_the_answer(answer: str, alone: bool, status: Status, note: str) -> None:
    mistake = HIDDEN_INSTEAD.model_copy(update={"alone": alone})
    outcome = CHECKER.grade(OUTPUT_GATE, answer, PartContext(points=1, notation=LSTM, mistakes=(mistake,)))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


TANH_GATE = Mistake(
    answer=r"o_t = \tanh(W_o [h_{t-1}, x_t] + b_o)", score=0, note="tanh-for-sigmoid", feedback="A gate uses σ."
)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("Output gate: o_t = σ(W_o·[h_{t−1}, x_t] + b_o)", Status.CORRECT, "equivalent", id="right"),
        pytest.param(
            "Output gate: o_t = tanh(W_o·[h_{t−1}, x_t] + b_o)",
            Status.INCORRECT,
            "mistake:tanh-for-sigmoid",
            id="wrong-and-read-whole",
        ),
    ],
)
def test_a_label_before_the_statement_leaves_nothing_unread(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(OUTPUT_GATE, answer, PartContext(points=1, notation=LSTM, mistakes=(TANH_GATE,)))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


GRU_HIDDEN = EquationCheck(type="equation", expected=r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t")
TWO_TIMES = EquationCheck(type="equation", expected=r"y_t = 2 h_t + h_{t-1}")
GRU_PLAIN = Notation(matrices=["W", "U"], aliases={r"\tilde{h}": [r"\hat{h}"]})


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("h = (1-z)*h_prev + z*h~", Status.CORRECT, "equivalent", id="bare-subject-and-prev"),
        pytest.param("h_t = (1-z_t)*h_{previous} + z_t*h~_t", Status.CORRECT, "equivalent", id="previous"),
        pytest.param("h = (1-z)*h + z*h~", Status.CORRECT, "convention:time-indices", id="bare-previous-state"),
        pytest.param("h = (1-z)*h_prev + z*h~ + 1", Status.INCORRECT, "not_equivalent", id="bare-subject-wrong"),
    ],
)
def test_a_subject_and_the_previous_state_written_without_time(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(GRU_HIDDEN, answer, PartContext(points=2, notation=GRU_PLAIN))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


@pytest.mark.parametrize(
    ("check", "answer", "status"),
    [
        pytest.param(
            ExpressionCheck(type="expression", expected=r"softmax(Q K^T / \sqrt{d_k}) V"),
            "softmax(QK^T/√d_k)V, or maybe softmax(QK^T)V/√d_k — not sure where the scaling goes",
            Status.NEEDS_REVIEW,
            id="right-or-maybe-wrong",
        ),
        pytest.param(FORGET, "f_t = σ(W_f [h_{t-1}, x_t] + b_f) (or σ(W_f x_t + b_f))", Status.NEEDS_REVIEW, id="or"),
        pytest.param(
            FORGET,
            "f_t = tanh(W_f [h_{t-1}, x_t] + b_f) (or f_t = σ(W_f [h_{t-1}, x_t] + b_f))",
            Status.NEEDS_REVIEW,
            id="wrong-or-right",
        ),
        pytest.param(
            FORGET,
            "f_t = tanh(W_f [h_{t-1}, x_t] + b_f), or maybe f_t = σ(W_f [h_{t-1}, x_t] + b_f)",
            Status.NEEDS_REVIEW,
            id="wrong-or-maybe-right",
        ),
        pytest.param(
            ExpressionCheck(type="expression", expected=r"softmax(Q K^T / \sqrt{d_k}) V"),
            "I think softmax(QK^T/√d_k)V, like A = softmax(S) in the notes... but maybe it's softmax(QK^T)V instead",
            Status.NEEDS_REVIEW,
            id="right-but-maybe-wrong-after-an-equation",
        ),
        pytest.param(
            FORGET,
            "f_t = σ(W_f [h_{t-1}, x_t] + b_f) (or written as σ(W_f x_t + U_f h_{t-1} + b_f), I think it's the same)",
            Status.CORRECT,
            id="two-right-forms",
        ),
    ],
)
def test_an_answer_that_hedges_between_a_right_and_a_wrong_form_goes_to_a_grader(
    check: EquationCheck | ExpressionCheck, answer: str, status: Status
) -> None:
    alternatives = [r"f_t = \sigma(W_f x_t + U_f h_{t-1} + b_f)"] if check is FORGET else []
    outcome = CHECKER.grade(check.model_copy(update={"alternatives": alternatives}), answer,
                            PartContext(points=2, notation=LSTM))  # fmt: skip

    assert outcome.status is status, outcome.feedback


CE = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("Obviously dL/dz = -y/p. Trivial.", Status.INCORRECT, "not_equivalent", id="prose-around-math"),
        pytest.param(
            "dL/dz = -y/p, and then times the softmax derivative p(1-p)",
            Status.NEEDS_REVIEW,
            "partly_unreadable",
            id="math-left-in-the-prose",
        ),
        pytest.param("dL/dz = p - y. That is all.", Status.CORRECT, "equivalent", id="right-with-prose"),
        pytest.param(
            "softmax(z) - 1 at the target index", Status.NEEDS_REVIEW, "partly_unreadable", id="words-qualify-the-math"
        ),
    ],
)
def test_a_verdict_is_confident_when_what_was_not_read_is_only_prose(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(CE, answer, PartContext(points=3))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


SCALED_ATTENTION = ExpressionCheck(type="expression", expected=r"\operatorname{softmax}(Q K^T / \sqrt{d_k}) V")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("softmax((1/sqrt(d_k)) * Q K^T) V", Status.CORRECT, id="scaled-before"),
        pytest.param("softmax(Q K^T * 1/sqrt(d_k)) V", Status.CORRECT, id="scaled-after"),
        pytest.param("softmax(d_k * Q K^T) V", Status.INCORRECT, id="multiplied"),
    ],
)
def test_a_symbol_under_a_square_root_is_a_scalar(answer: str, status: Status) -> None:
    context = PartContext(points=3, notation=Notation(matrices=["Q", "K", "V"]))
    outcome = CHECKER.grade(SCALED_ATTENTION, answer, context)

    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            r"$$\operatorname{Attention}(Q,K,V) = \operatorname{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V$$ Row $i$ "
            r"of the output is a convex combination of the rows of $V$.",
            Status.CORRECT,
            id="symbols-mentioned-after",
        ),
        pytest.param("softmax(QKᵀ/√d_k)·V, with d_k = 512 (the model dim)", Status.CORRECT, id="a-value-put-in"),
        pytest.param(
            "Attention(Q, K, V) = softmax(Q @ K.transpose(-2, -1) / sqrt(d_k)) @ V (same as the library's "
            "scaled_dot_product_attention without mask or dropout)",
            Status.CORRECT,
            id="code-right-of-a-call",
        ),
        pytest.param("softmax(QKᵀ)·V, with d_k = 512 (the model dim)", Status.NEEDS_REVIEW, id="wrong-beside-a-value"),
        pytest.param(
            r"$\operatorname{softmax}(QK^T)V$ where $V$ holds the values", Status.INCORRECT, id="wrong-then-mention"
        ),
    ],
)
def test_symbols_and_values_named_in_prose_are_not_the_answer(answer: str, status: Status) -> None:
    notation = Notation(matrices=["Q", "K", "V"], functions=["Attention"], aliases={"d_k": ["d", "dk"]})
    context = PartContext(points=3, notation=notation)
    outcome = CHECKER.grade(SCALED_ATTENTION, answer, context)

    assert outcome.status is status, outcome.feedback
    assert (outcome.interpreted_as or "").startswith("softmax"), outcome.feedback


def test_a_sum_by_its_index_alone_is_never_a_symbol() -> None:
    check = EquationCheck(
        type="equation", expected=r"\tilde{c}_t = \tanh(W_c x_t + U_c h_{t-1} + b_c)", free=["W_*", "U_*", "b_*"]
    )
    answer = "σ(b_i + Σ_i U_{i,i} x_i^(t) + Σ_j W_{i,j} h_j^(t-1))"  # a sum over the unit: no unit reading
    outcome = CHECKER.grade(check, answer, PartContext(points=1, notation=Notation(matrices=["W", "U"])))

    assert outcome.status is Status.NEEDS_REVIEW, outcome.feedback
    assert any("a sum over" in line for line in outcome.feedback), outcome.feedback


DROPPED = Mistake(
    answer=r"c_t = f_t \odot f_{t-1} \odot c_{t-2} + i_{t-1} \odot \tilde{c}_{t-1} + i_t \odot \tilde{c}_t",
    score=2,
    note="forget-gate-dropped",
    feedback="f_t also scales the candidate written at t-1.",
)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "c_t = f_t * c_{t-1} + i_t * c~_t\nc_{t-1} = f_{t-1} * c_{t-2} + i_{t-1} * c~_{t-1}\n"
            "Putting them together: c_t = f_t * f_{t-1} * c_{t-2} + i_{t-1} * c~_{t-1} + i_t * c~_t\n"
            "The output h_{t-2} is used to compute the gates at time t-1, so it also influences c_t.",
            Status.PARTIAL,
            "mistake:forget-gate-dropped",
            id="its-own-line",
        ),
        pytest.param(
            "So c_t = f_t * f_{t-1} * c_{t-2} + i_{t-1} * c~_{t-1} + i_t * c~_t, as the output h_{t-2} is used to "
            "compute the gates at time t-1.",
            Status.PARTIAL,
            "mistake:forget-gate-dropped",
            id="inside-prose",
        ),
        pytest.param(
            "If you dropped f_t you would get c_t = f_t * f_{t-1} * c_{t-2} + i_{t-1} * c~_{t-1} + i_t * c~_t, "
            "which is wrong.",
            Status.NEEDS_REVIEW,
            "partly_unreadable",
            id="supposed-in-prose",
        ),
    ],
)
def test_a_known_mistake_stated_on_its_own_stands_beside_prose_not_read(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(CT_RELATION, answer, PartContext(points=3, notation=Notation(), mistakes=(DROPPED,)))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


GRADIENT = EquationCheck(type="equation", expected=r"\delta c_{t-2} = \delta c_t \odot f_t \odot f_{t-1}")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("dc_{t-2} = dc_t * f_t * f_{t-1}", Status.CORRECT, id="dc-subscript"),
        pytest.param("dc[t-2] = dc[t] * f[t] * f[t-1]", Status.CORRECT, id="dc-brackets"),
        pytest.param("dc(t-2) = dc(t) * f(t) * f(t-1)", Status.CORRECT, id="dc-parentheses"),
        pytest.param("dc_t-2 = dc_t*f_t*f_t-1 (elementwise)", Status.CORRECT, id="dc-loose"),
        pytest.param("dc_{t-2} = dc_t + f_t", Status.INCORRECT, id="dc-wrong"),
        pytest.param("deltac_{t-2} = deltac_t * f_t * f_{t-1}", Status.CORRECT, id="delta-typed-as-a-word"),
        pytest.param("deltac_{t-2} = deltac_t + f_t", Status.INCORRECT, id="delta-typed-as-a-word-wrong"),
    ],
)
def test_a_gradient_named_as_in_code(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(GRADIENT, answer, PartContext(points=3, notation=Notation()))

    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("dL/dc_tm2 = dL/dc_t * f_t * f_tm1", Status.CORRECT, id="keras-tm2"),
        pytest.param("dL/dc_tm2 = dL/dc_tm1 * f_tm1 = dL/dc_t * f_t * f_tm1", Status.CORRECT, id="keras-tm2-chain"),
        pytest.param("dL/dc_tm2 = dL/dc_t * f_t * f_t", Status.INCORRECT, id="keras-tm2-wrong"),
    ],
)
def test_a_derivative_by_a_symbol_named_in_keras_style(answer: str, status: Status) -> None:
    notation = Notation(aliases={r"\delta c": [r"\frac{\partial L}{\partial c}"]})
    outcome = CHECKER.grade(GRADIENT, answer, PartContext(points=3, notation=notation))

    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "δc_{t-1} = f_t ⊙ δc_t\nSame for t−2.", Status.NEEDS_REVIEW, "other_subject", id="one-step-stated"
        ),
        pytest.param("δc_{t-1} = f_t ⊙ δc_t", Status.NEEDS_REVIEW, "other_subject", id="one-step-alone"),
        pytest.param("c_{t-1} = f_{t-1} c_{t-2}", Status.INCORRECT, "not_equivalent", id="another-quantity"),
        pytest.param(
            "δc_{t-1} = f_t ⊙ δc_t\nδc_{t-2} = δc_t ⊙ f_t ⊙ f_{t-1}",
            Status.CORRECT,
            "equivalent",
            id="step-then-relation",
        ),
    ],
)
def test_a_step_on_the_way_to_the_asked_relation_goes_to_review(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(GRADIENT, answer, PartContext(points=3, notation=Notation()))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("r_t = σ(W_r x_t + U_r h_{t-1} + b_r)", id="ascii-subscripts"),
        pytest.param("rₜ = σ(Wᵣ xₜ + Uᵣ hₜ₋₁ + bᵣ)", id="unicode-subscript-letters"),
        pytest.param("r = sig(Wr x + Ur h_prev + br)", id="sig"),
        pytest.param("r[t] = sigmoid(W_r @ x[t] + U_r @ h[t-1] + b_r)  # same shape as h, in (0,1)", id="comment"),
    ],
)
def test_a_gate_as_students_type_it(answer: str) -> None:
    check = EquationCheck(type="equation", expected=r"r_t = \sigma(W_r x_t + U_r h_{t-1} + b_r)")
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation(matrices=["W", "U"])))

    assert outcome.status is Status.CORRECT, outcome.feedback


ATTENTION_FORMULA = ExpressionCheck(type="expression", expected=r"softmax(Q K^T / \sqrt{d_k}) V")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            r"$$\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V$$ Think of it as a Boltzmann average, with "
            r"energies $-q\cdot k$ and temperature $d_k$.",
            Status.CORRECT,
            id="a-quantity-of-other-symbols-named-after-it",
        ),
        pytest.param(r"$softmax(QK^T)V$, I mean $-q\cdot k$", Status.INCORRECT, id="none-holds-every-symbol"),
    ],
)
def test_a_statement_of_none_of_the_questions_symbols_is_not_the_answer(answer: str, status: Status) -> None:
    """Where one statement holds every symbol of the expected answer, one that holds none of them (`-q·k`, other
    letters) names another quantity in the prose; where none holds them all, the last stands."""
    outcome = CHECKER.grade(ATTENTION_FORMULA, answer, PartContext(points=3))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "att = (q @ k.transpose(-2, -1)) * k.size(-1)**-0.5\natt = F.softmax(att, dim=-1)\nout = att @ v",
            Status.CORRECT,
            id="a-script-with-the-keys-size",
        ),
        pytest.param(
            "Attention(Q,K,V) = softmax(Q Kᵀ / √d_k) V. In nanoGPT with the causal mask:\n"
            "att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))\n"
            "att = att.masked_fill(mask == 0, float('-inf'))\natt = F.softmax(att, dim=-1)\ny = att @ v",
            Status.CORRECT,
            id="a-step-of-a-script-read-line-by-line-is-no-statement",
        ),
    ],
)
def test_attention_written_as_a_script(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(ATTENTION_FORMULA, answer, PartContext(points=3, notation=ATTENTION))
    assert outcome.status is status, outcome.feedback


SIGMOID_DERIVATIVE = ExpressionCheck(type="expression", expected=r"\sigma(x)(1 - \sigma(x))")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("σ(x)(1-σ(x)", Status.CORRECT, id="one-bracket-left-open"),
        pytest.param("σ(x)(1+σ(x)", Status.INCORRECT, id="one-bracket-left-open-and-wrong"),
        pytest.param("σ(x(1-σ(x)", Status.NEEDS_REVIEW, id="two-brackets-left-open"),
    ],
)
def test_a_bracket_left_open_closes_at_the_end(answer: str, status: Status) -> None:
    outcome = CHECKER.grade(SIGMOID_DERIVATIVE, answer, PartContext(points=2, notation=Notation()))

    assert outcome.status is status, outcome.feedback
    if status is Status.CORRECT:
        assert any("lacks at the end" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status", "said"),
    [
        pytest.param(
            "softmax(Q K^T / d_k) V -- no wait, it's the root: softmax(Q K^T / sqrt(d_k)) V",
            Status.CORRECT,
            "no wait",
            id="no-wait-then-right",
        ),
        pytest.param(
            "softmax(Q K^T / sqrt(d_k)) V. Actually: softmax(Q K^T) V",
            Status.INCORRECT,
            "Actually",
            id="actually-then-wrong",
        ),
    ],
)
def test_a_self_correction_is_read_after_it(answer: str, status: Status, said: str) -> None:
    context = PartContext(points=3, notation=Notation(matrices=["Q", "K", "V"]))
    outcome = CHECKER.grade(SCALED_ATTENTION, answer, context)

    assert outcome.status is status, outcome.feedback
    assert f"read after your correction “{said}”" in " ".join(outcome.feedback)


def test_a_chain_whose_middle_does_not_read_is_read_by_its_ends() -> None:
    check = ExpressionCheck(type="expression", expected=r"(\hat{y} - y) w_2 h \cdot (1 - h) x")
    answer = "∂L/∂w_1 = prod(∂L/∂ŷ, ∂ŷ/∂h, ∂h/∂w_1) = (ŷ − y) · w_2 · h·(1 − h) · x"
    outcome = CHECKER.grade(check, answer, PartContext(points=3, notation=Notation()))

    assert outcome.status is Status.CORRECT, outcome.feedback
    assert any("a step between them could not be read" in line for line in outcome.feedback)


UPDATE_GATE = EquationCheck(
    type="equation",
    expected=r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)",
    alternatives=[r"z_t = \sigma(U_z x_t + W_z h_{t-1} + b_z)"],
)
GRU_LETTERS = Notation(matrices=["W", "U"], aliases={"r": ["R"], "h": ["H"]})


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("u_t = σ(b^u + U^u x_t + W^u h_{t-1})", Status.CORRECT, "equivalent", id="goodfellow-u"),
        pytest.param(
            "q_t = σ(b^q + U^q x_t + W^q h_{t-1})", Status.NEEDS_REVIEW, "near_miss", id="a-letter-of-no-book"
        ),
        pytest.param("r_t = σ(W_r x_t + U_r h_{t-1} + b_r)", Status.INCORRECT, "not_equivalent", id="the-reset-gate"),
        pytest.param(
            "z_t = σ(W_z x_t + U_z Ψ_r + b_z)", Status.NEEDS_REVIEW, "near_miss", id="one-symbol-of-another-letter"
        ),
        pytest.param(
            "z_t = σ(W_z x_t + U_z r_t + b_z)", Status.INCORRECT, "not_equivalent", id="a-symbol-of-the-question"
        ),
        pytest.param("Γu = σ(W_z x_t + U_z a<t-1> + b_z)", Status.CORRECT, "equivalent", id="ng-gate-and-activation"),
        pytest.param(
            "z_t = σ(W_z Ψ_x + U_z Ψ_r + b_z + Ψ_q)", Status.INCORRECT, "not_equivalent", id="more-than-it-lacks"
        ),
        pytest.param(
            "z_t = σ(W_z Ψ_x + U_z Ψ_r + b_z)", Status.NEEDS_REVIEW, "near_miss", id="two-symbols-of-another-letter"
        ),
        pytest.param(
            r"$\Gamma_u = \sigma(W_u x^{<t>} + U_u a^{<t-1>} + b_u)$",
            Status.CORRECT,
            "equivalent",
            id="ng-weights-of-the-gate-letter",
        ),
        pytest.param(
            "z_t = σ(W_z x_t + U_z h_{t-2} + b_z)", Status.NEEDS_REVIEW, "near_miss", id="a-time-step-is-no-label"
        ),
        pytest.param(
            "z_i^(t) = σ(b_i^z + Σ_j U^z_{i,j} x_j^(t) + Σ_j W^z_{i,j} h_j^(t-1))",
            Status.CORRECT,
            "equivalent",
            id="one-unit-right",
        ),
        pytest.param(
            "z_i^(t) = σ(b_i^z + Σ_j U^z_{i,j} x_j^(t))",
            Status.NEEDS_REVIEW,
            "ambiguous_reading",
            id="one-unit-not-matching",
        ),
    ],
)
def test_another_textbooks_letters(answer: str, status: Status, note: str) -> None:
    outcome = CHECKER.grade(UPDATE_GATE, answer, PartContext(points=2, notation=GRU_LETTERS))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    if "h_{t-2}" in answer:  # a time step off, never a label read as another letter
        assert "but for h_{t-2}, where it has h_{t-1}" in outcome.feedback[-1], outcome.feedback


GRU_CANDIDATE = EquationCheck(
    type="equation",
    expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)",
    alternatives=[r"\tilde{h}_t = \tanh(W_h x_t + r_t \odot (U_h h_{t-1}) + b_h)"],
)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "h~_t = tanh(W_h*x_t + r_t*U_h*h_{t-1} + b_h)", Status.NEEDS_REVIEW, "ambiguous_reading", id="two-readings"
        ),
        pytest.param(
            "h~_t = tanh(W*x_t + r_t*U*h_t-1)", Status.CORRECT, "convention:weight-names", id="by-convention-read-so"
        ),
        pytest.param("h~_t = tanh(W_h*x_t + r_t*(U_h*h_{t-1}) + b_h)", Status.CORRECT, "equivalent", id="bracketed"),
        pytest.param("h~_t = tanh(W_h*x_t + r_t*U_h*U_h + b_h)", Status.INCORRECT, "not_equivalent", id="two-matrices"),
    ],
)
def test_a_matrix_between_two_stars(answer: str, status: Status, note: str) -> None:
    """`r_t*U*h_{t-1}` read left to right is (r_t U) h_{t-1}, a row vector no column-vector course writes; read
    as meant, r_t ⊙ (U h_{t-1}), PyTorch's reset-after candidate. Both readings are tried, so a right answer
    is never a confident zero."""
    outcome = CHECKER.grade(GRU_CANDIDATE, answer, PartContext(points=2, notation=GRU_LETTERS))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


GRU_CANDIDATE_FORMS = EquationCheck(  # as ../shared/devset's GRU rubric writes it: its weights named in several ways
    type="equation",
    expected=r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)",
    alternatives=[
        r"\tilde{h}_t = \tanh(W_h [r_t \odot h_{t-1}, x_t] + b_h)",
        r"\tilde{h}_t = \tanh(W_h x_t + r_t \odot (U_h h_{t-1}) + b_h)",
        r"\tilde{h}_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn}))",
        r"\tilde{h}_t = \tanh(U_h x_t + W_h (r_t \odot h_{t-1}) + b_h)",
    ],
)
GRU_CANDIDATE_MISTAKES = (
    Mistake(answer=r"\tilde{h}_t = \tanh(W_h x_t + U_h h_{t-1} + b_h)", score=1, note="reset-missing",
            feedback="The reset gate acts on the previous state."),
    Mistake(answer=r"\tilde{h}_t = \sigma(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)", score=1, note="sigmoid-for-tanh",
            feedback="The candidate uses tanh."),
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        pytest.param("h̃_t = tanh(W · [h_{t−1}, x_t])", "mistake:reset-missing", id="one-matrix-no-bias"),
        pytest.param("h̃_t = tanh(W · [h_{t−1}, x_t] + b)", "mistake:reset-missing", id="one-matrix-a-bias"),
        pytest.param("h̃_t = tanh(W_h x_t + U_h h_{t-1})", "mistake:reset-missing", id="named-no-bias"),
        pytest.param("h̃_t = σ(W·[r_t*h_{t-1}, x_t])", "mistake:sigmoid-for-tanh", id="sigmoid-one-matrix-no-bias"),
        pytest.param("h̃_t = tanh(W · [h_{t−1}, x_t] + b_z)", "not_equivalent", id="another-gates-bias"),
    ],
)
def test_a_known_mistake_with_its_weights_named_otherwise_and_no_bias_is_that_mistake(answer: str, note: str) -> None:
    """Weights named otherwise and a bias left out are each accepted alone (`tanh(W [r ⊙ h, x])` is right): a
    known mistake written both ways at once is that mistake, not a confident zero (the keyers gave it the
    mistake's points)."""
    outcome = CHECKER.grade(GRU_CANDIDATE_FORMS, answer, PartContext(points=2, notation=GRU_LETTERS,
                                                                    mistakes=GRU_CANDIDATE_MISTAKES))  # fmt: skip

    assert outcome.note == note, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "c<t> = Γf<t>*Γf<t-1>*c<t-2> + Γf<t>*Γu<t-1>*c̃<t-1> + Γu<t>*c̃<t>",
            Status.NEEDS_REVIEW,
            "near_miss",
            id="ascii",
        ),
        pytest.param(
            r"c^{<t>} = \Gamma_f^{<t>} \Gamma_f^{<t-1>} c^{<t-2>} + \Gamma_f^{<t>} \Gamma_u^{<t-1>} \tilde{c}^{<t-1>}"
            r" + \Gamma_u^{<t>} \tilde{c}^{<t>}",
            Status.NEEDS_REVIEW,
            "near_miss",
            id="latex",
        ),
        pytest.param(
            "c<t> = Γf<t>*Γf<t-1>*c<t-2> + Γf<t>*Γu<t>*c̃<t-1> + Γu<t>*c̃<t>",
            Status.INCORRECT,
            "not_equivalent",
            id="a-gate-at-the-wrong-time",
        ),
    ],
)
def test_ng_gates_at_a_time_step_are_symbols_not_powers(answer: str, status: Status, note: str) -> None:
    """`Γ_f^{<t>}` is Ng's forget gate at time t: a symbol of its own (read one for one as f_t, for a grader),
    never Γ_f to the power t, which made a right two-step expansion a confident zero."""
    check = EquationCheck(
        type="equation",
        expected=r"c_t = f_t \odot (f_{t-1} \odot c_{t-2} + i_{t-1} \odot \tilde{c}_{t-1}) + i_t \odot \tilde{c}_t",
    )
    outcome = grade(check, answer)

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    assert "Γ_{f,t-1}" in (outcome.interpreted_as or "")


@pytest.mark.parametrize(
    ("answer", "channels", "status", "note", "fraction"),
    [
        pytest.param("13x13", 0.5, Status.PARTIAL, "mistake:channels-left-out", 0.5, id="the-channels-left-out"),
        pytest.param("(13, 13)", 0.5, Status.PARTIAL, "mistake:channels-left-out", 0.5, id="in-brackets"),
        pytest.param("13x13", 0.25, Status.PARTIAL, "mistake:channels-left-out", 0.25, id="the-rubrics-share"),
        pytest.param("13x13", 0.0, Status.NEEDS_REVIEW, "near_miss", 0.0, id="no-share-a-graders-call"),
        pytest.param("13x32", 0.5, Status.INCORRECT, "not_equivalent", 0.0, id="another-axis-left-out"),
        pytest.param("(14, 14)", 0.5, Status.INCORRECT, "not_equivalent", 0.0, id="wrong-sizes-too"),
    ],
)
def test_a_shape_without_its_channels_earns_the_rubrics_share(
    answer: str, channels: float, status: Status, note: str, fraction: float
) -> None:
    """`13x13` for (13, 13, 32): the spatial size right, the shape not whole. The rubric's `channels_left_out`
    share of the points (every corpus keyer gave half), or a grader's call where it is 0; never a confident
    zero."""
    check = ExpressionCheck(type="expression", expected="(13, 13, 32)")
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation(), channels=channels))
    assert (outcome.status, outcome.note, outcome.fraction) == (status, note, fraction), outcome.feedback


@pytest.mark.parametrize(
    ("expected", "answer", "status"),
    [
        pytest.param("(13, 13, 32)", "`(13, 13, 32)` (or `(32, 13, 13)` channels-first)", Status.CORRECT, id="keras"),
        pytest.param(
            "(13, 13, 32)", "(32, 13, 13) in PyTorch's NCHW, i.e. (13, 13, 32)", Status.CORRECT, id="either-order"
        ),
        pytest.param(
            "(32, 13, 13)", "(13, 13, 32), or (32, 13, 13) channels-first", Status.NEEDS_REVIEW, id="torch-rubric"
        ),
        pytest.param("(13, 13, 32)", "`(13, 13, 32)` (= `(32, 13, 13)` in torch)", Status.CORRECT, id="torchs-layout"),
        pytest.param("(13, 13, 32)", "(13, 13, 32) or (32, 13, 13)", Status.NEEDS_REVIEW, id="not-said-to-be-a-layout"),
        pytest.param(
            "(13, 13, 32)", "(14, 14, 32), i.e. (32, 14, 14) channels-first", Status.INCORRECT, id="both-wrong"
        ),
    ],
)
def test_a_shape_and_its_channels_first_layout_are_one_answer(expected: str, answer: str, status: Status) -> None:
    check = ExpressionCheck(type="expression", expected=expected)
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation()))

    assert outcome.status is status, outcome.feedback


def test_a_shape_of_the_rank_asked_for_beats_a_kernel_size() -> None:
    check = ExpressionCheck(type="expression", expected="(13, 13, 32)")
    answer = "13x13x32. Porque el pooling 2x2 divide entre 2 el alto y el ancho: 26/2 = 13."
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation()))

    assert outcome.status is Status.CORRECT, outcome.feedback


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("f_t = σ(W_f [h_{t—1} , x_t] + b_f)", id="an-em-dash-from-a-scan"),
        pytest.param(r"$f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f$", id="a-bracket-left-open-in-latex"),
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f) (slide 14)", id="a-citation"),
    ],
)
def test_a_gate_as_it_reaches_the_grader(answer: str) -> None:
    outcome = CHECKER.grade(FORGET, answer, PartContext(points=1, notation=Notation(matrices=["W"])))

    assert outcome.status is Status.CORRECT, outcome.feedback


def test_a_labelled_result_is_the_answer() -> None:
    check = EquationCheck(type="equation", expected=r"c_t = i_t \odot \tilde{c}_t")
    answer = r"Result first: c_t = i_t ⊙ \tilde{c}_t. Working: the update is c_t = f_t ⊙ c_{t-1} + i_t ⊙ \tilde{c}_t."
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=Notation()))

    assert outcome.status is Status.CORRECT, outcome.feedback
    assert any("read as the result you labelled" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    ("check", "answer", "status", "note"),
    [
        pytest.param(UPDATE_GATE, "z = sigmoid(W_z x + U_z h + b_z)", Status.CORRECT, "convention:time-indices",
                     id="no-time-index"),
        pytest.param(UPDATE_GATE, "z = sigmoid(Wz x + Uz h)", Status.CORRECT, "convention:time-indices",
                     id="no-time-index-and-no-bias"),
        pytest.param(UPDATE_GATE, "z = sigmoid(Wx + Uh)", Status.CORRECT, "convention:time-indices",
                     id="and-bare-weights"),
        pytest.param(UPDATE_GATE, "z_t = sigmoid(W_z x_t + U_z h)", Status.NEEDS_REVIEW, "near_miss",
                     id="some-indices-written"),
        pytest.param(UPDATE_GATE, "z = sigmoid(W_z x + U_z h_prev + b_z)", Status.CORRECT, "equivalent",
                     id="a-code-name-is-a-time"),
        pytest.param(UPDATE_GATE, "z = tanh(W_z x + U_z h + b_z)", Status.INCORRECT, "not_equivalent",
                     id="untimed-and-wrong"),
        pytest.param(GRU_HIDDEN, "h = (1 - z) * h + z * h~", Status.CORRECT, "convention:time-indices",
                     id="an-assignment"),
        pytest.param(GRU_HIDDEN, "h_t = (1 - z) * h + z * h~", Status.NEEDS_REVIEW, "near_miss",
                     id="an-assignment-with-one-index"),
        pytest.param(TWO_TIMES, "y = h + h", Status.INCORRECT, "not_equivalent",
                     id="a-letter-at-two-times-on-the-right-is-no-convention"),
    ],
)  # fmt: skip
def test_an_equation_of_one_step_without_time_indices_is_credited(
    check: EquationCheck, answer: str, status: Status, note: str
) -> None:
    """Lecture slides draw one step of the cell and write `z = σ(W_z x + U_z h + b_z)`: with no time index
    written anywhere, a letter the expected answer writes at one time only on its right side stands for it, and
    the left side for the symbol asked (`h = (1 − z) h + z h̃`, an assignment)."""
    outcome = CHECKER.grade(check, answer, PartContext(points=2, notation=GRU_LETTERS))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    if note == "convention:time-indices":
        assert "h for h_{t-1}" in outcome.feedback[-1]
        assert "without time indices" in outcome.feedback[-1]


def test_a_rubric_can_send_an_equation_without_time_indices_to_a_grader() -> None:
    strict = GRU_LETTERS.merged(Notation(time_indices="review"))
    outcome = CHECKER.grade(UPDATE_GATE, "z = sigmoid(W_z x + U_z h + b_z)", PartContext(points=2, notation=strict))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "near_miss"), outcome.feedback


UNCOMBINED = EquationCheck(
    type="equation",
    expected=r"c_t = f_t \odot (f_{t-1} \odot c_{t-2} + i_{t-1} \odot \tilde{c}_{t-1}) + i_t \odot \tilde{c}_t",
    uncombined=2,
)
STEP_NOW = "c_t = f_t * c_{t-1} + i_t * c~_t"
STEP_BEFORE = "c_{t-1} = f_{t-1} * c_{t-2} + i_{t-1} * c~_{t-1}"


@pytest.mark.parametrize(
    ("answer", "score", "note"),
    [
        pytest.param(f"{STEP_NOW}, and {STEP_BEFORE}. So c_t depends on c_(t-2).", 2, "uncombined", id="after"),
        pytest.param(f"{STEP_BEFORE}\n{STEP_NOW}", 2, "uncombined", id="before"),
        pytest.param("c_t = f_t*c_t-1 + i_t*c~_t\nc_t-1 = f_t-1*c_t-2 + i_t-1*c~_t-1", 2, "uncombined", id="loose"),
        pytest.param(
            f"{STEP_NOW}\n{STEP_BEFORE}\nc_t = f_t f_{{t-1}} c_{{t-2}} + f_t i_{{t-1}} c~_{{t-1}} + i_t c~_t",
            3,
            "equivalent",
            id="put-together",
        ),
        pytest.param(f"{STEP_NOW}\nc_{{t-1}} = f_{{t-1}} * c_{{t-2}}", 0, "not_equivalent", id="a-wrong-step"),
    ],
)
def test_steps_never_put_together_earn_what_the_rubric_says(answer: str, score: float, note: str) -> None:
    """`c_t = f_t ⊙ c_{t-1} + …` and `c_{t-1} = f_{t-1} ⊙ c_{t-2} + …` give the relation asked for only once put
    together: the rubric's `uncombined` points, said so; the same steps put together are full marks."""
    outcome = CHECKER.grade(UNCOMBINED, answer, PartContext(points=3, notation=LSTM))
    assert (outcome.fraction * 3, outcome.note) == (score, note), outcome.feedback


def test_steps_never_put_together_go_to_a_grader_unless_the_rubric_gives_points() -> None:
    check = UNCOMBINED.model_copy(update={"uncombined": None})
    outcome = CHECKER.grade(check, f"{STEP_NOW}\n{STEP_BEFORE}", PartContext(points=3, notation=LSTM))
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "uncombined")
    assert "a grader decides" in outcome.feedback[-1]


def test_uncombined_points_must_be_fewer_than_the_parts() -> None:
    problems = CHECKER.validate(UNCOMBINED.model_copy(update={"uncombined": 3}), PartContext(points=3, notation=LSTM))
    assert [path for path, _ in problems] == ["check.uncombined"]


@pytest.mark.parametrize(
    ("answer", "status", "graded"),
    [
        pytest.param(
            "σ'(x) = σ(x)(1 − σ(x)). Derive it: then notice e⁻ˣ/(1+e⁻ˣ) = 1 − σ(x).",
            Status.CORRECT,
            "σ'(x) = σ(x)(1 − σ(x))",
            id="the-answer-then-an-identity",
        ),
        pytest.param(
            "σ'(x) = 1 - σ(x)^2. Note 1 - σ(x) = e^{-x}/(1+e^{-x}).",
            Status.INCORRECT,
            "σ'(x) = 1 - σ(x)^2",
            id="a-wrong-answer-then-an-identity",
        ),
    ],
)
def test_an_identity_of_working_after_the_answer_is_not_graded(answer: str, status: Status, graded: str) -> None:
    """`… notice e^{-x}/(1+e^{-x}) = 1 − σ(x)` holds and is not the answer: the statement before it is graded
    (the identity had been graded, and the right answer sent to a grader as a contradiction)."""
    outcome = CHECKER.grade(SIGMOID_GRADIENT, answer, PartContext(points=2))
    assert outcome.status is status, outcome.feedback
    assert f"Graded “{graded}”" in " ".join(outcome.feedback)


OUTPUT_GATE = EquationCheck(type="equation", expected=r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o)")
WITHOUT_TANH = Mistake(answer=r"h_t = o_t \odot c_t", feedback="tanh(c_t)", note="output-without-tanh", score=0.5)


@pytest.mark.parametrize(
    ("answer", "score", "note"),
    [
        pytest.param(
            "o_t = σ(W_o [h_{t-1}, x_t] + b_o), h_t = o_t * c_t", 0.5, "mistake:output-without-tanh", id="beside"
        ),
        pytest.param("o_t = σ(W_o [h_{t-1}, x_t] + b_o), h_t = o_t * tanh(c_t)", 1.0, "equivalent", id="right-beside"),
        pytest.param("h_t = o_t * c_t", 0.0, "not_equivalent", id="alone-is-no-answer"),
        pytest.param(
            "o_t = σ(W_o [h_{t-1}, x_t] + b_o), h = o * c", 0.5, "mistake:output-without-tanh", id="beside-untimed"
        ),
        pytest.param("o_t = σ(W_o [h_{t-1}, x_t] + b_o), h = o * tanh(c)", 1.0, "equivalent", id="right-untimed"),
    ],
)
def test_a_known_mistake_about_another_symbol_caps_a_right_answer_it_stands_beside(
    answer: str, score: float, note: str
) -> None:
    context = PartContext(points=1, notation=LSTM, mistakes=(WITHOUT_TANH,))
    outcome = CHECKER.grade(OUTPUT_GATE, answer, context)
    assert (outcome.fraction, outcome.note) == (score, note), outcome.feedback


FORGET_GATE = EquationCheck(
    type="equation", expected=r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)", free=["W_*", "U_*", "b_*"]
)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("f_t = σ(W_f [h_{t-1}, x_t] + b_f)", Status.CORRECT, "equivalent", id="its-own-weights"),
        pytest.param("f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)", Status.CORRECT, "equivalent", id="pytorch"),
        pytest.param("f_t = σ(W_i [h_{t-1}, x_t] + b_i)", Status.NEEDS_REVIEW, "near_miss", id="the-input-gates"),
        pytest.param("f_t = σ(W_o x_t + U_o h_{t-1} + b_o)", Status.NEEDS_REVIEW, "near_miss", id="the-output-gates"),
    ],
)
def test_another_gates_weights_are_no_other_name_for_them(answer: str, status: Status, note: str) -> None:
    """`free` weight names are any textbook's names for the part's own weights, not another gate's."""
    context = PartContext(points=1, notation=Notation(matrices=["W", "U"]))
    outcome = CHECKER.grade(FORGET_GATE, answer, context)

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


INPUT_GATE = EquationCheck(
    type="equation", expected=r"i_t = \sigma(W_i [h_{t-1}, x_t] + b_i)", free=["W_*", "U_*", "b_*"]
)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("i_t = sigmoid(Wu [h_{t-1}, x_t] + bu)", Status.CORRECT, "equivalent", id="glued-and-renamed"),
        pytest.param("i_t = sigmoid(Wi [h_{t-1}, x_t] + bi)", Status.CORRECT, "equivalent", id="glued-as-expected"),
        pytest.param("i_t = tanh(Wi [h_{t-1}, x_t] + bi)", Status.INCORRECT, "not_equivalent", id="wrong-as-expected"),
        pytest.param(
            "i_t = tanh(Wu [h_{t-1}, x_t] + bu)", Status.NEEDS_REVIEW, "ambiguous_reading", id="wrong-renamed"
        ),
    ],
)
def test_weights_typed_with_their_subscripts_glued_on(answer: str, status: Status, note: str) -> None:
    """`Wu`, `bu` (Ng's slides typed on a phone) read as W_u, b_u when the letters are no product of the
    question's symbols; a wrong verdict on names the question does not use rests on that assumption: a grader's."""
    outcome = CHECKER.grade(INPUT_GATE, answer, PartContext(points=1, notation=LSTM))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("so dL/dz = p - y\nAnswer: dL/dz = softmax(z) - 1", Status.NEEDS_REVIEW, id="working-reached-it"),
        pytest.param(
            "so dL/dz_j = p_j - y_j\nAnswer: dL/dz = softmax(z) - 1",
            Status.NEEDS_REVIEW,
            id="working-reached-it-entry-by-entry",
        ),
        pytest.param("dL/dz = -y/p\nAnswer: dL/dz = softmax(z) - 1", Status.INCORRECT, id="working-wrong-too"),
        pytest.param("so dL/dz = softmax(z) - 1\nAnswer: dL/dz = p - y", Status.CORRECT, id="the-label-is-right"),
    ],
)
def test_a_wrong_labelled_result_after_working_that_reached_the_answer(answer: str, status: Status) -> None:
    """The label names the result, but where the working before it states the expected answer, which one the
    student meant is a grader's call, never a confident zero."""
    outcome = CHECKER.grade(CE_GRADIENT_ENTRIES, answer, PartContext(points=3, notation=Notation()))

    assert outcome.status is status, outcome.feedback


def test_a_result_praised_in_prose_is_no_label() -> None:
    check = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
    answer = "So $$\\nabla_z L = p - y.$$\nNice result: each component lies in $[-1,1]$."
    outcome = CHECKER.grade(check, answer, PartContext(points=3, notation=Notation()))

    assert outcome.status is Status.CORRECT, outcome.feedback
    assert not any("labelled" in line for line in outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("$f_t$: same as $i_t$, own weights.", Status.NEEDS_REVIEW, "partly_unreadable", id="same-as"),
        pytest.param("f_t is like i_t but with W_f and b_f", Status.NEEDS_REVIEW, "partly_unreadable", id="like"),
        pytest.param("f_t: analogous to o_t", Status.NEEDS_REVIEW, "partly_unreadable", id="analogous-to"),
        pytest.param("f_t = i_t", Status.INCORRECT, "not_equivalent", id="an-equation-says-equal"),
        pytest.param("f_t = i_t, the same gate", Status.INCORRECT, "not_equivalent", id="the-words-after-it"),
        pytest.param(
            "f_t = σ(W_f [h_{t-1}, x_t] + b_f)  (same as i_t with its own weights)",
            Status.CORRECT,
            "equivalent",
            id="written-out-beside-the-pointer",
        ),
    ],
)
def test_a_formula_given_by_pointing_to_another_goes_to_review(answer: str, status: Status, note: str) -> None:
    """`r_t: same as z_t, own weights` means "of the same form with its own weights", not r_t = z_t: a grader
    reads it (the keyers gave such answers anything from 0 to full marks)."""
    outcome = CHECKER.grade(FORGET, answer, PartContext(points=1, notation=LSTM))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("dL/dz_c = p_c - 1", Status.NEEDS_REVIEW, "near_miss", id="the-true-class-entry"),
        pytest.param(
            "dL/dz = p_i - 1  (i is the correct class)", Status.NEEDS_REVIEW, "near_miss", id="entry-on-right"
        ),
        pytest.param("∂L/∂z_j = p_j", Status.NEEDS_REVIEW, "near_miss", id="another-class-entry"),
        pytest.param("dL/dz = p - 1", Status.INCORRECT, "not_equivalent", id="no-entry-written"),
        pytest.param("dL/dz = p - 1 (for the correct class)", Status.NEEDS_REVIEW, "near_miss", id="one-class-said"),
        pytest.param("dL/dz = p - 1 (y is one-hot)", Status.NEEDS_REVIEW, "near_miss", id="one-hot-said"),
        pytest.param("dL/dz = 1 - y (for the true class)", Status.INCORRECT, "not_equivalent", id="p-is-no-label"),
        pytest.param("dL/dz_i = p_i - y_i", Status.CORRECT, "equivalent", id="the-answer-entry-by-entry"),
        pytest.param("dL/dz_c = p_c - y_c", Status.CORRECT, "equivalent", id="the-answer-for-class-c"),
        pytest.param("dL/dz_i = p_i - y", Status.INCORRECT, "not_equivalent", id="one-symbol-without-its-entry"),
        pytest.param("dL/dz_i = W_i p_i - y_i", Status.INCORRECT, "not_equivalent", id="a-wrong-answer-entry-by-entry"),
        pytest.param("dL/dz_c = p_c + 1", Status.INCORRECT, "not_equivalent", id="no-case-of-it"),
    ],
)
def test_an_answer_for_one_entry_that_is_one_case_of_the_expected_goes_to_a_grader(
    answer: str, status: Status, note: str
) -> None:
    """`∂L/∂z_c = p_c − 1` is p − y for the true class of a one-hot y (y = 1): one entry of the answer, which the
    keyers gave a third to a half of the points; not confidently wrong, not the answer."""
    check = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
    outcome = CHECKER.grade(check, answer, PartContext(points=3))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "dL/dz = p - y\nmaybe the full answer is dL/dz_i = (p_i - y_i) p_i (1 - p_i)? not sure",
            Status.NEEDS_REVIEW,
            id="a-later-entry-disagrees",
        ),
        pytest.param("dL/dz = p - y, i.e. dL/dz_i = p_i - y_i", Status.CORRECT, id="the-same-entry-by-entry"),
        pytest.param("dL/dz = p - y\nfor the true class c: dL/dz_c = p_c - 1", Status.CORRECT, id="one-case-of-it"),
        pytest.param("dL/dz_i = p_i y_i\nso dL/dz = p - y", Status.CORRECT, id="earlier-working-entry-by-entry"),
    ],
)
def test_a_later_equation_for_one_entry_of_the_subject_is_a_rival_answer(answer: str, status: Status) -> None:
    """`∂L/∂z_i = …` after `∂L/∂z = p − y` restates the subject entry by entry: where it disagrees, the answer
    takes itself back and a grader decides; where it says the same, or one case of it, the answer stands."""
    check = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y")
    outcome = CHECKER.grade(check, answer, PartContext(points=3))

    assert outcome.status is status, outcome.feedback


SIGMOID_DERIVATIVE = ExpressionCheck(type="expression", expected=r"\sigma(x)(1 - \sigma(x))")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "The derivative is sigma(x) * (1 - sigma(x)). In backprop we already have sigma(x) from the forward pass.",
            Status.CORRECT,
            id="a-quantity-of-the-answer-named-after-it",
        ),
        pytest.param("σ'(x) = σ(x)(1 − σ(x)), which is 0.25 at x = 0", Status.CORRECT, id="a-value-named-after-it"),
        pytest.param("sigma(x)(1 - sigma(x)). No, it's sigma(x)", Status.NEEDS_REVIEW, id="taken-back-by-no-its"),
        pytest.param("sigma(x)(1 - sigma(x)). No, it is 1 - sigma(x)", Status.NEEDS_REVIEW, id="a-longer-term-later"),
        pytest.param("sigma(x)(1 - sigma(x)). No, it is not sigma(x)", Status.CORRECT, id="not-taken-back"),
        pytest.param(
            "sigma(x)(1 - sigma(x))\n1 - sigma(x) is the slope of the other half",
            Status.CORRECT,
            id="a-term-the-next-sentence-is-about",
        ),
        pytest.param(
            "sigma(x)(1 - sigma(x))\nOr is it 1 - sigma(x)", Status.NEEDS_REVIEW, id="a-term-offered-after-it"
        ),
        pytest.param("sigma(x)", Status.INCORRECT, id="the-quantity-alone"),
        pytest.param("0.25", Status.INCORRECT, id="a-value-alone"),
    ],
)
def test_a_quantity_or_value_named_in_the_prose_is_not_the_answer(answer: str, status: Status) -> None:
    """A quantity of the answer, a value of it, or a term a later sentence says something about
    (`Q·Kᵀ gives the similarity …`) is named in the prose; a term offered on its own is a rival answer."""
    outcome = CHECKER.grade(SIGMOID_DERIVATIVE, answer, PartContext(points=2))
    assert outcome.status is status, outcome.feedback


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("gf = σ(W_f [h_{t-1}, x_t] + b_f)", id="own-name"),
        pytest.param("Forget gate: gf = σ(W_f [h_{t-1}, x_t] + b_f)", id="label-then-own-name"),
    ],
)
def test_a_gate_named_in_letters_of_its_own_after_a_label_is_read_by_its_right_side(answer: str) -> None:
    outcome = grade(FORGET, answer)

    assert (outcome.status, outcome.interpreted_as) == (Status.CORRECT, "f_t = σ(W_f·[h_{t-1}, x_t] + b_f)"), (
        outcome.feedback
    )


SIGMOID_DERIVATIVE = ExpressionCheck(type="expression", expected=r"\sigma(x)(1 - \sigma(x))")


@pytest.mark.parametrize(
    ("check", "answer", "status"),
    [
        pytest.param(SIGMOID_DERIVATIVE, "σ(z)(1 − σ(z))", Status.CORRECT, id="another-variable"),
        pytest.param(SIGMOID_DERIVATIVE, "σ'(z) = σ(z)(1 − σ(z))", Status.CORRECT, id="bound-by-the-left-side"),
        pytest.param(SIGMOID_DERIVATIVE, "σ(z)(1 + σ(z))", Status.INCORRECT, id="wrong-whatever-the-variable"),
        pytest.param(SIGMOID_DERIVATIVE, "σ(2z)(1 − σ(2z))", Status.INCORRECT, id="not-a-whole-argument"),
        pytest.param(SIGMOID_DERIVATIVE, "σ(z)(1 − σ(x))", Status.INCORRECT, id="two-variables"),
        pytest.param(ExpressionCheck(type="expression", expected="x"), "w", Status.NEEDS_REVIEW,
                     id="a-quantity-is-no-function-argument"),
    ],
)  # fmt: skip
def test_a_function_of_one_variable_is_the_same_whatever_its_variable_is_called(
    check: ExpressionCheck, answer: str, status: Status
) -> None:
    outcome = grade(check, answer)

    assert outcome.status is status, outcome.feedback
    if status is Status.CORRECT:
        assert "Equivalent to the expected answer with your variable z read as the question's x" in outcome.feedback[-1]
