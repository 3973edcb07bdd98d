"""Equivalence on a corpus of answer pairs in every notation: zero false `equivalent` is the property that matters.

The corpus, `tests/data/math_cases.jsonl`, has one case per line: `{"id", "expected", "answer", "kind", "verdict",
"context"?}` with `kind` `expression` or `equation` and `context` the notation a rubric declares (`aliases`,
`matrices`, `functions`). It goes through the same path as a graded part.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from grader.checks.base import PartContext
from grader.checks.expression import MathChecker
from grader.math.context import Context
from grader.math.equivalence import Verdict, same_expression
from grader.math.numeric import AGREEMENT_DIGITS
from grader.math.parser import parse_one
from grader.math.resolve import resolve
from grader.models.checks import EquationCheck, ExpressionCheck
from grader.models.common import Notation
from grader.models.report import BIAS_FREE, UNTIMED, WEIGHT_NAMES, Note, Status

from ..conftest import DATA

CASES = [json.loads(line) for line in (DATA / "math_cases.jsonl").read_text(encoding="utf-8").splitlines() if line]
STATUS = {"equivalent": Status.CORRECT, "not_equivalent": Status.INCORRECT, "undetermined": Status.NEEDS_REVIEW}


def judge(case: dict[str, Any]) -> tuple[Status, str]:
    """The status the case's answer gets as a graded part. A near miss (not equivalent, but equal once a bias
    is left out or a weight named without its subscript) and a chain that reaches the answer and slips to another
    go to a grader by design, and an answer without any bias is credited as a course convention
    (`notation.biases`), not as equal: all count as not equivalent."""
    check_type = EquationCheck if case["kind"] == "equation" else ExpressionCheck
    check = check_type(type=case["kind"], expected=case["expected"])
    notation = Notation(**case.get("context", {}))
    outcome = MathChecker().grade(check, case["answer"], PartContext(points=1, notation=notation))
    unequal = (Note.NEAR_MISS, Note.SLIPPED, BIAS_FREE, WEIGHT_NAMES, UNTIMED)
    status = Status.INCORRECT if outcome.note in unequal else outcome.status
    return status, "\n".join(outcome.feedback)


def test_the_corpus_is_well_formed() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert {case["verdict"] for case in CASES} == set(STATUS)
    assert len(CASES) >= 250
    assert sum(case["verdict"] == "not_equivalent" for case in CASES) >= 100
    # At most 2% may be left to a human: the rest must be decided.
    assert sum(case["verdict"] == "undetermined" for case in CASES) <= 0.02 * len(CASES)
    latex = [case for case in CASES if "\\" in case["answer"]]
    unicode = [case for case in CASES if not case["answer"].isascii() and "\\" not in case["answer"]]
    ascii_only = [case for case in CASES if case["answer"].isascii() and "\\" not in case["answer"]]
    assert min(len(latex), len(unicode), len(ascii_only)) >= 50, "every notation is well represented"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_case_gets_its_verdict(case: dict[str, Any]) -> None:
    status, feedback = judge(case)

    if case["verdict"] == "not_equivalent":
        assert status is not Status.CORRECT, f"FALSE EQUIVALENT: {feedback}"
    assert status is STATUS[case["verdict"]], feedback


MATRICES = Context.declare(matrices=["W"])


def verdict(expected: str, answer: str) -> Verdict:
    def node(text: str):  # type: ignore[no-untyped-def]
        return resolve(parse_one(text), MATRICES).links[-1]

    return same_expression(node(expected), node(answer)).verdict


@pytest.mark.parametrize(
    ("expected", "answer", "result"),
    [
        pytest.param("n*(n-1)!", "n!", Verdict.EQUIVALENT, id="factorial-recurrence"),
        pytest.param("(n+1)!/n!", "n + 1", Verdict.EQUIVALENT, id="factorial-quotient"),
        pytest.param("n!", "(n-1)!", Verdict.NOT_EQUIVALENT, id="factorial-off-by-one"),
        pytest.param("binomial(n, k)", "n!/(k!*(n-k)!)", Verdict.EQUIVALENT, id="binomial-by-factorials"),
        pytest.param(r"\binom{n}{2}", "n*(n-1)/2", Verdict.EQUIVALENT, id="binomial-two"),
        pytest.param(r"\binom{n}{2}", "n*(n+1)/2", Verdict.NOT_EQUIVALENT, id="binomial-two-wrong"),
        pytest.param("binomial(n, k)", "binomial(n, n-k)", Verdict.EQUIVALENT, id="binomial-symmetry"),
        pytest.param("log(x)/log(2)", "log(x, 2)", Verdict.EQUIVALENT, id="log-base"),
        pytest.param("log(x)/log(2)", "log(2, x)", Verdict.NOT_EQUIVALENT, id="log-base-swapped"),
        pytest.param("x^{1/3}", "root(x, 3)", Verdict.EQUIVALENT, id="root"),
        pytest.param("x", "sign(x)*abs(x)", Verdict.EQUIVALENT, id="sign"),
        pytest.param("x", "sign(x)", Verdict.NOT_EQUIVALENT, id="sign-is-not-identity"),
        pytest.param("‖x‖^2", "‖x‖‖x‖", Verdict.EQUIVALENT, id="norm-squared"),
        pytest.param("‖x - y‖", "‖y - x‖", Verdict.EQUIVALENT, id="norm-symmetric"),
        pytest.param("‖x‖", "abs(x)", Verdict.NOT_EQUIVALENT, id="norm-of-a-vector-is-not-its-abs"),
        pytest.param("‖x‖_1", "‖x‖", Verdict.NOT_EQUIVALENT, id="one-norm-is-not-euclidean"),
        pytest.param("‖2 x‖", "2‖x‖", Verdict.EQUIVALENT, id="norm-homogeneous"),
        pytest.param("softmax(z)_i", "softmax(z_i)", Verdict.UNDETERMINED, id="entry-is-left-to-a-human"),
        pytest.param("p_i - y_i", "softmax(z)_i - y_i", Verdict.UNDETERMINED, id="entry-in-a-difference"),
        pytest.param("tanh(1000 x^2 + 1000)", "σ(1000 x^2 + 1000)", Verdict.UNDETERMINED, id="flat-tanh-is-no-sigmoid"),
        pytest.param("tanh(1000 x^2 + 1000)", "tanh(1000 x^2 + 1000)", Verdict.EQUIVALENT, id="flat-but-identical"),
        pytest.param("tanh(x^2 + 1)", "σ(x^2 + 1)", Verdict.NOT_EQUIVALENT, id="tanh-is-no-sigmoid"),
    ],
)
def test_functions_evaluate(expected: str, answer: str, result: Verdict) -> None:
    assert verdict(expected, answer) is result


@pytest.mark.parametrize(
    ("offset", "verdict"),
    [
        pytest.param(AGREEMENT_DIGITS - 1, Verdict.NOT_EQUIVALENT, id="inside-the-digits"),
        pytest.param(AGREEMENT_DIGITS + 1, Verdict.EQUIVALENT, id="below-the-tolerance"),
    ],
)
def test_reals_agree_to_the_stated_number_of_digits(offset: int, verdict: Verdict) -> None:
    context = Context.declare()
    expected = resolve(parse_one("σ(x)"), context).links[0]
    answer = resolve(parse_one(f"σ(x) + 10^(-{offset})"), context).links[0]
    assert same_expression(expected, answer).verdict is verdict
