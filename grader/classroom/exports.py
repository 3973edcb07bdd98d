"""Grades in the formats of the systems a course uploads them to. Pure: rows and reports in, text out.

Canvas and Moodle take the scores as final, so they are refused while a submission has parts in review
(`PendingReviewError`, naming them) unless the caller allows provisional scores (`allow_pending`); Moodle's
feedback cell then says the score is provisional.

- `canvas_csv`: a Canvas gradebook import file. Columns `Student, ID, SIS User ID, SIS Login ID, Section`,
  then one column per assignment, then a `Points Possible` row. Canvas matches students by `SIS User ID`
  (grader's student id); the assignment column is named `Title (canvas id)` to update an existing
  assignment, or a new name to create one.
- `moodle_csv`: a Moodle "Import grades from CSV" file: `ID number`, `Full name`, one grade column and one
  feedback column per assignment. On import, map `ID number` to the user's ID number and each column to
  its grade item (and the feedback column to its feedback).
- `gradescope_results`: a Gradescope autograder `results.json`: `score`, `output`, and one test per part
  (`name`, `number`, `score`, `max_score`, `status`, `output`, `visibility`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grader.errors import PendingReviewError
from grader.io.csvfile import Cell, csv_text
from grader.models.report import Report, Status, shown
from grader.render.common import MACHINE_READ, decision_lines, machine_read

if TYPE_CHECKING:
    from grader.classroom.records import Row


def pending(rows: list[Row]) -> list[Row]:
    """The graded submissions that still have parts in review (human decisions applied)."""
    from grader.classroom.records import RowStatus

    return [row for row in rows if row.status is RowStatus.NEEDS_REVIEW]


def _refuse_pending(rows: list[Row], platform: str, out: str) -> None:
    waiting = pending(rows)
    if waiting:
        named = ", ".join(f"{row.student_id} ({row.assignment})" for row in waiting[:5])
        more = f" and {len(waiting) - 5} more" if len(waiting) > 5 else ""
        raise PendingReviewError(
            f"{len(waiting)} submission(s) still have parts in review: {named}{more}; {platform} would take their "
            f"scores as final. Decide them with `grader review {out}` first, or pass --allow-pending to export "
            "provisional scores"
        )


def canvas_csv(rows: list[Row], columns: dict[str, str], *, allow_pending: bool = False, out: str = "OUT") -> str:
    """Canvas gradebook import: one line per student, one column per assignment (named by `columns`, by
    assignment id). Ungraded submissions get an empty cell (Canvas leaves the grade unchanged). Raises
    PendingReviewError while parts await review, unless `allow_pending`."""
    if not allow_pending:
        _refuse_pending(rows, "Canvas", out)
    assignments = sorted(columns)
    students: dict[str, dict[str, Row]] = {}
    for row in rows:
        if row.student_id:
            students.setdefault(row.student_id, {})[row.assignment] = row
    maxima = {a: next((r.max_total for r in rows if r.assignment == a and r.graded), 0.0) for a in assignments}
    table: list[list[Cell]] = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                                *(columns[a] for a in assignments)]]  # fmt: skip
    table.append(["Points Possible", "", "", "", "", *(maxima[a] for a in assignments)])
    for student_id, by_assignment in sorted(students.items()):
        name = next((r.name for r in by_assignment.values() if r.name), "")
        cells = [r.total if (r := by_assignment.get(a)) and r.graded else None for a in assignments]
        table.append([name, "", student_id, "", "", *cells])
    return csv_text(table, line_end="\r\n")


def moodle_csv(
    rows: list[Row],
    columns: dict[str, str],
    feedback: dict[str, str],
    *,
    allow_pending: bool = False,
    out: str = "OUT",
) -> str:
    """Moodle grade import: `ID number`, `Full name`, then per assignment a grade column and a feedback
    column (`feedback` by student id and assignment: a one-line summary; a provisional score says so). Raises
    PendingReviewError while parts await review, unless `allow_pending`."""
    if not allow_pending:
        _refuse_pending(rows, "Moodle", out)
    provisional = {f"{row.student_id}\0{row.assignment}" for row in pending(rows)}
    assignments = sorted(columns)
    students: dict[str, dict[str, Row]] = {}
    for row in rows:
        if row.student_id:
            students.setdefault(row.student_id, {})[row.assignment] = row
    header: list[Cell] = ["ID number", "Full name"]
    for assignment in assignments:
        header += [columns[assignment], f"{columns[assignment]} feedback"]
    table: list[list[Cell]] = [header]
    for student_id, by_assignment in sorted(students.items()):
        name = next((r.name for r in by_assignment.values() if r.name), "")
        line: list[Cell] = [student_id, name]
        for assignment in assignments:
            found = by_assignment.get(assignment)
            key = f"{student_id}\0{assignment}"
            said = feedback.get(key, "")
            if key in provisional:
                said = f"PROVISIONAL: parts await a human's review, the score may change. {said}".strip()
            line += [found.total if found is not None and found.graded else None, said]
        table.append(line)
    return csv_text(table, line_end="\r\n")


def summary_line(report: Report) -> str:
    """One line for an LMS feedback cell: the score and each part's points."""
    parts = "; ".join(
        f"{p.id} {shown(p.score)}/{shown(p.max_score)}{' (reviewed)' if p.override else ''}" for p in report.parts()
    )
    return f"{shown(report.score)}/{shown(report.max_score)}: {parts}"


def gradescope_results(report: Report, *, visibility: str = "visible") -> dict[str, Any]:
    """A Gradescope autograder `results.json` for one graded submission: one test per part."""
    tests = []
    for number, part in enumerate(report.parts(), start=1):
        status = "passed" if part.score >= part.max_score and part.status is not Status.NEEDS_REVIEW else "failed"
        if part.override is not None:  # a human's decision replaces the machine's verdict
            lines = decision_lines(part)
            read = machine_read(part)
            if read:
                lines.append(MACHINE_READ + read)
        else:
            lines = [f"Status: {part.status.value}" + (" (a human will review this part)" if _pending(part) else "")]
            lines += [part.feedback]
            if part.interpreted_as:
                lines.append(f"Read as: {part.interpreted_as}")
        tests.append(
            {
                "name": part.id,
                "number": str(number),
                "score": part.score,
                "max_score": part.max_score,
                "status": status,
                "output": "\n".join(lines),
                "visibility": visibility,
            }
        )
    review = sum(_pending(part) for part in report.parts())
    output = f"{report.student.id}: {shown(report.score)}/{shown(report.max_score)} for {report.assignment}."
    if review:
        output += f" {review} part(s) await a human's review; the score may still change."
    return {"score": report.score, "output": output, "visibility": visibility, "tests": tests}


def _pending(part: Any) -> bool:
    return bool(part.status is Status.NEEDS_REVIEW)
