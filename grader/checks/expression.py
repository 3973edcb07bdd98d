"""Derived expressions and equations, compared by mathematical equivalence in any notation."""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from grader.checks.base import Outcome, PartContext, apply_mistakes
from grader.errors import NotationError
from grader.extract import equation_stretches, marked_math
from grader.math.latex import latex
from grader.math.nodes import Chain, Name, Node, Var, symbols
from grader.math.parser import parse, parse_one
from grader.math.printer import show
from grader.math.resolve import Context, resolve
from grader.report import Status
from grader.rubric import EquationCheck, ExpressionCheck, Mistake, Notation

if TYPE_CHECKING:
    from grader.math.equivalence import Judgement

MathCheck = ExpressionCheck | EquationCheck


@dataclass(frozen=True)
class Statement:
    """One piece of math from an answer, in every reading it allows."""

    source: str
    readings: tuple[tuple[Chain, str | None], ...]

    @property
    def chain(self) -> Chain:
        """The literal reading."""
        return self.readings[0][0]


@dataclass(frozen=True)
class Verdicts:
    """The verdict of one reading against the expected answers."""

    status: Status
    how: str
    alternative: bool


class MathChecker:
    """The `expression` and `equation` checks."""

    def grade(self, check: MathCheck, answer: str, part: PartContext) -> Outcome:
        """Read the answer's math, pick the statement to grade, and compare it with the expected answers."""
        context, targets = _setup(check, part.notation, _mistake_texts(part.mistakes))
        statements, errors = _read(answer, context)
        expected = check.expected
        if not statements:
            reason = errors[0] if errors else "no math found in your answer"
            return Outcome(
                Status.NEEDS_REVIEW,
                0.0,
                (f"Could not read your answer as math: {reason}.",),
                None,
                expected,
                "unreadable",
            )
        equation = isinstance(check, EquationCheck)
        chosen, remark = _choose(statements, targets[0], equation=equation)
        if chosen is None:
            return Outcome(Status.INCORRECT, 0.0, (remark,), show(statements[-1].chain), expected, "no_equation")
        results = [
            (_judge_all(reading, targets, equation, part.budget), reading, assumption)
            for reading, assumption in chosen.readings
        ]
        graded = _graded(chosen.chain, targets[0], equation)
        shown = show(graded)
        feedback = [f"Read as: {shown}."] + ([remark] if remark else [])

        def outcome(status: Status, fraction: float, note: str) -> Outcome:
            return Outcome(status, fraction, tuple(feedback), shown, expected, note, interpreted_latex=latex(graded))

        statuses = {verdicts.status for verdicts, _, _ in results}
        if len(statuses) > 1:
            readings = "; ".join(
                f"{show(reading)}{f' ({assumption})' if assumption else ''}: {v.status.value}"
                for v, reading, assumption in results
            )
            feedback.append(
                f"Your answer can be read in more than one way, with different results: {readings}. "
                "Use braces to say which you mean, e.g. c_{t-1}."
            )
            return outcome(Status.NEEDS_REVIEW, 0.0, "ambiguous_reading")
        verdicts = results[0][0]
        if verdicts.status is Status.CORRECT:
            which = "an accepted alternative" if verdicts.alternative else "the expected answer"
            feedback.append(f"Equivalent to {which} ({verdicts.how}).")
            broken = _broken_step(chosen.chain, part.budget)
            if broken:
                feedback.append(f"Your final result matches, but the step {broken} does not hold.")
                return outcome(Status.NEEDS_REVIEW, 0.0, "broken_step")
            return outcome(Status.CORRECT, 1.0, "equivalent")
        if verdicts.status is Status.NEEDS_REVIEW:
            feedback.append(f"Could not decide automatically: {verdicts.how}.")
            feedback += _symbol_hints(chosen.chain, targets)
            return outcome(Status.NEEDS_REVIEW, 0.0, "undetermined")
        feedback.append(f"Not equivalent to the expected {expected} ({verdicts.how}).")
        feedback += _symbol_hints(chosen.chain, targets)
        wrong = outcome(Status.INCORRECT, 0.0, "not_equivalent")

        def matches(mistake: Mistake) -> bool:
            wrong = resolve(parse_one(str(mistake.answer)), context)
            return _judge(wrong, chosen.chain, equation, part.budget).equivalent

        return apply_mistakes(wrong, part, matches)

    def expected(self, check: MathCheck) -> str:
        """The expected expression or equation as the rubric writes it."""
        return check.expected

    def validate(self, check: MathCheck, part: PartContext) -> list[tuple[str, str]]:
        """Every expected answer, alternative and mistake must read as math in the part's notation."""
        try:
            context = _context(part.notation.model_dump_json())
        except NotationError as error:
            return [("check.notation" if check.notation else "notation", str(error))]
        texts = [("check.expected", check.expected)]
        texts += [(f"check.alternatives[{i}]", text) for i, text in enumerate(check.alternatives)]
        texts += [(f"mistakes[{i}].answer", str(m.answer)) for i, m in enumerate(part.mistakes)]
        problems = []
        for path, text in texts:
            try:
                chain = resolve(parse_one(text), context)
            except NotationError as error:
                problems.append((path, f"cannot read {text!r}: {error}"))
                continue
            if isinstance(check, EquationCheck) and len(chain.links) != 2:
                problems.append((path, f"{text!r} must be one equation `lhs = rhs`"))
            if isinstance(check, ExpressionCheck) and chain.is_equation:
                problems.append((path, f"{text!r} is an equation; an expression check expects an expression"))
        return problems


def _mistake_texts(mistakes: tuple[Mistake, ...]) -> tuple[str, ...]:
    return tuple(str(mistake.answer) for mistake in mistakes)


@lru_cache(maxsize=256)
def _context(notation_json: str) -> Context:
    notation = Notation.model_validate_json(notation_json)
    return Context.declare(
        matrices=notation.matrices,
        scalars=notation.scalars,
        functions=notation.functions,
        aliases=notation.aliases,
        indices=notation.indices,
    )


def _setup(check: MathCheck, notation: Notation, extra: tuple[str, ...]) -> tuple[Context, list[Chain]]:
    return _setup_cached(notation.model_dump_json(), (check.expected, *check.alternatives), extra)


@lru_cache(maxsize=256)
def _setup_cached(notation_json: str, texts: tuple[str, ...], extra: tuple[str, ...]) -> tuple[Context, list[Chain]]:
    base = _context(notation_json)
    targets = [resolve(parse_one(text), base) for text in texts]
    known: set[Name] = set()
    for chain in targets:
        known |= symbols(chain)
    for text in extra:
        with contextlib.suppress(NotationError):
            known |= symbols(resolve(parse_one(text), base))
    context = base.with_known(known)
    return context, [resolve(parse_one(text), context) for text in texts]


def _read(answer: str, context: Context) -> tuple[list[Statement], list[str]]:
    """Every statement of the answer that reads as math, and why the rest did not."""
    statements: list[Statement] = []
    errors: list[str] = []

    def attempt(text: str) -> bool:
        try:
            readings = tuple(
                (resolve(reading.chain, context), reading.assumption) for reading in parse(text, context.indexes)
            )
        except NotationError as error:
            errors.append(f"“{_clip(text)}”: {error}")
            return False
        statements.append(Statement(text, readings))
        return True

    marked = marked_math(answer)
    if marked:
        for text in marked:
            attempt(text)
        return statements, errors
    if attempt(answer.strip()):
        return statements, errors
    for line in (line.strip() for line in answer.splitlines()):
        if line and not attempt(line):
            for stretch in equation_stretches(line):
                attempt(stretch)
    return statements, errors


def _clip(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _lone(node: Node) -> Var | None:
    return node if isinstance(node, Var) else None


def _choose(statements: list[Statement], target: Chain, *, equation: bool) -> tuple[Statement | None, str]:
    """The statement to grade, and a remark on how it was chosen."""
    if not equation:
        chosen = statements[-1]
        remark = "Graded the final value of your chain." if len(chosen.chain.links) > 1 else ""
        return chosen, remark
    lhs = _lone(target.links[0])
    equations = [s for s in statements if s.chain.is_equation]
    if lhs is not None:
        about = [s for s in equations if lhs in (s.chain.links[0], s.chain.links[-1])]
        if about:
            others = len(equations) - 1
            remark = ""
            if others:
                rest = (
                    "The other equation in your answer was"
                    if others == 1
                    else f"The other {others} equations in your answer were"
                )
                remark = f"Graded your last equation for {lhs.name.text()}. {rest} not graded."
            return about[-1], remark
    if equations:
        remark = "" if len(equations) == 1 else "Graded the last of your equations."
        if lhs is not None:
            remark = (remark + f" None of your equations has {lhs.name.text()} on one side.").strip()
        return equations[-1], remark
    if lhs is not None:
        last = statements[-1]
        readings = tuple((Chain((lhs, reading.links[-1])), assumption) for reading, assumption in last.readings)
        return Statement(
            last.source, readings
        ), f"Read your expression as the right-hand side of {lhs.name.text()} = …."
    return None, "No equation found in your answer."


def _graded(chain: Chain, target: Chain, equation: bool) -> Chain:
    """The part of a chain that is graded: the final value, or the equation first = last."""
    if not equation:
        return Chain((chain.links[-1],))
    return Chain((chain.links[0], chain.links[-1]))


def _judge(target: Chain, chain: Chain, equation: bool, budget: float) -> Judgement:
    from grader.math.equivalence import same_equation, same_expression

    if not equation:
        return same_expression(target.links[-1], chain.links[-1], budget)
    t_lhs, t_rhs = target.links[0], target.links[-1]
    first, last = chain.links[0], chain.links[-1]
    if _lone(t_lhs) is not None and first == t_lhs:
        return same_expression(t_rhs, last, budget)
    if _lone(t_lhs) is not None and last == t_lhs:
        return same_expression(t_rhs, first, budget)
    return same_equation((t_lhs, t_rhs), (first, last), budget)


def _judge_all(chain: Chain, targets: list[Chain], equation: bool, budget: float) -> Verdicts:
    from grader.math.equivalence import Verdict

    undecided: Judgement | None = None
    first: Judgement | None = None
    for index, target in enumerate(targets):
        judgement = _judge(target, chain, equation, budget)
        first = first or judgement
        if judgement.verdict is Verdict.EQUIVALENT:
            return Verdicts(Status.CORRECT, judgement.how, index > 0)
        if judgement.verdict is Verdict.UNDETERMINED and undecided is None:
            undecided = judgement
    if undecided is not None:
        return Verdicts(Status.NEEDS_REVIEW, undecided.how, False)
    assert first is not None
    return Verdicts(Status.INCORRECT, first.how, False)


def _broken_step(chain: Chain, budget: float) -> str | None:
    """The first step `a = b` of a chain that does not hold, if any."""
    from grader.math.equivalence import Verdict, same_expression

    links = list(chain.links)
    if len(links) < 3:
        return None
    if _lone(links[0]) is not None:
        links = links[1:]
    for left, right in itertools.pairwise(links):
        if same_expression(left, right, budget).verdict is Verdict.NOT_EQUIVALENT:
            return f"“{show(left)} = {show(right)}”"
    return None


def _symbol_hints(chain: Chain, targets: list[Chain]) -> list[str]:
    used = {name.text() for name in symbols(chain)}
    expected = {name.text() for name in symbols(targets[0])}
    anywhere = set().union(*({name.text() for name in symbols(target)} for target in targets))
    hints = []
    extra = sorted(used - anywhere)
    missing = sorted(expected - used)
    if extra:
        hints.append(f"Symbols that are not in the expected answer: {', '.join(extra)}.")
    if missing:
        hints.append(f"Symbols of the expected answer that yours lacks: {', '.join(missing)}.")
    return hints


def find_math(answer: str, targets: tuple[str, ...], notation: Notation, budget: float) -> str | None:
    """The piece of math in a prose answer equivalent to one of `targets` (expressions or equations), if any.

    Used as evidence for explanation concepts: `dC_t/dC_{t-1} = f_t` in a sentence counts for "the gradient
    along the cell state is scaled by the forget gate"."""
    from grader.math.equivalence import Verdict

    try:
        context, resolved = _setup_cached(notation.model_dump_json(), targets, ())
    except NotationError:
        return None
    statements, _ = _read(answer, context)
    for statement in statements:
        for target in resolved:
            equation = target.is_equation
            if equation != statement.chain.is_equation:
                continue
            chain = _graded(statement.chain, target, equation)
            if _judge(target, chain, equation, budget).verdict is Verdict.EQUIVALENT:
                return statement.source
    return None
