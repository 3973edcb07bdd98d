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


@pytest.mark.parametrize(
    ("text", "same"),
    [
        pytest.param(r"c_t = a \overset{f_t = 0}{=} b", "c_t = a = b", id="overset"),
        pytest.param(r"c_t = a \stackrel{\text{def}}{=} b", "c_t = a = b", id="stackrel"),
        pytest.param(r"c_t = \underbrace{f_t}_{=0} c + g", "c_t = (f_t) c + g", id="underbrace"),
        pytest.param(r"c_t = \overbrace{f_t c}^{\text{old}} + g", "c_t = (f_t c) + g", id="overbrace"),
    ],
)
def test_annotations_over_and_under_math_are_left_out(text: str, same: str) -> None:
    assert parse_one(text) == parse_one(same)


def test_overset_over_anything_else_is_not_read() -> None:
    with pytest.raises(NotationError):
        parse_one(r"a \overset{x}{+} b")
