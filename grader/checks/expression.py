"""Derived expressions and equations, compared by mathematical equivalence in any notation."""

from __future__ import annotations

import collections
import dataclasses
import functools
import re
from typing import TYPE_CHECKING

from grader.checks.base import HEDGE_REMARK, PartContext, apply_mistakes
from grader.checks.conventions import (
    equal_renamed,
    equal_renamed_unbiased,
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
from grader.checks.mathcases import without_special_cases
from grader.checks.mathdiagnosis import (
    ONE_CLASS,
    broken_step,
    by_convention,
    channels_left_out,
    declared_letters,
    graded_part,
    judge,
    near_miss,
    one_case,
    one_class_only,
    renamed_factor_left_out,
    renamed_index,
    renamed_variable,
    symbol_hints,
    time_index,
    written_untimed,
)
from grader.checks.mathdoubt import SUPPOSED, covers, doubt_between, hedged, line_of, pointed_to, unread_math
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
    own_definition,
    read_statements,
    read_unlabelled,
    shape,
)
from grader.checks.mathsetup import MathCheck, companion_mistakes, declared_context, math_setup, mistake_texts
from grader.checks.mathworking import (
    Verdicts,
    companion_stated,
    earlier_link,
    equated_to_another,
    judge_all,
    past_working,
    reached_then_broken,
    right_as_written,
    step_stated,
    target_symbols,
    with_definitions,
)
from grader.checks.sigmoidletter import read_as_sigmoid
from grader.checks.turned import in_turned_conventions
from grader.errors import NotationError
from grader.math.latex import latex
from grader.math.nodes import Chain, Name, symbols
from grader.math.ownletters import own_letters, own_letters_note
from grader.math.parser import parse_one
from grader.math.printer import show
from grader.math.resolve import resolve
from grader.math.textbooks import NG_OUTPUT_NOTE, ng_note, ng_output_letters, textbook_aliases
from grader.models.checks import EquationCheck, ExpressionCheck
from grader.models.outcome import Outcome
from grader.models.report import BIAS_FREE, UNTIMED, WEIGHT_NAMES, Note, Status
from grader.models.rubric import Mistake

if TYPE_CHECKING:
    from grader.math.context import Context


class MathChecker:
    """The `expression` and `equation` checks."""

    def grade(self, check: MathCheck, answer: str, part: PartContext) -> Outcome:
        """Read the answer's math, pick the statement to grade, and compare it with the expected answers."""
        context, targets = math_setup(check, part.notation, mistake_texts(part.mistakes))
        read_in = textbook_aliases(answer, context.implied)
        textbook = bool(read_in)
        if textbook:  # `Γu = σ(Wu [c<t-1>, x<t>] + bu)`, `u_t = σ(…)` for z_t = …
            context = context.implied_read(read_in)
        own = own_letters(answer, part.prompt, context.known)  # `o = logits` where the question writes z
        ng_output = ng_output_letters(answer, context.known)  # `dZ = A - Y`: Ng's softmax output layer
        if own or ng_output:
            context = context.with_aliases({**own, **ng_output})
        statements, errors = read_statements(answer, context, shape=shape(targets[0]))
        expected = check.expected
        sigmoid = None if statements else read_as_sigmoid(answer, expected, errors)
        if sigmoid is not None:  # `s(x)(1 - s(x))`: s for σ, said so
            read, _ = read_statements(sigmoid[0], context, shape=shape(targets[0]))
            statements = [_assuming(statement, sigmoid[1]) for statement in read]
        statements = without_special_cases(statements, answer, context, targets, part.budget)  # `z_t → 1 gives …`
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
        answered = past_working(chosen, statements, targets, part.budget) if trailing else None
        if answered is not None:  # `σ' = σ(1 − σ). … notice that e^{-x}/(1+e^{-x}) = 1 − σ(x).`: the answer, then
            remark = (f"Graded “{clip(answered.source)}”; “{clip(chosen.source)}” after it is a step of working "
                      "that holds.")  # fmt: skip
            chosen = answered
        as_written = chosen
        chosen, defined, steps = with_definitions(chosen, statements, targets, isinstance(check, EquationCheck))
        if defined:
            remark = (remark + f" Used your own definitions of {defined}.").strip()
        results = [
            (judge_all(reading, targets, equation, part.budget, rhs_only=chosen.rhs_only), reading, assumption)
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
        feedback += [own_letters_note(own)] if own else []
        feedback += [NG_OUTPUT_NOTE] if ng_output else []

        companions = {  # known mistakes about another symbol, by identity: statements beside the answer
            id(part.mistakes[index]): (part.mistakes[index], wrong)
            for index, wrong in companion_mistakes(check, part.notation, part.mistakes)
        } if equation else {}  # fmt: skip

        def outcome(status: Status, fraction: float, note: str) -> Outcome:
            stated = companion_stated(companions, statements, chosen, part.budget) if status is Status.CORRECT else None
            if stated is not None:  # `o_t = σ(…)`, right, beside `h_t = o_t ⊙ c_t`, a known mistake of its own
                mistake, source = stated
                fraction = min(fraction, mistake.score / part.points)
                feedback.append(f"Your answer also states “{clip(source)}”: {mistake.feedback}")
                status, note = Status.of(fraction), f"mistake:{mistake.note}"
            restricted = one_class_only(answer) if status is Status.CORRECT and equation and _per_class(targets) else ""
            if restricted:  # `∂L/∂z = p − y, but only for the correct class; for the others it is 0`
                feedback.append(f"Your answer also says “{clip(restricted)}”, which takes the result back to one "
                                "class; a grader decides what that costs.")  # fmt: skip
                status, fraction, note = Status.NEEDS_REVIEW, 0.0, Note.SEVERAL_STATEMENTS
            if status in (Status.CORRECT, Status.PARTIAL) and hedged(answer, chosen.source):
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
        link = earlier_link(chosen, targets, equation, part.budget) if incorrect else None
        equated = equated_to_another(chosen, targets) if link else None
        if equated is not None:
            feedback.append(f"Your chain matches the expected answer before its last step, then sets it equal to "
                            f"{equated}, another quantity of the question; a grader decides.")  # fmt: skip
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.BROKEN_STEP)
        reached = reached_then_broken(chosen, targets, equation, part.budget) if incorrect and not link else None
        if reached is not None:
            feedback.append(reached)
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.SLIPPED)
        per_entry = incorrect or verdicts.status is Status.NEEDS_REVIEW  # `softmax(z)_j`: an entry, undecided alone
        earlier = (  # right once an earlier line or the entry index is read in: a right answer beside the others
            link or renamed_index(chosen.chain, targets, equation, part.budget, rhs_only=chosen.rhs_only)
            if per_entry
            else ""
        )
        status = Status.CORRECT if earlier else verdicts.status
        doubt = doubt_between(chosen, statements, status, targets, equation, part.budget, answer)
        if not doubt and status is Status.INCORRECT and chosen.readings[0][1] == LABELLED_READING:
            # `so dL/dz = p - y`, then `Answer: dL/dz = softmax(z) - 1`: the working reached the answer the label
            # does not give; which one the student meant is a grader's call
            working = read_unlabelled(answer, context, shape=shape(targets[0]))
            doubt = doubt_between(chosen, working, status, targets, equation, part.budget, answer)
        if doubt:
            feedback.append(doubt)
            return outcome(Status.NEEDS_REVIEW, 0.0, Note.SEVERAL_STATEMENTS)
        pointer = pointed_to(answer, chosen) if status is Status.INCORRECT else None
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
            if steps and not right_as_written(as_written, targets, equation, part.budget):
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
        if verdicts.status is Status.NEEDS_REVIEW and not earlier:
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
            or covers(chosen, answer) < 0.5
            or (not equation and own_definition(chosen, targets[0]) is not None)
        )
        unread = bool(errors) and doubtful and unread_math(statements, answer)
        wrong = outcome(Status.INCORRECT, 0.0, Note.NOT_EQUIVALENT)

        @functools.cache
        def named_freely() -> bool:  # the rubric names its weights in several ways, the answer one gate's its own
            if check.free or not one_gate_named(chosen.chain):
                return False
            if not keeps_gate(chosen.chain, targets, chosen.source, context.aliases):
                return False  # `z_t = σ(W_r x_t + U_r h_{t-1} + b_r)`: the reset gate's weights
            return names_by_example(tuple(targets), equation, part.budget)

        @functools.cache
        def read_mistake(written: str) -> Chain:  # a known mistake as the context reads it, once per grading
            return resolve(parse_one(written), context)

        def matches(mistake: Mistake) -> bool:  # a known mistake in another convention is still that mistake
            if id(mistake) in companions:
                return False  # about another symbol: no answer to the part, only a statement beside one
            wrong = read_mistake(str(mistake.answer))
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
        if judged.note == Note.NOT_EQUIVALENT and named_freely() and part.notation.biases == "optional":

            def unbiased_match(mistake: Mistake) -> bool:  # `tanh(W [h_{t-1}, x_t])`: both conventions at once
                return id(mistake) not in companions and equal_renamed_unbiased(
                    chosen.chain, read_mistake(str(mistake.answer)), equation=equation, budget=part.budget,
                    rhs_only=chosen.rhs_only)  # fmt: skip

            judged = apply_mistakes(wrong, part, unbiased_match)
        rows = check.row_vectors or rows_accepted(targets)  # `x_t W_z`: products the rubric writes both ways
        accepted, credited, unbiased = _by_convention(chosen, targets, judged, part, equation, rows=rows)
        if accepted and unbiased:  # `c~ = tanh(W*[h,x])`: credited by leaving a bias out the rubric lists as a mistake
            untimed_source = written_untimed(chosen.source)

            def listed_unbiased(mistake: Mistake) -> bool:  # the mistake in the same conventions, no bias left out
                wrong = read_mistake(str(mistake.answer))
                found = by_convention(chosen.chain, [wrong], equation, part.budget, rhs_only=chosen.rhs_only,
                                      notation=part.notation, untimed=untimed_source)  # fmt: skip
                return found is not None and not found.left_out

            as_mistake = apply_mistakes(wrong, part, listed_unbiased)
            if as_mistake.note.startswith("mistake:"):
                judged, accepted, credited = as_mistake, "", ""
        renamed = None  # the answer under the rubric's names for its weights, once worked out
        if not accepted and judged.note == Note.NOT_EQUIVALENT and subscripted_weights(chosen.chain) and named_freely():
            renamed = renamed_weights(chosen, targets, equation=equation, budget=part.budget, rows=rows)
            if renamed:  # `W_{xh} x_t + W_{hh} (r_t ⊙ h_{t-1})` where the rubric lists `U_h x_t + W_h (…)` too
                accepted, credited = f"Equivalent to an expected answer {renamed}: {_NAMED_BY_EXAMPLE}", WEIGHT_NAMES
        if accepted:  # an accepted convention stands, as a right answer does, beside prose not read
            del feedback[verdict_given - 1 :]
            feedback.append(accepted)
            return outcome(Status.CORRECT, 1.0, credited)
        known = (  # a known mistake stated about the subject, not as a supposition (`if …, you would get …`)
            judged.note.startswith("mistake:")
            and on_subject(chosen, targets[0], equation)
            and not (chosen.prose and SUPPOSED.search(line_of(answer, chosen.source)))
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
        variable = (
            renamed_variable(chosen.chain, targets, equation, part.budget, rhs_only=chosen.rhs_only)
            if judged.note == Note.NOT_EQUIVALENT
            else ""
        )
        if variable:  # `σ'(z) = σ(z)(1 − σ(z))` for σ(x)(1 − σ(x)): the same function, its variable named otherwise
            del feedback[verdict_given - 1 :]
            feedback.append(f"Equivalent to the expected answer {variable}: a function of one variable is the same "
                            "function whatever its variable is called.")  # fmt: skip
            return outcome(Status.CORRECT, 1.0, Note.EQUIVALENT)
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
        left_out = (
            ""
            if judged.note != Note.NOT_EQUIVALENT or check.free
            else renamed_factor_left_out(chosen.chain, targets, equation, part.budget, rhs_only=chosen.rhs_only)
        )
        if left_out:  # `tanh(W x_t + r_t ⊙ h_{t-1} + b)`: unnamed, unbiased, and the recurrent weights left out
            return dataclasses.replace(
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(
                    *feedback[:verdict_given],
                    f"Your answer is the expected one {left_out}: whether that is "
                    "worth part of the points is the course's call, so a grader decides.",
                ),
                note=Note.NEAR_MISS,
            )
        if judged.note == Note.NOT_EQUIVALENT and about_another(chosen, targets[0], equation, context):
            return dataclasses.replace(  # `g_t = σ(…)` for the input gate: Goodfellow's g, or the candidate?
                judged,
                status=Status.NEEDS_REVIEW,
                feedback=(*judged.feedback, OTHER_SUBJECT),
                note=Note.OTHER_SUBJECT,
            )
        step = step_stated(chosen, targets, equation) if judged.note == Note.NOT_EQUIVALENT else None
        if step is not None:  # `δc_{t-1} = f_t ⊙ δc_t. Same for t−2.`: a step of the way, not the relation
            asked = show(Chain((targets[0].links[0],)))
            said = (f"Your equation is for {step}, a step on the way to {asked}, which none of your equations "
                    "states; a grader decides what the step earns.")  # fmt: skip
            return dataclasses.replace(
                judged, status=Status.NEEDS_REVIEW, feedback=(*judged.feedback, said), note=Note.OTHER_SUBJECT
            )
        if judged.note == Note.NOT_EQUIVALENT and right_side_named_otherwise(
            chosen, targets, equation, part.budget, part.notation
        ):
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


def _per_class(targets: list[Chain]) -> bool:
    """Whether the expected answer holds for every class of a label y (`∂L/∂z = p − y`)."""
    return any(name.base == "y" for target in targets for name in symbols(target))


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
    known = target_symbols(targets)
    times = collections.Counter(name.stem for name in known if time_index(name))
    timed = {stem for stem, count in times.items() if count > 1}  # written at several times: c_t and c_{t-2}
    made = symbols(joined[1]) - symbols(literal[1])
    assumed = joined[2] or ""
    loose = "time index" in assumed and not any(mark in assumed for mark in ("^", "√", ";", "∏", "∑"))
    if made and all(name in known or (time_index(name) and name.stem in timed) for name in made) and loose:
        return [joined], f"Assumed: {joined[2]}, as the question writes its symbols."
    return results, None


def _by_convention(
    chosen: Statement, targets: list[Chain], judged: Outcome, part: PartContext, equation: bool, *, rows: bool
) -> tuple[str, str, bool]:
    """Why a wrong-looking answer is the expected one under the notation's conventions (weights named without
    their subscripts, biases left out, no time index written: `weight_names`, `biases` and `time_indices`
    `optional`, the defaults), also with its products read the other way where the rubric writes them for row
    vectors too (`rows`: `z = σ(x W_z + h U_z + b_z)`), as feedback, the note it is credited under and whether it
    leaves biases out; ("", "", False) when it is not."""
    if judged.note != Note.NOT_EQUIVALENT:
        return "", "", False
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
            said = f"Equivalent to an expected answer {found.text()}{read}: {_CONVENTIONS[kind]}"
            return said, _NOTES[kind], bool(found.left_out)
    return "", "", False


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
