"""Equations about another symbol than the one asked, and answers that are a known mistake in other names
or with a factor out of place: what a rubric's aliases or names make uncertain goes to a grader, never to a
confident verdict; a factor out of place earns what leaving it out earns."""

from __future__ import annotations

import dataclasses

from grader.checks.base import PartContext
from grader.checks.conventions import reversed_chain
from grader.checks.mathdiagnosis import (
    Convention,
    by_convention,
    declared_letters,
    judged_equal,
    kind_of,
    near_miss,
    substituted_chain,
    walk,
    written_untimed,
)
from grader.checks.mathreading import Statement
from grader.errors import GraderError
from grader.math.context import Context
from grader.math.nodes import Chain, Name, Num, Sym, ValueKind, Var, symbols
from grader.math.parser import parse_one
from grader.math.resolve import resolve
from grader.models.common import Notation
from grader.models.outcome import Outcome
from grader.models.report import Note, Status


def near_a_mistake(
    judged: Outcome,
    feedback: list[str],
    chosen: Statement,
    part: PartContext,
    context: Context,
    equation: bool,
    *,
    rows: bool = False,
) -> Outcome:
    """A known mistake the answer equals once its biases are left out or its weights named (`tanh(W x_t + U
    h_{t-1} + b)` for the mistake `tanh(W_h x_t + U_h h_{t-1} + b_h)`), or, where the expected answers accept
    row vectors (`rows`), once its products are read the other way (`x_t W_z + h_t U_z` for the mistake `W_z x_t
    + U_z h_t`): that mistake when it earns nothing, for the names cannot earn more; a grader's call when it
    earns points, as a near miss of the expected answer is."""
    declared = declared_letters(context)
    flipped = reversed_chain(chosen.chain) if rows else chosen.chain
    untimed = written_untimed(chosen.source)

    def conventional(chain: Chain, wrong: Chain, *, untimed: bool) -> Convention | None:
        return by_convention(chain, [wrong], equation, part.budget, rhs_only=chosen.rhs_only,
                             notation=part.notation, untimed=untimed)  # fmt: skip

    for mistake in part.mistakes:
        try:
            wrong = resolve(parse_one(str(mistake.answer)), context)
            found = conventional(chosen.chain, wrong, untimed=untimed)
            as_rows = found is None and flipped != chosen.chain and not mistake.accepted
            if as_rows and (
                judged_equal(wrong, flipped, equation, part.budget, rhs_only=chosen.rhs_only)
                or conventional(flipped, wrong, untimed=False) is not None  # `x W_z + h U_z`: h is h_{t-1}, not h_t
            ):
                fraction = mistake.score / part.points
                said = f"Known mistake, written with row vectors (which is accepted): {mistake.feedback}"
                return dataclasses.replace(judged, status=Status.of(fraction), fraction=fraction,
                                           feedback=(*feedback, said), note=f"mistake:{mistake.note}")  # fmt: skip
            if found is not None and not mistake.accepted:
                fraction = mistake.score / part.points
                said = f"Known mistake, written {found.text()} (which is accepted): {mistake.feedback}"
                return dataclasses.replace(judged, status=Status.of(fraction), fraction=fraction,
                                           feedback=(*feedback, said), note=f"mistake:{mistake.note}")  # fmt: skip
            if mistake.alone:  # a true equation given instead of the answer: `h_t = tanh(c_t)` is no near miss of it
                continue
            how = near_miss(chosen.chain, [wrong], equation, part.budget, rhs_only=chosen.rhs_only, declared=declared)
        except GraderError:
            continue
        if not how:
            continue
        if mistake.score == 0 and not mistake.accepted:
            said = f"Known mistake ({how}): {mistake.feedback}"
            return dataclasses.replace(judged, feedback=(*feedback, said), note=f"mistake:{mistake.note}")
        said = (f"Your answer is a known mistake {how} ({mistake.feedback}): whether that difference is "
                "acceptable is the course's call, so a grader decides.")  # fmt: skip
        return dataclasses.replace(judged, status=Status.NEEDS_REVIEW, feedback=(*feedback, said), note=Note.NEAR_MISS)
    return judged


def about_another(chosen: Statement, target: Chain, equation: bool, context: Context) -> bool:
    """Whether the equation graded is for another symbol than the one asked only because the rubric's aliases
    read its left side so (`g_t = σ(…)` for the input gate: PyTorch's g is the candidate c̃_t, Goodfellow's the
    input gate): a letter another textbook uses for this very symbol."""
    if not equation or chosen.rhs_only or on_subject(chosen, target, equation):
        return False
    try:
        left = parse_one(chosen.source).links[0]
    except GraderError:
        return False
    if not isinstance(left, Sym) or left.word:
        return False
    return context.canonical(left.name) != left.name


def right_side_named_otherwise(
    chosen: Statement, targets: list[Chain], equation: bool, budget: float, notation: Notation | None = None
) -> bool:
    """Whether an equation for another symbol than the one asked has the expected right side (`c_t = tanh(W_c
    [h_{t-1}, x_t] + b_c)` asked for the candidate c̃_t), also in the conventions the rubric's `notation`
    accepts (`c = tanh(W[h,x] + b)`: no time index, the weight unnamed): the name slipped, or it is another
    quantity."""
    if not equation or chosen.rhs_only or not chosen.chain.is_equation or on_subject(chosen, targets[0], equation):
        return False
    if any(judged_equal(target, chosen.chain, equation, budget, rhs_only=True) for target in targets):
        return True
    if notation is None:
        return False
    sides = [Chain((target.links[-1],)) for target in targets]  # the right sides alone, as expressions
    found = by_convention(Chain((chosen.chain.links[-1],)), sides, False, budget, rhs_only=False, notation=notation,
                          untimed=written_untimed(chosen.source))  # fmt: skip
    return found is not None


RIGHT_SIDE_ONLY = (
    "Your right side is the expected one, but your left side names another symbol than the one asked: a slip "
    "in the name, or another quantity? A grader decides."
)
OTHER_SUBJECT = (
    "Your equation's left side reads as another symbol of the question than the one asked, by the rubric's "
    "notation; another textbook may use that letter for this symbol, so a grader decides."
)


def on_subject(chosen: Statement, target: Chain, equation: bool) -> bool:
    """Whether the graded statement is about what the question asks (an equation for its left-hand side)."""
    if not equation or chosen.rhs_only:
        return True
    return target.links[0] in (chosen.chain.links[0], chosen.chain.links[-1])


def misplaced_factor(
    judged: Outcome, feedback: list[str], chosen: Statement, part: PartContext, context: Context, equation: bool,
    targets: list[Chain],
) -> Outcome:  # fmt: skip
    """A mistake the rubric gives points for that leaves one factor of the expected answer out (`reset-missing`:
    `tanh(W_h x_t + U_h h_{t-1} + b_h)`), which the answer equals once one factor of its own is taken out: the
    factor in the wrong place (`r_t ⊙ tanh(W_h x_t + U_h h_{t-1} + b_h)`) or another one in its place
    (`U_h (z_t ⊙ h_{t-1})`). It earns what leaving the factor out earns, no more: the right factor is still
    missing from where it acts."""
    one = Num("1")
    have = symbols(chosen.chain)
    for mistake in part.mistakes:
        if mistake.accepted or not 0 < mistake.score < part.points:
            continue
        try:
            wrong = resolve(parse_one(str(mistake.answer)), context)
        except GraderError:
            continue
        left_out = [
            name
            for target in targets
            for name in sorted(symbols(target) - symbols(wrong), key=Name.text)
            if _once(target, name)
            and judged_equal(wrong, substituted_chain(target, {name: one}), equation, part.budget)
        ]
        if not left_out:
            continue
        forms = [wrong] + [  # the mistake in every accepted form (`W_h [h_{t-1}, x_t]` for `W_h x_t + U_h h_{t-1}`)
            substituted_chain(target, {name: one}) for target in targets for name in left_out if _once(target, name)
        ]
        for name in sorted(have - symbols(wrong), key=Name.text):
            if name.base == "b" or kind_of(chosen.chain, name) is ValueKind.MATRIX or not _once(chosen.chain, name):
                continue
            without = substituted_chain(chosen.chain, {name: one})
            if any(judged_equal(form, without, equation, part.budget, rhs_only=chosen.rhs_only) for form in forms) or (
                by_convention(
                    without,
                    forms,
                    equation,
                    part.budget,
                    rhs_only=chosen.rhs_only,
                    notation=part.notation,
                    untimed=written_untimed(chosen.source),
                )
            ):
                fraction = mistake.score / part.points
                where = "in the wrong place" if name in left_out else f"where {left_out[0].text()} belongs"
                said = (f"Without {name.text()} your answer is a known mistake: {mistake.feedback} Your "
                        f"{name.text()} is {where}, so it earns no more than leaving it out.")  # fmt: skip
                return dataclasses.replace(judged, status=Status.of(fraction), fraction=fraction,
                                           feedback=(*feedback, said), note=f"mistake:{mistake.note}")  # fmt: skip
    return judged


def _once(chain: Chain, name: Name) -> bool:
    """Whether the symbol occurs once in the chain: a factor that can be in one place or another."""
    return sum(isinstance(node, Var) and node.name == name for node in walk(chain)) == 1
