"""Error carried forward: a shape or count right for the student's own wrong earlier shape gets the rubric's share."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from grader.authoring.selftest import self_test
from grader.grading import grade
from grader.io.loaders import rubric_from_yaml
from grader.models.report import Status
from grader.models.submission import Submission

MODELS = """
models:
  cnn:
    keras_code: |
      model.add(Conv2D(32, (3, 3), input_shape=(28, 28, 1)))
      model.add(MaxPooling2D((2, 2)))
      model.add(Conv2D(64, (3, 3)))
      model.add(Flatten())
      model.add(Dense(10))
"""

RUBRIC = (
    """
assignment: follow
title: Follow
"""
    + MODELS
    + """
questions:
  - id: q1
    title: Shapes
    parts:
      - id: conv1
        points: 2
        check: {type: shape, model: cnn, layer: conv2d, partial: {same-padding: 1}}
      - id: pool
        points: 2
        follows: q1.conv1
        check: {type: shape, model: cnn, layer: MaxPooling2D}
        tests:
          - {answer: '(14, 14, 32)', earlier: '(28, 28, 32)', status: correct, note: carried_forward}
          - {answer: '(14, 14, 32)', earlier: '(26, 26, 32)', status: incorrect, name: 'earlier right, own mistake'}
  - id: q2
    title: Counts
    parts:
      - id: flat
        points: 2
        follows: {part: q1.conv1, credit: 0.5}
        check: {type: shape, model: cnn, layer: Flatten}
      - id: dense
        points: 2
        follows: q1.conv1
        check: {type: params, model: cnn, layers: dense}
"""
)


def graded(**answers: str) -> dict[str, tuple[Status, float, str]]:
    rubric = rubric_from_yaml(RUBRIC)
    submission = Submission.model_validate(
        {
            "assignment": "follow",
            "student": {"id": "s1"},
            "answers": {k.replace("_", "."): v for k, v in answers.items()},
        }
    )
    report = grade(rubric, submission, isolate=False)
    return {part.id: (part.status, part.score, part.note) for part in report.parts()}


def test_later_answers_right_for_a_wrong_earlier_shape_get_credit() -> None:
    got = graded(q1_conv1="(28, 28, 32)", q1_pool="(14, 14, 32)", q2_flat="12 × 12 × 64 = 9216", q2_dense="92170")
    assert got == {
        "q1.conv1": (Status.PARTIAL, 1.0, "mistake:same-padding"),
        "q1.pool": (Status.CORRECT, 2.0, "carried_forward"),
        "q2.flat": (Status.PARTIAL, 1.0, "carried_forward"),
        "q2.dense": (Status.CORRECT, 2.0, "carried_forward"),
    }


def test_the_feedback_says_what_was_carried() -> None:
    rubric = rubric_from_yaml(RUBRIC)
    submission = Submission.model_validate(
        {"assignment": "follow", "student": {"id": "s1"}, "answers": {"q1.conv1": "28x28x32", "q1.pool": "14x14x32"}}
    )
    part = next(p for p in grade(rubric, submission, isolate=False).parts() if p.id == "q1.pool")
    assert "Right for your own answer to q1.conv1, (28, 28, 32)" in part.feedback
    assert "error carried forward: 100% of the points" in part.feedback


@pytest.mark.parametrize(
    ("conv1", "pool", "status"),
    [
        pytest.param("(26, 26, 32)", "(14, 14, 32)", Status.INCORRECT, id="earlier-right-later-wrong"),
        pytest.param("(28, 28, 32)", "(15, 15, 32)", Status.INCORRECT, id="wrong-for-both"),
        pytest.param("no idea", "(14, 14, 32)", Status.INCORRECT, id="earlier-unreadable"),
        pytest.param("", "(14, 14, 32)", Status.INCORRECT, id="earlier-blank"),
        pytest.param("(2, 2, 32)", "(1, 1, 32)", Status.INCORRECT, id="earlier-too-small-for-the-layers"),
        pytest.param("(28, 28, 32)", "(13, 13, 32)", Status.CORRECT, id="later-right-anyway"),
    ],
)
def test_nothing_is_carried_that_does_not_follow(conv1: str, pool: str, status: Status) -> None:
    assert graded(q1_conv1=conv1, q1_pool=pool)["q1.pool"][0] is status


def test_self_tests_give_the_earlier_answer() -> None:
    assert all(result.passed for result in self_test(rubric_from_yaml(RUBRIC)))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(
            (
                "follows: q1.conv1\n        check: {type: shape, model: cnn, layer: Max",
                "follows: q2.flat\n        check: {type: shape, model: cnn, layer: Max",
            ),
            "not an earlier part",
            id="later-part",
        ),
        pytest.param(
            (
                "follows: q1.conv1\n        check: {type: shape, model: cnn, layer: Max",
                "follows: q1.nope\n        check: {type: shape, model: cnn, layer: Max",
            ),
            "not an earlier part",
            id="unknown-part",
        ),
        pytest.param(
            (
                "check: {type: shape, model: cnn, layer: conv2d, partial: {same-padding: 1}}",
                "check: {type: number, expected: 3}",
            ),
            "follows a `shape` part",
            id="follows-a-number",
        ),
    ],
)
def test_what_a_part_may_follow(edit: tuple[str, str], message: str) -> None:
    with pytest.raises(Exception, match=message):
        rubric_from_yaml(RUBRIC.replace(*edit, 1))


def test_an_earlier_answer_in_a_test_needs_follows() -> None:
    from grader.models.rubric import Part

    with pytest.raises(ValidationError, match="add `follows:`"):
        Part.model_validate({"id": "a", "points": 1, "check": {"type": "number", "expected": 1},
                             "tests": [{"answer": "1", "earlier": "2", "status": "correct"}]})  # fmt: skip


@pytest.mark.parametrize(
    ("flat", "dense"),
    [
        pytest.param("12 × 12 × 64 = 9216", "92170", id="counted-on-from-the-earlier-shape"),
        pytest.param("14 × 14 × 64 = 12544", "125450", id="the-same-padding-mistake-made-throughout"),
    ],
)
def test_a_misconception_held_throughout_is_carried_too(flat: str, dense: str) -> None:
    got = graded(q1_conv1="(28, 28, 32)", q2_flat=flat, q2_dense=dense)
    assert (got["q2.flat"][2], got["q2.dense"][2]) == ("carried_forward", "carried_forward")


FORMULA = (
    """
assignment: fnum
title: F
"""
    + MODELS
    + """
questions:
  - id: q1
    title: Q
    parts:
      - {id: flat, points: 2, check: {type: number, expected: '11 * 11 * 64'}}
      - id: dense
        points: 2
        follows: {part: q1.flat, formula: 'x * 10 + 10', credit: 0.5}
        check: {type: number, expected: '7744 * 10 + 10'}
        tests:
          - {answer: '108170', earlier: '10816', score: 1, note: carried_forward}
          - {answer: '108170', earlier: '7744', status: incorrect, name: earlier right}
      - {id: fshape, points: 1, check: {type: shape, model: cnn, layer: Flatten}}
      - id: dense2
        points: 2
        follows: {part: q1.fshape, formula: 'x * 10 + 10'}
        check: {type: number, expected: 77450}
        tests:
          - {answer: '92170', earlier: '12 × 12 × 64 = 9216', status: correct, note: carried_forward}
"""
)


def test_a_number_part_carries_forward_through_the_rubrics_formula() -> None:
    assert all(result.passed for result in self_test(rubric_from_yaml(FORMULA)))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param(("'x * 10 + 10', credit", "'x * 10 + 11', credit"), "gives 77451, not", id="formula-disagrees"),
        pytest.param(("formula: 'x * 10 + 10', credit: 0.5", "credit: 0.5"), "give `formula:`", id="no-formula"),
        pytest.param(("'x * 10 + 10', credit", "'x * * 10', credit"), "cannot compute", id="formula-unreadable"),
    ],
)
def test_the_formula_is_proved_when_the_rubric_loads(edit: tuple[str, str], message: str) -> None:
    with pytest.raises(Exception, match=message):
        rubric_from_yaml(FORMULA.replace(*edit, 1))
