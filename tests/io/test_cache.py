"""The cache between runs: rubrics validated once per content, an answer checked once per content of its part,
nothing stored that the machine decided, and a cache that cannot work is skipped without a word."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from grader import grade, load_rubric
from grader.io import cache as cache_module
from grader.io.cache import DiskCache, VerdictCache, cache_folder, digest, fingerprint
from grader.models.outcome import Outcome
from grader.models.report import Status
from grader.models.rubric import Rubric
from tests.conftest import ROOT, RUBRICS, SUBMISSIONS, invoke

SEED = SUBMISSIONS / "000_bbf2462fc864e187.json"
RUBRIC = RUBRICS / "dl-rnn-vs-lstm.yaml"


def _outcome(note: str = "equivalent", status: Status = Status.CORRECT) -> Outcome:
    return Outcome(status, 1.0, ("Correct: h_t read.",), "h_t", "h_t", note, "h_t", 0.9)


@pytest.fixture
def on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache turned on, in a folder of this test's own."""
    monkeypatch.setenv("GRADER_CACHE", "1")
    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GRADER_CACHE": "0"}, None),
        ({"GRADER_CACHE": "off", "GRADER_CACHE_DIR": "/x"}, None),
        ({"GRADER_CACHE_DIR": "/somewhere/else"}, Path("/somewhere/else")),
        ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/grader")),
    ],
    ids=["off", "off-beats-dir", "dir", "xdg"],
)
def test_where_the_cache_lives(env: dict[str, str], expected: Path | None, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GRADER_CACHE", "GRADER_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert cache_folder() == expected


def test_values_outlive_the_process_that_stored_them(tmp_path: Path) -> None:
    with DiskCache(tmp_path) as disk:
        disk.put("k", "v")
        assert disk.get("k") == "v"
    with DiskCache(tmp_path) as disk:
        assert disk.get("k") == "v"
        assert disk.get("other") is None


def test_a_cache_turned_off_stores_nothing(tmp_path: Path) -> None:
    with DiskCache(None) as disk:
        disk.put("k", "v")
        assert disk.get("k") is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", ["not-a-folder", "garbage-file"], ids=["folder-is-a-file", "damaged-file"])
def test_a_cache_that_cannot_work_is_skipped_quietly(damage: str, tmp_path: Path) -> None:
    if damage == "not-a-folder":
        (tmp_path / "file").write_text("x")
        folder = tmp_path / "file" / "cache"
    else:
        folder = tmp_path
        (tmp_path / cache_module.FILE_NAME).write_bytes(b"this is not a database" * 100)
    with DiskCache(folder) as disk:
        disk.put("k", "v")
        assert disk.get("k") is None


def test_the_least_recently_used_entries_go_beyond_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    with DiskCache(tmp_path) as disk:
        for key in "abcde":
            disk.put(key, key)
    with sqlite3.connect(tmp_path / cache_module.FILE_NAME) as db:
        kept = {row[0] for row in db.execute("SELECT key FROM entries")}
    assert len(kept) == 3


def test_keys_are_length_prefixed_and_carry_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    assert digest("ab", "c") != digest("a", "bc")
    before = digest("x")
    monkeypatch.setenv("GRADER_SEMANTIC", "0" if fingerprint() else "1")  # the semantic switch changes verdicts
    fingerprint.cache_clear()
    try:
        assert digest("x") != before
    finally:
        fingerprint.cache_clear()


def test_an_outcome_reads_back_equal(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    key = (rubric.assignment, "q1.difference", "an answer")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome()
    with DiskCache(tmp_path) as disk:
        assert VerdictCache(disk, rubric).get(key) == _outcome()
        assert VerdictCache(disk, rubric).get((rubric.assignment, "q1.difference", "an answer ")) is None
        assert VerdictCache(disk, rubric).get((rubric.assignment, "no.such", "an answer")) is None


@pytest.mark.parametrize("note", ["timeout", "memory", "crashed"])
def test_what_the_machine_decided_is_not_stored(note: str, tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    key = (rubric.assignment, "q1.difference", "an answer")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome(note, Status.NEEDS_REVIEW)
        assert VerdictCache(disk, rubric).get(key) is None


def test_an_edited_part_does_not_reuse_the_old_verdicts(tmp_path: Path) -> None:
    rubric = load_rubric(RUBRIC)
    data = rubric.model_dump(mode="json")
    data["questions"][0]["parts"][0]["points"] += 1
    edited = Rubric.model_validate(data)
    first = rubric.questions[0]
    key = (rubric.assignment, f"{first.id}.{first.parts[0].id}", "an answer")
    other = (rubric.assignment, f"{rubric.questions[1].id}.{rubric.questions[1].parts[0].id}", "an answer")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome()
        VerdictCache(disk, rubric)[other] = _outcome()
        assert VerdictCache(disk, edited).get(key) is None
        assert VerdictCache(disk, edited).get(other) == _outcome()  # the parts not edited keep theirs


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        pytest.param("arithmetic_slips", 0.0, id="the-share-for-a-slip"),
        pytest.param("carried_errors", 0.0, id="the-share-for-a-carried-error"),
        pytest.param("channels_left_out", 0.0, id="the-share-for-a-shape-without-channels"),
    ],
)
def test_a_share_of_the_points_changed_does_not_reuse_the_old_verdicts(
    setting: str, value: float, tmp_path: Path
) -> None:
    """The rubric's own settings decide verdicts as its parts do: a changed share re-grades every answer."""
    rubric = load_rubric(RUBRIC)
    edited = Rubric.model_validate({**rubric.model_dump(mode="json"), setting: value})
    key = (rubric.assignment, "q1.difference", "an answer")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome()
        assert VerdictCache(disk, edited).get(key) is None
        assert VerdictCache(disk, rubric).get(key) == _outcome()


def test_a_changed_model_does_not_reuse_the_old_verdicts(tmp_path: Path) -> None:
    """A `params` part names a model of the rubric's: the model as written is part of every verdict's key."""
    rubric = load_rubric(RUBRIC)
    data = rubric.model_dump(mode="json")
    name = next(iter(data["models"]))
    data["models"][name]["input_dim"] = (data["models"][name].get("input_dim") or 1) + 1
    edited = Rubric.model_validate(data)
    key = (rubric.assignment, "q1.difference", "an answer")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome()
        assert VerdictCache(disk, edited).get(key) is None


def test_a_rubric_is_validated_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with DiskCache(tmp_path) as disk:
        first = load_rubric(RUBRIC, disk)

    def refuse(rubric: Rubric) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr("grader.checks.validate_rubric", refuse)
    with DiskCache(tmp_path) as disk:
        assert load_rubric(RUBRIC, disk) == first
        edited = tmp_path / "edited.yaml"
        edited.write_text(RUBRIC.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        with pytest.raises(AssertionError, match="validated again"):
            load_rubric(edited, disk)


def test_grading_with_the_cache_gives_the_same_report(tmp_path: Path) -> None:
    from grader import load_submission

    rubric, submission = load_rubric(RUBRIC), load_submission(SEED)
    plain = grade(rubric, submission, isolate=False)
    with DiskCache(tmp_path) as disk:
        assert grade(rubric, submission, isolate=False, cache=VerdictCache(disk, rubric)) == plain
    with DiskCache(tmp_path) as disk:
        assert grade(rubric, submission, isolate=False, cache=VerdictCache(disk, rubric)) == plain


def test_check_twice_prints_the_same_and_the_second_run_loads_no_engine(on: Path) -> None:
    first = invoke("check", SEED)
    assert first.exit_code == 0
    assert (on / cache_module.FILE_NAME).exists()
    second = invoke("check", SEED)
    assert second.stdout == first.stdout
    script = (
        "import sys\n"
        "from grader.cli import main\n"
        f"sys.argv = ['grader', 'check', {str(SEED)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('ENGINE', sorted(m for m in sys.modules if m.startswith(('numpy', 'grader.math', 'grader.checks'))))\n"
    )
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert ran.stdout.strip().endswith("ENGINE []")


def test_no_cache_leaves_no_file(on: Path) -> None:
    assert invoke("check", "--no-cache", SEED).exit_code == 0
    assert not on.exists()


def test_a_part_that_follows_another_does_not_reuse_verdicts_when_that_part_changes(tmp_path: Path) -> None:
    from grader.io.loaders import rubric_from_yaml

    text = (
        "assignment: f\ntitle: F\nquestions:\n  - id: q1\n    title: Q\n    parts:\n"
        "      - {id: a, points: 1, check: {type: number, expected: 4}}\n"
        "      - {id: b, points: 1, follows: {part: q1.a, formula: 'x * 2'}, check: {type: number, expected: 8}}\n"
    )
    rubric = rubric_from_yaml(text)
    edited = rubric_from_yaml(text.replace("expected: 4}", "expected: 5}").replace("expected: 8}", "expected: 10}"))
    unchanged_b = rubric_from_yaml(text.replace("expected: 4}", "expected: 4, units: [x]}"))
    key = ("f", "q1.b", "6\x00follows\x003")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome()
        assert VerdictCache(disk, rubric).get(key) == _outcome()
        assert VerdictCache(disk, edited).get(key) is None
        assert VerdictCache(disk, unchanged_b).get(key) is None  # the followed part changed: b's verdicts go too


def test_a_mistake_a_part_borrows_changed_does_not_reuse_its_verdicts(tmp_path: Path) -> None:
    """The reset gate borrows the update gate's listed mistakes (the same equation with r for z): a changed
    mistake of the update gate re-grades the reset gate's answers too."""
    from grader.io.loaders import rubric_from_yaml

    text = (
        "assignment: g\ntitle: G\nquestions:\n  - id: q1\n    title: Q\n    parts:\n"
        "      - id: z\n        points: 2\n        check: {type: equation, expected: 'z_t = \\sigma(W_z x_t + b_z)'}\n"
        "        mistakes: [{answer: 'z_t = \\tanh(W_z x_t + b_z)', score: 0, note: tanh, feedback: A gate is σ.}]\n"
        "      - id: r\n        points: 2\n        check: {type: equation, expected: 'r_t = \\sigma(W_r x_t + b_r)'}\n"
    )
    rubric = rubric_from_yaml(text)
    edited = rubric_from_yaml(text.replace("score: 0", "score: 1"))
    key = ("g", "q1.r", "r_t = tanh(W_r x_t + b_r)")
    with DiskCache(tmp_path) as disk:
        VerdictCache(disk, rubric)[key] = _outcome()
        assert VerdictCache(disk, rubric).get(key) == _outcome()
        assert VerdictCache(disk, edited).get(key) is None
