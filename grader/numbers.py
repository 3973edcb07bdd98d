"""Numbers in prose: every number a student writes, how sure its reading is, and which one is the answer.

Students state a count in many ways: `8,705 (8,448 + 257)`, `Total: 4352 + 257 = 4609 parameters`,
`W: 3x3x32x64 = 18432, b: 64 → 18496`, a copied `Total params: 96,266 (376.04 KB)`, `18 624`, `16'000`,
`6\\,272`, `≈1.05M`, `sixteen thousand`, `no parameters`, `¼`. Reading them takes three steps:

1. The text is normalised (`grader.extract.flatten_latex`, Unicode dashes, times signs and fractions, arrows,
   thousands written with spaces, apostrophes or thin spaces) without moving anything, and every number is
   found with its *rank*: a result named as such (`Total:`, `so`, `i.e.`, `→`, `Σ =`, `... in total`), the
   result of an equation (`... = 4609`) or a number followed by one of the rubric's units, a plain number, a
   number in brackets after another (`320 (288 weights + 32 biases)`: working or commentary), or one rejected
   in so many words (`18,816 (not 18,624)`).
2. The answer is the last number of the highest rank present. Another number of that rank with another value
   makes the answer ambiguous unless it reappears in later working (`1568 ... 4 × 1568 = 6272`) or the last one
   is named the total: a grader then reads it (`needs_review`, the candidates listed).
3. Readings that may be right or wrong are kept together for the check to judge: `20.362` for a count (a
   decimal, or 20,362 with European grouping), `8x8` (64, or a side of 8), `24!` ending a sentence (emphasis or
   a factorial), approximations (`16K`, `about 18.8k`: right only if the student also gives the exact count,
   else a grader decides). Digits that cannot be read are never an `incorrect`: only a clear wrong number is.

Nothing here evaluates text: candidates are handed to the safe parser, which refuses what it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from fractions import Fraction

from grader.errors import GraderError, LimitError, NotationError
from grader.extract import flatten_latex
from grader.math.arith import Number, evaluate_chain
from grader.math.parser import parse_one


class Rank(IntEnum):
    """How strongly the text marks a number as the student's result."""

    REJECTED = 0  # `(not 18,624)`
    ASIDE = 1  # in brackets after another number, or a condition such as `at x = 0`
    PLAIN = 2
    RESULT = 3  # the end of an equation, or followed by a unit word of the rubric
    LABELLED = 4  # `Total:`, `so`, `i.e.`, `→`, `Σ =`, `... in total`


class TooLarge(LimitError):
    """An answer holds arithmetic too large to evaluate; its result cannot be judged."""


@dataclass(frozen=True)
class Exclaimed:
    """The other reading of a number written with `!` at the end of a sentence (`24!`): as a factorial."""

    value: Number | None  # None: too large to compute
    source: str  # `24!`


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A number found in an answer: its value, the text it was read from, how it is marked, and other ways the
    same text can be read."""

    value: Number
    source: str
    rank: Rank
    position: int
    approximate: Fraction | None = None  # `≈1.05M`: its half-width (the value is within value ± this)
    strong: bool = False  # named the total or the answer in so many words
    note: str | None = None  # how it was read, when that is worth saying (`20.362 read as 20,362`)
    others: tuple[tuple[Number, str], ...] = ()  # other readings of the same text, each with how it was read
    exclaimed: Exclaimed | None = None
    hedged: bool = False  # followed by a question mark (`18624 too?`): the student is not sure
    concluded: bool = False  # introduced as a conclusion (`so`, `i.e.`, `which is`): what working leads to
    referred: bool = False  # a number the answer refers to (`for 5 steps`, `same as 18,816`), never its result
    offered: bool = False  # offered as another answer (`18,816 (or maybe 18,624)`, `or 18,624`)


@dataclass(frozen=True, kw_only=True)
class Choice:
    """The number picked as the answer, or why none can be (`candidate` None: the reason and whether the answer
    holds something a grader should read)."""

    candidate: Candidate | None = None
    reason: str = ""
    unreadable: bool = False  # digits or number words were there but could not be read or picked
    candidates: list[Candidate] = field(default_factory=list)


# -- normalising: every replacement keeps a number's digits together; lengths may change ------------------

_UNICODE = str.maketrans({"−": "-", "–": "-", "—": "-", "⋅": "·", "∙": "·", "∗": "*", "✕": "×", "［": "(", "］": ")"})
_FRACTIONS = {"¼": "1/4", "½": "1/2", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅕": "1/5", "⅛": "1/8", "⅜": "3/8",
              "⅝": "5/8", "⅞": "7/8", "⅙": "1/6", "⅚": "5/6"}  # fmt: skip
_SUPERSCRIPTS = str.maketrans("⁰¹⁴⁵⁶⁷⁸⁹", "01456789")
_ARROW = re.compile(r"\\(?:Rightarrow|Longrightarrow|implies|rightarrow|longrightarrow|to)\b|=+>|-+>|[⇒⟹→⟶➔➜]")
_LATEX_WORDS = {r"\approx": " ≈ ", r"\sim": " ~ ", r"\Sigma": " Σ ", r"\sum": " Σ ", r"\neq": " ≠ ", r"\ne ": " ≠ "}
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?=\.\d|,(?!\d)|[^\d,]|$)")
_APOSTROPHE_GROUPED = re.compile(r"(?<![\d'’])(\d{1,3}(?:['’]\d{3})+)(?![\d'’])")
_THIN_GROUPED = re.compile(r"(?<!\d)(\d{1,3}(?:[\u202f\u2009\u00a0\u2007]\d{3})+)(?!\d)")
_SPACE_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?![\d.,])")
_DOT_GROUPED = re.compile(r"(?<![\d.,])([1-9]\d{0,2}(?:\.\d{3}){2,})(?![\d.,])")
_TIMES_LETTER = re.compile(r"(?<=[\d)])\s*[xX]\s*(?=\(?\d)")

# -- finding -------------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"(?m)^[ \t]*\(?\d{1,2}[.)](?=[ \t])")  # a numbered line: `1. …`, `(2) …`
_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-*•][ \t]*)?\(?\d{1,2}[.)](?=[ \t])|^[ \t]*[-*•](?=[ \t])")
# A stretch of arithmetic; those with a digit are candidate numbers. `!` is a factorial but not in `!=`; `factorial`
# counts when a bracket follows. Matched as maximal stretches: `[...]*\d[...]*` tried every start inside a stretch
# without a digit again, O(n²) on long text.
_RUN = re.compile(r"(?:factorial(?=[ \t]*\()|!(?!=)|[\d.+\-*/^=()×·÷²³ǃ \t])+")
_MATH_BANG = "ǃ"  # a `!` inside marked math (`$4!$`), where it is a factorial and never emphasis
_MATH_DELIMITER = re.compile(r"((?<!\\)\$\$?|\\[()\[\]])")
_SENTENCE_GOES_ON = re.compile(r"[ \t]*[a-z+*/^=×·÷]")
_WORD = re.compile(r"[A-Za-z]+")
_SHORTHAND = re.compile(
    r"(?<![\w.,])(\d+(?:\.\d+)?)[ \t]?(k|K|thousand|M|m|Mio|mio|million|mn)(?![\w])"
)  # 16K, 8.4k, 1.05M, 1.05 million
_APPROXIMATELY = re.compile(
    r"(?:≈|~|\bapprox(?:\.|imately)?|\babout|\broughly|\baround|\bcirca|\bca\.|\balmost|\bnearly)[ \t]*$", re.IGNORECASE
)
_STRONG_LABEL = re.compile(
    r"(?:\btotal(?:[ \t]+(?:params|parameters|number|count|weights))?|\bin[ \t]+total|\boverall|\baltogether|"
    r"\ball[ \t]+together|\b(?:final[ \t]+)?answer|\bresult|\bfinal(?:ly)?|→|Σ|\bgo(?:ing)?[ \t]+with)[^.;\n]{0,25}$",
    re.IGNORECASE,
)
_WEAK_LABEL = re.compile(
    r"(?:\bso|\bthus|\btherefore|\bhence|\bgives?|\bgiving|\byields?|\bmakes?|\bcomes[ \t]+to|\bamounts?[ \t]+to|"
    r"\bi\.?[ \t]?e\.?|\bthat[ \t]+is|\bwhich[ \t]+is|\bequals?|\bsums?[ \t]+to|∴|\bI[ \t]+think|\bI['’]?d[ \t]+say|"
    r"\bI[ \t]+would[ \t]+say)[ \t:,=]*(?:\w+[ \t]+){0,3}$",
    re.IGNORECASE,
)
_TRAILING_LABEL = re.compile(r"^[ \t]*(?:\w+[ \t]+){0,2}(?:in[ \t]+total|total|overall|altogether|in[ \t]+all)\b")
_REJECTING = re.compile(r"(?:\bnot|\binstead[ \t]+of|\brather[ \t]+than|≠|\bwrong(?:ly)?|\bnor)[ \t:]*$", re.IGNORECASE)
# `for 5 time steps`, `same as 5`, `more than 18,816`: a number the answer refers to, not its result
_REFERENCE = re.compile(r"(?:\bsame[ \t]+as|\bas[ \t]+(?:for|with|in)|\bthan|\bfor)[ \t]*$", re.IGNORECASE)
# `because the 512 dimensions are split over 8 heads`: numbers of a reason are not the result, unless a
# conclusion follows it in the sentence (`because reset_after is True, which gives 18,816`)
_REASON = re.compile(
    r"\b(?:because|since)\b(?![^.;\n]*\b(?:so|thus|hence|therefore|gives?|giving|which[ \t]+is|total)\b)",
    re.IGNORECASE,
)
# `same as keras`, `see above`: an answer that points to another answer instead of giving a number
_POINTS_ELSEWHERE = re.compile(r"\b(?:same[ \t]+as|see|as[ \t]+(?:in|for|above|before)|refer)", re.IGNORECASE)
_OFFERED = re.compile(r"\bor[ \t]+(?:maybe[ \t]+|perhaps[ \t]+|possibly[ \t]+)?$", re.IGNORECASE)
_HEDGED = re.compile(  # `18624?`, `18624 too?`, `0.25 at x = 0 but not 100% sure`
    r"[ \t]*(?:[A-Za-z]+[ \t]*){0,2}\?|[^.;\n]{0,40}?\b(?:not[ \t]+(?:100[ \t]*%[ \t]+)?(?:sure|certain)|unsure)\b",
    re.IGNORECASE,
)
_NOT_THE_ANSWER = re.compile(r"non-?trainable[ \t]+param(?:eter)?s?[ \t]*:?[ \t]*$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[\n;()!?]|(?<!\bi\.e)(?<!\be\.g)(?<!\bvs)\.(?=\s)")
_CONDITION = re.compile(  # `at x = 0`, `k = 2`, `for tau = 10`
    r"(?:^|[\s(,;:])(?:\\?[A-Za-z](?:_\{?\w{1,3}\}?)?|\\[a-z]+|(?:tau|alpha|beta|gamma|lambda|theta|eta|mu)|[α-ω])"
    r"[ \t]*$"
)
_ZERO_PHRASE = re.compile(
    r"\bno[ \t]+(?:trainable[ \t]+|learnable[ \t]+)?(?:param(?:eter)?s|weights|biases|trainable[ \t]+weights)\b|"
    r"\b(?:has|have|with)[ \t]+none\b|\A[ \t]*(?:none|nothing|zero|nil)\b",
    re.IGNORECASE,
)

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_NUMBER_WORD = "|".join([*_UNITS_WORDS, *_SCALE_WORDS])
_WORD_NUMBER = re.compile(
    rf"\b(?:{_NUMBER_WORD})(?:(?:[ \t]*-[ \t]*|[ \t]+(?:and[ \t]+)?)(?:{_NUMBER_WORD}))*\b", re.IGNORECASE
)


def find_numbers(answer: str, units: list[str], *, counts: bool = False, params: bool = False) -> list[Candidate]:
    """Every number of an answer with its rank, in order; `counts`: the answer is a count (a whole number),
    so `20.362` may be 20,362 written with a European dot; `params`: the answer is a parameter count, so the
    shape `(None, 32)` of a copied `model.summary()` row is not it. Raises TooLarge for arithmetic over the size limits
    (its value is unknown, so no number of the answer can safely be called the answer) and NotationError for a
    factorial that cannot be read (`2.5!`, `4!!`), for the same reason."""
    text = normalise(answer)
    candidates: list[Candidate] = []
    text = _take_shorthand(text, candidates)
    text = _take_words(text, candidates)
    unit_stems = {_stem(unit) for unit in units}
    for start, end in _runs(text):
        found = _read_run(text, start, end, unit_stems, counts, params)
        if found is None:  # `256 128 64`: numbers side by side are a list, each read on its own
            pieces = [m.span() for m in re.finditer(r"\S+", text[start:end])]
            if len(pieces) > 1:
                for a, b in pieces:
                    found = _read_run(text, start + a, start + b, unit_stems, counts, params)
                    candidates += [found] if found is not None else []
            continue
        candidates.append(found)
    return sorted(candidates, key=lambda c: c.position)


def normalise(answer: str) -> str:
    """The answer with numbers and arithmetic in one spelling: LaTeX flattened, Unicode minus and times signs,
    fractions and superscripts, arrows as `→`, thousands grouped by commas, apostrophes, thin spaces, spaces or
    dots (`1.050.624`) written without them, `x` between numbers as `×`, list markers removed."""
    text = _mark_math_bangs(answer)
    for command, symbol in _LATEX_WORDS.items():
        text = text.replace(command, symbol)
    text = _ARROW.sub(" → ", text)
    text = flatten_latex(text).translate(_UNICODE)
    for fraction, plain in _FRACTIONS.items():
        text = re.sub(rf"(?<=\d){fraction}", f"+{plain}", text).replace(fraction, f" {plain} ")
    text = re.sub(r"[⁰¹⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    text = text.replace("[", "(").replace("]", ")")
    lone = _NUMBERED.match(text)
    if not (lone and len(_NUMBERED.findall(text)) == 1 and not re.search(r"\d", text[lone.end() :])):
        text = _LIST_MARKER.sub(" ", text)  # a marker `1) Embedding: 16,000`, unless it is the only number:
        # `0. Max pooling has no weights` answers 0
    text = _GROUPED.sub(lambda m: m.group(1).replace(",", ""), text)
    text = _APOSTROPHE_GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(1)), text)
    text = _THIN_GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(1)), text)
    text = _SPACE_GROUPED.sub(_space_grouped, text)
    text = _DOT_GROUPED.sub(lambda m: m.group(1).replace(".", "") + "\u2063", text)  # marked: say how it was read
    return _TIMES_LETTER.sub(" × ", text)


def _space_grouped(match: re.Match[str]) -> str:
    """`16 000`, `1 050 624` as one number, unless it sits in a list of numbers (`256 128 64`)."""
    text, start, end = match.string, match.start(), match.end()
    if re.search(r"\d[ \t]$", text[max(0, start - 2) : start]) or re.match(r"[ \t]\d", text[end : end + 2]):
        return match.group()
    return match.group(1).replace(" ", "")


def _take_shorthand(text: str, candidates: list[Candidate]) -> str:
    """Approximations such as `16K`, `≈1.05M`, `about 18.8k`: candidates of their own, blanked out of `text`."""

    def take(match: re.Match[str]) -> str:
        digits, suffix = match.group(1), match.group(2)
        scale = 1000 if suffix.lower() in ("k", "thousand") else 10**6
        value = Fraction(digits) * scale
        decimals = len(digits.partition(".")[2])
        half = Fraction(scale, 2 * 10**decimals)
        candidates.append(
            Candidate(value=value, source=match.group().strip(), rank=_rank_before(text, match.start()),
                      position=match.start(), approximate=half, strong=_strong(text, match.start(), match.end()))
        )  # fmt: skip
        return " " * len(match.group())

    return _SHORTHAND.sub(take, text)


def _take_words(text: str, candidates: list[Candidate]) -> str:
    """Numbers in words (`sixteen thousand`, `no parameters`): candidates of their own when the answer has no
    digits to read, blanked out of `text` (`one kernel` in a sentence next to digits is prose, not a number)."""
    digits = bool(re.search(r"\d", text))
    lead = _WORD_NUMBER.match(text.lstrip())  # `Sixty-four, because the 512 dimensions ...`: the answer comes first
    if digits and lead is not None and (value := words_value(lead.group())) is not None and value > 0:
        at = len(text) - len(text.lstrip())
        candidates.append(Candidate(value=Fraction(value), source=lead.group(), position=at, rank=Rank.PLAIN))
    for match in _ZERO_PHRASE.finditer(text):  # `pooling has no parameters` states the count
        rank = _rank_before(text, match.start())
        candidates.append(Candidate(value=Fraction(0), source=match.group().strip(), position=match.start(),
                                    rank=Rank.LABELLED if rank is Rank.PLAIN else rank))  # fmt: skip
    if digits:
        return text
    short = len(text.split()) <= 2
    for match in _WORD_NUMBER.finditer(text):
        value = words_value(match.group())
        rank = _rank_before(text, match.start())
        if match.group().lower() == "one" and rank <= Rank.PLAIN and not short:
            continue  # `plus one bias for each unit`: an article more often than a number
        if value is not None and not (value == 0 and _ZERO_PHRASE.search(text)):
            candidates.append(Candidate(value=Fraction(value), source=match.group(), position=match.start(),
                                        rank=rank, strong=_strong(text, match.start(), match.end())))  # fmt: skip
    return text


def words_value(words: str) -> int | None:
    """The value of a number in English words (`eighteen thousand eight hundred sixteen`), None if malformed."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("", "and"):
            continue
        if word in _UNITS_WORDS:
            current += _UNITS_WORDS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in _SCALE_WORDS:
            total += (current or 1) * _SCALE_WORDS[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _runs(text: str) -> list[tuple[int, int]]:
    """Spans of arithmetic with a digit. A run stops before a bracket that follows a number after a space
    (`8705 (8448 + 257)`: students do not write products so) and skips a function's argument (`σ(0)`)."""
    spans = []
    for match in _RUN.finditer(text):
        start, end = match.start(), match.end()
        for piece_start, piece_end in _split_run(text, start, end):
            if any(char.isdigit() for char in text[piece_start:piece_end]):
                spans.append((piece_start, piece_end))
    return spans


def _split_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    paren = start + len(text[start:end]) - len(text[start:end].lstrip(" \t"))
    if paren < end and text[paren] == "(" and paren > 0 and (text[paren - 1].isalpha() or text[paren - 1] in "_}\\"):
        close = _matching(text, paren, end)
        if close is None:
            return []
        cursor = close + 1  # the argument of a function (`σ(0)`) or of a named thing (`W(3)`) is not a number
    for aside in re.finditer(r"(?<=[\d)])[ \t]+\((?=[^)]*\d)", text[cursor:end]):
        split = cursor + aside.start()
        pieces.append((cursor, split))
        cursor = split
    pieces.append((cursor, end))
    return [(a, b) for a, b in pieces if b > a]


def _matching(text: str, opening: int, end: int) -> int | None:
    depth = 0
    for index in range(opening, end):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


def _read_run(text: str, start: int, end: int, unit_stems: set[str], counts: bool, params: bool) -> Candidate | None:
    raw = text[start:end]
    trimmed = _trim(raw)
    if not trimmed or not any(char.isdigit() for char in trimmed):
        return None
    first = start + raw.find(trimmed)
    last = first + len(trimmed)
    opens = raw[: first - start]  # what the run had before its number: `= `, `(`, `) = `
    before = text[first - 1] if first else " "
    after = text[last] if last < len(text) else " "
    ends_with_bang = trimmed.endswith("!")
    if before.isalnum() or before in "_\\" or (after.isalpha() and not ends_with_bang) or after == "_":
        return None  # part of a name such as h_{t-1}, W2 or 3rd
    source = " ".join(trimmed.split())
    if "!!" in source.replace(" ", "").replace(_MATH_BANG, "!"):
        raise NotationError(f"“{source}”: `!!` may be a double factorial or emphasis; it is not read")
    emphatic = _may_be_emphasis(source, text, last)
    dot_grouped = "\u2063" in source
    source = source.replace(_MATH_BANG, "!").replace("\u2063", "")
    plain = _trim(source[:-1]) if emphatic else source
    try:
        chain = parse_one(plain)
        values = evaluate_chain(chain)
    except LimitError as error:
        raise TooLarge(f"“{plain}” is too large to check: {error.reason}") from None
    except (GraderError, ArithmeticError, ValueError) as error:
        if "!" in plain or "factorial" in plain:  # skipped, another number would be taken for the result
            raise NotationError(f"cannot read the factorial in “{plain}”: {error}") from None
        return None
    worked = chain.is_equation or any(char in plain for char in "+-*/^×·÷()!")
    equals = "=" in opens
    opening = opens.lstrip(" \t")
    if equals and not worked and _CONDITION.search(text[max(0, start - 30) : start].rstrip(" \t")):
        rank = Rank.ASIDE  # `at x = 0`, `k = 2`: a condition, not a result
    elif (opening.startswith("(") or source.startswith("(")) and re.search(r"[\d)][ \t]*$", text[:start]):
        rank = Rank.ASIDE  # `320 (288 + 32)`: working or commentary after the number
    elif params and _in_keras_shape(text, first):
        rank = Rank.ASIDE  # `lstm (LSTM) (None, 32) 6272`: a shape, the count follows it
    else:
        rank = _rank(text, first, last, chain.is_equation or equals, unit_stems)
    exclaimed = _exclaimed(source, values, chain.is_equation) if emphatic else None
    return Candidate(
        value=values[-1], source=plain, rank=rank, position=first, strong=_strong(text, first, last),
        approximate=_approximately(text, first, values[-1]), exclaimed=exclaimed,
        note=f"“{plain}” read with dots grouping thousands" if dot_grouped else None,
        others=_other_readings(plain, chain.is_equation, counts), hedged=bool(_HEDGED.match(text, last)),
        concluded=bool(_WEAK_LABEL.search(_clause_before(text, first))),
        referred=bool(_REFERENCE.search(_clause_before(text, first))),
        offered=bool(_OFFERED.search(_clause_before(text, first))),
    )  # fmt: skip


def _approximately(text: str, start: int, value: Number) -> Fraction | None:
    """`about 19,000`: a rounded number said to be approximate is as precise as its trailing zeros."""
    if not _APPROXIMATELY.search(text[max(0, start - 20) : start]):
        return None
    if not isinstance(value, Fraction) or value.denominator != 1 or value == 0:
        return None
    digits = str(abs(value.numerator))
    zeros = len(digits) - len(digits.rstrip("0"))
    return Fraction(10**zeros, 2) if zeros else None


def _rank(text: str, start: int, end: int, result: bool, unit_stems: set[str]) -> Rank:
    """How the text around `text[start:end]` marks it."""
    before = _clause_before(text, start)
    if _REJECTING.search(before):
        return Rank.REJECTED
    if _NOT_THE_ANSWER.search(before) or _REFERENCE.search(before) or _in_brackets(text, start):
        return Rank.ASIDE
    if _REASON.search(_sentence_before(text, start)):
        return Rank.ASIDE
    if _STRONG_LABEL.search(before) or _TRAILING_LABEL.match(text[end:]):
        return Rank.LABELLED
    follower = _WORD.match(text[end:].lstrip(" \t"))
    if result or _WEAK_LABEL.search(before) or (follower is not None and _stem(follower.group()) in unit_stems):
        return Rank.RESULT  # `so`, `i.e.`, `gives` mark a result as an equation does, no more: working says so too
    return Rank.PLAIN


def _rank_before(text: str, start: int) -> Rank:
    before = _clause_before(text, start)
    if _REJECTING.search(before):
        return Rank.REJECTED
    if _REFERENCE.search(before) or _in_brackets(text, start) or _REASON.search(_sentence_before(text, start)):
        return Rank.ASIDE
    if _STRONG_LABEL.search(before):
        return Rank.LABELLED
    return Rank.RESULT if _WEAK_LABEL.search(before) else Rank.PLAIN


def _strong(text: str, start: int, end: int) -> bool:
    """Whether a number is named the total or the answer (`Total:`, `→`, `... in total`)."""
    return bool(_STRONG_LABEL.search(_clause_before(text, start)) or _TRAILING_LABEL.match(text[end:]))


def _clause_before(text: str, start: int) -> str:
    """The text before `start` back to the previous number, sentence end, line, bracket or `;`."""
    head = text[max(0, start - 80) : start]
    ends = [m.end() for m in _CLAUSE_END.finditer(head)]
    head = head[ends[-1] :] if ends else head
    digits = [m.end() for m in re.finditer(r"\d", head)]
    return head[digits[-1] :] if digits else head


def _sentence_before(text: str, start: int) -> str:
    """The text before `start` back to the start of its sentence or line."""
    head = text[max(0, start - 300) : start]
    ends = [m.end() for m in re.finditer(r"[\n!?]|(?<!\bi\.e)(?<!\be\.g)\.(?=\s)", head)]
    return head[ends[-1] :] if ends else head


def _in_brackets(text: str, start: int) -> bool:
    """Whether `start` lies inside brackets opened in the prose (not inside its own arithmetic). A Keras shape
    `(None, 7744)` is not an aside: a copied `model.summary()` row states it."""
    opened: list[int] = []
    line_start = text.rfind("\n", 0, start) + 1
    for index in range(line_start, start):
        if text[index] == "(":
            opened.append(index)
        elif text[index] == ")" and opened:
            opened.pop()
    return any(not text[index + 1 :].lstrip().startswith("None") for index in opened)


def _in_keras_shape(text: str, start: int) -> bool:
    """Whether `start` lies inside a Keras shape `(None, ...)`."""
    opening = text.rfind("(", 0, start)
    return opening >= 0 and ")" not in text[opening:start] and text[opening + 1 :].lstrip().startswith("None")


def _other_readings(source: str, is_equation: bool, counts: bool) -> tuple[tuple[Number, str], ...]:
    """Other readings of the same text: `8x8` may be 64 or a side of 8; `20.362`, in a count, a decimal or 20,362."""
    compact = source.replace(" ", "")
    square = re.fullmatch(r"(\d+)×\1", compact)
    if square and not is_equation:
        side = Fraction(int(square.group(1)))
        return ((side, f"“{source}” read as a side of {square.group(1)}"),)
    decimal = re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", compact)
    if decimal and counts and not is_equation:
        grouped = Fraction(int(compact.replace(".", "")))
        return ((grouped, f"“{source}” read as {int(grouped):,} (a dot grouping thousands)"),)
    return ()


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
        run = run.strip(" \t").lstrip("=+*/^×·÷)!ǃ").rstrip("+-*/^=×·÷(.").strip(" \t")
        if run.startswith(".") and not run[1:2].isdigit():  # `i.e. 6016`: a full stop, not `.25`
            run = run[1:]
        if run[:1] == "(" and run[-1:] == ")" and len(run) < 2000 and _matching(run, 0, len(run)) == len(run) - 1:
            run = run[1:-1]
        if run.count("(") > run.count(")") and run.startswith("("):
            run = run[1:]
        if run.count(")") > run.count("(") and run.endswith(")"):
            run = run[:-1]
    return run


# -- choosing --------------------------------------------------------------------------------------------


def choose(candidates: list[Candidate], find: str, answer: str) -> Choice:
    """The candidate that is the answer (`find`: `final` as the module docstring says, or the `first`, `last` or
    `only` number), or why none can be picked."""
    usable = [c for c in candidates if c.rank is not Rank.REJECTED]
    if not usable:
        if _POINTS_ELSEWHERE.search(answer):
            reason = "Your answer points to another answer instead of giving a number; a grader will read it."
            return Choice(reason=reason, unreadable=True, candidates=candidates)
        digits = bool(re.search(r"\d", answer)) or bool(_WORD_NUMBER.search(answer))
        reason = (
            "No number found in your answer."
            if not digits
            else (
                "Your answer has digits or number words, but no number could be read from them; a grader will read it."
            )
        )
        return Choice(reason=reason, unreadable=digits, candidates=candidates)
    if find == "first":
        return Choice(candidate=usable[0], candidates=candidates)
    if find == "last":
        return Choice(candidate=usable[-1], candidates=candidates)
    if find == "only":
        if len({c.value for c in usable}) == 1:
            return Choice(candidate=usable[-1], candidates=candidates)
        return Choice(reason=f"Your answer holds several numbers ({_list(usable)}); it should state just one.",
                      unreadable=True, candidates=candidates)  # fmt: skip
    return _final(usable, candidates, normalise(answer))


def _final(usable: list[Candidate], candidates: list[Candidate], answer: str) -> Choice:
    top = max(c.rank for c in usable)
    if top is Rank.ASIDE:  # only asides: one in brackets may be the result, a number referred to never is
        usable = [c for c in usable if not c.referred]
        if not usable:
            referred = _list([c for c in candidates if c.referred])
            reason = f"Your answer only refers to other numbers ({referred}); a grader will read it."
            return Choice(reason=reason, unreadable=True, candidates=candidates)
    tier = [c for c in usable if c.rank == top]
    final = tier[-1]
    if final.approximate is not None:  # `≈18.8k (18,816)`: the exact count the student also gives is the answer
        agreeing = [c for c in usable if c.approximate is None and _within(c.value, final.value, final.approximate)]
        if agreeing:
            final = agreeing[-1]
    offered = [c for c in usable if c.offered and c.value != final.value and not _agrees(c, final)]
    if offered and final.strong and all(c.position < final.position for c in offered):
        offered = []  # `18496, or maybe 18432 … I'd go with 18496`: the answer decides
    if offered:  # `18,816 (or maybe 18,624)`: two answers, whichever is marked
        return Choice(
            reason=f"Your answer offers several numbers ({_list([final, *offered])}); a grader will read it.",
            unreadable=True,
            candidates=candidates,
        )
    rivals = [c for c in tier if c.value != final.value and not _agrees(c, final) and not _worked_into(c, usable)]
    if rivals and _parts_of(rivals, final, usable, answer):
        rivals = []
    if rivals and (final.strong or (final.concluded and all(c.position < final.position for c in rivals))):
        rivals = []  # `4 * 6208 = 24832, so 6208 more`: the working leads to the conclusion
    if rivals:
        marked = {Rank.LABELLED: "named as results", Rank.RESULT: "ending equations or followed by a unit"}.get(top)
        how = f", all {marked}" if marked else ""
        return Choice(
            reason=f"Several numbers ({_list(tier)}{how}) could be your final answer; a grader will read it.",
            unreadable=True,
            candidates=candidates,
        )
    return Choice(candidate=final, candidates=candidates)


def _parts_of(rivals: list[Candidate], final: Candidate, usable: list[Candidate], text: str) -> bool:
    """Whether earlier results are the parts the final one adds up (`2560 ... 16384 ... 1280 +biases 138 =20362`):
    nothing read comes after it, it is at least their sum, and a `+` or a word of summing leads up to it."""
    if any(c.rank > Rank.ASIDE and c.position > final.position for c in usable):
        return False
    if any(c.position > final.position or c.value <= 0 for c in rivals) or final.value < sum(c.value for c in rivals):
        return False
    lead = text[max(c.position for c in rivals) : final.position + len(final.source)]
    return bool(re.search(r"\+|\b(?:sum|total|together|overall|plus|add)", lead, re.IGNORECASE))


def _worked_into(candidate: Candidate, usable: list[Candidate]) -> bool:
    """Whether a number reappears in later working (`1568 ... 4 × 1568 = 6272`): a step, not a rival answer."""
    shown = _plain_text(candidate.value)
    return any(
        later.position > candidate.position and shown in re.findall(r"\d+(?:\.\d+)?", later.source) for later in usable
    )


def _agrees(candidate: Candidate, final: Candidate) -> bool:
    """An approximation consistent with the final number (`18,816 ≈ 18.8k`) is no rival."""
    return candidate.approximate is not None and _within(final.value, candidate.value, candidate.approximate)


def _shown(value: Number) -> str:
    if isinstance(value, Fraction) and value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):.6g}"


def _within(value: Number, center: Number, half: Fraction) -> bool:
    return abs(float(value) - float(center)) <= float(half)


def _plain_text(value: Number) -> str:
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    return str(float(value))


def _list(found: list[Candidate]) -> str:
    shown = list(dict.fromkeys(("≈" if c.approximate is not None else "") + _shown(c.value) for c in found))
    return ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")
