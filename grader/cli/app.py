"""The `grader` application: exit codes, the one error boundary, options shared by the commands."""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.text import Text

from grader.errors import GraderError
from grader.render.terminal import visible

EXIT_OK = 0  # graded, whatever the score
EXIT_BAD_INPUT = 1  # a file that cannot be read, is invalid or cannot be written
EXIT_USAGE = 2  # an unknown option, a missing argument
EXIT_SOME_FAILED = 3  # grade and import: some files could not be used, the rest were


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


def _write(text: str, output: Path | None) -> None:
    """`text` to the file, or to standard output."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror}") from None


OutDirArgument = Annotated[
    Path,
    typer.Argument(
        help="The output folder of `grader grade` (it holds gradebook.sqlite).", file_okay=False, show_default=False
    ),
]


def _usage(message: str) -> typer.Exit:
    Console(stderr=True, highlight=False).print(Text.assemble(("usage error: ", "bold red"), message))
    return typer.Exit(EXIT_USAGE)
