"""Phrasings whose slash likely alternates more than meant: `real time/streaming` never finds "streaming"."""

from __future__ import annotations

import pytest

from grader.authoring.selftest import lint
from grader.authoring.slashes import slip
from grader.io.loaders import rubric_from_yaml


@pytest.mark.parametrize(
    ("phrasing", "said"),
    [
        pytest.param("useful ... real time/streaming", "reads real streaming", id="a-fixed-term-then-another-word"),
        pytest.param("forget gate/gates/f", "reads forget f", id="a-gates-name-then-a-letter"),
        pytest.param("each time step/step ... own", "offers 'step' twice", id="an-alternative-twice"),
        pytest.param("cell state/cell lets ... flow", "reads cell cell", id="the-word-before-repeated"),
        pytest.param("long term/range dependency", "reads long range", id="long-term-then-another-word"),
    ],
)
def test_a_slash_that_likely_binds_more_than_meant_is_named(phrasing: str, said: str) -> None:
    reason = slip(phrasing)
    assert reason is not None
    assert said in reason


@pytest.mark.parametrize(
    "phrasing",
    [
        pytest.param("same w/u/v/theta", id="one-letter-symbols-after-a-word"),
        pytest.param("hidden dimension/size/state ... smaller", id="a-noun-that-takes-other-words"),
        pytest.param("forget gate/gates ... discard/remove", id="inflections-of-a-gate"),
        pytest.param("real time", id="no-slash"),
        pytest.param("candidate/cand ... new/added/tanh", id="a-slash-first"),
    ],
)
def test_an_ordinary_slash_is_not_warned_of(phrasing: str) -> None:
    assert slip(phrasing) is None


def test_lint_warns_of_the_phrasing_with_its_place() -> None:
    rubric = rubric_from_yaml(
        "assignment: a\ntitle: A\nquestions:\n  - id: q1\n    title: Q\n    parts:\n"
        "      - {id: p, points: 1, tests: [{answer: x, status: incorrect}], check: {type: text, concepts: "
        "[{id: c, description: d, points: 1, phrasings: [streaming, good ... real time/streaming]}]}}\n"
    )
    warnings = lint(rubric).warnings
    assert [w.path for w in warnings] == ["questions[0].parts[0].check.concepts[0].phrasings[1]"]
    assert "write 'streaming' as a phrasing of its own" in warnings[0].message
