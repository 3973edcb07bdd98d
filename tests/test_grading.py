"""grade(rubric, submission): pure, bounded, and never stopped by one bad answer."""

from __future__ import annotations

import builtins
import time
from pathlib import Path
from typing import Any

import pytest

from grader import Report, Status, SubmissionError, grade, rubric_from_yaml
from grader.checks import CHECKERS
from grader.models.submission import Submission

RUBRIC = rubric_from_yaml(
    """
assignment: demo
title: Demo
limits: {time: 1.0}
questions:
  - id: q1
    title: Counts
    parts:
      - id: a
        points: 2
        check: {type: number, expected: '4*(32*(16+32)+32)', units: [parameters]}
        feedback: {incorrect: "Count the four gates.", unanswered: "Give the count."}
      - id: b
        points: 1
        check: {type: expression, expected: 'x^2 + 1'}
  - id: q2
    title: Idea
    parts:
      - id: a
        points: 1.5
        check:
          type: text
          concepts:
            - {id: shared, description: weights are shared, points: 1.5, phrasings: [weights ... shared]}
"""
)


def submission(**answers: str) -> Submission:
    return Submission(
        assignment="demo", student={"id": "s1"}, answers={k.replace("_", "."): v for k, v in answers.items()}
    )


def by_id(report: Report) -> dict[str, Any]:
    return {part.id: part for part in report.parts()}


def test_scores_and_totals() -> None:
    report = grade(RUBRIC, submission(q1_a="6272 parameters", q1_b="1 + x*x", q2_a="The weights are shared."))
    assert (report.score, report.max_score) == (4.5, 4.5)
    assert [(q.id, q.score, q.max_score) for q in report.questions] == [("q1", 3.0, 3.0), ("q2", 1.5, 1.5)]


def test_missing_and_blank_answers_are_unanswered_with_rubric_feedback() -> None:
    parts = by_id(grade(RUBRIC, submission(q1_b="   \n")))
    assert {part.status for part in parts.values()} == {Status.UNANSWERED}
    assert parts["q1.a"].feedback == "No answer.\nGive the count."
    assert parts["q1.a"].expected == "6,272 = 4*(32*(16+32)+32)"


def test_an_answer_that_only_says_it_has_none_is_unanswered_not_a_review_item() -> None:
    parts = by_id(grade(RUBRIC, submission(q1_a="idk", q1_b="no idea sorry", q2_a="I don't know, maybe shared")))

    assert (parts["q1.a"].status, parts["q1.a"].note) == (Status.UNANSWERED, "declined")
    assert parts["q1.a"].feedback == "No answer: you wrote “idk”.\nGive the count."
    assert (parts["q1.b"].status, parts["q1.b"].note) == (Status.UNANSWERED, "declined")
    assert parts["q2.a"].status is not Status.UNANSWERED  # it goes on to give an answer


def test_rubric_feedback_follows_the_status() -> None:
    parts = by_id(grade(RUBRIC, submission(q1_a="6000")))
    assert parts["q1.a"].feedback.endswith("Count the four gates.")


def test_unknown_answer_ids_are_reported() -> None:
    report = grade(RUBRIC, submission(q1_a="6272", q9_z="stray", q1="whole question"))
    assert report.unknown_answers == ["q1", "q9.z"]


def test_a_submission_for_another_assignment_is_refused() -> None:
    other = Submission(assignment="other", student={"id": "s1"}, answers={})
    with pytest.raises(SubmissionError, match="'other', but the rubric is for 'demo'"):
        grade(RUBRIC, other)


def test_a_huge_exponent_is_stopped_within_the_time_bound() -> None:
    start = time.perf_counter()
    parts = by_id(grade(RUBRIC, submission(q1_a="9^9^9^9", q1_b="x^(9^9^9) + 1", q2_a="The weights are shared.")))
    assert time.perf_counter() - start < 2 * RUBRIC.limits.time + 1
    assert parts["q1.a"].status is Status.NEEDS_REVIEW
    assert "too large" in parts["q1.a"].feedback
    assert parts["q1.b"].status is Status.NEEDS_REVIEW
    assert parts["q2.a"].status is Status.CORRECT


class _Hanging:
    def grade(self, check: object, answer: str, part: object) -> object:
        time.sleep(60)
        raise AssertionError("unreachable")

    def expected(self, check: object) -> str:
        return "6,272"


@pytest.mark.slow
def test_a_hanging_check_is_killed_and_the_rest_is_graded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CHECKERS, "number", _Hanging())
    start = time.perf_counter()
    parts = by_id(grade(RUBRIC, submission(q1_a="6272", q1_b="x^2+1", q2_a="The weights are shared.")))
    assert time.perf_counter() - start < 10
    assert (parts["q1.a"].status, parts["q1.a"].note) == (Status.NEEDS_REVIEW, "timeout")
    assert "longer than the limit of 1 s" in parts["q1.a"].feedback
    assert parts["q1.b"].status is Status.CORRECT
    assert parts["q2.a"].status is Status.CORRECT


def test_an_overlong_answer_is_not_checked() -> None:
    parts = by_id(grade(RUBRIC, submission(q2_a="weights shared " * 10_000)))
    assert (parts["q2.a"].status, parts["q2.a"].note) == (Status.NEEDS_REVIEW, "too_long")


def test_grading_reads_no_files(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = submission(q1_a="6272", q1_b="x^2+1", q2_a="The weights are shared.")
    expected = grade(RUBRIC, answers, isolate=False)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"grade() opened a file: {args}")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    assert grade(RUBRIC, answers, isolate=False) == expected


def test_isolated_and_in_process_grading_agree(seed_rubrics: dict[str, Any], seed_submissions: dict[str, Any]) -> None:
    submission_ = seed_submissions["003_b7196c77d5787463"]
    rubric = seed_rubrics[submission_.assignment]
    assert grade(rubric, submission_, isolate=False) == grade(rubric, submission_)


@pytest.mark.parametrize(
    ("setting", "status", "score"),
    [
        pytest.param("", Status.PARTIAL, 1.0, id="by-default-half"),
        pytest.param("channels_left_out: 0.25\n", Status.PARTIAL, 0.5, id="the-rubrics-share"),
        pytest.param("channels_left_out: 0\n", Status.NEEDS_REVIEW, 0.0, id="none-a-graders-call"),
        pytest.param("arithmetic_slips: 0\n", Status.PARTIAL, 1.0, id="another-share-changes-nothing"),
    ],
)
def test_the_rubrics_share_for_a_shape_without_its_channels_reaches_the_check(
    setting: str, status: Status, score: float
) -> None:
    rubric = rubric_from_yaml(
        f"assignment: demo\ntitle: Demo\n{setting}questions:\n  - id: q1\n    title: Shapes\n    parts:\n      - id: a\n        points: 2\n"
        "        check: {type: expression, expected: '(13, 13, 32)'}\n"
    )
    part = by_id(grade(rubric, submission(q1_a="13x13")))["q1.a"]
    assert (part.status, part.score) == (status, score), part.feedback
