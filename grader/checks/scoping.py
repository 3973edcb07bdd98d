"""Whether a phrasing's match says the concept about the right thing, and says something.

A phrasing `forget gate ... discard/remove` has a subject (the words before `...`) and what is said of it.
A match is no evidence when:
- what is said belongs to another subject of the same question: in "the output gate computes c_t, the
  candidate layer is the hidden state", `output gate ... hidden` spans into a clause that opens with the
  candidate layer (a subject named inside a clause, "a type of RNN architecture", does not count);
- it is a tautology: "the forget gate forgets", "the input gate adds the input", "the output gate outputs
  the result" repeat the subject's own word and add nothing but generic words;
- it is said of another network than the concept's: in "the GRU has a cell state, the LSTM has no cell state",
  "no cell state" is said of the LSTM, and the concept "a GRU has no separate cell state" is about the GRU;
- it comes from keyword soup: a clause of rubric words only, without a single word that makes a sentence
  ("variance saturated small gradients"), that matches two or more concepts at once.
"""

from __future__ import annotations

from functools import lru_cache

from grader.checks.phrases import Match, Pattern, Word, compile_phrase
from grader.checks.stems import stem

# Words that name a kind of thing rather than a particular one: not a subject's own word.
_KINDS = frozenset(
    stem(word)
    for word in (
        "gate", "gates", "layer", "layers", "the", "a", "an", "unit", "units",
        "recurrent", "neural", "network", "networks",  # `gated recurrent unit`: its head is `gated`, not `recurrent`
    )
)  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an", "its", "their"})
# Words that say nothing of what a gate does to what (`forgets the old information`).
_GENERIC = frozenset(
    stem(word)
    for word in (
        "information", "info", "thing", "things", "result", "results", "stuff", "data", "value", "values",
        "old", "new", "something", "everything", "anything", "content", "contents", "the", "a", "an", "it",
        "its", "what", "which", "that", "this", "to", "of", "from", "into", "in", "out", "is", "are", "be",
        "does", "do", "just", "simply", "basically", "give", "gives", "take", "takes", "produce", "produces",
        "get", "gets", "make", "makes", "handle", "handles", "like", "some", "kind", "sort",
    )
)  # fmt: skip
# Words that make a string of keywords a sentence: verbs of being and having, articles, prepositions.
_FUNCTION = frozenset(
    stem(word)
    for word in (
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "the", "a", "an", "of", "to",
        "in", "on", "at", "by", "for", "with", "from", "into", "so", "because", "since", "that", "which",
        "who", "it", "they", "this", "these", "those", "and", "or", "but", "if", "when", "then", "than", "as",
        "gets", "get", "becomes", "become", "makes", "make", "keeps", "keep", "can", "will", "would", "not",
        "no", "does", "do", "every", "each", "over", "through", "across", "between", "via", "within", "without", "onto",
    )
)  # fmt: skip


def subject_of(pattern: Pattern) -> frozenset[str]:
    """The stems that name a phrasing's subject (`forget` of `forget gate ... discard`); empty without `...`."""
    if len(pattern.stretches) < 2:
        return frozenset()
    return frozenset(stemmed for slot in pattern.stretches[0] for stemmed, _ in slot) - _KINDS


def head_of(pattern: Pattern) -> str | None:
    """The word that names a phrasing's subject best: its longest (`memory` of `long short term memory`), or the
    one-letter label it opens with (`f` of `f scales c previous`, `o` of `o how much`: what follows a label says
    what the gate does, and a verb such as `scales` is no subject); `i` opens none, being the pronoun too."""
    if len(pattern.stretches) < 2:
        return None
    opening = pattern.stretches[0][0]
    if all(len(lower) == 1 for _, lower in opening):
        labels = [lower for _, lower in opening if lower != "i"]
        return stem(labels[0]) if len(labels) == 1 else None
    names = [lower for slot in pattern.stretches[0] for stemmed, lower in slot if stemmed not in _KINDS]
    return stem(max(names, key=len)) if names else None


@lru_cache(maxsize=1024)
def subjects(phrasings: tuple[str, ...]) -> frozenset[str]:
    """The subject heads of the phrasings given (those of a question's other concepts: what else it is about)."""
    heads = (head_of(compile_phrase(phrasing)) for phrasing in phrasings)
    return frozenset(head for head in heads if head is not None)


def crosses_subject(pattern: Pattern, match: Match, text_words: list[Word], others: frozenset[str]) -> bool:
    """Whether between a match's subject and what it says of it stands another subject of the question."""
    own = subject_of(pattern)
    if not own or len(match.words) < 2:
        return False
    subject_end = len(pattern.stretches[0])
    first, last = match.words[subject_end - 1], match.words[subject_end]
    return any(text_words[i].stem in others - own and _starts_clause(text_words, i) for i in range(first + 1, last))


def _starts_clause(text_words: list[Word], index: int) -> bool:
    """Whether a word opens its clause, articles aside: a subject (`, the candidate layer is …`), not a
    modifier (`a type of RNN architecture`)."""
    j = index - 1
    while j >= 0 and text_words[j].clause == text_words[index].clause and text_words[j].lower in _ARTICLES:
        j -= 1
    return (
        j < 0
        or text_words[j].clause != text_words[index].clause
        or text_words[j].sentence != text_words[index].sentence
    )


def tautological(pattern: Pattern, match: Match, text_words: list[Word]) -> bool:
    """Whether the clause of a match repeats its subject's word and says nothing else of substance, or spells
    out a one-letter label's own name (`f: forget`, found as `f erase` by sense)."""
    first = pattern.stretches[0]
    if len(first) >= 2 and len(match.words) >= 2 and all(len(lower) == 1 for _, lower in first[0]):
        label, spelled = (text_words[index].lower for index in match.words[:2])
        if spelled.startswith(label):
            return True
    own = subject_of(pattern)
    if not own or not match.words:
        return False
    subject_end = match.words[len(pattern.stretches[0]) - 1]
    clause = text_words[subject_end].clause
    rest = [w for w in text_words[subject_end + 1 :] if w.clause == clause]
    repeated = any(w.stem in own for w in rest)
    evidence = {text_words[i].stem for i in match.words[len(pattern.stretches[0]) :]}
    said = [w for w in rest if w.stem not in own | _GENERIC | evidence | _KINDS]
    return repeated and not said


_SOUP = 40  # words each side of a match: how much of a long clause is read to tell keyword soup


def soup(match: Match, text_words: list[Word], vocabulary: frozenset[str], text: str = "") -> bool:
    """Whether the clause of a match is rubric words only, with no word that makes it a sentence; an equation in
    it (`additive cell update c_t = f*c_{t-1} + i*c̄`) states something, as a verb does."""
    if not match.words:
        return False
    first = match.words[0]
    where = (text_words[first].clause, text_words[first].sentence)
    low, high = first, first  # the clause around the match, up to _SOUP words each side (never the whole answer)
    while low > 0 and first - low <= _SOUP and (text_words[low - 1].clause, text_words[low - 1].sentence) == where:
        low -= 1
    while (
        high + 1 < len(text_words)
        and high - first <= _SOUP
        and (
            text_words[high + 1].clause,
            text_words[high + 1].sentence,
        )
        == where
    ):
        high += 1
    words = text_words[low : high + 1]
    if len(words) < 3 or "=" in text[words[0].start : words[-1].end]:
        return False
    return all(w.stem in vocabulary for w in words) and not any(w.stem in _FUNCTION for w in words)


# Networks an explanation contrasts: the stems of their names, singular and plural, and the name each stands for.
_NETWORK_NAMES = ("lstm", "gru", "rnn", "cnn", "bilstm", "transformer", "mlp", "elman", "jordan")
NETWORKS = {stem(form): name for name in _NETWORK_NAMES for form in (name, name + "s")}
_CONJUNCTIONS = frozenset({"and", "but", "while", "whilst", "whereas"})
_REACH = 40  # words back to a clause's subject: bounded, so that a long answer's many matches stay linear


def network_of(description: str) -> str | None:
    """The network a concept's description is about, when it opens with one (`a GRU has no separate cell
    state`: gru)."""
    opening = [word.strip(".,:;()") for word in description.lower().split()]
    opening = [word.removesuffix("'s") for word in opening if word and word not in _ARTICLES]
    return NETWORKS.get(stem(opening[0])) if opening else None


def said_of_another_network(network: str | None, match: Match, text_words: list[Word]) -> str | None:
    """The network a match is said of when that is another than the concept's (`the LSTM has no cell state`
    for a concept about the GRU): the nearest network before it in its clause that opens the clause or follows
    `and`, `but`, `while`, `whereas` (articles aside), or the label the clause follows (`GRU: RNN with fewer
    gates` is said of the GRU), unless the match itself names the concept's network (`the LSTM has 4 blocks,
    the GRU only 3`); None otherwise."""
    if network is None or not match.words:
        return None
    first = text_words[match.words[0]]
    where = (first.sentence, first.clause)
    subject = None
    for k in range(match.words[0] - 1, max(-1, match.words[0] - 1 - _REACH), -1):
        word = text_words[k]
        if (word.sentence, word.clause) != where:
            subject = _label(text_words, k)
            break
        if word.stem in NETWORKS and _opens(text_words, k):
            subject = _label(text_words, _clause_start(text_words, k) - 1) or NETWORKS[word.stem]
            break
    if subject is None or network == subject:
        return None
    named = {NETWORKS.get(text_words[i].stem) for i in range(match.words[0], match.words[-1] + 1)}
    return None if network in named else subject


def _clause_start(text_words: list[Word], index: int) -> int:
    """The first word of the clause of `index`, or the word `_REACH` words before it in a longer one."""
    where, limit = (text_words[index].sentence, text_words[index].clause), max(0, index - _REACH)
    while index > limit and (text_words[index - 1].sentence, text_words[index - 1].clause) == where:
        index -= 1
    return index


def _label(text_words: list[Word], index: int) -> str | None:
    """The network a clause ending at `index` names when it is that network's name alone (`GRU:`), else None."""
    if index < 0 or text_words[index].stem not in NETWORKS:
        return None
    start = _clause_start(text_words, index)
    alone = all(word.lower in _ARTICLES for word in text_words[start:index])
    return NETWORKS[text_words[index].stem] if alone else None


def _opens(text_words: list[Word], index: int) -> bool:
    """Whether a word is the subject of its clause or of a clause joined by a conjunction (articles aside)."""
    if _starts_clause(text_words, index):
        return True
    j = index - 1
    while text_words[j].lower in _ARTICLES:  # within the clause: it does not start here
        j -= 1
    return text_words[j].lower in _CONJUNCTIONS


# Words that open a supposition (`Only if we would use different weights …`): what follows is not claimed
_SUPPOSING = frozenset({"if", "unless", "suppose", "supposing", "imagine"})
_SUPPOSING_REACH = 8  # how many words before a match a supposition's opening word may stand


def supposed(match: Match, text_words: list[Word]) -> bool:
    """Whether a match sits in a counterfactual sentence: opened by `if` (or `unless`, `suppose`) shortly before
    it, with `would` in it (`Only if we would use different weights for each time step … would it grow`), so
    what it says is supposed, not claimed."""
    if not match.words:
        return False
    first = match.words[0]
    sentence = text_words[first].sentence
    before = [w for w in text_words[max(0, first - _SUPPOSING_REACH) : first] if w.sentence == sentence]
    if not any(w.lower in _SUPPOSING for w in before):
        return False
    near = text_words[max(0, first - _SOUP) : first + _SOUP]  # bounded, so that many matches stay linear
    return any(w.lower == "would" and w.sentence == sentence for w in near)
