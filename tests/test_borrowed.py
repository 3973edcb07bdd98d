"""A mistake a rubric lists for one part is the same mistake in its sibling parts: a reordering of a tuple's
axes, an equation's mistake under the other equation's letters."""

from __future__ import annotations

import json
from typing import Any

import pytest

from grader.borrowed import with_borrowed_mistakes
from grader.grading import grade, grade_answer
from grader.io.loaders import load_rubric, load_submission
from grader.models.report import Status
from grader.models.rubric import Rubric
from tests.conftest import ROOT

DEVSET = ROOT.parent / "shared" / "devset"
CNN = DEVSET / "rubrics" / "dl-cnn.yaml"


def test_the_devset_instructor_gives_channels_first_the_same_share_in_a_later_shape() -> None:
    """c04 writes both shapes channels first; the rubric lists the mistake for the first only; 1 of 2 for both."""
    rubric = load_rubric(CNN)
    submission = load_submission(DEVSET / "class" / "cnn" / "c04.json")
    parts = {p.id: p for p in grade(rubric, submission, isolate=False).parts()}
    expected = json.loads((DEVSET / "expected_scores.json").read_text(encoding="utf-8"))["c04"]
    for part in ("q1.conv1-shape", "q1.pool-shape"):
        assert (parts[part].score, parts[part].note) == (expected[part], "mistake:channels-first")
    assert "The same mistake as the one listed for q1.conv1-shape" in parts["q1.pool-shape"].feedback


@pytest.mark.parametrize(
    ("answer", "status", "score"),
    [
        pytest.param("(32, 13, 13)", Status.PARTIAL, 1.0, id="channels-first"),
        pytest.param("32 x 13 x 13", Status.PARTIAL, 1.0, id="channels-first-with-x"),
        pytest.param("(13, 13, 32)", Status.CORRECT, 2.0, id="right"),
        pytest.param("(13, 32, 13)", Status.INCORRECT, 0.0, id="another-order"),
        pytest.param("(32, 26, 26)", Status.INCORRECT, 0.0, id="the-first-parts-mistake-itself"),
    ],
)
def test_only_the_same_reordering_is_borrowed(answer: str, status: Status, score: float) -> None:
    rubric = load_rubric(CNN)
    question, part = next((q, p) for q, p in rubric.parts() if p.id == "pool-shape")
    result = grade_answer(rubric, question, part, answer, None)
    assert (result.status, result.score) == (status, score)


def rubric_of(shapes: dict[str, tuple[str, list[dict[str, Any]]]]) -> Rubric:
    parts = [
        {"id": name, "points": 2, "check": {"type": "expression", "expected": expected}, "mistakes": mistakes}
        for name, (expected, mistakes) in shapes.items()
    ]
    return Rubric.model_validate(
        {"assignment": "a", "title": "t", "questions": [{"id": "q", "title": "q", "parts": parts}]}
    )


CHANNELS_FIRST = {"answer": "(32, 26, 26)", "score": 1, "note": "channels-first", "feedback": "channels last"}
NOT_A_REORDERING = {**CHANNELS_FIRST, "answer": "(28, 28, 32)"}
ACCEPTED = {**CHANNELS_FIRST, "score": 0, "accepted": True}


@pytest.mark.parametrize(
    ("first", "mistake", "later", "borrowed"),
    [
        pytest.param("(26, 26, 32)", CHANNELS_FIRST, "(11, 11, 64)", "(64, 11, 11)", id="channels-first"),
        pytest.param("(26, 26, 32)", CHANNELS_FIRST, "(12, 10, 64)", None, id="undecided-which-axis-moved"),
        pytest.param("(26, 26, 32)", CHANNELS_FIRST, "(64, 64)", None, id="other-length"),
        pytest.param("(26, 26, 32)", CHANNELS_FIRST, "(8, 8, 8)", None, id="every-order-the-same"),
        pytest.param("(26, 26, 32)", NOT_A_REORDERING, "(11, 11, 64)", None, id="not-a-reordering"),
        pytest.param("(26, 26, 32)", ACCEPTED, "(11, 11, 64)", None, id="an-accepted-convention"),
    ],
)
def test_which_mistakes_are_borrowed(first: str, mistake: dict[str, Any], later: str, borrowed: str | None) -> None:
    rubric = rubric_of({"first": (first, [mistake]), "later": (later, [])})
    part = with_borrowed_mistakes(rubric, rubric.questions[0].parts[1])
    assert [str(m.answer) for m in part.mistakes] == ([borrowed] if borrowed else [])
    if borrowed:
        assert (part.mistakes[0].score, part.mistakes[0].note) == (1.0, "channels-first")


def test_a_part_keeps_its_own_mistake_of_that_kind() -> None:
    own = {**CHANNELS_FIRST, "answer": "(64, 11, 11)", "score": 0.5, "feedback": "mine"}
    rubric = rubric_of({"first": ("(26, 26, 32)", [CHANNELS_FIRST]), "later": ("(11, 11, 64)", [own])})
    part = with_borrowed_mistakes(rubric, rubric.questions[0].parts[1])
    assert [(m.score, m.feedback) for m in part.mistakes] == [(0.5, "mine")]


GRU = DEVSET / "rubrics" / "dl-gru.yaml"


@pytest.mark.parametrize(
    ("answer", "status", "score", "note"),
    [
        pytest.param("r_t = σ(W_r x_t + U_r h_t + b_r)", Status.PARTIAL, 1.0, "mistake:wrong-time-index", id="borrowed"),
        pytest.param("r_t = tanh(W_r x_t + U_r h_{t-1} + b_r)", Status.INCORRECT, 0.0, "mistake:tanh-for-sigmoid",
                     id="its-own-of-that-note"),
        pytest.param("r_t = σ(W_r x_t + U_r h_{t-1} + b_r)", Status.CORRECT, 2.0, "equivalent", id="right"),
    ],
)  # fmt: skip
def test_the_reset_gate_borrows_the_update_gates_mistakes_under_its_letter(
    answer: str, status: Status, score: float, note: str
) -> None:
    """dl-gru lists the wrong time index for the update gate only; the reset gate's equation is the update gate's
    with r for z, and the corpus keyers gave the same mistake there the same share (6 of 6 tuned answers)."""
    rubric = load_rubric(GRU)
    question = next(q for q in rubric.questions if any(p.id == "reset-gate" for p in q.parts))
    part = next(p for p in question.parts if p.id == "reset-gate")
    result = grade_answer(rubric, question, part, answer, None)
    assert (result.status, result.score, result.note) == (status, score, note), result.feedback
    if note == "mistake:wrong-time-index":
        assert "The same mistake as the one listed for q1.update-gate" in result.feedback


@pytest.mark.parametrize(
    ("source", "target", "renaming"),
    [
        pytest.param(r"z_t = \sigma(W_z x_t + b_z)", r"r_t = \sigma(W_r x_t + b_r)", {"z": "r"}, id="one-letter"),
        pytest.param(r"f_t = \sigma(W_f x_t)", r"f_t = \sigma(W_f x_t)", {}, id="the-same-equation"),
        pytest.param(r"z_t = \sigma(W_z x_t)", r"z_t = \tanh(W_z x_t)", {}, id="another-function"),
        pytest.param(r"z_t = \sigma(W_z x_t + b_z)", r"r_t = \sigma(W_r x_t + b_z)", {}, id="not-one-for-one"),
        pytest.param(r"z_t = \sigma(W_z x_t)", r"z_t = \sigma(W_z y_t)", {"x": "y"}, id="any-letter"),
        pytest.param(r"a_t = \sigma(b_t)", r"b_t = \sigma(a_t)", {"a": "b", "b": "a"}, id="swapped"),
    ],
)
def test_which_equations_are_the_same_form_under_other_letters(
    source: str, target: str, renaming: dict[str, str]
) -> None:
    from grader.borrowed import _renaming

    assert _renaming(source, target) == renaming


def test_a_statement_about_another_symbol_is_not_borrowed() -> None:
    """The input gate lists `h_t = i_t ⊙ tanh(c_t)` beside a right gate as a mistake about h_t; under the output
    gate's letter it is the right statement, `h_t = o_t ⊙ tanh(c_t)`, and it is not borrowed."""
    rubric = load_rubric(ROOT / "rubrics" / "dl-rnn-vs-lstm.yaml")
    question = next(q for q in rubric.questions if any(p.id == "output" for p in q.parts))
    part = next(p for p in question.parts if p.id == "output")
    answer = "o_t = σ(W_o [h_{t-1}, x_t] + b_o), so h_t = o_t ⊙ tanh(c_t)"
    result = grade_answer(rubric, question, part, answer, None)
    assert (result.status, result.score) == (Status.CORRECT, 1.0), result.feedback
    assert not any(m.note == "input-for-output" for m in with_borrowed_mistakes(rubric, part).mistakes)
