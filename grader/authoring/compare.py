"""Compare one answer with one expected answer, outside any rubric: `grader compare` and its `--cases` files.

A comparison goes through the same checks as a graded part (reading, equivalence, limits), so what an
instructor tries here is what students get. No I/O: `read_cases` parses lines given to it, the CLI reads
and prints.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from grader.checks import CHECKERS, context_for, preload_math, run_check
from grader.errors import CheckAbortedError, GraderError, InputError, Problem
from grader.math.equivalence import Verdict
from grader.models.common import Notation
from grader.models.formats import Kind
from grader.models.report import BIAS_FREE, UNTIMED, WEIGHT_NAMES, Note, Status
from grader.models.rubric import Limits, Part
from grader.sandbox import Sandbox

VERDICTS = {
    Status.CORRECT: Verdict.EQUIVALENT,
    Status.PARTIAL: Verdict.NOT_EQUIVALENT,
    Status.INCORRECT: Verdict.NOT_EQUIVALENT,
    Status.NEEDS_REVIEW: Verdict.UNDETERMINED,
    Status.UNANSWERED: Verdict.UNDETERMINED,
}


class CasesFileError(InputError):
    """A `--cases` file with lines that are not cases."""

    def __init__(self, problems: list[Problem], file: str | None = None) -> None:
        self.problems = problems
        head = f"{file}: " if file else ""
        lines = [f"{head}{len(problems)} invalid case line(s):", *(f"  - {problem}" for problem in problems)]
        super().__init__("\n".join(lines))


class Case(BaseModel):
    """One comparison to make: a line of a `--cases` file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="A name for the case, repeated in its result.")
    expected: str = Field(description="The expected answer (an instructor's, read like a rubric's).")
    answer: str = Field(description="The answer to judge (a student's, read like a submission's).")
    kind: Kind = Field(Kind.EXPRESSION, description="`expression`, `equation` or `number`.")
    context: Notation = Field(
        default_factory=Notation,
        description="Declarations as a rubric part makes them: `aliases`, `matrices`, `scalars`, `functions`.",
    )
    verdict: Verdict | None = Field(
        None, description="The verdict the case should get, for test corpora; compare ignores it."
    )


class Comparison(BaseModel):
    """The result of one comparison."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    verdict: Verdict
    interpreted_as: str | None = Field(description="How the answer was read, canonical text; null if not read.")
    interpreted_latex: str | None = Field(description="The same reading as LaTeX.")
    note: str = Field(description="Why: how equivalence was decided, or what could not be read or decided.")
    ms: float = Field(description="Milliseconds the comparison took.")

    def line(self) -> str:
        """The JSON line `--cases` writes: id, verdict, interpreted_as, note, ms."""
        keys = ("id", "verdict", "interpreted_as", "note", "ms")
        return json.dumps({key: getattr(self, key) for key in keys}, ensure_ascii=False)


def read_cases(lines: Iterable[str], source: str | None = None) -> list[Case]:
    """The cases of a JSON-lines text; blank lines are skipped. Raises CasesFileError listing every bad line."""
    cases: list[Case] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate_json(line))
        except ValidationError as error:
            for item in error.errors():
                where = ".".join(str(part) for part in item["loc"])
                message = "is not JSON: write one object per line" if item["type"] == "json_invalid" else item["msg"]
                problems.append(Problem(where, message, number))
    if problems:
        raise CasesFileError(problems, source)
    return cases


def compare_all(cases: Iterable[Case], limits: Limits | None = None, *, isolate: bool = True) -> Iterator[Comparison]:
    """The comparison of each case, in order, one worker process for all; each bounded by `limits`."""
    limits = limits or Limits()
    if not isolate:
        for case in cases:
            yield compare(case, limits, None)
        return
    preload_math()
    with Sandbox(memory_mb=limits.memory_mb) as runner:
        for case in cases:
            yield compare(case, limits, runner)


def compare(case: Case, limits: Limits | None = None, runner: Sandbox | None = None) -> Comparison:
    """One comparison. An expected answer that cannot be read is `undetermined` with the reason."""
    limits = limits or Limits()
    started = time.perf_counter()
    problem = expected_problem(case)
    if problem:
        return _result(case, Verdict.UNDETERMINED, None, None, f"the expected answer: {problem}", started)
    part = _part(case)
    try:
        context = context_for(part, case.context, limits.time)
        if runner is None:
            outcome = run_check(part, case.answer, context)
        else:
            outcome = runner.run(run_check, part, case.answer, context, timeout=limits.time)
    except CheckAbortedError as error:
        return _result(case, Verdict.UNDETERMINED, None, None, f"the check stopped because {error}", started)
    note = " ".join(line for line in outcome.feedback if not line.startswith("Read as:"))
    # a near miss (equal once a bias is left out) is not equivalent; grading sends it to a grader for the policy,
    # or credits an answer without any bias as a course convention (`notation.biases`): not equal either; nor is
    # a chain that reaches the answer and slips to another (`y = 2(2x) = 2x`), which a grader weighs
    unequal = outcome.note in (Note.NEAR_MISS, Note.SLIPPED, BIAS_FREE, WEIGHT_NAMES, UNTIMED)
    verdict = Verdict.NOT_EQUIVALENT if unequal else VERDICTS[outcome.status]
    return _result(case, verdict, outcome.interpreted_as, outcome.interpreted_latex, note, started)


def expected_problem(case: Case) -> str:
    """Why the case's expected answer (or its context) cannot be used, or "" if it can."""
    try:
        part = _part(case)
        found = CHECKERS[part.check.type].validate(part.check, context_for(part, case.context, Limits().time))
    except ValidationError as error:
        return "; ".join(item["msg"].removeprefix("Value error, ") for item in error.errors())
    except GraderError as error:
        return str(error)
    return "; ".join(message for _, message in found)


def _part(case: Case) -> Part:
    check = {"type": case.kind.value, "expected": case.expected}
    return Part.model_validate({"id": "compare", "points": 1, "check": check})


def _result(
    case: Case, verdict: Verdict, shown: str | None, typeset: str | None, note: str, started: float
) -> Comparison:
    ms = round((time.perf_counter() - started) * 1000, 3)
    return Comparison(id=case.id, verdict=verdict, interpreted_as=shown, interpreted_latex=typeset, note=note, ms=ms)
