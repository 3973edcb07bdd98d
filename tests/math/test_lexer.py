"""The lexer: what it reports, where, in the characters the student wrote."""

from __future__ import annotations

import pytest

from grader.errors import NotationError
from grader.math.parser import parse_one


@pytest.mark.parametrize(
    ("text", "position"),
    [
        pytest.param("x + y + )", 8, id="ascii"),
        pytest.param("ŷ + ā + )", 8, id="after-precomposed-accents"),
        pytest.param("ŷ + ā + x̄ + )", 13, id="precomposed-and-combining"),  # x̄ is x + a combining macron
    ],
)
def test_error_positions_count_the_characters_as_written(text: str, position: int) -> None:
    with pytest.raises(NotationError) as raised:
        parse_one(text)
    assert raised.value.position == position
    assert raised.value.text == text
