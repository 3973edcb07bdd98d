"""An answer that points to the student's answer to another part instead of answering (`same as keras`, `see
above`): which part it points to, so that answer is graded in its place and the report says so. Only a short
answer with no number and no qualification of its own (`but …`) points, and only to a part it says it is the
same as by the part's id (`keras`, `q2.torch`), or to the part before it (`see above`, or only `same`); anything
else, such as `Please see my torch answer.` in the Keras part (where to look, not a claim that the two are the
same), is read as written. A student's legend for their own notation in one answer (`o is elementwise product`)
holds for their other answers too (`legend_from`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

MAX_WORDS = 20  # longer answers say more than where to look
_POINTER = re.compile(  # `same as keras`, `identical to q2.torch`, `see above`
    r"\b(?P<how>same[ \t]+as|see|as[ \t]+(?:in|for)|identical[ \t]+to)[ \t]+(?:in[ \t]+)?(?:my[ \t]+|the[ \t]+)?"
    r"(?:answer[ \t]+(?:to|for|of)[ \t]+)?(?:part[ \t]+|question[ \t]+)?(?P<what>[\w.-]+)",
    re.IGNORECASE,
)
_BEFORE = frozenset({"above", "before", "previous"})
# an answer that is only `same` (`the same`, `same thing`, `ditto`): the same as the answer to the part before
_BARE_SAME = re.compile(
    r"[ \t]*(?:(?:the[ \t]+)?same(?:[ \t]+(?:thing|again|answer|here|count|number|result))?|ditto|idem)"
    r"[ \t]*[.!]?[ \t]*",
    re.IGNORECASE,
)
# an answer of its own beside the pointer: a number (`about the same as Keras, ~18.8k`), or a difference
# (`same as the forget gate but with W_i`)
_OWN_ANSWER = re.compile(r"(?<![A-Za-z_.])\d|\b(?:but|except|apart|other[ \t]+than|only)\b", re.IGNORECASE)


def referenced_part(answer: str, identifier: str, order: Sequence[str]) -> str | None:
    """The id of the part `answer` (to part `identifier`; `order`: the rubric's part ids in order) points to,
    or None when it answers, or points nowhere this rubric has."""
    if len(answer.split()) > MAX_WORDS or _OWN_ANSWER.search(answer):
        return None
    if _BARE_SAME.fullmatch(answer):
        return _part_before(identifier, order)
    for pointer in _POINTER.finditer(answer):
        what = pointer["what"].lower().strip(".-")
        if what in _BEFORE:
            return _part_before(identifier, order)
        if pointer["how"].lower() == "see":
            continue  # `see my torch answer` for Keras: where to look, not that the two are the same
        named = [other for other in order if other != identifier and what in (other.lower(), _last(other))]
        if len(named) == 1:
            return named[0]
    return None


def may_point(answer: str | None) -> bool:
    """Whether an answer has the words of a pointer at all (`same as`, `see`): the cheap test before
    `resolved`, which needs the rubric's parts."""
    return bool(answer) and (
        _POINTER.search(answer or "") is not None or _BARE_SAME.fullmatch(answer or "") is not None
    )


def resolved(answer: str | None, identifier: str, answers: Mapping[str, str], order: Sequence[str]) -> str | None:
    """The part whose answer `answer` points to, when that answer is there and points nowhere itself."""
    if not answer:
        return None
    other = referenced_part(answer, identifier, order)
    if other is None or not answers.get(other, "").strip():
        return None
    return other if referenced_part(answers[other], other, order) is None else None


def remark(other: str, text: str) -> str:
    """The feedback line saying which answer was graded in place of one that points to it."""
    from grader.checks.mathreading import clip  # here: only an answer that points needs it

    return f"Your answer points to your answer to {other} (“{clip(text)}”): that answer is graded here."


def _part_before(identifier: str, order: Sequence[str]) -> str | None:
    """The id of the part before `identifier` in the rubric's order, or None for the first."""
    index = order.index(identifier) if identifier in order else 0
    return order[index - 1] if index > 0 else None


def _last(identifier: str) -> str:
    """`q2.keras` → `keras`: the name of the part within its question."""
    return identifier.rsplit(".", 1)[-1].lower()


LEGEND = "(o = elementwise product)"  # what an answer borrows from another that says so (`legend_from`)


def legend_from(answer: str | None, identifier: str, answers: Mapping[str, str]) -> str | None:
    """The part whose answer says the student's letter o is the elementwise product (`…, o is elementwise
    product`), when `answer` uses a lone o between operands (`h_t = (1 - z_t) o h_{t-1} + z_t o h~_t`) and says
    nothing of it itself: a student's legend holds for all their answers. None otherwise."""
    from grader.extract import letter_o_between, letter_o_legend

    if not answer or not letter_o_between(answer) or letter_o_legend(answer):
        return None
    return next((other for other, text in answers.items() if other != identifier and letter_o_legend(text)), None)


def legend_remark(other: str) -> str:
    """The feedback line saying whose legend an answer was read with."""
    return f"Your letter o is read as the elementwise product ⊙, as your answer to {other} says."
