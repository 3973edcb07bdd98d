"""Find the math in a student's prose: display and inline math, equations in sentences, final numbers.

Nothing here evaluates text: candidates are handed to the safe parser, which refuses what it cannot
read. A number is taken as a result when it ends an equation (`... = 4609`) or is followed by a unit
word of the rubric (`4,609 parameters`); several unrelated numbers without either are not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.errors import GraderError, LimitError
from grader.math.arith import Number, evaluate_chain
from grader.math.parser import parse_one

MAX_ANSWER_LENGTH = 100_000

_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$", re.DOTALL)
_TEXT_COMMAND = re.compile(r"\\(?:text|textrm|textit|textbf|mathrm|operatorname)\s*\{([^{}]*)\}")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_COMMAND_SYMBOLS = {r"\times": "×", r"\cdot": "·", r"\div": "÷", r"\ast": "*"}
_SPACING_COMMANDS = re.compile(r"\\(?:left|right|big|Big|quad|qquad|displaystyle|[,;:! ])")
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?=\.\d|[^\d,]|$)")
_THIN_GROUPED = re.compile(r"(?<!\d)(\d{1,3}(?:[\u202f\u2009\u00a0]\d{3})+)(?!\d)")
_TIMES_LETTER = re.compile(r"(?<=\d)\s*[xX]\s*(?=\(?\d)")
_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-*•][ \t]*)?\(?\d{1,2}[.)](?=[ \t])|^[ \t]*[-*•](?=[ \t])")
_RUN = re.compile(r"[\d.+\-−–*/^=()×·÷⋅²³ \t]*\d[\d.+\-−–*/^=()×·÷⋅²³ \t]*")
_WORD = re.compile(r"[A-Za-z]+")
_NUMBER_WORDS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion)\b",
    re.IGNORECASE,
)


def marked_math(answer: str) -> list[str]:
    """The math a student marked as such (`$$...$$`, `$...$`, `\\[...\\]`, `\\(...\\)`), in order."""
    found = [next(group for group in match.groups() if group is not None) for match in _DISPLAY.finditer(answer)]
    return [text.strip() for text in found if text.strip()]


def _mathy(word: str) -> bool:
    """Whether a whitespace-separated word of prose looks like part of a formula."""
    from grader.math.lexer import GLYPHS
    from grader.math.parser import FUNCTIONS

    bare = word.strip(".,;:")
    if not bare:
        return False
    if any(char in bare for char in "_^\\=+*/()[]{}|⊙·×−'") or any(char.isdigit() for char in bare):
        return True
    if len(bare) == 1 or all(char in GLYPHS for char in bare):
        return True
    return bare in FUNCTIONS


def equation_stretches(line: str) -> list[str]:
    """The longest runs of formula-looking words around each `=` of a line of prose."""
    words = line.split()
    stretches = []
    i = 0
    while i < len(words):
        if "=" not in words[i]:
            i += 1
            continue
        start = i
        while start > 0 and _mathy(words[start - 1]):
            start -= 1
        end = i
        while end + 1 < len(words) and _mathy(words[end + 1]):
            end += 1
        stretch = " ".join(words[start : end + 1]).strip(".,;: ")
        if stretch:
            stretches.append(stretch)
        i = end + 1
    return stretches


@dataclass(frozen=True)
class FoundNumber:
    """A number found in an answer: its value, the text it came from, and whether it reads as a result."""

    value: Number
    source: str
    is_result: bool


def flatten_latex(text: str) -> str:
    """Answer text with LaTeX arithmetic turned into plain symbols and `\\text{...}` into words."""
    text = text.replace("{,}", ",")
    text = _TEXT_COMMAND.sub(lambda match: f" {match.group(1)} ", text)
    text = _FRAC.sub(lambda match: f"({match.group(1)})/({match.group(2)})", text)
    for command, symbol in _COMMAND_SYMBOLS.items():
        text = text.replace(command, f" {symbol} ")
    text = re.sub(r"(?<=\d)\\,(?=\d{3})", "", text)  # 16\,000
    text = _SPACING_COMMANDS.sub(" ", text)
    text = text.replace("$", " ").replace(r"\[", " ").replace(r"\]", " ").replace(r"\(", " ").replace(r"\)", " ")
    return text.replace("{", "(").replace("}", ")")


class TooLarge(LimitError):
    """An answer holds arithmetic too large to evaluate; its result cannot be judged."""


def numbers(answer: str, units: list[str]) -> list[FoundNumber]:
    """Every number or arithmetic result in an answer, in order.

    Raises TooLarge if some arithmetic in the answer is over the size limits: its value is unknown, so
    no number of the answer can safely be called the final one.
    """
    text = flatten_latex(answer)
    text = _LIST_MARKER.sub(" ", text)
    text = _GROUPED.sub(lambda match: match.group(1).replace(",", ""), text)
    text = _THIN_GROUPED.sub(lambda match: re.sub(r"\D", "", match.group(1)), text)
    text = _TIMES_LETTER.sub(" × ", text)
    unit_stems = {_stem(unit) for unit in units}
    found = []
    for match in _RUN.finditer(text):
        raw = match.group()
        start = match.start() + len(raw) - len(raw.lstrip(" \t"))
        end = match.start() + len(raw.rstrip(" \t"))
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before in "_\\" or after.isalpha() or after == "_":
            continue  # part of a name such as h_{t-1}, W2 or 3rd
        source = " ".join(_trim(raw).split())
        if not source or not any(char.isdigit() for char in source):
            continue
        try:
            chain = parse_one(source)
            values = evaluate_chain(chain)
        except LimitError as error:
            raise TooLarge(f"“{source}” is too large to check: {error.reason}") from None
        except (GraderError, ArithmeticError, ValueError):
            continue
        follower = _WORD.match(text[end:].lstrip(" \t"))
        is_unit = follower is not None and _stem(follower.group()) in unit_stems
        found.append(FoundNumber(values[-1], source, chain.is_equation or is_unit))
    return found


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def _trim(run: str) -> str:
    """A run of arithmetic without dangling operators or unmatched brackets at its ends."""
    previous = None
    run = run.strip()
    while run != previous:
        previous = run
        run = run.strip(" \t").lstrip("=+*/^×·÷⋅)").rstrip("+-−–*/^=×·÷⋅(.").strip(" \t")
        if run.count("(") > run.count(")") and run.startswith("("):
            run = run[1:]
        if run.count(")") > run.count("(") and run.endswith(")"):
            run = run[:-1]
    return run


def has_number_words(answer: str) -> bool:
    """Whether an answer spells numbers in words ("sixteen thousand"), which are not read."""
    return _NUMBER_WORDS.search(answer) is not None
