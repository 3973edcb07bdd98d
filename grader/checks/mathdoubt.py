"""Signs that the statement graded may not be the student's answer, or not all of it: other statements that
disagree with it, answers offered one after another (`…, or maybe …`), answers taken back (`No, it's …`), a
formula given by pointing to another (`same as z_t`), a hedge (`c_t = i_t ⊙ g_t ?`), a line that supposes what
it states, and math left unread around it."""

from __future__ import annotations

import re

from grader.checks.mathdiagnosis import entry_of, one_case, renamed_index
from grader.checks.mathreading import Statement, clip, relayout, says_nothing
from grader.checks.mathworking import judge_all
from grader.extract import HEDGE_MARK, math_stretches, shapes_legend, worded_math
from grader.math.nodes import Chain, Var
from grader.models.report import Status


def covers(chosen: Statement, answer: str) -> float:
    """How much of the answer the graded statement is (without spaces): a wrong verdict on a sliver of a longer
    answer whose rest could not be read is not confident."""
    whole = len("".join(answer.split())) or 1
    return len("".join(chosen.source.split())) / whole


def unread_math(statements: list[Statement], answer: str) -> bool:
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


# A line that supposes or disowns what it states: a formula in it is no answer given (`if you dropped f_t you
# would get …, which is wrong`)
SUPPOSED = re.compile(r"\b(?:if|would|wrong|incorrect|instead|mistake|suppose|otherwise)\b", re.IGNORECASE)


# Words that give a formula by pointing to another: `same as z_t`, `like the update gate`, `analogous to f_t`.
_ANALOGY = re.compile(
    r"\b(?:(?:the\s+)?same\s+(?:as|like)|similar\s+to|analog(?:ous(?:ly)?)?(?:\s+to)?|like|identical\s+to|as\s+for)"
    r"[\s$(]*$",
    re.IGNORECASE,
)


def pointed_to(answer: str, chosen: Statement) -> str | None:
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


def hedged(answer: str, source: str) -> bool:
    """Whether the statement graded is followed by a question mark in the answer, the mark `math_lines` ends a
    statement at: the student was unsure."""
    at = answer.find(source)
    return at >= 0 and HEDGE_MARK.match(answer, at + len(source)) is not None


def line_of(answer: str, source: str) -> str:
    """The line of `answer` that holds `source` (the whole answer when no line does)."""
    return next((line for line in answer.splitlines() if source in line), answer)


# An answer that offers another answer after the first (`…, or maybe …`, `…, but maybe …`, `(or …)`), or one of two
# (`either … or`).
_OR_LATER = re.compile(r"\b(?:or|but)\s+(?:maybe|perhaps|possibly|rather)\b|\(\s*or\b", re.IGNORECASE)


# `σ(x)(1 − σ(x)). No, it's σ(x)`: what follows takes back the answer before it
_NO_ITS = re.compile(r"\bno\s*[,—–-]\s*(?:it'?s|it\s+is|the\s+answer\s+is)\s+(?!not\b)", re.IGNORECASE)


def _taken_back_by(other: Statement, answer: str) -> bool:
    """Whether a statement comes right after a `No, it's` that takes back what came before it."""
    return any(answer.startswith(other.source, match.end()) for match in _NO_ITS.finditer(answer))


_EITHER = re.compile(r"\beither\b[^.]*\bor\b", re.IGNORECASE)


def doubt_between(
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
        entry = (
            status is Status.CORRECT and other in later and not same_subject
            and subject is not None and entry_of(subject, other.chain.links[0])
        )  # fmt: skip
        same_subject = same_subject or entry  # `∂L/∂z = p − y`, then `maybe ∂L/∂z_i = (p_i − y_i) p_i (1 − p_i)`
        offered = (same_subject or not other.chain.is_equation) and (either or or_later)  # `X, or maybe Y`
        offered = offered or _taken_back_by(other, answer)
        if status is Status.CORRECT and not (same_subject and other in later) and not offered:
            continue  # a right answer beside earlier working stands
        rhs_only = other.rhs_only or (equation and not other.chain.is_equation)  # `(or σ(W x + b))`
        verdict = judge_all(other.chain, targets, equation, budget, rhs_only=rhs_only).status
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
