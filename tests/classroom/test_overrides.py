"""Human decisions applied to a report: scores, statuses, totals and the feedback line."""

from __future__ import annotations

import pytest

from grader.classroom.overrides import apply_overrides, changed
from grader.models.report import Override, PartResult, QuestionResult, Report, Status
from grader.models.submission import Student


def part(identifier: str, score: float, status: Status = Status.NEEDS_REVIEW) -> PartResult:
    return PartResult(id=identifier, status=status, score=score, max_score=3, feedback="Could not read it.",
                      interpreted_as=None, expected="x", note="unreadable")  # fmt: skip


def report() -> Report:
    q1 = QuestionResult(
        id="q1", title="Q1", score=1, max_score=6, parts=[part("q1.a", 0), part("q1.b", 1, Status.PARTIAL)]
    )
    return Report(assignment="hw", student=Student(id="s1"), score=1, max_score=6, questions=[q1])


def decision(score: float, automatic: float = 0, status: Status = Status.NEEDS_REVIEW) -> Override:
    return Override(score=score, by="ta1", at="2026-11-24T10:00:00Z", comment="right idea",
                    automatic_score=automatic, automatic_status=status)  # fmt: skip


@pytest.mark.parametrize(("score", "status"), [(3, Status.CORRECT), (0, Status.INCORRECT), (1.5, Status.PARTIAL)],
                         ids=["full", "none", "some"])  # fmt: skip
def test_a_human_score_sets_the_status(score: float, status: Status) -> None:
    assert apply_overrides(report(), {"q1.a": decision(score)}).questions[0].parts[0].status is status


def test_a_decision_replaces_the_score_and_totals_and_says_who_decided() -> None:
    final = apply_overrides(report(), {"q1.a": decision(2.5)})

    overridden = final.questions[0].parts[0]
    assert (overridden.score, overridden.status) == (2.5, Status.PARTIAL)
    assert overridden.override == decision(2.5)
    assert overridden.feedback.splitlines()[0] == (
        "Score set by ta1 on 2026-11-24: 2.5/3: right idea (The machine gives 0, needs_review.)"
    )
    assert overridden.feedback.endswith("Could not read it.")
    assert (final.questions[0].score, final.score) == (3.5, 3.5)
    assert final.questions[0].parts[1] == report().questions[0].parts[1]
    assert final.needs_review == 0


def test_no_decisions_leave_the_report_as_it_is() -> None:
    assert apply_overrides(report(), {}) is not None
    assert apply_overrides(report(), {}) == report()


def test_a_machine_verdict_that_moved_is_flagged_in_the_feedback() -> None:
    final = apply_overrides(report(), {"q1.b": decision(3, automatic=0, status=Status.NEEDS_REVIEW)})

    moved = final.questions[0].parts[1]
    assert changed(report().questions[0].parts[1], decision(3))
    assert "it gave 0, needs_review, when this was decided" in moved.feedback.splitlines()[0]
    assert not changed(report().questions[0].parts[0], decision(3))
