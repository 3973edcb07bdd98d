"""The gradebook database of an output folder, `gradebook.sqlite` (standard library `sqlite3`): runs,
submissions, part results and human overrides.

The schema is versioned (`PRAGMA user_version`) and brought up to date by `MIGRATIONS`, applied in order,
each in its own transaction. Only the parent process of a run writes, a batch of whole submissions per
transaction, so a run killed at any moment leaves every submission either as it was or wholly new. Human
decisions are never deleted: a new decision on a part supersedes the last one, and withdrawing one is a
decision too (a null score).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from grader.errors import GradebookError
from grader.models.report import Override, Status

FILE = "gradebook.sqlite"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,                 -- null: the run was interrupted
        grader_version TEXT NOT NULL,
        class_dir TEXT NOT NULL,
        submissions INTEGER,
        graded INTEGER,
        needs_review INTEGER,
        errors INTEGER,
        reused INTEGER
    );
    CREATE TABLE run_rubrics (
        run_id INTEGER NOT NULL REFERENCES runs (id),
        assignment TEXT NOT NULL,
        rubric_path TEXT NOT NULL,
        rubric_hash TEXT NOT NULL,        -- sha256 of the rubric file
        PRIMARY KEY (run_id, assignment)
    );
    CREATE TABLE submissions (
        file TEXT PRIMARY KEY,            -- the submission's path inside the class folder
        student_id TEXT NOT NULL,
        name TEXT NOT NULL,
        assignment TEXT NOT NULL,
        content_hash TEXT NOT NULL,       -- sha256 of the file and its rubric; empty for errors
        status TEXT NOT NULL,             -- ok, needs_review, error
        message TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        report TEXT                       -- the machine's report (JSON); null when it could not be graded
    );
    CREATE TABLE results (
        file TEXT NOT NULL REFERENCES submissions (file) ON DELETE CASCADE,
        part_id TEXT NOT NULL,
        position INTEGER NOT NULL,        -- rubric order
        kind TEXT NOT NULL,               -- the rubric's check type (expression, text, ...)
        status TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        feedback TEXT NOT NULL,
        note TEXT NOT NULL,
        interpreted_as TEXT,
        expected TEXT NOT NULL,
        answer TEXT NOT NULL,             -- the student's text, as submitted
        PRIMARY KEY (file, part_id)
    );
    CREATE TABLE overrides (
        id INTEGER PRIMARY KEY,
        assignment TEXT NOT NULL,
        student_id TEXT NOT NULL,
        part_id TEXT NOT NULL,
        score REAL,                       -- null: the earlier decision is withdrawn
        comment TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        automatic_score REAL NOT NULL,    -- the machine's verdict when the human decided
        automatic_status TEXT NOT NULL
    );
    CREATE INDEX overrides_by_part ON overrides (assignment, student_id, part_id, id);
    """,
    """
    CREATE TABLE published (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        decision INTEGER NOT NULL         -- the last override (id) the written outputs include
    );
    INSERT INTO published SELECT 1, coalesce(max(id), 0) FROM overrides;
    """,
)


@dataclass(frozen=True, kw_only=True)
class PartRecord:
    """One part's machine result, as stored."""

    part_id: str
    kind: str
    status: str
    score: float
    max_score: float
    feedback: str
    note: str
    interpreted_as: str | None
    expected: str
    answer: str


@dataclass(frozen=True, kw_only=True)
class Record:
    """One submission's result, as stored: `report` (JSON) and `parts` are the machine's, before overrides."""

    file: str
    student_id: str
    name: str
    assignment: str
    content_hash: str
    status: str
    message: str
    report: str | None = None
    parts: tuple[PartRecord, ...] = ()


@dataclass(frozen=True)
class Decision:
    """A human decision to record: the part, the score (None withdraws), why, who, and the machine's verdict."""

    assignment: str
    student_id: str
    part_id: str
    score: float | None
    comment: str
    author: str
    automatic_score: float
    automatic_status: str


Decisions = dict[tuple[str, str], dict[str, Override]]  # (assignment, student id) -> part id -> decision


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Gradebook:
    """An open gradebook database; use as a context manager."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        if not create and not path.is_file():
            raise GradebookError(f"no gradebook at {path}: run `grader grade CLASS_DIR --out {path.parent}` first")
        self.path = path
        try:
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as error:
            raise GradebookError(f"{path}: cannot open it ({error}); check the folder exists and is writable") from None
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as error:
            self.db.close()
            raise _problem(path, error) from None

    @classmethod
    def of(cls, out: Path, *, create: bool = False) -> Gradebook:
        """The gradebook of an output folder."""
        return cls(out / FILE, create=create)

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.db.close()
        if isinstance(error, sqlite3.Error):  # a damaged file, a full disk, a read-only folder: say which file
            raise _problem(self.path, error) from error

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise GradebookError(
                f"{FILE} has schema version {version}, newer than this grader knows ({len(MIGRATIONS)}): upgrade grader"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.executescript(f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {number}; COMMIT;")

    @property
    def version(self) -> int:
        """The schema version of the file."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # runs

    def start_run(self, class_dir: str, rubrics: dict[str, tuple[str, str]], grader_version: str) -> int:
        """A new run; `rubrics` maps each assignment to its rubric's path and content hash."""
        with self._transaction():
            cursor = self.db.execute(
                "INSERT INTO runs (started_at, grader_version, class_dir) VALUES (?, ?, ?)",
                (now(), grader_version, class_dir),
            )
            run = int(cursor.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO run_rubrics VALUES (?, ?, ?, ?)",
                [(run, assignment, path, digest) for assignment, (path, digest) in sorted(rubrics.items())],
            )
        return run

    def finish_run(self, run: int, keep: set[str], counts: dict[str, int]) -> None:
        """Close a run: forget submissions no longer in the class folder (not `keep`), store the counts."""
        with self._transaction():
            known = {row[0] for row in self.db.execute("SELECT file FROM submissions")}
            self.db.executemany("DELETE FROM submissions WHERE file = ?", [(f,) for f in sorted(known - keep)])
            self.db.execute(
                "UPDATE runs SET finished_at = ?, submissions = ?, graded = ?, needs_review = ?, errors = ?, "
                "reused = ? WHERE id = ?",
                (now(), counts["submissions"], counts["graded"], counts["needs_review"], counts["errors"],
                 counts["reused"], run),
            )  # fmt: skip

    def runs(self) -> list[sqlite3.Row]:
        """Every run, oldest first."""
        return self._query("SELECT * FROM runs ORDER BY id")

    # submissions and results

    def record(self, run: int, records: list[Record]) -> None:
        """Store whole submissions' results, replacing earlier ones, in one transaction."""
        if not records:
            return
        with self._transaction():
            self.db.executemany("DELETE FROM results WHERE file = ?", [(r.file,) for r in records])
            self.db.executemany(
                "INSERT OR REPLACE INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.file, r.student_id, r.name, r.assignment, r.content_hash, r.status, r.message, run, r.report)
                 for r in records],
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r.file, p.part_id, n, p.kind, p.status, p.score, p.max_score, p.feedback, p.note, p.interpreted_as,
                  p.expected, p.answer) for r in records for n, p in enumerate(r.parts)],
            )  # fmt: skip

    def submissions(self) -> list[sqlite3.Row]:
        """Every stored submission (file, student_id, name, assignment, content_hash, status, message, run_id,
        report), in file order."""
        return self._query("SELECT * FROM submissions ORDER BY file")

    def results(self, *, statuses: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
        """Part results joined with their submission's student and assignment, in file and rubric order."""
        query = "SELECT r.*, s.student_id, s.name, s.assignment FROM results r JOIN submissions s USING (file)"
        if statuses:
            query += f" WHERE r.status IN ({', '.join('?' * len(statuses))})"
        return self._query(query + " ORDER BY r.file, r.position", statuses or ())

    # overrides

    def override(self, decisions: list[Decision]) -> None:
        """Record human decisions, all or none (one transaction); a `score` of None withdraws the last one."""
        with self._transaction():
            self.db.executemany(
                "INSERT INTO overrides (assignment, student_id, part_id, score, comment, author, created_at, "
                "automatic_score, automatic_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(d.assignment, d.student_id, d.part_id, d.score, d.comment, d.author, now(), d.automatic_score,
                  d.automatic_status) for d in decisions],
            )  # fmt: skip

    def decisions(self) -> Decisions:
        """The standing decision on every overridden part: the latest, unless it withdrew the one before."""
        latest: dict[tuple[str, str, str], sqlite3.Row] = {}
        for row in self._query("SELECT * FROM overrides ORDER BY id"):
            latest[(row["assignment"], row["student_id"], row["part_id"])] = row
        table: Decisions = {}
        for (assignment, student, part), row in latest.items():
            if row["score"] is None:
                continue
            table.setdefault((assignment, student), {})[part] = Override(
                score=row["score"], by=row["author"], at=row["created_at"], comment=row["comment"],
                automatic_score=row["automatic_score"], automatic_status=Status(row["automatic_status"]),
            )  # fmt: skip
        return table

    def history(self) -> list[sqlite3.Row]:
        """Every decision ever recorded, oldest first."""
        return self._query("SELECT * FROM overrides ORDER BY id")

    # the outputs written from it (gradebook.csv, summary, students' files, report.html)

    def latest_decision(self) -> int:
        """The id of the latest decision (0 when there is none)."""
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM overrides").fetchone()[0])

    def unpublished(self) -> set[tuple[str, str]]:
        """(assignment, student id) of every decision recorded after the outputs were last written (a command
        stopped between its commit and its files): whose files are out of date. Empty when all are current."""
        rows = self.db.execute(
            "SELECT DISTINCT assignment, student_id FROM overrides WHERE id > (SELECT decision FROM published)"
        )
        return {(assignment, student) for assignment, student in rows}

    def published(self, decision: int) -> None:
        """Record that the outputs include every decision up to `decision`."""
        with self._transaction():
            self.db.execute("UPDATE published SET decision = max(decision, ?)", (decision,))

    # helpers

    def _query(self, query: str, parameters: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        cursor = self.db.execute(query, parameters)
        cursor.row_factory = sqlite3.Row
        return list(cursor)

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (a KeyboardInterrupt included)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:  # SQLite may have rolled back already (a full disk): keep the real error
            self.db.execute("ROLLBACK")


def _problem(path: Path, error: sqlite3.Error) -> GradebookError:
    """What a database error means for the person at the keyboard, and what to do."""
    text = str(error)
    if "readonly" in text or "read-only" in text:
        fix = "the folder or file is read-only; grade into a writable folder (--out) or make it writable"
    elif "disk is full" in text or "disk I/O" in text:
        fix = "the disk is full or failing; free space and run the command again (nothing was half-written)"
    elif "locked" in text or "busy" in text:
        fix = "another grader command is writing it; wait for it to finish and run this again"
    elif "malformed" in text or "not a database" in text or "file is not" in text:
        fix = "damaged, or not a grader gradebook; move it away and grade again (keep it: human decisions are in it)"
    else:
        fix = "move it away and grade the class again (keep a copy: human decisions are in it)"
    return GradebookError(f"{path}: {text}: {fix}")
