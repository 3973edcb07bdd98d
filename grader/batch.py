"""Grade a class folder: every submission, in parallel worker processes, with an outcome cache per worker,
resumable, and fault-tolerant: a broken submission becomes an `error` row and nothing else changes.

The parent finds the submissions, hashes them (with their rubric), reuses the results of unchanged ones
from the gradebook database (`grader.store`), and hands the rest to `jobs` workers. A worker parses each
rubric once, keeps one bounded check process and a cache of outcomes by part and answer, applies the
standing human decisions, and writes its students' files, each atomically (feedback, then JSON report).
The parent stores each result in the database, whole submissions per transaction: a stored result is
the mark of a finished one that a rerun trusts. An interrupted run therefore leaves only whole files and a
consistent database, and a rerun regrades what was not stored.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.errors import GraderError, InputError
from grader.loaders import MAX_FILE_BYTES, find_rubric, load_rubric, load_submission
from grader.overrides import apply_overrides, changed, moved_since
from grader.report import Override, Report, Status
from grader.rubric import Rubric, part_id
from grader.store import Decisions, Gradebook, PartRecord, Record

_PARSED: dict[str, Rubric] = {}  # rubrics the parent parsed, by path: forked workers inherit them
_DECISIONS: Decisions = {}  # the standing human decisions, read by the parent: forked workers inherit them
COMMIT_SECONDS = 0.25  # results are stored at least this often


@dataclass(frozen=True)
class PartRow:
    """One part's result, as the gradebook and the summary need it."""

    id: str
    status: str
    score: float
    max_score: float
    note: str
    answer: str  # how the answer was read, or `(note)` when it was not
    overridden: bool = False  # the score is a human's decision


@dataclass(frozen=True)
class Row:
    """One submission's line of the gradebook."""

    file: str  # the submission's path inside the class folder
    student_id: str
    name: str
    status: str  # ok, needs_review, error
    message: str
    assignment: str = ""
    parts: tuple[PartRow, ...] = ()
    questions: tuple[tuple[str, float], ...] = ()
    total: float = 0.0
    max_total: float = 0.0

    @property
    def graded(self) -> bool:
        """Whether the submission was graded (status ok or needs_review)."""
        return self.status != "error"

    @classmethod
    def from_report(cls, file: str, report: Report) -> Row:
        """The row of a graded report: `needs_review` when any part is."""
        review = [part.id for part in report.parts() if part.status is Status.NEEDS_REVIEW]
        parts = tuple(
            PartRow(p.id, p.status.value, p.score, p.max_score, p.note, p.interpreted_as or f"({p.note})",
                    p.override is not None)
            for p in report.parts()
        )  # fmt: skip
        return cls(
            file, report.student.id, report.student.name or "", "needs_review" if review else "ok",
            f"review: {', '.join(review)}" if review else "", report.assignment, parts,
            tuple((q.id, q.score) for q in report.questions), report.score, report.max_score,
        )  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        """The row as JSON data (a flat copy: `dataclasses.asdict` is slow on thousands of rows)."""
        data = dict(self.__dict__)
        data["parts"] = [part.__dict__ for part in self.parts]
        data["questions"] = [list(question) for question in self.questions]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        """A row saved with `to_json`."""
        parts = tuple(PartRow(**part) for part in data.pop("parts"))
        questions = tuple((q[0], q[1]) for q in data.pop("questions"))
        return cls(parts=parts, questions=questions, **data)


@dataclass(frozen=True)
class Moved:
    """A human decision whose automatic verdict changed underneath it (the rubric or grader changed)."""

    student_id: str
    part_id: str
    decision: Override
    score: float  # the machine's score now
    status: str  # the machine's status now


@dataclass
class Outcome:
    """What a run did: every row in file order, how many came from an earlier run, and the human decisions
    whose automatic verdict moved."""

    rows: list[Row] = field(default_factory=list)
    reused: int = 0
    moved: list[Moved] = field(default_factory=list)


@dataclass(frozen=True)
class _Task:
    index: int
    path: str
    file: str
    rubric: str
    digest: str
    out: str


def discover(class_dir: Path) -> list[Path]:
    """Every submission of a class folder: `*.json` in it, and `<student>/submission.json` one level down."""
    found = [p for p in class_dir.iterdir() if p.suffix == ".json" and p.is_file()]
    found += [p / "submission.json" for p in class_dir.iterdir() if p.is_dir() and (p / "submission.json").is_file()]
    return sorted(found, key=lambda p: p.relative_to(class_dir).as_posix())


def safe_name(student_id: str) -> str:
    """A file name for a student id: letters, digits, `.`, `-`, `_`; anything else becomes `_`."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", student_id)[:120] or "_"


def grade_class(
    class_dir: Path,
    out: Path,
    *,
    rubric_file: Path | None = None,
    rubrics_dir: Path = Path("rubrics"),
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Grade every submission of `class_dir` into `out`. Raises InputError when nothing can be done."""
    if not class_dir.is_dir():
        raise InputError(f"no such folder: {class_dir}")
    fixed = load_rubric(rubric_file) if rubric_file is not None else None  # an invalid rubric stops the run
    paths = discover(class_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob(".*.tmp"), *out.glob("*/.*.tmp")]:  # left by a run killed mid-write
        stale.unlink(missing_ok=True)
    with Gradebook.of(out, create=True) as book:
        return _grade(book, class_dir, out, paths, fixed, rubric_file, rubrics_dir, jobs, progress)


def _grade(
    book: Gradebook,
    class_dir: Path,
    out: Path,
    paths: list[Path],
    fixed: Rubric | None,
    rubric_file: Path | None,
    rubrics_dir: Path,
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
) -> Outcome:
    files = [path.relative_to(class_dir).as_posix() for path in paths]
    rows: dict[int, Row] = {}
    heads: dict[int, tuple[str, str, str]] = {}
    contents: dict[int, bytes] = {}
    for index, path in enumerate(paths):
        head = _head(path, contents, index)
        if isinstance(head, str):
            rows[index] = Row(files[index], "", "", "error", head)
        else:
            heads[index] = head
    by_id: dict[str, list[int]] = defaultdict(list)  # by file name: ids `a/b` and `a_b` would share one
    for index, (_, student_id, _) in heads.items():
        by_id[safe_name(student_id)].append(index)
    for indexes in by_id.values():
        if len(indexes) > 1:
            listed = ", ".join(files[i] for i in indexes)
            named = " / ".join(sorted({repr(heads[i][1]) for i in indexes}))
            message = f"student id {named} appears in {len(indexes)} submissions ({listed}); give each its own id"
            for i in indexes:
                rows[i] = Row(files[i], heads[i][1], heads[i][2], "error", message, heads[i][0])
    rubrics: dict[str, tuple[Path, str]] = {}
    tasks: list[_Task] = []
    known = {entry["file"]: entry for entry in book.submissions()}
    _DECISIONS.clear()
    _DECISIONS.update(book.decisions())
    moved: list[Moved] = []
    reused = 0
    for index, (assignment, student_id, name) in heads.items():
        if index in rows:
            continue
        try:
            rubric_path, rubric_digest = _rubric_for(assignment, fixed, rubric_file, rubrics_dir, rubrics)
        except InputError as error:
            rows[index] = Row(files[index], student_id, name, "error", " ".join(str(error).split()))
            continue
        digest = hashlib.sha256(contents[index] + rubric_digest.encode()).hexdigest()
        earlier = _reuse(out, known.get(files[index]), digest)
        if earlier is not None:
            decided = _DECISIONS.get((earlier.assignment, earlier.student.id), {})
            moved += _moved(earlier, decided)
            rows[index] = Row.from_report(files[index], apply_overrides(earlier, decided))
            reused += 1
            continue
        tasks.append(_Task(index, str(paths[index]), files[index], str(rubric_path), digest, str(out)))
    import grader

    run = book.start_run(str(class_dir), {a: (str(p), d) for a, (p, d) in rubrics.items()}, grader.__version__)
    book.record(run, [Record(r.file, r.student_id, r.name, r.assignment, "", r.status, r.message) for r in rows.values()
                      if r.status == "error"])  # fmt: skip
    done = len(rows)
    if progress:
        progress(done, len(paths))
    pending: list[Record] = []
    last = time.monotonic()
    for index, row, record in _run(tasks, jobs):
        rows[index] = row
        if record is None:
            record = Record(row.file, row.student_id, row.name, row.assignment, "", row.status, row.message)
        else:
            decided = _DECISIONS.get((record.assignment, record.student_id), {})
            for p in record.parts:
                if p.part_id in decided and moved_since(p.score, p.status, decided[p.part_id]):
                    moved.append(Moved(record.student_id, p.part_id, decided[p.part_id], p.score, p.status))
        pending.append(record)
        if time.monotonic() - last >= COMMIT_SECONDS:
            book.record(run, pending)
            pending, last = [], time.monotonic()
        done += 1
        if progress:
            progress(done, len(paths))
    book.record(run, pending)
    ordered = [rows[index] for index in sorted(rows)]
    counts = Counter(row.status for row in ordered)
    book.finish_run(run, set(files), {"submissions": len(ordered), "graded": counts["ok"] + counts["needs_review"],
                                      "needs_review": counts["needs_review"], "errors": counts["error"],
                                      "reused": reused})  # fmt: skip
    return Outcome(ordered, reused, sorted(moved, key=lambda m: (m.student_id, m.part_id)))


def _moved(report: Report, decided: dict[str, Override]) -> list[Moved]:
    return [
        Moved(report.student.id, part.id, decided[part.id], part.score, part.status.value)
        for part in report.parts()
        if part.id in decided and changed(part, decided[part.id])
    ]


def _head(path: Path, contents: dict[int, bytes], index: int) -> tuple[str, str, str] | str:
    """The assignment, student id and name of a submission file, or why it cannot be used."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return f"the file is over {MAX_FILE_BYTES // 2**20} MiB; is it the right file?"
        raw = path.read_bytes()
        data = json.loads(raw)
        contents[index] = raw
        assignment, student = data["assignment"], data["student"]
        if isinstance(assignment, str) and isinstance(student, dict) and isinstance(student.get("id"), str):
            return assignment, student["id"], str(student.get("name") or "")
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:  # the loader says exactly what is wrong, with the line
        load_submission(path)
    except GraderError as error:
        return " ".join(str(error).split()).removeprefix(f"{path}: ")
    return "the submission cannot be read"


def _rubric_for(
    assignment: str,
    fixed: Rubric | None,
    rubric_file: Path | None,
    rubrics_dir: Path,
    known: dict[str, tuple[Path, str]],
) -> tuple[Path, str]:
    if fixed is not None and rubric_file is not None:
        if assignment != fixed.assignment:
            raise InputError(f"the submission is for {assignment!r}, but --rubric is for {fixed.assignment!r}")
        path = rubric_file
    elif assignment in known:
        return known[assignment]
    else:
        path = find_rubric(assignment, rubrics_dir)
        _PARSED[str(path)] = load_rubric(path)  # an invalid rubric is an error for its submissions
    if fixed is not None:
        _PARSED[str(path)] = fixed
    known[assignment] = (path, hashlib.sha256(path.read_bytes()).hexdigest())
    return known[assignment]


def _run(tasks: list[_Task], jobs: int | None) -> Iterator[tuple[int, Row, Record | None]]:
    """Each task's row and record to store (None for an error), as workers finish them."""
    if not tasks:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    from grader.checks import preload_math

    preload_math()  # imported once, before the workers fork
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context: Any = multiprocessing.get_context(method)
    results: Any = context.Queue()
    processes = [context.Process(target=_work, args=(tasks[n::workers], results)) for n in range(workers)]
    for process in processes:
        process.start()
    finished = False
    try:
        for _ in range(len(tasks)):
            index, data, record = results.get()
            yield index, Row.from_json(data), _record(record)
        finished = True
    finally:
        for process in processes:
            process.join(timeout=5 if finished else 0)  # let a done worker close its check process
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


def _work(tasks: list[_Task], results: Any) -> None:
    """A worker: grade its share with one bounded check process and one outcome cache, apply the standing
    human decisions, write the files."""
    import signal

    from grader.grading import Cache, grade
    from grader.render import render
    from grader.sandbox import Sandbox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    rubrics: dict[str, Rubric] = dict(_PARSED)  # parsed by the parent before the fork
    cache: Cache = {}
    kind_tables: dict[str, dict[str, str]] = {}  # check type by part id, per rubric
    with Sandbox() as runner:
        for task in tasks:
            record: dict[str, Any] | None = None
            try:
                rubric = rubrics.get(task.rubric) or load_rubric(task.rubric)
                rubrics[task.rubric] = rubric
                submission = load_submission(task.path)
                report = grade(rubric, submission, runner=runner, cache=cache)
                kinds = kind_tables.get(task.rubric) or {part_id(q, p): p.check.type for q, p in rubric.parts()}
                kind_tables[task.rubric] = kinds
                final = apply_overrides(report, _DECISIONS.get((report.assignment, report.student.id), {}))
                row = Row.from_report(task.file, final)
                machine = row if final is report else Row.from_report(task.file, report)
                text = final.model_dump_json(indent=2) + "\n"
                _write_student(Path(task.out), final, render(final, "markdown"), text)
                record = {
                    "file": task.file, "student_id": row.student_id, "name": row.name, "assignment": row.assignment,
                    "content_hash": task.digest, "status": machine.status,
                    "message": machine.message, "report": text if final is report else report.model_dump_json(indent=2),
                    "parts": [(p.id, kinds[p.id], p.status.value, p.score, p.max_score, p.feedback, p.note,
                               p.interpreted_as, p.expected, submission.answers.get(p.id, "")) for p in report.parts()],
                }  # fmt: skip
            except GraderError as error:
                message = " ".join(str(error).split()).removeprefix(f"{task.path}: ")
                row = Row(task.file, "", "", "error", message)
            except Exception as error:  # a bug must not stop the class: the row says what happened
                row = Row(task.file, "", "", "error", f"grader failed on it ({type(error).__name__}: {error})")
            results.put((task.index, row.to_json(), record))


def _record(data: dict[str, Any] | None) -> Record | None:
    if data is None:
        return None
    parts = tuple(PartRecord(*part) for part in data.pop("parts"))
    return Record(parts=parts, **data)


def _write_student(out: Path, report: Report, markdown: str, text: str) -> None:
    """Feedback, then the report: each file whole."""
    name = safe_name(report.student.id)
    atomic_write(out / "students" / f"{name}.md", markdown)
    atomic_write(out / "students" / f"{name}.json", text)


def _reuse(out: Path, entry: Any, digest: str) -> Report | None:
    """The machine's report on an unchanged submission from an earlier run, if its files are all there."""
    if entry is None or entry["content_hash"] != digest or entry["report"] is None:
        return None
    name = safe_name(entry["student_id"])
    if not (out / "students" / f"{name}.json").is_file() or not (out / "students" / f"{name}.md").is_file():
        return None
    try:
        return Report.model_validate_json(entry["report"])
    except ValueError:
        return None


def atomic_write(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then renamed over it (atomic on POSIX), so
    an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8", newline="")
    os.replace(temporary, path)
