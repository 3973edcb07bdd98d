"""`grader grade`: a class folder with good, partial, malformed, duplicate and hanging submissions; resuming
after a kill; results that do not depend on the number of workers."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import multiprocessing
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

from grader import Submission, grade, load_rubric, load_submission
from grader.checks import CHECKERS
from grader.classroom.batch import grade_class
from grader.classroom.outputs import write_outputs
from grader.classroom.review import decide, queue, targets
from grader.classroom.store import Gradebook
from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED

from ..conftest import RUBRICS, SUBMISSIONS, invoke

SEED = json.loads((SUBMISSIONS / "000_bbf2462fc864e187.json").read_text(encoding="utf-8"))


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
        "student id 's5' appears in 2 submissions to dl-rnn-vs-lstm (dup-a.json, dup-b.json); give each its own id"
    )
    assert table["other.json"]["message"].startswith("no rubric for assignment 'nope'")
    assert table["hang.json"]["message"] == "review: q1.difference"
    assert table["s2/submission.json"]["q4.lstm-params"] == "1"  # biases left out: half, as the rubric says
    one_by_one = grade(load_rubric(rubric), load_submission(cls / "good.json"))
    assert table["good.json"]["total"] == f"{one_by_one.score:g}"
    assert json.loads((out / "students" / "dl-rnn-vs-lstm" / "s1.json").read_text(encoding="utf-8")) == json.loads(
        one_by_one.model_dump_json()
    )
    assert "timeout" in (out / "students" / "dl-rnn-vs-lstm" / "s3.json").read_text(encoding="utf-8")
    assert (out / "students" / "dl-rnn-vs-lstm" / "s1.md").read_text(encoding="utf-8").startswith("# ")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["submissions"], summary["graded"], summary["errors"]) == (7, 3, 4)
    dense = summary["parts"]["q4.dense-params"]
    assert dense["top_notes"] == [{"note": "mistake:wrong-input-size", "count": 3}]
    assert dense["top_answers"] == [{"answer": "4,609", "count": 3}]


START_METHODS = [m for m in ("fork", "forkserver", "spawn") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.slow
def test_results_do_not_depend_on_the_number_of_workers_or_how_they_start(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    for n in range(6):
        write(cls, f"{n}.json", submission(f"s{n}", **{"q4.lstm-params": str(6272 - n)}))
    outputs = []
    for jobs, method in [(1, "fork"), *((2, m) for m in START_METHODS)]:
        out = tmp_path / f"out{jobs}-{method}"
        write_outputs(out, grade_class(cls, out, rubrics_dir=RUBRICS, jobs=jobs, start_method=method))
        outputs.append(((out / "gradebook.csv").read_text(), (out / "summary.json").read_text()))

    assert all(output == outputs[0] for output in outputs)


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
    assert (
        json.loads((out / "students" / "dl-rnn-vs-lstm" / "b.json").read_text())["questions"][3]["parts"][2]["score"]
        == 0
    )


N_KILLED = 200


@pytest.mark.slow
def test_a_killed_run_loses_nothing_and_leaves_no_half_written_file(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    for n in range(N_KILLED):  # each with its own math answer, so that no check is cached
        answers = {
            "q1.why-memory": f"Gates and a cell state, take {n}.",
            "q3.ct-relation": f"c_t = f_t*c_{{t-1}} + {n}",
        }
        write(cls, f"{n:03}.json", submission(f"s{n:03}", **answers))
    out = tmp_path / "out"
    command, process = grading_midway(cls, out, jobs=1)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = len(list((out / "students").glob("*/*.json")))
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
    reports = sorted((out / "students").glob("*/*.json"))
    assert len(reports) == N_KILLED
    for path in reports:
        json.loads(path.read_text(encoding="utf-8"))  # whole files only
    assert not list(out.rglob("*.tmp"))
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        assert db.execute("SELECT count(*) FROM submissions").fetchone() == (N_KILLED,)
        assert db.execute("SELECT count(*) FROM results").fetchone() == (N_KILLED * 14,)


def grading_midway(cls: Path, out: Path, *, jobs: int) -> tuple[list[str], subprocess.Popen[bytes]]:
    """`grader grade` started in a session of its own, once it has stored five results: its command and process."""
    command = [sys.executable, "-m", "grader", "grade", str(cls), "--out", str(out), "--jobs", str(jobs),
               "--rubrics-dir", str(RUBRICS)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and stored(out) < 5:
        time.sleep(0.02)
    return command, process


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
    ok = invoke("grade", cls, "--rubrics-dir", RUBRICS, "--jobs", "1")
    write(cls, "b.json", "{")
    some = invoke("grade", cls, "--rubrics-dir", RUBRICS, "--jobs", "1")
    missing = invoke("grade", tmp_path / "nope", "--rubrics-dir", RUBRICS)

    assert ok.exit_code == EXIT_OK, ok.stderr
    assert "graded 1 of 1 submissions: 0 need review, 0 errors" in ok.stdout
    assert (tmp_path / "class-grades" / "gradebook.csv").is_file()
    assert some.exit_code == EXIT_SOME_FAILED
    assert "1 reused from the last run" in some.stdout
    assert missing.exit_code == EXIT_BAD_INPUT
    assert "no such folder" in missing.stderr
    shutil.rmtree(tmp_path / "class-grades")


def test_ids_a_file_system_would_confuse_are_refused_and_others_get_their_own_files(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "x.json", submission("a/b"))
    write(cls, "y.json", submission("a_b"))
    write(cls, "z1.json", submission("A1"))
    write(cls, "z2.json", submission("a1"))  # one file on macOS and Windows

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=1)

    assert [(row.file, row.status) for row in outcome.rows] == [
        ("x.json", "ok"), ("y.json", "ok"), ("z1.json", "error"), ("z2.json", "error")
    ]  # fmt: skip
    assert outcome.rows[2].message == (
        "student id 'A1' / 'a1' appears in 2 submissions to dl-rnn-vs-lstm (z1.json, z2.json); give each its own id"
    )
    names = sorted(p.name for p in (tmp_path / "out" / "students" / "dl-rnn-vs-lstm").glob("*.json"))
    assert names == ["a_b-" + names[0].split("-")[1], "a_b.json"]


# Hostile and faulty classes: every file gets its row, nothing leaves OUT, the run is never stopped.


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.slow
def test_every_hostile_file_is_its_own_error_row_and_the_rest_is_graded(tmp_path: Path, method: str) -> None:
    cls, elsewhere = tmp_path / "class", tmp_path / "elsewhere"
    write(cls, "good.json", submission("good"))
    write(cls, "bigint.json", '{"assignment": "dl-rnn-vs-lstm", "student": {"id": "big"}, "answers": {"q4.dense-params": '
          + "9" * 5000 + "}}")  # fmt: skip
    write(cls, "deep.json", '{"assignment": "dl-rnn-vs-lstm", "student": {"id": "deep"}, "answers": {}, "x": '
          + "[" * 100_000 + "]" * 100_000 + "}")  # fmt: skip
    write(elsewhere, "other.json", submission("outsider"))
    (cls / "link.json").symlink_to(elsewhere / "other.json")
    (cls / "zero.json").symlink_to("/dev/zero")
    (cls / "loop1.json").symlink_to("loop2.json")
    (cls / "loop2.json").symlink_to("loop1.json")
    os.mkfifo(cls / "fifo.json")
    (cls / "dir.json").mkdir()
    write(cls, "s9/submission.json", submission("s9"))
    (cls / "outside").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "submission.json").write_text(json.dumps(submission("sneaky")))

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=2, start_method=method)

    statuses = {row.file: (row.status, row.message) for row in outcome.rows}
    assert {file: status for file, (status, _) in statuses.items()} == {
        "bigint.json": "error", "deep.json": "error", "dir.json": "error", "fifo.json": "error", "good.json": "ok",
        "link.json": "error", "loop1.json": "error", "loop2.json": "error", "outside/submission.json": "error",
        "s9/submission.json": "ok", "zero.json": "error",
    }  # fmt: skip
    assert "a number too long to read" in statuses["bigint.json"][1]
    assert "nested too deeply" in statuses["deep.json"][1]
    assert "outside the class folder" in statuses["link.json"][1]
    assert "outside the class folder" in statuses["outside/submission.json"][1]
    assert "outside the class folder" in statuses["zero.json"][1]
    assert "leads nowhere" in statuses["loop1.json"][1]
    assert "not a regular file" in statuses["fifo.json"][1]
    assert "a folder named like a submission file" in statuses["dir.json"][1]
    assert "outsider" not in (tmp_path / "out" / "students" / "dl-rnn-vs-lstm").iterdir().__str__()
    assert sorted(p.name for p in (tmp_path / "out" / "students" / "dl-rnn-vs-lstm").glob("*.json")) == [
        "good.json", "s9.json"
    ]  # fmt: skip


def test_a_student_written_assignment_never_names_an_output_file(tmp_path: Path) -> None:
    victim = tmp_path / "classA-grades"
    victim.mkdir()
    (victim / "gradebook.csv").write_text("precious\n")
    cls = tmp_path / "classB"
    write(cls, "b1.json", submission("b1"))
    write(cls, "b2.json", {**submission("b2"), "assignment": "rnn-lstm-theory"})  # two assignments: one file each
    evil = {**submission("mallory"), "assignment": "x/../../classA-grades/gradebook"}
    write(cls, "m1.json", evil)
    write(cls, "m2.json", evil)
    out = tmp_path / "classB-grades"

    outcome = grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1)
    written = write_outputs(out, outcome)

    assert (victim / "gradebook.csv").read_text() == "precious\n"
    assert sorted(p.name for p in written) == ["gradebook-dl-rnn-vs-lstm.csv", "gradebook-rnn-lstm-theory.csv",
                                               "summary-dl-rnn-vs-lstm.json", "summary-rnn-lstm-theory.json"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["classA-grades", "classB", "classB-grades"]
    mallory = [row for row in outcome.rows if row.file.startswith("m")]
    assert [(row.status, row.assignment) for row in mallory] == [("error", "")] * 2
    assert "is not allowed here" in mallory[0].message


def test_a_file_rewritten_during_the_run_is_not_graded_from_its_new_bytes(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "a.json", submission("victim"))
    impostor = write(cls, "b.json", submission("b"))

    def rewrite(done: int, total: int) -> None:  # called once the parent has read every file, before workers
        if done == 0:
            write(cls, "b.json", {**submission("victim"), "student": {"id": "victim", "name": "Impostor"},
                                  "answers": {}})  # fmt: skip

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=1, progress=rewrite)

    assert [(row.file, row.status, row.student_id) for row in outcome.rows] == [
        ("a.json", "ok", "victim"), ("b.json", "error", "")
    ]  # fmt: skip
    assert "changed while the class was being graded" in outcome.rows[1].message
    report = json.loads((tmp_path / "out" / "students" / "dl-rnn-vs-lstm" / "victim.json").read_text())
    assert report["student"]["name"] == "Student victim"
    assert impostor.is_file()


def test_non_ascii_ids_are_distinct_students_and_one_id_in_two_spellings_is_one(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "a.json", submission("张三"))
    write(cls, "b.json", submission("李四"))
    write(cls, "c.json", submission("caf\u00e9"))
    write(cls, "d.json", submission("cafe\u0301"))

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=1)

    assert [(row.student_id, row.status) for row in outcome.rows] == [
        ("张三", "ok"), ("李四", "ok"), ("café", "error"), ("café", "error")
    ]  # fmt: skip
    files = sorted(p.name for p in (tmp_path / "out" / "students" / "dl-rnn-vs-lstm").glob("*.json"))
    assert files == ["张三.json", "李四.json"]


def test_one_student_in_two_assignments_of_a_folder_gets_both_grades(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    write(cls, "a.json", submission("same"))
    other = json.loads((SUBMISSIONS / "003_b7196c77d5787463.json").read_text(encoding="utf-8"))
    write(cls, "b.json", {**other, "student": {"id": "same", "name": "Same Student"}})

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=2)

    assert [(row.assignment, row.status) for row in outcome.rows] == [("dl-rnn-vs-lstm", "ok"),
                                                                       ("rnn-lstm-theory", "ok")]  # fmt: skip
    for assignment in ("dl-rnn-vs-lstm", "rnn-lstm-theory"):
        report = json.loads((tmp_path / "out" / "students" / assignment / "same.json").read_text())
        assert report["assignment"] == assignment


@pytest.mark.parametrize("where", ["same", "inside"])
def test_an_output_folder_inside_the_class_folder_is_refused(tmp_path: Path, where: str) -> None:
    cls = tmp_path / "class"
    write(cls, "a.json", submission("a"))
    out = cls if where == "same" else cls / "grades"

    result = invoke("grade", cls, "--out", out, "--rubrics-dir", RUBRICS)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "inside the class folder" in result.stderr
    assert sorted(p.name for p in cls.iterdir()) == ["a.json"]


def test_answers_that_differ_in_line_breaks_are_graded_as_check_grades_them_in_any_order(tmp_path: Path) -> None:
    one = ("The forget gate decides what to discard from the previous cell state. The input gate decides which new "
           "values are written into the cell state. The output gate decides which part of the cell state becomes "
           "the output h_t. The candidate layer is a tanh layer that proposes new candidate values.")  # fmt: skip
    broken = one.replace("gate decides", "gate\ndecides").replace("candidate layer", "candidate\nlayer")
    alone = {text: grade(load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml"),
                         Submission.model_validate(submission("x", **{"q2.roles": text}))).parts()
             for text in (one, broken)}  # fmt: skip
    expected = {text: next(p.score for p in parts if p.id == "q2.roles") for text, parts in alone.items()}
    for order in ((one, broken), (broken, one)):
        cls = tmp_path / f"class{len(list(tmp_path.iterdir()))}"
        for n, text in enumerate(order):
            write(cls, f"{n}.json", submission(f"s{n}", **{"q2.roles": text}))

        outcome = grade_class(cls, tmp_path / f"{cls.name}-out", rubrics_dir=RUBRICS, jobs=1)

        for row, text in zip(outcome.rows, order, strict=True):
            assert next(p.score for p in row.parts if p.id == "q2.roles") == expected[text]


def test_long_answers_are_stored_bounded_and_kept_apart(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    long_a, long_b = "gates " * 40_000 + "A", "gates " * 40_000 + "B"
    write(cls, "a.json", submission("a", **{"q1.difference": long_a}))
    write(cls, "b.json", submission("b", **{"q1.difference": long_b}))
    out = tmp_path / "out"

    grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1)

    with Gradebook.of(out) as book:
        stored = [r["answer"] for r in book.results() if r["part_id"] == "q1.difference"]
        groups = [g for g in queue(book) if g.part_id == "q1.difference"]
    assert all(len(answer) < 10_200 for answer in stored)
    assert all("240,001 characters in all; sha256" in answer for answer in stored)
    assert stored[0] != stored[1]
    assert [len(g.students) for g in groups] == [1, 1]


def test_the_parent_keeps_no_long_submission_for_sharing_and_its_worker_grades_it_alone(tmp_path: Path) -> None:
    from grader.classroom.batch import MAX_SHARED_ANSWERS, _head

    cls = tmp_path / "class"
    long = "gates " * (MAX_SHARED_ANSWERS // 6 + 1)
    for name in ("a", "b"):  # two submissions, so their checks are shared by two processes
        write(cls, f"{name}.json", submission(name))
    big = write(cls, "long.json", submission("long", **{"q1.difference": long}))

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=RUBRICS, jobs=2)

    held = _head(big)
    assert not isinstance(held, str)
    assert held.answers == {}  # D12: 200 files of 7.5 MB held 1.6 GB in the parent
    normal = _head(cls / "a.json")
    assert not isinstance(normal, str)
    assert normal.answers == SEED["answers"]
    alone = grade(load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml"), load_submission(big))
    row = next(r for r in outcome.rows if r.file == "long.json")
    assert [(p.id, p.score, p.status) for p in row.parts] == [(p.id, p.score, p.status.value) for p in alone.parts()]


def test_check_processes_of_a_batch_have_the_rubrics_memory_cap(
    tmp_path: Path, rubric: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    text = CHECKERS["text"]

    class Reporting:  # says the address-space limit of the process that runs the check
        def __getattr__(self, name: str) -> Any:
            return getattr(text, name)

        def grade(self, check: Any, answer: str, part: Any) -> Any:
            outcome = text.grade(check, answer, part)
            limit = resource.getrlimit(resource.RLIMIT_AS)[0]
            return dataclasses.replace(outcome, feedback=(f"RLIMIT_AS={limit}",))

    monkeypatch.setitem(CHECKERS, "text", Reporting())  # forked workers inherit it
    cls = tmp_path / "class"
    write(cls, "a.json", submission("a"))

    grade_class(cls, tmp_path / "out", rubrics_dir=rubric.parent, jobs=1, start_method="fork")

    report = json.loads((tmp_path / "out" / "students" / "dl-rnn-vs-lstm" / "a.json").read_text())
    feedback = next(p["feedback"] for q in report["questions"] for p in q["parts"] if p["id"] == "q1.difference")
    limit = int(feedback.split("\n")[0].removeprefix("RLIMIT_AS="))
    assert 0 < limit < 1024 * 2**20 + 4 * 2**30  # the rubric's 1024 MiB above what the process held


def processes_of_session(session: int) -> list[str]:
    """States of the live (not zombie) processes of a session (Linux /proc)."""
    states = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                states.append(fields[0])
    return states


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from Linux /proc")
@pytest.mark.slow
def test_workers_and_check_processes_die_with_a_killed_grade(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    for n in range(300):
        write(cls, f"{n:03}.json", submission(f"s{n:03}", **{"q3.ct-relation": f"c_t = f_t*c_{{t-1}} + {n}"}))
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "grader", "grade", str(cls), "--out", str(out), "--jobs", "2",
                                "--rubrics-dir", str(RUBRICS)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(processes_of_session(process.pid)) < 4:
        time.sleep(0.02)
    assert len(processes_of_session(process.pid)) >= 4  # the parent, two workers and their check processes

    os.kill(process.pid, signal.SIGKILL)  # the parent only, as a crash or the OOM killer would
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and processes_of_session(process.pid):
        time.sleep(0.05)

    left = processes_of_session(process.pid)
    for pid in [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]:  # clean up if the test fails
        with contextlib.suppress(OSError):
            if os.getsid(pid) == process.pid:
                os.kill(pid, signal.SIGKILL)
    assert left == []
    assert len(list((out / "students").glob("*/*.json"))) < 300


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.slow
def test_workers_need_nothing_inherited_decisions_survive_a_regrade_under_every_start_method(
    tmp_path: Path, method: str
) -> None:
    cls = tmp_path / "class"
    for n in range(3):
        write(cls, f"{n}.json", submission(f"s{n}", **{"q3.gradient": "asdfgh"}))
    out = tmp_path / "out"
    grade_class(cls, out, rubrics_dir=RUBRICS, jobs=2, start_method=method)
    with Gradebook.of(out) as book:
        chosen = targets(book, student="s1", part="q3.gradient", group=None, assignment=None)
    decide(out, chosen, 1.0, "read by hand", "ta1")
    write(cls, "1.json", submission("s1", **{"q3.gradient": "asdfgh!"}))  # changed: graded again by a worker

    outcome = grade_class(cls, out, rubrics_dir=RUBRICS, jobs=2, start_method=method)
    write_outputs(out, outcome)

    assert outcome.reused == 2
    one = grade(load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml"), load_submission(cls / "0.json"))
    assert outcome.rows[0].total == one.score
    report = json.loads((out / "students" / "dl-rnn-vs-lstm" / "s1.json").read_text())
    part = next(p for q in report["questions"] for p in q["parts"] if p["id"] == "q3.gradient")
    assert (part["score"], part["override"]["by"]) == (1.0, "ta1")
    assert rows(out)["1.json"]["overridden"] == "q3.gradient"


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the rubric files parsed from YAML from now on (a rubric from the cache is not parsed)."""
    import grader.io.loaders
    import grader.io.yamlfile

    parsed: list[str] = []
    original = grader.io.yamlfile.yaml_data

    def counted(text: str, name: str) -> Any:
        parsed.append(Path(name).name)
        return original(text, name)

    monkeypatch.setattr(grader.io.yamlfile, "yaml_data", counted)
    _forget_rubrics()  # parsed in this process by earlier tests
    return parsed


def _forget_rubrics() -> None:
    """Forget the rubrics this process read, as a new process would."""
    import grader.io.loaders

    grader.io.loaders._rubric_from_yaml.cache_clear()
    grader.io.loaders._FROM_CACHE.clear()


def test_a_rubric_named_for_its_assignment_is_parsed_once_and_a_misnamed_one_is_looked_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    shutil.copy(RUBRICS / "dl-rnn-vs-lstm.yaml", rubrics / "dl-rnn-vs-lstm.yaml")
    other = yaml.safe_load((RUBRICS / "rnn-lstm-theory.yaml").read_text(encoding="utf-8"))
    (rubrics / "rnn-lstm-theory.yaml").write_text(yaml.safe_dump({**other, "assignment": "renamed"}))
    shutil.copy(RUBRICS / "rnn-lstm-theory.yaml", rubrics / "a-theory.yaml")  # declares rnn-lstm-theory
    cls = tmp_path / "class"
    write(cls, "a.json", submission("a"))
    write(cls, "b.json", {**submission("b"), "assignment": "rnn-lstm-theory", "answers": {}})
    parsed = _counting_parses(monkeypatch)

    outcome = grade_class(cls, tmp_path / "out", rubrics_dir=rubrics, jobs=1, cache=False)

    assert [row.status for row in outcome.rows] == ["ok", "ok"]
    assert parsed.count("dl-rnn-vs-lstm.yaml") == 1  # before: once to find it, once to load it
    assert parsed.count("a-theory.yaml") == 2  # found by what it declares, past the misnamed file
    with Gradebook.of(tmp_path / "out") as book:
        used = dict(book.db.execute("SELECT assignment, rubric_path FROM run_rubrics").fetchall())
    assert Path(used["rnn-lstm-theory"]).name == "a-theory.yaml"


def test_a_rubric_is_validated_once_per_content_across_runs_unless_the_cache_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADER_CACHE", "1")
    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    cls = tmp_path / "class"
    write(cls, "a.json", submission("a"))
    parsed = _counting_parses(monkeypatch)

    results, counts = [], []
    for out, flag in [("one", "--cache"), ("two", "--cache"), ("three", "--no-cache")]:
        _forget_rubrics()
        before = len(parsed)
        results.append(invoke("grade", cls, "--out", tmp_path / out, "--rubrics-dir", RUBRICS, "--jobs", "1", flag))
        counts.append(len(parsed) - before)

    assert [result.exit_code for result in results] == [EXIT_OK] * 3, results[-1].stderr
    assert counts == [1, 0, 1]  # validated, then from the cache, then again with it turned off
    assert (tmp_path / "cache").is_dir()
    assert rows(tmp_path / "one")["a.json"]["total"] == rows(tmp_path / "two")["a.json"]["total"]
