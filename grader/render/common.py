"""Small pieces the human-readable renderers share."""

from __future__ import annotations

import re

from grader.report import PartResult, Report, Status

LABELS = {
    Status.CORRECT: "correct",
    Status.PARTIAL: "partial",
    Status.INCORRECT: "incorrect",
    Status.UNANSWERED: "unanswered",
    Status.NEEDS_REVIEW: "needs review",
}

# C0 controls, DEL, C1 controls (ESC and CSI start terminal commands: cursor moves, erasing, OSC 52 clipboard
# writes) and the bidi embeddings, overrides and isolates that reorder what a reader sees ("Trojan Source").
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` safe for a terminal: control and bidi characters shown as escapes (`\\x1b`); `\\n`, `\\t` kept."""
    # Student and file text bound for a terminal goes through here; `one_line` also shows `\n` and `\t`, for
    # fields (a name, an id) where a line break could forge a line of grader's own output.
    kept = "" if one_line else "\n\t"
    return CONTROLS.sub(lambda match: _escaped(match.group(), kept), text)


def _escaped(char: str, kept: str) -> str:
    return char if char in kept else char.encode("unicode_escape").decode("ascii")


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
