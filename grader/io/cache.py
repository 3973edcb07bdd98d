"""What grader remembers between runs: validated rubrics and the outcomes of answers, in one SQLite file.

`grader check` on the same rubric and answers again (a student revising, a course's autograder re-run, a
rubric author trying an edit) then neither re-proves the rubric nor re-grades an unchanged answer: a
rubric is validated once per content, an answer checked once per content of its part.

Every entry is keyed by a hash of what decides it and of grader itself (`fingerprint()`: grader's own
source files and the libraries a verdict depends on, by path, size and modification time, and whether the
semantic component is on), so editing grader, upgrading SymPy or installing the semantic extra starts a
fresh cache rather than serving stale verdicts. Outcomes a machine's load decides (a check that ran out of
time or memory, or crashed) are never stored.

The file lives in `$GRADER_CACHE_DIR`, else `$XDG_CACHE_HOME/grader`, else `~/.cache/grader`;
`GRADER_CACHE=0` (or `--no-cache`) turns it off. A cache that cannot be opened or written (a read-only home
in an autograder container, a damaged file) is skipped without a word: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sqlite3
import time
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.models.rubric import part_id

if TYPE_CHECKING:
    from grader.grading import Key
    from grader.models.rubric import Rubric

FILE_NAME = "cache.sqlite3"
MAX_ENTRIES = 200_000  # beyond this many, the least recently used are dropped (about 100 MB)
UNSTORED_NOTES = frozenset({Note.TIMEOUT, Note.MEMORY, Note.CRASHED})  # the machine's state, not the answer's
LIBRARIES = ("numpy", "sympy", "mpmath", "pydantic", "pydantic_core", "yaml", "all_minilm_l6_v2", "tokenizers")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    used REAL NOT NULL
)
"""


def cache_folder() -> Path | None:
    """Where the cache file lives, or None when caching is turned off (`GRADER_CACHE=0`)."""
    if os.environ.get("GRADER_CACHE", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    if folder := os.environ.get("GRADER_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "grader"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of everything besides a rubric and an answer that decides a verdict: grader's source files and
    the libraries it grades with (path, size, modification time), and the semantic switch."""
    package = Path(__file__).resolve().parent.parent
    stamps = [f"GRADER_SEMANTIC={os.environ.get('GRADER_SEMANTIC', '')}"]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        stamps.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)  # finds the package without importing it
        origin = spec.origin if spec is not None else None
        if origin is None or not os.path.exists(origin):
            stamps.append(f"{name}:absent")
            continue
        folder = Path(origin).parent
        stamp = [f"{item.name}:{item.stat().st_size}:{item.stat().st_mtime_ns}" for item in sorted(folder.iterdir())]
        stamps.append(f"{name}:{origin}:{'|'.join(stamp)}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def digest(*pieces: str) -> str:
    """A key from its pieces and grader's fingerprint."""
    hashed = hashlib.sha256(fingerprint().encode())
    for piece in pieces:
        data = piece.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: ("ab", "c") is not ("a", "bc")
    return hashed.hexdigest()


class DiskCache:
    """The cache file: text values by key. Opened on first use; every failure turns it off quietly. Use as a
    context manager, or call `close()`."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._broken = folder is None

    @classmethod
    def default(cls) -> DiskCache:
        """The user's cache (see the module's docstring for where, and how to turn it off)."""
        return cls(cache_folder())

    def __enter__(self) -> DiskCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, key: str) -> str | None:
        """The value stored under `key`, or None."""
        db = self._open()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            if row is not None:
                db.execute("UPDATE entries SET used = ? WHERE key = ?", (time.time(), key))
        except sqlite3.Error:
            self._give_up()
            return None
        return row[0] if row is not None else None

    def put(self, key: str, value: str) -> None:
        """Store `value` under `key` (written when the cache is closed)."""
        db = self._open()
        if db is None:
            return
        try:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", (key, value, time.time()))
        except sqlite3.Error:
            self._give_up()

    def close(self) -> None:
        """Write what was stored, drop the least recently used entries beyond MAX_ENTRIES, and close."""
        if self._db is None:
            return
        try:
            self._db.execute(
                "DELETE FROM entries WHERE key IN (SELECT key FROM entries ORDER BY used DESC LIMIT -1 OFFSET ?)",
                (MAX_ENTRIES,),
            )
            self._db.commit()
        except sqlite3.Error:
            pass
        finally:
            self._db.close()
            self._db = None

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken or self.folder is None:
            return self._db
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.folder / FILE_NAME, timeout=5)
            db.execute("PRAGMA journal_mode=WAL")  # several graders at once: readers never wait for a writer
            db.execute("PRAGMA synchronous=OFF")  # a cache may lose its last entries in a crash, never its sense
            db.execute(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._broken = True
            return None
        self._db = db
        return db

    def _give_up(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self._db is not None:
                self._db.close()
        self._db, self._broken = None, True


class VerdictCache:
    """The outcomes of answers to one rubric's parts, remembered in a DiskCache (grading's `Cache`): keyed by
    the part as graded (its check, points, feedback and the mistakes it borrows from its sibling parts, the
    rubric's notation, time limit, models and shares of the points for carried errors, slips and shapes without
    channels, and the part it follows, if any) and the exact answer (with the answer to the part it follows)."""

    def __init__(self, disk: DiskCache, rubric: Rubric) -> None:
        self.disk = disk
        settings = json.dumps(  # everything of the rubric's own besides its parts that decides a verdict
            {
                "notation": rubric.notation.model_dump(mode="json"),
                "time": rubric.limits.time,
                "models": {name: model.model_dump(mode="json") for name, model in rubric.models.items()},
                "shares": [rubric.carried_errors, rubric.arithmetic_slips, rubric.channels_left_out],
            },
            sort_keys=True,
        )
        from grader.borrowed import with_borrowed_mistakes

        graded = ((question, with_borrowed_mistakes(rubric, part)) for question, part in rubric.parts())
        written = {part_id(question, part): json.dumps(part.model_dump(mode="json"), sort_keys=True)
                   for question, part in graded}  # fmt: skip
        # A part that `follows` another is graded with that part's check too: both are in its key.
        self._parts = {
            (rubric.assignment, identifier): digest(
                settings, text, written.get(part.follows.part, "") if part.follows else ""
            )
            for identifier, text, part in ((part_id(q, p), written[part_id(q, p)], p) for q, p in rubric.parts())
        }

    def get(self, key: Key, /) -> Outcome | None:
        """The stored outcome of an answer, or None."""
        part = self._parts.get(key[:2])
        value = self.disk.get(digest("outcome", part, key[2])) if part else None
        if value is None:
            return None
        try:
            return _outcome(json.loads(value))
        except (ValueError, TypeError, KeyError):
            return None  # written by another layout of Outcome: graded again

    def __setitem__(self, key: Key, outcome: Outcome, /) -> None:
        part = self._parts.get(key[:2])
        if part and outcome.note not in UNSTORED_NOTES:
            self.disk.put(digest("outcome", part, key[2]), json.dumps(asdict(outcome), ensure_ascii=False))


def _outcome(data: dict[str, Any]) -> Outcome:
    return Outcome(**{**data, "status": Status(data["status"]), "feedback": tuple(data["feedback"])})
