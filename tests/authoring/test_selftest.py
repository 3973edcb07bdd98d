"""Proving rubrics: `grader rubric validate` (semantic lint), `grader rubric test` (self-tests), `schema`, `new`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from grader.authoring.scaffold import starter_rubric
from grader.authoring.selftest import lint, self_test
from grader.cli import EXIT_BAD_INPUT, EXIT_OK
from grader.io.loaders import load_rubric, rubric_from_yaml
from grader.models.rubric import CHECK_TYPES, Rubric

from ..conftest import RUBRICS, invoke

LIBRARY = sorted(RUBRICS.glob("*.yaml"))  # the seed rubrics and the rubric library


def edited(tmp_path: Path, change: Any, name: str = "dl-rnn-vs-lstm.yaml") -> Path:
    """A copy of a seed rubric with `change(data)` applied."""
    data = yaml.safe_load((RUBRICS / name).read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def gradient(data: dict[str, Any]) -> dict[str, Any]:
    part: dict[str, Any] = data["questions"][2]["parts"][1]
    assert part["id"] == "gradient"
    return part


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_every_rubric_of_the_library_is_valid_and_passes_its_own_tests(path: Path) -> None:
    validated = invoke("rubric", "validate", "--strict", path)
    tested = invoke("rubric", "test", path)

    assert validated.exit_code == EXIT_OK, validated.stdout
    assert f"{path}: valid" in validated.stdout
    assert tested.exit_code == EXIT_OK, tested.stdout
    rubric = load_rubric(path)
    assert all(part.tests for _, part in rubric.parts()), "every part carries tests"
    assert "passed over" in tested.stdout
    assert "FAIL" not in tested.stdout


def test_a_wrong_expected_answer_fails_the_self_tests(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda d: gradient(d)["check"].update(expected=r"\delta c_{t-2} = \delta c_t \odot f_t"))

    result = invoke("rubric", "test", path)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "FAIL" in result.stdout
    assert "q3.gradient" in result.stdout
    failures = [r for r in self_test(load_rubric(path)) if not r.passed]
    assert {r.part_id for r in failures} == {"q3.gradient"}
    assert any(r.name == "LaTeX" and r.got.status.value != "correct" for r in failures)


def test_a_mistake_equal_to_the_expected_answer_is_an_error_with_its_line(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        gradient(data)["mistakes"].append(
            {"answer": "δc_{t-2} = f_{t-1} ⊙ f_t ⊙ δc_t", "feedback": "oops", "note": "same-as-expected"}
        )

    path = edited(tmp_path, change)

    result = invoke("rubric", "validate", path)

    assert result.exit_code == EXIT_BAD_INPUT
    said = " ".join(result.stdout.split())
    last = len(gradient(yaml.safe_load(path.read_text(encoding="utf-8")))["mistakes"]) - 1  # the one appended
    assert f"error: questions[2].parts[1].mistakes[{last}].answer: mistake 'same-as-expected'" in said
    assert "is equivalent to the expected answer" in said
    line = int(said.split(f"{path}:")[1].split(":")[0])
    assert "same-as-expected" in path.read_text(encoding="utf-8").splitlines()[line - 1 + 2]  # the answer's item


def test_a_mistake_that_an_earlier_one_catches_first_is_an_error(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        mistakes = gradient(data)["mistakes"]
        mistakes.append({**mistakes[0], "note": "shadowed", "answer": "δc_{t-2} = f_t ⊙ δc_t"})  # = mistakes[0]

    path = edited(tmp_path, change)
    findings = lint(load_rubric(path))

    (problem,) = findings.errors
    last = len(gradient(yaml.safe_load(path.read_text(encoding="utf-8")))["mistakes"]) - 1  # the one appended
    assert problem.path == f"questions[2].parts[1].mistakes[{last}].answer"
    assert "is never reported: the earlier entry 'mistake:one-step-short' catches it first" in problem.message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(points=40), "the assignment is worth 40, but its parts add up to 34"),
        (lambda d: d["questions"][0].update(points=9), "q1 is worth 9, but its parts add up to 8"),
        (lambda d: d["questions"][0]["parts"][0]["check"].update(ceiling=3), "the best answer earns 3 of the part's 4"),
        (lambda d: d.update(notation={**d.get("notation", {}), "aliases": {"a": ["b"], "b": ["c"]}}),
         "'b' is the target of 'c' but itself an alias of 'a'"),
    ],
    ids=["rubric-points", "question-points", "concepts-short", "alias-chain"],
)  # fmt: skip
def test_semantic_problems_are_errors(tmp_path: Path, change: Any, message: str) -> None:
    findings = lint(load_rubric(edited(tmp_path, change)))

    assert any(message in problem.message for problem in findings.errors), findings.errors


def test_a_rubric_that_does_not_load_is_reported_with_its_line(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda d: gradient(d).update(tests=[{"answer": "x"}]))

    result = invoke("rubric", "validate", path)

    assert result.exit_code == EXIT_BAD_INPUT
    assert "a test says what grading must give" in " ".join(result.stdout.split())


def test_the_schema_command_prints_the_committed_schema() -> None:
    result = invoke("rubric", "schema")

    assert result.exit_code == EXIT_OK
    committed = (RUBRICS / "rubric.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "run `grader rubric schema -o rubrics/rubric.schema.json` and commit it"
    schema = json.loads(result.stdout)
    assert schema == json.loads(json.dumps(Rubric.model_json_schema()))
    assert "tests" in schema["$defs"]["Part"]["properties"]
    for path in LIBRARY:
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=rubric.schema.json")


def test_the_starter_rubric_validates_and_passes_its_tests(tmp_path: Path) -> None:
    path = tmp_path / "lstm-hw3.yaml"

    made = invoke("rubric", "new", "lstm-hw3", "-o", path)
    again = invoke("rubric", "new", "lstm-hw3", "-o", path)

    assert made.exit_code == EXIT_OK
    rubric = load_rubric(path)
    assert {part.check.type for _, part in rubric.parts()} == set(CHECK_TYPES)  # one part of each check type
    assert not lint(rubric).errors
    assert all(result.passed for result in self_test(rubric))
    assert again.exit_code == EXIT_BAD_INPUT
    assert "exists" in again.stderr


@pytest.mark.parametrize("bad", ["has space", "dots.in.it", "-leading", ""], ids=["space", "dots", "dash", "empty"])
def test_a_starter_rubric_needs_a_usable_id(bad: str) -> None:
    with pytest.raises(ValueError, match="cannot be an assignment id"):
        starter_rubric(bad)


def test_rubric_text_round_trips_through_the_loader() -> None:
    assert rubric_from_yaml(starter_rubric("hw1")).assignment == "hw1"


@pytest.mark.parametrize(
    ("check", "silent"),
    [
        pytest.param(
            "{type: params, model: {input_dim: 8, layers: [{Dense: {units: 4, use_bias: false}}]}, "
            "partial: {bias-missing: 1, wrong-input-size: 1}}",
            ["bias-missing", "wrong-input-size"],
            id="dense-without-bias",
        ),
        pytest.param(
            "{type: params, model: {input_dim: 8, layers: [{Dense: {units: 4}}, {Dense: {units: 2}}]}, layers: 1, "
            "partial: {bias-missing: 1, wrong-input-size: 1}}",
            [],
            id="both-can-fire",
        ),
        pytest.param(
            "{type: shape, model: {input_shape: [8, 8, 1], layers: [{Conv2D: {filters: 4, kernel_size: 3, "
            "padding: same}}]}, layer: 0, partial: {same-padding: 1, valid-padding: 1}}",
            ["same-padding"],
            id="shape-same-padding-already",
        ),
    ],
)
def test_lint_warns_of_a_diagnosis_that_can_never_fire(check: str, silent: list[str]) -> None:
    rubric = rubric_from_yaml(
        "assignment: a\ntitle: A\nquestions:\n  - id: q1\n    title: Q\n    parts:\n"
        f"      - {{id: p, points: 2, check: {check}, tests: [{{answer: '0', name: any}}]}}\n".replace(
            "name: any", "status: incorrect"
        )
    )
    warned = [w.path.rsplit(".", 1)[-1] for w in lint(rubric).warnings if ".check.partial." in w.path]
    assert warned == silent
