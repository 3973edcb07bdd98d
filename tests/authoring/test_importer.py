"""`grader import`: free-form answer documents into submissions. The two real seed documents must grade
exactly as their hand-written transcriptions; a document with missing and extra sections loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from grader import grade, load_rubric, load_submission
from grader.authoring.importer import import_document, label_of, words
from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED
from grader.models.submission import Submission

from ..conftest import RUBRICS, SEEDS, SUBMISSIONS, invoke

SEED_DOCUMENTS = {"000_bbf2462fc864e187": "dl-rnn-vs-lstm", "003_b7196c77d5787463": "rnn-lstm-theory"}
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")

DOCUMENT = """\
# Homework 2

Ada Lovelace
(1234567)

## Q1) RNN cells and LSTM cells

- Summarize the major difference between an RNN cell and an LSTM cell in terms of their neural architectures.

An RNN cell repeats a single tanh layer. An LSTM cell adds a cell state and forget, input and output gates.

- Why can an LSTM achieve long short-term memory, whereas an RNN cannot?

The cell state is updated additively, so the gradient does not vanish.

## Q3) Gradients

$$\\delta c_{t-2} = \\delta c_t \\odot f_t \\odot f_{t-1}$$

## Q5) Bonus question

I also tried a GRU at home.
"""


def lines_of(text: str) -> set[int]:
    return {n for n, line in enumerate(text.splitlines(), start=1) if any(ch.isalnum() for ch in line)}


@needs_seeds
@pytest.mark.parametrize(("stem", "assignment"), SEED_DOCUMENTS.items(), ids=list(SEED_DOCUMENTS))
def test_the_seed_documents_grade_as_their_hand_written_submissions(stem: str, assignment: str) -> None:
    rubric = load_rubric(RUBRICS / f"{assignment}.yaml")
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")

    imported = import_document(text, rubric, fallback_id=stem.split("_", 1)[1])

    written = load_submission(SUBMISSIONS / f"{stem}.json")
    assert imported.submission.student == written.student
    assert imported.missing == []
    ours, theirs = grade(rubric, imported.submission), grade(rubric, written)
    assert [(p.id, p.status, p.score, p.note) for p in ours.parts()] == [
        (p.id, p.status, p.score, p.note) for p in theirs.parts()
    ]
    placed = {n for numbers in imported.lines.values() for n in numbers} | {u.line for u in imported.unplaced}
    placed |= set(imported.headings.values()) | _inside_blocks(imported, text)
    assert lines_of(text) <= placed, "every line is in an answer, a question's heading, or reported"


def _inside_blocks(imported: Any, text: str) -> set[int]:
    """Lines inside multi-line display math, which is placed by its first line."""
    inside = set()
    for numbers in imported.lines.values():
        for n in numbers:
            block = text.splitlines()[n - 1]
            if block.strip().startswith("$$") and block.count("$$") == 1:
                end = n
                while "$$" not in text.splitlines()[end]:
                    end += 1
                inside |= set(range(n, end + 2))
    return inside


def test_a_document_with_missing_and_extra_sections_loses_nothing() -> None:
    rubric = load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml")

    imported = import_document(DOCUMENT, rubric)

    answers = imported.submission.answers
    assert imported.submission.student.id == "1234567"
    assert imported.submission.student.name == "Ada Lovelace"
    assert answers["q1.difference"].startswith("An RNN cell repeats a single tanh layer.")
    assert answers["q1.why-memory"] == "The cell state is updated additively, so the gradient does not vanish."
    assert imported.missing == [
        "q2.forget", "q2.input", "q2.output", "q2.candidate", "q2.roles",
        "q4.embedding-purpose", "q4.embedding-params", "q4.lstm-params", "q4.dense-params",
    ]  # fmt: skip
    assert imported.shared == ["q3"]  # no line names q3's parts: the whole answer goes to each
    assert all(answers[f"q3.{p}"].startswith("$$\\delta c_{t-2}") for p in ("ct-relation", "gradient", "vanishing"))
    reasons = {u.text: u.reason for u in imported.unplaced}
    assert (
        reasons["I also tried a GRU at home."] == "under '## Q5) Bonus question', which is not a question of the rubric"
    )
    assert reasons["Ada Lovelace"] == "the student's name or id"
    assert (
        "copied"
        in reasons[
            "- Summarize the major difference between an RNN cell and an LSTM cell in terms of their neural architectures."
        ]
    )
    placed = {n for numbers in imported.lines.values() for n in numbers} | {u.line for u in imported.unplaced}
    assert lines_of(DOCUMENT) <= placed | set(imported.headings.values())
    report = grade(rubric, imported.submission)
    assert report.questions[2].parts[1].status.value == "correct"  # q3.gradient found in the shared answer


@pytest.mark.parametrize(
    ("heading", "label"),
    [("Q₂) Gates", "Q2"), ("## Question 2", "Q2"), ("**Q2.** The gates", "Q2"), ("q2: gates", "Q2")],
    ids=["subscript", "markdown-question", "bold", "lower-case"],
)  # fmt: skip
def test_question_headings_are_read_in_their_usual_forms(heading: str, label: str) -> None:
    rubric = load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml")
    text = f"{heading}\n\n$$f_t = \\sigma(W_f [h_{{t-1}}, x_t] + b_f)$$\n"

    imported = import_document(text, rubric)

    assert label_of(rubric.questions[1]) == label
    assert imported.headings == {"q2": 1}
    assert "f_t = \\sigma" in imported.submission.answers["q2.forget"]


def test_a_question_without_a_heading_is_found_by_its_text() -> None:
    rubric = load_rubric(RUBRICS / "rnn-lstm-theory.yaml")
    text = (
        "What will happen if you manually set the output of the forget gate to 0?\n\n"
        "$$C_t = i_t * g_t$$\n\nThe previous cell state is erased.\n"
    )

    imported = import_document(text, rubric)

    assert "C_t = i_t * g_t" in imported.submission.answers["forget-zero.equation"]


def test_content_words_ignore_latex_numbers_and_common_words() -> None:
    assert words(r"The Number of weight parameters for $\times$ 16 LSTM layers:-") == {
        "number",
        "weight",
        "parameter",
        "lstm",
        "layer",
    }


def test_the_cli_writes_a_submission_that_grader_check_reads(tmp_path: Path) -> None:
    document = tmp_path / "007_answers.md"
    document.write_text(DOCUMENT, encoding="utf-8")
    out = tmp_path / "submission.json"

    result = invoke("import", document, "--rubric", RUBRICS / "dl-rnn-vs-lstm.yaml", "-o", out)

    assert result.exit_code == EXIT_SOME_FAILED  # parts not found: said, and the file is written anyway
    said = " ".join(result.stderr.split())
    assert "student 1234567 (Ada Lovelace): 5 of 14 parts found" in said
    assert "not found: q2.forget" in said
    line = DOCUMENT.splitlines().index("I also tried a GRU at home.") + 1
    assert f"line {line}: 'I also tried a GRU at home.' (under '## Q5) Bonus question', which is not a question" in said
    submission = Submission.model_validate(json.loads(out.read_text(encoding="utf-8")))
    checked = invoke("check", out, "--rubrics-dir", RUBRICS, "--format", "json")
    assert checked.exit_code == EXIT_OK
    assert json.loads(checked.stdout)["student"]["id"] == submission.student.id == "1234567"


@needs_seeds
def test_the_cli_imports_a_seed_with_every_part_found() -> None:
    result = invoke("import", SEEDS / "003_b7196c77d5787463.txt", "--rubric", RUBRICS / "rnn-lstm-theory.yaml")

    assert result.exit_code == EXIT_OK, result.stderr
    assert json.loads(result.stdout)["student"] == {"id": "b7196c77d5787463"}
    assert "13 of 13 parts found" in result.stderr


@pytest.mark.parametrize(
    ("line", "student_id"),
    [
        ("(1234567)", "1234567"), ("  ( 1234567)  ", "1234567"), ("ID: 1234567", "1234567"),
        ("Matr. No. 1234567", "1234567"), ("matrikel no.\t#  (12345)", "12345"), ("Student ID 123456789012", "123456789012"),
        ("Matr.No.:12345", "12345"), ("1234", "unknown"), ("ID: 1234567 and more", "unknown"),
    ],
    ids=["parenthesised", "spaced", "id", "matr-no", "tab-and-hash", "student-id", "no-spaces", "too-short", "prose"],
)  # fmt: skip
def test_the_student_number_under_the_name_is_read_in_its_usual_forms(line: str, student_id: str) -> None:
    rubric = load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml")

    imported = import_document(f"Ada Lovelace\n{line}\n\nQ1)\nAn RNN has one layer.\n", rubric)

    assert imported.submission.student.id == student_id


HOSTILE_LINES = {
    "spaces-then-a-letter": " " * 3000 + "x",
    "tabs-and-spaces-then-a-label": " \t" * 1500 + "Matr. No. x",
    "spaces-then-a-long-number": " " * 3000 + "1" * 3000 + ")",
}


@pytest.mark.parametrize("line", HOSTILE_LINES.values(), ids=list(HOSTILE_LINES))
def test_long_runs_of_spaces_near_the_top_do_not_hang_the_import(tmp_path: Path, line: str) -> None:
    document = tmp_path / "answers.md"
    document.write_text(f"Jane Doe\n{line}\n\nQ1)\nAn RNN has one layer.\n", encoding="utf-8")
    probe = (
        "import sys; from pathlib import Path; from grader import load_rubric; "
        "from grader.authoring.importer import import_document; "
        "print(import_document(Path(sys.argv[1]).read_text(encoding='utf-8'), load_rubric(sys.argv[2])).submission.student.id)"
    )

    # In a process of its own, because a regular expression that backtracks cannot be interrupted in this one.
    done = subprocess.run(
        [sys.executable, "-c", probe, str(document), str(RUBRICS / "dl-rnn-vs-lstm.yaml")],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )

    assert done.stdout.strip() == "unknown"


def test_a_document_that_is_not_text_is_refused(tmp_path: Path) -> None:
    document = tmp_path / "answers.txt"
    document.write_bytes(b"\xff\xfe\x00Q1)\x00\x81")

    result = invoke("import", document, "--rubric", RUBRICS / "dl-rnn-vs-lstm.yaml")

    assert result.exit_code == EXIT_BAD_INPUT
    assert "not UTF-8 text" in result.stderr


def test_a_pipe_given_as_the_document_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    document = tmp_path / "answers.md"
    os.mkfifo(document)

    result = invoke("import", document, "--rubric", RUBRICS / "dl-rnn-vs-lstm.yaml")

    assert result.exit_code == EXIT_BAD_INPUT
    assert "not a regular file" in result.stderr
