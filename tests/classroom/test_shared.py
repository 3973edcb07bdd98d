"""The checks a class shares: each distinct one run once across processes, with the outcome `grade` would
compute; a process that dies costs only time."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from grader import load_rubric
from grader.classroom import shared
from grader.classroom.batch import grade_class
from grader.classroom.shared import shared_outcomes
from grader.grading import planned, run_planned

from ..conftest import RUBRICS, SUBMISSIONS, invoke

RUBRIC = load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml")
SEED = json.loads((SUBMISSIONS / "000_bbf2462fc864e187.json").read_text(encoding="utf-8"))["answers"]
FORK = multiprocessing.get_context("fork")

CLASS = [  # three students; two answers recur, one differs, one part is blank
    dict(SEED),
    {**SEED, "q4.lstm-params": "6272 (4 gates)"},
    {**SEED, "q4.lstm-params": "6272 (4 gates)", "q1.difference": ""},
]


def test_each_distinct_check_is_run_once_with_the_outcome_grading_computes() -> None:
    told: list[tuple[int, int]] = []
    given = [(RUBRIC.assignment, answers) for answers in CLASS]
    known = shared_outcomes(FORK, given, {RUBRIC.assignment: RUBRIC}, 2, lambda done, total: told.append((done, total)))

    wanted = {check.key: check for answers in CLASS for check in planned(RUBRIC, answers)}
    assert set(known) == set(wanted)  # every answered part of every student, recurring ones once
    assert len(wanted) == len(planned(RUBRIC, SEED)) + 1  # the one new answer; the blank is no check
    for key, check in wanted.items():
        direct = run_planned(RUBRIC, check, None)
        assert (known[key].status, known[key].fraction, known[key].feedback) == (
            direct.status,
            direct.fraction,
            direct.feedback,
        ), key
    assert told == [(done, len(wanted)) for done in range(len(wanted) + 1)]  # from none to every one, in steps


@pytest.mark.parametrize("count", [0, 1], ids=["no-process", "one-process"])
def test_nothing_is_shared_by_fewer_than_two_processes(count: int) -> None:
    assert shared_outcomes(FORK, [(RUBRIC.assignment, SEED)], {RUBRIC.assignment: RUBRIC}, count) == {}


def _die(*_: Any) -> None:
    os._exit(1)


def test_processes_that_die_cost_time_not_grades(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    classes = tmp_path / "class"
    classes.mkdir()
    for n, answers in enumerate(CLASS):
        data = {"assignment": RUBRIC.assignment, "student": {"id": f"s{n}"}, "answers": answers}
        (classes / f"s{n}.json").write_text(json.dumps(data), encoding="utf-8")
    expected = grade_class(classes, tmp_path / "one", rubrics_dir=RUBRICS, jobs=1)

    monkeypatch.setattr(shared, "_run_share", _die)
    assert shared_outcomes(FORK, [(RUBRIC.assignment, SEED)], {RUBRIC.assignment: RUBRIC}, 2) == {}
    got = grade_class(classes, tmp_path / "two", rubrics_dir=RUBRICS, jobs=2, start_method="fork")

    assert [(row.file, row.total, row.status, row.parts) for row in got.rows] == [
        (row.file, row.total, row.status, row.parts) for row in expected.rows
    ]


def test_the_command_says_how_far_the_shared_checks_and_the_grading_are(tmp_path: Path) -> None:
    classes = tmp_path / "class"
    classes.mkdir()
    for n, answers in enumerate(CLASS):
        data = {"assignment": RUBRIC.assignment, "student": {"id": f"s{n}"}, "answers": answers}
        (classes / f"s{n}.json").write_text(json.dumps(data), encoding="utf-8")

    result = invoke("grade", classes, "--out", tmp_path / "out", "--rubrics-dir", RUBRICS, "--jobs", "2")

    lines = result.stderr.splitlines()  # not a terminal: plain lines
    distinct = len({check.key for answers in CLASS for check in planned(RUBRIC, answers)})
    assert f"checked distinct answers {distinct}/{distinct}" in lines
    assert lines.index(f"checked distinct answers {distinct}/{distinct}") < lines.index("graded 3/3")
