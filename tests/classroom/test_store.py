"""The gradebook database: schema versions, whole-submission writes, decisions that are never lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from grader.classroom.store import FILE, MIGRATIONS, Decision, Gradebook, PartRecord, Record
from grader.errors import GradebookError, InputError
from grader.models.report import Status


def record(file: str, student: str, *parts: tuple[str, float]) -> Record:
    return Record(
        file=file, student_id=student, name=f"Student {student}", assignment="hw", content_hash="hash", status="ok",
        message="", report="{}",
        parts=tuple(PartRecord(part_id=p, kind="expression", status="correct", score=score, max_score=1.0,
                               feedback="fine", note="equivalent", interpreted_as="x", expected="x", answer="x")
                    for p, score in parts),
    )  # fmt: skip


def test_a_new_gradebook_has_the_latest_schema(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        assert book.version == len(MIGRATIONS)
    tables = {r[0] for r in sqlite3.connect(tmp_path / FILE).execute("SELECT name FROM sqlite_master")}
    assert {"runs", "run_rubrics", "submissions", "results", "overrides"} <= tables


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no gradebook at"),
        (lambda p: (p / FILE).write_text("not a database, just text" * 100), "not a grader gradebook"),
        (lambda p: sqlite3.connect(p / FILE).execute("PRAGMA user_version = 99"), "newer than this grader knows"),
    ],
    ids=["missing", "not-sqlite", "newer-schema"],
)
def test_a_gradebook_that_cannot_be_used_is_refused_with_the_fix(tmp_path: Path, setup: object, message: str) -> None:
    setup(tmp_path)  # type: ignore[operator]
    with pytest.raises(InputError, match=message):
        Gradebook.of(tmp_path)


def test_recording_replaces_a_submission_whole(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        run = book.start_run("class", {"hw": ("hw.yaml", "abc")}, "0.1.0")
        book.record(run, [record("a.json", "a", ("q1.a", 1), ("q1.b", 1))])
        book.record(run, [record("a.json", "a", ("q1.a", 0))])

        assert [(r["part_id"], r["score"]) for r in book.results()] == [("q1.a", 0.0)]
        assert len(book.submissions()) == 1


def test_a_failed_write_leaves_the_earlier_result(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        run = book.start_run("class", {}, "0.1.0")
        book.record(run, [record("a.json", "a", ("q1.a", 1))])
        broken = record("a.json", "a", ("q1.a", 0), ("q1.a", 0))  # the same part twice: the insert fails

        with pytest.raises(sqlite3.IntegrityError):
            book.record(run, [record("b.json", "b", ("q1.a", 1)), broken])

        assert [(r["file"], r["score"]) for r in book.results()] == [("a.json", 1.0)]


def test_finishing_a_run_forgets_removed_submissions_and_counts(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        run = book.start_run("class", {}, "0.1.0")
        book.record(run, [record("a.json", "a", ("q1.a", 1)), record("b.json", "b", ("q1.a", 1))])
        counts = {"submissions": 1, "graded": 1, "needs_review": 0, "errors": 0, "reused": 0}
        book.finish_run(run, {"a.json"}, counts)

        assert [s["file"] for s in book.submissions()] == ["a.json"]
        assert [r["file"] for r in book.results()] == ["a.json"]
        (row,) = book.runs()
        assert row["finished_at"]
        assert row["submissions"] == 1
        assert row["grader_version"] == "0.1.0"


def test_the_latest_decision_stands_and_a_withdrawal_removes_it_but_not_its_history(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        book.override([Decision("hw", "a", "q1.a", 1.0, "first", "ta1", 0.0, "needs_review")])
        book.override([Decision("hw", "a", "q1.a", 0.5, "second look", "ta2", 0.0, "needs_review")])
        book.override([Decision("hw", "b", "q1.a", 1.0, "", "ta1", 0.0, "needs_review"),
                       Decision("hw", "b", "q1.a", None, "withdrawn", "ta1", 0.0, "needs_review")])  # fmt: skip

        decisions = book.decisions()

        assert set(decisions) == {("hw", "a")}
        decision = decisions[("hw", "a")]["q1.a"]
        assert (decision.score, decision.by, decision.comment) == (0.5, "ta2", "second look")
        assert decision.automatic_status is Status.NEEDS_REVIEW
        assert len(book.history()) == 4


def test_a_group_of_decisions_is_recorded_whole_or_not_at_all(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        good = Decision("hw", "a", "q1.a", 1.0, "", "ta1", 0.0, "needs_review")
        broken = Decision("hw", "b", "q1.a", 1.0, "", None, 0.0, "needs_review")  # type: ignore[arg-type]

        with pytest.raises(sqlite3.IntegrityError):
            book.override([good, broken])  # the author is required: the second insert fails

        assert book.history() == []


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("PRAGMA max_page_count = 1", "the disk is full"),  # SQLite rolls the transaction back itself
        ("PRAGMA query_only = ON", "read-only"),
    ],
    ids=["disk-full", "read-only"],
)
def test_a_write_that_the_database_refuses_is_one_clear_error_and_keeps_the_earlier_result(
    tmp_path: Path, fault: str, message: str
) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        run = book.start_run("class", {}, "test")
        book.record(run, [record("a.json", "a", ("q1.a", 1.0))])

    many = [record(f"{n}.json", "b", *[(f"q{p}.x" * 50, 1.0) for p in range(40)]) for n in range(50)]

    def write() -> None:
        with Gradebook.of(tmp_path) as book:
            book.db.execute(fault)
            book.record(run, many)

    with pytest.raises(GradebookError, match=message) as caught:
        write()

    assert str(tmp_path / FILE) in str(caught.value)
    assert "cannot rollback" not in str(caught.value)
    with Gradebook.of(tmp_path) as book:
        assert [row["file"] for row in book.submissions()] == ["a.json"]


def test_a_damaged_database_is_one_clear_error(tmp_path: Path) -> None:
    with Gradebook.of(tmp_path, create=True) as book:
        run = book.start_run("class", {}, "test")
        book.record(run, [record(f"{n}.json", "a", *[(f"q{p}.x" * 50, 1.0) for p in range(40)]) for n in range(20)])
    path = tmp_path / FILE
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(bytes(range(256)) * ((path.stat().st_size - 4096) // 256))

    def read() -> None:
        with Gradebook.of(tmp_path) as book:
            book.submissions()

    with pytest.raises(GradebookError, match="damaged"):
        read()
