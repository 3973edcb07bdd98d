"""`grader import FOLDER --rubric R -o OUT`: one submission per document in one command, a summary of what was
not placed, unreadable files reported and the rest written; every exit path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED

from ..conftest import invoke
from .documents import WRITERS
from .test_layouts import LAYOUTS, RUBRIC

DOCUMENT = LAYOUTS["QN), a) with a label"]


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "layouts.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def hand_ins(folder: Path) -> Path:
    """One document of each type, each by another student."""
    folder.mkdir()
    for number, (kind, write) in enumerate(WRITERS.items(), start=1):
        write(DOCUMENT.replace("1234567", f"100000{number}"), folder / f"00{number}_answers.{kind}")
    return folder


def test_a_folder_becomes_a_class_folder_with_one_submission_per_document(tmp_path: Path, rubric_file: Path) -> None:
    out = tmp_path / "class"
    result = invoke("import", hand_ins(tmp_path / "in"), "--rubric", rubric_file, "-o", out)
    assert result.exit_code == EXIT_OK, result.stderr
    written = sorted(path.name for path in out.glob("1*.json"))
    assert written == [f"100000{n}.json" for n in range(1, 5)]
    for path in out.glob("1*.json"):
        assert invoke("check", path, "--rubric", rubric_file).exit_code == EXIT_OK
    summary = json.loads((out / "import-summary.json").read_text(encoding="utf-8"))
    assert [entry["missing"] for entry in summary] == [[]] * 4
    assert all(any("label of" in u["reason"] for u in entry["unplaced"]) for entry in summary)


def test_unreadable_files_are_reported_and_the_rest_is_written(tmp_path: Path, rubric_file: Path) -> None:
    folder = hand_ins(tmp_path / "in")
    (folder / "005_scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / "006_photo.png").write_bytes(b"\x89PNG")
    (folder / "007_again.md").write_text(DOCUMENT.replace("1234567", "1000001"), encoding="utf-8")
    out = tmp_path / "class"
    result = invoke("import", folder, "--rubric", rubric_file, "-o", out)
    assert result.exit_code == EXIT_SOME_FAILED
    assert "005_scan.pdf: not imported" in result.stderr
    assert "006_photo.png: not imported" in result.stderr
    summary = {e["document"]: e for e in json.loads((out / "import-summary.json").read_text(encoding="utf-8"))}
    assert "not a readable PDF" in summary["005_scan.pdf"]["error"]
    assert summary["007_again.md"]["submission"] == "1000001-007_again.json"  # the same id keeps both files
    assert "also in 001_answers.md" in summary["007_again.md"]["notes"][0]


@pytest.mark.parametrize("case", ["no output", "output is the folder", "output is a file", "empty folder"])
def test_a_folder_import_that_cannot_be_done_exits_1(tmp_path: Path, rubric_file: Path, case: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    if case != "empty folder":
        WRITERS["md"](DOCUMENT, folder / "a.md")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    output = {"no output": [], "output is the folder": ["-o", folder], "output is a file": ["-o", tmp_path / "file"]}
    args = output.get(case, ["-o", tmp_path / "out"])
    assert invoke("import", folder, "--rubric", rubric_file, *args).exit_code == EXIT_BAD_INPUT
