"""A folder of answer documents into a class folder: `import_folder(folder, rubric, out)`.

One submission JSON per document, named by the student's id (`safe_name`), written whole (`atomic_write`);
a document that cannot be read, or a file of a type grader does not read, is a result with the reason, and
the run goes on. `import-summary.json` in `out` lists every document: its student, the parts not found, every
line not placed with the reason, and the error if any.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from grader.authoring.documents import SUFFIXES, read_document
from grader.authoring.importer import Imported, import_document
from grader.errors import DocumentError, InputError
from grader.io.files import atomic_write, safe_name
from grader.models.rubric import Rubric

SUMMARY = "import-summary.json"


@dataclass(frozen=True, kw_only=True)
class DocumentResult:
    """What became of one file of the folder."""

    document: Path
    imported: Imported | None = None
    written: Path | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def fallback_id(path: Path) -> str:
    """The student id a document's name gives: its stem without a leading `NNN_`."""
    return re.sub(r"^\d+_", "", path.stem) or path.stem


def import_folder(folder: Path, rubric: Rubric, out: Path) -> list[DocumentResult]:
    """Import every file of `folder` (not its subfolders or hidden files) into `out`, in name order. Raises
    InputError when there is no file, or `out` is the folder itself or not a folder that can be written."""
    if out.resolve() == folder.resolve():
        raise InputError(f"{out}: the output folder is the documents folder; name another one")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; name a folder for the submissions")
    files = sorted(path for path in folder.iterdir() if not path.name.startswith(".") and not path.is_dir())
    if not files:
        raise InputError(f"{folder}: no files to import")
    results: list[DocumentResult] = []
    taken: dict[str, Path] = {}
    for path in files:
        if path.suffix.lower() not in SUFFIXES:
            results.append(DocumentResult(document=path, error=f"not a document type grader reads {SUFFIXES}"))
            continue
        try:
            text = read_document(path)
        except DocumentError as error:
            results.append(DocumentResult(document=path, error=str(error)))
            continue
        imported = import_document(text, rubric, fallback_id=fallback_id(path))
        student = imported.submission.student.id
        notes: list[str] = []
        name = safe_name(student)
        if name.casefold() in taken:  # macOS and Windows file names ignore case
            notes.append(f"student id {student!r} is also in {taken[name.casefold()].name}; named after the file")
            name = safe_name(f"{student}-{path.stem}")
        taken[name.casefold()] = path
        target = out / f"{name}.json"
        _write(target, imported.submission.model_dump_json(indent=2, exclude_none=True) + "\n")
        results.append(DocumentResult(document=path, imported=imported, written=target, notes=notes))
    _write(out / SUMMARY, json.dumps(summary(results), indent=2, ensure_ascii=False) + "\n")
    return results


def _write(path: Path, text: str) -> None:
    try:
        atomic_write(path, text)
    except OSError as error:
        raise InputError(f"{path}: cannot write it ({error.strerror}); choose a folder you can write") from None


def summary(results: list[DocumentResult]) -> list[dict[str, object]]:
    """The summary file's content: one entry per file."""
    entries: list[dict[str, object]] = []
    for result in results:
        entry: dict[str, object] = {"document": result.document.name}
        if result.imported is not None:
            entry["student"] = result.imported.submission.student.model_dump(exclude_none=True)
            entry["submission"] = result.written.name if result.written else None
            entry["missing"] = result.imported.missing
            entry["unplaced"] = [{"line": u.line, "text": u.text, "reason": u.reason} for u in result.imported.unplaced]
        if result.error:
            entry["error"] = result.error
        if result.notes:
            entry["notes"] = result.notes
        entries.append(entry)
    return entries
