"""An answer that points to the student's answer to another part."""

from __future__ import annotations

import pytest

from grader import Status, grade, rubric_from_yaml
from grader.models.submission import Submission
from grader.references import may_point, referenced_part, resolved

ORDER = ["q2.keras", "q2.keras-v1", "q2.torch", "q2.vs-lstm"]


@pytest.mark.parametrize(
    ("answer", "identifier", "other"),
    [
        pytest.param("same as keras", "q2.torch", "q2.keras", id="by-its-name"),
        pytest.param("same as keras?", "q2.torch", "q2.keras", id="asked"),
        pytest.param("same as my torch answer.", "q2.keras", "q2.torch", id="my-answer"),
        pytest.param("Please see my torch answer.", "q2.keras", None, id="where-to-look-is-no-same-answer"),
        pytest.param("about the same as Keras, ~18.8k", "q2.torch", None, id="an-answer-of-its-own"),
        pytest.param("same as keras but with two biases", "q2.torch", None, id="a-difference-of-its-own"),
        pytest.param("see above", "q2.torch", "q2.keras-v1", id="above-is-the-part-before"),
        pytest.param("same as q2.keras", "q2.torch", "q2.keras", id="its-full-id"),
        pytest.param("see above", "q2.keras", None, id="nothing-above-the-first"),
        pytest.param("same", "q2.torch", "q2.keras-v1", id="only-same-is-the-part-before"),
        pytest.param("The same.", "q2.torch", "q2.keras-v1", id="the-same"),
        pytest.param("same", "q2.keras", None, id="only-same-in-the-first-part"),
        pytest.param("same idea, shared weights", "q2.torch", None, id="same-with-words-of-its-own"),
        pytest.param("same as keras", "q2.keras", None, id="itself"),
        pytest.param("same as the forward pass", "q2.torch", None, id="no-such-part"),
        pytest.param("the same as keras " + "and more words " * 7, "q2.torch", None, id="a-long-answer"),
    ],
)
def test_the_part_an_answer_points_to(answer: str, identifier: str, other: str | None) -> None:
    assert referenced_part(answer, identifier, ORDER) == other


RUBRIC = rubric_from_yaml(
    """
assignment: demo
title: Demo
questions:
  - id: q2
    title: Counts
    parts:
      - {id: keras, points: 2, check: {type: number, expected: '18816', units: [parameters]}}
      - {id: torch, points: 2, check: {type: number, expected: '18816', units: [parameters]}}
      - {id: lstm, points: 2, check: {type: number, expected: '24832', units: [parameters]}}
      - id: why
        points: 1
        check:
          type: text
          concepts:
            - {id: shared, description: weights are shared, points: 1, phrasings: [weights ... shared]}
"""
)


def graded(**answers: str) -> dict[str, tuple[Status, str]]:
    submission = Submission(assignment="demo", student={"id": "s1"}, answers={f"q2.{k}": v for k, v in answers.items()})
    return {part.id: (part.status, part.feedback) for part in grade(RUBRIC, submission, isolate=False).parts()}


def test_an_answer_pointing_to_another_is_graded_as_that_answer_and_says_so() -> None:
    parts = graded(keras="18816", torch="same as keras")
    status, feedback = parts["q2.torch"]
    assert status is Status.CORRECT
    assert feedback.startswith("Your answer points to your answer to q2.keras (“18816”)")


def test_a_wrong_answer_pointed_to_is_wrong_here_too() -> None:
    assert graded(keras="18624", torch="same as keras")["q2.torch"][0] is Status.INCORRECT


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param({"torch": "same as keras"}, id="nothing-there"),
        pytest.param({"keras": "see torch", "torch": "same as keras"}, id="pointing-back"),
    ],
)
def test_a_pointer_to_nothing_or_to_another_pointer_goes_to_a_grader(answers: dict[str, str]) -> None:
    assert graded(**answers)["q2.torch"][0] is Status.NEEDS_REVIEW


def test_an_explanation_pointing_above_is_read_as_written() -> None:
    """Its words beside the pointer may be the answer (`see above, the weights are shared`)."""
    parts = graded(lstm="the weights are shared", why="see above")
    assert not parts["q2.why"][1].startswith("Your answer points")


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("same as keras", True, id="same-as"),
        pytest.param("see above", True, id="see"),
        pytest.param("same", True, id="only-same"),
        pytest.param("the same for both", False, id="same-with-more"),
        pytest.param("18816", False, id="a-number"),
        pytest.param("", False, id="blank"),
    ],
)
def test_only_an_answer_with_a_pointers_words_may_point(answer: str, points: bool) -> None:
    assert may_point(answer) is points
    if not points:
        assert resolved(answer, "q2.torch", {"q2.keras": "18816"}, ["q2.keras", "q2.torch"]) is None


GRU = rubric_from_yaml(
    """
assignment: gru
title: GRU
questions:
  - id: q1
    title: Equations
    parts:
      - id: candidate
        points: 2
        check: {type: equation, expected: 'h~_t = tanh(W x_t + U*(r_t * h_{t-1}))'}
      - id: hidden
        points: 2
        check: {type: equation, expected: 'h_t = (1 - z_t) * h_{t-1} + z_t * h~_t'}
"""
)
HIDDEN = "h_t = (1 - z_t) o h_{t-1} + z_t o h~_t"


@pytest.mark.parametrize(
    ("candidate", "hidden", "status", "borrowed"),
    [
        pytest.param("h~_t = tanh(W x_t + U (r_t o h_{t-1})), o is elementwise product", HIDDEN, Status.CORRECT,
                     True, id="legend-in-another-answer"),
        pytest.param("h~_t = tanh(W x_t + U (r_t * h_{t-1}))", HIDDEN, Status.INCORRECT, False, id="no-legend"),
        pytest.param("h~_t = tanh(W x_t + U (r_t o h_{t-1})), o is elementwise product",
                     "h_t = (1 - z_t) o h_{t-1} + z_t o h~_t (o = elementwise product)", Status.CORRECT, False,
                     id="its-own-legend"),
        pytest.param("h~_t = tanh(W x_t + U (r_t o h_{t-1})), o is elementwise product",
                     "h_t = (1 - z_t) * h_{t-1} + z_t * h~_t", Status.CORRECT, False, id="no-letter-o"),
    ],
)  # fmt: skip
def test_a_students_legend_of_the_letter_o_holds_for_all_their_answers(
    candidate: str, hidden: str, status: Status, borrowed: bool
) -> None:
    """`o is elementwise product` said in one answer: the student's lone o between operands in another answer is
    ⊙ too, and the report says whose legend it was read with; without a legend anywhere, o is a letter."""
    submission = Submission(assignment="gru", student={"id": "s1"},
                            answers={"q1.candidate": candidate, "q1.hidden": hidden})  # fmt: skip
    part = {p.id: p for p in grade(GRU, submission, isolate=False).parts()}["q1.hidden"]
    assert part.status is status, part.feedback
    said = "Your letter o is read as the elementwise product ⊙, as your answer to q1.candidate says."
    assert (said in part.feedback) is borrowed
