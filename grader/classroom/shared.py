"""The checks a class shares, run once across the workers before its submissions are graded.

Most answers of a class recur: the same correct count, the same textbook equation, the same blank. A worker
caches the outcome of every answer it checks, but each worker sees nearly every distinct answer of the
class, so two workers with separate caches would each check all of them and parallel grading would gain
nothing. Here the parent lists the distinct checks of every submission (`grading.planned`), each process
runs its share, and every worker then starts with all their outcomes. This step only saves time: a check
that fails or a process that dies here leaves its outcome out, and the worker grading that answer checks
it again, with the usual bounds and error rows.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from grader.grading import Key, Planned, planned, run_planned
from grader.models.outcome import Outcome
from grader.models.report import Note
from grader.models.rubric import Rubric

POLL_SECONDS = 1.0  # how often the parent checks that the processes are alive while it waits


def shared_outcomes(
    context: Any,
    answers: Sequence[tuple[str, Mapping[str, str]]],
    rubrics: Mapping[str, Rubric],
    count: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[Key, Outcome]:
    """The outcome of every distinct check of `answers` (each submission's assignment and answers), run in
    `count` processes of `context`; empty when there is nothing to share (one process). `progress(done,
    total)` is told of each outcome received."""
    if count < 2:
        return {}
    wanted: dict[Key, tuple[str, Planned]] = {}
    for assignment, given in answers:
        for check in planned(rubrics[assignment], given):
            wanted.setdefault(check.key, (assignment, check))
    if len(wanted) < 2:
        return {}
    checks = list(wanted.values())
    results: Any = context.Queue()
    processes = []
    for n in range(count):
        share = checks[n::count]
        needed = {assignment: rubrics[assignment] for assignment, _ in share}
        processes.append(context.Process(target=_run_share, args=(share, needed, results)))
    for process in processes:
        process.start()
    known: dict[Key, Outcome] = {}
    received = 0
    if progress:
        progress(0, len(checks))
    try:
        while received < len(checks):
            try:
                key, outcome = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not any(process.is_alive() for process in processes):
                    known.update(_drained(results))
                    break  # a process died: what it did not send is checked again by the workers
                continue
            if outcome is not None:
                known[key] = outcome
            received += 1
            if progress:
                progress(received, len(checks))
    finally:
        for process in processes:
            process.join(timeout=1)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    return known


def _drained(results: Any) -> dict[Key, Outcome]:
    """What is left in the queue."""
    found: dict[Key, Outcome] = {}
    while True:
        try:
            key, outcome = results.get_nowait()
        except queue.Empty:
            return found
        if outcome is not None:
            found[key] = outcome


def _run_share(share: list[tuple[str, Planned]], rubrics: Mapping[str, Rubric], results: Any) -> None:
    """A process: run its share of the checks, one bounded check process per memory cap, and send each
    outcome the checks may keep, or None (a crash may be the machine's fault, not the answer's)."""
    import signal

    from grader.checks import preload_math
    from grader.sandbox import Sandboxes, die_with_parent, parent_alive

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    preload_math()  # nothing to do when forked
    with Sandboxes() as runners:
        for assignment, check in share:
            if not parent_alive():
                results.cancel_join_thread()
                return
            rubric = rubrics[assignment]
            try:
                outcome: Outcome | None = run_planned(rubric, check, runners.capped(rubric.limits.memory_mb))
            except Exception:  # the worker that grades this answer meets it again and reports it
                outcome = None
            results.put((check.key, outcome if outcome is None or outcome.note != Note.CRASHED else None))
