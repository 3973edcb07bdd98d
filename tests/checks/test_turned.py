"""Known mistakes carried to a gate's other convention (`z ↦ 1 − z`) when the rubric accepts both."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.checks.mathsetup import setup_cached
from grader.checks.turned import complemented, turned_gates
from grader.math.nodes import Chain, Name
from grader.models.checks import EquationCheck
from grader.models.common import Notation
from grader.models.report import Status
from grader.models.rubric import Mistake

HIDDEN = r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t"
CHO = r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t"
UNGATED = Mistake(
    answer=r"h_t = (1 - z_t) \odot h_{t-1} + \tilde{h}_t", score=1, note="ungated-candidate", feedback="Gate it."
)


def _targets(*texts: str) -> tuple[Chain, ...]:
    return tuple(setup_cached(Notation().model_dump_json(), texts, ())[1])


def test_the_gates_a_chain_takes_one_minus() -> None:
    assert [var.name for var in complemented(_targets(HIDDEN)[0])] == [Name("z", sub="t")]


@pytest.mark.parametrize(
    ("alternatives", "gates"),
    [
        pytest.param((CHO,), [Name("z", sub="t")], id="the-other-convention-accepted"),
        pytest.param((), [], id="no-alternative"),
        pytest.param((r"h_t = h_{t-1} + z_t \odot (\tilde{h}_t - h_{t-1})",), [], id="an-alternative-of-the-same-one"),
    ],
)
def test_a_gate_is_turned_only_where_an_alternative_is_the_expected_answer_turned(
    alternatives: tuple[str, ...], gates: list[Name]
) -> None:
    turned = turned_gates(_targets(HIDDEN, *alternatives), True, 1.0)
    assert [name for name, _ in turned] == gates


@pytest.mark.parametrize(
    ("alternatives", "answer", "status", "fraction"),
    [
        pytest.param((CHO,), "h_t = z_t * h_{t-1} + h~_t", Status.PARTIAL, 0.5, id="the-mistake-turned"),
        pytest.param((CHO,), "h_t = (1 - z_t) * h_{t-1} + h~_t", Status.PARTIAL, 0.5, id="the-mistake-as-listed"),
        pytest.param((), "h_t = z_t * h_{t-1} + h~_t", Status.INCORRECT, 0.0, id="only-one-convention-accepted"),
        pytest.param((CHO,), "h_t = z_t * h_{t-1} + z_t * h~_t", Status.INCORRECT, 0.0, id="another-mistake"),
    ],
)
def test_a_known_mistake_made_in_the_accepted_other_convention_is_that_mistake(
    alternatives: tuple[str, ...], answer: str, status: Status, fraction: float
) -> None:
    check = EquationCheck(type="equation", expected=HIDDEN, alternatives=list(alternatives))
    outcome = MathChecker().grade(check, answer, PartContext(points=2, mistakes=(UNGATED,)))
    assert (outcome.status, outcome.fraction) == (status, fraction), outcome.feedback
