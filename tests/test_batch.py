"""`grader grade`: a class folder with good, partial, malformed, duplicate and hanging submissions; resuming
after a kill; results that do not depend on the number of workers."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from grader import grade, load_rubric, load_submission
from grader.batch import grade_class
from grader.checks import CHECKERS
from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED, app
from grader.gradebook import write_outputs

from .conftest import RUBRICS, SUBMISSIONS

SEED = json.loads((SUBMISSIONS / "000_bbf2462fc864e187.json").read_text(encoding="utf-8"))
runner = CliRunner()


def submission(student: str, **answers: str) -> dict[str, Any]:
    data = json.loads(json.dumps(SEED))
    data["student"] = {"id": student, "name": f"Student {student}"}
    data["answers"].update(answers)
    return data


def write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def rows(out: Path, name: str = "gradebook.csv") -> dict[str, dict[str, str]]:
    with (out / name).open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def rubric(tmp_path: Path) -> Path:
    """The seed rubric with a short time limit, so a hanging check is stopped quickly."""
    data = yaml.safe_load((RUBRICS / "dl-rnn-vs-lstm.yaml").read_text(encoding="utf-8"))
    data["limits"] = {"time": 0.5, "memory_mb": 1024}
    path = tmp_path / "rubrics" / "dl-rnn-vs-lstm.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_class_with_every_kind_of_submission(tmp_path: Path, rubric: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = CHECKERS["text"]

    class Hanging:  # a check that never returns on one answer: the worker process is killed at the limit
        def __getattr__(self, name: str) -> Any:
            return getattr(text, name)

        def grade(self, check: Any, answer: str, part: Any) -> Any:
            if "HANG" in answer:
                time.sleep(60)
            return text.grade(check, answer, part)

    monkeypatch.setitem(CHECKERS, "text", Hanging())  # the workers fork and inherit it
    cls = tmp_path / "class"
    write(cls, "good.json", submission("s1"))
    write(cls, "s2/submission.json", submission("s2", **{"q4.lstm-params": "6144"}))
    write(cls, "hang.json", submission("s3", **{"q1.difference": "HANG"}))
    write(cls, "broken.json", "{not json")
    write(cls, "other.json", {**submission("s4"), "assignment": "nope"})
    write(cls, "dup-a.json", submission("s5"))
    write(cls, "dup-b.json", submission("s5"))
    out = tmp_path / "out"

    outcome = grade_class(cls, out, rubric_file=None, rubrics_dir=rubric.parent, jobs=2)
    write_outputs(out, outcome)

    table = rows(out)
    assert list(table) == ["broken.json", "dup-a.json", "dup-b.json", "good.json", "hang.json", "other.json",
                           "s2/submission.json"]  # fmt: skip
    assert {f: r["status"] for f, r in table.items()} == {
        "broken.json": "error", "dup-a.json": "error", "dup-b.json": "error", "good.json": "ok",
        "hang.json": "needs_review", "other.json": "error", "s2/submission.json": "ok",
    }  # fmt: skip
    assert table["broken.json"]["message"].startswith("invalid submission: line 1, (top level): not valid JSON")
    assert table["dup-a.json"]["message"] == (
        "student id 's5' appears in 2 submissions (dup-a.json, dup-b.json); give each its own id"
    )
    assert table["other.json"]["message"].startswith("no rubric for assignment 'nope'")
    assert table["hang.json"]["message"] == "review: q1.difference"
    assert table["s2/submission.json"]["q4.lstm-params"] == "0"
    one_by_one = grade(load_rubric(rubric), load_submission(cls / "good.json"))
    assert table["good.json"]["total"] == f"{one_by_one.score:g}"
    assert json.loads((out / "students" / "s1.json").read_text(encoding="utf-8")) == json.loads(
        one_by_one.model_dump_json()
    )
    assert "timeout" in (out / "students" / "s3.json").read_text(encoding="utf-8")
    assert (out / "students" / "s1.md").read_text(encoding="utf-8").startswith("# ")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["submissions"], summary["graded"], summary["errors"]) == (7, 3, 4)
    dense = summary["parts"]["q4.dense-params"]
    assert dense["top_notes"] == [{"note": "mistake:wrong-input-size", "count": 3}]
    assert dense["top_answers"] == [{"answer": "4,609", "count": 3}]


def test_results_do_not_depend_on_the_number_of_workers(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    for n in range(6):
        write(cls, f"{n}.json", submission(f"s{n}", **{"q4.lstm-params": str(6272 - n)}))
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        write_outputs(out, grade_class(cls, out, rubrics_dir=RUBRICS, jobs=jobs))
        outputs.append(((out / "gradebook.csv").read_text(), (out / "summary.json").read_text()))

    assert outputs[0] == outputs[1]


def test_a_rerun_reuses_unchanged_results_and_regrades_changed_ones(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "a.json", submission("a"))
    changed = write(cls, "b.json", submission("b"))
    out = tmp_path / "out"
    grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1)
    write(cls, "b.json", submission("b", **{"q4.lstm-params": "1"}))

    again = grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1)

    assert again.reused == 1
    assert changed.is_file()
    assert json.loads((out / "students" / "b.json").read_text())["questions"][3]["parts"][2]["score"] == 0


N_KILLED = 200


def test_a_killed_run_loses_nothing_and_leaves_no_half_written_file(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    for n in range(N_KILLED):  # each with its own math answer, so that no check is cached
        answers = {
            "q1.why-memory": f"Gates and a cell state, take {n}.",
            "q3.ct-relation": f"c_t = f_t*c_{{t-1}} + {n}",
        }
        write(cls, f"{n:03}.json", submission(f"s{n:03}", **answers))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "grader", "grade", str(cls), "--out", str(out), "--jobs", "1",
               "--rubrics-dir", str(RUBRICS)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and stored(out) < 5:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list((out / "students").glob("*.json")))
    assert 5 <= finished < N_KILLED, "the run should be killed midway"
    db = sqlite3.connect(out / "gradebook.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    committed = db.execute("SELECT file, report FROM submissions").fetchall()
    assert 5 <= len(committed) <= finished
    for file, report in committed:  # whole submissions only: every part of the stored report has its result
        parts = [p["id"] for q in json.loads(report)["questions"] for p in q["parts"]]
        stored_parts = [
            r[0] for r in db.execute("SELECT part_id FROM results WHERE file = ? ORDER BY position", (file,))
        ]
        assert stored_parts == parts
    assert db.execute("SELECT finished_at FROM runs").fetchall() == [(None,)]  # marked interrupted
    db.close()

    result = subprocess.run(command, capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr
    reused = int(result.stdout.split(" reused")[0].rsplit(" ", 1)[-1])
    assert reused == len(committed)
    table = rows(out)
    assert len(table) == N_KILLED
    assert all(row["status"] == "ok" for row in table.values())
    reports = sorted((out / "students").glob("*.json"))
    assert len(reports) == N_KILLED
    for path in reports:
        json.loads(path.read_text(encoding="utf-8"))  # whole files only
    assert not list(out.rglob("*.tmp"))
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        assert db.execute("SELECT count(*) FROM submissions").fetchone() == (N_KILLED,)
        assert db.execute("SELECT count(*) FROM results").fetchone() == (N_KILLED * 14,)


def stored(out: Path) -> int:
    """How many submissions a running `grader grade` has committed to its gradebook."""
    try:
        with sqlite3.connect(f"file:{out / 'gradebook.sqlite'}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM submissions").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def test_the_cli_exit_codes(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "a.json", submission("a"))
    ok = runner.invoke(app, ["grade", str(cls), "--rubrics-dir", str(RUBRICS), "--jobs", "1"])
    write(cls, "b.json", "{")
    some = runner.invoke(app, ["grade", str(cls), "--rubrics-dir", str(RUBRICS), "--jobs", "1"])
    missing = runner.invoke(app, ["grade", str(tmp_path / "nope"), "--rubrics-dir", str(RUBRICS)])

    assert ok.exit_code == EXIT_OK, ok.stderr
    assert "graded 1 of 1 submissions: 0 need review, 0 errors" in ok.stdout
    assert (tmp_path / "class-grades" / "gradebook.csv").is_file()
    assert some.exit_code == EXIT_SOME_FAILED
    assert "1 reused from the last run" in some.stdout
    assert missing.exit_code == EXIT_BAD_INPUT
    assert "no such folder" in missing.stderr
    shutil.rmtree(tmp_path / "class-grades")


def test_ids_that_would_share_a_report_file_are_both_refused(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "x.json", submission("a/b"))
    write(cls, "y.json", submission("a_b"))

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=1)

    assert [(row.status, row.message) for row in outcome.rows] == [
        ("error", "student id 'a/b' / 'a_b' appears in 2 submissions (x.json, y.json); give each its own id")
    ] * 2
