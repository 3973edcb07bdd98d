"""Small pieces the human-readable renderers share (`visible` lives in `terminal`, imported from here too)."""

from __future__ import annotations

from grader.models.report import PartResult, Report, Status
from grader.render.terminal import visible as visible  # shared with the renderers

LABELS = {
    Status.CORRECT: "correct",
    Status.PARTIAL: "partial",
    Status.INCORRECT: "incorrect",
    Status.UNANSWERED: "unanswered",
    Status.NEEDS_REVIEW: "needs review",
}


def points(score: float, max_score: float) -> str:
    """`3/4`, `2.5/4`."""
    return f"{score:g}/{max_score:g}"


def student_line(report: Report) -> str:
    """`Saidava Nathi (223737856)` or just the id."""
    student = report.student
    return f"{student.name} ({student.id})" if student.name else student.id


def summary(report: Report) -> str:
    """The score line with the review count."""
    line = f"Score {points(report.score, report.max_score)}"
    count = report.needs_review
    if count:
        line += f" · {count} part needs review" if count == 1 else f" · {count} parts need review"
        line += " (score provisional)"
    return line


def feedback_lines(part: PartResult) -> list[str]:
    """The feedback of a part, one line per statement."""
    return [line for line in part.feedback.splitlines() if line.strip()]


def shows_expected(part: PartResult) -> bool:
    """Whether to print the expected answer: not for correct parts, nor where the feedback lists what is missing."""
    if not part.expected or part.status is Status.CORRECT:
        return False
    return not any(line.startswith("Missing: ") for line in part.feedback.splitlines())


def decision_lines(part: PartResult) -> list[str]:
    """For a part a human scored: `Score set by instructor: 2/3` and the instructor's comment; else nothing.
    A decision replaces the machine's verdict, so renderers lead with these and show the machine's reading
    only as `machine_read`, never its verdict."""
    if part.override is None:
        return []
    head = f"Score set by instructor: {points(part.override.score, part.max_score)}"
    return [head, *(line for line in part.override.comment.splitlines() if line.strip())]


MACHINE_READ = "The machine read: "


def machine_read(part: PartResult) -> str | None:
    """What the machine read of an overridden part's answer (its reading, not its verdict), if anything."""
    return part.interpreted_as or None
