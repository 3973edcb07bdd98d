"""The report as Markdown: feedback to hand back to a student."""

from __future__ import annotations

import re
from functools import lru_cache

from grader.models.report import PartResult, Report, Status
from grader.render.common import (
    LABELS,
    MACHINE_READ,
    decision_lines,
    feedback_lines,
    machine_read,
    points,
    shows_expected,
    student_line,
    summary,
    visible,
)

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
        f"# {_escape(report.assignment)}: feedback for {_escape(student_line(report))}",
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
        lines += [f"- {_code(answer_id)}" for answer_id in report.unknown_answers] + [""]
    return "\n".join(lines).rstrip() + "\n"


@lru_cache(maxsize=4096)  # a class's reports repeat the same part results: each is rendered once
def _part(part: PartResult) -> tuple[str, ...]:
    lines = [
        f"### {ICONS[part.status]} {part.id} — {LABELS[part.status]}, {points(part.score, part.max_score)}",
        "",
    ]
    decided = decision_lines(part)
    if decided:
        lines += [f"- **{_escape(decided[0])}**", *(f"- {_escape(line)}" for line in decided[1:])]
        if (read := machine_read(part)) is not None:
            lines.append(f"- {MACHINE_READ}{_code(read)}")
    else:
        lines += [f"- {_escape(line)}" for line in feedback_lines(part)]
    if part.interpreted_as and part.interpreted_as not in part.feedback and not decided:
        lines.append(f"- Read as: {_code(part.interpreted_as)}")
    if part.interpreted_latex:
        lines.append(f"- Typeset: ${part.interpreted_latex}$")
    if shows_expected(part):
        lines.append(f"- Expected: {_code(part.expected)}")
    return (*lines, "")


def _escape(text: str) -> str:
    # Feedback quotes student text, which an LMS may render: keep it from turning into Markdown markup, links
    # (`[x](javascript:...)`, reference definitions), raw HTML or autolinks (`<script>`, `<img onerror=...>`).
    # Entities, not backslashes, for `<` and `>`: not every Markdown honours `\<`. `&` only where it would start
    # a character reference; everywhere else every Markdown already shows it as written.
    text = visible(text, one_line=True)
    for char in ("\\", "*", "_", "`", "#", "|", "[", "]"):
        text = text.replace(char, "\\" + char)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    # Inside a code span nothing is markup, and only a run of as many backticks as its fence closes it: fence
    # with a longer run than any inside (CommonMark 6.1), padded with a space (which the reader strips) when the
    # text starts or ends with a backtick or a space. On one line: a line break would end the list item.
    text = visible(text, one_line=True)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    if text[:1] in ("`", " ") or text[-1:] in ("`", " "):
        text = f" {text} "
    return f"{fence}{text}{fence}"
