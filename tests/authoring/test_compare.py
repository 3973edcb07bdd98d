"""`grader compare`: one comparison or a JSON-lines file of cases, through the same checks as grading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.authoring.compare import Case, CasesFileError, Verdict, compare, compare_all, read_cases
from grader.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE
from grader.models.common import Notation
from grader.models.rubric import Limits

from ..conftest import DATA, invoke

C_UPDATE = r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t"
LSTM = Notation(aliases={"c": ["C"], r"\tilde{c}": ["g"]}, matrices=["W"])


@pytest.mark.parametrize(
    ("expected", "answer", "kind", "verdict"),
    [
        pytest.param(C_UPDATE, "C_t = i_t ⊙ g_t + f_t ⊙ C_{t−1}", "equation", Verdict.EQUIVALENT, id="c-update"),
        pytest.param(C_UPDATE, "c_t = f_t c_{t-2} + i_t g_t", "equation", Verdict.NOT_EQUIVALENT, id="wrong-index"),
        pytest.param("W [h, x]", "[h, x] W", "expression", Verdict.NOT_EQUIVALENT, id="matrix-order"),
        pytest.param("4*(32*(16+32)+32)", "Total: 6272 parameters", "number", Verdict.EQUIVALENT, id="number"),
        pytest.param("4*(32*(16+32)+32)", "6208", "number", Verdict.NOT_EQUIVALENT, id="wrong-number"),
        pytest.param("2*x", "diff(relu(x), x)", "expression", Verdict.UNDETERMINED, id="cannot-decide"),
        pytest.param("σ(W x + b)", "σ(W x)", "expression", Verdict.NOT_EQUIVALENT, id="bias-left-out-is-no-equivalent"),
        pytest.param("x", "x +* 1", "expression", Verdict.UNDETERMINED, id="unreadable-answer"),
        pytest.param("x", "", "expression", Verdict.UNDETERMINED, id="blank-answer"),
    ],
)
def test_compare_gives_the_three_way_verdict_of_a_graded_part(
    expected: str, answer: str, kind: str, verdict: Verdict
) -> None:
    result = compare(Case(id="c", expected=expected, answer=answer, kind=kind, context=LSTM))  # type: ignore[arg-type]

    assert result.verdict is verdict, result.note
    assert result.note


def test_the_reading_is_echoed_as_text_and_latex() -> None:
    result = compare(Case(id="c", expected=C_UPDATE, answer="c_t = f_t c_{t-1} + i_t g_t", kind="equation"))

    assert result.interpreted_as == r"c_t = f_t*c_{t-1} + i_t*g_t"
    assert result.interpreted_latex == r"c_t = f_t \odot c_{t-1} + i_t \odot g_t"


def test_an_unreadable_expected_answer_is_undetermined_with_the_reason() -> None:
    result = compare(Case(id="c", expected="x +", answer="x"))

    assert result.verdict is Verdict.UNDETERMINED
    assert result.note.startswith("the expected answer: cannot read 'x +'")


def test_a_comparison_over_its_time_limit_is_stopped_and_undetermined() -> None:
    slow = "+".join(f"tanh(sigma(x^{k}))^{k}" for k in range(2, 60))
    (result,) = compare_all([Case(id="slow", expected=slow, answer=f"({slow})*1.0000001")], Limits(time=0.3))

    assert result.verdict is not Verdict.EQUIVALENT
    assert result.ms < 3000


def test_read_cases_lists_every_bad_line_with_its_number() -> None:
    lines = ['{"id": "a", "expected": "x", "answer": "x"}', "", "not json", '{"id": "b", "expected": "x"}']

    with pytest.raises(CasesFileError) as caught:
        read_cases(lines, "cases.jsonl")

    message = str(caught.value)
    assert message.startswith("cases.jsonl: 2 invalid case line(s)")
    assert "line 3, (top level): is not JSON" in message
    assert "line 4, answer: Field required" in message


def test_the_cli_compares_and_exits_0_whatever_the_verdict() -> None:
    code, out, _ = invoke("compare", C_UPDATE, "c_t = f_t c_{t-1}", "--kind", "equation")

    assert code == EXIT_OK
    assert out.splitlines()[0] == "not_equivalent"
    assert "read as: c_t = f_t*c_{t-1}" in out


def test_the_cli_takes_declarations_and_prints_json() -> None:
    code, out, _ = invoke(
        "compare", "W_f x + b", "b + W_f x", "--matrix", "W", "--alias", r"\tilde{c}=g,\bar{c}", "--json"
    )

    assert code == EXIT_OK
    result = json.loads(out)
    assert result["verdict"] == "equivalent"
    assert result["interpreted_as"] == "b + W_f·x"
    assert set(result) == {"id", "verdict", "interpreted_as", "interpreted_latex", "note", "ms"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(
            ["compare", "x +", "x"], EXIT_BAD_INPUT, "the expected answer: cannot read 'x +'", id="bad-expected"
        ),
        pytest.param(["compare", "x"], EXIT_USAGE, "give EXPECTED and ANSWER", id="one-argument"),
        pytest.param(["compare", "x", "x", "--cases", "-"], EXIT_USAGE, "not both", id="both-forms"),
        pytest.param(["compare", "x", "x", "--alias", "c"], EXIT_USAGE, "symbol=other", id="bad-alias"),
    ],
)
def test_the_cli_refuses_bad_input_with_a_message(args: list[str], code: int, message: str) -> None:
    exit_code, out, err = invoke(*args)

    assert exit_code == code
    assert message in " ".join((out + err).split())


def test_cases_from_a_file_give_one_json_line_each_in_order(tmp_path: Path) -> None:
    lines = [
        {"id": "same", "expected": "a*b", "answer": "b a"},
        {"id": "other", "expected": "a*b", "answer": "a + b", "verdict": "equivalent"},
        {"id": "bad-expected", "expected": "a +", "answer": "a"},
        {"id": "ctx", "expected": "W x", "answer": "x W", "context": {"matrices": ["W"]}},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")

    code, out, err = invoke("compare", "--cases", path)

    assert code == EXIT_OK
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["same", "other", "bad-expected", "ctx"]
    assert [r["verdict"] for r in results] == ["equivalent", "not_equivalent", "undetermined", "not_equivalent"]
    assert all(set(r) == {"id", "verdict", "interpreted_as", "note", "ms"} for r in results)
    assert "4 cases: 1 equivalent, 2 not_equivalent, 1 undetermined" in err
    assert "other: expected equivalent, got not_equivalent" in err


def test_cases_come_from_standard_input_with_a_dash() -> None:
    code, out, _ = invoke("compare", "--cases", "-", stdin='{"id": "s", "expected": "2x", "answer": "x+x"}\n')

    assert code == EXIT_OK
    assert json.loads(out)["verdict"] == "equivalent"


def test_the_corpus_file_reads_as_cases() -> None:
    cases = read_cases((DATA / "math_cases.jsonl").read_text(encoding="utf-8").splitlines())

    assert len(cases) >= 250
    assert all(case.verdict is not None for case in cases)
