"""Hostile answers: code stays inert text, and every denial-of-service attempt ends within its bound."""

from __future__ import annotations

import builtins
import contextlib
import importlib
import time
from pathlib import Path
from typing import Any

import pytest

from grader import Status, grade, rubric_from_yaml
from grader.errors import NotationError
from grader.math.context import Context
from grader.math.parser import parse, parse_one
from grader.math.resolve import resolve
from grader.models.submission import Submission

TIME_LIMIT = 1.0
RUBRIC = rubric_from_yaml(
    f"""
assignment: hostile
title: Hostile answers
limits: {{time: {TIME_LIMIT}}}
questions:
  - id: q
    title: Math
    parts:
      - id: number
        points: 1
        check: {{type: number, expected: '4*(32*(16+32)+32)'}}
      - id: expression
        points: 1
        check: {{type: expression, expected: 'x^2 + 1'}}
      - id: equation
        points: 1
        check: {{type: equation, expected: 'c_t = f_t * c_{{t-1}} + i_t * g_t'}}
"""
)
PARTS = ("number", "expression", "equation")

INJECTIONS = [
    pytest.param("__import__('os').system('touch {marker}')", id="import-system"),
    pytest.param("eval(\"open('{marker}', 'w')\")", id="eval"),
    pytest.param('exec(\'open("{marker}", "w")\')', id="exec"),
    pytest.param("lambda: open('{marker}', 'w')", id="lambda"),
    pytest.param("().__class__.__bases__[0].__subclasses__()", id="dunder-walk"),
    pytest.param("x.__class__.__init__.__globals__['os']", id="globals"),
    pytest.param("open('{marker}', 'w').write('x')", id="open"),
    pytest.param("Symbol('x') + Integer(1)", id="sympy-constructors"),
    pytest.param("sympify('x')", id="sympify-call"),
    pytest.param("{{0.__class__}}", id="format-string"),
    pytest.param("%s%s%s%n", id="printf-format"),
    pytest.param(r"\input{{/etc/passwd}}", id="latex-input"),
    pytest.param(r"\write18{{touch {marker}}}", id="latex-write18"),
    pytest.param(r"\def\x{{1}} \x + 1", id="latex-def"),
    pytest.param("$(touch {marker})", id="shell-substitution"),
    pytest.param("`touch {marker}`", id="backticks"),
]


@pytest.fixture
def no_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any call that would run text as code (eval/exec of a string, sympify/parse_expr of a string) fails the test."""
    import sympy
    import sympy.parsing.sympy_parser as sympy_parser

    sympify_module = importlib.import_module("sympy.core.sympify")

    def guard(original: Any) -> Any:
        def checked(source: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(source, str):
                raise AssertionError(f"text run as code: {source!r}")
            return original(source, *args, **kwargs)

        return checked

    monkeypatch.setattr(builtins, "eval", guard(builtins.eval))
    monkeypatch.setattr(builtins, "exec", guard(builtins.exec))
    monkeypatch.setattr(sympy, "sympify", guard(sympy.sympify))
    monkeypatch.setattr(sympify_module, "sympify", guard(sympify_module.sympify))
    monkeypatch.setattr(sympy_parser, "parse_expr", guard(sympy_parser.parse_expr))


@pytest.mark.usefixtures("no_eval")
def test_the_guard_itself_catches_text_run_as_code() -> None:
    import sympy

    with pytest.raises(AssertionError, match="text run as code"):
        sympy.sympify("x + 1")
    with pytest.raises(AssertionError, match="text run as code"):
        eval("1 + 1")
    assert sympy.sympify(2) == 2  # SymPy's own use on numbers is allowed


@pytest.mark.usefixtures("no_eval")
@pytest.mark.parametrize("template", INJECTIONS)
def test_code_in_an_answer_stays_inert_text(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    answer = template.format(marker=marker)
    submission = Submission(assignment="hostile", student={"id": "s"}, answers={f"q.{part}": answer for part in PARTS})

    report = grade(RUBRIC, submission, isolate=False)

    assert not marker.exists()
    for part in report.parts():
        assert part.status is not Status.CORRECT
        assert part.score == 0


@pytest.mark.parametrize("template", INJECTIONS)
def test_the_parser_refuses_code_naming_the_piece(template: str, tmp_path: Path) -> None:
    text = template.format(marker=tmp_path / "pwned")

    with pytest.raises(NotationError, match=r"unexpected|unknown LaTeX command|not a symbol|expected a number"):
        resolve(parse_one(text), Context().with_known([]))


DENIALS = [
    pytest.param("9^9^9^9", id="tower"),
    pytest.param("2**10**10**10", id="tower-double-star"),
    pytest.param("((9**9)**9999)**9999", id="nested-powers"),
    pytest.param("10^(10^100)", id="googolplex"),
    pytest.param("x^(9^9^9) + 1", id="symbolic-tower"),
    pytest.param("factorial(10^8)", id="huge-factorial"),
    pytest.param("factorial(factorial(20))", id="nested-factorial"),
    pytest.param("(" * 100_000 + "x" + ")" * 100_000, id="deep-nesting"),
    pytest.param("x+" * 500_000 + "x", id="one-megabyte"),
    pytest.param("exp(exp(exp(exp(exp(x)))))", id="exp-tower"),
    pytest.param("(x+1)^400 - (x+1)^400", id="big-expansion"),
    pytest.param("1" * 5000, id="long-literal"),
    pytest.param(r"\sum_{a=1}^{200} \sum_{b=1}^{200} \sum_{c=1}^{200} x", id="nested-sums"),
    pytest.param(r"\sum_{j=1}^{10^{30}} x", id="huge-range"),
    pytest.param(r"\sum_{j=1}^{9^{9^{9}}} x", id="tower-bound"),
    pytest.param(r"\prod_{j=1}^{200} (x+1)^{10^6}", id="product-of-huge-powers"),
    pytest.param(r"x^{\prod_{j=1}^{200} 9}", id="product-in-an-exponent"),
    pytest.param(r"\sum_{j=1}^{200} (" + "+".join(f"σ(x*{i})" for i in range(1, 60)) + ")", id="long-body-many-terms"),
    pytest.param("(x+1)^{1000000} - (x+1)^{999999}*(x+1) + 1", id="huge-exponent-modulo-primes"),
    pytest.param("binomial(10^8, 5000)", id="huge-binomial"),
    pytest.param("binomial(factorial(20), 2)", id="binomial-of-a-factorial"),
    pytest.param("(10^8 + 1/2)!", id="huge-gamma"),
]


@pytest.mark.parametrize("answer", DENIALS)
def test_a_denial_of_service_answer_ends_within_its_bound_with_a_reason(answer: str) -> None:
    submission = Submission(assignment="hostile", student={"id": "s"}, answers={f"q.{part}": answer for part in PARTS})

    start = time.perf_counter()
    report = grade(RUBRIC, submission)
    elapsed = time.perf_counter() - start

    assert elapsed < len(PARTS) * (TIME_LIMIT + 0.5) + 1
    for part in report.parts():
        assert part.status in (Status.NEEDS_REVIEW, Status.INCORRECT), part.feedback
        assert part.feedback


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("||" * 14 + "x" + "|" * 27, id="bars-that-are-no-norms"),
        pytest.param("(||" * 14 + "x" + "|)" * 14, id="bars-in-brackets"),
        pytest.param("|" + "||x|-" * 14 + "y|", id="absolute-values-side-by-side"),
        pytest.param("||x| + " * 14 + "y" + "|" * 14, id="nested-absolute-values"),
    ],
)
def test_reading_double_bars_again_as_absolute_values_is_bounded(text: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(NotationError):
        parse(text)

    assert time.perf_counter() - start < 0.5
