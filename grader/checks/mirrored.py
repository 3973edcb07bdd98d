"""A difference said from the other side.

In a question that compares two networks ("the main architectural differences between a GRU and an LSTM"), a concept
that one of them lacks something ("a GRU has no separate cell state") or has less of it ("fewer parameters") is
stated as well by an answer that says the other one has it, or more of it: "the LSTM has an extra cell state c_t
besides h_t", "lstm has more gates and a cell state, gru is simpler". The corpus keyers credited such answers.

Only a phrasing that denies or lessens is mirrored (`no X`, `without a X`, `fewer X`, `less X`: `X`, `more X`), and
its match counts only when said of the other network the question names, as the subject of its clause, and not
denied there ("the LSTM has no cell state" says nothing of the kind).
"""

from __future__ import annotations

import re
from functools import lru_cache

from grader.checks.phrases import Match, Pattern, Vocabulary, Word, compile_phrase, find
from grader.checks.scoping import NETWORKS, network_of, said_of_another_network
from grader.checks.stems import stem
from grader.models.checks import Concept

# `no cell state`, `without a cell state`: what the concept's network lacks; `fewer/less parameters`: has less of
_DENIED = re.compile(r"^(?:no|without(?:[ \t]+(?:a|an|the|any))?)[ \t]+(?P<rest>[^.]+)$", re.IGNORECASE)
_LESSENED = re.compile(r"^(?:fewer|less)(?:/(?:fewer|less))?[ \t]+(?P<rest>[^.]+)$", re.IGNORECASE)


@lru_cache(maxsize=1024)
def compared(prompt: str, network: str | None) -> str | None:
    """The one other network a part's prompt names beside `network` (the concept's), if it names exactly one."""
    if network is None:
        return None
    stems = (stem(word.lower()) for word in re.findall(r"[A-Za-z]+", prompt))
    named = {NETWORKS[stemmed] for stemmed in stems if stemmed in NETWORKS}
    others = named - {network}
    return next(iter(others)) if network in named and len(others) == 1 else None


@lru_cache(maxsize=1024)
def _mirrored(phrasing: str) -> Pattern | None:
    """The phrasing said of the other network: `no cell state` as `cell state`, `fewer gates` as `more gates`."""
    if "..." in phrasing:
        return None
    if (denied := _DENIED.match(phrasing.strip())) is not None:
        return compile_phrase(denied.group("rest"))
    if (lessened := _LESSENED.match(phrasing.strip())) is not None:
        return compile_phrase(f"more {lessened.group('rest')}")
    return None


def mirrored_match(concept: Concept, prompt: str, text_words: list[Word], vocab: Vocabulary) -> Match | None:
    """Where the answer says the concept from the other side, if it does: a mirrored phrasing matched, not
    denied, in a clause whose subject is the other network the prompt names."""
    network = network_of(concept.description)
    other = compared(prompt, network)
    if other is None:
        return None
    for phrasing in concept.phrasings:
        pattern = _mirrored(phrasing)
        if pattern is None:
            continue
        for match in find(pattern, text_words, vocab=vocab):
            if not match.negated and said_of_another_network(network, match, text_words) == other:
                return match
    return None
