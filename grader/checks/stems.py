"""Word stems: a light Porter-style stemmer that gives a word's inflections and British spellings one form
(gates/gate, shared/sharing, behaviour/behavior), for phrase matching, the lexicon and similarity."""

from __future__ import annotations

from functools import lru_cache

_OUR_STEMS = ("neighbour", "behaviour", "colour", "favour", "flavour", "labour", "honour", "humour", "rumour",
              "vapour", "harbour", "endeavour", "odour", "savour")  # fmt: skip


def american(word: str) -> str:
    """British spellings to American: behaviour → behavior, neighbourhood → neighborhood, summarise → summarize."""
    if len(word) > 5 and word.endswith("our"):
        word = word[:-3] + "or"
    elif word.startswith(_OUR_STEMS):  # `neighbourhood`, `behaviours`, `favourite`: an -our word inside a longer one
        stem_ = next(base for base in _OUR_STEMS if word.startswith(base))
        word = stem_[:-3] + "or" + word[len(stem_) :]
    for british, us in (
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
    ):
        if word.endswith(british) and len(word) > len(british) + 2:
            return word[: -len(british)] + us
    return word


# Irregular forms of the verbs a phrasing spells one way and students another (`does not have` / `don't have`)
IRREGULAR = {"does": "do", "did": "do", "has": "have", "had": "have", "having": "have"}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light Porter-style stem, the same for a word's inflections: gates/gate, shared/sharing/share."""
    word = american(word.lower())
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3:
        return word
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "eed", "ed"):
        if suffix == "eed" and word.endswith("eed"):
            word = word[:-1] if len(word) > 5 else word  # agreed → agree; need, seed stay
            break
        root = word[: -len(suffix)]
        if word.endswith(suffix) and len(root) >= 2 and any(vowel in root for vowel in "aeiouy"):
            word = root if len(root) > 2 else root + "e"  # used, using → use
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouys":
                word = word[:-1]
            break
    for adverb, adjective in (("ally", "al"), ("ively", "ive"), ("ntly", "nt"), ("ely", "e")):
        if word.endswith(adverb) and len(word) > len(adverb) + 3:
            word = word[: -len(adverb)] + adjective
            break
    if word.endswith("y") and len(word) > 3:
        word = word[:-1] + "i"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word
