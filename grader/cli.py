"""The command line: parse arguments, call the library once, render, exit with a documented code.

Exit codes: 0 graded (whatever the score), 1 bad input (a file that cannot be read or is invalid, no
rubric for the assignment), 2 usage error (unknown option, missing file argument).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from grader import __version__
from grader.errors import InputError
from grader.render import Format

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
        typer.echo(f"grader {__version__}")
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


@app.command()
def check(
    submission: Annotated[
        Path,
        typer.Argument(
            help="The submission JSON file.", exists=True, dir_okay=False, readable=True, show_default=False
        ),
    ],
    rubric: Annotated[
        Path | None,
        typer.Option(
            help="The rubric YAML file. Default: found in --rubrics-dir by the submission's `assignment`.",
            exists=True,
            dir_okay=False,
            readable=True,
            show_default=False,
        ),
    ] = None,
    rubrics_dir: Annotated[
        Path, typer.Option(help="Folder of rubrics to search when --rubric is not given.", file_okay=False)
    ] = Path("rubrics"),
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


def main() -> None:
    """Entry point of the `grader` command."""
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted")
        raise SystemExit(130) from None
