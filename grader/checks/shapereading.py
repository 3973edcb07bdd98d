"""Shapes in answers, as students write them: `(26, 26, 32)`, `[26, 26, 32]`, `(None, 26, 26, 32)`,
`26×26×32`, `26 x 26 x 32`, `26*26*32`, `$26 \\times 26 \\times 32$`, `26 by 26 by 32`, inside prose or a
copied `model.summary()` line; a single size (`10`, `(10,)`) for a one-axis shape.

`read_shapes` finds every shape written in an answer (`stated_shapes`, the same as tuples, for a math part
whose expected answer is one); `pick` chooses the one that answers: the only one,
the last one after an arrow (`(28, 28, 1) → (26, 26, 32)`), or among several the only one with as many axes
as asked (`a 3x3 kernel gives 26x26x32`); several that disagree are left to a grader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import prod
from typing import cast

from grader.extract import blanked, flatten_latex

Dim = int | None  # None: any size (the batch axis, time steps)

_BATCH_WORDS = r"None|none|null|batch(?:_size)?|bs|N|B|\?|-1|m"
_DIM = rf"(?:\d{{1,7}}|{_BATCH_WORDS}|T|t|seq(?:_len)?|timesteps|L)"
_TUPLE = re.compile(rf"[(\[]\s*({_DIM}(?:\s*,\s*{_DIM})*)\s*,?\s*[)\]]")
_TIMES = re.compile(r"(?<!\w)(?<!\d[.,])(\d{1,7}(?:\s*(?:[x×*·✕]|by)\s*\d{1,7})++)(?!\w|[.,]\d)")
_SINGLE = re.compile(r"(?<!\w)(?<!\d[.,])(\d{1,9})(?!\w|[.,]\d|\s*[x×*·✕]\s*\d)")
_ARROW = re.compile(r"→|->|=>|⇒|⟶|\bbecomes\b|\bgives\b|\bso\b|\bthen\b|=")
_CHANNELS = re.compile(
    r"(?<!\w)(\d{1,7}(?:\s*(?:[x×*·✕]|by)\s*\d{1,7})++)\s*,?\s*\(?\s*(?:(?:with|and|by|x|×)\s*)?"  # `(with 32 filters)`
    r"(?:(\d{1,7})\s*(?:channels?|filters?|feature[ -]?maps?|maps?)\b"
    r"|(?:a\s+)?(?:depth|channels?)\s*(?:of\s*)?[:=]?\s*(\d{1,7}))"
)
_SPACED = re.compile(r"\s*(\d{1,7}(?:[ \t]\d{1,7}){1,3})\s*")
_BARE_LIST = re.compile(r"(?<![\w.,(\[])(\d{1,7}(?:\s*,\s*\d{1,7}){2,3})(?![\w.]|,\s*\d)")
_NAMED_AXES = re.compile(
    r"\bheight\s*[:=]?\s*(\d{1,7})\s*[,;]?\s*(?:and\s+)?width\s*[:=]?\s*(\d{1,7})\s*[,;]?\s*(?:and\s+)?"
    r"(?:depth|channels?)\s*[:=]?\s*(\d{1,7})",
    re.IGNORECASE,
)
_DENIED = re.compile(r"(?:\bnot|\bno|≠|!=)\s*\(?\s*$", re.IGNORECASE)  # `(not 13x13x64)`: a shape ruled out
_ASKED = re.compile(r"\s*\?")
_SUPPOSED = re.compile(r"\b(?:if|would|unless|otherwise|were)\b", re.IGNORECASE)
_RESULT = re.compile(r"=\s*$")
_ALTERNATIVE_IF = re.compile(r"[ \t]*(?:if|when|assuming)\b", re.IGNORECASE)  # another shape under another assumption
# `the 3x3 filter`, `a 2×2 max-pool window`, `each 2x2 block`: a size that names a layer's window, not a shape stated
_WINDOW = re.compile(
    r"[ \t]*(?:-[ \t]*)?(?:conv(?:olution)?(?:al)?|max[ \t-]?pool(?:ing)?|pool(?:ing)?|filters?|kernels?|windows?|"
    r"patch(?:es)?|receptive|blocks?|regions?|neighbou?rhoods?|areas?|squares?)\b",
    re.IGNORECASE,
)
_LATEX = {
    "\\times": "×",
    "\\cdot": "·",
    "\\left": "",
    "\\right": "",
    "\\,": "",
    "\\!": "",
    "$": "",
    "\\(": "",
    "\\)": "",
}
_NONES = re.compile(rf"^(?:{_BATCH_WORDS}|T|t|seq(?:_len)?|timesteps|L)$")


@dataclass(frozen=True)
class WrittenShape:
    """A shape as written: its sizes (None for a symbol such as `None` or `T`), where, and the text."""

    dims: tuple[Dim, ...]
    start: int
    end: int
    source: str


def normal_text(answer: str) -> str:
    """The answer with LaTeX products and delimiters as plain characters, the same length of meaning."""
    text = answer
    for latex, plain in _LATEX.items():
        text = text.replace(latex, plain)
    return text


def read_shapes(answer: str) -> list[WrittenShape]:
    """Every shape written in the answer, in order. Tuples win over the sizes inside them; channels said in
    words after the sizes count as an axis (`26 x 26 with 32 channels`)."""
    text = normal_text(answer)
    found: list[WrittenShape] = []
    taken: list[range] = []
    for match in _NAMED_AXES.finditer(text):  # height 30, width 30, depth 64
        dims: tuple[Dim, ...] = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
        found.append(WrittenShape(dims, match.start(), match.end(), match.group()))
        taken.append(range(match.start(), match.end()))
    for match in _CHANNELS.finditer(text):
        sizes = [int(piece) for piece in re.split(r"\s*(?:[x×*·✕]|by)\s*", match.group(1))]
        channels = int(match.group(2) or match.group(3))
        restated = len(sizes) >= 3 and channels in (sizes[0], sizes[-1])  # `26 × 26 × 32 (32 feature maps)`
        dims = tuple(sizes) if restated else (*sizes, channels)
        found.append(WrittenShape(dims, match.start(), match.end(), match.group()))
        taken.append(range(match.start(), match.end()))
    for match in _TUPLE.finditer(text):
        if any(match.start() in span for span in taken):
            continue
        before = text[match.start() - 1] if match.start() else " "
        if match.group().startswith("(") and (before.isalnum() or before == "_"):
            taken.append(range(match.start(), match.end()))
            continue  # `nn.Conv2d(1, 32, 3)`, `torch.randn(1, 28, 28)`: a call's arguments, not a shape
        dims = tuple(_dim(piece.strip()) for piece in match.group(1).split(","))
        if len(dims) == 1 and "," not in match.group():
            continue  # `(0)`, `(x)`: a bracket, not a one-axis shape (that is written `(10,)`)
        found.append(WrittenShape(dims, match.start(), match.end(), match.group()))
        taken.append(range(match.start(), match.end()))
    for match in _BARE_LIST.finditer(text):
        pieces = [piece.strip() for piece in match.group(1).split(",")]
        if any(span for span in taken if match.start() in span) or all(len(p) == 3 for p in pieces[1:]):
            continue  # inside a tuple, or thousands grouped by commas (1,050,624)
        found.append(WrittenShape(tuple(int(p) for p in pieces), match.start(), match.end(), match.group(1)))
        taken.append(range(match.start(), match.end()))
    for match in _TIMES.finditer(text):
        if any(match.start() in span for span in taken):
            continue
        dims = tuple(int(piece) for piece in re.split(r"\s*(?:[x×*·✕]|by)\s*", match.group(1)))
        found.append(WrittenShape(dims, match.start(), match.end(), match.group()))
        taken.append(range(match.start(), match.end()))
    spaced = _SPACED.fullmatch(text)
    if spaced is not None and not found:  # `13 13 32`: the whole answer, sizes set apart by spaces
        dims = tuple(int(piece) for piece in spaced.group(1).split())
        found.append(WrittenShape(dims, spaced.start(1), spaced.end(1), spaced.group(1)))
    return sorted(found, key=lambda shape: shape.start)


def single_sizes(answer: str) -> list[WrittenShape]:
    """Lone numbers of the answer outside any shape: a one-axis shape written bare (`10`), or a flattened size."""
    text = normal_text(answer)
    spans = [range(shape.start, shape.end) for shape in read_shapes(answer)]
    return [
        WrittenShape((int(match.group(1)),), match.start(), match.end(), match.group())
        for match in _SINGLE.finditer(text)
        if not any(match.start() in span for span in spans)
    ]


def _dim(piece: str) -> Dim:
    return None if _NONES.match(piece) else int(piece)


@dataclass(frozen=True)
class Picked:
    """The shape chosen as the answer, or why none could be."""

    shape: WrittenShape | None
    candidates: tuple[WrittenShape, ...] = ()
    reason: str = ""
    hedged: bool = False  # followed by a question mark: the student is unsure of it


def pick(answer: str, rank: int) -> Picked:
    """The shape that answers, for a shape of `rank` axes (batch left out). For one axis, a product written
    without brackets (`11 × 11 × 64`) is the size it multiplies out to."""
    picked = _pick(answer, rank)
    shape = picked.shape
    product = rank == 1 and shape is not None and len(shape.dims) > 1 and shape.source[:1] not in "(["
    if product and shape is not None and all(isinstance(size, int) for size in shape.dims):
        size = prod(cast(tuple[int, ...], shape.dims))
        return Picked(WrittenShape((size,), shape.start, shape.end, shape.source))
    return picked


def _pick(answer: str, rank: int) -> Picked:
    text = normal_text(answer)
    shapes = [s for s in read_shapes(answer) if not _DENIED.search(text[max(0, s.start - 8) : s.start])]
    # A shape asked about (`14x14x32?`) or supposed (`if padding were 'same' it would be 28x28x32`) is not
    # the one stated, when another is.
    shapes = _not_windows(text, shapes)
    stated = [
        s
        for s in shapes
        if not _ASKED.match(text, s.end)
        and not _SUPPOSED.search(_sentence_before(text, s))
        and not _ALTERNATIVE_IF.match(text, s.end)  # `15x15x64 (or 14x14x64 if conv2 was 28)`
    ]
    if not any(len(without_batch(s.dims, rank)) == rank for s in stated):
        stated = shapes  # `30x30x64? same padding keeps the 30x30`: the asked one is the answer, hedged
    picked = _chosen(answer, rank, stated)
    if picked.shape is not None and _ASKED.match(text, picked.shape.end):
        return Picked(picked.shape, picked.candidates, picked.reason, hedged=True)
    return picked


def _not_windows(text: str, shapes: list[WrittenShape]) -> list[WrittenShape]:
    """The shapes that are not a layer's window (`26x26 because the 3x3 filter …`: the filter is the reason),
    unless every one is."""
    kept = [shape for shape in shapes if not _WINDOW.match(text, shape.end)]
    return kept or shapes


def _sentence_before(text: str, shape: WrittenShape) -> str:
    start = max(text.rfind(mark, 0, shape.start) for mark in (".", ";", "!", "?", "\n"))
    return text[start + 1 : shape.start]


def _chosen(answer: str, rank: int, shapes: list[WrittenShape]) -> Picked:
    if rank == 1:  # one size asked for: a tuple `(7744,)`, `(None, 7744)`, or the number a number part reads
        tuples = [s for s in shapes if s.source[:1] in "([" and len(without_batch(s.dims, 1)) == 1]
        if tuples and len({without_batch(s.dims, 1) for s in tuples}) == 1:
            return Picked(tuples[-1])
        size = _one_number(answer)
        if size is not None:  # `11 × 11 × 64 = 7 744`, `a vector of 7,744 features`
            return Picked(WrittenShape((size,), 0, len(answer), answer.strip()))
    if not shapes:
        singles = single_sizes(answer)
        if len({s.dims for s in singles}) == 1:
            return Picked(singles[-1])
        if singles:
            return Picked(None, tuple(singles), "several numbers and no shape")
        return Picked(None, (), "no shape found")
    if len({s.dims for s in shapes}) == 1:
        return Picked(shapes[-1])
    text = normal_text(answer)
    last = shapes[-1]
    if _ARROW.search(text, shapes[-2].end, last.start):
        return Picked(last)
    fitting = [s for s in shapes if len(_without_batch(s.dims, rank)) == rank]
    if fitting and len({_without_batch(s.dims, rank) for s in fitting}) == 1:
        return Picked(fitting[-1])  # `(32, 30, 30) i.e. torch.Size([1, 32, 30, 30])`: one shape, said twice
    return Picked(None, tuple(shapes), "several shapes that differ, none marked as the result")


def _one_number(answer: str) -> int | None:
    """The whole number a `number` part would read as the answer (its result, thousands grouped any way)."""
    from grader.errors import GraderError
    from grader.numbers import TooLarge, choose, find_numbers

    try:
        choice = choose(find_numbers(answer, [], counts=True), "final", answer)
    except (GraderError, TooLarge):
        return None
    picked = choice.candidate
    if picked is None or picked.approximate is not None or picked.hedged or picked.others:
        return None
    value = picked.value
    return int(value) if value == int(value) and 0 < value < 10**12 else None


def _without_batch(dims: tuple[Dim, ...], rank: int) -> tuple[Dim, ...]:
    return dims[1:] if len(dims) == rank + 1 and dims[0] in (None, 1) else dims


def without_batch(dims: tuple[Dim, ...], rank: int) -> tuple[Dim, ...]:
    """The sizes without a leading batch axis (`None`, `batch`, `N`, or a batch of one image, `torch.Size([1, 64,
    30, 30])`) when one more axis than asked is written."""
    return _without_batch(dims, rank)


def show(dims: tuple[Dim, ...]) -> str:
    """`(26, 26, 32)`; `(10,)` for one axis; None for a size that may be anything."""
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


def stated_shapes(answer: str) -> list[str]:
    """Every shape the answer states, in order, as `(26, 26, 32)` (a Keras batch axis kept as `None`, for the
    check to drop): what a math part whose expected answer is a tuple reads. A shape under another assumption
    (`if padding were 'same' it would be 28x28x32`) or the question's input shape counts only when no other is."""
    text = flatten_latex(answer)
    # `26×26×32 (with 'same' it would …)`: the aside alone, before a whole sentence; `- Input: 28×28×1`: the question's
    blank = _ASIDE.sub(lambda aside: " " * len(aside.group()) if _WOULD_IN.search(aside.group()) else aside.group(),
                       text)  # fmt: skip
    blank = blanked(blank, _HYPOTHETICAL, _INPUT_SHAPE)
    stated = _not_windows(blank, read_shapes(blank)) or _not_windows(text, read_shapes(text))
    return [show(shape.dims) for shape in stated if len(shape.dims) > 1]


_WOULD = r"(?:\b(?:would|were|otherwise|unless)\b|(?<=\w)['’]d\b)"  # `that'd be (32, 26, 26)`
_HYPOTHETICAL = re.compile(  # a sentence saying what would be, under another assumption
    r"(?:^|(?<=[.;!?])|(?<=\n))[^.;!?\n]*" + _WOULD + r"[^.;!?\n]*", re.IGNORECASE
)
# only the aside, in round or square brackets, brackets inside it (`[torch would give torch.Size([1, 32, 26, 26])]`)
_IN_ASIDE = r"(?:[^()\[\]\n]|[(\[](?:[^()\[\]\n]|[(\[][^()\[\]\n]*[)\]])*[)\]])*"
_ASIDE = re.compile(r"[(\[]" + _IN_ASIDE + r"[)\]]")
_WOULD_IN = re.compile(_WOULD, re.IGNORECASE)


_INPUT_SHAPE = re.compile(
    r"\b(?:input|eingabe|entr[ée]e|entrada)(?:[ \t]+(?:shape|size|image))?[ \t]*[:=][^\n;]*", re.IGNORECASE
)
