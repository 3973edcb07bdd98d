"""Human review of a graded class: the review queue grouped by answer, decisions recorded in the gradebook,
and the class's outputs brought up to date with them.

Answers to a part are grouped when they are the same after normalisation: math answers and numbers by how
they were read (the canonical form, so LaTeX, Unicode and ASCII spellings of one expression, or `6272` and
`6,272`, are one group), other answers by their text with case, spacing, `$` delimiters and end
punctuation ignored. Grouping is deliberately literal: a decision made for a group must be right for every
member, so answers equal only up to algebra (terms in another order) stay apart. A group's id is a hash
of the part and that key, so it is the same in every listing of the same data.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from grader.classroom.overrides import apply_overrides, changed
from grader.classroom.records import Moved, Row, RunSummary
from grader.classroom.release import read_policy
from grader.classroom.store import Decision, Decisions, Gradebook
from grader.errors import InputError
from grader.io.files import write_student
from grader.models.report import Report

MATH_KINDS = ("expression", "equation")


@dataclass
class Group:
    """Answers to one part that one decision covers."""

    id: str
    assignment: str
    part_id: str
    key: str
    answer: str  # the first member's text, as submitted
    read_as: str | None
    expected: str
    status: str
    score: float
    max_score: float
    note: str
    reason: str  # the machine's feedback, first lines
    students: list[str] = field(default_factory=list)
    decided: int = 0  # members already overridden


def group_key(kind: str, answer: str, interpreted_as: str | None) -> str:
    """What answers to a part are grouped by (see the module's docstring)."""
    if kind in MATH_KINDS and interpreted_as:
        return "math:" + "".join(interpreted_as.split())
    if kind in ("number", "params") and interpreted_as:
        return "number:" + interpreted_as.replace(",", "").replace(" ", "")
    text = " ".join(answer.replace("$", " ").split()).casefold().rstrip(".!;, ")
    return "text:" + text


def group_id(assignment: str, part_id: str, key: str) -> str:
    """A short stable id for a group."""
    return "g" + hashlib.sha256(f"{assignment}\0{part_id}\0{key}".encode()).hexdigest()[:7]


def queue(book: Gradebook, *, every_status: bool = False, part: str | None = None) -> list[Group]:
    """The review queue: groups of `needs_review` answers not yet decided by a human (with `every_status`,
    every answer, decided ones counted), largest first."""
    decisions = book.decisions()
    statuses = None if every_status else ("needs_review",)
    groups: dict[str, Group] = {}
    for row in book.results(statuses=statuses):
        if part is not None and row["part_id"] != part and not row["part_id"].startswith(f"{part}."):
            continue
        decided = row["part_id"] in decisions.get((row["assignment"], row["student_id"]), {})
        if decided and not every_status:
            continue
        key = group_key(row["kind"], row["answer"], row["interpreted_as"])
        identifier = _group_of(row)
        group = groups.get(identifier)
        if group is None:
            group = groups[identifier] = Group(
                identifier, row["assignment"], row["part_id"], key, row["answer"], row["interpreted_as"],
                row["expected"], row["status"], row["score"], row["max_score"], row["note"],
                _reason(row["feedback"]),
            )  # fmt: skip
        group.students.append(row["student_id"])
        group.decided += decided
    return sorted(groups.values(), key=lambda g: (-len(g.students), g.assignment, g.part_id, g.id))


def _reason(feedback: str) -> str:
    lines = [line.strip() for line in feedback.splitlines() if line.strip()]
    return " ".join(lines[:3])


@dataclass(frozen=True)
class Target:
    """One part of one student's submission that a decision applies to."""

    assignment: str
    student_id: str
    part_id: str
    score: float  # the machine's
    status: str
    max_score: float


def targets(book: Gradebook, *, student: str | None, part: str | None, group: str | None,
            assignment: str | None) -> list[Target]:  # fmt: skip
    """What a decision applies to: one student's part, or every member of a group. Raises InputError with
    what exists when the student, part or group is unknown."""
    rows = [r for r in book.results() if assignment is None or r["assignment"] == assignment]
    if group is not None:
        found = [r for r in rows if _group_of(r) == group]
        if not found:
            raise InputError(f"no answer group {group!r}: `grader review OUT_DIR` lists the groups and their ids")
        return [_target(r) for r in found]
    mine = [r for r in rows if r["student_id"] == student]
    if not mine:
        near = sorted({r["student_id"] for r in rows if student and student.casefold() in r["student_id"].casefold()})
        hint = f" (did you mean {', '.join(near[:5])}?)" if near else ""
        raise InputError(f"no graded submission of student {student!r} in the gradebook{hint}")
    assignments = sorted({r["assignment"] for r in mine})
    if len(assignments) > 1:
        raise InputError(f"student {student!r} has submissions for {', '.join(assignments)}: pass --assignment")
    chosen = [r for r in mine if r["part_id"] == part]
    if not chosen:
        listed = ", ".join(r["part_id"] for r in mine)
        raise InputError(f"no part {part!r} in the submission of {student!r}; its parts: {listed}")
    return [_target(chosen[0])]


def _group_of(row: sqlite3.Row) -> str:
    return group_id(row["assignment"], row["part_id"], group_key(row["kind"], row["answer"], row["interpreted_as"]))


def _target(row: sqlite3.Row) -> Target:
    return Target(row["assignment"], row["student_id"], row["part_id"], row["score"], row["status"],
                  row["max_score"])  # fmt: skip


def decide(out: Path, chosen: list[Target], score: float | None, comment: str, author: str | None) -> list[Target]:
    """Record one human decision for every target (`score` None withdraws the standing ones), then bring the
    class's outputs up to date. Raises InputError for a score outside a part's range."""
    for target in chosen:
        if score is not None and not 0 <= score <= target.max_score:
            raise InputError(f"a score of {score:g} is outside 0..{target.max_score:g}, the points of {target.part_id}")
    who = author or os.environ.get("GRADER_REVIEWER") or _user()
    with Gradebook.of(out) as book:
        book.override([Decision(t.assignment, t.student_id, t.part_id, score, comment, who, t.score, t.status)
                       for t in chosen])  # fmt: skip
        refresh(out, book, students={(t.assignment, t.student_id) for t in chosen})
    return chosen


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name on this machine
        return "unknown"


def final_reports(book: Gradebook, decisions: Decisions | None = None) -> Iterable[tuple[sqlite3.Row, Report | None]]:
    """Every stored submission with its final report (human decisions applied), None for errors."""
    decisions = book.decisions() if decisions is None else decisions
    for entry in book.submissions():
        if entry["report"] is None:
            yield entry, None
            continue
        report = Report.model_validate_json(entry["report"])
        yield entry, apply_overrides(report, decisions.get((report.assignment, report.student.id), {}))


def final_rows(book: Gradebook) -> list[Row]:
    """The gradebook rows, final scores."""
    return [_row(entry, report) for entry, report in final_reports(book)]


def _row(entry: sqlite3.Row, report: Report | None) -> Row:
    if report is None:
        return Row.failed(entry["file"], entry["message"], student_id=entry["student_id"], name=entry["name"],
                          assignment=entry["assignment"])  # fmt: skip
    return Row.from_report(entry["file"], report)


def moved(book: Gradebook) -> list[Moved]:
    """Human decisions whose automatic verdict has changed since they were made."""
    decisions = book.decisions()
    found = []
    for entry in book.submissions():
        decided = decisions.get((entry["assignment"], entry["student_id"]), {})
        if not decided or entry["report"] is None:
            continue
        for part in Report.model_validate_json(entry["report"]).parts():
            if part.id in decided and changed(part, decided[part.id]):
                found.append(Moved(entry["student_id"], part.id, decided[part.id], part.score, part.status.value))
    return found


def refresh(out: Path, book: Gradebook, *, students: set[tuple[str, str]] | None = None) -> list[Path]:
    """Rewrite the gradebook CSV and summary, and the files of `students` (all when None), with final scores.
    The gradebook files written."""
    from grader.classroom.outputs import write_outputs
    from grader.render import render

    rows = []
    policy = read_policy(out)
    for entry, report in final_reports(book):
        rows.append(_row(entry, report))
        if report is not None and (students is None or (report.assignment, report.student.id) in students):
            write_student(out, report, render(policy.apply(report), "markdown"))
    return write_outputs(out, RunSummary(rows))


def shorten(text: str, width: int = 100) -> str:
    """One line of at most `width` characters."""
    line = re.sub(r"\s+", " ", text).strip()
    return line if len(line) <= width else line[: width - 1] + "…"
