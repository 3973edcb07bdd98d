"""A letter for the sigmoid: `s(x)(1 − s(x))`, `s'(x) = s(x)(1 − s(x))`, `s(1 − s)`, and Andrew Ng's activation
`g'(z) = g(z)(1 − g(z)) = a(1 − a)` (a = g(z)) answer a question about σ as often as σ does, and neither s nor g is
a function grader knows. Where an answer reads as nothing else for that reason alone and the expected answer is
written with σ, the letter is read as σ (applied, `s(x)` is σ(x); alone, `s` is σ(x), as in `s(1 − s)`, and so is
Ng's `a` beside his g) and the feedback says so. Every keyer of the corpus gave such answers full marks (9 of 9 for
s; 2 of 2 for Ng's g)."""

from __future__ import annotations

import re

_UNKNOWN = re.compile(r"\b([sg])'?\(\.\.\.\) is not a known function")
_SIGMOID_OF = re.compile(r"(?:\\sigma|σ|sigmoid)[ \t]*\([ \t]*([A-Za-z])[ \t]*\)")  # `\sigma(x)`: its argument
_VALUE = {"s": "s", "g": "a"}  # the letter of the sigmoid's value: s itself, as in `s(1 − s)`; Ng's a = g(z)


def _applied(letter: str) -> re.Pattern[str]:
    """`s(`, `s'(`: the letter as a function."""
    return re.compile(rf"(?<![\w\\]){letter}(?=[ \t]*'?[ \t]*\()")


def _alone(letter: str) -> re.Pattern[str]:
    """The letter as a value beside an operator or a bracket (`1 - s`, `s)`), not in prose (`where s is`)."""
    return re.compile(
        rf"(?:(?<=[-+*/(·⊙×=])|(?<=[-+*/(·⊙×=][ \t])){letter}(?![\w'(]|[ \t]*[('])"
        rf"|(?<![\w\\]){letter}(?=[ \t]?[-+*/)·⊙×])"
    )


def read_as_sigmoid(answer: str, expected: str, errors: list[str]) -> tuple[str, str] | None:
    """The answer with its letter for the sigmoid written as σ, and how it was read (`read s as the sigmoid σ`),
    when no statement of it could be read because that letter is no known function and the expected answer
    applies σ to one letter; None otherwise."""
    argument = _SIGMOID_OF.search(expected)
    letter = next((found.group(1) for error in errors if (found := _UNKNOWN.search(error))), None)
    if argument is None or letter is None or (letter == "g" and _alone(letter).search(answer)):
        return None  # `g(1 - g)`: Ng's g is a function, always applied; a g alone is a value of its own
    how = f"read {letter} as the sigmoid σ" + (" and a as its value g(z)" if letter == "g" else "")
    own = re.search(rf"(?<![\w\\]){letter}[ \t]*\([ \t]*([A-Za-z])[ \t]*\)", answer)  # `g(z)`: the answer's variable
    variable = (own or argument).group(1)
    value = f"σ({variable})"
    answer = re.sub(rf"(?<![\w\\]){letter}'(?![ \t]*\()", f"σ'({variable})", answer)  # `s' = …`: the derivative
    alone = _alone(_VALUE[letter])
    if letter == "s" and alone.search(answer):  # `s(1 - s)`: s is the value σ(x), and s( a product
        return alone.sub(value, _applied(letter).sub(f"{value}*", answer)), how
    answer = _applied(letter).sub("σ", answer)  # `s(x)(1 - s(x))`, `s'(x) = …`: s is the function
    if letter == "g" and alone.search(answer):  # `= a(1 − a)`: Ng's a is the value g(z)
        answer = alone.sub(value, _applied(_VALUE[letter]).sub(f"{value}*", answer))
    return answer, how
