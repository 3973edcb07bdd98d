"""The report for a terminal: rich text, readable with or without colour."""

from __future__ import annotations

import io

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

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

STYLES = {
    Status.CORRECT: "bold green",
    Status.PARTIAL: "bold yellow",
    Status.INCORRECT: "bold red",
    Status.UNANSWERED: "bold bright_black",
    Status.NEEDS_REVIEW: "bold magenta",
}
MARKS = {
    Status.CORRECT: "✔",
    Status.PARTIAL: "◐",
    Status.INCORRECT: "✘",
    Status.UNANSWERED: "○",
    Status.NEEDS_REVIEW: "?",
}


def render_text(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The report as terminal text; ANSI colours only if `color`."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    # Every string from the submission or the rubric goes through `visible`: a student's escape sequences would
    # otherwise drive the grader's terminal (move the cursor, rewrite a line, write the clipboard).
    console.print(Text.assemble((_line(report.assignment), "bold"), "  ", _line(student_line(report))))
    console.print(Text(summary(report), style="bold"))
    for question in report.questions:
        console.print()
        console.print(
            Rule(
                Text(_line(f"{question.id} {question.title}  {points(question.score, question.max_score)}")),
                align="left",
                characters="─",
            )
        )
        for part in question.parts:
            _part(console, part)
    if report.unknown_answers:
        console.print()
        console.print(
            Text("Answers the rubric does not know: " + _line(", ".join(report.unknown_answers)), style="yellow")
        )
    # Rich pads wrapped lines to the full width; trailing spaces are noise in files and diffs.
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _part(console: Console, part: PartResult) -> None:
    style = STYLES[part.status]
    head = Text.assemble(
        (f"{MARKS[part.status]} {LABELS[part.status]:<12}", style),
        (f" {points(part.score, part.max_score):>7}  ", "bold"),
        _line(part.id),
        (_line("  " + ("overridden" if part.override else part.note)), "dim"),
    )
    console.print(head)
    body = Text()
    decided = decision_lines(part)
    if decided:
        body.append(visible(decided[0]) + "\n", "bold")
        for line in decided[1:]:
            body.append(visible(line) + "\n")
        if (read := machine_read(part)) is not None:
            body.append(MACHINE_READ, "dim")
            body.append(visible(read) + "\n")
    else:
        for line in feedback_lines(part):
            body.append(visible(line) + "\n")
    if part.interpreted_as and part.interpreted_as not in part.feedback and not decided:
        body.append("read as: ", "dim")
        body.append(visible(part.interpreted_as) + "\n")
    if shows_expected(part):
        body.append("expected: ", "dim")
        body.append(visible(part.expected) + "\n")
    body.rstrip()
    if body.plain:
        console.print(Padding(body, (0, 0, 0, 4)))


def _line(text: str) -> str:
    # Head lines stay one line each, so a line break in a name cannot forge a score line below it.
    return visible(text, one_line=True)
