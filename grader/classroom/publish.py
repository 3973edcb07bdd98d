"""Files made from a graded output folder's gradebook: LMS exports and the HTML class report. Final scores
(human decisions applied) everywhere."""

from __future__ import annotations

import json
from pathlib import Path

from grader.classroom.exports import canvas_csv, gradescope_results, moodle_csv, summary_line
from grader.classroom.outputs import gradebook_csv
from grader.classroom.release import mark_released, read_policy, student_files
from grader.classroom.review import Group, final_reports, final_rows, queue, refresh, shorten
from grader.classroom.store import Gradebook
from grader.io.files import atomic_write, student_path
from grader.models.formats import ExportFormat
from grader.models.report import Report
from grader.render.html import GroupLine, StudentLine, class_report, student_page


def export(
    out: Path,
    to: ExportFormat,
    dest: Path | None = None,
    columns: dict[str, str] | None = None,
    *,
    allow_pending: bool = False,
) -> list[Path]:
    """Write the export `to` (default place: OUT/exports/); the files written. `columns` names the LMS
    column of each assignment (default: the assignment id). Canvas and Moodle refuse scores still in review
    (PendingReviewError) unless `allow_pending`."""
    with Gradebook.of(out) as book:
        rows = final_rows(book)
        reports = [(entry, report) for entry, report in final_reports(book) if report is not None]
    policy = read_policy(out)
    reports = [(entry, policy.apply(report)) for entry, report in reports]
    names = {row.assignment: row.assignment for row in rows if row.assignment} | (columns or {})
    folder = out / "exports"
    if to is ExportFormat.GRADESCOPE:
        base = dest or folder / "gradescope"
        written = []
        for _, report in reports:
            path = student_path(base, report.assignment, report.student.id, "") / "results.json"
            atomic_write(path, json.dumps(gradescope_results(report), indent=2, ensure_ascii=False) + "\n")
            written.append(path)
        return written
    if to is ExportFormat.CSV:
        text, default = gradebook_csv(rows), folder / "gradebook.csv"
    elif to is ExportFormat.CANVAS:
        text, default = canvas_csv(rows, names, allow_pending=allow_pending, out=str(out)), folder / "canvas.csv"
    else:
        feedback = {f"{r.student.id}\0{r.assignment}": summary_line(r) for _, r in reports}
        text, default = (
            moodle_csv(rows, names, feedback, allow_pending=allow_pending, out=str(out)),
            folder / "moodle.csv",
        )
    path = dest or default
    atomic_write(path, text)
    return [path]


def html_report(out: Path, dest: Path | None = None) -> list[Path]:
    """Write the class report (default OUT/report.html) and a feedback page per student (OUT/html/)."""
    path = dest or out / "report.html"
    pages = path.parent / "html"
    with Gradebook.of(out) as book:
        rows = final_rows(book)
        reports: list[Report] = [report for _, report in final_reports(book) if report is not None]
        review = [_line(g) for g in queue(book)]
        groups = [_line(g) for g in queue(book, every_status=True) if len(g.students) > 1]
    written = []
    policy = read_policy(out)
    for report in reports:
        page = student_path(pages, report.assignment, report.student.id, ".html")
        atomic_write(page, student_page(policy.apply(report), back=f"../../{path.name}"))
        written.append(page)
    students = [
        StudentLine(
            row.student_id,
            row.name,
            row.file,
            row.status,
            row.total if row.graded else None,
            row.max_total if row.graded else None,
            row.message,
            student_path(pages, row.assignment, row.student_id, ".html").relative_to(path.parent).as_posix()
            if row.graded
            else None,
        )
        for row in rows
    ]
    assignments = sorted({row.assignment for row in rows if row.assignment})
    title = f"Class report: {', '.join(assignments) or out.name}"
    atomic_write(path, class_report(title, students, reports, groups, review, out=str(out)))
    return [path, *written]


def release(out: Path, assignments: list[str] | None = None) -> tuple[list[str], list[Path]]:
    """Release what the rubrics withheld (for `assignments`, default all): record it in OUT/release.json and
    rewrite the students' feedback files and, if there is one at its default place, the class report and
    its pages. Returns (the assignments released, the files rewritten); exports in OUT/exports/ are not
    rewritten (`grader export` again)."""
    from grader.classroom.store import now

    policy, released = mark_released(out, assignments, now())
    rewritten = student_files(out, policy, assignments=set(released))
    rewritten += html_report(out)[:1] if (out / "report.html").is_file() else []
    return released, rewritten


def refresh_published(out: Path) -> tuple[list[Path], list[Path]]:
    """After scores changed (the gradebook CSV and students' files already rewritten): rewrite the class
    report if it is at its default place (it takes no options), record that the outputs are current, and
    list the exports in OUT/exports/ that now predate the scores (they may carry LMS column names, so they
    are not rewritten: `grader export` again). Returns (rewritten, stale)."""
    with Gradebook.of(out) as book:
        latest = book.latest_decision()
    rewritten = html_report(out)[:1] if (out / "report.html").is_file() else []
    with Gradebook.of(out) as book:
        book.published(latest)
    folder = out / "exports"
    stale = sorted(p for p in folder.iterdir() if p.suffix == ".csv" or p.is_dir()) if folder.is_dir() else []
    return rewritten, stale


def catch_up(out: Path) -> list[Path]:
    """Bring the outputs up to date with decisions a stopped command recorded but did not write out (killed
    between its commit and its files): the gradebook CSV, summary, those students' files and the class
    report. The files rewritten (none when nothing was pending)."""
    with Gradebook.of(out) as book:
        students = book.unpublished()
        if not students:
            return []
        latest = book.latest_decision()
        rewritten = refresh(out, book, students=students)
    rewritten += html_report(out)[:1] if (out / "report.html").is_file() else []
    with Gradebook.of(out) as book:
        book.published(latest)
    return rewritten


def _line(group: Group) -> GroupLine:
    return GroupLine(
        group.id, group.part_id, len(group.students), shorten(group.answer, 400), group.read_as, group.status,
        group.score, group.max_score, group.note, group.reason, group.expected,
    )  # fmt: skip
