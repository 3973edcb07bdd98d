"""The workers of `grader grade`: processes that each grade a share of the class's submissions.

Everything a worker needs travels in its arguments (the rubrics, each task's standing human decisions), so
workers behave the same whether they are forked, spawned or started by a fork server. A worker grades the
bytes the parent hashed (a file rewritten during the run is an error row, not another student's grade),
keeps one bounded check process per memory cap and a cache of outcomes by part and exact answer, applies the
decisions, and writes its students' files, each atomically. Workers die with the parent; a worker that dies
costs the submission it was grading an error row, and a new worker grades the rest of its share.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.classroom.overrides import apply_overrides
from grader.classroom.records import Row
from grader.classroom.release import student_view
from grader.classroom.store import PartRecord, Record
from grader.errors import GraderError, SubmissionError
from grader.grading import Key
from grader.io.files import write_student
from grader.io.loaders import read_capped, submission_from_bytes
from grader.models.outcome import Outcome
from grader.models.report import Override
from grader.models.rubric import Rubric, part_id

MAX_STORED_ANSWER = 10_000  # characters of an answer kept in the database; longer ones keep a hash
Outcomes = dict[Key, Outcome]  # outcomes by check, as grading.grade keeps them
WORKER_POLL_SECONDS = 1.0  # how often the parent checks that its workers are alive while it waits


@dataclass(frozen=True, kw_only=True)
class Task:
    """One submission for a worker: everything it needs, so nothing depends on inherited memory."""

    index: int
    path: str
    file: str
    assignment: str
    digest: str  # sha256 of the bytes the parent read: the worker grades only those
    content_hash: str  # sha256 of the file and its rubric, stored for reruns
    out: str
    decided: dict[str, Override]  # the standing human decisions on this student's parts
    released: bool = False  # whether the instructor released what the rubric withholds (`grader release`)


@dataclass(frozen=True, kw_only=True)
class _Share:
    """A worker's arguments: its tasks and the rubrics they need."""

    tasks: list[Task]
    rubrics: dict[str, Rubric]
    known: Outcomes  # outcomes of checks already run, by key


def run_tasks(
    tasks: list[Task],
    rubrics: dict[str, Rubric],
    jobs: int | None,
    method: str,
    answers: Mapping[int, Mapping[str, str]] | None = None,
    checking: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[int, Row, Record | None]]:
    """Each task's row and record to store (None for an error), as workers finish them. `answers`, the
    answers the parent read of each task (by index), lets the workers share the checks of answers that
    recur (grader/classroom/shared.py) instead of each running them all; `checking(done, total)` follows
    those shared checks."""
    if not tasks:
        return
    from grader.checks import preload_math
    from grader.classroom.shared import shared_outcomes

    preload_math()  # imported once, before workers fork
    context = multiprocessing.get_context(method)
    count = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    given = [(task.assignment, (answers or {}).get(task.index, {})) for task in tasks]
    pool = _Pool(context, rubrics, shared_outcomes(context, given, rubrics, count, checking) if answers else {})
    for n in range(count):
        pool.start(tasks[n::count])
    finished = False
    try:
        for _ in range(len(tasks)):
            yield pool.next()
        finished = True
    finally:
        pool.close(finished)


class _Pool:
    """Worker processes, each over its share of the tasks, and what each still owes. A worker that dies
    (killed, out of memory) costs the submission it was grading an error row; a new worker takes the rest."""

    def __init__(self, context: Any, rubrics: dict[str, Rubric], known: Outcomes) -> None:
        self.context = context
        self.rubrics = rubrics
        self.known = known  # outcomes already computed (grader/classroom/shared.py), given to every worker
        self.results: Any = context.Queue()
        self.owed: dict[int, list[Task]] = {}  # by worker pid, in the order the worker grades them
        self.processes: dict[int, Any] = {}
        self.ready: list[tuple[int, Row, Record | None]] = []

    def start(self, share: list[Task]) -> None:
        """A worker for `share`, with the rubrics it needs."""
        needed = {a: self.rubrics[a] for a in {task.assignment for task in share}}
        args = (_Share(tasks=share, rubrics=needed, known=self.known), self.results)
        process = self.context.Process(target=_work, args=args)
        process.start()
        self.owed[process.pid], self.processes[process.pid] = share, process

    def next(self) -> tuple[int, Row, Record | None]:
        """The next finished task: (index, row, record)."""
        import queue

        while not self.ready:
            try:
                self._receive(*self.results.get(timeout=WORKER_POLL_SECONDS))
            except queue.Empty:
                dead = [pid for pid, process in self.processes.items() if self.owed[pid] and not process.is_alive()]
                self._drain()  # a dead worker has written all it will: take it before declaring anything lost
                for pid in dead:
                    self._bury(pid)
        return self.ready.pop(0)

    def _receive(self, pid: int, index: int, row: Row, record: Record | None) -> None:
        owed = self.owed.get(pid, [])
        if any(task.index == index for task in owed):
            self.owed[pid] = [task for task in owed if task.index != index]
            self.ready.append((index, row, record))

    def _drain(self) -> None:
        import queue

        while True:
            try:
                self._receive(*self.results.get_nowait())
            except queue.Empty:
                return

    def _bury(self, pid: int) -> None:
        owed, process = self.owed.pop(pid), self.processes.pop(pid)
        if not owed:
            return
        lost, rest = owed[0], owed[1:]
        code = process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        message = f"grader's worker process stopped while grading it ({how}; out of memory?); grade again"
        self.ready.append((lost.index, Row.failed(lost.file, message), None))
        if rest:
            self.start(rest)

    def close(self, finished: bool) -> None:
        """Wait for the workers (a done worker closes its check process), then stop any still running."""
        for process in self.processes.values():
            process.join(timeout=5 if finished else 0)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


def _work(share: _Share, results: Any) -> None:
    """A worker: grade its share with one bounded check process per memory cap and one outcome cache, apply
    the standing human decisions, write the files. It stops when its parent is gone."""
    import signal

    from grader.checks import preload_math
    from grader.sandbox import Sandboxes, die_with_parent, parent_alive

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    preload_math()  # nothing to do when forked; a spawned worker imports it once for its check processes
    cache = dict(share.known)
    with Sandboxes() as runners:
        for task in share.tasks:
            if not parent_alive():  # no one will read the results (a platform without prctl)
                results.cancel_join_thread()
                return
            rubric = share.rubrics[task.assignment]
            row, record = _grade_task(task, rubric, runners.capped(rubric.limits.memory_mb), cache)
            results.put((os.getpid(), task.index, row, record))


def _grade_task(task: Task, rubric: Rubric, runner: Any, cache: Any) -> tuple[Row, Record | None]:
    """One submission, graded from the bytes the parent hashed; its files written; its row and record."""
    from grader.grading import grade
    from grader.render import render

    try:
        raw = read_capped(Path(task.path), SubmissionError)
        if hashlib.sha256(raw).hexdigest() != task.digest:
            message = "the file changed while the class was being graded; grade again to include its new content"
            return Row.failed(task.file, message), None
        submission = submission_from_bytes(raw, task.path)
        report = grade(rubric, submission, runner=runner, cache=cache)
        final = apply_overrides(report, task.decided)
        dumped = report.model_dump_json(indent=2)
        view = render(student_view(final, rubric, released=task.released), "markdown")
        write_student(Path(task.out), final, view, dumped if final is report else None)
    except GraderError as error:
        return Row.failed(task.file, error_line(error, task.path)), None
    except OSError as error:
        return Row.failed(task.file, f"cannot write its report: {error.strerror or error}"), None
    except Exception as error:  # a bug must not stop the class: the row says what happened
        return Row.failed(task.file, f"grader failed on it ({type(error).__name__}: {str(error)[:200]})"), None
    machine = Row.from_report(task.file, report)
    kinds = {part_id(q, p): p.check.type for q, p in rubric.parts()}
    record = Record(
        file=task.file, student_id=report.student.id, name=machine.name, assignment=report.assignment,
        content_hash=task.content_hash, status=machine.status, message=machine.message,
        report=dumped,
        parts=tuple(
            PartRecord(part_id=p.id, kind=kinds[p.id], status=p.status.value, score=p.score, max_score=p.max_score,
                       feedback=p.feedback, note=p.note, interpreted_as=p.interpreted_as, expected=p.expected,
                       answer=stored_answer(submission.answers.get(p.id, "")))
            for p in report.parts()
        ),
    )  # fmt: skip
    return (machine if final is report else Row.from_report(task.file, final)), record


def stored_answer(text: str) -> str:
    """An answer as the database keeps it: whole up to MAX_STORED_ANSWER characters, else its beginning and a
    hash of the whole (so that different long answers never fall into one review group)."""
    if len(text) <= MAX_STORED_ANSWER:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{text[:MAX_STORED_ANSWER]}… [{len(text):,} characters in all; sha256 {digest}]"


def error_line(error: Exception, path: Path | str) -> str:
    """An error as one line of a row, without the file name the row already shows."""
    return " ".join(str(error).split()).removeprefix(f"{path}: ")
