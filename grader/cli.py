"""The command line: parse arguments, call the library once, render, exit with a documented code.

Exit codes: 0 graded (whatever the score), 1 bad input (a file that cannot be read or is invalid, no
rubric for the assignment) or a file that cannot be written (a read-only folder, a full disk, a damaged
gradebook), 2 usage error (unknown option, missing file argument). Every such failure is one `error:`
line on standard error, from one place (`_Boundary`), never a traceback.
"""

from __future__ import annotations

import errno
import gc
import json
import re
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.errors import GraderError, InputError
from grader.models.formats import ExportFormat, Format
from grader.render.terminal import visible

if TYPE_CHECKING:
    from grader.authoring.compare import Case, Comparison

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


class _Boundary(typer.core.TyperGroup):
    """The one place where a failure of any command becomes an `error:` line and exit code 1: grader's own
    errors, files that cannot be read or written, a gradebook database that cannot be used."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (GraderError, OSError, sqlite3.Error) as error:
            raise _fail(_describe(error)) from None


def _describe(error: BaseException) -> str:
    """An error as one line for the person at the keyboard: what, which file, what to do."""
    if isinstance(error, OSError) and not isinstance(error, GraderError):
        where = f"{error.filename}: " if error.filename else ""
        fixes = {
            errno.ENOSPC: "the disk is full: free space and run the command again (finished work is kept)",
            errno.EROFS: "the file system is read-only: choose a writable folder",
            errno.EACCES: "permission denied: check its permissions, or choose another file or folder",
            errno.EPERM: "permission denied: check its permissions, or choose another file or folder",
        }
        fix = fixes.get(error.errno or 0, error.strerror or type(error).__name__)
        return f"{where}{fix}"
    if isinstance(error, sqlite3.Error):
        return f"the gradebook database: {error}; move gradebook.sqlite away (keep a copy) and grade again"
    return str(error)


app = typer.Typer(
    cls=_Boundary,
    name="grader",
    help="Grade deep-learning theory homework: numbers, derived equations and explanations, with feedback.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)


def _version(value: bool) -> None:
    if value:
        import grader

        typer.echo(f"grader {grader.__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Grade deep-learning theory homework: numbers, derived equations and explanations, with feedback."""


def _fail(message: str) -> typer.Exit:
    # Messages quote file names and file content: shown, never obeyed, by the terminal.
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        Text.assemble(("error: ", "bold red"), visible(message))
    )
    return typer.Exit(EXIT_BAD_INPUT)


def _existing_file(help_text: str) -> Any:
    """A command's argument that names a file that must exist."""
    return typer.Argument(help=help_text, exists=True, dir_okay=False, readable=True, show_default=False)


RubricOption = Annotated[
    Path | None,
    typer.Option(
        help="The rubric YAML file. Default: found in --rubrics-dir by each submission's `assignment`.",
        exists=True,
        dir_okay=False,
        readable=True,
        show_default=False,
    ),
]
RubricsDirOption = Annotated[
    Path, typer.Option(help="Folder of rubrics to search when --rubric is not given.", file_okay=False)
]


@app.command()
def check(
    submission: Annotated[
        Path,
        _existing_file("The submission JSON file."),
    ],
    rubric: RubricOption = None,
    rubrics_dir: RubricsDirOption = Path("rubrics"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TEXT,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to this file instead of the terminal.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Grade one submission and print its report.

    Example: `grader check submissions/000_bbf2462fc864e187.json --format markdown`. Inside a Gradescope
    autograder: `grader check submission.json --rubric rubric.yaml -f gradescope -o /autograder/results/results.json`.

    Exit codes: 0 graded (whatever the score), 1 bad input (invalid JSON or rubric, unknown
    assignment), 2 usage error.
    """
    from grader.grading import grade
    from grader.io.loaders import find_rubric, load_rubric, load_submission
    from grader.render import render

    try:
        loaded = load_submission(submission)
        rubric_path = rubric or find_rubric(loaded.assignment, rubrics_dir)
        report = grade(load_rubric(rubric_path), loaded)
    except InputError as error:
        if fmt is Format.GRADESCOPE:  # an autograder shows results.json, so it must say what went wrong
            failed = {"score": 0, "output": f"grader could not grade this submission: {error}", "tests": []}
            _write(json.dumps(failed, indent=2, ensure_ascii=False) + "\n", output)
        raise _fail(str(error)) from None
    color = output is None and fmt is Format.TEXT and sys.stdout.isatty()
    width = Console().width if color else 100
    _write(render(report, fmt, color=color, width=width), output)


def _write(text: str, output: Path | None) -> None:
    """`text` to the file, or to standard output."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror}") from None


class Kind(StrEnum):
    """What `grader compare` compares."""

    EXPRESSION = "expression"
    EQUATION = "equation"
    NUMBER = "number"


EXIT_SOME_FAILED = 3


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
    from grader.classroom.batch import RowStatus, grade_class
    from grader.classroom.outputs import write_outputs

    target = out or class_dir.resolve().parent / f"{class_dir.resolve().name}-grades"
    started = time.perf_counter()
    err = Console(stderr=True, highlight=False)
    with _progress(err) as update:
        outcome = grade_class(class_dir, target, rubric_file=rubric, rubrics_dir=rubrics_dir, jobs=jobs,
                              progress=update)  # fmt: skip
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


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal; plain lines (every tenth of the class) otherwise. The bar is redrawn by
    the updates, not by a thread of its own: workers are forked, and forking a process with threads risks
    deadlocks in the children."""
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        columns = ("grading", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, auto_refresh=False) as bar:
            task = bar.add_task("grading", total=None)
            drawn = [0.0]

            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)
                if done == total or time.monotonic() - drawn[0] >= 0.1:
                    bar.refresh()
                    drawn[0] = time.monotonic()

            yield update
        return
    shown = [-1]

    def lines(done: int, total: int) -> None:
        step = max(1, total // 10)
        if done == total or done // step > shown[0]:
            shown[0] = done // step
            console.print(f"graded {done}/{total}")

    yield lines


@app.command()
def compare(
    expected: Annotated[
        str | None, typer.Argument(help="The expected answer, read like a rubric's.", show_default=False)
    ] = None,
    answer: Annotated[
        str | None, typer.Argument(help="The answer to judge, read like a student's.", show_default=False)
    ] = None,
    kind: Annotated[Kind, typer.Option(help="How to compare.")] = Kind.EXPRESSION,
    cases: Annotated[
        Path | None,
        typer.Option(
            help="A JSON-lines file of cases `{id, expected, answer, kind?, context?}` (`-` for standard input); "
            "writes one JSON line per case `{id, verdict, interpreted_as, note, ms}` to standard output.",
            dir_okay=False,
            allow_dash=True,
            show_default=False,
        ),
    ] = None,
    matrix: Annotated[
        list[str] | None,
        typer.Option("--matrix", help="Declare a symbol a matrix (repeatable), e.g. --matrix W.", show_default=False),
    ] = None,
    function: Annotated[
        list[str] | None,
        typer.Option("--function", help="Declare a function name (repeatable), e.g. --function f.", show_default=False),
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(
            "--alias",
            help="Declare other spellings of a symbol (repeatable): --alias '\\tilde{c}=g,\\bar{c}'.",
            show_default=False,
        ),
    ] = None,
    index: Annotated[
        list[str] | None,
        typer.Option(
            "--index", help="Declare a free index (repeatable): --index i reads p_i as p.", show_default=False
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time", min=0.1, max=120, help="Seconds one comparison may take.")
    ] = 2.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as one JSON object.")] = False,
) -> None:
    """Compare an answer with an expected answer, as a graded part would, and say how it was read.

    Examples: `grader compare 'c_t = f_t*c_{t-1} + i_t*g_t' 'c_t = i_t ⊙ g_t + f_t ⊙ c_{t-1}' --kind equation`;
    `grader compare --cases tests/data/math_cases.jsonl > verdicts.jsonl`.

    Verdicts: `equivalent`, `not_equivalent`, `undetermined` (could not be read or decided; a grader
    would send it to review). Exit codes: 0 compared (whatever the verdicts), 1 bad input (an unreadable
    expected answer, declaration or cases file), 2 usage error.
    """
    from grader.authoring.compare import Case, compare_all, expected_problem, read_cases
    from grader.models.rubric import Limits, Notation

    limits = Limits(time=time_limit)
    if cases is not None:
        if expected is not None or answer is not None:
            raise typer.BadParameter("give either EXPECTED and ANSWER or --cases, not both")
        text = sys.stdin.read() if str(cases) == "-" else cases.read_text(encoding="utf-8-sig")
        loaded = read_cases(text.splitlines(), str(cases))
        _compare_cases(loaded, compare_all(loaded, limits))
        return
    if expected is None or answer is None:
        raise typer.BadParameter("give EXPECTED and ANSWER, or --cases FILE")
    try:
        notation = Notation(
            matrices=matrix or [], functions=function or [], aliases=_aliases(alias or []), indices=index or []
        )
    except ValueError as error:
        raise _fail(str(error)) from None
    case = Case(id="compare", expected=expected, answer=answer, kind=kind.value, context=notation)
    problem = expected_problem(case)
    if problem:
        raise _fail(f"the expected answer: {problem}")
    (result,) = compare_all([case], limits)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    console = Console(highlight=False, soft_wrap=True)
    styles = {"equivalent": "bold green", "not_equivalent": "bold red", "undetermined": "bold yellow"}
    console.print(Text(result.verdict.value, style=styles[result.verdict.value]))
    if result.interpreted_as:
        console.print(Text.assemble(("  read as: ", "dim"), result.interpreted_as))
    if result.interpreted_latex:
        console.print(Text.assemble(("  LaTeX:   ", "dim"), result.interpreted_latex))
    if result.note:
        console.print(Text.assemble(("  why:     ", "dim"), result.note))


@app.command()
def params(
    spec: Annotated[
        Path,
        _existing_file("A model spec (YAML), or a rubric whose `models` hold the model."),
    ],
    model: Annotated[
        str | None,
        typer.Argument(help="The model's name in the rubric (needed when it defines several).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as one JSON object.")] = False,
) -> None:
    """Count a model's parameters layer by layer, like Keras's `model.summary()`, with each formula.

    Examples: `grader params model.yaml`; `grader params rubrics/dl-rnn-vs-lstm.yaml text-classifier --json`.

    Exit codes: 0 counted, 1 bad input (an unknown layer or argument, sizes that do not fit, no such
    model), 2 usage error.
    """
    from grader.io.loaders import load_model
    from grader.params.base import show_shape
    from grader.params.model import count_model

    name, loaded = load_model(spec, model)
    counted = count_model(loaded)
    if as_json:
        layers = [
            {"index": layer.index, "type": layer.type, "params": layer.params, "formula": layer.formula}
            for layer in counted.layers
        ]
        payload = {"framework": counted.framework, "layers": layers, "total": counted.total}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{name} ({counted.framework})", title_justify="left", show_footer=True)
    table.add_column("Layer (type)", footer="Total params")
    table.add_column("Output shape")
    table.add_column("Formula")
    table.add_column("Params", justify="right", footer=f"{counted.total:,}")
    for layer in counted.layers:
        table.add_row(f"{layer.name} ({layer.type})", show_shape(layer.output), layer.formula, f"{layer.params:,}")
    Console(highlight=False, soft_wrap=False, width=max(Console().width, 100)).print(table)


def _aliases(entries: list[str]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for entry in entries:
        symbol, equals, others = entry.partition("=")
        if not equals or not symbol.strip() or not others.strip():
            raise typer.BadParameter(f"{entry!r}: write --alias 'symbol=other,other'", param_hint="--alias")
        table.setdefault(symbol.strip(), []).extend(other.strip() for other in others.split(",") if other.strip())
    return table


def _compare_cases(cases: list[Case], results: Iterator[Comparison]) -> None:
    """Write each result as a JSON line; on standard error, a summary and the cases that disagree."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    counts: Counter[str] = Counter()
    disagree: list[str] = []
    started = time.perf_counter()
    for case, result in zip(cases, results, strict=True):
        sys.stdout.write(result.line() + "\n")
        sys.stdout.flush()
        counts[result.verdict.value] += 1
        if case.verdict is not None and case.verdict != result.verdict:
            disagree.append(f"{case.id}: expected {case.verdict.value}, got {result.verdict.value}")
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{counts[v]} {v}" for v in ("equivalent", "not_equivalent", "undetermined"))
    err.print(f"{len(cases)} cases: {summary} ({seconds:.2f} s)")
    if disagree:
        err.print(f"{len(disagree)} disagree with the verdict their line gives:")
        for line in disagree:
            err.print(f"  {line}")


OutDirArgument = Annotated[
    Path,
    typer.Argument(
        help="The output folder of `grader grade` (it holds gradebook.sqlite).", file_okay=False, show_default=False
    ),
]


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


def _usage(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(Text.assemble(("usage error: ", "bold red"), message))
    return typer.Exit(EXIT_USAGE)


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
) -> None:
    """Export final grades (human decisions applied): `csv` (the gradebook), `canvas` (gradebook import CSV),
    `moodle` (grade import CSV with a feedback column), `gradescope` (a results.json per submission).

    Exit codes: 0 written, 1 no gradebook there or a bad --column, 2 usage error.
    """
    from grader.classroom.publish import export as write_export

    columns = {}
    for entry in column or []:
        name, sep, value = entry.partition("=")
        if not sep or not name or not value:
            raise _fail(f"--column {entry!r}: write ASSIGNMENT=NAME, e.g. 'rnn-lstm-theory=Homework 3'")
        columns[name] = value
    _catch_up(out)
    written = write_export(out, to, output, columns)
    shown = written[0] if len(written) == 1 else f"{len(written)} files under {written[0].parent.parent}"
    typer.echo(f"wrote {shown}")


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


rubric_app = typer.Typer(
    cls=_Boundary,
    help="Write and prove rubrics: validate, self-test, suggestions from a graded class, JSON Schema, a starter file.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(rubric_app, name="rubric")
RubricFiles = Annotated[
    list[Path],
    _existing_file("Rubric YAML files."),
]


@rubric_app.command("validate")
def rubric_validate(
    files: RubricFiles,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check rubrics: the schema (with file, line and path), every expected answer, alternative and mistake
    readable, models that compute, points that add up (`points:` of questions and of the rubric, concepts
    that can reach a part's points), known mistakes that are not the expected answer, aliases that do not
    collide. Warnings: parts without tests.

    Exit codes: 0 valid, 1 some file invalid (or has warnings, with --strict).
    """
    from grader.authoring.selftest import lint
    from grader.io.loaders import load_rubric
    from grader.sandbox import Sandboxes

    failed = False
    console = Console(highlight=False, soft_wrap=True, markup=False)
    with Sandboxes() as runners:
        for file in files:
            try:
                rubric = load_rubric(file)
            except InputError as error:
                console.print(visible(str(error)))
                failed = True
                continue
            findings = lint(rubric, runners.capped(rubric.limits.memory_mb))
            lines = _lines_of(file)
            for kind, problems in (("error", findings.errors), ("warning", findings.warnings)):
                for problem in problems:
                    line = _line(problem.path, lines)
                    console.print(visible(f"{file}:{line}: {kind}: {problem.path}: {problem.message}"))
            parts = len(rubric.parts())
            verdict = "invalid" if findings.errors else "valid"
            warned = f", {len(findings.warnings)} warnings" if findings.warnings else ""
            console.print(f"{file}: {verdict} ({parts} parts, {rubric.max_score:g} points{warned})")
            failed |= bool(findings.errors) or (strict and bool(findings.warnings))
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


def _lines_of(file: Path) -> dict[str, int]:
    from grader.io.loaders import yaml_lines

    return yaml_lines(file.read_text(encoding="utf-8"), str(file))


def _line(path: str, lines: dict[str, int]) -> int:
    from grader.errors import line_for

    return line_for(path, lines) or 1


@rubric_app.command("test")
def rubric_test(
    files: RubricFiles,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing tests too.")] = False,
) -> None:
    """Run the self-tests of rubrics (each part's `tests:`: an answer and the status, score or note it must
    get) and print a pass/fail table.

    Exit codes: 0 all passed, 1 a test failed or a rubric is invalid.
    """
    from grader.authoring.selftest import self_test
    from grader.classroom.review import shorten
    from grader.io.loaders import load_rubric
    from grader.sandbox import Sandboxes

    console = Console(highlight=False, soft_wrap=True)
    failed = False
    with Sandboxes() as runners:
        for file in files:
            rubric = load_rubric(file)  # an invalid rubric: the error boundary says why
            results = self_test(rubric, runners.capped(rubric.limits.memory_mb))
            lines = _lines_of(file)
            table = Table(title=f"{file}", title_justify="left", show_lines=False)
            for column in ("", "part", "test", "answer", "expected", "got"):
                table.add_column(column, overflow="fold")
            for result in results:
                if result.passed and not verbose:
                    continue
                got = f"{result.got.status.value} {result.got.score:g}/{result.got.max_score:g} {result.got.note}"
                mark = Text("pass", "green") if result.passed else Text("FAIL", "bold red")
                where = f"{result.name} (line {_line(result.path, lines)})".strip()
                # Cells as Text, not strings: a rubric's answers are neither rich markup nor terminal commands.
                table.add_row(mark, Text(visible(result.part_id)), Text(visible(where)),
                              Text(visible(shorten(result.answer, 60) or "(blank)")), Text(visible(result.expected)),
                              Text(visible(got)))  # fmt: skip
            passed = sum(result.passed for result in results)
            if table.row_count:
                console.print(table)
            parts = {result.part_id for result in results}
            untested = len(rubric.parts()) - len(parts)
            note = f"; {untested} parts have no tests" if untested else ""
            console.print(f"{file}: {passed}/{len(results)} tests passed over {len(parts)} parts{note}")
            failed |= passed < len(results)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


@rubric_app.command("suggest")
def rubric_suggest(
    rubric_file: Annotated[Path, _existing_file("The rubric of the graded assignment.")],
    out: Annotated[
        Path,
        typer.Argument(
            help="The output folder of `grader grade` (its gradebook.sqlite).",
            exists=True,
            file_okay=False,
            show_default=False,
        ),
    ],
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Show groups of at least this many clauses.")] = 2,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", dir_okay=False, show_default=False)
    ] = None,
) -> None:
    """After `grader grade`: for each text part, the clauses of the class's answers that matched no phrasing,
    grouped by what they say, largest group first, each with quotes, its shared words and the concept it is
    closest to, so that phrasings or concepts can be added in minutes. With the `semantic` extra installed,
    groups are formed by sentence vectors; otherwise by shared words.

    Exit codes: 0 written, 1 no gradebook in OUT or an invalid rubric.
    """
    from grader.authoring.suggest import suggest
    from grader.classroom.store import FILE, Gradebook
    from grader.io.loaders import load_rubric
    from grader.render.suggestions import render_suggestions
    from grader.semantic import available

    rubric = load_rubric(rubric_file)
    if not (out / FILE).is_file():
        raise _fail(f"{out}: no {FILE}: run `grader grade CLASS_DIR --out {out}` first")
    answers: dict[str, list[str]] = {}
    with Gradebook.of(out) as book:
        for row in book.results():
            if row["assignment"] == rubric.assignment and row["kind"] == "text":
                answers.setdefault(row["part_id"], []).append(row["answer"])
    text = render_suggestions(rubric.title, suggest(rubric, answers, min_size=min_size, semantic=available()))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")


@rubric_app.command("schema")
def rubric_schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", dir_okay=False, show_default=False)
    ] = None,
) -> None:
    """Print the JSON Schema of the rubric format (generated from grader's models), for editors: put
    `# yaml-language-server: $schema=rubric.schema.json` on a rubric's first line to get completion and
    checking in editors that use the YAML language server (VS Code's YAML extension, Neovim, ...)."""
    from grader.models.rubric import Rubric

    text = json.dumps(Rubric.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@rubric_app.command("new")
def rubric_new(
    assignment: Annotated[str, typer.Argument(help="The assignment id, e.g. lstm-hw3.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of printing (never overwrites).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print a commented starter rubric with one part of each check type (number, expression, equation, text,
    set, choice, params), each with self-tests; it validates and passes its tests as written.

    Exit codes: 0 written, 1 a bad id or the output file exists.
    """
    from grader.authoring.scaffold import starter_rubric

    try:
        text = starter_rubric(assignment)
    except ValueError as error:
        raise _fail(str(error)) from None
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists():
        raise _fail(f"{output} exists; choose another file or remove it first")
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}: edit it, then `grader rubric validate {output}` and `grader rubric test {output}`")


@app.command("import")
def import_(
    document: Annotated[
        Path,
        _existing_file("The answer document: plain text or Markdown."),
    ],
    rubric: Annotated[
        Path,
        typer.Option(
            help="The rubric of the assignment.", exists=True, dir_okay=False, readable=True, show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the submission JSON here. Default: print it.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    student_id: Annotated[
        str | None,
        typer.Option(
            help="The student's id. Default: a `(number)` under the name at the top of the document, "
            "else the file name (without a leading `NNN_`).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[str | None, typer.Option(help="The student's name.", show_default=False)] = None,
) -> None:
    """Turn a free-form answer document into a submission: cut at question headings (`Q3)`, `1.1.2 Question 2`),
    matched to the rubric by question labels or text, and into parts by the lines that restate each part's
    prompt. Reports on stderr where each part's answer was found, the parts not found, and every line not
    placed, with the reason; no text is dropped silently.

    Example: `grader import answers.md --rubric rubrics/dl-rnn-vs-lstm.yaml -o submission.json`, then
    `grader check submission.json`.

    Exit codes: 0 every part found, 3 some parts not found (the submission is still written), 1 bad input.
    """
    from grader.authoring.importer import import_document
    from grader.io.loaders import load_document, load_rubric

    loaded = load_rubric(rubric)
    text = load_document(document)
    fallback = re.sub(r"^\d+_", "", document.stem) or document.stem
    result = import_document(text, loaded, student_id=student_id, name=name, fallback_id=fallback)
    data = result.submission.model_dump_json(indent=2, exclude_none=True) + "\n"
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    student = result.submission.student
    who = f"{student.id}" + (f" ({student.name})" if student.name else "")
    total = len(loaded.parts())
    found = f"{total - len(result.missing)} of {total} parts found"
    # The document's name is often a student's upload, and the student id falls back to it.
    err.print(visible(f"{document}: {loaded.assignment}, student {who}: {found}", one_line=True))
    for pid, numbers in result.lines.items():
        err.print(f"  {pid:28} lines {_ranges(numbers)}")
    for question in result.shared:
        err.print(f"  {question}: no line names its parts; its whole answer goes to each part")
    if result.missing:
        err.print(f"not found: {', '.join(result.missing)}")
    if result.unplaced:
        err.print(f"not placed ({len(result.unplaced)} lines):")
        for item in result.unplaced:
            err.print(visible(f"  line {item.line}: {_shorten(item.text)} ({item.reason})"))
    if output is None:
        sys.stdout.write(data)
    else:
        output.write_text(data, encoding="utf-8")
        err.print(f"wrote {output}")
    if result.missing:
        raise typer.Exit(EXIT_SOME_FAILED)


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in sorted(set(numbers)):
        if spans and n <= spans[-1][1] + 2:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def _shorten(text: str) -> str:
    line = " ".join(text.split())
    return repr(line if len(line) <= 90 else line[:89] + "…")


def main() -> None:
    """Entry point of the `grader` command."""
    gc.freeze()  # the modules just imported live as long as the command: no collection needs to walk them again
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted")
        raise SystemExit(130) from None
