"""Builders of answer documents for the importer's tests: the same text as Markdown, a notebook, a Word
document and a PDF, made with the libraries `grader import` reads them with (and fpdf2 for the PDF)."""

from __future__ import annotations

import re
from pathlib import Path

TABLE_ROW = re.compile(r"^\|(.*)\|$")


def write_markdown(text: str, path: Path) -> Path:
    """The text as it is."""
    path.write_text(text, encoding="utf-8")
    return path


def write_notebook(text: str, path: Path, *, code: str = "", output: str = "") -> Path:
    """One markdown cell per paragraph; with `code`, a code cell after the first one, whose `output` must be
    ignored."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cells = [new_markdown_cell(block) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    if code:
        cell = new_code_cell(code, outputs=[new_output("stream", name="stdout", text=output)] if output else [])
        cells.insert(1, cell)
    path.write_text(nbformat.writes(new_notebook(cells=cells)), encoding="utf-8")
    return path


def write_word(text: str, path: Path, *, equation: str = "") -> Path:
    """`#` lines as headings, `- ` lines as list items, `|` rows as a table, other lines as paragraphs; with
    `equation`, an Office Math paragraph after the first paragraph."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            rows.clear()

    for index, line in enumerate(text.splitlines()):
        row = TABLE_ROW.match(line.strip())
        if row:
            if not set(row.group(1)) <= set("-| :"):
                rows.append([cell.strip() for cell in row.group(1).split("|")])
            continue
        flush()
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif line.strip():
            document.add_paragraph(line)
        if index == 0 and equation:
            math = "http://schemas.openxmlformats.org/officeDocument/2006/math"
            paragraph = document.add_paragraph()
            paragraph._p.append(parse_xml(f'<m:oMath xmlns:m="{math}"><m:r><m:t>{equation}</m:t></m:r></m:oMath>'))
    flush()
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path, *, pages: int = 1, password: str = "", scanned: bool = False) -> Path:
    """Each line as a line of text (table rows as one line of cells), over `pages` pages in order; `scanned`
    draws only a rectangle (no text layer)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    lines = text.splitlines()
    per_page = -(-len(lines) // pages)
    for page in range(pages):
        pdf.add_page()
        if scanned:
            pdf.rect(20, 20, 100, 60, style="F")
            continue
        for line in lines[page * per_page : (page + 1) * per_page]:
            row = TABLE_ROW.match(line.strip())
            if row and set(row.group(1)) <= set("-| :"):
                continue
            shown = "   ".join(cell.strip() for cell in row.group(1).split("|")) if row else line
            pdf.cell(0, 6, shown.lstrip("#").strip() or " ", new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


WRITERS = {"md": write_markdown, "ipynb": write_notebook, "docx": write_word, "pdf": write_pdf}
