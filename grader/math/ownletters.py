"""Letters an answer says it writes for a quantity the question names: `o = logits` where the question asks about
"the logits z".

A question names a quantity with a word and a letter ("the gradient of L with respect to the logits z"). An answer
may write it with another textbook's letter and say so ("in d2l notation, logits o", "η for the logits", "Let
a = logits", "a_k are the activations (logits)"): its letter is then read as the question's (`∂l/∂o_j` as ∂L/∂z_j)
and the feedback says so. Read as written, such answers went to a grader; the corpus keyers gave five of the six
tuned ones so read full marks (the sixth adds that the other classes' gradient is 0).

Narrow on purpose: the word must stand right before the question's letter in its prompt, the answer must say in
one of the ways below that its letter is that word, and the letter must be one the question's expected answers
never write (an answer's p or y stays p or y). A bare `a` or `I` after the word is an article or a pronoun
("the logits are a vector"), not a letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from grader.errors import NotationError
from grader.math.nodes import Name
from grader.math.parser import parse_name

# "the logits z" in a prompt: a word of four letters or more, then a lone letter (not `σ(x)`, not `h̃_t`)
_NAMED = re.compile(r"(?<![\w$])([A-Za-z]{4,})[ \t]+\$?([A-Za-z])\$?(?![\w(\u0300-\u036f])")
# an answer's letter: Latin or Greek, `\eta`, with an entry index (`a_k`, `a_{k}`, `aₖ`), in `$…$` or not
_LETTER = r"\$?((?:\\[A-Za-z]+|[A-Za-zα-ωΑ-Ω])(?:_\{?[a-z]\}?|[ₐ-ₜ])?)\$?(?![\w(\u0300-\u036f])"
_SAID = r"(?:is|are|called|named|written(?:[ \t]+as)?|denoted(?:[ \t]+(?:by|as))?)"
_FOR = r"(?:=|:|≡|is|are|for|as|denotes?|stands?[ \t]+for)"
_ARTICLES = frozenset({"a", "A", "I"})


def own_letters(answer: str, prompt: str, known: Iterable[Name]) -> dict[Name, Name]:
    """The answer's letters read as the question's: {its letter: the question's} for each word the prompt puts
    right before a letter of the expected answers (`known`) that the answer says it writes with a letter of its
    own; empty when it says none."""
    bases = {name.base for name in known}
    bases |= {fraction[1].partition("_")[0] for name in known if (fraction := name.fraction)}  # ∂L/∂z_i: z
    read: dict[Name, Name] = {}
    for word, letter in _NAMED.findall(prompt):
        if letter not in bases:
            continue
        noun = re.escape(word.lower().rstrip("s")) + "s?"
        after = re.compile(rf"(?<![\w-]){noun}[ \t]+(?:{_SAID}[ \t]+)?{_LETTER}", re.IGNORECASE)  # "logits o"
        before = re.compile(  # "o = logits", "η for the logits", "a_k are the activations (logits)"
            rf"(?<![\w\\]){_LETTER}[ \t]*{_FOR}[ \t]*(?:the[ \t]+)?(?:[A-Za-z]+[ \t]+)?\(?{noun}(?![\w(])",
            re.IGNORECASE,
        )
        said = [(m.group(1), True) for m in after.finditer(answer)]
        said += [(m.group(1), False) for m in before.finditer(answer)]
        for written, after_word in said:
            if after_word and written in _ARTICLES:
                continue
            try:
                own = parse_name(written)
            except NotationError:
                continue
            mine = Name(own.base)
            if own.base != letter and own.base not in bases and not own.decor and not own.prefix:
                read.setdefault(mine, Name(letter))
    return read


def own_letters_note(read: dict[Name, Name]) -> str:
    """The feedback line saying which of the answer's letters were read as the question's."""
    pairs = ", ".join(f"{mine.text()} as {theirs.text()}" for mine, theirs in sorted(read.items(), key=str))
    return f"Read with the letters your answer says it uses: {pairs}."
