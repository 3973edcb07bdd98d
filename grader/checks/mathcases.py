"""Special cases worked out after an answer: `h_t = z_t ⊙ h_{t-1} + (1 − z_t) ⊙ h̃_t. Check: z_t → 1 gives
h_t = h_{t-1}`. A statement under a condition on a symbol the expected answer keeps (`If z_t = 1 then …`,
`With z = 0: …`, `z_t → 1 gives …`) that follows from an earlier statement about the same subject with that value
put in is the answer specialised, not another answer: it is not graded and puts nothing in doubt. One that does
not follow stays (a grader reads which the student meant). A condition on a symbol the expected answer does not
hold is what the question asks (`the cell update with f_t = 0`: `With f_t = 0: c_t = i_t ⊙ c̃_t`): it stays."""

from __future__ import annotations

import re

from grader.checks.mathdiagnosis import judged_equal, substituted_chain
from grader.checks.mathreading import Statement, read_statements
from grader.math.context import Context
from grader.math.nodes import Chain, Name, Node, Num, Var, symbols

_SYMBOL = r"\$?(?P<symbol>[^\s$=→,;:()]{1,24})"
_VALUE = r"[ \t]*\$?[ \t]*(?:=|→|->|\\to|≈|\\approx)[ \t]*\$?[ \t]*(?P<value>-?\d+(?:\.\d+)?)[ \t]*\$?[ \t]*"
# what ends the text before a special case: `If z_t = 1 then `, `With z = 0: `, `$z_t \to 1$ gives `
_NAMED_CASE = re.compile(
    rf"\b(?:if|when|whenever|with|for)[ \t]+{_SYMBOL}{_VALUE}(?:,|:|then\b|we[ \t]+get\b|gives\b)?[ \t:,]*\$?[ \t]*$",
    re.IGNORECASE,
)
_TENDING_CASE = re.compile(rf"{_SYMBOL}{_VALUE}(?:gives|yields|means|leaves|makes|then)\b[ \t:,]*\$?[ \t]*$")


def without_special_cases(
    statements: list[Statement], answer: str, context: Context, targets: list[Chain], budget: float
) -> list[Statement]:
    """The statements without the special cases of the answer (see the module)."""
    kept = set().union(*(symbols(target) for target in targets))
    return [s for s in statements if not _special_case(s, statements, answer, context, kept, budget)]


def _special_case(
    statement: Statement, statements: list[Statement], answer: str, context: Context, kept: set[Name], budget: float
) -> bool:
    at = answer.find(statement.source)
    if at < 0 or not statement.chain.is_equation:
        return False
    index = statements.index(statement)
    start = max(answer.rfind(mark, 0, at) for mark in (". ", "\n", "; "))
    earlier = [  # the statements before it, not the conditions themselves (`z_t = 1` of `If z_t = 1 then …`)
        answer.find(s.source) + len(s.source)
        for s in statements[:index]
        if not (len(s.chain.links) == 2 and isinstance(s.chain.links[1], Num))
    ]
    lead = answer[max(0, start, *(end for end in earlier if end <= at)) : at]
    case = _NAMED_CASE.search(lead) or _TENDING_CASE.search(lead)
    if case is None:
        return False
    read, _ = read_statements(f"{case.group('symbol')} = 0", context)
    if len(read) != 1 or not isinstance(read[0].chain.links[0], Var):
        return False
    name = read[0].chain.links[0].name
    if name not in kept:
        return False
    subject = statement.chain.links[0]
    general = [s.chain for s in statements[:index] if s.chain.is_equation and s.chain.links[0] == subject]
    value: dict[Name, Node] = {name: Num(case.group("value"))}
    special = substituted_chain(Chain((subject, statement.chain.links[-1])), value)
    return any(
        judged_equal(substituted_chain(Chain((g.links[0], g.links[-1])), value), special, True, budget) for g in general
    )
