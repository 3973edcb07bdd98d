"""`grader import` over the layouts students use, each as Markdown, a notebook, a Word document and a PDF:
every part is found with its answer, and the student's name and id are read. The six documents a new user
wrote (`../shared/devset/import/`) import every part and grade as their author intended."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from grader import grade, load_rubric
from grader.authoring.documents import read_document
from grader.authoring.importer import import_document
from grader.authoring.layout import header
from grader.cli import EXIT_OK, EXIT_SOME_FAILED
from grader.models.rubric import Rubric, part_id

from ..conftest import ROOT, invoke
from .documents import WRITERS

RUBRIC = """\
assignment: layouts
title: Layouts
questions:
  - id: q1
    title: Dense layers
    parts:
      - id: dense
        prompt: How many parameters does a Dense layer with 10 units on 5 inputs have?
        points: 1
        check: {type: number, expected: '60'}
      - id: heads
        prompt: How many attention heads does the base Transformer use?
        points: 1
        check: {type: number, expected: '8'}
  - id: q2
    title: Arithmetic
    parts:
      - id: product
        prompt: What is six times seven?
        points: 1
        check: {type: number, expected: '42'}
      - id: dozen
        prompt: How many eggs are in a dozen?
        points: 1
        check: {type: number, expected: '12'}
"""

LAYOUTS = {
    "N(a): labels naming question and part, name | id on one line": """\
Ada Lovelace | ID: 1234567

1(a): 60
1(b): 8
2(a): 42
2(b): 12
""",
    "**QN (x):** out of order, name, student no.": """\
Ada Lovelace, student no. 1234567

**Q1 (b):** 8

**Q1 (a):** 60

**Q2 (b):** 12

**Q2 (a):** 42
""",
    "Exercise N with N.M parts, name - id": """\
Ada Lovelace - 1234567

Exercise 1
1.1 60
1.2 8

Exercise 2
2.1 42
2.2 12
""",
    "Problem N part (x), name and Matr.-Nr. apart": """\
Ada Lovelace      Matr.-Nr. 1234567

Problem 1 part (a)
60
Problem 1 part (b)
8
Problem 2 part (a)
42
Problem 2 part (b)
12
""",
    "Question N, (a), Answer lines": """\
Name: Ada Lovelace
Student ID: 1234567

Question 1
(a) Dense parameters
Answer: 60
(b) Heads
Answer: 8

Question 2
(a) Product
Answer: 42
(b) Eggs
Answer: 12
""",
    "QN), a) with a label": """\
Ada Lovelace (1234567)

Q1)
a) Dense parameters: 60
b) Number of heads: 8

Q2)
a) Product: 42
b) Eggs: 12
""",
    "## Question N, Part a": """\
# Homework
Name: Ada Lovelace
Matriculation number: 1234567

## Question 1
Part a
The layer has 60 parameters.
Part b
It uses 8 heads.

## Question 2
Part a
42
Part b
12
""",
    "N. and a.": """\
Ada Lovelace
(1234567)

1.
a. 60
b. 8

2.
a. 42
b. 12
""",
    "N) with restated prompts": """\
---
name: Ada Lovelace
student_id: 1234567
---

1)
How many parameters does a Dense layer with 10 units on 5 inputs have? 60
How many attention heads does the base Transformer use? 8

2)
What is six times seven? 42
How many eggs are in a dozen? 12
""",
    "answers in table cells": """\
Name: Ada Lovelace
Student ID: 1234567

## Question 1

| Part | Answer |
|---|---|
| (a) | 60 |
| (b) | 8 |

## Question 2

| Part | Answer |
|---|---|
| (a) | 42 |
| (b) | 12 |
""",
    "paragraphs in order": """\
Name: Ada Lovelace
Student ID: 1234567

## Q1

Dense layer parameters:

60

The base Transformer uses 8 attention heads.

## Q2

The product is 42.

A dozen eggs are 12.
""",
}

EXPECTED = {"q1.dense": "60", "q1.heads": "8", "q2.product": "42", "q2.dozen": "12"}


@pytest.fixture(scope="module")
def rubric(tmp_path_factory: pytest.TempPathFactory) -> Rubric:
    path = tmp_path_factory.mktemp("rubric") / "layouts.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return load_rubric(path)


@pytest.mark.parametrize("kind", list(WRITERS))
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_imports_every_part_from_every_document_type(
    rubric: Rubric, tmp_path: Path, layout: str, kind: str
) -> None:
    path = WRITERS[kind](LAYOUTS[layout], tmp_path / f"001_answers.{kind}")
    result = import_document(read_document(path), rubric)
    assert result.missing == []
    for pid, number in EXPECTED.items():
        assert number in result.submission.answers[pid], (pid, result.submission.answers)
    report = grade(rubric, result.submission)
    assert report.score == report.max_score
    assert result.submission.student.id == "1234567"
    assert result.submission.student.name == "Ada Lovelace"


DEVSET = ROOT.parent / "shared" / "devset"
# What each document's author meant it to score: every part right, but for the CNN's "two reasons" for max
# pooling, which the rubric gives 1 point each of 3.
DEVSET_DOCUMENTS = {
    "101_gru_answers.txt": ("dl-gru", 20.0),
    "102_cnn_numbered.md": ("dl-cnn", 23.0),
    "103_cnn_headed.md": ("dl-cnn", 23.0),
    "104_attention_notebook.md": ("dl-attention", 20.0),
    "106_gru_restated.txt": ("dl-gru", 20.0),
}
needs_devset = pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is not beside the repository")


@needs_devset
@pytest.mark.parametrize(("name", "expected"), DEVSET_DOCUMENTS.items(), ids=list(DEVSET_DOCUMENTS))
def test_the_devset_documents_import_every_part_and_grade_as_meant(
    name: str, expected: tuple[str, float], tmp_path: Path
) -> None:
    assignment, score = expected
    rubric_path = DEVSET / "rubrics" / f"{assignment}.yaml"
    out = tmp_path / "submission.json"
    result = invoke("import", DEVSET / "import" / name, "--rubric", rubric_path, "-o", out)
    assert result.exit_code == EXIT_OK, result.output
    rubric = load_rubric(rubric_path)
    submission = json.loads(out.read_text(encoding="utf-8"))
    assert set(submission["answers"]) == {part_id(q, p) for q, p in rubric.parts()}
    report = json.loads(invoke("check", out, "--rubric", rubric_path, "--format", "json").stdout)
    assert report["score"] == score
    assert submission["student"]["id"] in {"20231187", "20231544", "20239911"}


@needs_devset
def test_the_devset_notebook_has_only_the_first_answer_and_says_what_is_missing(tmp_path: Path) -> None:
    """105_attention.ipynb holds two cells under `## Q1` (the gradient, and `print(0.25)`) and nothing for Q2:
    its Q2 parts are reported missing (exit 3), and the notebook's output is not read."""
    rubric_path = DEVSET / "rubrics" / "dl-attention.yaml"
    out = tmp_path / "submission.json"
    result = invoke("import", DEVSET / "import" / "105_attention.ipynb", "--rubric", rubric_path, "-o", out)
    assert result.exit_code == EXIT_SOME_FAILED
    answers = json.loads(out.read_text(encoding="utf-8"))["answers"]
    assert "p - y" in answers["q1.ce-grad"]
    assert not any(pid.startswith("q2.") for pid in answers)
    assert "0.25\n" not in answers["q1.ce-grad"].replace("print(0.25)", "")


@pytest.mark.parametrize(
    "line",
    [
        "Matr" + " " * 50_000 + "x",
        "Student ID" + " \t" * 50_000 + ":",
        "a)" + " " * 200_000 + "x",
        "Section 1.1" + " " * 200_000 + "Question x",
        "Ada Lovelace" + " |" * 100_000,
    ],
    ids=["matr", "student-id", "marker", "section-and-question", "fields-on-one-line"],
)
def test_long_runs_of_spaces_in_headers_and_markers_do_not_hang(rubric: Rubric, line: str) -> None:
    text = f"{line}\n\nQuestion 1\n{line}\n(a) 60\n(b) 8\n"
    result = import_document(text, rubric)
    assert "60" in result.submission.answers["q1.dense"]


IMPORTS = ROOT / "tests" / "data" / "imports"
# The one keyed part of the blind corpus (tests/data/imports/) not placed whole: `Along the cell state:` before
# the equation is cut as a label restating the prompt (the equation, which is graded, is kept).
NOT_WHOLE = {("kim_daniel_rnn_lstm.ipynb", "q3.b")}
SHEETS = {"dl-rnn-vs-lstm": ROOT / "rubrics", "rnn-lstm-theory": ROOT / "rubrics"}


def _keyed(split: str) -> dict[str, dict[str, object]]:
    keyed: dict[str, dict[str, object]] = json.loads((IMPORTS / split / "key.json").read_text(encoding="utf-8"))
    return keyed


def _flat(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", text).lower()))


@pytest.mark.parametrize(
    ("split", "file"),
    [
        (split, file)
        for split in ("tune", "heldout")
        for file in sorted(json.loads((IMPORTS / split / "key.json").read_text(encoding="utf-8")))
    ],
)
def test_documents_written_without_seeing_grader_import_as_their_writers_meant(split: str, file: str) -> None:
    entry = json.loads((IMPORTS / split / "key.json").read_text(encoding="utf-8"))[file]
    folder = SHEETS.get(entry["assignment"], ROOT.parent / "shared" / "devset" / "rubrics")
    rubric = load_rubric(folder / f"{entry['assignment']}.yaml")

    imported = import_document(read_document(IMPORTS / split / file), rubric, fallback_id=Path(file).stem)

    ids = {f"q{qi}.{chr(97 + pi)}": f"{q.id}.{p.id}" for qi, q in enumerate(rubric.questions, 1)
           for pi, p in enumerate(q.parts)}  # fmt: skip
    for letter, answer in entry["parts"].items():
        placed = _flat(imported.submission.answers.get(ids[letter], ""))
        assert (_flat(answer) in placed) != ((file, letter) in NOT_WHOLE), (letter, placed[:200])
    assert imported.submission.student.name == entry["name"]
    if entry.get("student_id"):
        assert imported.submission.student.id == str(entry["student_id"])


def test_a_skipped_part_whose_prompt_was_copied_is_missing_not_answered_by_its_prompt(rubric: Rubric) -> None:
    text = """Question 1
(a) How many parameters does a Dense layer with 10 units on 5 inputs have?
Answer:
(b) 8
"""
    imported = import_document(text, rubric)

    assert "q1.dense" in imported.missing
    assert imported.submission.answers["q1.heads"] == "8"
    assert any(u.reason == "the prompt of q1.dense, copied" for u in imported.unplaced)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("(a) No: 60 is wrong, it is 60 weights", "No: 60"),
        ("(a) 5 x 5 inputs: 60", "5 x 5 inputs: 60"),
        ("(a) Dense layer parameters: 60", "60"),
    ],
    ids=["yes-no-is-an-answer", "a-number-of-its-own", "a-label-naming-the-part-goes"],
)
def test_a_label_is_cut_only_when_it_names_the_part(rubric: Rubric, line: str, kept: str) -> None:
    imported = import_document(f"Question 1\n{line}\n(b) 8\n", rubric)

    assert imported.submission.answers["q1.dense"].startswith(kept)


@pytest.mark.parametrize(
    ("lines", "name", "student_id"),
    [
        (["Kenji Tanaka – 50982311"], "Kenji Tanaka", "50982311"),
        (["Name: Priya Nair | ID: 40219876"], "Priya Nair", "40219876"),
        (["Total, 20362"], None, None),  # a number beside a word is an answer, not a student id
        (["# Homework 7", "Elif Yılmaz", "Question 1"], "Elif Yılmaz", None),
        (["# Deep Learning", "1.", "Vanishing Gradients"], None, None),  # answers begin at `1.`
    ],
    ids=["name-dash-id", "fields-with-bar", "answer-is-no-id", "name-alone", "no-name-after-the-answers-begin"],
)
def test_the_student_is_read_from_header_lines_only(lines: list[str], name: str | None, student_id: str | None) -> None:
    found = header(list(enumerate(lines, start=1)))

    assert (found.name, found.student_id) == (name, student_id)
