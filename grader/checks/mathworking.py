"""An answer's working, read as a derivation: its own definitions put into the statement graded, chains that
reach the expected answer at an earlier link (then rewrite it, or spoil it), steps that are the question's
quantity at another time, identities of working beside the answer, and statements about other symbols that make
a known mistake."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grader.checks.mathdiagnosis import (
    broken_step,
    graded_part,
    judge,
    judged_equal,
    substituted,
    untimed,
    written_untimed,
)
from grader.checks.mathnames import on_subject
from grader.checks.mathreading import Statement, defines_own
from grader.math.nodes import Chain, Name, Node, Var, symbols
from grader.math.printer import show
from grader.models.report import Status
from grader.models.rubric import Mistake

if TYPE_CHECKING:
    from grader.math.equivalence import Judgement


@dataclass(frozen=True)
class Verdicts:
    """The verdict of one reading against the expected answers."""

    status: Status
    how: str
    alternative: bool


def judge_all(chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool = False) -> Verdicts:
    from grader.math.equivalence import Verdict

    undecided: Judgement | None = None
    first: Judgement | None = None
    for index, target in enumerate(targets):
        judgement = judge(target, chain, equation, budget, rhs_only=rhs_only)
        first = first or judgement
        if judgement.verdict is Verdict.EQUIVALENT:
            return Verdicts(Status.CORRECT, judgement.how, index > 0)
        if judgement.verdict is Verdict.UNDETERMINED and undecided is None:
            undecided = judgement
    if undecided is not None:
        return Verdicts(Status.NEEDS_REVIEW, undecided.how, False)
    assert first is not None
    return Verdicts(Status.INCORRECT, first.how, False)


def with_definitions(
    chosen: Statement, statements: list[Statement], targets: list[Chain], equation: bool
) -> tuple[Statement, str, str]:
    """The graded statement with the answer's own definitions put in (`S = QKᵀ/√d_k`, `A = softmax(S)`,
    `Attention = A V`): symbols the question does not use, each defined by an earlier `name = ...`, or renamed
    by a later one in prose (`… / √d) V where d = d_k`) or defined after it (`s(1 - s), s = σ(x)`), and the
    question's own quantity at another time defined before or after it (`c_{t-1} = f_{t-1} ⊙ c_{t-2} + …` for
    an answer in c_{t-1}). Returns the statement, the names put in ("" when none), and those of them that are
    such steps left in the graded result (the answer did not put its steps together; "" when none)."""
    known = target_symbols(targets)
    defined: dict[Name, Node] = {}
    at = statements.index(chosen) if chosen in statements else 0
    renamings = [s for s in statements[at + 1 :] if s.prose and all(isinstance(link, Var) for link in s.chain.links)]
    later = [
        s
        for s in statements[at + 1 :]
        if s not in renamings and (defines_own(s, targets[0], statements) or _defines_step(s, known))
    ]
    for statement in [*statements[:at], *renamings, *later]:
        for chain, _ in statement.readings:  # `c_t-1 = f_t-1*c_t-2 + …`: the reading with a time index defines
            links = chain.links
            if len(links) == 2 and isinstance(links[0], Var) and links[0].name not in known:
                defined[links[0].name] = links[1]
                break
    used = {name for name in defined for chain, _ in chosen.readings if name in symbols(chain)}
    if not used:
        return chosen, "", ""
    graded = {name for chain, _ in chosen.readings for name in symbols(graded_part(chain, targets[0], equation))}
    steps = sorted(name.text() for name in used & graded if _step_of(name, known))

    def put_in(chain: Chain) -> Chain:
        links = list(chain.links)
        start = 1 if chain.is_equation else 0  # the left-hand side is what is defined, not a use
        for _ in range(len(defined)):  # a definition may use an earlier one: one level a round
            links[start:] = [substituted(link, defined) for link in links[start:]]
        return Chain(tuple(links))

    readings = tuple((put_in(chain), assumption) for chain, assumption in chosen.readings)
    names = ", ".join(sorted(name.text() for name in used))
    return dataclasses.replace(chosen, readings=readings), names, ", ".join(steps)


def companion_stated(
    companions: dict[int, tuple[Mistake, Chain]], statements: list[Statement], chosen: Statement, budget: float
) -> tuple[Mistake, str] | None:
    """The lowest-scored known mistake about another symbol that a statement of the answer other than the graded
    one makes, with that statement's text; None when there is none."""
    stated = [
        (mistake, statement.source)
        for mistake, wrong in companions.values()
        for statement in statements
        if statement is not chosen
        and statement.source != chosen.source
        and any(
            said.links[0] == form.links[0] and judged_equal(form, said, True, budget)
            for reading, _ in statement.readings
            for form, said in (  # `h = o*c`, written without time indices, read with some: all of them left out
                [(wrong, reading), (untimed(wrong), untimed(reading))]
                if written_untimed(statement.source)
                else [(wrong, reading)]
            )
        )
    ]
    return min(stated, key=lambda found: found[0].score) if stated else None


def past_working(
    chosen: Statement, statements: list[Statement], targets: list[Chain], budget: float
) -> Statement | None:
    """For an expression asked for, when the statement picked is an identity of working (`e^{-x}/(1+e^{-x}) =
    1 − σ(x)`: its sides are equal, and it is not the answer), the last other statement that is right, else the
    last other one that is no such identity (`σ' = 1 − σ²`, the student's answer); None when it is no identity."""
    if not _identity(chosen, budget):
        return None
    if judge_all(chosen.chain, targets, False, budget, rhs_only=chosen.rhs_only).status is Status.CORRECT:
        return None
    others = [other for other in statements if other is not chosen]
    right = [
        o for o in others if judge_all(o.chain, targets, False, budget, rhs_only=o.rhs_only).status is Status.CORRECT
    ]
    claims = [other for other in others if not _identity(other, budget)]
    picked = right or claims
    return picked[-1] if picked else None


def _identity(statement: Statement, budget: float) -> bool:
    """Whether a statement's first and last links are equal (`1 − σ(x) = e^{-x}/(1+e^{-x})`): working that holds."""
    links = statement.chain.links
    return len(links) >= 2 and judged_equal(Chain((links[0],)), Chain((links[-1],)), False, budget)


def right_as_written(chosen: Statement, targets: list[Chain], equation: bool, budget: float) -> bool:
    """Whether a statement is right before the answer's other statements are put into it."""
    return any(
        judge_all(reading, targets, equation, budget, rhs_only=chosen.rhs_only).status is Status.CORRECT
        for reading, _ in chosen.readings
    )


def _step_of(name: Name, known: set[Name]) -> bool:
    """Whether a symbol is the question's own quantity at another time (`c_{t-1}`, `δc_{t-1}` where the expected
    answers hold c_t and c_{t-2}): a step of the derivation, not a name of the student's own (`d` for d_k)."""
    time = _TIME.fullmatch(name.sub or "")
    return (
        time is not None
        and name not in known
        and any(
            (other.base, other.decor, other.prefix) == (name.base, name.decor, name.prefix)
            and (other_time := _TIME.fullmatch(other.sub or "")) is not None
            and other_time.group(1) == time.group(1)
            for other in known
        )
    )


_TIME = re.compile(r"([a-z])(?:[+-]\d+)?")  # a time index: `t`, `t-1`, `t+2`


def target_symbols(targets: list[Chain]) -> set[Name]:
    """Every symbol the expected answers write."""
    return set().union(*(symbols(target) for target in targets))


def step_stated(chosen: Statement, targets: list[Chain], equation: bool) -> str | None:
    """The symbol of a graded equation that is the asked quantity at another time (`δc_{t-1} = …` where the
    question asks for δc_{t-2}), when no statement is about the asked one; None otherwise."""
    if not equation or on_subject(chosen, targets[0], equation):
        return None
    lhs = chosen.chain.links[0]
    asked = targets[0].links[0]
    if not (isinstance(lhs, Var) and isinstance(asked, Var)) or lhs.name.stem != asked.name.stem:
        return None
    known = target_symbols(targets)
    return lhs.name.text() if lhs.name not in known and _step_of(lhs.name, known) else None


def _defines_step(statement: Statement, known: set[Name]) -> bool:
    """Whether a statement, in one of its readings, defines the question's own quantity at another time
    (`c_{t-1} = …`, `c_t-1 = …`)."""
    return any(
        len(chain.links) == 2 and isinstance(chain.links[0], Var) and _step_of(chain.links[0].name, known)
        for chain, _ in statement.readings
    )


def earlier_link(chosen: Statement, targets: list[Chain], equation: bool, budget: float) -> str | None:
    """`f_t = σ(W_f [h_{t-1}, x_t] + b_f) = σ(W_fh h_{t-1} + W_fx x_t + b_f)`: a chain whose earlier link is the
    expected answer and whose later steps only rewrite it in symbols the rubric does not use (a substitution
    that cannot be checked) is credited for that link. Says which link, or None."""
    links = chosen.chain.links
    if chosen.rhs_only or len(links) < (3 if equation else 2):
        return None
    for k in range(len(links) - 2, 0 if equation else -1, -1):
        if not all(symbols(Chain((links[j + 1],))) - symbols(Chain((links[j],))) for j in range(k, len(links) - 1)):
            continue
        link = _link(chosen.chain, k, equation)
        if judge_all(link, targets, equation, budget).status is Status.CORRECT:
            return (
                f"Graded “{show(link)}”: it matches the expected answer; your next step rewrites it in symbols the "
                "expected answer does not use, which is not checked."
            )
    return None


def _link(chain: Chain, k: int, equation: bool) -> Chain:
    """Link `k` of a chain as an answer: with the chain's subject for an equation (`f_t = …`), alone otherwise."""
    return Chain((chain.links[0], chain.links[k])) if equation else Chain((chain.links[k],))


def reached_then_broken(chosen: Statement, targets: list[Chain], equation: bool, budget: float) -> str | None:
    """`c_t = f_t c_{t-1} + … = f_t (f_{t-1} c_{t-2} + i_{t-1} c̃_{t-1}) + i_t c̃_t = … + f_t i_{t-1} c̃_t + …`: a
    chain that reaches the expected answer, then takes a step that does not hold and ends wrong. The answer was
    written, then spoilt: neither confidently right nor wrong, a grader weighs the slip. Says so, or None."""
    links = chosen.chain.links
    if chosen.rhs_only or len(links) < (3 if equation else 2):
        return None
    for k in range(1 if equation else 0, len(links) - 1):
        link = _link(chosen.chain, k, equation)
        if judge_all(link, targets, equation, budget).status is not Status.CORRECT:
            continue
        broken = broken_step(Chain((links[0], *links[k:])) if equation else Chain(links[k:]), budget)
        if broken is None:
            return None
        return (f"Your chain reaches the expected answer at “{show(link)}”, then the step {broken} does not "
                "hold and the chain ends on another result; a grader weighs the slip.")  # fmt: skip
    return None


def equated_to_another(chosen: Statement, targets: list[Chain]) -> str | None:
    """`o_t = σ(W_o [h_{t-1}, x_t] + b_o) = h_t`: a chain that ends by equating the expected answer with another
    quantity of the question (h_t where the question writes h_{t-1}) says something checkable, and wrong or
    loose; it is no substitution to leave unchecked. Says which, or None."""
    links = chosen.chain.links
    last = links[-1]
    if chosen.rhs_only or len(links) < 3 or not isinstance(last, Var):
        return None
    known = target_symbols(targets)
    if last.name in known or _step_of(last.name, known):
        return show(last)
    return None
