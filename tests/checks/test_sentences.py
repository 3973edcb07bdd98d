"""Where sentences and clauses end: not inside brackets, not after an abbreviation."""

from __future__ import annotations

import pytest

from grader.checks.sentences import boundaries


@pytest.mark.parametrize(
    ("text", "ends", "breaks"),
    [
        pytest.param("It forgets. It adds.", [10, 19], [10, 19], id="full-stops"),
        pytest.param("h_t = [h_fwd; h_bwd] here", [], [], id="a-semicolon-in-brackets-ends-nothing"),
        pytest.param("i.e. how much", [], [], id="an-abbreviation"),
        pytest.param("keep it, add it\nnext", [15], [7, 15], id="a-comma-breaks-a-clause-a-line-a-sentence"),
        pytest.param("(open\nclosed; yes", [5, 12], [5, 12], id="a-line-break-closes-a-bracket"),
    ],
)
def test_sentence_ends_and_clause_breaks(text: str, ends: list[int], breaks: list[int]) -> None:
    assert boundaries(text) == (ends, breaks)
