"""Find rubric phrasings in prose: inflections, British spellings, small typos, gaps, negation.

A phrasing is words separated by spaces; `a/b` is either word; a word also finds the words of its sense
(`lexicon`: "discarded" finds "thrown away", "fwd" reads as "forward"); `...` lets any words of the same sentence
come in between (`forget gate ... discard/remove`). Within a stretch without `...`, one extra word may
sit between two phrase words ("weights are shared" matches "weights and biases are shared" only with
`...`; "shared across time steps" matches "shared across all time steps"). A verb then its noun is also found
in the passive (`the kernel is shared`) and as a noun naming the action (`dimensionality reduction`). A match
right after a negation ("not", "never", "without", ...) does not count as evidence for the phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property, lru_cache
from itertools import pairwise

from grader.checks.ellipsis import (
    spliced,
    with_antecedent,
    with_cell_state,
    with_counted,
    with_every_position,
    with_insensitive,
    with_made_smaller,
    with_reduced,
    with_small_extent,
    with_wider_view,
)
from grader.checks.lexicon import ABBREVIATIONS, COMPOUNDS, FIELDS, NAMED_BY, sense
from grader.checks.sentences import boundaries
from grader.checks.stems import stem

GAP = 1
NEGATION_WINDOW = 3
_DENIALS = frozenset({"not", "no", "never"})  # a phrasing's word that denies what follows it in its clause
TYPO_MIN_LENGTH = 7
NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "cannot",
        "neither",
        "nor",
        "none",
        "nothing",
        "hardly",
        "lack",
        "lacks",
    }
)

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# `n^2`, `n²`, `n**2` in prose read as "n squared", so that a phrasing in words finds them (`O(n^2)`)
_SQUARED = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])[ \t]*(?:\^[ \t]*\{?[ \t]*2[ \t]*\}?|\*\*[ \t]*2|²)(?![0-9])")
# Symbols read as words: an arrow says "to" ("word index → vector"), `≈` says "close to" ("f ≈ 1"), `<` "less
# than" ("weights < 1"), `≤` "at most" ("σ' ≤ 1/4"); an arrow to the left marks a state run backward (`←h_t`);
# in notes an arrow down or up says "reduces" or "increases" (`↓ spatial size ⇒ ↓ compute`); `∏` and `∂`
# read as LaTeX's `\prod` and `\partial` do (`∏_j ∂h_j/∂h_{j-1}`: a product of derivatives).
_SYMBOL_WORDS = {
    "←": ["backward"], "→": ["to"], "->": ["to"], "=>": ["to"], "⇒": ["to"], "⟶": ["to"], "\\to": ["to"],
    "\\rightarrow": ["to"], "\\Rightarrow": ["to"], "≈": ["close", "to"], "\\approx": ["close", "to"],
    "<": ["less", "than"], "≤": ["at", "most"], "<=": ["at", "most"], "\\le": ["at", "most"], "\\leq": ["at", "most"],
    ">": ["more", "than"], "≥": ["at", "least"], ">=": ["at", "least"], "\\ge": ["at", "least"],
    "\\geq": ["at", "least"], "≪": ["much", "less", "than"], "≫": ["much", "more", "than"],
    "θ": ["theta"], "∀": ["for", "all"], "\\forall": ["for", "all"], "↓": ["reduces"], "⬇": ["reduces"],
    "↑": ["increases"], "⬆": ["increases"], "∏": ["prod"], "∂": ["partial"],
}  # fmt: skip
_SYMBOL = "|".join(  # `\to` but not the start of `\top`
    re.escape(symbol) + ("(?![A-Za-z])" if symbol.startswith("\\") else "")
    for symbol in sorted(_SYMBOL_WORDS, key=len, reverse=True)
)
_APPROXIMATELY = re.compile(r"(?<=[\w)}\s])~(?=[ \t]*\d)")  # `f ~ 1`, `f_t~1`: not the tilde of `c~_t`
_AND = r"(?<=[A-Za-z])[ \t]*[+&][ \t]*(?=[A-Za-z])"  # "past+future", "fwd & bwd": a word, "and"
# A recurrent state written as a symbol reads as its name: `c_t` "cell state", `h_{t-1}` "previous hidden
# state", `C(t-1)`, `hₜ₋₁`, `h^{(t)}`, `c<t-1>`, Andrew Ng's activation `a<t>` "hidden state" (a candidate,
# `c~_t`, `c̃_t` or `\bar c_t`, is not a state and stays letters).
_STATE = (
    r"(?<![A-Za-z0-9\\])(?<!\\bar )(?<!\\tilde )(?<!\\hat )"
    r"(?:(?P<state>[cChH])(?:_\{?(?P<sub>t(?:[-−]1)?)\}?|\((?P<arg>t(?:[-−]1)?)\)|(?P<uni>ₜ₋₁|ₜ)"
    r"|\^\{?\((?P<sup>t(?:[-−]1)?)\)\}?|\^?\{?[<⟨](?P<angle>t(?:[-−]1)?)[>⟩]\}?)"
    r"|(?P<activation>a)\^?\{?[<⟨](?P<step>t(?:[-−]1)?)[>⟩]\}?)"
    r"(?![A-Za-z0-9(_{])"
)
_STATE_NAMES = {"c": ["cell", "state"], "h": ["hidden", "state"]}
# A gate written as Andrew Ng's course writes it reads as its name: `Γ_f` "forget gate", `Γu`, `\Gamma_o`,
# `gamma_r`, `G_f`, `Gu` (Γ_u is the update gate: an LSTM's input gate in his course, a GRU's update gate).
_GATE = (
    r"(?<![A-Za-z0-9])(?:(?P<gate>Γ|\\Gamma|[Gg]amma)[ \t]*_?\{?(?P<letter>[fuoir])\}?"
    r"|(?P<typed>G)(?:_(?P<typed_letter>[fuoir])|(?P<bare_letter>[fuir])))"  # `G_f` or `Gf` (never `Go`, a word)
    r"(?![A-Za-z0-9])"
)
_GATE_NAMES = {"f": "forget", "u": "update", "o": "output", "r": "reset", "i": "input"}
# An attention dimension written as a symbol reads as "dimension": `d_k`, `d_{model}`, `dₖ`.
_DIMENSION = r"(?<![A-Za-z0-9\\])(?P<dimension>d(?:_\{?(?:k|v|q|model|head|h)\}?|ₖ|ᵥ))(?![A-Za-z0-9(_{])"
# A decimal or a fraction is one word, its value in lowest terms (`0.25`, `.25`, `1/4`, `¼` are all `1/4`), so a
# phrasing's number finds the same number however it is written; whole numbers keep their digits.
_NUMBER = r"(?<![A-Za-z0-9.,/])(?P<number>\d+\.\d+|\.\d+|\d+/[1-9]\d*|[¼½¾⅓⅔⅛])(?![A-Za-z0-9]|[.,/]\d)"
_FRACTIONS = {"¼": "1/4", "½": "1/2", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8"}
# Two symbols stacked in square brackets read as "concatenated": `[→h_t ; ←h_t]`, `[h(t); g(t)]`, `[h_{t-1}, x_t]`
# (each side one symbol without spaces, so that `[see slide 3, lecture 2]` stays words).
_STACKED = re.compile(r"\[[ \t]*[^\s\[\];,]{1,24}[ \t]*[;,][ \t]*[^\s\[\];,]{1,24}[ \t]*\]")
# A letter with a combining tilde or bar reads as LaTeX's `\tilde c`, `\bar c` do: `c̃`, `c̄` "tilde c", "bar c"
_MARKED = r"(?<![A-Za-z0-9])(?P<marked>[A-Za-z])(?P<mark>[\u0303\u0304\u0305])"
_MARKS = {"\u0303": "tilde", "\u0304": "bar", "\u0305": "bar"}
# `O(n)`, `\mathcal{O}(n)`: a cost linear in n, read "o n linear" so that a phrasing in words finds it
_LINEAR_COST = r"(?P<linear>(?<![A-Za-z0-9])(?:O|\\mathcal\{O\})[ \t]*\([ \t]*[nN][ \t]*\))"
_TOKEN = re.compile(
    rf"{_SQUARED.pattern}|{_LINEAR_COST}|{_MARKED}|{_STATE}|{_GATE}|{_DIMENSION}|{_NUMBER}|{_WORD.pattern}|{_AND}|{_SYMBOL}"
)  # group 1: squared
CONTRASTS = frozenset({"but", "rather", "instead", "however"})  # "not linearly but quadratically": a new stance
_IRREGULAR_NEGATIONS = {"can't": "can", "cannot": "can", "won't": "will", "shan't": "shall"}
# Negations typed without their apostrophe ("gradients dont vanish"): still negations.
_BARE_NEGATIONS = {
    "dont": "do", "doesnt": "does", "didnt": "did", "cant": "can", "wont": "will", "isnt": "is", "arent": "are",
    "wasnt": "was", "werent": "were", "hasnt": "has", "havent": "have", "hadnt": "had", "couldnt": "could",
    "shouldnt": "should", "wouldnt": "would", "mustnt": "must", "aint": "is",
}  # fmt: skip


@dataclass(frozen=True)
class Word:
    """A word of prose: its normalised stem, lower-case form, position and sentence."""

    stem: str
    lower: str
    start: int
    end: int
    sentence: int
    clause: int = 0  # a negation reaches to the end of its clause (`,` `:` `;` `—` end one)
    sense: str = ""  # the stem, or its synonym group's label (`lexicon`); a gate's name keeps its own stem
    step: int = 0  # how many arrows come before it: a negation reaches no further than an arrow either

    @cached_property
    def nominal(self) -> bool:
        """Whether the word may name an action as a noun (`reduction`, `sharing`)."""
        return self.lower.endswith(("ion", "ions", "ing"))


@dataclass(frozen=True)
class Match:
    """Where a phrasing matched, and whether a negation precedes it."""

    start: int
    end: int
    negated: bool
    words: tuple[int, ...] = ()  # the indices of the matched words in the answer's word list
    loose: bool = False  # found only through a synonym (`lexicon`), not the phrasing's own words
    passive: bool = False  # found the other way round (`the kernel is shared` for "share ... kernel")


@dataclass(frozen=True)
class Pattern:
    """A compiled phrasing: stretches (split at `...`) of word slots, each slot a set of alternatives."""

    text: str
    stretches: tuple[tuple[tuple[tuple[str, str], ...], ...], ...]
    closed: bool = False  # it ends with math (`O(n)`): a match may not end inside a longer symbol (`O(n²)`)

    @property
    def negative(self) -> bool:
        """Whether the phrasing itself holds a negation ("does not increase"): a negation before it then
        reinforces it ("No, it does not increase") rather than turning it around."""
        return any(lower in NEGATORS for stretch in self.stretches for slot in stretch for _, lower in slot)

    @cached_property
    def anchored(self) -> bool:
        """Whether the phrasing has two words or more: only then do its words find their synonyms. A single
        word ("retain") is the author's chosen word; widened to its sense ("keeps the gradient between 0 and
        1") it would find far more than the author meant."""
        return sum(len(stretch) for stretch in self.stretches) > 1


# `Early layers don't learn → vanishing gradients`: what an arrow leads to is a consequence, not denied with its cause
_ARROW = re.compile(r"(?<=\s)(?:→|->|=>|⇒)(?=\s)")


def words(text: str) -> list[Word]:
    """The words of `text` with their sentences. Offsets refer to `text`; "doesn't" is "does" + "not"."""
    text = _APPROXIMATELY.sub("≈", text)  # `f ~ 1` is f ≈ 1 (one character for another: offsets hold)
    ends, breaks = boundaries(text)
    arrows = [m.start() for m in _ARROW.finditer(text)]
    result = []
    sentence = clause = step = 0
    for match in _TOKEN.finditer(text):
        while sentence < len(ends) and ends[sentence] < match.start():
            sentence += 1
        while clause < len(breaks) and breaks[clause] < match.start():
            clause += 1
        while step < len(arrows) and arrows[step] < match.start():
            step += 1
        if match.group(1):
            pieces = [match.group(1).lower(), "squared"]
        elif match.group("linear"):
            pieces = ["o", "n", "linear"]
        elif match.group("marked"):
            pieces = [_MARKS[match.group("mark")], match.group("marked").lower()]
        elif match.group("dimension"):
            pieces = ["dimension"]
        elif match.group("number"):
            pieces = [number_word(match.group("number"))]
        elif match.group("activation"):  # Andrew Ng's a<t>: the hidden state
            pieces = (["previous"] if match.group("step").endswith("1") else []) + _STATE_NAMES["h"]
        elif match.group("state"):
            index = (
                match.group("sub")
                or match.group("arg")
                or match.group("uni")
                or match.group("sup")
                or match.group("angle")
            )
            earlier = ["previous"] if index.endswith(("1", "₁")) else []
            pieces = earlier + _STATE_NAMES[match.group("state").lower()]
        elif match.group("gate") or match.group("typed"):
            letter = match.group("letter") or match.group("typed_letter") or match.group("bare_letter")
            pieces = [_GATE_NAMES[letter], "gate"]
        elif match.group().strip() in ("+", "&"):
            pieces = ["and"]
        elif match.group() in _SYMBOL_WORDS:
            pieces = _SYMBOL_WORDS[match.group()]
        else:
            pieces = _split_word(match.group().lower().replace("’", "'"))
        for lower in pieces:
            lower = ABBREVIATIONS.get(lower, lower)
            stemmed = stem(lower)
            result.append(Word(stemmed, lower, match.start(), match.end(), sentence, clause, sense(stemmed), step))
    result = _with_stacked(result, [m.start() for m in _STACKED.finditer(text)], (sentence, clause))
    result = with_antecedent(with_counted(_with_distributed(_with_elided(result)), text))
    result = with_cell_state(with_reduced(with_made_smaller(with_small_extent(result, text))))
    result = with_every_position(with_wider_view(with_insensitive(result)))
    for i, word in enumerate(result[:-1]):  # "forget gate" names a gate: "forget" is not "discard" there
        if result[i + 1].lower in NAMED_BY and word.sense != word.stem and word.lower.isalpha():
            result[i] = replace(word, sense=word.stem)
    for i, word in enumerate(result[1:], 1):  # "deep learning" names a field: nothing in it is learned
        if word.lower == "learning" and result[i - 1].lower in FIELDS:
            result[i] = replace(word, stem=_FIELD, sense=_FIELD)
    return result


_FIELD = "learning~field"  # no stem: a word's stem has no "~"


# The names that share a head noun in a list (`the forget and input gates`, `cell and hidden states`).
_LISTED_NAMES = {stem("gate"): frozenset(_GATE_NAMES.values()), stem("state"): frozenset({"cell", "hidden"})}
_LIST_JOINS = frozenset({"and", "or"})


def _with_distributed(found: list[Word]) -> list[Word]:
    """The words with the head noun of a list of gates' or states' names read after each name: "the forget and
    input gates" as "the forget gates and input gates", "input, forget and output gate", "the cell and hidden
    state" (a phrasing "cell state" then finds it). Only the names of gates and states, joined by "and", "or" or a
    comma, and only when a join is a word: "forget input gate" stays as written."""
    inserted: dict[int, Word] = {}  # the index of a listed name: its head noun, to read after it
    for j in range(2, len(found)):
        names = _LISTED_NAMES.get(found[j].stem)
        if names is None or found[j - 1].lower not in names:
            continue
        k, joined = j - 1, False
        while k > 0:
            before = found[k - 1]
            if before.lower in _LIST_JOINS and k > 1 and found[k - 2].lower in names:
                k, joined = k - 2, True
            elif before.lower in names and before.clause != found[k].clause and before.sentence == found[k].sentence:
                k -= 1  # `input, forget and output gates`: a comma between two names
            else:
                break
            inserted[k] = replace(found[j], start=found[k].start, end=found[k].end, sentence=found[k].sentence,
                                  clause=found[k].clause)  # fmt: skip
        if not joined:
            for i in [i for i in inserted if i >= k]:
                del inserted[i]
    return spliced(found, {i: [found[i], word] for i, word in inserted.items()})


_HAVING = frozenset({"has", "have", "had", "keeps", "keep", "carries", "carry", "uses", "use", "maintains"})
_AUXILIARIES = frozenset({"does", "do", "did", "has", "have"})
# Words that end what is had (`has a cell state in addition to h_t`, `has a cell state and the GRU doesn't`).
_OBJECT_ENDS = frozenset({"and", "but", "while", "whereas", "in", "plus", "besides", "next", "which", "that", "so",
                          "because", "as", "too", "also", "unlike"})  # fmt: skip
_MAX_OBJECT = 6
_MAX_REACH = 40  # words back to what is had: a sentence's clauses, never a whole long answer


def _with_elided(found: list[Word]) -> list[Word]:
    """The words with a denial that leaves its object out read with it (`the LSTM has a cell state, the GRU
    doesn't`: the GRU "has no cell state"): a clause ending in `does not` (or `has not`) after a clause of the
    same sentence that has something (`has`, `keeps`, `uses` and what follows, up to six words) reads as "has
    no" and that object, at the denial's place in the text."""
    replaced: dict[int, list[Word]] = {}  # the index of a denial's `does`: the words read in place of `does not`
    for i in range(1, len(found) - 1):
        aux, neg = found[i], found[i + 1]
        ends = i + 2 == len(found) or (found[i + 2].clause, found[i + 2].sentence) != (neg.clause, neg.sentence)
        if aux.lower not in _AUXILIARIES or neg.lower != "not" or not ends:
            continue
        having = None
        for h in range(i - 1, max(-1, i - 1 - _MAX_REACH), -1):  # back through the sentence, a bounded way
            if found[h].sentence != aux.sentence:
                break
            if found[h].lower in _HAVING:
                having = h
                break
        if having is None:
            continue
        what: list[Word] = []
        for word in found[having + 1 : i]:
            if word.lower in _OBJECT_ENDS or word.clause != found[having].clause or len(what) == _MAX_OBJECT:
                break
            if what or word.lower not in ("a", "an", "the"):
                what.append(word)
        if not what:
            continue
        start, end, sentence, clause = aux.start, neg.end, aux.sentence, aux.clause
        said = [Word(stem("has"), "has", start, end, sentence, clause, sense(stem("has"))),
                Word("no", "no", start, end, sentence, clause, "no")]  # fmt: skip
        replaced[i] = said + [replace(word, start=start, end=end, sentence=sentence, clause=clause) for word in what]
    return spliced(found, {**{i + 1: [] for i in replaced}, **replaced})  # the `not` of each denial read in it


def _with_stacked(found: list[Word], starts: list[int], last: tuple[int, int]) -> list[Word]:
    """The words with "concatenated" before the words of each pair stacked in brackets (at `starts`, in order;
    the pair's own words stay), in one pass: in the sentence and clause of the word that follows it."""
    if not starts:
        return found
    concatenated, merged, i = stem("concatenated"), [], 0
    for start in starts:
        while i < len(found) and found[i].start <= start:
            merged.append(found[i])
            i += 1
        sentence, clause = (found[i].sentence, found[i].clause) if i < len(found) else last
        merged.append(Word(concatenated, "concatenated", start, start + 1, sentence, clause, sense(concatenated)))
    return merged + found[i:]


def number_word(text: str) -> str:
    """A decimal or fraction as one word: its value in lowest terms (`0.50` → `1/2`, `3/1` → `3`)."""
    value = Fraction(_FRACTIONS.get(text, text))
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def later_openings(text_words: list[Word], skipping: frozenset[str]) -> Iterator[tuple[list[Word], int]]:
    """Each sentence after the first, as its words and how many of them open it from `skipping` (`Actually,
    wait, yes …`: 2), never all of them: where a later sentence starts saying something."""
    opening = text_words[0].sentence if text_words else 0
    for sentence in sorted({w.sentence for w in text_words if w.sentence != opening}):
        said = [w for w in text_words if w.sentence == sentence]
        lead = 0
        while lead < len(said) - 1 and said[lead].lower in skipping:
            lead += 1
        yield said, lead


def _split_word(lower: str) -> list[str]:
    if lower in _IRREGULAR_NEGATIONS:
        return [_IRREGULAR_NEGATIONS[lower], "not"]
    if lower in _BARE_NEGATIONS:
        return [_BARE_NEGATIONS[lower], "not"]
    if lower.endswith("n't"):
        return [lower[:-3], "not"]
    if "'" in lower:
        return [lower.split("'")[0]]  # RNN's → rnn
    return list(COMPOUNDS.get(lower, (lower,)))


_MATH_TOKEN = re.compile(r"[_^(){}\\√²]|\d\.\d|[¼½¾⅓⅔⅛]")  # a phrasing word that is math, not a word
_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])|(?<!\w)-|-(?!\w)")
_FRACTION_TOKEN = re.compile(r"\d+/[1-9]\d*")  # `1/4` is a number, not the alternatives 1 or 4


@lru_cache(maxsize=4096)
def compile_phrase(text: str) -> Pattern:
    """Compile a phrasing. Raises ValueError with what to fix."""
    pieces = [_HYPHEN.sub(" ", piece).strip() for piece in text.split("...")]  # long-term = long term; not t-1
    if any(not piece for piece in pieces):
        raise ValueError(f"phrasing {text!r}: '...' must stand between words, not at an end or doubled")
    stretches = []
    closed = False
    for piece in pieces:
        slots: list[tuple[tuple[str, str], ...]] = []
        for token in piece.split():
            closed = bool(_MATH_TOKEN.search(token) or _FRACTION_TOKEN.fullmatch(token))
            if closed:
                # `d_k`, `O(n^2)`, `h_{t-1}`, `0.25`, `1/4`: read as an answer reads them, a slot per word
                found = [word.lower for word in words(token)]
                if not found:
                    raise ValueError(f"phrasing {text!r}: {token!r} has no letters or digits")
                slots += [((stem(word), word),) for word in found]
                continue
            if token.lower() in COMPOUNDS:  # `everywhere` is read as "every place" in an answer, so here too
                slots += [((stem(word), word),) for word in COMPOUNDS[token.lower()]]
                continue
            alternatives = []
            for option in token.split("/"):
                found = [part for word in _WORD.findall(option.lower()) for part in _split_word(word.replace("’", "'"))]
                if len(found) > 1:
                    raise ValueError(f"phrasing {text!r}: write {option!r} as separate words")
                found = [ABBREVIATIONS.get(word, word) for word in found]  # `bwd` in a phrasing is "backward" too
                alternatives += [(stem(word), word) for word in found]
            if not alternatives:
                raise ValueError(f"phrasing {text!r}: {token!r} has no letters or digits")
            slots.append(tuple(alternatives))
        stretches.append(tuple(slots))
    return Pattern(text, tuple(stretches), closed)


def _same(word: Word, slot: tuple[tuple[str, str], ...], senses: bool) -> bool:
    """Whether `word` fills `slot`: one of its alternatives by stem, by spelling, by sense (when `senses`), or
    with one typo (words of TYPO_MIN_LENGTH letters or more)."""
    stems, lowers, meanings, long = _slot_sets(slot)
    if word.stem in stems or word.lower in lowers or (senses and word.sense in meanings):
        return True
    return len(word.lower) >= TYPO_MIN_LENGTH and any(_one_edit(word.lower, lower) for lower in long)


@lru_cache(maxsize=8192)
def _slot_sets(
    slot: tuple[tuple[str, str], ...],
) -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """A slot's stems, spellings, senses and the spellings long enough for a typo, as sets: a slot is tried
    against every word of every answer."""
    return (
        frozenset(stemmed for stemmed, _ in slot),
        frozenset(lower for _, lower in slot),
        frozenset(sense(stemmed) for stemmed, _ in slot),
        tuple(lower for _, lower in slot if len(lower) >= TYPO_MIN_LENGTH),
    )


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


@dataclass(frozen=True)
class Vocabulary:
    """The words of a text as sets: a phrasing whose first word no word of the text can be is not looked for
    word by word (an answer is tried against every phrasing of every concept, and most find no first word)."""

    stems: frozenset[str]
    lowers: frozenset[str]
    senses: frozenset[str]
    long: tuple[str, ...]  # the spellings long enough for a typo

    def fills(self, slot: tuple[tuple[str, str], ...], senses: bool) -> bool:
        """Whether some word of the text may fill `slot` (as `_same` decides it, for one of the words)."""
        stems, lowers, meanings, long = _slot_sets(slot)
        if not stems.isdisjoint(self.stems) or not lowers.isdisjoint(self.lowers):
            return True
        if senses and not meanings.isdisjoint(self.senses):
            return True
        return any(_one_edit(word, lower) for word in self.long for lower in long)


def vocabulary_of(text_words: list[Word]) -> Vocabulary:
    """The vocabulary of a text's words, for `find`."""
    return Vocabulary(
        frozenset(word.stem for word in text_words),
        frozenset(word.lower for word in text_words),
        frozenset(word.sense for word in text_words),
        tuple({word.lower for word in text_words if len(word.lower) >= TYPO_MIN_LENGTH}),
    )


def find(
    pattern: Pattern, text_words: list[Word], sentence: int | None = None, vocab: Vocabulary | None = None
) -> list[Match]:
    """Every place a pattern matches, optionally only within one sentence; `vocab`, the text's vocabulary
    when the caller tries many patterns on one text (`vocabulary_of`: the same matches, found faster)."""
    matches = []
    anchored = pattern.anchored
    first = pattern.stretches[0][0]
    if vocab is not None and not vocab.fills(first, senses=anchored):
        return _passive(pattern, text_words, sentence, set(), vocab)
    for i, word in enumerate(text_words):
        if sentence is not None and word.sentence != sentence:
            continue
        # A match starts with a word that fills the first slot: most words of an answer do not, and are not
        # tried further (a word that fills it by sense only is tried loosely alone).
        strict = _same(word, first, senses=False)
        if not strict and not (anchored and _same(word, first, senses=True)):
            continue
        matched = _match_from(pattern, text_words, i, senses=False) if strict else None
        loose = matched is None and anchored
        if loose:
            matched = _match_from(pattern, text_words, i, senses=True)
        if matched is None:
            continue
        last = matched[-1]
        if pattern.closed and last + 1 < len(text_words) and text_words[last + 1].start == text_words[last].start:
            continue  # `O(n)` inside `O(n²)`: the symbol the answer wrote goes on
        negated = (not pattern.negative and _negated(text_words, matched)) or _disowned(text_words, matched[0])
        matches.append(Match(word.start, text_words[matched[-1]].end, negated, tuple(matched), loose))
    return matches + _passive(pattern, text_words, sentence, {m.words for m in matches}, vocab)


_BE = frozenset({"is", "are", "was", "were", "be", "being", "been", "gets", "get", "got", "stays", "stay", "remains"})


def _passive(
    pattern: Pattern,
    text_words: list[Word],
    sentence: int | None,
    seen: set[tuple[int, ...]],
    vocab: Vocabulary | None = None,
) -> list[Match]:
    """A phrasing that opens with two single words, a verb or predicate then its noun (`share ... kernel`, `same
    ... filter`, `same weights`, `same kernel ... every ... position`), also found the other way round in the
    passive or as a predicate within one clause (`the kernel is shared`, `the kernel is reused`, `the filter is
    the same`, `the kernel is same in all positions`): the noun, a form of `be` (after `that` or `which`), at most
    two words, then the first word, or a word of its sense, as a participle or `same`, then the rest of the
    phrasing in the same sentence (`a BiLSTM is two LSTMs` is no passive of "two ... LSTMs")."""
    stretches = pattern.stretches
    if len(stretches[0]) == 2:  # `same weights`: the weights are the same
        (first, second), rest = stretches[0], stretches[1:]
    elif len(stretches) >= 2 and len(stretches[0]) == len(stretches[1]) == 1:
        (first,), (second,), rest = stretches[0], stretches[1], stretches[2:]
    else:
        return []
    if vocab is not None and not vocab.fills(second, senses=True):
        return []  # every passive opens with a word filling the second slot
    tail = replace(pattern, stretches=rest) if rest else None
    found = []
    last = len(text_words) - 1
    for i, word in enumerate(text_words):
        if sentence is not None and word.sentence != sentence:
            continue
        nominal_next = i < last and text_words[i + 1].nominal  # cheap first: it rarely is
        nominal = _nominal(text_words, i, first) if nominal_next and _same(word, second, senses=True) else None
        if nominal is not None and (i, nominal) not in seen:  # `dimensionality reduction` for "reduce ... dimension"
            more = _match_after(tail, text_words, nominal + 1) if tail else []
            if more is not None:
                negated = (not pattern.negative and _negated(text_words, [i, nominal])) or _disowned(text_words, i)
                found.append(Match(word.start, text_words[(more or [nominal])[-1]].end, negated, (i, nominal, *more),
                                   passive=True))  # fmt: skip
                continue
        if not _same(word, second, senses=False):
            continue
        verb = i + 1 + _resumed(text_words, i)  # `that is`, `and they are`
        for j in range(verb + 1, min(verb + 4, len(text_words))):
            between = text_words[verb:j]
            if any(w.clause != word.clause or w.sentence != word.sentence for w in text_words[i + 1 : j + 1]):
                break
            if between[0].lower not in _BE:
                break
            predicate = text_words[j].lower.endswith(("ed", "en")) or text_words[j].lower == "same"  # `shared`, `same`
            if predicate and _same(text_words[j], first, senses=True) and (i, j) not in seen:  # `reused`
                more = _match_after(tail, text_words, j + 1) if tail else []
                if more is None:
                    break
                negated = (not pattern.negative and _negated(text_words, [i, j])) or _disowned(text_words, i)
                found.append(Match(word.start, text_words[(more or [j])[-1]].end, negated, (i, j, *more), passive=True))
                break
    return found


_RELATIVE = frozenset({"that", "which"})
_RESUMING = frozenset({"they", "it", "these", "both"})


def _resumed(text_words: list[Word], noun: int) -> int:
    """How many words after a noun lead to its verb: `the kernel that is shared` (1), `3 × 3 weights and they are
    reused` (2: the noun taken up again by a pronoun), else 0."""
    after = [w.lower for w in text_words[noun + 1 : noun + 3]]
    if after[:1] and after[0] in _RELATIVE:
        return 1
    return 2 if len(after) == 2 and after[0] == "and" and after[1] in _RESUMING else 0


def _nominal(text_words: list[Word], noun: int, verb: tuple[tuple[str, str], ...]) -> int | None:
    """The index of the word right after a noun that names the phrasing's verb as an action on it, or None:
    `dimensionality reduction`, `size reduction` for "reduce ... dimension/size" (a noun in `-ion` or `-ing`)."""
    after = noun + 1
    if after >= len(text_words) or text_words[after].clause != text_words[noun].clause:
        return None
    word = text_words[after]
    if word.sentence != text_words[noun].sentence or not word.nominal:
        return None
    return after if _same(word, verb, senses=True) else None


def _match_after(tail: Pattern, text_words: list[Word], position: int) -> list[int] | None:
    """The indices of the rest of a phrasing matched after `position` in the same sentence, or None."""
    if position >= len(text_words) or text_words[position].sentence != text_words[position - 1].sentence:
        return None
    return _stretches_from(tail, text_words, position, text_words[position - 1].sentence, senses=False, at=False)


def _match_from(pattern: Pattern, text_words: list[Word], first: int, senses: bool) -> list[int] | None:
    """The indices of the words of a match starting at `first`, or None."""
    return _stretches_from(pattern, text_words, first, text_words[first].sentence, senses=senses, at=True)


def _stretches_from(
    pattern: Pattern, text_words: list[Word], position: int, sentence: int, *, senses: bool, at: bool
) -> list[int] | None:
    """The indices of a pattern's stretches found in order from `position` within one sentence, the first
    starting right there when `at`, else anywhere after it; None when one is not found."""
    matched: list[int] = []
    for number, stretch in enumerate(pattern.stretches):
        starts = [position] if number == 0 and at else range(position, len(text_words))
        denied = number > 0 and all(lower in _DENIALS for _, lower in pattern.stretches[number - 1][-1])
        for start in starts:
            if text_words[start].sentence != sentence:
                return None
            if denied and text_words[start].clause != text_words[matched[-1]].clause:
                return None  # a negation reaches to the end of its clause: `not ... vanish` denies no later clause
            found = _stretch_at(stretch, text_words, start, sentence, senses)
            if found is not None:
                matched += found
                position = found[-1] + 1
                break
        else:
            return None
    return matched


def _stretch_at(
    stretch: tuple[tuple[tuple[str, str], ...], ...], text_words: list[Word], start: int, sentence: int, senses: bool
) -> list[int] | None:
    if not _same(text_words[start], stretch[0], senses):
        return None
    found = [start]
    for slot in stretch[1:]:
        steps = 1 if any(lower == "squared" for _, lower in slot) else GAP + 1  # `n·d²` is no "n squared"
        for step in range(1, steps + 1):
            candidate = found[-1] + step
            if candidate >= len(text_words) or text_words[candidate].sentence != sentence:
                return None
            if _same(text_words[candidate], slot, senses):
                found.append(candidate)
                break
        else:
            return None
    return found


def _negated(text_words: list[Word], matched: list[int]) -> bool:
    """A negation just before the match ("not shared") or between its words ("weights are not shared")."""
    first = matched[0]
    clause, step = text_words[first].clause, text_words[first].step
    window = [
        j
        for j in range(first - NEGATION_WINDOW, first)
        if j >= 0 and text_words[j].clause == clause and text_words[j].step == step
    ]
    contrasts = [j for j in window if text_words[j].lower in CONTRASTS]
    if contrasts:  # "not linearly but quadratically": the contrast ends the negation's reach
        window = [j for j in window if j > contrasts[-1]]
    inside = [j for j in range(first, matched[-1]) if j not in matched]
    return any(_negates(text_words, j) for j in window + inside) or _denied_subject(text_words, matched)


def _disowned(text_words: list[Word], first: int) -> bool:
    """Whether what a match says is set against (`it reduces the problem rather than completely solving it`) or
    stands in a claim denied (`this does not guarantee that gradients never vanish`), a phrase with its own
    negation too."""
    sentence, clause = text_words[first].sentence, text_words[first].clause
    before = [w.lower for w in text_words[max(0, first - NEGATION_WINDOW) : first]
              if w.sentence == sentence and w.clause == clause]  # fmt: skip
    return any(pair in _SET_AGAINST for pair in pairwise(before)) or _denied_claim(text_words, first)


_SET_AGAINST = frozenset({("rather", "than")})  # not `instead of`: it mostly contrasts two things said
# `does not guarantee that …`, `it isn't true that …`: a negated verb of saying or holding denies the clause it opens
_CLAIMING = frozenset({"guarantee", "guarantees", "mean", "means", "imply", "implies", "true", "say", "says", "claim",
                       "claims", "prove", "proves", "follow", "follows", "ensure", "ensures"})  # fmt: skip
_CLAIM_REACH = 6  # words from `that` to the match it denies


def _denied_claim(text_words: list[Word], first: int) -> bool:
    """Whether the match stands in a `that` clause a few words after a negated verb of saying or holding (`This
    does not guarantee that gradients never vanish`: the claim is not made)."""
    sentence = text_words[first].sentence
    for that in range(first - 1, max(-1, first - _CLAIM_REACH - 1), -1):
        if text_words[that].sentence != sentence:
            return False
        if text_words[that].lower != "that" or that < 2:
            continue
        verb = that - 1
        if text_words[verb].lower not in _CLAIMING:
            return False
        return any(
            text_words[j].lower in NEGATORS and text_words[j].sentence == sentence
            for j in range(max(0, verb - 3), verb)
        )
    return False


_NEGATIVE_SUBJECTS = frozenset({"nothing", "none"})
_SUBJECT_REACH = 8  # words from a clause's opening `Nothing of …` to the match it denies


def _denied_subject(text_words: list[Word], matched: list[int]) -> bool:
    """Whether the match's clause opens with a negative subject a few words before it (`Nothing from the previous
    cell state is kept`, `None of the old memory is kept`), with no contrast between (`nothing but …`)."""
    first = matched[0]
    where = (text_words[first].sentence, text_words[first].clause)
    opening = first  # walked back no further than the reach: a long clause's opening is too far anyway
    while (
        opening > 0
        and first - opening <= _SUBJECT_REACH
        and ((text_words[opening - 1].sentence, text_words[opening - 1].clause) == where)
    ):
        opening -= 1
    if opening == first or first - opening > _SUBJECT_REACH or text_words[opening].lower not in _NEGATIVE_SUBJECTS:
        return False
    return not any(text_words[j].lower in CONTRASTS for j in range(opening + 1, first))


def _negates(text_words: list[Word], index: int) -> bool:
    if text_words[index].lower not in NEGATORS:
        return False
    following = text_words[index + 1].lower if index + 1 < len(text_words) else ""
    if text_words[index].lower == "without" and following in _PRONOUNS:
        return False  # "without it the softmax saturates": a condition on "it", not a denial of what follows
    if text_words[index].lower == "no" and following in _REASONS:
        return False  # "No because the weights are the same": an answer and its reason, not a denial of the reason
    if _in_purpose(text_words, index):
        return False  # "so that the softmax is not saturated" says what is avoided, as "prevents saturation" does
    return following != "only"  # "not only ... but also" is not a negation


def _in_purpose(text_words: list[Word], index: int) -> bool:
    """Whether a negation stands in a clause of purpose (`so that …`, `such that …`, `in order that …`, `to make
    sure …`) within the twelve words before it (symbols read as words count too: `q·k`), in its clause; or in an
    answer that opens with `so` (`so the softmax doesnt saturate`: the answer to a why is its purpose)."""
    clause = text_words[index].clause
    before = [w.lower for w in text_words[max(0, index - 12) : index] if w.clause == clause]
    pairs = set(pairwise(before))
    opening = text_words[0].lower == "so" and text_words[0].clause == clause
    return bool(pairs & _PURPOSE) or "ensure" in before or opening


_PURPOSE = frozenset({("so", "that"), ("such", "that"), ("in", "order"), ("make", "sure")})


_PRONOUNS = frozenset({"it", "this", "that", "them", "these", "those"})
_REASONS = frozenset({"because", "since", "bc", "cause", "cuz", "as"})


_MARKER = re.compile(r"^(?:[-*•]|\(?[ivx]+\)|\(?\d{1,2}[.)])\s+", re.IGNORECASE)


def quote(text: str, match: Match, width: int = 110) -> str:
    """The sentence around a match, without list markers, cut at word boundaries to about `width` characters."""
    bounds = [text.rfind(sep, 0, match.start) for sep in ("\n", ". ", "; ", "? ", "! ")]
    start = max(bound + (1 if text[bound] == "\n" else 2) for bound in bounds) if max(bounds) >= 0 else 0
    ends = [i for i in (text.find(sep, match.end) for sep in ("\n", ". ", "; ", "? ", "! ")) if i != -1]
    end = min([*ends, len(text)])
    if text[end : end + 1] in (".", "?", "!"):
        end += 1
    while True:  # "- iii) The forget gate ..." loses both markers
        sentence = text[start:end]
        marker = _MARKER.match(sentence.lstrip())
        if not marker:
            break
        start += len(sentence) - len(sentence.lstrip()) + marker.end()
    lead = text[start : match.start]
    core = text[match.start : match.end]
    tail = text[match.end : end]
    room = max(0, width - len(" ".join(core.split())))
    lead_words, tail_words = lead.split(), tail.split()
    left: list[str] = []
    right: list[str] = []
    # Grow the context word by word, alternating sides, while it fits.
    while lead_words or tail_words:
        grew = False
        for words_, side, front in ((lead_words, left, True), (tail_words, right, False)):
            if words_:
                word = words_[-1] if front else words_[0]
                if len(" ".join([*left, *right, word])) + 1 > room:
                    continue
                if front:
                    side.insert(0, words_.pop())
                else:
                    side.append(words_.pop(0))
                grew = True
        if not grew:
            break
    glued_left = lead[-1:].isspace() or not lead
    glued_right = tail[:1].isspace() or not tail
    snippet = " ".join(left) + (" " if left and glued_left else "") + " ".join(core.split())
    snippet += (" " if right and glued_right else "") + " ".join(right)
    return ("…" if lead_words else "") + snippet.strip() + ("…" if tail_words else "")
