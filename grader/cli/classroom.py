"""Commands for a class: `grader grade`, `review`, `override`, `export`, `report`."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.text import Text

from grader.cli.app import EXIT_SOME_FAILED, OutDirArgument, RubricOption, RubricsDirOption, _fail, _usage, app
from grader.models.formats import ExportFormat
from grader.render.terminal import visible


@app.command()
def grade(
    class_dir: Annotated[
        Path,
        typer.Argument(
            help="The class folder: submission JSON files, or one folder per student with submission.json.",
            file_okay=False,
            show_default=False,
        ),
    ],
    rubric: RubricOption = None,
    rubrics_dir: RubricsDirOption = Path("rubrics"),
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output folder. Default: CLASS_DIR-grades beside the class folder.",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option(min=1, help="Worker processes. Default: all cores.", show_default=False)
    ] = None,
    use_cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Remember each validated rubric between runs (in $GRADER_CACHE_DIR, else ~/.cache/grader; "
            "GRADER_CACHE=0 turns it off), so an unchanged rubric is not validated again. Answers are always checked.",
        ),
    ] = True,
) -> None:
    """Grade a whole class folder in parallel: a gradebook, a report and feedback per student, a summary.

    Writes `OUT/gradebook.csv` (one row per submission: scores per part and question, total, max, status ok,
    needs_review or error, message, parts overridden by a human), `OUT/students/<assignment>/<id>.json`
    and `.md`, `OUT/summary.json`, and `OUT/gradebook.sqlite` (runs, submissions, part results, human decisions). OUT
    may not be inside CLASS_DIR. Every file of the class folder gets a row: one that cannot be read, is
    not a submission, is a link out of the folder or a duplicate of a student's is an `error` row. A rerun
    reuses the results of submissions whose file and rubric did not change; a changed rubric regrades them,
    keeps every human decision, and lists those whose automatic verdict changed.
    Example: `grader grade class/ --jobs 2`.

    Exit codes: 0 all graded (review flags included), 3 some submissions could not be graded (outputs
    still written), 1 nothing could be done (no such folder, invalid rubric), 2 usage error.
    """
    from grader.classroom.batch import grade_class
    from grader.classroom.outputs import write_outputs
    from grader.classroom.records import RowStatus

    target = out or class_dir.resolve().parent / f"{class_dir.resolve().name}-grades"
    started = time.perf_counter()
    err = Console(stderr=True, highlight=False)
    with _progress(err) as (update, checking):
        outcome = grade_class(class_dir, target, rubric_file=rubric, rubrics_dir=rubrics_dir, jobs=jobs,
                              progress=update, checking=checking, cache=use_cache)  # fmt: skip
    write_outputs(target, outcome)
    _republish(target)
    rows = outcome.rows
    counts = Counter(row.status for row in rows)
    graded = counts[RowStatus.OK] + counts[RowStatus.NEEDS_REVIEW]
    seconds = time.perf_counter() - started
    reused = f", {outcome.reused} reused from the last run" if outcome.reused else ""
    typer.echo(
        f"graded {graded} of {len(rows)} submissions: {counts[RowStatus.NEEDS_REVIEW]} need review, "
        f"{counts[RowStatus.ERROR]} errors{reused}, in {seconds:.1f} s -> {target}"
    )
    for row in rows:
        if row.status == "error":
            err.print(Text.assemble(("error: ", "bold red"), visible(f"{row.file}: {row.message}")))
    overridden = sum(part.overridden for row in rows for part in row.parts)
    if overridden:
        typer.echo(f"{overridden} human decisions applied (kept across regrading)")
    for moved in outcome.moved:
        decision = moved.decision
        err.print(
            Text.assemble(
                ("check: ", "bold yellow"),
                visible(
                    f"{moved.student_id} {moved.part_id}: the machine now gives {moved.score:g} ({moved.status}); "
                    f"it gave {decision.automatic_score:g} ({decision.automatic_status.value}) when {decision.by} "
                    f"set {decision.score:g}. The human score stands; confirm it with `grader override`.",
                    one_line=True,
                ),
            )
        )
    if counts[RowStatus.ERROR]:
        raise typer.Exit(EXIT_SOME_FAILED)


Report = Callable[[int, int], None]  # told (done, total)


@contextmanager
def _progress(console: Console) -> Iterator[tuple[Report, Report]]:
    """How far grading is: the distinct answers checked once for the class, then the submissions graded. Bars
    on a terminal; plain lines (every tenth) otherwise. A bar is redrawn by the updates, not by a thread of
    its own: workers are forked, and forking a process with threads risks deadlocks in the children."""
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, auto_refresh=False) as bar:
            tasks: dict[str, Any] = {}
            drawn = [0.0]

            def report(what: str) -> Report:
                def update(done: int, total: int) -> None:
                    if what not in tasks:
                        tasks[what] = bar.add_task(what, total=None)
                    bar.update(tasks[what], completed=done, total=total)
                    if done == total or time.monotonic() - drawn[0] >= 0.1:
                        bar.refresh()
                        drawn[0] = time.monotonic()

                return update

            yield report("grading"), report("checking answers")
        return

    def lines(said: str) -> Report:
        shown = [-1]

        def update(done: int, total: int) -> None:
            step = max(1, total // 10)
            if done == total or done // step > shown[0]:
                shown[0] = done // step
                console.print(f"{said} {done}/{total}")

        return update

    yield lines("graded"), lines("checked distinct answers")


@app.command()
def review(
    out: OutDirArgument,
    every: Annotated[
        bool, typer.Option("--all", help="List every answer group, not only those that need review.")
    ] = False,
    part: Annotated[
        str | None, typer.Option(help="Only this part (`q3.gradient`) or question (`q3`).", show_default=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the groups as a JSON list.")] = False,
) -> None:
    """The review queue: parts the machine could not decide, grouped by identical or equivalent answers so
    that one decision covers a group, with the expected answer and the machine's reason.

    Decide with `grader override OUT_DIR --group ID --score S`. Also lists human decisions whose automatic
    verdict changed since (after a rubric change). Exit codes: 0 listed, 1 no gradebook there.
    """
    from grader.classroom.review import moved, queue, shorten
    from grader.classroom.store import Gradebook

    _catch_up(out)
    with Gradebook.of(out) as book:
        groups = queue(book, every_status=every, part=part)
        stale = moved(book)
    if as_json:
        data = [
            {"id": g.id, "assignment": g.assignment, "part": g.part_id, "count": len(g.students),
             "students": g.students, "decided": g.decided, "answer": g.answer, "read_as": g.read_as,
             "expected": g.expected, "status": g.status, "score": g.score, "max_score": g.max_score, "note": g.note,
             "reason": g.reason}
            for g in groups
        ]  # fmt: skip
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    # Student text is neither rich markup nor terminal commands: `markup=False`, and `visible` on every line.
    console = Console(highlight=False, soft_wrap=True, markup=False)
    answers = sum(len(g.students) for g in groups)
    what = "answer groups" if every else "groups waiting for a human"
    console.print(f"{answers} answers in {len(groups)} {what} ({out})")
    for group in groups:
        students = ", ".join(group.students[:6]) + (
            f" and {len(group.students) - 6} more" if len(group.students) > 6 else ""
        )
        decided = f", {group.decided} decided" if group.decided else ""
        console.print()
        console.print(
            Text.assemble(
                (group.id, "bold"),
                visible(f"  {group.part_id}  {len(group.students)} answer(s){decided}: {students}", one_line=True),
            )
        )
        console.print(visible(f"  answer:   {shorten(group.answer) or '(blank)'}"))
        if group.read_as:
            console.print(visible(f"  read as:  {shorten(group.read_as)}"))
        console.print(visible(f"  expected: {shorten(group.expected)}"))
        verdict = f"{group.score:g}/{group.max_score:g} {group.status} [{group.note}]"
        console.print(visible(f"  machine:  {verdict} {shorten(group.reason, 160)}"))
    if groups and not every:
        console.print()
        console.print(f"Decide a group: grader override {out} --group {groups[0].id} --score S --comment '...'")
    for item in stale:
        d = item.decision
        console.print(
            visible(
                f"changed underneath: {item.student_id} {item.part_id}: {d.by} set {d.score:g} when the machine "
                f"gave {d.automatic_score:g} ({d.automatic_status.value}); it now gives {item.score:g} ({item.status})",
                one_line=True,
            )
        )


@app.command()
def override(
    out: OutDirArgument,
    student: Annotated[str | None, typer.Argument(help="The student id.", show_default=False)] = None,
    part: Annotated[str | None, typer.Argument(help="The part id, e.g. q3.gradient.", show_default=False)] = None,
    score: Annotated[float | None, typer.Option(help="The points to give.", show_default=False)] = None,
    comment: Annotated[str, typer.Option(help="Why; shown to the student with the score.")] = "",
    group: Annotated[
        str | None,
        typer.Option(
            help="Apply the decision to every answer of this group (ids from `grader review`).", show_default=False
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Withdraw the standing decision instead.")] = False,
    by: Annotated[
        str | None,
        typer.Option(help="Who decides. Default: $GRADER_REVIEWER, else the login name.", show_default=False),
    ] = None,
    assignment: Annotated[
        str | None, typer.Option(help="The assignment, when a student has several.", show_default=False)
    ] = None,
) -> None:
    """Record a human decision on a part (or on a whole answer group) and update the gradebook CSV, the summary
    and the students' feedback files. Decisions are kept in gradebook.sqlite, survive regrading, and are
    never deleted (`--clear` records a withdrawal).

    Examples: `grader override out s001 q3.gradient --score 2 --comment "chain rule right, one factor off"`;
    `grader override out --group g1a2b3c4 --score 0`.

    Exit codes: 0 recorded, 1 unknown student, part or group, or a score out of range, 2 usage error.
    """
    from grader.classroom.review import decide, targets
    from grader.classroom.store import Gradebook

    if (score is None) == (not clear):
        raise _usage("give --score S, or --clear to withdraw a decision")
    if group is None and (student is None or part is None):
        raise _usage("name a STUDENT and a PART, or pass --group ID")
    if group is not None and (student is not None or part is not None):
        raise _usage("--group applies to a whole group: leave out STUDENT and PART")
    _catch_up(out)
    with Gradebook.of(out) as book:
        chosen = targets(book, student=student, part=part, group=group, assignment=assignment)
    decide(out, chosen, None if clear else score, comment, by)
    what = "withdrawn" if clear else f"set to {score:g}"
    for target in chosen:
        typer.echo(
            visible(f"{target.student_id} {target.part_id}: {what} (machine: {target.score:g}, {target.status})")
        )
    _republish(out)


def _catch_up(out: Path) -> None:
    """Rewrite outputs that predate a recorded decision (a command stopped between its commit and its files)."""
    from grader.classroom.publish import catch_up

    rewritten = catch_up(out)
    if rewritten:
        names = ", ".join(str(path.relative_to(out)) for path in rewritten)
        Console(stderr=True, highlight=False, soft_wrap=True, markup=False).print(
            f"note: {names} in {out} predated the last human decision (a command was stopped); rewritten"
        )


def _republish(out: Path) -> None:
    """Rewrite the class report and flag exports that predate the scores."""
    from grader.classroom.publish import refresh_published

    rewritten, stale = refresh_published(out)
    for path in rewritten:
        typer.echo(f"updated {path}")
    if stale:
        names = ", ".join(str(p.relative_to(out)) for p in stale)
        Console(stderr=True, highlight=False, soft_wrap=True, markup=False).print(
            f"note: {names} in {out} predate these scores; run `grader export` again before uploading"
        )


@app.command()
def export(
    out: OutDirArgument,
    to: Annotated[ExportFormat, typer.Option("--to", help="The format.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write. Default: `OUT/exports/` (`canvas.csv`, `moodle.csv`, "
            "`gradebook.csv`, `gradescope/<id>/results.json`).",
            show_default=False,
        ),
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            help="The LMS column of an assignment, as ASSIGNMENT=NAME (repeatable), e.g. "
            "'rnn-lstm-theory=Homework 3 (4821)' for an existing Canvas assignment.",
            show_default=False,
        ),
    ] = None,
    allow_pending: Annotated[
        bool,
        typer.Option(
            "--allow-pending",
            help="Export provisional scores for submissions with parts still in review (Canvas, Moodle refuse "
            "them otherwise); Moodle's feedback says which are provisional.",
        ),
    ] = False,
) -> None:
    """Export final grades (human decisions applied): `csv` (the gradebook), `canvas` (gradebook import CSV),
    `moodle` (grade import CSV with a feedback column), `gradescope` (a results.json per submission; parts in
    review say so). Canvas and Moodle take scores as final: they are refused while parts await review, unless
    `--allow-pending`.

    Exit codes: 0 written, 1 no gradebook there, a bad --column, or parts still in review, 2 usage error.
    """
    from grader.classroom.publish import export as write_export

    columns = {}
    for entry in column or []:
        name, sep, value = entry.partition("=")
        if not sep or not name or not value:
            raise _fail(f"--column {entry!r}: write ASSIGNMENT=NAME, e.g. 'rnn-lstm-theory=Homework 3'")
        columns[name] = value
    _catch_up(out)
    written = write_export(out, to, output, columns, allow_pending=allow_pending)
    shown = written[0] if len(written) == 1 else f"{len(written)} files under {written[0].parent.parent}"
    typer.echo(f"wrote {shown}" + (" (provisional scores for any part still in review)" if allow_pending else ""))


@app.command()
def report(
    out: OutDirArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The class report's file. Default: OUT/report.html.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a self-contained HTML class report (charts per question and part, common mistakes, answer groups,
    the review queue, a table of students) and one HTML feedback page per student beside it (html/).

    Exit codes: 0 written, 1 no gradebook there.
    """
    from grader.classroom.publish import html_report

    _catch_up(out)
    written = html_report(out, output)
    typer.echo(f"wrote {written[0]} and {len(written) - 1} student pages")


@app.command()
def release(
    out: OutDirArgument,
    assignment: Annotated[
        list[str] | None,
        typer.Option(help="Release only this assignment (repeatable). Default: every one.", show_default=False),
    ] = None,
) -> None:
    """Release what the rubrics withhold from students (`withhold: [expected, hints]`): record it in
    OUT/release.json and rewrite the students' feedback files and the class report's pages with the expected
    answers and hints. Run `grader export` again for exports made before.

    Example: `grader release out`. Exit codes: 0 released, 1 no gradebook there or an unknown assignment.
    """
    from grader.classroom.publish import release as release_answers

    _catch_up(out)
    released, rewritten = release_answers(out, assignment)
    if not released:
        typer.echo(f"released nothing: no rubric of {out} withholds anything")
        return
    files = "file" if len(rewritten) == 1 else "files"
    typer.echo(f"released {', '.join(released)}: {len(rewritten)} {files} rewritten in {out}")
