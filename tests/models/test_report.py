"""The report contract: how a score becomes a verdict."""

from __future__ import annotations

import pytest

from grader.models.report import Note, Status


@pytest.mark.parametrize(
    ("fraction", "status"),
    [
        pytest.param(1.0, Status.CORRECT, id="all"),
        pytest.param(1.2, Status.CORRECT, id="over"),
        pytest.param(0.5, Status.PARTIAL, id="some"),
        pytest.param(0.01, Status.PARTIAL, id="a-little"),
        pytest.param(0.0, Status.INCORRECT, id="none"),
    ],
)
def test_a_score_fraction_stands_for_one_status(fraction: float, status: Status) -> None:
    assert Status.of(fraction) is status


@pytest.mark.slow
def test_every_note_a_verdict_carries_is_a_stable_tag() -> None:
    """Every rubric's self-tests (the seeds' and the devset's), the answers of the corpus and a few hostile
    answers per part, graded: each note is a `Note` or `mistake:<slug>`."""
    import json

    from grader.grading import grade_answer
    from grader.io.loaders import load_rubric

    from ..conftest import ROOT, RUBRICS

    rubrics = [load_rubric(path) for path in sorted(RUBRICS.glob("*.yaml"))]
    devset = ROOT.parent / "shared" / "devset" / "rubrics"
    rubrics += [load_rubric(path) for path in sorted(devset.glob("*.yaml"))]
    corpus: dict[tuple[str, str], list[str]] = {}
    for line in (ROOT / "tests" / "data" / "answers" / "answers.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        corpus.setdefault((row["assignment"], row["part"]), []).append(row["answer"])
    hostile = ["", "idk", "@@@ ###", "((((" * 50, "9^9^9^9", "x" * 5000]
    notes = set()
    for rubric in rubrics:
        for question, part in rubric.parts():
            answers = [str(test.answer) for test in part.tests] + hostile
            answers += corpus.get((rubric.assignment, f"{question.id}.{part.id}"), [])[:20]
            notes |= {grade_answer(rubric, question, part, answer, None).note for answer in answers}
    assert {note for note in notes if not Note.stable(note)} == set()
    assert len({note for note in notes if not note.startswith("mistake:")}) >= 30  # the sample reaches most tags


def test_the_engine_names_every_note_by_its_tag() -> None:
    """Where an outcome's note is written (an `Outcome(...)`, `note=`, a `CheckAbortedError`), it is a `Note`
    member or built from one, never a string typed by hand that the contract might not know."""
    import ast
    from pathlib import Path

    import grader

    package = Path(grader.__file__).parent
    typed = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            notes = [keyword.value for keyword in node.keywords if keyword.arg == "note"]
            if name == "Outcome" and len(node.args) >= 6:
                notes.append(node.args[5])
            if name == "CheckAbortedError" and len(node.args) >= 2:
                notes.append(node.args[1])
            typed += [
                f"{path.relative_to(package)}:{note.lineno}"
                for note in notes
                if isinstance(note, ast.Constant) and note.value in Note._value2member_map_
            ]
    assert typed == []
