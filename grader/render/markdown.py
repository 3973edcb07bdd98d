"""The report as Markdown: feedback to hand back to a student."""

from __future__ import annotations

from grader.render.common import LABELS, feedback_lines, points, shows_expected, student_line, summary
from grader.report import PartResult, Report, Status

ICONS = {
    Status.CORRECT: "✅",
    Status.PARTIAL: "🟡",
    Status.INCORRECT: "❌",
    Status.UNANSWERED: "⬜",
    Status.NEEDS_REVIEW: "🔍",
}


def render_markdown(report: Report) -> str:
    """The report as a Markdown document."""
    lines = [
        f"# {report.assignment}: feedback for {student_line(report)}",
        "",
        f"**{summary(report)}**",
        "",
    ]
    for question in report.questions:
        lines += [f"## {question.id} — {question.title} ({points(question.score, question.max_score)})", ""]
        for part in question.parts:
            lines += _part(part)
    if report.unknown_answers:
        lines += ["## Answers the rubric does not know", ""]
        lines += [f"- `{answer_id}`" for answer_id in report.unknown_answers] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _part(part: PartResult) -> list[str]:
    lines = [
        f"### {ICONS[part.status]} {part.id} — {LABELS[part.status]}, {points(part.score, part.max_score)}",
        "",
    ]
    lines += [f"- {_escape(line)}" for line in feedback_lines(part)]
    if part.interpreted_as and part.interpreted_as not in part.feedback:
        lines.append(f"- Read as: `{part.interpreted_as}`")
    if part.interpreted_latex:
        lines.append(f"- Typeset: ${part.interpreted_latex}$")
    if shows_expected(part):
        lines.append(f"- Expected: `{part.expected}`")
    return [*lines, ""]


def _escape(text: str) -> str:
    # Feedback quotes student text; keep it from turning into Markdown markup.
    for char in ("\\", "*", "_", "`", "#", "|"):
        text = text.replace(char, "\\" + char)
    return text
