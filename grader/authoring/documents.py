"""Answer documents into plain text for `grader import`: `.txt`, `.md`, `.ipynb`, `.docx`, `.pdf`.

Every reader gives Markdown-like lines that the importer cuts into questions and parts:

- a notebook (nbformat): its markdown cells as written, its code cells between ``` fences; outputs are
  ignored and nothing is executed;
- a Word document (python-docx): paragraphs and tables in document order, headings as `#` lines, the
  numbers Word draws before numbered paragraphs (`1.`, `a)`; `wordnumbers`), bullets as `- ` lines,
  equations (Office Math) as their text, each table row as one line `| cell | cell |`;
- a PDF (pypdf): the text layer, page after page. An encrypted PDF, or one without text (a scan), is refused
  with that reason.

The libraries are the optional extra `documents`, imported only for their file types. Every file is read
through `read_capped` (a regular file, at most 8 MiB). Raises DocumentError naming the file and the fix.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from grader.authoring.wordnumbers import Numbering
from grader.errors import DocumentError, Problem
from grader.io.loaders import load_document, read_capped

SUFFIXES = (".txt", ".md", ".markdown", ".ipynb", ".docx", ".pdf")
EXTRA = "pip install -e '.[documents]'"
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def read_document(path: Path) -> str:
    """The text of an answer document, by its file type (see the module docstring)."""
    suffix = path.suffix.lower()
    readers: dict[str, Callable[[bytes, str], str]] = {".ipynb": _notebook, ".docx": _word, ".pdf": _pdf}
    reader = readers.get(suffix)
    if reader is None:
        return load_document(path)
    return reader(read_capped(path, DocumentError), str(path))


def _fail(name: str, message: str) -> DocumentError:
    return DocumentError([Problem("", message)], name)


def _library(module: str, package: str, suffix: str, name: str) -> Any:
    """Import an optional library, or say which extra to install."""
    try:
        return __import__(module)
    except ImportError:
        raise _fail(name, f"reading {suffix} needs {package}: {EXTRA}") from None


def _notebook(raw: bytes, name: str) -> str:
    nbformat = _library("nbformat", "nbformat", ".ipynb", name)
    try:
        with warnings.catch_warnings():  # a cell without an `id` (older Jupyter) is read all the same
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(raw.decode("utf-8-sig"), as_version=4)
    except UnicodeDecodeError as problem:
        raise _fail(name, f"not UTF-8 text ({problem.reason} at byte {problem.start}); save it as UTF-8") from None
    except (json.JSONDecodeError, ValueError, KeyError, AttributeError, TypeError) as problem:
        message = f"not a Jupyter notebook ({type(problem).__name__}); save it from Jupyter as .ipynb"
        raise _fail(name, message) from None
    blocks: list[str] = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        if not text.strip():
            continue
        kind = cell.get("cell_type")
        blocks.append(f"```python\n{text.rstrip()}\n```" if kind == "code" else text.rstrip())
    return "\n\n".join(blocks) + "\n"


def _word(raw: bytes, name: str) -> str:
    docx = _library("docx", "python-docx", ".docx", name)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as problem:  # python-docx raises zipfile, lxml and KeyError alike for a broken file
        raise _fail(name, f"not a readable Word document ({type(problem).__name__}); save it as .docx") from None
    lines: list[str] = []
    numbering = Numbering.of(document)
    for element in document.element.body.iterchildren():
        if element.tag == f"{_WORD}p":
            lines.append(_paragraph(element, numbering))
        elif element.tag == f"{_WORD}tbl":
            lines.extend(_table(element, numbering))
    # A blank line between paragraphs, as in Markdown: a paragraph is an answer block of its own.
    return "\n\n".join(line for line in lines if line) + "\n"


def _paragraph(element: Any, numbering: Numbering) -> str:
    text = "".join(_texts(element)).strip()
    style = element.find(f"{_WORD}pPr/{_WORD}pStyle")
    style_name = str(style.get(f"{_WORD}val", "")) if style is not None else ""
    number = numbering.label(element, style_name)  # what Word draws before it (`2.`, `b)`), not in the text
    if number is not None and number != "-" and text:
        text = f"{number} {text}"
    heading = re.fullmatch(r"Heading(\d)", style_name.replace(" ", ""))
    if text and heading:
        return "#" * int(heading.group(1)) + " " + text
    if text and style_name == "Title":
        return "# " + text
    listed = number == "-" or (number is None and style_name.startswith("List"))
    return f"- {text}" if text and listed else text


def _texts(element: Any) -> Iterator[str]:
    """The text of a paragraph in order, equations included (their `m:t` runs), tabs and breaks as spaces."""
    for node in element.iter():
        if node.tag in (f"{_WORD}t", f"{_MATH}t") and node.text:
            yield node.text
        elif node.tag in (f"{_WORD}tab", f"{_WORD}br"):
            yield " "


def _table(element: Any, numbering: Numbering) -> list[str]:
    rows: list[str] = []
    for row in element.iter(f"{_WORD}tr"):
        cells = [" ".join(_paragraph(p, numbering) for p in cell.iter(f"{_WORD}p")).strip()
                 for cell in row.iter(f"{_WORD}tc")]  # fmt: skip
        if any(cells):
            rows.append("| " + " | ".join(cells) + " |")
    return ["\n".join(rows)]


def _pdf(raw: bytes, name: str) -> str:
    pypdf = _library("pypdf", "pypdf", ".pdf", name)
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(name, "an encrypted PDF: save it again without a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as problem:  # pypdf raises many kinds for a broken or hostile file
        raise _fail(name, f"not a readable PDF ({type(problem).__name__}); export it again as PDF") from None
    if not any(page.strip() for page in pages):
        raise _fail(name, "a PDF without a text layer (a scan?): export it from the editor as PDF, or hand in text")
    return "\n\n".join(page.rstrip() for page in pages) + "\n"
