"""Words a sentence leaves out, read back in.

- A count whose noun is left out before the gates it counts: "the GRU has two (update and reset)" reads "two
  gates (update and reset)", as "the LSTM has three gates (input, forget, output)" would say it; so does a count
  ending its clause after a count of gates: "lstm has 3 gates gru has 2" reads "gru has 2 gates".
- "The whole image" (picture, feature map) reads "every position" too: the same kernel used for the whole image is
  used at every position of it.
- A pronoun after a verb of merging that stands for two states or gates just named: "the LSTM has a cell state
  and a hidden state; the GRU merges them into one" reads "merges cell state and hidden state into one".

A word read back in takes the offsets of the word it is read at, so a quote is always the answer's own words.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from grader.checks.lexicon import sense
from grader.checks.stems import stem

if TYPE_CHECKING:
    from grader.checks.phrases import Word

_COUNTS = frozenset({"two", "three", "four", "2", "3", "4"})
_HAVING = frozenset({"has", "have", "uses", "use", "gru", "lstm", "rnn"})  # `lstm 3 gates gru 2`: no verb
_GATE = stem("gates")
_GATES = frozenset({"forget", "input", "output", "update", "reset", "relevance"})
_MAX_LISTED = 10  # words inside the brackets of a count: names, joins, symbols (`update z_t, reset r_t`)
_NAMES = {stem("gate"): _GATES, stem("state"): frozenset({"cell", "hidden"})}  # a head noun: the names it takes
_MERGING = frozenset(stem(verb) for verb in ("merge", "merges", "combine", "combines", "fuse", "fuses", "unify"))
_PRONOUNS = frozenset({"them", "these", "those", "both"})
_REACH = 30  # words back to what a pronoun stands for: its sentence and the one before
_REGION = sense(stem("region"))
_WHOLE = frozenset({"whole", "entire"})
_PLANE = frozenset({"image", "images", "picture", "map"})
_DENYING = frozenset({"no", "without", "lacks", "lack"})
_BEFORE_CELL = _DENYING | frozenset({"a", "separate", "extra", "own", "additional", "distinct"})
_REDUCING = frozenset({"reduce", "reduces", "reduced", "reducing", "decrease", "decreases", "decreased", "decreasing"})
_MAKING = frozenset({"make", "makes", "making", "made"})
_WHOLE_MODEL = frozenset({"network", "networks", "net", "model", "models", "layer", "layers"})
_MADE_REACH = 5  # words from `makes` to its `smaller`: `makes the feature maps a lot smaller`
# `3x3`, `3 × 3`, `$3 \times 3$`, `3×3×C_in`, `(3x3)` right before the region's noun: a kernel's extent
_SMALL_EXTENT = re.compile(
    r"(?<![\w.,])([1-7])[ \t]*(?:x|×|\*|\\times)[ \t]*\1(?:[ \t]*(?:x|×|\*|\\times)[ \t]*[A-Za-z][\w{}]*)?"
    r"[ \t$)}]*(?:pixels?[ \t]+)?$"
)


def with_counted(found: list[Word], text: str) -> list[Word]:
    """The words with "gates" read after a count that a bracketed list of two or more gates' names follows
    (`two (update and reset)`, `three (input $i_t$, forget $f_t$, output $o_t$)`), or that ends its clause after
    `has` where the sentence counted gates before (`lstm has 3 gates gru has 2`)."""
    inserted: dict[int, Word] = {}
    for i, count in enumerate(found):
        if count.lower in _COUNTS and (
            (i + 1 < len(found) and _listed(found, i, text)) or _gates_counted_before(found, i)
        ):
            inserted[i] = _read_as(count, "gates")
    return spliced(found, {i: [found[i], word] for i, word in inserted.items()})


def _listed(found: list[Word], i: int, text: str) -> bool:
    """Whether the count at `i` is followed by a bracketed list of two or more gates' names."""
    count, first = found[i], found[i + 1]
    if first.lower not in _GATES or text[count.end : first.start].strip() != "(":
        return False
    close = text.find(")", first.end)
    inside = found[i + 1 : i + 1 + _MAX_LISTED]
    return close >= 0 and len({word.lower for word in inside if word.start < close and word.lower in _GATES}) >= 2


def _gates_counted_before(found: list[Word], i: int) -> bool:
    """Whether the count at `i` ends its clause after `has`/`have` or a network's name in a sentence that counted
    gates before it (`the LSTM has 3 gates, the GRU has 2`, `lstm 3 gates gru 2`)."""
    count = found[i]
    ends = i + 1 == len(found) or found[i + 1].sentence != count.sentence or found[i + 1].clause != count.clause
    if not ends or i == 0 or found[i - 1].lower not in _HAVING:
        return False
    return any(
        word.lower in _COUNTS and found[h + 1].stem == _GATE and word.sentence == count.sentence
        for h, word in enumerate(found[: i - 1])
    )


def with_antecedent(found: list[Word]) -> list[Word]:
    """The words with a pronoun after a verb of merging (`merges them`, `combines these`, `fuses both`) read as
    the two or more states or gates named just before it, joined by "and" (`the cell state c_t and the hidden
    state h_t`): the names in order, each with its head noun."""
    replaced: dict[int, list[Word]] = {}
    for i in range(1, len(found)):
        pronoun = found[i]
        if pronoun.lower not in _PRONOUNS or found[i - 1].stem not in _MERGING:
            continue
        head: str | None = None
        names: list[str] = []
        joined = False
        for h in range(i - 2, max(0, i - _REACH), -1):
            word, before = found[h], found[h - 1]
            if word.sentence < pronoun.sentence - 1:
                break
            joined = joined or (bool(names) and word.lower == "and")
            if word.stem in _NAMES and before.lower in _NAMES[word.stem] and head in (None, word.stem):
                head = word.stem
                if before.lower not in names:
                    names.insert(0, before.lower)
        if head is None or len(names) < 2 or not joined:
            continue
        noun = next(word for word in found[:i] if word.stem == head)
        said: list[Word] = []
        for n, name in enumerate(names):
            if n:
                said.append(replace(pronoun, stem="and", lower="and", sense=sense("and")))
            said += [replace(pronoun, stem=stem(name), lower=name, sense=stem(name)),
                     replace(pronoun, stem=noun.stem, lower=noun.lower, sense=noun.sense)]  # fmt: skip
        replaced[i] = said
    return spliced(found, replaced)


def with_made_smaller(found: list[Word]) -> list[Word]:
    """The words with "reduces" read after a verb of making and "size" before the "smaller" it makes (`makes
    the image smaller`, `to make it smaller`), in the same clause, at most `_MADE_REACH` words apart."""
    inserted: dict[int, list[Word]] = {}
    for i, word in enumerate(found):
        if word.lower not in _MAKING:
            continue
        for k in range(i + 1, min(len(found), i + 1 + _MADE_REACH)):
            after = found[k]
            if (after.sentence, after.clause) != (word.sentence, word.clause) or after.lower in _WHOLE_MODEL:
                break  # `makes the network smaller`: fewer weights, not a smaller input
            if after.lower == "smaller":
                inserted[i] = [word, _read_as(word, "reduces")]
                inserted[k] = [_read_as(after, "size"), after]
                break
    return spliced(found, inserted)


def with_cell_state(found: list[Word]) -> list[Word]:
    """The words with "state" read after a "cell" that a denial just before it says is missing (`no cell`,
    `no separate cell`, `without a cell`), when no "state" follows it already."""
    inserted: dict[int, list[Word]] = {}
    for i, word in enumerate(found):
        if word.lower != "cell" or (i + 1 < len(found) and found[i + 1].lower in ("state", "states")):
            continue
        before = [found[k].lower for k in range(max(0, i - 3), i) if found[k].sentence == word.sentence]
        if any(lower in _DENYING for lower in before) and all(lower in _BEFORE_CELL for lower in before[1:]):
            inserted[i] = [word, _read_as(word, "state")]
    return spliced(found, inserted)


def with_reduced(found: list[Word]) -> list[Word]:
    """The words with "less" read after a verb of reducing (`reduces computation`, `to decrease memory`)."""
    reduced = {i: [word, _read_as(word, "less")] for i, word in enumerate(found) if word.lower in _REDUCING}
    return spliced(found, reduced)


def with_small_extent(found: list[Word], text: str) -> list[Word]:
    """The words with a region's size read as "small" where it is a kernel's few pixels a side (`a 3×3 patch`,
    `a $3 \\times 3$ window`, `a 3x3xC_in neighbourhood`): the size's words become one word, "small", that
    spans them."""
    replaced: dict[int, list[Word]] = {}
    for i, word in enumerate(found):
        size = _SMALL_EXTENT.search(text, max(0, word.start - 40), word.start) if word.sense == _REGION else None
        if size is None:
            continue
        first = i
        while first > 0 and found[first - 1].start >= size.start():
            first -= 1
        inside = range(first, i)
        if not inside:
            continue
        opening, closing = found[inside[0]], found[inside[-1]]
        replaced[inside[0]] = [replace(_read_as(opening, "small"), end=closing.end)]
        replaced.update({k: [] for k in inside[1:]})
    return spliced(found, replaced)


# `less sensitive to`, `mitigates the sensitivity … to`, `doesn't care where`: what does not change with a position
_SENSING = frozenset({"sensitive", "sensitivity", "insensitive", "care", "cares", "caring"})
_LESSENING = _REDUCING | {"less", "mitigate", "mitigates", "mitigated", "mitigating", "lower", "lowers", "lowering"}
_NOT = frozenset({"not", "never"})
_PLACES = frozenset({sense(stem("position")), sense(stem("shift"))})
_INSENSITIVE_REACH = 7  # words from `sensitive` to what it is not sensitive to: `sensitivity of conv layers to …`
# `later layers see a bigger area`, `each unit is sensitive to a larger region of the input`: a wider view
_SEEING = frozenset({
    "see", "sees", "seeing", "cover", "covers", "covering", "look", "looks", "looking", "view", "views", "span",
    "spans", "sensitive",
})  # fmt: skip
_WIDER = frozenset({"larger", "bigger", "wider", "broader", "greater"})
_EXTENT = frozenset({"section", "sections", "part", "parts", "portion", "portions"})


def with_insensitive(found: list[Word]) -> list[Word]:
    """The words with "invariant" read where a sentence says something is not, or less, sensitive to where a
    thing is (`less sensitive to the exact position`, `mitigates the sensitivity of conv layers to location`,
    `doesn't care exactly where the feature is`), and "position" read at that `where`. A "not" that says so
    becomes the "invariant" (it would deny the phrase it now says)."""
    inserted: dict[int, list[Word]] = {}
    for i, word in enumerate(found):
        if word.lower not in _SENSING:
            continue
        clause = (word.sentence, word.clause)
        before = [k for k in range(max(0, i - 3), i) if (found[k].sentence, found[k].clause) == clause]
        denied = [k for k in before if found[k].lower in _NOT]
        cares_less = word.lower.startswith("car") and i + 1 < len(found) and found[i + 1].lower == "less"
        lessened = word.lower == "insensitive" or cares_less or any(found[k].lower in _LESSENING for k in before)
        if not (denied or lessened):
            continue
        for k in range(i + 1, min(len(found), i + 1 + _INSENSITIVE_REACH)):
            after = found[k]
            if (after.sentence, after.clause) != clause:
                break
            if after.sense in _PLACES or after.lower == "where":
                if denied:
                    inserted[denied[-1]] = [_read_as(found[denied[-1]], "invariant")]
                inserted[i] = [word] if denied else [_read_as(word, "invariant"), word]
                if after.lower == "where":
                    inserted[k] = [_read_as(after, "position"), after]
                break
    return spliced(found, inserted)


def with_wider_view(found: list[Word]) -> list[Word]:
    """The words with "receptive field" read after a larger extent that something sees or covers (`later
    layers see a bigger area`, `look at bigger sections of the image`, `each hidden node becomes sensitive to
    a larger region of the input`), in the same clause."""
    inserted: dict[int, list[Word]] = {}
    for i, word in enumerate(found[:-1]):
        if word.lower not in _WIDER:
            continue
        nearby = [found[k] for k in range(max(0, i - 4), i)]
        if not any(w.lower in _SEEING and (w.sentence, w.clause) == (word.sentence, word.clause) for w in nearby):
            continue
        extent = found[i + 1]
        if extent.sense == _REGION or extent.lower in _EXTENT:
            inserted[i] = [word, _read_as(word, "receptive"), _read_as(word, "field")]
    return spliced(found, inserted)


def with_every_position(found: list[Word]) -> list[Word]:
    """The words with "every position" read after "the whole image" (picture, feature map): the same kernel used
    for the whole image is used at every position of it."""
    inserted: dict[int, list[Word]] = {}
    for i, word in enumerate(found[:-1]):
        whole, what = word, found[i + 1]
        if (
            whole.lower in _WHOLE
            and what.lower in _PLANE
            and (whole.sentence, whole.clause) == (what.sentence, what.clause)
        ):
            inserted[i + 1] = [what, _read_as(what, "every"), _read_as(what, "position")]
    return spliced(found, inserted)


def _read_as(word: Word, lower: str) -> Word:
    """Another word read at `word`'s place (its offsets: a quote is the answer's own words)."""
    stemmed = stem(lower)
    return replace(word, stem=stemmed, lower=lower, sense=sense(stemmed))


def spliced(found: list[Word], at: dict[int, list[Word]]) -> list[Word]:
    """`found` with the word at each index of `at` replaced by its words (none: the word left out)."""
    if not at:
        return found
    result: list[Word] = []
    for i, word in enumerate(found):
        result += at.get(i, [word])
    return result
