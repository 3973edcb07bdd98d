"""Step 1 of reading numbers: the text normalised without moving anything (Unicode signs and fractions,
LaTeX words, thousands written with spaces, apostrophes or dots), and numbers in shorthand (`16K`) and in
words (`sixteen thousand`, `no parameters`) taken as candidates."""

from __future__ import annotations

import re

from grader.extract import flatten_latex, plain_markdown

_UNICODE = str.maketrans(
    {"−": "-", "–": "-", "—": "-", "⋅": "·", "∙": "·", "∗": "*", "✕": "×", "［": "(", "］": ")", "⁄": "/", "∕": "/"}
)
_FRACTIONS = {"¼": "1/4", "½": "1/2", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅕": "1/5", "⅛": "1/8", "⅜": "3/8",
              "⅝": "5/8", "⅞": "7/8", "⅙": "1/6", "⅚": "5/6"}  # fmt: skip
_SUPERSCRIPTS = str.maketrans("⁰¹⁴⁵⁶⁷⁸⁹", "01456789")
_ARROW = re.compile(r"\\(?:Rightarrow|Longrightarrow|implies|rightarrow|longrightarrow|to)\b|=+>|-+>|[⇒⟹→⟶➔➜]")
_LATEX_WORDS = {r"\approx": " ≈ ", r"\sim": " ~ ", r"\Sigma": " Σ ", r"\sum": " Σ ", r"\neq": " ≠ ", r"\ne ": " ≠ "}
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?=\.\d|,(?!\d)|[^\d,]|$)")
_BOLD_NUMBER = re.compile(r"(?<![\w*])\*\*[ \t]*(\d[\d,.'’ ]*\d|\d)[ \t]*\*\*(?![\w*])")  # `**20,490**`
_SPACED_COMMA = re.compile(r"(?<![\d.,])(\d{1,3}) ,(\d{3})(?![\d,]|\.\d)")
_APOSTROPHE_GROUPED = re.compile(r"(?<![\d'’])(\d{1,3}(?:['’]\d{3})+)(?![\d'’])")
_GROUPED_BANG = re.compile(  # ending a sentence: `1,000! parameters` is left for the factorial reader to doubt
    r"(?<![\d.,])(\d{1,3}(?:[,'’\u202f\u2009\u00a0 ]\d{3})+)!(?=[ \t]*(?:$|\n)|[ \t]+[A-Z(])"
)
_THIN_GROUPED = re.compile(r"(?<!\d)(\d{1,3}(?:[\u202f\u2009\u00a0\u2007]\d{3})+)(?!\d)")
_SPACE_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?!\d|[.,]\d)")
_DOT_GROUPED = re.compile(r"(?<![\d.,])([1-9]\d{0,2}(?:\.\d{3}){2,})(?![\d.,])")
_OCR_ZERO = re.compile(r"(?<=\d)[Oo](?=\d|\b)|(?<=\b\d)[Oo](?=\d)")
_FLOOR_DIVISION = re.compile(r"(?<=[\d)])[ \t]*//[ \t]*(?=[\d(])")
_ONE_DOT_GROUPED = re.compile(r"(?<![\d.,])([1-9]\d{0,2}\.\d{3})(?![\d]|[.,]\d)")  # `18.816`, `2.560, the …`
_DECIMAL_POINT = re.compile(r"\d\.\d")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,(\[])0,(\d{1,2})(?![\d)\]]|,[ \t]*\d)")  # `0,25`, `0,25, it is …`; not `0,25,50`
_TIMES_LETTER = re.compile(r"(?<=[\d)])\s*[xX]\s*(?=\(?\d)")
NUMBERED = re.compile(r"(?m)^[ \t]*\(?\d{1,2}[.)](?=[ \t])")  # a numbered line: `1. …`, `(2) …`
_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-*•][ \t]*)?\(?\d{1,2}[.)](?=[ \t])|^[ \t]*[-*•](?=[ \t])")
MATH_BANG = "ǃ"  # a `!` inside marked math (`$4!$`), where it is a factorial and never emphasis
_MATH_DELIMITER = re.compile(r"((?<!\\)\$\$?|\\[()\[\]])")
UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


_BACK_ARROW = re.compile(r"\\(?:leftarrow|gets)\b|<-+(?!-*>)|[⇐←⟵]")
_GLUED_ARROW = re.compile(r"(?<=[A-Za-z])(?:->|→)(?=[A-Za-z])")
# `512 divided by 8` (`512 divide 8`), `128 times 128 = 16348`, `2560 plus 16384`, `24832 minus 18816`: an operation
# between two numbers, in words
_WORDED_OPERATIONS = (
    (re.compile(r"(?<=\d)[ \t]+(?:divided[ \t]+by|divide(?:[ \t]+by)?)[ \t]+(?=\d)", re.IGNORECASE), " / "),
    (re.compile(r"(?<=\d)[ \t]+(?:times|multiplied[ \t]+by)[ \t]+(?=\d)", re.IGNORECASE), " × "),
    (re.compile(r"(?<=\d)[ \t]+plus[ \t]+(?=\d)", re.IGNORECASE), " + "),
    (re.compile(r"(?<=\d)[ \t]+minus[ \t]+(?=\d)", re.IGNORECASE), " - "),
    # `when x equals 0`, `at x equal to 0`: an equation in words, so a condition is read as one
    (re.compile(r"(?<=\w)[ \t]+(?:is[ \t]+)?(?:equals|equal[ \t]+to)[ \t]+(?=[-−]?\d)", re.IGNORECASE), " = "),
)


def normalise(answer: str) -> str:
    """The answer with numbers and arithmetic in one spelling: LaTeX flattened, Unicode minus and times signs,
    fractions and superscripts, arrows as `→`, thousands grouped by commas, apostrophes, thin spaces, spaces or
    dots (`1.050.624`) written without them, `x` between numbers as `×`, operations and `equals` in words between
    numbers as signs (`128 times 128`, `x equals 0`), list markers removed."""
    answer = _BOLD_NUMBER.sub(r" → \1", answer)  # `= **20490** for seq_len = 5`: the number the student marked
    text = _OCR_ZERO.sub("0", _mark_math_bangs(plain_markdown(answer)))  # `87O5`, `32O`: a scan's O for 0
    text = _GLUED_PRODUCT.sub("", text)  # `3\,(64 + 32)` in LaTeX is the product 3(64 + 32), not `3 (working)`
    for command, symbol in _LATEX_WORDS.items():
        text = text.replace(command, symbol)
    text = _GLUED_ARROW.sub("_to_", text)  # `input->hidden 20x128 = 2560`: a name, not a result marked by an arrow
    text = _ARROW.sub(" → ", text)
    text = _BACK_ARROW.sub(" ← ", text)  # `conv2 unit <- 3x3 in pool output`: where it comes from, never a minus
    text = _FRACTION_WORDS.sub(_fraction_word, text)
    text = flatten_latex(text).translate(_UNICODE)
    for fraction, plain in _FRACTIONS.items():
        text = re.sub(rf"(?<=\d){fraction}", f"+{plain}", text).replace(fraction, f" {plain} ")
    text = re.sub(r"[⁰¹⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    text = _BRACKET_PRODUCT.sub(" × (", text)  # `4 [(16+32)·32 + 32]`: square brackets group arithmetic
    text = text.replace("[", "(").replace("]", ")")
    text = _FLOOR_DIVISION.sub(" / ", text)  # `512 // 8`, Python's division of whole numbers
    for worded, sign in _WORDED_OPERATIONS:
        text = worded.sub(sign, text)
    lone = NUMBERED.match(text)
    if not (lone and len(NUMBERED.findall(text)) == 1 and not re.search(r"\d", text[lone.end() :])):
        text = _LIST_MARKER.sub(" ", text)  # a marker `1) Embedding: 16,000`, unless it is the only number:
        # `0. Max pooling has no weights` answers 0
    text = _GROUPED_BANG.sub(r"\1.", text)  # `Still 20,362! The …`: emphasis; nobody groups a factorial's digits
    text = _SPACED_COMMA.sub(r"\1\2", text)  # `20 ,362`: a comma typed after a stray space still groups
    text = _GROUPED.sub(lambda m: m.group(1).replace(",", ""), text)
    text = _APOSTROPHE_GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(1)), text)
    text = _THIN_GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(1)), text)
    text = _SPACE_GROUPED.sub(_space_grouped, text)
    text = _DOT_GROUPED.sub(lambda m: m.group(1).replace(".", "") + "\u2063", text)  # marked: say how it was read
    text = _european(text)
    text = _GLUED_TIMES.sub(_glued_times, _TIMES_LETTER.sub(" × ", text))
    return _STEP_IN_WORDS.sub(r"\g<value>\g<gap>\g<value> × \g<factor> =", text)


# `= 1568.\nTimes 4 → 6172`, `= 1568, times 4 = 6172`: a step on from the number before, written out as one
# (`1568 × 4 = 6172`), so that a slip in it is the student's working slipping
_STEP_IN_WORDS = re.compile(
    r"(?<![\d.])(?P<value>\d+)(?P<gap>[ \t]*(?:[.,;][ \t]*\n?|\n)[ \t]*)(?:times|multiplied[ \t]+by)[ \t]*"
    r"(?P<factor>\d+)[ \t]*(?:=|→)",
    re.IGNORECASE,
)


# `20224 per step x5 = 101120`: an `x` glued to a factor after words, where the arithmetic shows it a times sign
_GLUED_TIMES = re.compile(r"(?<!\S)[xX](\d{1,4})(?=[ \t]*=[ \t]*(\d+)(?![\d.]))")
_LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)[^\d\n]*$")


def _glued_times(match: re.Match[str]) -> str:
    """`x5` as `× 5` when the number before it, times 5, is the number after the `=` (else a name, `x5 = 3`)."""
    before = _LAST_NUMBER.search(match.string[max(0, match.start() - 60) : match.start()])
    if before is not None and int(before.group(1)) * int(match.group(1)) == int(match.group(2)):
        return f"× {match.group(1)}"
    return match.group()


def _european(text: str) -> str:
    """Numbers in the European convention, where the answer shows it: a decimal comma after 0 (`0,25`, not an
    interval `(0,1)`), and dots grouping thousands where two numbers or more are so written and no number has a
    decimal point (`3 · (2.048 + 4.096 + 128) = 18.816`, which holds only with the dots grouping). One number
    alone (`18.816`) may still be a decimal: it is left to the check, which says both readings."""
    text = _DECIMAL_COMMA.sub(r"0.\1", text)
    grouped = _ONE_DOT_GROUPED.findall(text)
    decimals = len(_DECIMAL_POINT.findall(text))
    if len(grouped) >= 2 and decimals == len(grouped):
        text = _ONE_DOT_GROUPED.sub(lambda m: m.group(1).replace(".", "") + "\u2063", text)
    return text


_GLUED_PRODUCT = re.compile(r"(?<=\d)\\[,;:! ](?=\s*[(\[])")
_BRACKET_PRODUCT = re.compile(r"(?<=\d)[ \t]*\[(?=[ \t]*[\d(])")  # a number, then `[` opening arithmetic
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
}  # fmt: skip
# `one quarter`, `a quarter`, `three quarters`, `one half`: a fraction in words (a bare `half` is a word)
_FRACTION_WORDS = re.compile(
    r"\b(a|an|one|two|three)[ \t-]+(half|halves|thirds?|quarters?|fourths?)\b(?![ \t]+of\b)", re.IGNORECASE
)


def _fraction_word(match: re.Match[str]) -> str:
    numerator, denominator = _NUMERATORS[match.group(1).lower()], _DENOMINATORS[match.group(2).lower()]
    return f" {numerator}/{denominator} "


def _space_grouped(match: re.Match[str]) -> str:
    """`16 000`, `1 050 624` as one number, unless it sits in a list of numbers (`256 128 64`)."""
    text, start, end = match.string, match.start(), match.end()
    if re.search(r"\d[ \t]$", text[max(0, start - 2) : start]) or re.match(r"[ \t]\d", text[end : end + 2]):
        return match.group()
    return match.group(1).replace(" ", "")


def words_value(words: str) -> int | None:
    """The value of a number in English words (`eighteen thousand eight hundred sixteen`), None if malformed."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("", "and"):
            continue
        if word in UNITS_WORDS:
            current += UNITS_WORDS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _mark_math_bangs(answer: str) -> str:
    """The answer with each `!` inside `$...$`, `$$...$$`, `\\(...\\)` or `\\[...\\]` made MATH_BANG (but
    `\\!`, a LaTeX space). In LaTeX `4!=24` is `4! = 24`: inequality is `\\neq`."""
    pieces = _MATH_DELIMITER.split(answer)
    inside = False
    for index, piece in enumerate(pieces):
        if index % 2:  # a delimiter: `$` and `$$` open or close, the others say which
            inside = not inside if piece.startswith("$") else piece in ("\\(", "\\[")
        elif inside:
            pieces[index] = re.sub(r"(?<!\\)!", MATH_BANG, piece)
    return "".join(pieces)
