"""Labels that name a question and its part at once, as students number answers (`1(a):`, `Q2 (b)`,
`**Q1 (a):**`, `Problem 3 part (c)`, `2 a)`, a table row `1(a) | ...`, and `1.1`, `1.2` under `Exercise 1`),
and headings that name a section and a question (`Task 1.1 – Q2` for a rubric label `1.1.2`). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from grader.authoring.layout import ROMAN, Line

COMPOUND = re.compile(
    r"^\s*(?:[-*]\s+)?(?:#{1,6}\s*)?(?:\*\*)?(?:(?:Q|Question|Task|Problem|Exercise)\s*)?(?P<q>\d{1,2})\s*"
    r"(?:[-.,:]\s*)?(?:part\s*)?(?:\((?P<p>[a-z]|[ivx]{1,4})\)|(?P<b>[a-z]|[ivx]{1,4})\))"
    r"(?:\*\*)?\s*[:.]?\s*(?:\*\*)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
DOTTED_PART = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?P<q>\d{1,2})\.(?P<n>\d{1,2})(?:\*\*)?[.):]?(?:\*\*)?(?:\s+(?P<rest>.*))?$"
)
SECTION_QUESTION = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:(?:Task|Section|Exercise|Problem|Question)\s*)?(?P<section>\d+(?:\.\d+)+)\s*"
    r"(?:[-–—:,]\s*)?(?:Q|Question)\s*(?P<number>\d+)\b(?:\*\*)?\s*[).:]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)

Resolve = Callable[[int], str | None]  # a question's number in the document -> the rubric's key for it


def part_index(mark: str, count: int) -> int | None:
    """The part a letter (`b` -> 1) or roman numeral (`ii` -> 1) names among `count` parts; a single letter
    is read as a letter when it can be one (`i` is the ninth part of a question with nine)."""
    mark = mark.lower()
    if len(mark) == 1 and ord(mark) - ord("a") < count:
        return ord(mark) - ord("a")
    if mark in ROMAN and ROMAN.index(mark) < count:
        return ROMAN.index(mark)
    return None


def dotted_parts(lines: Sequence[Line], resolve: Resolve, counts: dict[str, int]) -> bool:
    """Whether the document numbers parts `1.1`, `1.2`: at least two such lines, each a part of a question
    (so a line that opens with a decimal, `1.5 million`, alone numbers nothing)."""
    found = 0
    for _, text in lines:
        match = DOTTED_PART.match(text)
        if match is None:
            continue
        key = resolve(int(match["q"]))
        if key is None or not 1 <= int(match["n"]) <= counts[key]:
            return False
        found += 1
    return found >= 2


def compound(line: str, resolve: Resolve, counts: dict[str, int], dotted: bool) -> tuple[str, int, str] | None:
    """The question key, part index and the rest of a line that opens with a label naming both; None for
    any other line, and for a label naming no part the rubric has."""
    match = COMPOUND.match(line)
    if match is not None:
        key = resolve(int(match["q"]))
        index = part_index(match["p"] or match["b"], counts[key]) if key is not None else None
        return None if key is None or index is None else (key, index, match["rest"])
    match = DOTTED_PART.match(line) if dotted else None
    if match is not None:
        key = resolve(int(match["q"]))
        if key is not None and 1 <= int(match["n"]) <= counts[key]:
            return key, int(match["n"]) - 1, match["rest"] or ""
    return None


def section_question(line: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """A heading `Task 1.1 – Q2` (or `1.1 Question 2`) as the label `1.1.2` when the rubric has it; its rest."""
    match = SECTION_QUESTION.match(line)
    if match is None:
        return None
    label = f"{match['section']}.{match['number']}"
    return (label, match["rest"].strip()) if known(label) else None
