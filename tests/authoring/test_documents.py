"""Reading answer documents: notebooks (outputs ignored, code never run), Word documents (paragraphs, lists,
tables, equations), PDFs (text layer in page order); scanned, encrypted, broken and oversized files refused
with the reason; a missing optional library named with the extra to install."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from grader.authoring.documents import read_document
from grader.errors import DocumentError

from .documents import write_notebook, write_pdf, write_word


def test_a_notebook_gives_markdown_and_code_cells_without_outputs(tmp_path: Path) -> None:
    path = write_notebook(
        "## Q1\n\nThe answer is below.", tmp_path / "a.ipynb", code="print(6 * 7)", output="OUTPUT-42\n"
    )
    text = read_document(path)
    assert "## Q1" in text
    assert "```python\nprint(6 * 7)\n```" in text
    assert "OUTPUT-42" not in text


def test_a_word_document_gives_headings_lists_tables_and_equations(tmp_path: Path) -> None:
    source = "# Title\n## Question 1\n- first item\nplain paragraph\n| (a) | 60 |\n| (b) | 8 |\n"
    text = read_document(write_word(source, tmp_path / "a.docx", equation="z = p - y"))
    lines = [line for line in text.splitlines() if line]
    assert lines[:2] == ["# Title", "z = p - y"]
    assert "## Question 1" in lines
    assert "- first item" in lines
    assert "plain paragraph" in lines
    assert "| (a) | 60 |" in lines
    assert "| (b) | 8 |" in lines


def test_a_pdf_gives_its_text_layer_in_page_order(tmp_path: Path) -> None:
    text = read_document(write_pdf("Question 1\nfirst page\nQuestion 2\nsecond page", tmp_path / "a.pdf", pages=2))
    assert text.index("first page") < text.index("Question 2") < text.index("second page")


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda p: write_pdf("x", p, scanned=True), "without a text layer"),
        (lambda p: write_pdf("secret answers", p, password="pw"), "encrypted"),
        (lambda p: p.write_bytes(b"%PDF-1.4 not really"), "not a readable PDF"),
    ],
    ids=["scanned", "encrypted", "broken"],
)
def test_a_pdf_without_readable_text_is_refused_with_the_reason(tmp_path: Path, build: object, reason: str) -> None:
    path = tmp_path / "a.pdf"
    build(path)  # type: ignore[operator]
    with pytest.raises(DocumentError, match=reason):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.docx", b"PK not a zip", "not a readable Word document"),
        ("a.ipynb", b"{not json", "not a Jupyter notebook"),
        ("a.ipynb", b"\xff\xfe\x00", "not UTF-8"),
    ],
    ids=["docx", "ipynb-json", "ipynb-bytes"],
)
def test_a_broken_document_is_refused_with_the_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        read_document(path)


def test_an_oversized_document_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * (9 * 2**20))
    with pytest.raises(DocumentError, match="MiB"):
        read_document(path)


@pytest.mark.parametrize(
    ("suffix", "module", "package"),
    [(".docx", "docx", "python-docx"), (".pdf", "pypdf", "pypdf"), (".ipynb", "nbformat", "nbformat")],
)
def test_a_missing_library_names_the_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str, package: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    path = tmp_path / f"a{suffix}"
    path.write_bytes(b"x")
    with pytest.raises(DocumentError, match=rf"reading \{suffix} needs {package}: pip install -e '\.\[documents\]'"):
        read_document(path)


NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>"""


def _numbered_word(path: Path, paragraphs: list[tuple[str, int | None]]) -> Path:
    """A Word document whose paragraphs are numbered by Word (multilevel list 90), the numbers not in the text."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml('<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                               'w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))  # fmt: skip
    for text, level in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph.paragraph_format.element.get_or_add_pPr().append(parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            ))  # fmt: skip
    document.save(str(path))
    return path


def test_numbers_word_draws_before_list_paragraphs_are_read_as_the_student_sees_them(tmp_path: Path) -> None:
    path = _numbered_word(tmp_path / "numbered.docx", [
        ("Name: Ada Lovelace", None), ("Dense layers", 0), ("60", 1), ("8", 1), ("a remark", 2),
        ("Arithmetic", 0), ("42", 1), ("12", 1),
    ])  # fmt: skip

    text = read_document(path)

    assert text.split("\n\n") == [
        "Name: Ada Lovelace", "1. Dense layers", "a) 60", "b) 8", "(i) a remark", "2. Arithmetic", "a) 42", "b) 12\n",
    ]  # fmt: skip
