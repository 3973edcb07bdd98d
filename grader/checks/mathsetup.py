"""The math of a question: its notation as a context, its expected answers resolved in it (cached per rubric
part), and the search for an expected formula inside prose that explanations use as evidence."""

from __future__ import annotations

import contextlib
import dataclasses
import re
from functools import lru_cache
from types import MappingProxyType

from grader.checks.mathdiagnosis import graded_part, judge, rooted, untimed, written_untimed
from grader.checks.mathreading import read_statements
from grader.errors import GraderError, NotationError
from grader.math.context import Context
from grader.math.nodes import Chain, Name, Var, symbols
from grader.math.parser import parse_one
from grader.math.resolve import resolve
from grader.math.textbooks import implied_aliases
from grader.models.checks import EquationCheck, ExpressionCheck
from grader.models.common import Notation
from grader.models.rubric import Mistake

MathCheck = ExpressionCheck | EquationCheck


def mistake_texts(mistakes: tuple[Mistake, ...]) -> tuple[str, ...]:
    """The known mistakes' answers: their symbols are symbols of the question too."""
    return tuple(str(mistake.answer) for mistake in mistakes)


@lru_cache(maxsize=256)
def declared_context(notation_json: str) -> Context:
    """The rubric's notation (matrices, scalars, functions, aliases, free indices) as a context, cached."""
    notation = Notation.model_validate_json(notation_json)
    return Context.declare(
        matrices=notation.matrices,
        scalars=notation.scalars,
        functions=notation.functions,
        aliases=notation.aliases,
        indices=notation.indices,
    )


def math_setup(check: MathCheck, notation: Notation, extra: tuple[str, ...]) -> tuple[Context, list[Chain]]:
    """The context a student's answer is read in, and the expected answers (the expected one first)."""
    return setup_cached(notation.model_dump_json(), (check.expected, *check.alternatives), extra)


@lru_cache(maxsize=256)
def setup_cached(notation_json: str, texts: tuple[str, ...], extra: tuple[str, ...]) -> tuple[Context, list[Chain]]:
    """`texts` resolved in the notation, and the context that knows their symbols and those of `extra`."""
    base = declared_context(notation_json)
    targets = [resolve(parse_one(text), base) for text in texts]
    roots = {name for chain in targets for name in rooted(chain)} - base.matrices
    if roots:  # `√d_k`: a dimension, a number, whatever the student multiplies by it
        base = dataclasses.replace(base, scalars=base.scalars | roots)
        targets = [resolve(parse_one(text), base) for text in texts]
    known: set[Name] = set()
    for chain in targets:
        known |= symbols(chain)
    for text in extra:
        with contextlib.suppress(NotationError):
            known |= symbols(resolve(parse_one(text), base))
    implied = implied_aliases(known, base.aliases)
    if implied:  # Ng's `Γ_u`, `c` for a GRU's z, h: for answers written in his notation (`Context.implied_read`)
        base = dataclasses.replace(base, implied=MappingProxyType(implied))
    context = base.with_known(known)
    return context, [resolve(parse_one(text), context) for text in texts]


def companion_mistakes(
    check: MathCheck, notation: Notation, mistakes: tuple[Mistake, ...]
) -> tuple[tuple[int, Chain], ...]:
    """The known mistakes (by index in `mistakes`, their answers) that are equations for a symbol the expected
    answer does not hold (`h_t = o_t ⊙ c_t` in the output gate's part): statements a student may make beside the
    answer, never the answer itself (`δc_t = δc_{t-2} ⊙ …`, the relation asked for turned round, is no such); not
    those marked `alone` (`h_t = o_t ⊙ tanh(c_t)`: true, so only ever an answer instead). Cached."""
    found = _companions_cached(
        notation.model_dump_json(), (check.expected, *check.alternatives), mistake_texts(mistakes)
    )
    return tuple((index, wrong) for index, wrong in found if not mistakes[index].alone)


def as_written_by_a_student(check: object, notation: Notation, mistakes: tuple[Mistake, ...], index: int) -> str:
    """How a student writes known mistake `index` of a part: its answer, or for a mistake about another symbol
    (never the answer itself) the expected answer with it beside it (`o_t = σ(…)` then `h_t = o_t ⊙ c_t`)."""
    text = str(mistakes[index].answer)
    if not isinstance(check, ExpressionCheck | EquationCheck):
        return text
    companions = {i for i, _ in companion_mistakes(check, notation, mistakes)}
    return f"{check.expected}\n{text}" if index in companions else text


@lru_cache(maxsize=256)
def _companions_cached(
    notation_json: str, texts: tuple[str, ...], extra: tuple[str, ...]
) -> tuple[tuple[int, Chain], ...]:
    context, targets = setup_cached(notation_json, texts, extra)
    known = symbols(targets[0])
    found = []
    for index, text in enumerate(extra):
        with contextlib.suppress(GraderError):
            wrong = resolve(parse_one(text), context)
            subject = wrong.links[0] if len(wrong.links) == 2 else None
            if isinstance(subject, Var) and subject.name not in known:
                found.append((index, wrong))
    return tuple(found)


def find_math(answer: str, targets: tuple[str, ...], notation: Notation, budget: float) -> str | None:
    """The piece of math in a prose answer equivalent to one of `targets` (expressions or equations), if any.

    Used as evidence for explanation concepts: `dC_t/dC_{t-1} = f_t` in a sentence counts for "the gradient
    along the cell state is scaled by the forget gate", and so does `dC_t/dC_{t-1} ≈ f_t` (where no formula
    as written is one: `≈` otherwise ends a statement, so that `= f_t ≈ 1` stays the relation before it), and so
    does a formula written without any time index as slides draw a cell (`c = f * c + i * g` for c_t = f_t ⊙
    c_{t-1} + i_t ⊙ c̃_t: both compared with their time indices left out). The piece is quoted as the answer
    writes it."""
    try:
        context, resolved = setup_cached(notation.model_dump_json(), targets, ())
    except NotationError:
        return None
    found = _found_in(answer, context, resolved, budget)
    if found is not None or not _APPROXIMATELY.search(answer):
        return found
    equal = _APPROXIMATELY.sub(lambda match: "=".ljust(len(match.group())), answer)  # offsets kept for the quote
    found = _found_in(equal, context, resolved, budget)
    at = equal.find(found) if found is not None else -1
    return answer[at : at + len(found)] if found is not None and at >= 0 else found


_APPROXIMATELY = re.compile(r"≈|\\approx(?![A-Za-z])")


def _found_in(answer: str, context: Context, resolved: list[Chain], budget: float) -> str | None:
    """The source of the first statement of `answer` equivalent to one of the `resolved` formulas, if any."""
    from grader.math.equivalence import Verdict

    statements, _ = read_statements(answer, context)
    bare = [untimed(target) for target in resolved]  # `c = f*c + i*g`, as slides draw it: compared without times
    for statement in statements:
        for target, untimed_target in zip(resolved, bare, strict=True):
            equation = target.is_equation
            if equation != statement.chain.is_equation:
                continue
            chain = graded_part(statement.chain, target, equation)
            if judge(target, chain, equation, budget).verdict is Verdict.EQUIVALENT:
                return statement.source
            timeless = untimed_target != target and written_untimed(statement.source)
            if timeless and judge(untimed_target, untimed(chain), equation, budget).verdict is Verdict.EQUIVALENT:
                return statement.source
    return None
