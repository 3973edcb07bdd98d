"""Find the math in a student's prose: display and inline math, equations in sentences, final numbers.

Nothing here evaluates text: candidates are handed to the safe parser, which refuses what it cannot
read. A number is taken as a result when it ends an equation (`... = 4609`) or is followed by a unit
word of the rubric (`4,609 parameters`); several unrelated numbers without either are not guessed at.

A factorial is read as arithmetic (`4! = 24`, `factorial(4)`, `(10^9)!` too large to check). A `!` after a
number that ends a sentence (`The answer is 24!`) may be emphasis or a factorial: both readings are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.errors import GraderError, LimitError, NotationError
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
# A stretch of arithmetic; those with a digit are candidate numbers. `!` is a factorial but not in `!=`; `factorial`
# counts when a bracket follows. Matched as maximal stretches: the former `[...]*\d[...]*` tried every start inside
# a stretch without a digit again, O(n²): 100,000 spaces took a minute.
_RUN = re.compile(r"(?:factorial(?=[ \t]*\()|!(?!=)|[\d.+\-−–*/^=()×·÷⋅²³ǃ \t])+")
_MATH_BANG = "ǃ"  # a `!` inside marked math (`$4!$`), where it is a factorial and never emphasis
_MATH_DELIMITER = re.compile(r"((?<!\\)\$\$?|\\[()\[\]])")
# What follows a factorial's `!` inside a sentence: a word in lower case (`4! ways`) or more arithmetic. Emphasis
# ends a sentence: after it may come the end, a new line, a capital, a bracket or punctuation (`24! (I think)`).
_SENTENCE_GOES_ON = re.compile(r"[ \t]*[a-z+*/^=×·÷⋅]")
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
class Exclaimed:
    """The other reading of a number written with `!` at the end of a sentence (`24!`): as a factorial."""

    value: Number | None  # None: too large to compute
    source: str  # `24!`


@dataclass(frozen=True)
class FoundNumber:
    """A number found in an answer: its value, the text it came from, and whether it reads as a result.
    `exclaimed` is its reading as a factorial when it ends a sentence with `!`; `value` is then the plain one."""

    value: Number
    source: str
    is_result: bool
    exclaimed: Exclaimed | None = None


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
    no number of the answer can safely be called the final one. Raises NotationError for a factorial that
    cannot be read (`2.5!`, `4!!`) for the same reason.
    """
    text = flatten_latex(_mark_math_bangs(answer))
    text = _LIST_MARKER.sub(" ", text)
    text = _GROUPED.sub(lambda match: match.group(1).replace(",", ""), text)
    text = _THIN_GROUPED.sub(lambda match: re.sub(r"\D", "", match.group(1)), text)
    text = _TIMES_LETTER.sub(" × ", text)
    unit_stems = {_stem(unit) for unit in units}
    found = []
    for match in _RUN.finditer(text):
        raw = match.group()
        if not any(char.isdigit() for char in raw):
            continue
        start = match.start() + len(raw) - len(raw.lstrip(" \t!ǃ"))  # `Yes!4`: a leading `!` is the text's
        end = match.start() + len(raw.rstrip(" \t"))
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        ends_with_bang = raw.rstrip(" \t").endswith("!")  # `24!Thanks`: the `!` ends the number
        if before.isalnum() or before in "_\\" or (after.isalpha() and not ends_with_bang) or after == "_":
            continue  # part of a name such as h_{t-1}, W2 or 3rd
        source = " ".join(_trim(raw).split())
        if not source or not any(char.isdigit() for char in source):
            continue
        if "!!" in source.replace(" ", "").replace(_MATH_BANG, "!"):
            raise NotationError(f"“{source}”: `!!` may be a double factorial or emphasis; it is not read")
        emphatic = _may_be_emphasis(source, text, match.start() + raw.rfind("!") + 1)
        source = source.replace(_MATH_BANG, "!")
        plain = _trim(source[:-1]) if emphatic else source
        try:
            chain = parse_one(plain)
            values = evaluate_chain(chain)
        except LimitError as error:
            raise TooLarge(f"“{plain}” is too large to check: {error.reason}") from None
        except (GraderError, ArithmeticError, ValueError) as error:
            if "!" in plain or "factorial" in plain:  # skipped, another number would be taken for the result
                raise NotationError(f"cannot read the factorial in “{plain}”: {error}") from None
            continue
        follower = _WORD.match(text[end:].lstrip(" \t"))
        is_unit = follower is not None and _stem(follower.group()) in unit_stems
        exclaimed = _exclaimed(source, values, chain.is_equation) if emphatic else None
        found.append(FoundNumber(values[-1], plain, chain.is_equation or is_unit, exclaimed))
    return found


def _mark_math_bangs(answer: str) -> str:
    """The answer with each `!` inside `$...$`, `$$...$$`, `\\(...\\)` or `\\[...\\]` made _MATH_BANG (but
    `\\!`, a LaTeX space). In LaTeX `4!=24` is `4! = 24`: inequality is `\\neq`."""
    pieces = _MATH_DELIMITER.split(answer)
    inside = False
    for index, piece in enumerate(pieces):
        if index % 2:  # a delimiter: `$` and `$$` open or close, the others say which
            inside = not inside if piece.startswith("$") else piece in ("\\(", "\\[")
        elif inside:
            pieces[index] = re.sub(r"(?<!\\)!", _MATH_BANG, piece)
    return "".join(pieces)


def _may_be_emphasis(source: str, text: str, after: int) -> bool:
    """Whether `source` ends with a `!` right after a number (not a bracket: `(n+1)!`) at the end of a sentence,
    where it may be emphasis; `after` is where the text goes on after it."""
    return source.endswith("!") and source[:-1].rstrip()[-1:].isdigit() and not _SENTENCE_GOES_ON.match(text, after)


def _exclaimed(source: str, plain: list[Number], is_equation: bool) -> Exclaimed | None:
    """The factorial reading of a run ending in `n!` whose plain reading is `plain`, if it has one."""
    if is_equation and len(set(plain)) == 1:
        return None  # `4! = 24!`, `4 × 1568 = 6272!`: a factorial would make the equation false
    try:
        values = evaluate_chain(parse_one(source))
    except LimitError:
        return Exclaimed(None, source)
    except (GraderError, ArithmeticError, ValueError):
        return None  # `2.5!` is no factorial: only the plain reading is left
    return Exclaimed(values[-1], source)


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
        run = run.strip(" \t").lstrip("=+*/^×·÷⋅)!ǃ").rstrip("+-−–*/^=×·÷⋅(.").strip(" \t")
        if run.count("(") > run.count(")") and run.startswith("("):
            run = run[1:]
        if run.count(")") > run.count("(") and run.endswith(")"):
            run = run[:-1]
    return run


def has_number_words(answer: str) -> bool:
    """Whether an answer spells numbers in words ("sixteen thousand"), which are not read."""
    return _NUMBER_WORDS.search(answer) is not None
