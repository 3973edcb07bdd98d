"""Commands on one thing: `grader check` (a submission), `grader compare` (two pieces of math),
`grader params` (a model's parameter counts)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.errors import InputError
from grader.models.formats import Format, Kind

if TYPE_CHECKING:
    from grader.authoring.compare import Case, Comparison
from grader.cli.app import RubricOption, RubricsDirOption, _existing_file, _fail, _write, app


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
    use_cache: Annotated[
        bool,
        typer.Option(
            "--cache/--no-cache",
            help="Remember the validated rubric and each answer's verdict between runs (in $GRADER_CACHE_DIR, "
            "else ~/.cache/grader; GRADER_CACHE=0 turns it off), so an unchanged answer is not checked again.",
        ),
    ] = True,
) -> None:
    """Grade one submission and print its report.

    Example: `grader check submissions/000_bbf2462fc864e187.json --format markdown`. Inside a Gradescope
    autograder: `grader check submission.json --rubric rubric.yaml -f gradescope -o /autograder/results/results.json`.

    Exit codes: 0 graded (whatever the score), 1 bad input (invalid JSON or rubric, unknown
    assignment), 2 usage error.
    """
    from grader.grading import grade
    from grader.io.cache import DiskCache, VerdictCache
    from grader.io.loaders import find_rubric, load_rubric, load_submission
    from grader.render import render

    try:
        loaded = load_submission(submission)
        with DiskCache.default() if use_cache else DiskCache(None) as disk:
            rubric_path = rubric or find_rubric(loaded.assignment, rubrics_dir, disk)
            graded = load_rubric(rubric_path, disk)
            report = grade(graded, loaded, cache=VerdictCache(disk, graded))
    except InputError as error:
        if fmt is Format.GRADESCOPE:  # an autograder shows results.json, so it must say what went wrong
            failed = {"score": 0, "output": f"grader could not grade this submission: {error}", "tests": []}
            _write(json.dumps(failed, indent=2, ensure_ascii=False) + "\n", output)
        raise _fail(str(error)) from None
    color = output is None and fmt is Format.TEXT and sys.stdout.isatty()
    width = Console().width if color else 100
    _write(render(report, fmt, color=color, width=width), output)


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

    VerdictCache: `equivalent`, `not_equivalent`, `undetermined` (could not be read or decided; a grader
    would send it to review). Exit codes: 0 compared (whatever the verdicts), 1 bad input (an unreadable
    expected answer, declaration or cases file), 2 usage error.
    """
    from grader.authoring.compare import Case, compare_all, expected_problem, read_cases
    from grader.models.common import Notation
    from grader.models.rubric import Limits

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
    case = Case(id="compare", expected=expected, answer=answer, kind=kind, context=notation)
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
