"""CSV files that spreadsheets open as data, never as formulas: every CSV grader writes goes through
`csv_text`.

Student ids, names, file names and comments are student-controlled; a cell starting with `=`, `+`, `-`,
`@` (after any spaces), a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK(...)` leaks data, `@SUM(...)|cmd` runs programs). Such text cells get a leading `'`, which
spreadsheets show as text (OWASP's advice for CSV injection). Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from grader.models.report import shown

Cell = str | float | None
_FORMULA = ("=", "+", "-", "@")


def cell(value: Cell) -> str:
    """One cell's text: numbers as people write them (`2`, `2.5`), None empty, text safe to open."""
    if value is None or isinstance(value, float | int):
        return shown(value)
    if value[:1] in ("\t", "\r") or value.lstrip(" ")[:1] in _FORMULA:
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[Cell]], *, line_end: str = "\n") -> str:
    """Rows of cells as CSV text (quoted where needed, each cell through `cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
