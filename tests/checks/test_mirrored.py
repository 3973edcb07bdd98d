"""A difference said from the other side: "the LSTM has a cell state" for "a GRU has no separate cell state"."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.mirrored import compared
from grader.checks.text import TextChecker
from grader.models.checks import TextCheck
from grader.models.report import Status

CHECKER = TextChecker()
PROMPT = "Name the main architectural differences between a GRU and an LSTM."
COMPARE = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "no-cell", "description": "a GRU has no separate cell state; the hidden state carries the memory",
             "points": 1, "phrasings": ["no cell state", "without a cell state", "no memory cell"]},
            {"id": "fewer-gates", "description": "a GRU has fewer gates (two instead of three)", "points": 1,
             "phrasings": ["fewer gates", "two gates"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        pytest.param("lstm has a cell state", 1.0, id="the-other-has-it"),
        pytest.param("LSTM has an extra cell state c_t besides h_t and more gates.", 2.0, id="and-more-of-another"),
        pytest.param("The LSTM has a memory cell, the GRU just h_t.", 1.0, id="a-contrast"),
        pytest.param("The LSTM has no cell state, the GRU has one.", 0.0, id="denied-of-the-other"),
        pytest.param("Both the LSTM and the GRU have a cell state.", 0.0, id="said-of-both"),
        pytest.param("The GRU has a cell state and the LSTM has more parameters.", 0.0, id="said-of-the-concepts-own"),
    ],
)
def test_a_lack_said_as_what_the_other_network_has(answer: str, score: float) -> None:
    outcome = CHECKER.grade(COMPARE, answer, PartContext(points=2, prompt=PROMPT))
    assert outcome.fraction * 2 == score, outcome.feedback


def test_only_a_question_comparing_the_two_networks_mirrors() -> None:
    outcome = CHECKER.grade(COMPARE, "lstm has a cell state", PartContext(points=2, prompt="Describe a GRU."))
    assert outcome.status is not Status.PARTIAL, outcome.feedback


@pytest.mark.parametrize(
    ("prompt", "network", "other"),
    [
        pytest.param(PROMPT, "gru", "lstm", id="two-named"),
        pytest.param("How do GRUs differ from LSTMs?", "gru", "lstm", id="plurals"),
        pytest.param("Compare an LSTM with a GRU and an RNN.", "gru", None, id="three-named"),
        pytest.param("Describe a GRU.", "gru", None, id="one-named"),
        pytest.param(PROMPT, None, None, id="a-concept-about-no-network"),
    ],
)
def test_the_other_network_is_the_one_the_prompt_names_beside_the_concepts(
    prompt: str, network: str | None, other: str | None
) -> None:
    assert compared(prompt, network) == other
