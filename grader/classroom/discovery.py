"""Which files of a class folder are submissions: `*.json` in it and `<student>/submission.json` one level
down; entries that look like submissions but cannot be read as files (a folder named `x.json`, a pipe, a
link out of the class folder or nowhere) are listed with their problem, so that each gets its own row."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Found:
    """A file of the class folder that looks like a submission, and why it cannot be read, if it cannot."""

    path: Path
    file: str  # its path inside the class folder
    problem: str | None = None


def discover(class_dir: Path) -> list[Found]:
    """Every submission of a class folder: `*.json` in it, and `<student>/submission.json` one level down, in
    path order. Entries that cannot be submissions but look like them (a folder named `x.json`, a pipe, a
    device, a link that leads out of the class folder or nowhere) are listed with their problem, so that
    each gets a row."""
    base = class_dir.resolve()
    found: list[Found] = []
    for entry in sorted(os.scandir(class_dir), key=lambda e: e.name):
        path = Path(entry.path)
        nested = path / "submission.json"
        if path.is_dir() and os.path.lexists(nested):  # a student's folder, or a link to one
            found.append(Found(path=nested, file=f"{entry.name}/submission.json", problem=_problem(nested, base)))
        elif entry.name.endswith(".json"):
            found.append(Found(path=path, file=entry.name, problem=_problem(path, base)))
    return found


def _within(path: Path, base: Path) -> Path | str:
    """Where `path` leads, or why it may not be followed: outside the class folder, or nowhere."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, a loop
        return "a symbolic link that leads nowhere (a loop or a missing file); remove it"
    if not target.is_relative_to(base):
        return f"a link to {target}, outside the class folder; copy the file in if it belongs to this class"
    return target


def _problem(path: Path, base: Path) -> str | None:
    target = _within(path, base)
    if isinstance(target, str):
        return target
    try:
        mode = target.stat().st_mode
    except OSError as error:
        return f"cannot read it: {error.strerror}"
    if stat.S_ISDIR(mode):
        return "a folder named like a submission file; rename it (a student's folder holds submission.json)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, device or socket); remove it"
    return None
