"""The `grader check` command: exit codes, formats, output files and the JSON report contract."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from grader import __version__
from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE

from ..conftest import ESCAPES, RAW_CONTROLS, ROOT, RUBRICS, SUBMISSIONS, invoke

SEED = SUBMISSIONS / "000_bbf2462fc864e187.json"
RUBRIC = RUBRICS / "dl-rnn-vs-lstm.yaml"


def test_check_prints_a_text_report_and_exits_0() -> None:
    code, out, err = invoke("check", SEED, "--rubrics-dir", RUBRICS)

    assert code == EXIT_OK, err
    assert out.splitlines()[:2] == ["dl-rnn-vs-lstm  Saidava Nathi (223737856)", "Score 25/34"]
    assert "q4.dense-params" in out
    assert err == ""


def test_the_json_format_follows_the_documented_contract() -> None:
    code, out, _ = invoke("check", SEED, "--rubric", RUBRIC, "--format", "json")

    assert code == EXIT_OK
    report = json.loads(out)
    assert set(report) == {"assignment", "student", "score", "max_score", "questions", "unknown_answers"}
    assert report["assignment"] == "dl-rnn-vs-lstm"
    assert report["student"] == {"id": "223737856", "name": "Saidava Nathi"}
    for question in report["questions"]:
        assert set(question) == {"id", "title", "score", "max_score", "parts"}
        for part in question["parts"]:
            assert set(part) == {
                "id",
                "status",
                "score",
                "max_score",
                "feedback",
                "interpreted_as",
                "interpreted_latex",
                "confidence",
                "expected",
                "note",
                "override",
            }
            assert part["id"].startswith(question["id"] + ".")
            assert part["status"] in {"correct", "partial", "incorrect", "unanswered", "needs_review"}
            assert 0 <= part["score"] <= part["max_score"]
        assert question["score"] == sum(part["score"] for part in question["parts"])
    assert report["score"] == sum(question["score"] for question in report["questions"])
    assert (report["score"], report["max_score"]) == (25, 34)


def test_markdown_goes_to_the_output_file_and_nothing_to_the_terminal(tmp_path: Path) -> None:
    target = tmp_path / "feedback.md"

    code, out, _ = invoke("check", SEED, "--rubrics-dir", RUBRICS, "-f", "markdown", "-o", target)

    assert code == EXIT_OK
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "4,352" in text or "4352" in text


def test_the_rubric_is_found_from_the_working_directory_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)

    code, out, _ = invoke("check", SEED.relative_to(ROOT), "-f", "json")

    assert code == EXIT_OK
    assert json.loads(out)["max_score"] == 34


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str | Path], str]]:
    broken = tmp_path / "broken.json"
    broken.write_text('{"assignment": "dl-rnn-vs-lstm", "student": ', encoding="utf-8")
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"assignment": "gru-theory", "student": {"id": "1"}, "answers": {}}))
    bad_rubric = tmp_path / "bad.yaml"
    bad_rubric.write_text(RUBRIC.read_text(encoding="utf-8").replace("points:", "pionts:", 1), encoding="utf-8")
    return {
        "invalid-json": ([broken, "--rubrics-dir", RUBRICS], f"{broken}: invalid submission: line 1"),
        "unknown-assignment": ([unknown, "--rubrics-dir", RUBRICS], "no rubric for assignment 'gru-theory'"),
        "invalid-rubric": ([SEED, "--rubric", bad_rubric], "did you mean 'points'"),
        "no-rubric-folder": ([SEED, "--rubrics-dir", tmp_path / "none"], "no rubric folder"),
    }


@pytest.mark.parametrize("case", ["invalid-json", "unknown-assignment", "invalid-rubric", "no-rubric-folder"])
def test_bad_input_exits_1_with_one_clear_message_and_no_traceback(tmp_path: Path, case: str) -> None:
    args, message = _bad_inputs(tmp_path)[case]

    code, out, err = invoke("check", *args)

    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert err.startswith("error: ")
    assert message in " ".join(err.split())
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check"], id="no-submission"),
        pytest.param(["check", "no/such/file.json"], id="submission-missing"),
        pytest.param(["check", str(SEED), "--format", "pdf"], id="unknown-format"),
        pytest.param(["check", str(SEED), "--colour"], id="unknown-option"),
        pytest.param(["grade-all"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, _, err = invoke(*args)

    assert code == EXIT_USAGE
    assert "Usage" in err


def test_an_unwritable_output_file_is_bad_input(tmp_path: Path) -> None:
    code, _, err = invoke("check", SEED, "--rubrics-dir", RUBRICS, "-o", tmp_path / "missing-dir" / "out.txt")

    assert code == EXIT_BAD_INPUT
    assert "cannot write" in err


def test_version_and_help() -> None:
    code, out, _ = invoke("--version")
    assert (code, out.strip()) == (EXIT_OK, f"grader {__version__}")

    code, out, _ = invoke("check", "--help")
    assert code == EXIT_OK
    for option in ("--rubric", "--rubrics-dir", "--format", "--output", "Exit codes"):
        assert option in out


def test_help_shows_its_placeholders() -> None:
    # markdown help drops `<...>` outside code spans: the places a command writes must keep them
    _, grade_help, _ = invoke("grade", "--help")
    assert "OUT/students/<assignment>/<id>.json" in " ".join(grade_help.split())
    _, export_help, _ = invoke("export", "--help")
    assert "gradescope/<id>/results" in "".join(export_help.split())


def test_python_dash_m_and_the_console_script_run_in_a_real_process() -> None:
    module = subprocess.run(
        [sys.executable, "-m", "grader", "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert (module.returncode, module.stdout.strip()) == (0, f"grader {__version__}")

    script = shutil.which("grader", path=str(Path(sys.executable).parent))
    assert script is not None
    graded = subprocess.run(
        [script, "check", str(SEED), "--rubrics-dir", str(RUBRICS), "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert graded.returncode == 0, graded.stderr
    assert json.loads(graded.stdout)["score"] == 25


def test_params_prints_a_summary_table_with_formulas_and_the_total() -> None:
    code, out, err = invoke("params", RUBRIC)

    assert code == EXIT_OK, err
    assert "text-classifier (keras)" in out
    assert "lstm (LSTM)" in out
    assert "4 × (32 × (16 + 32) + 32)" in out
    assert "6,272" in out
    assert "Total params" in out
    assert "30,977" in out


def test_params_json_follows_the_documented_contract(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text("framework: pytorch\nlayers:\n  - LSTM: {input_size: 16, hidden_size: 32}\n", encoding="utf-8")

    code, out, _ = invoke("params", spec, "--json")

    assert code == EXIT_OK
    assert json.loads(out) == {
        "framework": "pytorch",
        "layers": [{"index": 0, "type": "LSTM", "params": 6400, "formula": "4 × (32 × (16 + 32) + 2 × 32)"}],
        "total": 6400,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            [RUBRIC, "nope"], "no model named 'nope'; the rubric defines: text-classifier", id="unknown-model"
        ),
        pytest.param([SEED], "assignment: unknown key", id="not-a-spec"),
    ],
)
def test_params_refuses_what_it_cannot_count(args: list[Path | str], message: str) -> None:
    code, _, err = invoke("params", *args)

    assert code == EXIT_BAD_INPUT
    assert message in " ".join(err.split())


def one_error_line(err: str) -> str:
    """The `error:` message of standard error (after any progress lines), checked to be the only one and the
    end of the output, with no traceback."""
    assert "Traceback" not in err
    starts = [n for n, line in enumerate(err.splitlines()) if line.startswith("error: ")]
    assert len(starts) == 1, err
    return " ".join(err.splitlines()[starts[0] :]).strip()


def graded_class(tmp_path: Path) -> Path:
    cls = tmp_path / "class"
    cls.mkdir()
    shutil.copy(SEED, cls / "s1.json")
    out = tmp_path / "out"
    code, _, err = invoke("grade", cls, "--out", out, "--rubrics-dir", RUBRICS, "--jobs", "1")
    assert code == EXIT_OK, err
    return out


def test_a_damaged_gradebook_is_one_error_line(tmp_path: Path) -> None:
    out = graded_class(tmp_path)
    database = out / "gradebook.sqlite"
    with database.open("r+b") as handle:
        handle.seek(4096)
        handle.write(bytes(range(256)) * ((database.stat().st_size - 4096) // 256))

    for command in (
        ["review"],
        ["export", "--to", "canvas"],
        ["override", "223737856", "q1.difference", "--score", "1"],
    ):
        code, _, err = invoke(command[0], out, *command[1:])

        assert code == EXIT_BAD_INPUT
        assert "gradebook.sqlite" in one_error_line(err)


def test_a_full_disk_while_writing_outputs_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import grader.classroom.outputs

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(grader.classroom.outputs, "atomic_write", full)
    code, _, err = invoke("grade", SUBMISSIONS, "--out", tmp_path / "out", "--rubrics-dir", RUBRICS, "--jobs", "1")

    assert code == EXIT_BAD_INPUT
    said = one_error_line(err)
    assert "gradebook-dl-rnn-vs-lstm.csv" in said
    assert "the disk is full" in said


def test_half_an_emoji_in_an_answer_is_graded(tmp_path: Path) -> None:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["answers"]["q1.difference"] = "gates \ud800"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON escapes keep the lone surrogate

    for fmt in ("text", "json", "markdown"):
        code, out, err = invoke("check", path, "--rubrics-dir", RUBRICS, "--format", fmt)

        assert code == EXIT_OK, err
        assert "\ufffd" in out or "\\ufffd" in out


def _hostile_submission(folder: Path) -> Path:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["student"] = {"id": "eve", "name": f"Eve{ESCAPES}"}
    data["answers"]["q2.forget"] = ESCAPES
    path = folder / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _said(*args: str | Path) -> str:
    _, out, err = invoke(*args)
    return out + err


def _check_to_a_file(tmp_path: Path) -> str:
    target = tmp_path / "report.txt"
    invoke("check", _hostile_submission(tmp_path), "--rubrics-dir", RUBRICS, "-o", target)
    return target.read_text(encoding="utf-8")


def _unreadable(folder: Path) -> Path:
    path = folder / f"{ESCAPES}.json"  # the message names the file
    path.write_text("{", encoding="utf-8")
    return path


def _grade_with_an_error(tmp_path: Path) -> str:
    _unreadable(tmp_path)
    return _said("grade", tmp_path, "--out", tmp_path.parent / "out", "--rubrics-dir", RUBRICS, "--jobs", "1")


def _import(tmp_path: Path) -> str:
    document = tmp_path / f"{ESCAPES}.md"  # an uploaded file's name, which also becomes the student id
    document.write_text(f"# Homework\n\n## Q9) {ESCAPES}\n\n{ESCAPES}\n", encoding="utf-8")
    _, _, report = invoke("import", document, "--rubric", RUBRIC)  # standard output is the submission's JSON
    return report


def _rubric_with(tmp_path: Path, change: Callable[[dict], None]) -> Path:
    data = yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))
    change(data["questions"][1]["parts"][0])  # q2.forget
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _rubric_test(tmp_path: Path) -> str:
    failing = {"answer": ESCAPES, "name": f"test{ESCAPES}", "status": "correct"}
    return _said("rubric", "test", _rubric_with(tmp_path, lambda part: part["tests"].append(failing)))


def _rubric_validate(tmp_path: Path) -> str:
    return _said("rubric", "validate", _rubric_with(tmp_path, lambda part: part["check"].update(expected=ESCAPES)))


TERMINAL_OUTPUTS: dict[str, Callable[[Path], str]] = {
    "check-text": lambda tmp: _said("check", _hostile_submission(tmp), "--rubrics-dir", RUBRICS),
    "check-text-to-a-file": _check_to_a_file,
    "check-error": lambda tmp: _said("check", _unreadable(tmp), "--rubrics-dir", RUBRICS),
    "grade-error-lines": _grade_with_an_error,
    "import-report": _import,
    "rubric-test-table": _rubric_test,
    "rubric-validate": _rubric_validate,
}


@pytest.mark.parametrize("command", TERMINAL_OUTPUTS)
def test_escape_sequences_in_student_or_file_text_are_shown_not_sent_to_the_terminal(tmp_path: Path,
                                                                                     command: str) -> None:  # fmt: skip
    said = TERMINAL_OUTPUTS[command](tmp_path)

    assert not RAW_CONTROLS.search(said)
    assert "\\x1b]52;c;" in said  # what was written is still there to see
