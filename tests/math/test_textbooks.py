"""Andrew Ng's GRU notation, read as the question's where the rubric implies it."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.math.parser import parse_name
from grader.math.textbooks import NOTE, implied_aliases, in_ng_notation
from grader.models.checks import EquationCheck
from grader.models.report import Status

GRU_UPDATE = [parse_name(text) for text in ("z_t", "W_z", "U_z", "b_z", "h_{t-1}", "x_t")]


def test_a_gru_question_implies_ngs_names_for_its_own() -> None:
    implied = {other.text(): target.text() for other, target in implied_aliases(GRU_UPDATE, {}).items()}
    assert implied == {"Γ_u": "z", "Γ_r": "r", "c": "h", "a": "h", "W_u": "W_z", "U_u": "U_z", "b_u": "b_z"}


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
