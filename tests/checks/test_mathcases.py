"""Special cases worked out after an answer are the answer specialised, not another answer to grade."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.models.checks import EquationCheck
from grader.models.common import Notation
from grader.models.report import Status

GRU_HIDDEN = EquationCheck(type="equation", expected=r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t")
CELL_WITHOUT_FORGET = EquationCheck(type="equation", expected=r"c_t = i_t \odot \tilde{c}_t")


def grade(check: EquationCheck, answer: str):  # type: ignore[no-untyped-def]
    return MathChecker().grade(check, answer, PartContext(points=2, notation=Notation()))


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("h_t = z_t*h_{t-1} + (1-z_t)*h~_t. If z_t = 1 then h_t = h_{t-1}.", Status.CORRECT,
                     "equivalent", id="if-then"),
        pytest.param("h_t = z_t*h_{t-1} + (1-z_t)*h~_t. With z_t = 0: h_t = h~_t", Status.CORRECT, "equivalent",
                     id="with-colon"),
        pytest.param(r"$h_t = z_t \odot h_{t-1} + (1-z_t)\odot \tilde h_t$. Check: $z_t \to 1$ gives "
                     r"$h_t = h_{t-1}$ (copy), $z_t \to 0$ gives $h_t = \tilde h_t$ (overwrite).", Status.CORRECT,
                     "equivalent", id="two-limits-in-latex"),
        pytest.param("h_t = h_{t-1}. If z_t = 1 then h_t = z_t*h_{t-1}", Status.INCORRECT, "not_equivalent",
                     id="a-wrong-answer-with-its-own-case"),
    ],
)  # fmt: skip
def test_a_special_case_that_follows_is_not_graded(answer: str, status: Status, note: str) -> None:
    outcome = grade(GRU_HIDDEN, answer)

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


def test_a_case_that_does_not_follow_leaves_the_answer_in_doubt() -> None:
    outcome = grade(GRU_HIDDEN, "h_t = z_t*h_{t-1} + (1-z_t)*h~_t. If z_t = 1 then h_t = h~_t")

    assert outcome.status is Status.NEEDS_REVIEW, outcome.feedback
    assert "a grader will decide" in " ".join(outcome.feedback)


def test_a_case_the_question_asks_for_is_graded() -> None:
    outcome = grade(CELL_WITHOUT_FORGET, "c_t = f_t*c_{t-1} + i_t*c~_t. With f_t = 0: c_t = i_t*c~_t")

    assert outcome.status is Status.CORRECT, outcome.feedback
