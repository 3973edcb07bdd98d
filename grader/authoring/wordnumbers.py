"""The numbers Word draws before numbered paragraphs (`1.`, `a)`, `(ii)`), which are not in the text: read
from the document's numbering definitions (`w:num` -> `w:abstractNum` -> per level its start, format and
text such as `%1.` or `%1.%2`) and counted in document order, so that a question numbered by Word reads as
`1.` and its parts as `a)`, as a student sees them. Bullets stay `- `. Pure: works on python-docx's XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
MAX_LEVELS = 9  # Word's own limit


@dataclass(frozen=True, kw_only=True)
class Level:
    """One level of a list: its first number, format (`decimal`, `lowerLetter`, `bullet`...) and text."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class Numbering:
    """A document's list definitions and the counters of the lists seen so far."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """The numbering of a python-docx document (empty when it has none)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in root.findall(f"{W}abstractNum")}
            for num in root.findall(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None, {}))
                for override in num.findall(f"{W}lvlOverride"):
                    start = override.find(f"{W}startOverride")
                    ilvl = int(override.get(f"{W}ilvl", "0"))
                    if start is not None and ilvl in levels:
                        old = levels[ilvl]
                        levels[ilvl] = Level(start=_int(start.get(f"{W}val"), old.start), fmt=old.fmt, text=old.text)
                numbering.levels[str(num.get(f"{W}numId"))] = levels
        for style in document.styles.element.findall(f"{W}style"):
            found = _num_pr(style.find(f"{W}pPr"))
            if found is not None:
                numbering.styles[str(style.get(f"{W}styleId"))] = found
        return numbering

    def label(self, paragraph: Any, style_id: str) -> str | None:
        """The number Word shows before `paragraph` (`2.`, `b)`), `-` for a bullet, None when unnumbered.
        Counts: call once per paragraph, in document order."""
        found = _num_pr(paragraph.find(f"{W}pPr")) or self.styles.get(style_id)
        if found is None or found[0] == "0" or found[0] not in self.levels:
            return None
        num_id, ilvl = found
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None:
            return None
        counts = self.counters.setdefault(num_id, [0] * MAX_LEVELS)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counts[deeper] = 0
        if level.fmt in ("bullet", "none"):
            return "-" if level.fmt == "bullet" else None
        text = level.text or f"%{ilvl + 1}."
        for k in range(MAX_LEVELS, 0, -1):
            if f"%{k}" in text:
                shown = levels.get(k - 1, Level())
                value = counts[k - 1] or shown.start
                text = text.replace(f"%{k}", _format(value, shown.fmt))
        return text.strip() or None


def _levels(abstract: Any) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(f"{W}lvl"):
        ilvl = _int(lvl.get(f"{W}ilvl"), 0)
        if not 0 <= ilvl < MAX_LEVELS:
            continue
        start, fmt, text = (lvl.find(f"{W}{tag}") for tag in ("start", "numFmt", "lvlText"))
        levels[ilvl] = Level(
            start=_int(start.get(f"{W}val") if start is not None else None, 1),
            fmt=str(fmt.get(f"{W}val")) if fmt is not None else "decimal",
            text=str(text.get(f"{W}val")) if text is not None else "",
        )
    return levels


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph's or style's `w:numPr`, if any."""
    num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
    if num_id is None:
        return None
    level = _int(ilvl.get(f"{W}val") if ilvl is not None else None, 0)
    return str(num_id.get(f"{W}val")), min(max(level, 0), MAX_LEVELS - 1)


def _int(value: Any, default: int) -> int:
    try:
        return max(0, min(int(str(value)), 10_000))
    except ValueError:
        return default


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = max(value, 1)
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman, n = "", max(value, 1)
        for size, digits in ROMAN:
            while n >= size:
                roman, n = roman + digits, n - size
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)
