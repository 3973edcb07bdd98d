"""A copied `model.summary()` table in a count of some of a model's layers: its `Total params` counts the whole
model, so it is not that part's answer. The student's own statement after the table is; with none, the table's
rows for the layers the part asks about are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from grader.params.model import LayerCount

# `embedding (Embedding)       (None, 200, 16)           16000`, as Keras prints a row
_ROW = re.compile(r"^[ \t]*(\w+)[ \t]*\((\w+)\)[ \t]+\((?:None|\?)[^()\n]*\)[ \t]+([\d,]+)[ \t]*$", re.MULTILINE)
_TOTAL = re.compile(r"^[ \t]*total[ \t]+params[ \t]*:[^\n]*$", re.IGNORECASE | re.MULTILINE)
# what Keras prints around the rows: the model's name, rules, the header, the three counts, a code fence
_FRAME = re.compile(
    r"model:.*|[_=─━-]{3,}|layer[ \t]*\(type\).*|(?:non-)?trainable[ \t]+params.*|total[ \t]+params.*|`{3}\w*|",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CopiedSummary:
    """What stands for the part's answer in an answer that copies a `model.summary()` table: the statement after
    the table (`after`, "" when no number follows the table), or (with none) the rows for the part's layers and
    their sum."""

    after: str
    rows: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """The sum of the rows for the part's layers."""
        return sum(count for _, count in self.rows)


def copied_summary(answer: str, layers: Sequence[LayerCount], selected: Sequence[int]) -> CopiedSummary | None:
    """The stand-in for the answer when it copies a summary with its `Total params` line and the part counts only
    some of the model's layers; None otherwise (the total is then the answer, or there is no table)."""
    counted = {layer.index for layer in layers if layer.params}
    if not _TOTAL.search(answer) or counted <= set(selected):
        return None
    found = list(_ROW.finditer(answer))
    if not found:
        return None
    lines = answer[found[-1].end() :].splitlines()
    while lines and _FRAME.fullmatch(lines[0].strip()):
        lines.pop(0)
    after = "\n".join(lines).strip()
    after = after if re.search(r"\d", after) else ""  # `(see above)`: no statement of a count of its own
    by_name = {m.group(1).lower(): int(m.group(3).replace(",", "")) for m in found}
    wanted = [layers[index] for index in selected if layers[index].params]
    rows = tuple((layer.name, by_name[layer.name.lower()]) for layer in wanted if layer.name.lower() in by_name)
    return CopiedSummary(after, rows if len(rows) == len(wanted) else ())
