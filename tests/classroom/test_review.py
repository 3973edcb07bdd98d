"""Human review: answer groups, decisions recorded and applied everywhere, decisions kept across a regrade
with a changed rubric, and those whose automatic verdict moved reported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.classroom.batch import grade_class
from grader.classroom.outputs import write_outputs
from grader.classroom.review import group_key, queue, targets
from grader.classroom.store import Decision, Gradebook
from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE

from ..conftest import ESCAPES, RAW_CONTROLS, RUBRICS, invoke
from .test_batch import rows, submission, write

LATEX = r"\delta c_{t-2} = \delta c_t \odot f_t \odot f_{t-1}"
UNICODE = "δc_{t-2} = δc_t ⊙ f_t ⊙ f_{t-1}"


@pytest.fixture
def graded(tmp_path: Path) -> dict[str, Any]:
    """A class of four graded with a copy of the seed rubric: two unreadable identical answers to
    q3.gradient, and the right answer in LaTeX and in Unicode."""
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    (rubrics / "dl-rnn-vs-lstm.yaml").write_text((RUBRICS / "dl-rnn-vs-lstm.yaml").read_text(encoding="utf-8"))
    cls = tmp_path / "class"
    answers = {"s1": "asdfgh", "s2": " ASDFGH ", "s3": LATEX, "s4": f"$${UNICODE}$$"}
    for student, answer in answers.items():
        write(cls, f"{student}.json", submission(student, **{"q3.gradient": answer}))
    out = tmp_path / "out"
    write_outputs(out, grade_class(cls, out, rubrics_dir=rubrics, jobs=1))
    return {"class": cls, "out": out, "rubrics": rubrics}


@pytest.mark.parametrize(
    ("kind", "answer", "read", "same_as"),
    [
        ("equation", r"$$a = b$$", "a = b", ("equation", "a=b", "a = b")),
        ("text", "Gates control the flow.", None, ("text", "  gates   control the FLOW ", None)),
        ("number", "6,272", "6,272", ("params", "6272", "6272")),
    ],
    ids=["math-by-reading", "text-by-normalised-text", "numbers-by-value"],
)
def test_answers_group_by_their_normalised_form(kind: str, answer: str, read: str | None, same_as: tuple) -> None:
    assert group_key(kind, answer, read) == group_key(*same_as)


def test_answers_equal_only_up_to_algebra_stay_apart() -> None:
    assert group_key("expression", "a*b", "a*b") != group_key("expression", "b*a", "b*a")


def test_the_queue_groups_identical_answers_with_the_reason_and_the_expected_answer(graded: dict[str, Any]) -> None:
    with Gradebook.of(graded["out"]) as book:
        groups = [g for g in queue(book) if g.part_id == "q3.gradient"]
        every = [g for g in queue(book, every_status=True) if g.part_id == "q3.gradient"]

    (group,) = groups
    assert group.students == ["s1", "s2"]
    assert (group.status, group.note, group.expected) == ("needs_review", "unreadable", LATEX)
    assert "Could not read your answer as math" in group.reason
    right = [g for g in every if g.status == "correct"]
    assert len(right) == 1
    assert right[0].students == ["s3", "s4"]


def test_a_group_decision_reaches_the_gradebook_and_the_feedback(graded: dict[str, Any]) -> None:
    out = graded["out"]
    with Gradebook.of(out) as book:
        (group,) = [g for g in queue(book) if g.part_id == "q3.gradient"]

    result = invoke("override", out, "--group", group.id, "--score", "1", "--comment", "typo of δ", "--by", "ta1")

    assert result.exit_code == EXIT_OK, result.stderr
    assert "s1 q3.gradient: set to 1 (machine: 0, needs_review)" in result.stdout
    table = rows(out)
    for student in ("s1", "s2"):
        assert table[f"{student}.json"]["q3.gradient"] == "1"
        assert table[f"{student}.json"]["overridden"] == "q3.gradient"
        report = json.loads((out / "students" / "dl-rnn-vs-lstm" / f"{student}.json").read_text(encoding="utf-8"))
        part = report["questions"][2]["parts"][1]
        assert (part["score"], part["status"], part["override"]["by"]) == (1, "partial", "ta1")
        assert "Score set by instructor: 1/" in (out / "students" / "dl-rnn-vs-lstm" / f"{student}.md").read_text(
            encoding="utf-8"
        )
    assert table["s3.json"]["overridden"] == ""
    listed = invoke("review", out, "--json")
    assert group.id not in {g["id"] for g in json.loads(listed.stdout)}  # decided: out of the queue


def test_decisions_survive_a_regrade_with_a_changed_rubric_and_moved_verdicts_are_reported(
    graded: dict[str, Any],
) -> None:
    out, cls, rubrics = graded["out"], graded["class"], graded["rubrics"]
    assert invoke("override", out, "s1", "q3.gradient", "--score", "2", "--by", "ta1").exit_code == EXIT_OK
    assert invoke("override", out, "s3", "q3.gradient", "--score", "2.5", "--by", "ta2").exit_code == EXIT_OK
    path = rubrics / "dl-rnn-vs-lstm.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][2]["parts"][1]["check"]["expected"] = r"\delta c_{t-2} = \delta c_t \odot f_t"  # changed
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = invoke("grade", cls, "--out", out, "--rubrics-dir", rubrics, "--jobs", "1")

    assert result.exit_code == EXIT_OK, result.stderr
    assert "reused" not in result.stdout  # the rubric changed: everything regraded
    assert "2 human decisions applied" in result.stdout
    said = " ".join(result.stderr.split())
    # the old right answer is the new rubric's listed mistake (with o_t) without o_t: a grader's call now
    assert "s3 q3.gradient: the machine now gives 0 (needs_review); it gave 3 (correct) when ta2 set 2.5" in said
    assert "s1 q3.gradient" not in said  # its machine verdict did not move
    table = rows(out)
    assert (table["s1.json"]["q3.gradient"], table["s3.json"]["q3.gradient"]) == ("2", "2.5")
    assert table["s4.json"]["q3.gradient"] == "0"  # no decision: the new rubric's verdict
    review = invoke("review", out)
    assert "changed underneath: s3 q3.gradient" in review.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nobody", "q3.gradient", "--score", "1"], EXIT_BAD_INPUT, "no graded submission of student 'nobody'"),
        (
            ["s1", "q9.x", "--score", "1"],
            EXIT_BAD_INPUT,
            "no part 'q9.x' in the submission of 's1'; its parts: q1.difference",
        ),
        (["s1", "q3.gradient", "--score", "4"], EXIT_BAD_INPUT, "a score of 4 is outside 0..3"),
        (["--group", "gnothing", "--score", "1"], EXIT_BAD_INPUT, "no answer group 'gnothing'"),
        (["s1", "q3.gradient"], EXIT_USAGE, "give --score S, or --clear"),
        (["s1", "--score", "1"], EXIT_USAGE, "name a STUDENT and a PART, or pass --group ID"),
    ],
    ids=["unknown-student", "unknown-part", "score-too-high", "unknown-group", "no-score", "no-part"],
)
def test_bad_decisions_are_refused_and_record_nothing(graded: dict[str, Any], args: list[str], code: int,
                                                      message: str) -> None:  # fmt: skip
    result = invoke("override", graded["out"], *args)

    assert result.exit_code == code
    assert message in " ".join(result.stderr.split())
    with Gradebook.of(graded["out"]) as book:
        assert book.history() == []


def test_a_withdrawn_decision_gives_the_machine_score_back(graded: dict[str, Any]) -> None:
    out = graded["out"]
    invoke("override", out, "s1", "q3.gradient", "--score", "3")
    assert rows(out)["s1.json"]["q3.gradient"] == "3"

    result = invoke("override", out, "s1", "q3.gradient", "--clear")

    assert result.exit_code == EXIT_OK, result.stderr
    assert rows(out)["s1.json"]["q3.gradient"] == "0"
    with Gradebook.of(out) as book:
        assert len(book.history()) == 2


def test_review_without_a_gradebook_says_how_to_make_one(tmp_path: Path) -> None:
    result = invoke("review", tmp_path)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "run `grader grade CLASS_DIR --out" in " ".join(result.stderr.split())


def test_a_decision_rewrites_the_class_report_and_flags_exports_made_before_it(graded: dict[str, Any]) -> None:
    out = graded["out"]
    assert invoke("report", out).exit_code == EXIT_OK
    assert invoke("export", out, "--to", "canvas", "--allow-pending").exit_code == EXIT_OK
    before = (out / "report.html").read_text(encoding="utf-8")

    result = invoke("override", out, "s1", "q3.gradient", "--score", "3")

    assert result.exit_code == EXIT_OK, result.stderr
    assert f"updated {out / 'report.html'}" in result.stdout
    assert (out / "report.html").read_text(encoding="utf-8") != before
    assert "reviewed by a human" in (out / "html" / "dl-rnn-vs-lstm" / "s1.html").read_text(encoding="utf-8")
    said = " ".join(result.stderr.split())
    assert "exports/canvas.csv" in said
    assert "run `grader export` again" in said


@pytest.mark.parametrize("lms", ["canvas", "moodle"])
def test_an_lms_export_is_refused_while_parts_await_review_unless_provisional_scores_are_asked_for(
    graded: dict[str, Any], lms: str
) -> None:
    out = graded["out"]

    refused = invoke("export", out, "--to", lms)
    allowed = invoke("export", out, "--to", lms, "--allow-pending")

    assert refused.exit_code == EXIT_BAD_INPUT
    said = " ".join(refused.stderr.split())
    assert "s1" in said
    assert "s2" in said
    assert "--allow-pending" in said
    assert f"grader review {out}" in said  # the real folder, not a placeholder
    assert allowed.exit_code == EXIT_OK, allowed.stderr
    assert "provisional" in allowed.stdout
    assert (out / "exports" / f"{lms}.csv").is_file()


def test_an_lms_export_goes_through_once_every_review_is_decided(graded: dict[str, Any]) -> None:
    out = graded["out"]
    for student in ("s1", "s2"):
        assert invoke("override", out, student, "q3.gradient", "--score", "0").exit_code == EXIT_OK

    result = invoke("export", out, "--to", "canvas")

    assert result.exit_code == EXIT_OK, result.stderr
    assert "provisional" not in result.stdout


@pytest.mark.parametrize("command", [["review"], ["export", "--to", "csv"], ["report"], ["override", "s2",
                                     "q3.gradient", "--score", "1"]], ids=["review", "export", "report", "override"])  # fmt: skip
def test_a_decision_whose_command_was_killed_before_rewriting_reaches_the_outputs_with_the_next_command(
    graded: dict[str, Any], command: list[str]
) -> None:
    out = graded["out"]
    invoke("report", out)
    with Gradebook.of(out) as book:  # what `grader override` had committed when it was killed
        chosen = targets(book, student="s1", part="q3.gradient", group=None, assignment=None)
        book.override([Decision(t.assignment, t.student_id, t.part_id, 3.0, "seen", "ta1", t.score, t.status)
                       for t in chosen])  # fmt: skip
    assert rows(out)["s1.json"]["q3.gradient"] == "0"  # stale

    result = invoke(command[0], out, *command[1:])

    assert result.exit_code == EXIT_OK, result.stderr
    assert rows(out)["s1.json"]["q3.gradient"] == "3"
    report = json.loads((out / "students" / "dl-rnn-vs-lstm" / "s1.json").read_text(encoding="utf-8"))
    assert any("Score set by ta1" in p["feedback"] for q in report["questions"] for p in q["parts"])
    assert "reviewed by a human" in (out / "html" / "dl-rnn-vs-lstm" / "s1.html").read_text(encoding="utf-8")
    with Gradebook.of(out) as book:
        assert book.unpublished() == set()


def test_a_regrade_after_a_killed_decision_rewrites_the_unchanged_students_files(graded: dict[str, Any]) -> None:
    out = graded["out"]
    with Gradebook.of(out) as book:
        chosen = targets(book, student="s1", part="q3.gradient", group=None, assignment=None)
        book.override([Decision(t.assignment, t.student_id, t.part_id, 3.0, "seen", "ta1", t.score, t.status)
                       for t in chosen])  # fmt: skip

    result = invoke("grade", graded["class"], "--out", out, "--rubrics-dir", graded["rubrics"], "--jobs", "1")

    assert result.exit_code == EXIT_OK, result.stderr
    assert "4 reused" in result.stdout
    assert rows(out)["s1.json"]["q3.gradient"] == "3"
    assert "Score set by instructor: 3/3" in (out / "students" / "dl-rnn-vs-lstm" / "s1.md").read_text(encoding="utf-8")
    with Gradebook.of(out) as book:
        assert book.unpublished() == set()


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Any]:
    """A class of two graded with a copy of the seed rubric: an unreadable answer made of escape sequences, and
    the right answer to q3.gradient, both from students whose ids and names carry them too."""
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    (rubrics / "dl-rnn-vs-lstm.yaml").write_text((RUBRICS / "dl-rnn-vs-lstm.yaml").read_text(encoding="utf-8"))
    cls = tmp_path / "class"
    for n, answer in enumerate([ESCAPES, LATEX]):
        data = submission(f"s{n}{ESCAPES}", **{"q3.gradient": answer})
        data["student"]["name"] = f"Eve{ESCAPES}"
        write(cls, f"s{n}.json", data)
    out = tmp_path / "out"
    write_outputs(out, grade_class(cls, out, rubrics_dir=rubrics, jobs=1))
    return {"class": cls, "out": out, "rubrics": rubrics}


def _override_group(hostile: dict[str, Any]) -> str:
    with Gradebook.of(hostile["out"]) as book:
        (group,) = [g for g in queue(book) if g.part_id == "q3.gradient"]
    return str(invoke("override", hostile["out"], "--group", group.id, "--score", "1").stdout)


def _decide_then_change_the_rubric(hostile: dict[str, Any]) -> str:
    """Regrade after a decision on the right answer and a rubric change that moves its automatic verdict."""
    out, rubrics = hostile["out"], hostile["rubrics"]
    decided = invoke("override", out, f"s1{ESCAPES}", "q3.gradient", "--score", "2", "--by", f"ta{ESCAPES}")
    assert decided.exit_code == EXIT_OK, decided.stderr
    path = rubrics / "dl-rnn-vs-lstm.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][2]["parts"][1]["check"]["expected"] = r"\delta c_{t-2} = \delta c_t \odot f_t"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = invoke("grade", hostile["class"], "--out", out, "--rubrics-dir", rubrics, "--jobs", "1")
    assert "the machine now gives" in " ".join(result.stderr.split())
    return str(result.stdout + result.stderr)


def _review_after_the_change(hostile: dict[str, Any]) -> str:
    _decide_then_change_the_rubric(hostile)
    said = str(invoke("review", hostile["out"], "--all").stdout)
    assert "changed underneath" in said
    return said


LISTINGS: dict[str, Callable[[dict[str, Any]], str]] = {
    "review": lambda hostile: str(invoke("review", hostile["out"]).stdout),
    "override-group": _override_group,
    "grade-moved-decisions": _decide_then_change_the_rubric,
    "review-changed-underneath": _review_after_the_change,
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_escape_sequences_from_students_are_shown_not_sent_to_the_terminal(hostile: dict[str, Any],
                                                                           listing: str) -> None:  # fmt: skip
    said = LISTINGS[listing](hostile)

    assert not RAW_CONTROLS.search(said)
    assert "\\x1b]52;c;ZWNobyBwd25lZA==\\x07 \\x1b[1A\\x1b[2K✔ correct \\u202eexe" in " ".join(said.split())
