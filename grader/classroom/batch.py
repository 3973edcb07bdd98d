"""Grade a class folder: every submission, in parallel worker processes, with an outcome cache per worker,
resumable, and fault-tolerant: a broken or hostile file becomes that file's `error` row and nothing else
changes.

The parent finds the submissions, reads and validates each once (keeping only who it is for and a hash of
its bytes), refuses duplicates, reuses the results of unchanged ones from the gradebook database
(`grader.classroom.store`), and hands the rest to `jobs` workers (`grader.classroom.workers`: each grades
the bytes the parent hashed and writes its students' files, each atomically). The parent stores each result in the
database, whole submissions per transaction: a stored result is the mark of a finished one that a rerun
trusts. An interrupted run therefore leaves only whole files and a consistent database, and a rerun
regrades what was not stored.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.classroom.discovery import Found, discover
from grader.classroom.overrides import apply_overrides, changed, moved_since
from grader.classroom.records import Moved, Row, RowStatus, RunSummary
from grader.classroom.release import read_policy, student_view
from grader.classroom.store import Decisions, Gradebook, Record
from grader.classroom.workers import Task, error_line, run_tasks
from grader.errors import GraderError, InputError, SubmissionError
from grader.io.files import name_key, student_path, write_student
from grader.io.loaders import RUBRIC_SUFFIXES, find_rubric, read_capped, rubric_from_yaml, submission_from_bytes
from grader.models.report import Override, Report
from grader.models.rubric import Rubric

if TYPE_CHECKING:
    from grader.io.cache import DiskCache

COMMIT_SECONDS = 0.25  # results are stored at least this often
# characters of a submission's answers the parent keeps to share their checks (grader/classroom/shared.py); a
# longer submission is graded by its worker alone, so that the parent's memory does not grow with the class's bytes
MAX_SHARED_ANSWERS = 50_000


@dataclass(frozen=True, kw_only=True)
class _Head:
    """What the parent keeps of a valid submission: who and what it is for, and the hash of its bytes."""

    assignment: str
    student_id: str
    name: str
    digest: str  # sha256 of the file's bytes
    answers: dict[str, str]  # as the parent read them, none past MAX_SHARED_ANSWERS: the checks workers share


@dataclass(frozen=True, kw_only=True)
class _Rubric:
    """A rubric of the run: parsed once by the parent from the bytes it hashed."""

    rubric: Rubric
    path: Path
    digest: str  # sha256 of the file


def grade_class(
    class_dir: Path,
    out: Path,
    *,
    rubric_file: Path | None = None,
    rubrics_dir: Path = Path("rubrics"),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    start_method: str | None = None,
    checking: Callable[[int, int], None] | None = None,
    cache: bool = True,
) -> RunSummary:
    """Grade every submission of `class_dir` into `out`. `progress(done, total)` follows the submissions,
    `checking(done, total)` the distinct answers checked once for the whole class before them
    (grader/classroom/shared.py). `start_method` is how workers start (`fork`, `forkserver`, `spawn`; default
    fork where the platform has it). `cache`: rubrics validated once per content, remembered between runs in
    the user's cache (grader/io/cache.py, as `grader check` does; answers are not taken from it). Raises
    InputError when nothing can be done."""
    if not class_dir.is_dir():
        raise InputError(f"no such folder: {class_dir}")
    base, target = class_dir.resolve(), out.resolve()
    if target == base or target.is_relative_to(base):
        raise InputError(
            f"the output folder {out} is inside the class folder {class_dir}: grader would read its own files as "
            f"submissions; choose --out outside it (default: {base.name}-grades beside it)"
        )
    from grader.io.cache import DiskCache

    with DiskCache.default() if cache else DiskCache(None) as disk:
        fixed = _load(rubric_file, disk) if rubric_file is not None else None  # an invalid rubric stops the run
        found = discover(class_dir)
        read = _read_class(found, fixed, rubrics_dir, disk)
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp"), *out.glob("*/*/.*.tmp")]:  # left by a killed run
        stale.unlink(missing_ok=True)
    method = start_method or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with Gradebook.of(out, create=True) as book:
        return _grade(book, class_dir, out, found, read, jobs, (progress, checking), method)


def _grade(
    book: Gradebook,
    class_dir: Path,
    out: Path,
    found: list[Found],
    read: tuple[dict[int, Row], dict[int, _Head], dict[str, _Rubric]],
    jobs: int | None,
    reports: tuple[Callable[[int, int], None] | None, Callable[[int, int], None] | None],
    method: str,
) -> RunSummary:
    progress, checking = reports
    files = [entry.file for entry in found]
    rows, heads, rubrics = read
    decisions = book.decisions()
    tasks, moved, reused = _plan(book, out, found, rows, heads, rubrics, decisions)
    import grader

    run = book.start_run(str(class_dir), {a: (str(r.path), r.digest) for a, r in rubrics.items()}, grader.__version__)
    book.record(run, [_error_record(r) for r in rows.values() if r.status == "error"])
    if progress:
        progress(len(rows), len(found))
    pending: list[Record] = []
    last = time.monotonic()
    parsed = {assignment: entry.rubric for assignment, entry in rubrics.items()}
    answers = {task.index: heads[task.index].answers for task in tasks}
    for index, row, record in run_tasks(tasks, parsed, jobs, method, answers, checking):
        rows[index] = row
        if record is None:
            record = _error_record(row)
        else:
            decided = decisions.get((record.assignment, record.student_id), {})
            for p in record.parts:
                if p.part_id in decided and moved_since(p.score, p.status, decided[p.part_id]):
                    moved.append(Moved(record.student_id, p.part_id, decided[p.part_id], p.score, p.status))
        pending.append(record)
        if time.monotonic() - last >= COMMIT_SECONDS:
            book.record(run, pending)
            pending, last = [], time.monotonic()
        if progress:
            progress(len(rows), len(found))
    book.record(run, pending)
    ordered = [rows[index] for index in sorted(rows)]
    counts = Counter(row.status for row in ordered)
    graded = counts[RowStatus.OK] + counts[RowStatus.NEEDS_REVIEW]
    book.finish_run(run, set(files), {"submissions": len(ordered), "graded": graded, "reused": reused,
                                      "needs_review": counts[RowStatus.NEEDS_REVIEW],
                                      "errors": counts[RowStatus.ERROR]})  # fmt: skip
    return RunSummary(ordered, reused, sorted(moved, key=lambda m: (m.student_id, m.part_id)))


def _read_class(
    found: list[Found], fixed: _Rubric | None, rubrics_dir: Path, disk: DiskCache
) -> tuple[dict[int, Row], dict[int, _Head], dict[str, _Rubric]]:
    """Every file read once: error rows (by index) for those that cannot be graded, the heads of the others,
    and the rubrics they need."""
    rows: dict[int, Row] = {}
    heads: dict[int, _Head] = {}
    rubrics: dict[str, _Rubric] = {}
    for index, entry in enumerate(found):
        head = entry.problem or _head(entry.path)
        if isinstance(head, str):
            rows[index] = Row.failed(entry.file, head)
            continue
        try:
            _rubric_for(head.assignment, fixed, (rubrics_dir, disk), rubrics)
        except InputError as error:
            rows[index] = Row.failed(
                entry.file, " ".join(str(error).split()), student_id=head.student_id, name=head.name
            )
            continue
        heads[index] = head
    _refuse_duplicates(heads, [entry.file for entry in found], rows)
    return rows, heads, rubrics


def _plan(
    book: Gradebook,
    out: Path,
    found: list[Found],
    rows: dict[int, Row],
    heads: dict[int, _Head],
    rubrics: dict[str, _Rubric],
    decisions: Decisions,
) -> tuple[list[Task], list[Moved], int]:
    """What workers must grade; the rows of unchanged submissions reused from the last run (added to `rows`),
    with their files rewritten where a decision never reached them; moved decisions; how many reused."""
    unpublished = book.unpublished()  # students of decisions whose files were never rewritten (a killed command)
    released = read_policy(out).released
    known = {entry["file"]: entry for entry in book.submissions()}
    tasks: list[Task] = []
    moved: list[Moved] = []
    for index, head in heads.items():
        if index in rows:
            continue
        file = found[index].file
        content_hash = hashlib.sha256((head.digest + rubrics[head.assignment].digest).encode()).hexdigest()
        decided = decisions.get((head.assignment, head.student_id), {})
        earlier = _reuse(out, known.get(file), content_hash)
        if earlier is None or earlier.student.id != head.student_id:
            tasks.append(
                Task(index=index, path=str(found[index].path), file=file, assignment=head.assignment,
                      digest=head.digest, content_hash=content_hash, out=str(out), decided=decided,
                      released=head.assignment in released)
            )  # fmt: skip
            continue
        moved += _moved(earlier, decided)
        final = apply_overrides(earlier, decided)
        if (head.assignment, head.student_id) in unpublished:
            from grader.render import render

            view = student_view(final, rubrics[head.assignment].rubric, released=head.assignment in released)
            write_student(out, final, render(view, "markdown"))
        rows[index] = Row.from_report(file, final)
    reused = len(rows) - sum(row.status == "error" for row in rows.values())
    return tasks, moved, reused


def _refuse_duplicates(heads: dict[int, _Head], files: list[str], rows: dict[int, Row]) -> None:
    """Error rows for submissions of one student to one assignment: compared by file name, so that ids only a
    file system would confuse (`A1` and `a1`; `café` typed and pasted are one id already) count as one."""
    by_student: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, head in heads.items():
        by_student[(head.assignment, name_key(head.student_id))].append(index)
    for indexes in by_student.values():
        if len(indexes) < 2:
            continue
        listed = ", ".join(files[i] for i in indexes)
        named = " / ".join(sorted({repr(heads[i].student_id) for i in indexes}))
        message = (
            f"student id {named} appears in {len(indexes)} submissions to {heads[indexes[0]].assignment} ({listed}); "
            "give each its own id"
        )
        for i in indexes:
            rows[i] = Row.failed(
                files[i], message, student_id=heads[i].student_id, name=heads[i].name, assignment=heads[i].assignment
            )


def _error_record(row: Row) -> Record:
    return Record(file=row.file, student_id=row.student_id, name=row.name, assignment=row.assignment, content_hash="",
                  status=row.status, message=row.message)  # fmt: skip


def _moved(report: Report, decided: dict[str, Override]) -> list[Moved]:
    return [
        Moved(report.student.id, part.id, decided[part.id], part.score, part.status.value)
        for part in report.parts()
        if part.id in decided and changed(part, decided[part.id])
    ]


def _head(path: Path) -> _Head | str:
    """Who a submission file is from and what it is for, or why it cannot be used (any failure of any file
    is that file's row, never the run's end)."""
    try:
        raw = read_capped(path, SubmissionError)
        submission = submission_from_bytes(raw, str(path))
    except GraderError as error:
        return error_line(error, path)
    except Exception as error:  # a bug must not stop the class: the row says what happened
        return f"grader failed on it ({type(error).__name__}: {str(error)[:200]})"
    return _Head(
        assignment=submission.assignment,
        student_id=submission.student.id,
        name=submission.student.name or "",
        digest=hashlib.sha256(raw).hexdigest(),
        answers=dict(submission.answers) if sum(map(len, submission.answers.values())) <= MAX_SHARED_ANSWERS else {},
    )


def _load(path: Path, disk: DiskCache) -> _Rubric:
    """A rubric parsed from the very bytes that are hashed (the file may change while a class is graded);
    validated once per content through `disk`."""
    from grader.errors import RubricError

    raw = read_capped(path, RubricError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "replace")  # the parser names the problem
    return _Rubric(rubric=rubric_from_yaml(text, str(path), disk), path=path, digest=hashlib.sha256(raw).hexdigest())


def _rubric_for(
    assignment: str, fixed: _Rubric | None, where: tuple[Path, DiskCache], known: dict[str, _Rubric]
) -> None:
    """Load the rubric of `assignment` into `known`, once, from `where` (the rubrics' folder and the cache).
    Raises InputError (no rubric, an invalid one)."""
    rubrics_dir, disk = where
    if assignment in known:
        return
    if fixed is not None:
        if assignment != fixed.rubric.assignment:
            raise InputError(f"the submission is for {assignment!r}, but --rubric is for {fixed.rubric.assignment!r}")
        known[assignment] = fixed
        return
    for suffix in RUBRIC_SUFFIXES:  # `<assignment>.yaml`, the usual case, parsed once (find_rubric parses it twice)
        named = rubrics_dir / f"{assignment}{suffix}"
        if named.name != f"{assignment}{suffix}" or named.parent != rubrics_dir or not named.is_file():
            continue  # an assignment that is not a plain file name (`../x`) is looked for only as find_rubric does
        loaded = _load(named, disk)
        if loaded.rubric.assignment == assignment:
            known[assignment] = loaded
            return
    known[assignment] = _load(find_rubric(assignment, rubrics_dir, disk), disk)  # invalid: its submissions' error


def _reuse(out: Path, entry: Any, digest: str) -> Report | None:
    """The machine's report on an unchanged submission from an earlier run, if its files are all there."""
    if entry is None or entry["content_hash"] != digest or entry["report"] is None:
        return None
    try:
        paths = [student_path(out / "students", entry["assignment"], entry["student_id"], s) for s in (".json", ".md")]
    except InputError:
        return None
    if not all(path.is_file() for path in paths):
        return None
    try:
        return Report.model_validate_json(entry["report"])
    except ValueError:
        return None
