"""What a rubric withholds from students until release (`withhold: [expected, hints]`, `grader release`):
`withhold(report, hidden, hints) -> Report`, pure. The reports in the gradebook keep everything; only what
students see (feedback pages and files, exports) goes through here."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from grader.models.report import PartResult, Report, Status

LATER = "The expected answer is shown once your instructor releases it."
# Feedback lines that state the expected answer, or the symbols it has: what each check writes (checks/).
EXPECTED_CLAUSE = re.compile(r";\s*expected\b.*$")
EXPECTED_LINE = re.compile(r"^(Expected “|Symbols (of|that are not in) the expected answer)")
NOT_EQUIVALENT = re.compile(r"^Not equivalent to the expected .*?( \([^()]*\))?\.$")
STANCE = re.compile(r"; the answer is “[^”]*”\.")
HINT = re.compile(r" Hint: .*$")


def withhold(report: Report, hidden: Collection[str], hints: Mapping[str, Sequence[str]] | None = None) -> Report:
    """`report` without what `hidden` names: `expected` (the expected answers, and feedback that states them)
    and/or `hints` (missing ideas' hints, and `hints[part id]`, the rubric's feedback texts by status)."""
    if not hidden:
        return report
    questions = [
        question.model_copy(
            update={"parts": [_part(part, hidden, (hints or {}).get(part.id, ())) for part in question.parts]}
        )
        for question in report.questions
    ]
    return report.model_copy(update={"questions": questions})


def _part(part: PartResult, hidden: Collection[str], hints: Sequence[str]) -> PartResult:
    feedback = part.feedback
    if "hints" in hidden:
        for text in hints:
            feedback = feedback.replace(text, "")
        feedback = "\n".join(HINT.sub("", line) for line in feedback.splitlines())
    update: dict[str, object] = {}
    if "expected" in hidden:
        lines = []
        for line in feedback.splitlines():
            if EXPECTED_LINE.match(line):
                continue
            if (match := NOT_EQUIVALENT.match(line)) is not None:
                line = f"Not equivalent to the expected answer{match.group(1) or ''}."
            line = STANCE.sub(".", EXPECTED_CLAUSE.sub(".", line))
            if part.expected:
                line = line.replace(part.expected, "the expected answer")
            lines.append(line)
        if part.status is not Status.CORRECT and part.expected:
            lines.append(LATER)
        feedback = "\n".join(lines)
        update["expected"] = ""
    update["feedback"] = "\n".join(line for line in feedback.splitlines() if line.strip())
    return part.model_copy(update=update)
