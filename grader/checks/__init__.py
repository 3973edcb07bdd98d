"""One module per check kind, behind one protocol, in a registry keyed by the rubric's `type`."""

from __future__ import annotations

from typing import Any

from grader.checks.base import Carries, Checker, Followed, PartContext
from grader.checks.choice import ChoiceChecker, SetChecker
from grader.checks.expression import MathChecker
from grader.checks.number import NumberChecker
from grader.checks.params import ParamsChecker
from grader.checks.receptive import ReceptiveFieldChecker
from grader.checks.shape import ShapeChecker
from grader.checks.text import TextChecker
from grader.errors import LimitError, NotationError, Problem, RubricError
from grader.models.common import Notation
from grader.models.outcome import Outcome
from grader.models.report import Note, Status
from grader.models.rubric import Part, Rubric

CHECKERS: dict[str, Checker[Any]] = {
    "number": NumberChecker(),
    "expression": MathChecker(),
    "equation": MathChecker(),
    "text": TextChecker(),
    "set": SetChecker(),
    "choice": ChoiceChecker(),
    "params": ParamsChecker(),
    "shape": ShapeChecker(),
    "receptive_field": ReceptiveFieldChecker(),
}

__all__ = [
    "CHECKERS",
    "Carries",
    "Followed",
    "PartContext",
    "context_for",
    "preload_math",
    "run_check",
    "validate_rubric",
]


def context_for(
    part: Part,
    notation: Notation,
    time_limit: float,
    followed: Followed | None = None,
    slips: float = 0.5,
    channels: float = 0.5,
) -> PartContext:
    """The context a part's check runs with: points, merged notation, mistakes, a proof budget, the earlier
    part it follows with the student's answer to it, and the shares of the points for an arithmetic slip and
    for a shape without its channels."""
    own = getattr(part.check, "notation", None)
    return PartContext(
        points=part.points,
        notation=notation.merged(own),
        mistakes=tuple(part.mistakes),
        budget=min(0.5, time_limit / 4),
        prompt=part.prompt,
        followed=followed,
        slips=slips,
        channels=channels,
    )


def run_check(part: Part, answer: str, context: PartContext) -> Outcome:
    """The outcome of one answer in its context (`context_for`). A student's answer never raises: what cannot be
    read goes to review."""
    try:
        return CHECKERS[part.check.type].grade(part.check, answer, context)
    except LimitError as error:
        reason = f"Your answer is too large to check automatically: {error}."
        return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, _expected(part), Note.LIMIT)
    except NotationError as error:
        reason = f"Could not read your answer: {error}."
        return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, _expected(part), Note.UNREADABLE)
    except RecursionError:
        reason = "Your answer is nested too deeply to check automatically."
        return Outcome(Status.NEEDS_REVIEW, 0.0, (reason,), None, _expected(part), Note.LIMIT)


def _expected(part: Part) -> str:
    return CHECKERS[part.check.type].expected(part.check)


def validate_rubric(rubric: Rubric) -> None:
    """Check every part's settings with its checker. Raises RubricError listing every problem with its path."""
    problems = _model_problems(rubric)
    shared = list(rubric.models.values())
    for q, question in enumerate(rubric.questions):
        for p, part in enumerate(question.parts):
            base = f"questions[{q}].parts[{p}]"
            try:
                context = context_for(part, rubric.notation, rubric.limits.time)
                found = CHECKERS[part.check.type].validate(part.check, context)
            except NotationError as error:
                found = [("check.notation" if getattr(part.check, "notation", None) else "notation", str(error))]
            if getattr(part.check, "model", None) in shared:  # reported once, where the model is defined
                found = [(path, message) for path, message in found if not path.startswith("check.model.")]
            problems += [
                Problem(f"{base}.{path}" if not path.startswith("notation") else path, message)
                for path, message in found
            ]
    problems += _formula_problems(rubric)
    if problems:
        unique = list(dict.fromkeys(problems))
        raise RubricError(unique)


def _formula_problems(rubric: Rubric) -> list[Problem]:
    """A `follows.formula` must read, and give the part's expected value from the earlier part's right value."""
    from grader.checks.number import expected_value, followed_value, formula_value
    from grader.errors import GraderError
    from grader.models.checks import NumberCheck, ParamsCheck, ShapeCheck
    from grader.models.rubric import part_id

    parts = {part_id(question, part): part for question, part in rubric.parts()}
    problems = []
    for q, question in enumerate(rubric.questions):
        for p, part in enumerate(question.parts):
            follows, check = part.follows, part.check
            if follows is None or not follows.formula or not isinstance(check, NumberCheck):
                continue
            where = f"questions[{q}].parts[{p}].follows.formula"
            before = parts[follows.part].check
            try:
                if not isinstance(before, NumberCheck | ParamsCheck | ShapeCheck):
                    continue
                right = followed_value(before)
                if right is None:
                    problems.append(Problem(where, f"{follows.part} has no single value for `x` (a shape of several "
                                            "axes): follow a part whose answer is one number"))  # fmt: skip
                    continue
                got = formula_value(follows.formula, right)
            except (GraderError, ValueError) as error:
                problems.append(Problem(where, f"cannot compute {follows.formula!r}: {error}"))
                continue
            if abs(float(got) - float(expected_value(check))) > check.allowed_error(expected_value(check)):
                problems.append(Problem(where, f"with x = {right} (the right answer to {follows.part}) it gives "
                                        f"{got}, not this part's expected value {expected_value(check)}"))  # fmt: skip
    return problems


def _model_problems(rubric: Rubric) -> list[Problem]:
    from grader.errors import ModelError
    from grader.params.model import count_model

    problems = []
    for name, spec in rubric.models.items():
        try:
            count_model(spec)
        except ModelError as error:
            problems += [Problem(f"models.{name}.{problem.path}", problem.message) for problem in error.problems]
    return problems


def preload_math() -> None:
    """Import the math engine before the worker forks, so that a restarted worker does not pay for it.

    SymPy is left out: only a symbolic proof needs it, tried only when random points decide nothing, and
    the worker imports it on the first such proof (about 0.3 s), which most submissions never reach.
    """
    import grader.checks.expression
    import grader.math.equivalence  # noqa: F401
