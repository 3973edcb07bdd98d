"""Andrew Ng's and Goodfellow et al.'s GRU notations, read as the question's where the rubric implies them."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.math.parser import parse_name
from grader.math.textbooks import (
    GOODFELLOW_LAGGED_NOTE,
    GOODFELLOW_NOTE,
    NOTE,
    implied_aliases,
    in_ng_notation,
    ng_output_letters,
    textbook_aliases,
)
from grader.models.checks import EquationCheck
from grader.models.common import Notation
from grader.models.report import Status

GRU_UPDATE = [parse_name(text) for text in ("z_t", "W_z", "U_z", "b_z", "h_{t-1}", "x_t")]


def test_a_gru_question_implies_ngs_names_for_its_own() -> None:
    implied = {other.text(): target.text() for other, target in implied_aliases(GRU_UPDATE, {}).items()}
    assert implied == {
        "Γ_u": "z", "Γ_r": "r", "c": "h", "a": "h", "u": "z", "W_u": "W_z", "U_u": "U_z", "b_u": "b_z"
    }  # fmt: skip


@pytest.mark.parametrize(
    "known",
    [
        pytest.param(["f_t", "W_f", "h_{t-1}", "c_{t-1}"], id="an-lstm-question"),
        pytest.param(["z_t", "a_t", "h_{t-1}"], id="a-question-that-writes-ngs-letters"),
        pytest.param(["z_t", "W_z"], id="no-hidden-state"),
    ],
)
def test_other_questions_imply_nothing(known: list[str]) -> None:
    assert implied_aliases([parse_name(text) for text in known], {}) == {}


def test_a_declared_alias_stands() -> None:
    declared = {parse_name("c"): parse_name("x")}
    assert parse_name("c") not in implied_aliases(GRU_UPDATE, declared)


@pytest.mark.parametrize(
    ("answer", "ng"),
    [
        pytest.param("Γu = σ(Wu [c<t-1>, x<t>] + bu)", True, id="his-gate"),
        pytest.param("gamma_r = sigmoid(W_r [c<t-1>, x<t>] + b_r)", True, id="his-gate-typed"),
        pytest.param(r"$c^{<t>} = \tilde{c}^{<t>}$", True, id="his-time-steps"),
        pytest.param("r_t = σ(W_r x_t + U_r c_{t-1} + b_r)", False, id="an-lstm-cell-state-by-mistake"),
    ],
)
def test_an_answer_in_ngs_notation_is_told_by_his_gates_and_time_steps(answer: str, ng: bool) -> None:
    assert in_ng_notation(answer) is ng


UPDATE = EquationCheck(
    type="equation",
    expected=r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)",
    alternatives=[r"z_t = \sigma(W_z [h_{t-1}, x_t] + b_z)"],
)
RESET = EquationCheck(type="equation", expected=r"r_t = \sigma(W_r x_t + U_r h_{t-1} + b_r)")
HIDDEN = EquationCheck(type="equation", expected=r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t")


@pytest.mark.parametrize(
    ("check", "answer", "status"),
    [
        pytest.param(UPDATE, "Γu = σ(Wu [c<t-1>, x<t>] + bu)", Status.CORRECT, id="update-gate"),
        pytest.param(UPDATE, "gamma_u = sigmoid(W_u [c<t-1>, x<t>] + b_u)", Status.CORRECT, id="gamma-spelled-out"),
        pytest.param(
            HIDDEN, "c<t> = Γu * c~<t> + (1 - Γu) * c<t-1>, and a<t> = c<t>", Status.CORRECT, id="hidden-state"
        ),
        pytest.param(HIDDEN, "c<t> = Γu * c~<t> + Γu * c<t-1>", Status.INCORRECT, id="a-mistake-stays-one"),
    ],
)
def test_an_answer_in_ngs_notation_is_graded_as_the_questions_and_says_so(
    check: EquationCheck, answer: str, status: Status
) -> None:
    outcome = MathChecker().grade(check, answer, PartContext(points=2))

    assert outcome.status is status, outcome.feedback
    assert NOTE in outcome.feedback


def test_a_cell_state_in_a_gru_answer_is_not_read_as_h() -> None:
    outcome = MathChecker().grade(RESET, "r_t = σ(W_r x_t + U_r c_{t-1} + b_r)", PartContext(points=2))

    assert outcome.status is not Status.CORRECT, outcome.feedback
    assert NOTE not in outcome.feedback


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param("Γu = σ(Wu [c<t-1>, x<t>] + bu)", {"Γ_u", "Γ_r", "c", "a", "W_u", "U_u", "b_u"}, id="ngs"),
        pytest.param("u_t = σ(b^u + U^u x_t + W^u h_{t-1})", {"u", "W_u", "U_u", "b_u"}, id="goodfellows"),
        pytest.param("u^{(t)} = σ(b^u + U^u x^{(t)} + W^u h^{(t-1)})", {"u", "W_u", "U_u", "b_u"}, id="his-superscript"),
        pytest.param("z_t = σ(W_u x_t + U_u h_{t-1} + b_u)", set(), id="weights-alone-tell-no-textbook"),
        pytest.param("h_t = u_{t-1} ⊙ h_{t-1} + (1 − u_{t-1}) ⊙ h̃_t", {"u_{t-1}"}, id="his-gate-indexed-t-1"),
        pytest.param("h^{(t)} = u^{(t-1)} h^{(t-1)} + (1 - u^{(t-1)}) s", {"u_{t-1}"}, id="indexed-t-1-superscript"),
        pytest.param("h_t = u_t ⊙ h_{t-1} + (1 − u_{t-1}) ⊙ h̃_t", set(), id="a-gate-at-t-and-at-t-1"),
        pytest.param("r_t = σ(W_r x_t + U_r c_{t-1} + b_r)", set(), id="neither"),
    ],
)  # fmt: skip
def test_an_answer_reads_only_the_names_of_the_textbook_it_is_written_in(answer: str, read: set[str]) -> None:
    implied = implied_aliases(GRU_UPDATE, {})
    assert {other.text() for other in textbook_aliases(answer, implied)} == read


# Goodfellow et al. name the input weights U and the recurrent weights W, as the rubric allows
UPDATE_UW = UPDATE.model_copy(update={"alternatives": [r"z_t = \sigma(U_z x_t + W_z h_{t-1} + b_z)"]})


@pytest.mark.parametrize(
    ("check", "answer", "status"),
    [
        pytest.param(UPDATE_UW, "u_t = σ(b^u + U^u x_t + W^u h_{t−1})", Status.CORRECT, id="update-gate"),
        pytest.param(
            UPDATE_UW,
            r"u_i^{(t)} = \sigma\left(b_i^u + \sum_j U_{i,j}^u x_j^{(t)} + \sum_j W_{i,j}^u h_j^{(t-1)}\right)",
            Status.CORRECT,
            id="update-gate-per-unit",
        ),
        pytest.param(HIDDEN, "h_t = (1 − u_t) ⊙ h_{t−1} + u_t ⊙ h̃_t", Status.CORRECT, id="hidden-state"),
        pytest.param(HIDDEN, "h_t = u_t ⊙ h_{t−1} + u_t ⊙ h̃_t", Status.INCORRECT, id="a-mistake-stays-one"),
    ],
)
def test_an_answer_in_goodfellows_notation_reads_his_u_as_the_update_gate_and_says_so(
    check: EquationCheck, answer: str, status: Status
) -> None:
    outcome = MathChecker().grade(check, answer, PartContext(points=2, notation=Notation(matrices=["W", "U"])))

    assert outcome.status is status, outcome.feedback
    assert GOODFELLOW_NOTE in outcome.feedback


# the state update with z on the old state (PyTorch's, Goodfellow's), as the rubric allows
HIDDEN_UW = HIDDEN.model_copy(update={"alternatives": [r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t"]})


def test_his_state_update_with_the_gate_indexed_t_1_reads_it_as_z_t() -> None:
    """Goodfellow et al.'s eq. 10.45 gates h^{(t)} with u^{(t-1)}, the gate computed from x^{(t)} and h^{(t-1)}."""
    answer = "h_i^{(t)} = u_i^{(t-1)} h_i^{(t-1)} + (1 - u_i^{(t-1)}) \\tilde{h}_i^{(t)}"
    outcome = MathChecker().grade(HIDDEN_UW, answer, PartContext(points=2, notation=Notation(matrices=["W", "U"])))

    assert outcome.status is Status.CORRECT, outcome.feedback
    assert GOODFELLOW_LAGGED_NOTE in outcome.feedback


def test_a_spelled_out_gamma_is_the_declared_capital_gamma() -> None:
    """`gamma_f` typed in ASCII for Ng's Γ_f, where the rubric declares Γ_f a spelling of f_t (and no γ_f)."""
    check = EquationCheck(type="equation", expected=r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)")
    notation = Notation(aliases={"f": [r"\Gamma_f"]})
    outcome = MathChecker().grade(
        check, "gamma_f = sigmoid(W_f [h_{t-1}, x_t] + b_f)", PartContext(points=1, notation=notation)
    )
    assert outcome.status is Status.CORRECT, outcome.feedback
    plain = MathChecker().grade(check, "gamma_f = sigmoid(W_f [h_{t-1}, x_t] + b_f)", PartContext(points=1))
    assert plain.status is not Status.CORRECT, plain.feedback


CE_KNOWN = [parse_name(text) for text in ("p", "y", r"\frac{∂L}{∂z}")]


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param("dZ = A - Y", {"A": "p", "a": "p", "Y": "y"}, id="his-gradient"),
        pytest.param("dz = a - y (same as logistic regression)", {"A": "p", "a": "p", "Y": "y"}, id="lower-case"),
        pytest.param("dZ = Y - A", {"A": "p", "a": "p", "Y": "y"}, id="turned-round"),
        pytest.param("A = softmax(Z), so the gradient is A - Y", {}, id="no-dZ-no-reading"),
    ],
)
def test_ngs_softmax_output_layer_letters_are_read_only_beside_his_gradient(answer: str, read: dict[str, str]) -> None:
    found = ng_output_letters(answer, CE_KNOWN)

    assert {mine.text(): theirs.text() for mine, theirs in found.items()} == read


def test_ngs_output_letters_are_not_read_where_the_question_writes_a() -> None:
    assert ng_output_letters("dZ = A - Y", [*CE_KNOWN, parse_name("a")]) == {}
