"""The letter s for the sigmoid: `s(x)(1 − s(x))`, `s'(x) = s(x)(1 − s(x))`, `s(1 − s)` answer a question about
σ as often as σ does, and s is no function grader knows. Where an answer reads as nothing else for that reason
alone and the expected answer is written with σ, s is read as σ (applied, `s(x)` is σ(x); alone, `s` is σ(x), as
in `s(1 − s)`) and the feedback says so. Every keyer of the corpus gave such answers full marks (9 of 9)."""

from __future__ import annotations

import re

_UNKNOWN_S = re.compile(r"\bs'?\(\.\.\.\) is not a known function")
_SIGMOID_OF = re.compile(r"(?:\\sigma|σ|sigmoid)[ \t]*\([ \t]*([A-Za-z])[ \t]*\)")  # `\sigma(x)`: its argument
_APPLIED = re.compile(r"(?<![\w\\])s(?=[ \t]*'?[ \t]*\()")  # `s(`, `s'(`: s as a function
_ALONE = re.compile(  # `s` as a value beside an operator or a bracket (`1 - s`, `s)`), not in prose (`where s is`)
    r"(?:(?<=[-+*/(·⊙×=])|(?<=[-+*/(·⊙×=][ \t]))s(?![\w'(]|[ \t]*[('])|(?<![\w\\])s(?=[ \t]?[-+*/)·⊙×])"
)
_PRIME_ALONE = re.compile(r"(?<![\w\\])s'(?![ \t]*\()")  # `s' = s(1 - s)`: the derivative, as a value

ASSUMED = "read s as the sigmoid σ"


def read_as_sigmoid(answer: str, expected: str, errors: list[str]) -> str | None:
    """The answer with its letter s written as σ, when no statement of it could be read because s is no known
    function and the expected answer applies σ to one letter; None otherwise."""
    argument = _SIGMOID_OF.search(expected)
    if argument is None or not any(_UNKNOWN_S.search(error) for error in errors):
        return None
    value = f"σ({argument.group(1)})"
    answer = _PRIME_ALONE.sub(f"σ'({argument.group(1)})", answer)
    if _ALONE.search(answer):  # `s(1 - s)`: s is the value σ(x), and s( a product
        return _ALONE.sub(value, _APPLIED.sub(f"{value}*", answer))
    return _APPLIED.sub("σ", answer)  # `s(x)(1 - s(x))`, `s'(x) = …`: s is the function
