"""Numbers a program printed or a code comment gave: a console's output (`>>> sum(...)` then `320`), a call's
value on the line below it in a code block, `sum([320, 0, 18496])  # 18816`: the answer as the code computed it."""

from __future__ import annotations

import re
from dataclasses import replace

from grader.numbers.candidates import Candidate, Rank


def printed(candidate: Candidate, text: str) -> Candidate:
    """The candidate, marked printed when a program printed it (alone on its line after a `>>>` line, or after a
    call in a code block) and labelled when a code comment gives it as its line's value."""
    start = text.rfind("\n", 0, candidate.position) + 1
    end = text.find("\n", candidate.position)
    line = text[start : end if end >= 0 else len(text)]
    if line.strip() == candidate.source.strip():  # alone on its line (else nothing below is looked at: a long line
        previous = text[: max(start - 1, 0)].rstrip("\n").rpartition("\n")[2]  # of numbers stays quick)
        if previous.lstrip().startswith((">>>", "...")):
            return replace(candidate, printed=True, rank=Rank.LABELLED, strong=True)
        fenced = text.count("```", 0, start) % 2 == 1
        if fenced and _CALL_LINE.fullmatch(previous):
            return replace(candidate, printed=True, rank=Rank.LABELLED, strong=True)  # a call, its value below it
    comment = _VALUE_COMMENT.search(line) if "#" in line else None
    if comment and comment.group(1) == candidate.source.strip() and start + comment.start(1) == candidate.position:
        return replace(candidate, rank=Rank.LABELLED, strong=True)  # `sum([320, 0, 18496])  # 18816`: its value
    return candidate


_CALL_LINE = re.compile(r"[ \t]*[A-Za-z_][\w.]*\(.*\)[ \t]*")  # `sum(p.numel() for p in m.parameters())`
_VALUE_COMMENT = re.compile(r"\S[ \t]+#[ \t]*(?:->|=>|=|→)?[ \t]*(\d+(?:\.\d+)?)[ \t]*$")  # code, then `# 10816`
