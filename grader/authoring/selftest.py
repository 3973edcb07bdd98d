"""Proving a rubric before it grades anyone: `lint` finds what loading cannot (a mistake entry that is the
expected answer, points that do not add up, aliases that collide), `self_test` runs the parts' `tests:`.

Both are pure apart from the bounded check process they are given.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.authoring.slashes import slipped_slashes
from grader.errors import Problem
from grader.grading import grade_answer
from grader.models.checks import (
    EquationCheck,
    ExpressionCheck,
    NumberCheck,
    ParamsCheck,
    ReceptiveFieldCheck,
    ShapeCheck,
    TextCheck,
)
from grader.models.report import PartResult, Status
from grader.models.rubric import Part, Question, Rubric
from grader.sandbox import Sandbox

EXACT_CHECKS = (NumberCheck, ExpressionCheck, EquationCheck, ParamsCheck)


@dataclass(frozen=True)
class Findings:
    """What `lint` found: errors (the rubric would grade wrongly) and warnings (it may)."""

    errors: list[Problem]
    warnings: list[Problem]


def lint(rubric: Rubric, runner: Sandbox | None = None) -> Findings:
    """Semantic checks of a loaded rubric (loading already checks that every expected answer, alternative and
    mistake reads, and that every model computes)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    parts_total = sum(part.points for _, part in rubric.parts())
    if rubric.points is not None and abs(parts_total - rubric.points) > 1e-9:
        errors.append(
            Problem("points", f"the assignment is worth {rubric.points:g}, but its parts add up to {parts_total:g}")
        )
    for q, question in enumerate(rubric.questions):
        total = sum(part.points for part in question.parts)
        if question.points is not None and abs(total - question.points) > 1e-9:
            errors.append(
                Problem(
                    f"questions[{q}].points",
                    f"{question.id} is worth {question.points:g}, but its parts add up to {total:g}",
                )
            )
        for p, part in enumerate(question.parts):
            where = f"questions[{q}].parts[{p}]"
            errors += _mistakes(rubric, question, part, where, runner)
            errors += _text_points(part, where)
            warnings += _silent_diagnoses(part, where) + slipped_slashes(part, where)
            if not part.tests:
                warnings.append(
                    Problem(
                        f"{where}.tests", f"{question.id}.{part.id} has no tests: add some for `grader rubric test`"
                    )
                )
    errors += _aliases(rubric)
    return Findings(errors, warnings)


def _mistakes(rubric: Rubric, question: Question, part: Part, where: str, runner: Sandbox | None) -> list[Problem]:
    """Every known mistake must be reported when a student writes it: not when it grades as correct (it is
    the expected answer), nor when an earlier entry catches it first, nor when it does not match itself."""
    if not isinstance(part.check, EXACT_CHECKS):
        return []
    found = []
    from grader.checks.mathsetup import as_written_by_a_student

    own = getattr(part.check, "notation", None)
    notation = rubric.notation.merged(own)
    for m, mistake in enumerate(part.mistakes):
        written = as_written_by_a_student(part.check, notation, tuple(part.mistakes), m)
        result = grade_answer(rubric, question, part, written, runner)
        tag = f"{'convention' if mistake.accepted else 'mistake'}:{mistake.note}"
        if result.status is Status.CORRECT and result.note != tag:
            found.append(
                Problem(
                    f"{where}.mistakes[{m}].answer",
                    f"mistake {mistake.note!r} ({mistake.answer}) is equivalent to the expected answer "
                    f"({result.note}): students who write it get full marks, never this feedback. Fix the expected "
                    "answer or the mistake.",
                )
            )
        elif result.note != tag:
            earlier = result.note.startswith(("mistake:", "convention:"))
            caught = f"the earlier entry {result.note!r} catches it first" if earlier else (
                f"grading it gives {result.status.value} ({result.note}) instead"
            )  # fmt: skip
            found.append(
                Problem(
                    f"{where}.mistakes[{m}].answer",
                    f"mistake {mistake.note!r} ({mistake.answer}) is never reported: {caught}. Reorder the "
                    "mistakes or make the answers tell apart.",
                )
            )
    return found


def _silent_diagnoses(part: Part, where: str) -> list[Problem]:
    """A diagnosis the part gives credit for (`partial:`) that can never fire for its model: no such mistake
    changes the count or shape of the layers asked about (`bias-missing` for a layer without biases)."""
    check = part.check
    if not isinstance(check, ParamsCheck | ShapeCheck | ReceptiveFieldCheck) or not check.partial:
        return []
    from grader.checks.counting import counted
    from grader.errors import GraderError
    from grader.params.diagnose import candidates

    try:
        if isinstance(check, ParamsCheck):
            layers, shape, count, selected = counted(check.model, check.layers)
            possible = {m.kind for m in candidates(count.framework, layers, shape, selected, check.time_steps)}
        elif isinstance(check, ShapeCheck):
            from grader.checks.shape import mistakes

            possible = {kind for kind, _ in mistakes(check)}
        else:
            from grader.checks.receptive import mistakes as field_mistakes

            possible = set(field_mistakes(check))
    except (GraderError, ValueError):
        return []  # a model that cannot be counted is an error loading reports
    return [
        Problem(
            f"{where}.check.partial.{kind}",
            f"the diagnosis {kind!r} can never fire for this part's model and layers (no such mistake changes the "
            "answer), so its points are never given: remove it or check the model",
        )
        for kind in check.partial
        if kind not in possible
    ]


def _text_points(part: Part, where: str) -> list[Problem]:
    check = part.check
    if not isinstance(check, TextCheck) or not check.concepts:
        return []
    best = sum(concept.points for concept in check.concepts if concept.points > 0)
    ceiling = check.ceiling if check.ceiling is not None else part.points
    found = []
    if min(best, ceiling) < part.points - 1e-9:
        found.append(
            Problem(
                f"{where}.check.concepts",
                f"the best answer earns {min(best, ceiling):g} of the part's {part.points:g} points: raise the "
                "concepts' points (or the ceiling) so a complete answer gets full marks",
            )
        )
    if check.floor > part.points:
        found.append(
            Problem(f"{where}.check.floor", f"the floor {check.floor:g} is above the part's {part.points:g} points")
        )
    return found


def _aliases(rubric: Rubric) -> list[Problem]:
    """An alias declared for two symbols (at the rubric and in a part), or a symbol that is both an alias and
    the target of another alias."""
    found = []
    outer = {alias: target for target, aliases in rubric.notation.aliases.items() for alias in aliases}
    found += _chains(outer, "notation.aliases")
    for q, question in enumerate(rubric.questions):
        for p, part in enumerate(question.parts):
            own = getattr(part.check, "notation", None)
            if own is None:
                continue
            where = f"questions[{q}].parts[{p}].check.notation.aliases"
            inner = {alias: target for target, aliases in own.aliases.items() for alias in aliases}
            for alias, target in inner.items():
                if alias in outer and outer[alias] != target:
                    found.append(
                        Problem(
                            where,
                            f"{alias!r} is an alias of {target!r} here but of {outer[alias]!r} for the whole "
                            "rubric; use another spelling or drop one",
                        )
                    )
            found += _chains(inner, where)
    return found


def _chains(table: dict[str, str], where: str) -> list[Problem]:
    return [
        Problem(
            where,
            f"{target!r} is the target of {alias!r} but itself an alias of {table[target]!r}: point "
            f"{alias!r} at {table[target]!r} directly",
        )
        for alias, target in table.items()
        if target in table
    ]


@dataclass(frozen=True)
class TestResult:
    """One self-test: what was expected, what grading gave."""

    part_id: str
    name: str
    answer: str
    expected: str
    got: PartResult
    passed: bool
    path: str  # where the test is in the rubric


def self_test(rubric: Rubric, runner: Sandbox | None = None) -> list[TestResult]:
    """Run every part's tests."""
    results = []
    for q, question in enumerate(rubric.questions):
        for p, part in enumerate(question.parts):
            for t, test in enumerate(part.tests):
                answer = str(test.answer)
                earlier = None if test.earlier is None else str(test.earlier)
                got = grade_answer(rubric, question, part, answer, runner, earlier)
                wanted: list[str] = []
                passed = True
                if test.status is not None:
                    wanted.append(test.status)
                    passed &= got.status.value == test.status
                if test.score is not None:
                    wanted.append(f"{test.score:g}/{part.points:g}")
                    passed &= abs(got.score - test.score) < 1e-9
                if test.note is not None:
                    wanted.append(test.note)
                    passed &= got.note == test.note
                results.append(
                    TestResult(
                        f"{question.id}.{part.id}",
                        test.name or "",
                        answer,
                        " ".join(wanted),
                        got,
                        passed,
                        f"questions[{q}].parts[{p}].tests[{t}]",
                    )
                )
    return results
