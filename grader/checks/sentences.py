"""Where the sentences and clauses of an answer end: at `.`, `!`, `?`, `;` and line breaks (a clause also at `,`,
`:`, dashes and an opening bracket), but not inside brackets (`[h_fwd; h_bwd]` is one piece) nor after an
abbreviation (`i.e. how much`, `exp. decay`)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")
_CLAUSE_END = re.compile(r"[,:;—–](?=\s|$)|\s-\s|[.!?](?=\s|$)|\n|(?<=\s)\(")  # a remark in brackets is a clause
# Abbreviations whose period does not end a sentence ("i.e. how much", "exp. decay").
_ABBREVIATED = frozenset({"i.e", "e.g", "ie", "eg", "vs", "cf", "approx", "resp", "exp", "mult", "transl", "eq", "eqs",
                          "fig", "incl", "esp", "wrt", "w.r.t", "prev"})  # fmt: skip
_OPENING, _CLOSING = "([{", ")]}"


def boundaries(text: str) -> tuple[list[int], list[int]]:
    """Where the sentences of `text` end and where its clauses break, as offsets, in order."""
    inside = _bracketed(text)
    ends = [m.start() for m in _SENTENCE_END.finditer(text) if not inside[m.start()] and not _abbreviation(text, m)]
    breaks = [m.start() for m in _CLAUSE_END.finditer(text) if not inside[m.start()] and not _abbreviation(text, m)]
    return ends, breaks


def _bracketed(text: str) -> list[bool]:
    """For each character, whether it stands inside brackets on its line: `[h_fwd; h_bwd]` is one piece,
    its `;` ends no sentence. A line break closes whatever is open."""
    inside = []
    depth = 0
    for char in text:
        if char == "\n":
            depth = 0
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        inside.append(depth > 0)
        if char in _OPENING:
            depth += 1
    return inside


def _abbreviation(text: str, end: re.Match[str]) -> bool:
    """Whether a period closes an abbreviation (`i.e.`, `e.g.`, `exp.`) rather than a sentence."""
    if end.group() != ".":
        return False
    before = re.search(r"[A-Za-z][A-Za-z.]*$", text[max(0, end.start() - 12) : end.start()])  # bounded: no n²
    return before is not None and before.group().lower() in _ABBREVIATED
