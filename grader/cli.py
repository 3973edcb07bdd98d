"""The command line: parse arguments, call the library once, render, exit with a documented code.

Exit codes: 0 graded (whatever the score), 1 bad input (a file that cannot be read or is invalid, no
rubric for the assignment), 2 usage error (unknown option, missing file argument).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.errors import InputError
from grader.render import Format

if TYPE_CHECKING:
    from grader.compare import Case, Comparison

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2

app = typer.Typer(
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
    Console(stderr=True, highlight=False, soft_wrap=True).print(Text.assemble(("error: ", "bold red"), message))
    return typer.Exit(EXIT_BAD_INPUT)


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
        typer.Argument(
            help="The submission JSON file.", exists=True, dir_okay=False, readable=True, show_default=False
        ),
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

    Example: `grader check submissions/000_bbf2462fc864e187.json --format markdown`

    Exit codes: 0 graded (whatever the score), 1 bad input (invalid JSON or rubric, unknown
    assignment), 2 usage error.
    """
    from grader.grading import grade
    from grader.loaders import find_rubric, load_rubric, load_submission
    from grader.render import render

    try:
        loaded = load_submission(submission)
        rubric_path = rubric or find_rubric(loaded.assignment, rubrics_dir)
        report = grade(load_rubric(rubric_path), loaded)
    except InputError as error:
        raise _fail(str(error)) from None
    color = output is None and fmt is Format.TEXT and sys.stdout.isatty()
    width = Console().width if color else 100
    text = render(report, fmt, color=color, width=width)
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

    Writes OUT/gradebook.csv (one row per submission: scores per part and question, total, max, status ok,
    needs_review or error, message), OUT/students/<id>.json and .md, and OUT/summary.json. A rerun reuses
    the results of submissions whose file and rubric did not change. Example: `grader grade class/ --jobs 2`.

    Exit codes: 0 all graded (review flags included), 3 some submissions could not be graded (outputs
    still written), 1 nothing could be done (no such folder, invalid rubric), 2 usage error.
    """
    from grader.batch import grade_class
    from grader.gradebook import write_outputs

    target = out or class_dir.resolve().parent / f"{class_dir.resolve().name}-grades"
    started = time.perf_counter()
    err = Console(stderr=True, highlight=False)
    with _progress(err) as update:
        try:
            outcome = grade_class(class_dir, target, rubric_file=rubric, rubrics_dir=rubrics_dir, jobs=jobs,
                                  progress=update)  # fmt: skip
        except InputError as error:
            raise _fail(str(error)) from None
    write_outputs(target, outcome)
    rows = outcome.rows
    counts = Counter(row.status for row in rows)
    graded = counts["ok"] + counts["needs_review"]
    seconds = time.perf_counter() - started
    reused = f", {outcome.reused} reused from the last run" if outcome.reused else ""
    typer.echo(
        f"graded {graded} of {len(rows)} submissions: {counts['needs_review']} need review, "
        f"{counts['error']} errors{reused}, in {seconds:.1f} s -> {target}"
    )
    for row in rows:
        if row.status == "error":
            err.print(Text.assemble(("error: ", "bold red"), f"{row.file}: {row.message}"))
    if counts["error"]:
        raise typer.Exit(EXIT_SOME_FAILED)


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on a terminal; plain lines (every tenth of the class) otherwise."""
    if console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        with Progress("grading", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console) as bar:
            task = bar.add_task("grading", total=None)

            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

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
    from grader.compare import Case, compare_all, expected_problem, read_cases
    from grader.rubric import Limits, Notation

    limits = Limits(time=time_limit)
    if cases is not None:
        if expected is not None or answer is not None:
            raise typer.BadParameter("give either EXPECTED and ANSWER or --cases, not both")
        try:
            text = sys.stdin.read() if str(cases) == "-" else cases.read_text(encoding="utf-8-sig")
            loaded = read_cases(text.splitlines(), str(cases))
        except OSError as error:
            raise _fail(f"cannot read {cases}: {error.strerror}") from None
        except InputError as error:
            raise _fail(str(error)) from None
        _compare_cases(loaded, compare_all(loaded, limits))
        return
    if expected is None or answer is None:
        raise typer.BadParameter("give EXPECTED and ANSWER, or --cases FILE")
    try:
        notation = Notation(matrices=matrix or [], functions=function or [], aliases=_aliases(alias or []))
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
        typer.Argument(
            help="A model spec (YAML), or a rubric whose `models` hold the model.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
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
    from grader.loaders import load_model
    from grader.params.base import show_shape
    from grader.params.model import count_model

    try:
        name, loaded = load_model(spec, model)
        counted = count_model(loaded)
    except InputError as error:
        raise _fail(str(error)) from None
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


def main() -> None:
    """Entry point of the `grader` command."""
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted")
        raise SystemExit(130) from None
