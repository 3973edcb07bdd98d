"""Loaders: rubric and submission files to models, and every problem of a bad file named with its place and fix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from grader import (
    RubricError,
    RubricNotFoundError,
    SubmissionError,
    find_rubric,
    load_rubric,
    load_submission,
    rubric_from_yaml,
)
from grader.errors import ModelError
from grader.io.loaders import MAX_FILE_BYTES, load_model

from ..conftest import RUBRICS, SUBMISSIONS

BASE = """\
assignment: demo
title: Demo
questions:
  - id: q1
    title: One
    parts:
      - id: a
        points: 2
        check:
          type: number
          expected: '4*(32*(16+32)+32)'
"""


def test_a_valid_rubric_loads_with_its_computed_values() -> None:
    rubric = rubric_from_yaml(BASE, "demo.yaml")

    assert rubric.assignment == "demo"
    assert rubric.max_score == 2
    assert [(question.id, part.id) for question, part in rubric.parts()] == [("q1", "a")]


# (edit of BASE, the path named, the line named, words of the message that tell what to write instead)
BAD_RUBRICS = [
    pytest.param(
        ("points: 2", "pionts: 2"),
        "questions[0].parts[0].pionts",
        8,
        "did you mean 'points'",
        id="misspelt-key",
    ),
    pytest.param(
        ("type: number", "type: numbr"),
        "questions[0].parts[0].check",
        9,
        "use one of: number, expression, equation",
        id="unknown-check-type",
    ),
    pytest.param(
        ("          type: number\n", ""),
        "questions[0].parts[0].check",
        9,
        "missing key 'type'",
        id="check-without-type",
    ),
    pytest.param(
        ("'4*(32*(16+32)+32)'", "'4*(32*(16+32)+32'"),
        "questions[0].parts[0].check.expected",
        11,
        "'(' is never closed",
        id="unreadable-expected",
    ),
    pytest.param(
        ("        points: 2\n", "        points: 2\n        points: 3\n"),
        "questions[0].parts[0].points",
        9,
        "appears twice",
        id="duplicate-key",
    ),
    pytest.param(("title: One", "title: [One"), "", 6, "not valid YAML", id="broken-yaml"),
    pytest.param(
        ("points: 2", "points: -1"), "questions[0].parts[0].points", 8, "greater than 0", id="negative-points"
    ),
    pytest.param(
        ("title: One", "title: yes"), "questions[0].title", 5, "put the text in quotes", id="yes-read-as-boolean"
    ),
    pytest.param(("id: q1", "id: 'q 1'"), "questions[0].id", 4, "no dots or spaces", id="id-with-space"),
    pytest.param(("assignment: demo\n", ""), "assignment", 1, "missing key 'assignment'", id="missing-assignment"),
]


@pytest.mark.parametrize(("edit", "path", "line", "hint"), BAD_RUBRICS)
def test_a_bad_rubric_names_the_file_the_path_the_line_and_the_fix(
    edit: tuple[str, str], path: str, line: int | None, hint: str
) -> None:
    old, new = edit
    assert old in BASE

    with pytest.raises(RubricError) as caught:
        rubric_from_yaml(BASE.replace(old, new, 1), "demo.yaml")

    error = caught.value
    assert error.file == "demo.yaml"
    assert str(error).startswith("demo.yaml: invalid rubric")
    matching = [problem for problem in error.problems if problem.path == path]
    assert matching, [str(problem) for problem in error.problems]
    assert matching[0].line == line
    assert hint in matching[0].message


def test_every_problem_of_a_rubric_is_reported_at_once_in_file_order() -> None:
    text = BASE.replace("title: One", "title: yes").replace("type: number", "type: numbr")

    with pytest.raises(RubricError) as caught:
        rubric_from_yaml(text, "demo.yaml")

    problems = caught.value.problems
    assert [problem.path for problem in problems] == ["questions[0].title", "questions[0].parts[0].check"]
    assert [problem.line for problem in problems] == [5, 9]
    assert "2 problems" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "the file is empty", id="empty"),
        pytest.param("- 1\n- 2\n", "a rubric is a mapping", id="a-list"),
        pytest.param(
            BASE + "      - id: a\n        points: 1\n        check: {type: number, expected: '1'}\n",
            "part id 'a' appears twice in question 'q1'",
            id="duplicate-part-id",
        ),
        pytest.param(
            BASE + "        mistakes:\n          - answer: '4*(32*(16+32)+32)'\n            score: 3\n"
            "            feedback: x\n            note: same\n",
            "cannot earn full marks",
            id="mistake-worth-full-marks",
        ),
        pytest.param(
            BASE.replace(
                "questions:", "models:\n  m: {framework: keras, input_dim: " + "9" * 5000 + ", layers: []}\nquestions:"
            ),
            "a number too long to read",
            id="5000-digit-integer",
        ),
    ],
)
def test_rubric_problems_beyond_single_keys(text: str, message: str) -> None:
    with pytest.raises(RubricError, match=message):
        rubric_from_yaml(text, "demo.yaml")


def _nested(kind: str, levels: int) -> str:
    """Nine aliases of nine aliases of ...: a few hundred bytes that expand to 9**levels values."""
    lines = ["x0: &x0 {a: 1}"]
    for n in range(1, levels + 1):
        nine = ", ".join([f"*x{n - 1}"] * 9)
        lines.append(f"x{n}: &x{n} [{nine}]" if kind == "aliases" else f"x{n}: &x{n} {{<<: [{nine}], b{n}: 1}}")
    return "\n".join(lines) + "\n"


# (YAML put before BASE, the path named, the line named, words of the message); each hung, or was a traceback
HOSTILE_YAML = [
    pytest.param(_nested("aliases", 6), "x5[3]", 6, "aliases (`*name`) repeat over 100,000 values", id="nested-aliases"),
    pytest.param(_nested("merges", 6), "x5.<<[3]", 6, "aliases (`*name`) repeat over 100,000 values", id="nested-merges"),
    pytest.param("description: &x [*x]\n", "description[0]", 1, "a recursive alias", id="alias-inside-its-anchor"),
    pytest.param("notation: &n {<<: *n}\n", "notation.<<", 1, "a recursive alias", id="merge-of-itself"),
    pytest.param("description: " + "[" * 900 + "]" * 900 + "\n", "description[0][0]", 1, "nested deeper than 64", id="deep"),
    pytest.param("? [a, b]\n: 1\n", "", 1, "write keys as names", id="list-as-key"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "path", "line", "hint"), HOSTILE_YAML)
def test_yaml_that_would_explode_when_built_is_refused_with_the_place(
    before: str, path: str, line: int, hint: str
) -> None:
    with pytest.raises(RubricError) as caught:
        rubric_from_yaml(before + BASE, "demo.yaml")

    (problem,) = caught.value.problems
    assert (problem.path.startswith(path), problem.line) == (True, line), str(problem)
    assert hint in problem.message


def test_a_block_shared_by_an_anchor_is_checked_at_each_place_and_errors_point_at_the_alias() -> None:
    shared = BASE.replace("check:", "check: &count") + "      - id: b\n        points: 1\n        check: *count\n"
    alias_line = shared.splitlines().index("        check: *count") + 1

    rubric = rubric_from_yaml(shared, "demo.yaml")
    with pytest.raises(RubricError) as caught:
        rubric_from_yaml(shared.replace("'4*(32*(16+32)+32)'", "'4*(32'"), "demo.yaml")

    assert [part.check for _, part in rubric.parts()] == [rubric.questions[0].parts[0].check] * 2
    assert [(p.path, p.line) for p in caught.value.problems] == [
        ("questions[0].parts[0].check.expected", 11),
        ("questions[0].parts[1].check.expected", alias_line),
    ]


def test_load_rubric_reads_the_file_and_names_it_in_errors(tmp_path: Path) -> None:
    good = tmp_path / "demo.yaml"
    good.write_text(BASE, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("points: 2", "points: two"), encoding="utf-8")

    assert load_rubric(good).assignment == "demo"
    with pytest.raises(RubricError) as caught:
        load_rubric(bad)
    assert str(caught.value).startswith(f"{bad}: invalid rubric: line 8, questions[0].parts[0].points")


def test_seed_rubrics_load() -> None:
    for path in sorted(RUBRICS.glob("*.yaml")):
        assert load_rubric(path).assignment == path.stem


# -- submissions --------------------------------------------------------------------------------------

GOOD_SUBMISSION = {"assignment": "demo", "student": {"id": "42", "name": "Ada"}, "answers": {"q1.a": "6272"}}


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "submission.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_submission_loads_numbers_as_text_and_tolerates_a_byte_order_mark(tmp_path: Path) -> None:
    data = {**GOOD_SUBMISSION, "answers": {"q1.a": 6272, "q1.b": "σ(x)"}}
    path = _write(tmp_path, b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode())

    submission = load_submission(path)

    assert submission.student.name == "Ada"
    assert submission.answers == {"q1.a": "6272", "q1.b": "σ(x)"}


BAD_SUBMISSIONS = [
    pytest.param(
        b'{"assignment": "demo",\n "student": {"id": "1"},\n "answers": {"q1.a": "4"',
        "",
        3,
        "not valid JSON",
        id="truncated",
    ),
    pytest.param(b"[1, 2]", "", None, "a submission is a JSON object", id="a-list"),
    pytest.param(b"\xff\xfe{}", "", None, "save it as UTF-8", id="not-utf8"),
    pytest.param(
        b'{"assignment": "demo",\n "student": {"id": "1"},\n "answers": {\n  "q1.a": "4",\n  "q1.a": "5"\n }\n}',
        "q1.a",
        4,
        "appears twice",
        id="answer-given-twice",
    ),
    pytest.param(
        b'{"assignment": "demo",\n "student": {"id": ""},\n "answers": {}\n}',
        "student.id",
        2,
        "at least 1 character",
        id="empty-student-id",
    ),
    pytest.param(
        b'{"assignment": "demo",\n "student": {"id": "1"},\n "answer": {}\n}',
        "answer",
        3,
        "Allowed here: assignment, student, answers",
        id="misspelt-key",
    ),
    pytest.param(
        b'{"assignment": "demo",\n "student": {"id": "1"},\n "answers": {\n  "q1.a": ["4"]\n }\n}',
        "answers.q1.a",
        4,
        "valid string",
        id="answer-not-text",
    ),
    pytest.param(
        b'{\n "assignment": "x/../../other-class-grades/gradebook",\n "student": {"id": "1"},\n "answers": {}\n}',
        "assignment",
        2,
        "letters, digits, '-' and '_'",
        id="assignment-not-an-id",
    ),
    pytest.param(
        b'{"assignment": "demo", "student": {"id": "1"}, "answers": {"q1.a": ' + b"9" * 5000 + b"}}",
        "",
        None,
        "a number too long to read",
        id="5000-digit-number",
    ),
    pytest.param(
        b'{"assignment": "demo", "student": {"id": "1"}, "answers": {}, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "",
        None,
        "nested too deeply",
        id="100k-deep-nesting",
    ),
]


@pytest.mark.parametrize(("content", "path", "line", "hint"), BAD_SUBMISSIONS)
def test_a_bad_submission_names_the_file_the_place_and_the_fix(
    tmp_path: Path, content: bytes, path: str, line: int | None, hint: str
) -> None:
    file = _write(tmp_path, content)

    with pytest.raises(SubmissionError) as caught:
        load_submission(file)

    error = caught.value
    assert error.file == str(file)
    matching = [problem for problem in error.problems if problem.path == path]
    assert matching, [str(problem) for problem in error.problems]
    assert matching[0].line == line
    assert hint in matching[0].message


def test_a_missing_or_huge_submission_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError, match="no such file"):
        load_submission(tmp_path / "nothing.json")

    huge = _write(tmp_path, b'{"assignment": "demo", "x": "' + b"a" * (MAX_FILE_BYTES + 1) + b'"}')
    with pytest.raises(SubmissionError, match="MiB"):
        load_submission(huge)


def test_a_pipe_or_a_folder_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    pipe = tmp_path / "fifo.json"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    (tmp_path / "folder.json").mkdir()

    for path in (pipe, tmp_path / "folder.json"):
        with pytest.raises(SubmissionError, match="not a regular file"):
            load_submission(path)


def test_ids_are_one_spelling_and_half_an_emoji_does_not_stop_anything(tmp_path: Path) -> None:
    data = {
        "assignment": "demo",
        "student": {"id": "cafe\u0301", "name": "Zo\ud83d"},
        "answers": {"q1.a": "gates \ud800"},
    }
    path = _write(tmp_path, json.dumps(data).encode())  # JSON escapes keep the lone surrogates

    submission = load_submission(path)

    assert submission.student.id == "caf\u00e9"  # NFC: typed and pasted spellings are one student
    assert submission.student.name == "Zo\ufffd"
    assert submission.answers["q1.a"] == "gates \ufffd"
    submission.model_dump_json().encode("utf-8")  # writable as UTF-8


def test_seed_submissions_load_with_every_answer() -> None:
    for path in sorted(SUBMISSIONS.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        assert load_submission(path).answers == raw["answers"]


# -- finding the rubric of a submission --------------------------------------------------------------


def test_find_rubric_by_file_name_or_by_declared_assignment(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "other-name.yml").write_text(BASE.replace("assignment: demo", "assignment: lstm"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("title: [", encoding="utf-8")

    assert find_rubric("demo", tmp_path) == tmp_path / "demo.yaml"
    assert find_rubric("lstm", tmp_path) == tmp_path / "other-name.yml"


def test_find_rubric_explains_what_is_there_when_nothing_matches(tmp_path: Path) -> None:
    (tmp_path / "demo.yaml").write_text(BASE, encoding="utf-8")

    with pytest.raises(RubricNotFoundError, match=r"no rubric for assignment 'gru'.*rubrics there: demo.*--rubric"):
        find_rubric("gru", tmp_path)
    with pytest.raises(RubricNotFoundError, match="no rubric folder"):
        find_rubric("demo", tmp_path / "absent")


def test_find_rubric_skips_files_that_would_explode_and_returns_the_named_one_to_say_why(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(_nested("aliases", 9) + BASE, encoding="utf-8")
    (tmp_path / "loop.yaml").write_text("description: &x [*x]\n" + BASE, encoding="utf-8")
    (tmp_path / "lstm.yaml").write_text(_nested("aliases", 9) + BASE.replace("demo", "lstm"), encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(BASE, encoding="utf-8")

    assert find_rubric("demo", tmp_path) == tmp_path / "ok.yaml"
    assert find_rubric("lstm", tmp_path) == tmp_path / "lstm.yaml"
    with pytest.raises(RubricError, match="repeat over 100,000 values"):
        load_rubric(tmp_path / "lstm.yaml")


def test_the_seed_submissions_find_their_rubrics() -> None:
    for path in sorted(SUBMISSIONS.glob("*.json")):
        submission = load_submission(path)
        assert find_rubric(submission.assignment, RUBRICS).stem == submission.assignment


PARAMS_RUBRIC = """\
assignment: counts
title: Counts
models:
  net:
    framework: keras
    input_dim: 16
    layers:
      - LSTM: {units: 32}
      - Dense: {units: 1}
questions:
  - id: q1
    title: Q1
    parts:
      - id: lstm
        points: 1
        check: {type: params, model: net, layers: lstm}
      - id: inline
        points: 1
        check:
          type: params
          model: {framework: pytorch, layers: [{Linear: {in_features: 3, out_features: 2}}]}
"""


def test_params_checks_refer_to_the_rubrics_models_by_name() -> None:
    rubric = rubric_from_yaml(PARAMS_RUBRIC, "counts.yaml")

    lstm, inline = (part for _, part in rubric.parts())
    assert lstm.check.model == rubric.models["net"]  # type: ignore[union-attr]
    assert inline.check.model.framework == "pytorch"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param("model: net,", "model: nett,", "line 16, questions[0].parts[0].check.model: no model named 'nett'",
                     id="unknown-model"),
        pytest.param("- Dense: {units: 1}", "- Dense: {units: 0}", "line 9, models.net.layers[1].Dense: "
                     "Dense: units must be a positive whole number, got 0", id="bad-layer-argument"),
        pytest.param("layers: lstm}", "layers: gru}", "check.layers: no layer named or of type 'gru'", id="unknown-layer"),
    ],
)  # fmt: skip
def test_a_params_problem_names_the_place(old: str, new: str, message: str) -> None:
    with pytest.raises(RubricError) as caught:
        rubric_from_yaml(PARAMS_RUBRIC.replace(old, new), "counts.yaml")

    assert message in str(caught.value)


def test_load_model_reads_a_spec_file_or_a_rubric_model(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text("framework: keras\ninput_dim: 16\nlayers:\n  - LSTM: {units: 32}\n", encoding="utf-8")

    assert load_model(spec)[0] == "net"
    name, model = load_model(RUBRICS / "dl-rnn-vs-lstm.yaml")
    assert (name, model.keras_code is not None) == ("text-classifier", True)
    with pytest.raises(ModelError, match="no model named 'x'; the rubric defines: text-classifier"):
        load_model(RUBRICS / "dl-rnn-vs-lstm.yaml", "x")


def test_a_bad_spec_file_names_the_line(tmp_path: Path) -> None:
    spec = tmp_path / "net.yaml"
    spec.write_text("framework: keras\ninput_dim: 16\nlayers:\n  - LSTM: {units: 32}\n  - Dense: {unit: 1}\n", "utf-8")

    with pytest.raises(ModelError) as caught:
        load_model(spec)

    assert f"{spec}: invalid model: line 5, layers[1]: Dense has no argument 'unit'; did you mean 'units'?" in str(
        caught.value
    )


def test_a_rubric_is_validated_once_per_content() -> None:
    from grader.errors import RubricError
    from grader.io.loaders import rubric_from_yaml

    text = (RUBRICS / "dl-rnn-vs-lstm.yaml").read_text(encoding="utf-8")
    assert rubric_from_yaml(text, "a.yaml") is rubric_from_yaml(text, "a.yaml")
    for _ in range(2):  # an error is never cached away
        with pytest.raises(RubricError):
            rubric_from_yaml("assignment: hw\n", "bad.yaml")
