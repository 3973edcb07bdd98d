"""Authoring help: what a class wrote in explanation parts that no concept recognised, grouped."""

from __future__ import annotations

from pathlib import Path

from grader.authoring.suggest import clauses_of, suggest
from grader.classroom.batch import grade_class
from grader.classroom.outputs import write_outputs
from grader.cli import EXIT_BAD_INPUT, EXIT_OK
from grader.io.loaders import load_rubric

from ..classroom.test_batch import submission, write
from ..conftest import RUBRICS, invoke

RUBRIC = load_rubric(RUBRICS / "dl-rnn-vs-lstm.yaml")
# q2.roles: the forget gate's role said in words no phrasing has, by three students; one off-topic remark.
ROLES = [
    "The forget gate scales c_{t-1} elementwise. f_t close to zero wipes the memory cell.",
    "f_t near zero wipes the memory cell; near one it keeps it. The output gate decides the output h_t.",
    "If f_t is zero the memory cell is wiped. I liked this homework a lot.",
]


def test_clauses_are_sentences_pieces_and_list_items() -> None:
    text = "First idea here. Second idea there; third piece too\n- a list item of words\n- ok"
    assert clauses_of(text) == ["First idea here.", "Second idea there;", "third piece too", "a list item of words"]


def test_unrecognised_clauses_are_grouped_largest_first_with_the_closest_concept() -> None:
    (part,) = [p for p in suggest(RUBRIC, {"q2.roles": ROLES}) if p.part == "q2.roles"]

    assert part.answers == 3
    biggest = part.groups[0]
    assert biggest.size == 3
    assert all("wipe" in quote for quote in biggest.quotes)
    assert {"memory", "cell"} <= set(biggest.words)
    assert biggest.closest == "forget"
    assert all("output gate decides the output" not in quote for group in part.groups for quote in group.quotes)


def test_a_group_of_one_is_left_out_unless_asked() -> None:
    (part,) = suggest(RUBRIC, {"q2.roles": ROLES})
    (everything,) = suggest(RUBRIC, {"q2.roles": ROLES}, min_size=1)

    assert all(group.size >= 2 for group in part.groups)
    assert any("homework" in quote for group in everything.groups for quote in group.quotes)


def test_the_command_reads_a_graded_class(tmp_path: Path) -> None:
    cls = tmp_path / "class"
    for number, answer in enumerate(ROLES):
        write(cls, f"s{number}.json", submission(f"s{number}", **{"q2.roles": answer}))
    out = tmp_path / "out"
    write_outputs(out, grade_class(cls, out, rubrics_dir=RUBRICS, jobs=1))

    result = invoke("rubric", "suggest", RUBRICS / "dl-rnn-vs-lstm.yaml", out)

    assert result.exit_code == EXIT_OK, result.output
    assert "## q2.roles" in result.output
    assert "closest concept: `forget`" in result.output
    assert "wiped" in result.output


def test_the_command_says_when_there_is_no_gradebook(tmp_path: Path) -> None:
    result = invoke("rubric", "suggest", RUBRICS / "dl-rnn-vs-lstm.yaml", tmp_path)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "no gradebook.sqlite" in result.output


def test_with_the_semantic_extra_groups_come_from_sentence_vectors() -> None:
    from grader import semantic

    if not semantic.available():
        import pytest

        pytest.skip("the semantic extra is not installed")
    (part,) = suggest(RUBRIC, {"q2.roles": ROLES}, semantic=True)

    assert part.groups[0].size == 3
    assert all("wipe" in quote for quote in part.groups[0].quotes)
