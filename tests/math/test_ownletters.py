"""An answer's own letter for a quantity the question names (`o = logits` for "the logits z"), read as the question's
only where the answer says so."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.math.ownletters import own_letters
from grader.math.parser import parse_name
from grader.models.checks import EquationCheck
from grader.models.common import Notation
from grader.models.report import Status
from grader.models.rubric import Mistake

PROMPT = "Give the gradient of L with respect to the logits z."
KNOWN = [parse_name(text) for text in ("L", "z", "p", "y")]
CE_GRAD = EquationCheck(type="equation", expected=r"\frac{\partial L}{\partial z} = p - y",
                        alternatives=[r"\frac{\partial L}{\partial z_i} = p_i - y_i",
                                      r"\frac{\partial L}{\partial z} = softmax(z) - y"])  # fmt: skip
NOTATION = Notation(aliases={"p": [r"\hat{y}"], "L": ["E", "l"]})  # as ../shared/devset's attention rubric declares
SIGN = Mistake(answer=r"\frac{\partial L}{\partial z} = y - p", score=1, note="sign", feedback="The sign is flipped.")


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param("Using d2l notation (o = logits, ŷ = softmax(o)): ∂l/∂o_j = ŷ_j − y_j", {"o": "z"}, id="o-equals"),
        pytest.param("in d2l o is the logits: ∂l/∂o_j = softmax(o)_j − y_j", {"o": "z"}, id="o-is-the-logits"),
        pytest.param("Writing η for the logits: ∇_η L = p − y", {"η": "z"}, id="greek-for-the-logits"),
        pytest.param(r"logits $a_k$, targets $t_k$: ∂E/∂a_k = …", {"a": "z"}, id="logits-then-letter-with-index"),
        pytest.param("a_k are the activations (logits)", {"a": "z"}, id="a-noun-then-the-word-in-brackets"),
        pytest.param("Let a = logits", {"a": "z"}, id="let-a-equal"),
        pytest.param("the logits are a vector, so ∂L/∂z = p − y", {}, id="an-article-is-no-letter"),
        pytest.param("the logits z: ∂L/∂z = p − y", {}, id="the-questions-own-letter"),
        pytest.param("logits p, so the gradient is p − y", {}, id="a-letter-the-question-writes-for-else"),
        pytest.param("o = softmax(logits)", {}, id="a-function-of-the-logits"),
        pytest.param("∂L/∂o = p − y", {}, id="nothing-said"),
    ],
)
def test_the_letters_an_answer_says_it_writes(answer: str, read: dict[str, str]) -> None:
    found = own_letters(answer, PROMPT, KNOWN)

    assert {mine.text(): theirs.text() for mine, theirs in found.items()} == read


def test_a_prompt_naming_no_letter_of_the_answer_reads_nothing() -> None:
    assert own_letters("o = logits", "Give the gradient of L with respect to the logits.", KNOWN) == {}


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(
            "Using d2l notation (o = logits, ŷ = softmax(o)): ∂l/∂o_j = softmax(o)_j − y_j = ŷ_j − y_j.",
            Status.CORRECT,
            id="d2l-right",
        ),
        pytest.param(
            "Writing η for the logits (Murphy's notation): ∇_η L = softmax(η) − y = p − y.",
            Status.CORRECT,
            id="murphy-right",
        ),
        pytest.param("With a = logits and ŷ = softmax(a): ∂L/∂a = y − ŷ", Status.PARTIAL, id="the-sign-mistake"),
        pytest.param("∂l/∂o_j = softmax(o)_j − y_j", Status.NEEDS_REVIEW, id="o-unexplained-goes-to-a-grader"),
    ],
)
def test_an_answer_with_its_own_letter_for_the_logits_is_graded_as_the_questions(answer: str, status: Status) -> None:
    outcome = MathChecker().grade(
        CE_GRAD, answer, PartContext(points=3, notation=NOTATION, prompt=PROMPT, mistakes=(SIGN,))
    )

    assert outcome.status is status, outcome.feedback
    said = any(line.startswith("Read with the letters your answer says it uses") for line in outcome.feedback)
    assert said is (status is not Status.NEEDS_REVIEW)
