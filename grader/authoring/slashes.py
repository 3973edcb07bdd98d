"""Phrasings whose slash most likely alternates more than the author meant it to.

A slash alternates one word (`forget gate ... discard/remove`), so `real time/streaming` reads "real time" or
"real streaming", never "streaming" alone, and `forget gate/f` reads "forget gate" or "forget f". Loading
cannot tell such a slip from an intended pair (`same w/u/v` means "same w", "same u", "same v"), but some signs
give it away: an alternative offered twice (`time step/step`), an alternative that repeats the word before it
(`cell state/cell`: "cell cell"), a one-letter symbol beside a gate's name (`forget gate/f`: "forget f"), and
another word beside the second word of `real time`, `long term` or `short term` (`real time/streaming`). `grader
rubric validate` warns of each.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from grader.errors import Problem
from grader.models.checks import ChoiceCheck, SetCheck, TextCheck
from grader.models.rubric import Part

_GATES = frozenset({"forget", "input", "output", "update", "reset"})  # `forget gate/f`: "forget f"
_FIXED = {"real": "time", "long": "term", "short": "term"}  # `real time/streaming`: "real streaming"


def slip(phrasing: str) -> str | None:
    """Why a phrasing's slash likely alternates more than meant (the reading it gives, and the fix), or None."""
    for piece in phrasing.split("..."):
        tokens = piece.split()
        for before, token in pairwise(tokens):
            options = [option.lower() for option in token.split("/")]
            if len(options) < 2:
                continue
            pair = f"{before} {token}"
            repeated = sorted({option for option in options if options.count(option) > 1})
            if repeated:
                return f"{pair!r} offers {repeated[0]!r} twice"
            if before.split("/")[-1].lower() in options:
                return f"{pair!r} reads {before} {before}: a slash alternates one word"
            first = before.lower()
            if first in _GATES and {"gate", "gates"} & set(options):
                others = [option for option in options if len(option) == 1]
            elif _FIXED.get(first) in options:
                others = [option for option in options if option != _FIXED[first]]
            else:
                others = []
            if others:
                return (
                    f"{pair!r} reads {before} {others[0]}, not {others[0]!r} alone: a slash alternates one word, "
                    f"so write {others[0]!r} as a phrasing of its own"
                )
    return None


def slipped_slashes(part: Part, where: str) -> list[Problem]:
    """A warning for each phrasing of a part whose slash likely alternates more than its author meant."""
    return [
        Problem(path, f"phrasing {phrasing!r}: {reason}")
        for path, phrasing in _phrasings(part, where)
        if (reason := slip(phrasing)) is not None
    ]


def _phrasings(part: Part, where: str) -> Iterator[tuple[str, str]]:
    check = part.check
    if isinstance(check, TextCheck):
        for c, concept in enumerate(check.concepts):
            for k, phrasing in enumerate(concept.phrasings):
                yield f"{where}.check.concepts[{c}].phrasings[{k}]", phrasing
    elif isinstance(check, SetCheck):
        for i, item in enumerate(check.items):
            for k, phrasing in enumerate(item.synonyms):
                yield f"{where}.check.items[{i}].synonyms[{k}]", phrasing
    elif isinstance(check, ChoiceCheck):
        for o, option in enumerate(check.options):
            for k, phrasing in enumerate(option.phrasings):
                yield f"{where}.check.options[{o}].phrasings[{k}]", phrasing
