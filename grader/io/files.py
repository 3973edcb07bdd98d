"""Files grader writes into an output folder: whole or not at all, under names that cannot leave it.

Names are built only from validated rubric ids and `safe_name` of student ids; `inside` checks every
path against the output folder before anything is written, so no value in a submission can place a
file elsewhere (`x/../../other-class/gradebook`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from grader.errors import InputError

if TYPE_CHECKING:
    from grader.models.report import Report

MAX_NAME = 80  # characters of an id kept in a file name (file systems allow 255 bytes; UTF-8 takes up to 4)
_UNSAFE = re.compile(r"[^\w.-]|^[.-]")  # \w: Unicode letters and digits, and `_`
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$")  # device names on Windows


def safe_name(student_id: str) -> str:
    """A file name for a student id, one per id: its letters (any script), digits, `.`, `-` and `_`; when
    anything else was replaced or the id was cut, a short hash of the exact id keeps ids apart
    (`a/b` -> `a_b-3f1c2b9e`, `a_b` -> `a_b`)."""
    text = unicodedata.normalize("NFC", student_id)
    name = _UNSAFE.sub("_", text)[:MAX_NAME]
    if name == text and not _RESERVED.match(name):
        return name
    digest = hashlib.sha256(student_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{name}-{digest}"


def name_key(student_id: str) -> str:
    """What two ids must differ in to get their own files, on any file system: the safe name, case-folded
    (macOS and Windows file names ignore case)."""
    return safe_name(student_id).casefold()


def student_path(folder: Path, assignment: str, student_id: str, suffix: str) -> Path:
    """`folder/<assignment>/<safe id><suffix>`: a student's file for one assignment. Raises InputError if it
    would not lie inside `folder` (the assignment is always a rubric's id, so it never happens). The file's
    folder is checked once per process: a safe name is one plain name in it, and a link planted at the file
    itself is replaced by `atomic_write`, never written through."""
    inside(folder, folder / assignment, cached=True)
    return folder / assignment / f"{safe_name(student_id)}{suffix}"


def inside(out: Path, path: Path, *, cached: bool = False) -> Path:
    """`path`, checked to lie inside `out` (after resolving `..` and links; `cached`: `path` resolved once per
    process, for a folder thousands of files go into). Raises InputError."""
    if not (_resolved(path) if cached else path.resolve()).is_relative_to(_resolved(out)):
        raise InputError(f"refusing to write {path}: it is outside the output folder {out}")
    return path


@lru_cache(maxsize=256)
def _resolved(folder: Path) -> Path:
    """A folder resolved, once per process (a class writes thousands of files into one folder)."""
    return folder.resolve()


def atomic_write(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then renamed over it (atomic on POSIX), so
    an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk must not leave a stray half file either
        raise


def write_student(out: Path, report: Report, markdown: str, dumped: str | None = None) -> None:
    """A student's feedback (`.md`), then report (`.json`: its presence marks both whole), for one assignment;
    `dumped`, the report's JSON when the caller has it already."""
    student = report.student.id
    atomic_write(student_path(out / "students", report.assignment, student, ".md"), markdown)
    atomic_write(student_path(out / "students", report.assignment, student, ".json"),
                 (dumped if dumped is not None else report.model_dump_json(indent=2)) + "\n")  # fmt: skip
