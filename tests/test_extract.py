"""Finding math in prose."""

from __future__ import annotations

from grader.extract import equation_stretches, flatten_latex, marked_math


def test_marked_math_in_order() -> None:
    answer = r"First $$a = b$$ then \[c = d\], inline $e$ and \(f\); a price of 5 dollars is prose."
    assert marked_math(answer) == ["a = b", "c = d", "e", "f"]


def test_equation_stretches_stop_at_prose_words() -> None:
    line = "When f_t is set to 0, the update becomes: C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t"
    assert equation_stretches(line) == ["C_t = 0 * C_{t-1} + i_t * g_t = i_t * g_t"]


def test_flatten_latex_keeps_words_of_text_commands() -> None:
    assert "input size" in flatten_latex(r"$4 \times (\text{input size} + 1)$")
