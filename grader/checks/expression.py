"""Derived expressions and equations, compared by mathematical equivalence in any notation."""

from __future__ import annotations

import collections
import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grader.checks.base import HEDGE_REMARK, PartContext, apply_mistakes
from grader.checks.conventions import (
    equal_renamed,
    keeps_gate,
    names_by_example,
    near_miss_under_conventions,
    one_gate_named,
    renamed_weights,
    reversed_chain,
    rows_accepted,
    subscripted_weights,
    under_conventions,
)
from grader.checks.mathdiagnosis import (
    ONE_CLASS,
    broken_step,
    by_convention,
    channels_left_out,
    declared_letters,
    graded_part,
    judge,
    judged_equal,
    lone,
    near_miss,
    one_case,
    renamed_index,
    substituted,
    symbol_hints,
    time_index,
    without_index,
    written_untimed,
)
from grader.checks.mathnames import (
    OTHER_SUBJECT,
    RIGHT_SIDE_ONLY,
    about_another,
    misplaced_factor,
    near_a_mistake,
    on_subject,
    right_side_named_otherwise,
)
from grader.checks.mathreading import (
    LABELLED_READING,
    UNIT_READING,
    Statement,
    choose_statement,
    clip,
    defines_own,
    own_definition,
    read_statements,
    read_unlabelled,
    relayout,
    says_nothing,
    shape,
)
from grader.checks.mathsetup import MathCheck, companion_mistakes, declared_context, math_setup, mistake_texts
from grader.checks.sigmoidletter import ASSUMED as SIGMOID_ASSUMED
from grader.checks.sigmoidletter import read_as_sigmoid
from grader.checks.turned import in_turned_conventions
from grader.errors import NotationError
from grader.extract import HEDGE_MARK, math_stretches, shapes_legend, worded_math
from grader.math.latex import latex
from grader.math.nodes import Chain, Name, Node, Var, symbols
from grader.math.parser import parse_one
from grader.math.printer import show
from grader.math.resolve import resolve
from grader.math.textbooks import ng_note, textbook_aliases
from grader.models.checks import EquationCheck, ExpressionCheck
from grader.models.outcome import Outcome
from grader.models.report import BIAS_FREE, UNTIMED, WEIGHT_NAMES, Note, Status
from grader.models.rubric import Mistake

if TYPE_CHECKING:
    from grader.math.context import Context
    from grader.math.equivalence import Judgement


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
        context, targets = math_setup(check, part.notation, mistake_texts(part.mistakes))
        read_in = textbook_aliases(answer, context.implied)
        textbook = bool(read_in)
        if textbook:  # `Γu = σ(Wu [c<t-1>, x<t>] + bu)`, `u_t = σ(…)` for z_t = …
            context = context.implied_read(read_in)
        statements, errors = read_statements(answer, context, shape=shape(targets[0]))
        expected = check.expected
        renamed = None if statements else read_as_sigmoid(answer, expected, errors)
        if renamed is not None:  # `s(x)(1 - s(x))`: s for σ, said so
            read, _ = read_statements(renamed, context, shape=shape(targets[0]))
            statements = [_assuming(statement, SIGMOID_ASSUMED) for statement in read]
        if not statements:
            reason = errors[0] if errors else "no math found in your answer"
            return Outcome(
                Status.NEEDS_REVIEW,
                0.0,
                (f"Could not read your answer as math: {reason}.",),
                None,
                expected,
                Note.UNREADABLE,
            )
        equation = isinstance(check, EquationCheck)
        chosen, remark = choose_statement(statements, targets[0], equation=equation, alternatives=targets[1:])
        if chosen is None:
            return Outcome(Status.INCORRECT, 0.0, (remark,), show(statements[-1].chain), expected, Note.NO_EQUATION)
        trailing = not equation and len(statements) > 1 and chosen is statements[-1]  # working after the answer?
        answered = _past_working(chosen, statements, targets, part.budget) if trailing else None
        if answered is not None:  # `σ' = σ(1 − σ). … notice that e^{-x}/(1+e^{-x}) = 1 − σ(x).`: the answer, then
            remark = (f"Graded “{clip(answered.source)}”; “{clip(chosen.source)}” after it is a step of working "
                      "that holds.")  # fmt: skip
            chosen = answered
        as_written = chosen
        chosen, defined, steps = _with_definitions(chosen, statements, targets, isinstance(check, EquationCheck))
        if defined:
            remark = (remark + f" Used your own definitions of {defined}.").strip()
        results = [
            (_judge_all(reading, targets, equation, part.budget, rhs_only=chosen.rhs_only), reading, assumption)
            for reading, assumption in chosen.readings
        ]
        results, joined = _prefer_time_indices(results, targets)
        if joined:  # the reading shown and graded from here on is the one preferred
            chosen = dataclasses.replace(chosen, readings=tuple((reading, assumed) for _, reading, assumed in results))
        graded = graded_part(chosen.chain, targets[0], equation, rhs_only=chosen.rhs_only)
        shown = show(graded)
        only = chosen.readings[0][1] if len(chosen.readings) == 1 else None  # the other reading named nothing known
        assumed = joined or (_assumption(only) if only else None)
        feedback = [f"Read as: {shown}."] + ([remark] if remark else []) + ([assumed] if assumed else [])
        feedback += [note] if textbook and (note := _textbook_note(chosen.source, context)) else []

        companions = {  # known mistakes about another symbol, by identity: statements beside the answer
            id(part.mistakes[index]): (part.mistakes[index], wrong)
            for index, wrong in companion_mistakes(check, part.notation, mistake_texts(part.mistakes))
        } if equation else {}  # fmt: skip

        def outcome(status: Status, fraction: float, note: str) -> Outcome:
            stated = (
                _companion_stated(companions, statements, chosen, part.budget) if status is Status.CORRECT else None
            )
            if stated is not None:  # `o_t = σ(…)`, right, beside `h_t = o_t ⊙ c_t`, a known mistake of its own
                mistake, source = stated
                fraction = min(fraction, mistake.score / part.points)
                feedback.append(f"Your answer also states “{clip(source)}”: {mistake.feedback}")
                status, note = Status.of(fraction), f"mistake:{mistake.note}"
            if status in (Status.CORRECT, Status.PARTIAL) and _hedged(answer, chosen.source):
                feedback.append(HEDGE_REMARK)  # `c_t = i_t ⊙ g_t ?`: unsure, graded as written
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
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.AMBIGUOUS_READING)
        verdicts = results[0][0]
        incorrect = verdicts.status is Status.INCORRECT
        link = _earlier_link(chosen, targets, equation, part.budget) if incorrect else None
        equated = _equated_to_another(chosen, targets) if link else None
        if equated is not None:
            feedback.append(f"Your chain matches the expected answer before its last step, then sets it equal to "
                            f"{equated}, another quantity of the question; a grader decides.")  # fmt: skip
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.BROKEN_STEP)
        reached = _reached_then_broken(chosen, targets, equation, part.budget) if incorrect and not link else None
        if reached is not None:
            feedback.append(reached)
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.SLIPPED)
        earlier = (  # right once an earlier line or the entry index is read in: a right answer beside the others
            link or renamed_index(chosen.chain, targets, equation, part.budget, rhs_only=chosen.rhs_only)
            if incorrect
            else ""
        )
        status = Status.CORRECT if earlier else verdicts.status
        doubt = _doubt(chosen, statements, status, targets, equation, part.budget, answer)
        if not doubt and status is Status.INCORRECT and chosen.readings[0][1] == LABELLED_READING:
            # `so dL/dz = p - y`, then `Answer: dL/dz = softmax(z) - 1`: the working reached the answer the label
            # does not give; which one the student meant is a grader's call
            working = read_unlabelled(answer, context, shape=shape(targets[0]))
            doubt = _doubt(chosen, working, status, targets, equation, part.budget, answer)
        if doubt:
            feedback.append(doubt)
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.SEVERAL_STATEMENTS)
        pointer = _pointed_to(answer, chosen) if status is Status.INCORRECT else None
        if pointer is not None:  # `r_t: same as z_t, own weights`: a formula by analogy, not r_t = z_t
            feedback.append(f"Your answer points to another formula (“{pointer}”) instead of writing this one out; "
                            "a grader will read it.")  # fmt: skip
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.PARTLY_UNREADABLE)
        if verdicts.status is Status.INCORRECT and (check.free or check.row_vectors):
            convention = under_conventions(chosen, targets, check, equation=equation, budget=part.budget)
            if convention is not None and not convention.tried_all:
                feedback.append("Not equivalent as written, and it has too many free symbols to try every renaming "
                                "the rubric allows; a grader will decide.")  # fmt: skip
                return outcome(Status.NEEDS_REVIEW, 0.0, Note.UNDETERMINED)
            # `f_t = σ(W_i [h_{t-1}, x_t] + b_i)`: the input gate's weights, not another name for the forget gate's
            if convention is not None and not keeps_gate(chosen.chain, targets, chosen.source, context.aliases):
                feedback.append(f"Your answer is the expected one with another gate's weights ({convention.how}): "
                                "a slip of names or the wrong gate, a grader decides.")  # fmt: skip
                return outcome(Status.NEEDS_REVIEW, 0.0, Note.NEAR_MISS)
            if convention is not None:
                which = "an accepted alternative" if convention.target > 0 else "the expected answer"
                feedback.append(f"Equivalent to {which} under the rubric's conventions: {convention.how}.")
                return outcome(Status.CORRECT, 1.0, Note.EQUIVALENT)
        if verdicts.status is Status.CORRECT:
            which = "an accepted alternative" if verdicts.alternative else "the expected answer"
            feedback.append(f"Equivalent to {which} ({verdicts.how}).")
            broken = None if chosen.rhs_only else broken_step(chosen.chain, part.budget)
            if broken:
                feedback.append(f"Your final result matches, but the step {broken} does not hold.")
                return outcome(Status.NEEDS_REVIEW, 0.0, Note.BROKEN_STEP)
            if steps and not _right_as_written(as_written, targets, equation, part.budget):
                # `c_t = f_t ⊙ c_{t-1} + …` and `c_{t-1} = …`: right together, never put together
                feedback[-1] = (f"Your equations give the expected answer once your equation for {steps} is put "
                                f"in, but your result still holds {steps}: the steps are right, the relation asked "
                                "for is not written out")  # fmt: skip
                if check.uncombined is None:
                    feedback[-1] += "; a grader decides what that earns."
                    return outcome(Status.NEEDS_REVIEW, 0.0, Note.UNCOMBINED)
                fraction = check.uncombined / part.points
                feedback[-1] += f" ({check.uncombined:g} of {part.points:g} points)."
                return outcome(Status.of(fraction), fraction, Note.UNCOMBINED)
            return outcome(Status.CORRECT, 1.0, Note.EQUIVALENT)
        if verdicts.status is Status.NEEDS_REVIEW:
            feedback.append(f"Could not decide automatically: {verdicts.how}.")
            feedback += symbol_hints(chosen.chain, targets, rhs_only=chosen.rhs_only)
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.UNDETERMINED)
        if earlier:
            feedback.append(earlier if earlier.endswith(".") else f"Equivalent to an expected answer {earlier}.")
            return outcome(Status.CORRECT, 1.0, Note.EQUIVALENT)
        feedback.append(f"Not equivalent to the expected {expected} ({verdicts.how}).")
        verdict_given = len(feedback)
        feedback += symbol_hints(chosen.chain, targets, rhs_only=chosen.rhs_only)
        doubtful = (  # a statement in prose, about another subject, a sliver of the answer, or a definition of its own
            chosen.prose
            or not on_subject(chosen, targets[0], equation)
            or _covers(chosen, answer) < 0.5
            or (not equation and own_definition(chosen, targets[0]) is not None)
        )
        unread = bool(errors) and doubtful and _unread_math(statements, answer)
        wrong = outcome(Status.INCORRECT, 0.0, Note.NOT_EQUIVALENT)

        @functools.cache
        def named_freely() -> bool:  # the rubric names its weights in several ways, the answer one gate's its own
            if check.free or not one_gate_named(chosen.chain):
                return False
            if not keeps_gate(chosen.chain, targets, chosen.source, context.aliases):
                return False  # `z_t = σ(W_r x_t + U_r h_{t-1} + b_r)`: the reset gate's weights
            return names_by_example(tuple(targets), equation, part.budget)

        def matches(mistake: Mistake) -> bool:  # a known mistake in another convention is still that mistake
            if id(mistake) in companions:
                return False  # about another symbol: no answer to the part, only a statement beside one
            wrong = resolve(parse_one(str(mistake.answer)), context)
            if judge(wrong, chosen.chain, equation, part.budget, rhs_only=chosen.rhs_only).equivalent:
                return True
            for turned in in_turned_conventions(wrong, tuple(targets), equation, part.budget):
                if judge(turned, chosen.chain, equation, part.budget, rhs_only=chosen.rhs_only).equivalent:
                    return True  # `z_t ⊙ h_{t−1} + h̃_t`: the mistake in the gate's other convention
            if named_freely() and equal_renamed(chosen.chain, wrong, equation=equation, budget=part.budget,
                                              rhs_only=chosen.rhs_only):  # fmt: skip
                return True  # so may a known mistake
            found = (check.free or check.row_vectors) and under_conventions(
                dataclasses.replace(chosen, readings=((chosen.chain, None),)), [wrong], check, equation=equation,
                budget=part.budget)  # fmt: skip
            return bool(found and found.tried_all)

        judged = apply_mistakes(wrong, part, matches)
        rows = check.row_vectors or rows_accepted(targets)  # `x_t W_z`: products the rubric writes both ways
        accepted, credited = _by_convention(chosen, targets, judged, part, equation, rows=rows)
        renamed = None  # the answer under the rubric's names for its weights, once worked out
        if not accepted and judged.note == Note.NOT_EQUIVALENT and subscripted_weights(chosen.chain) and named_freely():
            renamed = renamed_weights(chosen, targets, equation=equation, budget=part.budget)
            if renamed:  # `W_{xh} x_t + W_{hh} (r_t ⊙ h_{t-1})` where the rubric lists `U_h x_t + W_h (…)` too
                accepted, credited = f"Equivalent to an expected answer {renamed}: {_NAMED_BY_EXAMPLE}", WEIGHT_NAMES
        if accepted:  # an accepted convention stands, as a right answer does, beside prose not read
            del feedback[verdict_given - 1 :]
            feedback.append(accepted)
            return outcome(Status.CORRECT, 1.0, credited)
        known = (  # a known mistake stated about the subject, not as a supposition (`if …, you would get …`)
            judged.note.startswith("mistake:")
            and on_subject(chosen, targets[0], equation)
            and not (chosen.prose and _SUPPOSED.search(_line_of(answer, chosen.source)))
        )
        if unread and judged.status is not Status.CORRECT and not known:  # a known mistake, stated, is read
            feedback.append(f"Part of your answer could not be read ({errors[0]}); a grader will read it.")
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.PARTLY_UNREADABLE)
        unchanneled = channels_left_out(chosen.chain, targets) if judged.note == Note.NOT_EQUIVALENT else ""
        if unchanneled and part.channels:  # `13x13` for (13, 13, 32): the spatial size right, the shape not whole
            feedback[verdict_given:] = [
                f"Your shape is the expected one {unchanneled}: {part.channels:.0%} of the points (a whole shape "
                "names every axis)."
            ]
            return outcome(Status.of(part.channels), part.channels, "mistake:channels-left-out")
        near = near_miss(chosen.chain, targets, equation, part.budget, rhs_only=chosen.rhs_only,
                         declared=declared_letters(context))  # fmt: skip
        for other, assumption in chosen.readings[1:] if not near else ():  # `r_t*U*h_t-1`, read the other way
            near = near_miss(other, targets, equation, part.budget, rhs_only=chosen.rhs_only,
                             declared=declared_letters(context))  # fmt: skip
            if near:
                near = f"{near} (with {assumption}: {show(other)})"
                break
        if not near and judged.note == Note.NOT_EQUIVALENT and (check.free or check.row_vectors):
            near = near_miss_under_conventions(chosen, targets, check, equation=equation, budget=part.budget)
        if not near and judged.note == Note.NOT_EQUIVALENT and not check.free:
            near = renamed if renamed is not None else renamed_weights(chosen, targets, equation=equation,
                                                                          budget=part.budget)  # fmt: skip
        if not near and judged.note == Note.NOT_EQUIVALENT:  # `∂L/∂z_c = p_c − 1`: p − y for the true class
            near = one_case(chosen.chain, targets, equation, part.budget, rhs_only=chosen.rhs_only,
                            one_class=ONE_CLASS.search(answer) is not None)  # fmt: skip
        if judged.note == Note.NOT_EQUIVALENT and near:
            return dataclasses.replace(
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(
                    *feedback[:verdict_given],
                    f"Your answer is the expected one {near}: whether that is acceptable is the course's "
                    "call, so a grader decides.",
                ),
                note=Note.NEAR_MISS,
            )
        if judged.note == Note.NOT_EQUIVALENT:
            judged = near_a_mistake(judged, feedback[:verdict_given], chosen, part, context, equation, rows=rows)
        if judged.note == Note.NOT_EQUIVALENT:
            judged = misplaced_factor(judged, feedback[:verdict_given], chosen, part, context, equation, targets)
        if judged.note == Note.NOT_EQUIVALENT and about_another(chosen, targets[0], equation, context):
            return dataclasses.replace(  # `g_t = σ(…)` for the input gate: Goodfellow's g, or the candidate?
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(*judged.feedback, OTHER_SUBJECT),
                note=Note.OTHER_SUBJECT,
            )
        step = _step_stated(chosen, targets, equation) if judged.note == Note.NOT_EQUIVALENT else None
        if step is not None:  # `δc_{t-1} = f_t ⊙ δc_t. Same for t−2.`: a step of the way, not the relation
            asked = show(Chain((targets[0].links[0],)))
            said = (f"Your equation is for {step}, a step on the way to {asked}, which none of your equations "
                    "states; a grader decides what the step earns.")  # fmt: skip
            return dataclasses.replace(
                judged, status=Status.NEEDS_REVIEW, feedback=(*judged.feedback, said), note=Note.OTHER_SUBJECT
            )
        if judged.note == Note.NOT_EQUIVALENT and right_side_named_otherwise(chosen, targets, equation, part.budget):
            return dataclasses.replace(  # `c_t = tanh(W_c [h_{t-1}, x_t] + b_c)` for the candidate c̃_t
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(*judged.feedback, RIGHT_SIDE_ONLY),
                note=Note.OTHER_SUBJECT,
            )
        if judged.status is Status.INCORRECT and chosen.readings[0][1] == UNIT_READING:
            return dataclasses.replace(  # a reading this far from the text proves a right answer, never a wrong one
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(*judged.feedback, _UNIT_DOUBT),
                note=Note.AMBIGUOUS_READING,
            )
        glued = _glued_weights(chosen, targets) if judged.status is Status.INCORRECT else ""
        if glued:
            return dataclasses.replace(  # `Wu`, `bc` read as W_u, b_c: an assumption proves a right answer only
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(*judged.feedback, _GLUED_DOUBT.format(glued)),
                note=Note.AMBIGUOUS_READING,
            )
        return judged

    def expected(self, check: MathCheck) -> str:
        """The expected expression or equation as the rubric writes it."""
        return check.expected

    def validate(self, check: MathCheck, part: PartContext) -> list[tuple[str, str]]:
        """Every expected answer, alternative and mistake must read as math in the part's notation; points for
        uncombined steps must be fewer than the part's."""
        try:
            context = declared_context(part.notation.model_dump_json())
        except NotationError as error:
            return [("check.notation" if check.notation else "notation", str(error))]
        if check.uncombined is not None and check.uncombined >= part.points:
            return [("check.uncombined", f"{check.uncombined:g} points must be fewer than the part's "
                     f"{part.points:g}: steps never put together are not the answer asked for")]  # fmt: skip
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


def _glued_weights(chosen: Statement, targets: list[Chain]) -> str:
    """The weights the answer typed with their subscripts glued on and read so, that the expected answers do not
    name (`Wu`, `bc` read as W_u, b_c where the question writes W_i, b_i; not `Wi`), as text; "" when none."""
    names = {name for chain, _ in chosen.readings for name in symbols(chain)}
    expected = {name for target in targets for name in symbols(target)}
    typed = {match.group() for match in _GLUED.finditer(chosen.source)}
    found = sorted(word for word in typed if (read := Name(word[0], sub=word[1:])) in names and read not in expected)
    return ", ".join(f"“{word}”" for word in found)


_GLUED = re.compile(r"(?<![A-Za-z\\_])[A-Zb][a-z]{1,3}(?![A-Za-z_{])")  # `Wu`, `bc`, `Uf`


_GLUED_DOUBT = (
    "{}: read as weights with their subscripts typed without `_`; as read the answer does not match, which may be "
    "the reading's fault: a grader will decide."
)
_UNIT_DOUBT = (
    "Your equation for one unit was read as a vector equation; as read it does not match, which may be the "
    "reading's fault: a grader will decide."
)


def _textbook_note(source: str, context: Context) -> str | None:
    """The feedback line saying a textbook's notation the rubric implies was read (Ng's `Γ_u` as z), if it was."""
    try:
        written = symbols(parse_one(source))
    except NotationError:
        return None
    return ng_note(written, context.implied)


def _assuming(statement: Statement, how: str) -> Statement:
    """The statement with every reading of it made under one assumption, `how` (named in the feedback)."""
    return dataclasses.replace(statement, readings=tuple((chain, how) for chain, _ in statement.readings))


def _assumption(how: str) -> str:
    """The feedback line for the one reading an answer was given: the parser's (`c_t-1` as c_{t-1}) where the
    text as written does not read, or how the answer as a whole was read (`read as Python code`)."""
    return f"Assumed: {how}." if how.startswith("read ") else f"Assumed: {how} (as written, it does not read)."


def _judge_all(
    chain: Chain, targets: list[Chain], equation: bool, budget: float, *, rhs_only: bool = False
) -> Verdicts:
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


def _prefer_time_indices(
    results: list[tuple[Verdicts, Chain, str | None]], targets: list[Chain]
) -> tuple[list[tuple[Verdicts, Chain, str | None]], str | None]:
    """`h_t-1` is h_t − 1 as written, or h_{t-1}. When the readings grade differently only by such subscripts and
    every symbol that joining makes (h_{t-1}) is one the rubric's answers use, the time index is what the student
    wrote: a gate of `h_t − 1` is no answer anyone means. Otherwise (a superscript that may be a power or an
    index, `√2x`) both readings stay, for a grader."""
    if len(results) != 2 or not results[1][2]:
        return results, None
    literal, joined = results
    known = _target_symbols(targets)
    times = collections.Counter(name.stem for name in known if time_index(name))
    timed = {stem for stem, count in times.items() if count > 1}  # written at several times: c_t and c_{t-2}
    made = symbols(joined[1]) - symbols(literal[1])
    assumed = joined[2] or ""
    loose = "time index" in assumed and not any(mark in assumed for mark in ("^", "√", ";", "∏", "∑"))
    if made and all(name in known or (time_index(name) and name.stem in timed) for name in made) and loose:
        return [joined], f"Assumed: {joined[2]}, as the question writes its symbols."
    return results, None


def _with_definitions(
    chosen: Statement, statements: list[Statement], targets: list[Chain], equation: bool
) -> tuple[Statement, str, str]:
    """The graded statement with the answer's own definitions put in (`S = QKᵀ/√d_k`, `A = softmax(S)`,
    `Attention = A V`): symbols the question does not use, each defined by an earlier `name = ...`, or renamed
    by a later one in prose (`… / √d) V where d = d_k`) or defined after it (`s(1 - s), s = σ(x)`), and the
    question's own quantity at another time defined before or after it (`c_{t-1} = f_{t-1} ⊙ c_{t-2} + …` for
    an answer in c_{t-1}). Returns the statement, the names put in ("" when none), and those of them that are
    such steps left in the graded result (the answer did not put its steps together; "" when none)."""
    known = _target_symbols(targets)
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


def _companion_stated(
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
            reading.links[0] == wrong.links[0] and judged_equal(wrong, reading, True, budget)
            for reading, _ in statement.readings
        )
    ]
    return min(stated, key=lambda found: found[0].score) if stated else None


def _past_working(
    chosen: Statement, statements: list[Statement], targets: list[Chain], budget: float
) -> Statement | None:
    """For an expression asked for, when the statement picked is an identity of working (`e^{-x}/(1+e^{-x}) =
    1 − σ(x)`: its sides are equal, and it is not the answer), the last other statement that is right, else the
    last other one that is no such identity (`σ' = 1 − σ²`, the student's answer); None when it is no identity."""
    if not _identity(chosen, budget):
        return None
    if _judge_all(chosen.chain, targets, False, budget, rhs_only=chosen.rhs_only).status is Status.CORRECT:
        return None
    others = [other for other in statements if other is not chosen]
    right = [
        o for o in others if _judge_all(o.chain, targets, False, budget, rhs_only=o.rhs_only).status is Status.CORRECT
    ]
    claims = [other for other in others if not _identity(other, budget)]
    picked = right or claims
    return picked[-1] if picked else None


def _identity(statement: Statement, budget: float) -> bool:
    """Whether a statement's first and last links are equal (`1 − σ(x) = e^{-x}/(1+e^{-x})`): working that holds."""
    links = statement.chain.links
    return len(links) >= 2 and judged_equal(Chain((links[0],)), Chain((links[-1],)), False, budget)


def _right_as_written(chosen: Statement, targets: list[Chain], equation: bool, budget: float) -> bool:
    """Whether a statement is right before the answer's other statements are put into it."""
    return any(
        _judge_all(reading, targets, equation, budget, rhs_only=chosen.rhs_only).status is Status.CORRECT
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


def _target_symbols(targets: list[Chain]) -> set[Name]:
    """Every symbol the expected answers write."""
    return set().union(*(symbols(target) for target in targets))


def _step_stated(chosen: Statement, targets: list[Chain], equation: bool) -> str | None:
    """The symbol of a graded equation that is the asked quantity at another time (`δc_{t-1} = …` where the
    question asks for δc_{t-2}), when no statement is about the asked one; None otherwise."""
    if not equation or on_subject(chosen, targets[0], equation):
        return None
    lhs = chosen.chain.links[0]
    asked = targets[0].links[0]
    if not (isinstance(lhs, Var) and isinstance(asked, Var)) or lhs.name.stem != asked.name.stem:
        return None
    known = _target_symbols(targets)
    return lhs.name.text() if lhs.name not in known and _step_of(lhs.name, known) else None


def _defines_step(statement: Statement, known: set[Name]) -> bool:
    """Whether a statement, in one of its readings, defines the question's own quantity at another time
    (`c_{t-1} = …`, `c_t-1 = …`)."""
    return any(
        len(chain.links) == 2 and isinstance(chain.links[0], Var) and _step_of(chain.links[0].name, known)
        for chain, _ in statement.readings
    )


def _covers(chosen: Statement, answer: str) -> float:
    """How much of the answer the graded statement is (without spaces): a wrong verdict on a sliver of a longer
    answer whose rest could not be read is not confident."""
    whole = len("".join(answer.split())) or 1
    return len("".join(chosen.source.split())) / whole


def _unread_math(statements: list[Statement], answer: str) -> bool:
    """Whether what was not read may change what was: words that go on in the sentence of a statement read
    (`softmax(z) - 1 at the target index`), or math left in the rest (a formula, or one spoken in words).
    `c_t = c_{t-2} + h_{t-2}. The cell just accumulates everything.` leaves a sentence of prose after it, and a
    verdict on its math is confident."""
    rest = answer
    for statement in statements:
        at = rest.find(statement.source)
        if at < 0:
            return True  # read from a rewritten text: what was left out cannot be told
        after = rest[at + len(statement.source) :]
        if re.match(r"[ \t]*[,;:]?[ \t]*[\w(]", after):
            return True  # the sentence goes on after the math
        rest = rest[:at] + " " + after
    return any((math_stretches(line) or worded_math(line)) and not shapes_legend(line) for line in rest.splitlines())


def _earlier_link(chosen: Statement, targets: list[Chain], equation: bool, budget: float) -> str | None:
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
        if _judge_all(link, targets, equation, budget).status is Status.CORRECT:
            return (
                f"Graded “{show(link)}”: it matches the expected answer; your next step rewrites it in symbols the "
                "expected answer does not use, which is not checked."
            )
    return None


def _link(chain: Chain, k: int, equation: bool) -> Chain:
    """Link `k` of a chain as an answer: with the chain's subject for an equation (`f_t = …`), alone otherwise."""
    return Chain((chain.links[0], chain.links[k])) if equation else Chain((chain.links[k],))


def _reached_then_broken(chosen: Statement, targets: list[Chain], equation: bool, budget: float) -> str | None:
    """`c_t = f_t c_{t-1} + … = f_t (f_{t-1} c_{t-2} + i_{t-1} c̃_{t-1}) + i_t c̃_t = … + f_t i_{t-1} c̃_t + …`: a
    chain that reaches the expected answer, then takes a step that does not hold and ends wrong. The answer was
    written, then spoilt: neither confidently right nor wrong, a grader weighs the slip. Says so, or None."""
    links = chosen.chain.links
    if chosen.rhs_only or len(links) < (3 if equation else 2):
        return None
    for k in range(1 if equation else 0, len(links) - 1):
        link = _link(chosen.chain, k, equation)
        if _judge_all(link, targets, equation, budget).status is not Status.CORRECT:
            continue
        broken = broken_step(Chain((links[0], *links[k:])) if equation else Chain(links[k:]), budget)
        if broken is None:
            return None
        return (f"Your chain reaches the expected answer at “{show(link)}”, then the step {broken} does not "
                "hold and the chain ends on another result; a grader weighs the slip.")  # fmt: skip
    return None


def _equated_to_another(chosen: Statement, targets: list[Chain]) -> str | None:
    """`o_t = σ(W_o [h_{t-1}, x_t] + b_o) = h_t`: a chain that ends by equating the expected answer with another
    quantity of the question (h_t where the question writes h_{t-1}) says something checkable, and wrong or
    loose; it is no substitution to leave unchecked. Says which, or None."""
    links = chosen.chain.links
    last = links[-1]
    if chosen.rhs_only or len(links) < 3 or not isinstance(last, Var):
        return None
    known = _target_symbols(targets)
    if last.name in known or _step_of(last.name, known):
        return show(last)
    return None


# A line that supposes or disowns what it states: a formula in it is no answer given (`if you dropped f_t you
# would get …, which is wrong`)
_SUPPOSED = re.compile(r"\b(?:if|would|wrong|incorrect|instead|mistake|suppose|otherwise)\b", re.IGNORECASE)


# Words that give a formula by pointing to another: `same as z_t`, `like the update gate`, `analogous to f_t`.
_ANALOGY = re.compile(
    r"\b(?:(?:the\s+)?same\s+(?:as|like)|similar\s+to|analog(?:ous(?:ly)?)?(?:\s+to)?|like|identical\s+to|as\s+for)"
    r"[\s$(]*$",
    re.IGNORECASE,
)


def _pointed_to(answer: str, chosen: Statement) -> str | None:
    """The words that give the graded formula by pointing to another symbol's (`same as z_t`), when the
    formula read is that symbol alone: the student means "of the same form", not that the two are equal."""
    if not isinstance(chosen.chain.links[-1], Var) or len(chosen.chain.links) > 2:
        return None
    at = answer.find(chosen.source)
    if at < 0:
        return None
    line = answer[:at].rsplit("\n", 1)[-1][-40:]
    said = _ANALOGY.search(line)
    return None if said is None else clip(f"{line[said.start() :]}{chosen.source}".replace("$", ""))


def _hedged(answer: str, source: str) -> bool:
    """Whether the statement graded is followed by a question mark in the answer, the mark `math_lines` ends a
    statement at: the student was unsure."""
    at = answer.find(source)
    return at >= 0 and HEDGE_MARK.match(answer, at + len(source)) is not None


def _line_of(answer: str, source: str) -> str:
    """The line of `answer` that holds `source` (the whole answer when no line does)."""
    return next((line for line in answer.splitlines() if source in line), answer)


# An answer that offers another answer after the first (`…, or maybe …`, `(or …)`), or one of two (`either … or`).
_OR_LATER = re.compile(r"\bor\s+(?:maybe|perhaps|possibly|rather)\b|\(\s*or\b", re.IGNORECASE)
# `σ(x)(1 − σ(x)). No, it's σ(x)`: what follows takes back the answer before it
_NO_ITS = re.compile(r"\bno\s*[,—–-]\s*(?:it'?s|it\s+is|the\s+answer\s+is)\s+(?!not\b)", re.IGNORECASE)


def _taken_back_by(other: Statement, answer: str) -> bool:
    """Whether a statement comes right after a `No, it's` that takes back what came before it."""
    return any(answer.startswith(other.source, match.end()) for match in _NO_ITS.finditer(answer))


_EITHER = re.compile(r"\beither\b[^.]*\bor\b", re.IGNORECASE)


def _doubt(
    chosen: Statement,
    statements: list[Statement],
    status: Status,
    targets: list[Chain],
    equation: bool,
    budget: float,
    answer: str,
) -> str | None:
    """Why a grader should decide between the statements of an answer, if it should: when the graded one is
    right, a later one about the same subject that is wrong (the answer takes it back), or another answer it
    offers, before or after, that is wrong (`…, or maybe …`, `(or …)`, `either … or …`); when it is wrong,
    another piece of the answer that is right (the graded one may be working or an aside)."""
    subject = chosen.chain.links[0] if chosen.chain.is_equation else None
    later = statements[statements.index(chosen) + 1 :] if chosen in statements else []
    either, or_later = _EITHER.search(answer) is not None, _OR_LATER.search(answer) is not None
    for other in statements:
        if other is chosen or status not in (Status.CORRECT, Status.INCORRECT) or says_nothing(other):
            continue  # `a<t> = c<t>`, both h_t as read: it takes nothing back
        if status is Status.CORRECT and relayout(chosen.source, other.source, answer):  # `… (or … channels-first)`
            continue
        same_subject = subject is not None and other.chain.is_equation and other.chain.links[0] == subject
        entry = status is Status.CORRECT and other in later and not same_subject and _entry_of(subject, other)
        same_subject = same_subject or entry  # `∂L/∂z = p − y`, then `maybe ∂L/∂z_i = (p_i − y_i) p_i (1 − p_i)`
        offered = (same_subject or not other.chain.is_equation) and (either or or_later)  # `X, or maybe Y`
        offered = offered or _taken_back_by(other, answer)
        if status is Status.CORRECT and not (same_subject and other in later) and not offered:
            continue  # a right answer beside earlier working stands
        rhs_only = other.rhs_only or (equation and not other.chain.is_equation)  # `(or σ(W x + b))`
        verdict = _judge_all(other.chain, targets, equation, budget, rhs_only=rhs_only).status
        if (
            status is Status.INCORRECT
            and verdict is Status.INCORRECT
            and renamed_index(other.chain, targets, equation, budget, rhs_only=rhs_only)
        ):  # `∂L/∂z_j = p_j − y_j`, the expected answer entry by entry
            verdict = Status.CORRECT
        if entry and verdict is Status.INCORRECT:  # the answer per entry, or in one case of it, says it again
            said_again = renamed_index(other.chain, targets, equation, budget, rhs_only=rhs_only) or one_case(
                other.chain, targets, equation, budget, rhs_only=rhs_only
            )
            verdict = Status.CORRECT if said_again else verdict
        if status is Status.CORRECT and verdict is Status.INCORRECT:
            return f"Your answer also gives “{clip(other.source)}”, which does not agree with it; a grader will decide."
        if status is Status.INCORRECT and verdict is Status.CORRECT:
            return (
                f"Another piece of your answer, “{clip(other.source)}”, matches the expected answer; a grader will "
                "decide which one is your answer."
            )
    return None


def _entry_of(subject: Node | None, other: Statement) -> bool:
    """Whether `other` is an equation for one entry of the subject (`∂L/∂z_i = …` for ∂L/∂z)."""
    mine, theirs = lone(subject) if subject is not None else None, lone(other.chain.links[0])
    return (
        mine is not None and theirs is not None and theirs.name != mine.name and without_index(theirs.name) == mine.name
    )


def _by_convention(
    chosen: Statement, targets: list[Chain], judged: Outcome, part: PartContext, equation: bool, *, rows: bool
) -> tuple[str, str]:
    """Why a wrong-looking answer is the expected one under the notation's conventions (weights named without
    their subscripts, biases left out, no time index written: `weight_names`, `biases` and `time_indices`
    `optional`, the defaults), also with its products read the other way where the rubric writes them for row
    vectors too (`rows`: `z = σ(x W_z + h U_z + b_z)`), as feedback, and the note it is credited under; ("", "")
    when it is not."""
    if judged.note != Note.NOT_EQUIVALENT:
        return "", ""
    untimed = written_untimed(chosen.source)
    readings = list(chosen.readings)
    for reading, assumption in chosen.readings if rows else ():
        flipped = reversed_chain(reading)
        if flipped != reading:
            readings.append((flipped, f"{assumption}, as row vectors" if assumption else "row vectors"))
    for reading, assumption in readings:
        found = by_convention(reading, targets, equation, part.budget, rhs_only=chosen.rhs_only,
                              notation=part.notation, untimed=untimed)  # fmt: skip
        if found is not None:
            read = f" (read with {assumption}: {show(reading)})" if assumption else ""
            kind = "time" if found.untimed else "names" if found.renamed else "biases"
            return f"Equivalent to an expected answer {found.text()}{read}: {_CONVENTIONS[kind]}", _NOTES[kind]
    return "", ""


_CONVENTIONS = {
    "biases": "an equation written without biases, as Cho et al. (2014) write the GRU, is accepted.",
    "names": "weights named without their subscripts in an equation of their own, as Cho et al. (2014) write "
    "the GRU's candidate, are accepted.",
    "time": "an equation of one step written without time indices, as lecture slides draw the cell, is accepted.",
}
_NOTES = {"biases": BIAS_FREE, "names": WEIGHT_NAMES, "time": UNTIMED}
_NAMED_BY_EXAMPLE = (
    "the rubric's own answers name these weights in more than one way, so their names are taken as a convention."
)
