"""Commands for writing rubrics and reading answer documents: `grader rubric ...` and `grader import`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core
from rich.console import Console
from rich.table import Table
from rich.text import Text

from grader.cli.app import EXIT_BAD_INPUT, EXIT_SOME_FAILED, _Boundary, _existing_file, _fail, app
from grader.errors import InputError
from grader.render.terminal import visible

if TYPE_CHECKING:
    from grader.authoring.importer import Imported

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
    collide. Warnings: parts without tests, diagnoses that never fire, phrasings whose slash likely alternates
    more than meant (`real time/streaming` never finds "streaming" alone).

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
        typer.Argument(
            help="The answer document (.txt, .md, .ipynb, .docx, .pdf), or a folder of them.",
            exists=True,
            readable=True,
            show_default=False,
        ),
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
            help="Write the submission JSON here. Default: print it. For a folder of documents: the class "
            "folder to write (required), one submission per document and `import-summary.json`.",
            show_default=False,
        ),
    ] = None,
    student_id: Annotated[
        str | None,
        typer.Option(
            help="The student's id. Default: a `Student ID:` line or a `(number)` under the name at the top of "
            "the document, else the file name (without a leading `NNN_`).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[str | None, typer.Option(help="The student's name.", show_default=False)] = None,
) -> None:
    """Turn free-form answer documents into submissions: cut at question headings (`Q3)`, `## Question 2`,
    `2.`), matched to the rubric by question labels or text, and into parts by sub-part markers (`a)`,
    `Part b`), the lines that restate each part's prompt, or answer blocks in order. Reports on stderr where
    each part's answer was found, the parts not found, and every line not placed, with the reason; no text
    is dropped silently. Reads .txt, .md, .ipynb, .docx and .pdf (the last three need the `documents` extra).

    Example: `grader import answers.docx --rubric rubrics/dl-rnn-vs-lstm.yaml -o submission.json`, then
    `grader check submission.json`; a folder: `grader import hand-ins/ --rubric R -o class/`, then
    `grader grade class/`.

    Exit codes: 0 every part found (in every document), 3 some parts not found or some documents unreadable
    (the rest is still written), 1 bad input (an unreadable document, an invalid rubric, an output that
    cannot be written).
    """
    from grader.authoring.documents import read_document
    from grader.authoring.folder import fallback_id, import_folder
    from grader.authoring.importer import import_document
    from grader.io.loaders import load_rubric

    loaded = load_rubric(rubric)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    if document.is_dir():
        if output is None:
            raise _fail("importing a folder needs -o OUT_FOLDER, the class folder to write")
        results = import_folder(document, loaded, output)
        failed = False
        for item in results:
            if item.imported is None:
                failed = True
                err.print(visible(f"{item.document}: not imported: {item.error}"))
                continue
            failed = failed or bool(item.imported.missing)
            _report(err, item.document, len(loaded.parts()), item.imported)
            for note in item.notes:
                err.print(visible(f"  {note}"))
        written = sum(1 for item in results if item.written)
        err.print(
            visible(
                f"wrote {written} submissions of {len(results)} files to {output}, summary in "
                f"{output / 'import-summary.json'}",
                one_line=True,
            )
        )
        if failed:
            raise typer.Exit(EXIT_SOME_FAILED)
        return
    if output is not None and output.is_dir():
        raise _fail(f"{output} is a folder; for one document, -o names the submission file")
    text = read_document(document)
    result = import_document(text, loaded, student_id=student_id, name=name, fallback_id=fallback_id(document))
    data = result.submission.model_dump_json(indent=2, exclude_none=True) + "\n"
    _report(err, document, len(loaded.parts()), result)
    if output is None:
        sys.stdout.write(data)
    else:
        output.write_text(data, encoding="utf-8")
        err.print(f"wrote {output}")
    if result.missing:
        raise typer.Exit(EXIT_SOME_FAILED)


def _report(err: Console, document: Path, total: int, result: Imported) -> None:
    """Where each part's answer was found, the parts not found, every line not placed with the reason."""
    student = result.submission.student
    who = f"{student.id}" + (f" ({student.name})" if student.name else "")
    found = f"{total - len(result.missing)} of {total} parts found"
    # The document's name is often a student's upload, and the student id falls back to it.
    err.print(visible(f"{document}: {result.submission.assignment}, student {who}: {found}", one_line=True))
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
