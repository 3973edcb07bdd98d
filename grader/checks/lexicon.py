"""Words that say the same thing in a deep-learning explanation, and the abbreviations students use.

A rubric phrasing names one wording ("previous cell state ... discarded"); students write "the old cell
memory is thrown away". Phrase matching compares words by their *sense*: a word's stem, or the name of its
group below when it has one. The groups are hand-written, narrow and domain-bound on purpose. A general
thesaurus (WordNet) joins words that mean different things here ("forget"/"leave", "gate"/"logic gate",
"state"/"country"): credit for a wrong answer is worse than a missed paraphrase, which goes to a human.

Rules the groups keep:
- no antonyms and no word whose other meaning is common in the domain ("reset" names a GRU gate, "clear"
  opens "it is clear that", "lower" is also "the lower layers");
- a gate's name is a name, not a verb: "forget" in "forget gate" keeps its own sense (see `phrases.words`), so
  a phrasing "discarded" never finds "the forget gate".
"""

from __future__ import annotations

from functools import lru_cache

from grader.checks.stems import stem

# Each group: words interchangeable in an explanation of a network (inflections are handled by the stemmer).
GROUPS: tuple[str, ...] = (
    "erase delete discard forget forgot forgotten drop remove wipe wiped throw thrown threw lose lost ignore flush",
    "previous old past earlier prior preceding former",
    "keep kept retain preserve remember maintain survive carry",
    "add write wrote written insert inject incorporate",
    "combine concatenate concat merge join fuse",
    "share reuse tie",
    "filter kernel",
    "vanish shrink shrank shrunk decay diminish fade dwindle disappear",
    "explode blow blown diverge",
    "multiply multiplicate scale rescale",  # `multiplicated`: a learner's form
    "whole entire full",
    "word token",
    "position location place spot",
    "image picture photo",
    "decide control regulate determine choose chose chosen select govern",
    "future upcoming later subsequent",
    "backward reverse",
    "learn learnt train learnable trainable",
    "parameter weight param",
    "fewer less",
    "only just solely merely",
    "small tiny",
    "large larger largest big bigger biggest huge",
    "connect link",
    "connection connectivity interaction",  # Goodfellow's "sparse interactions" are sparse connections
    "sparse sparsity",
    "memory state content",
    "sequence sentence",
    "start begin",
    "reduce decrease downsample reduction halve",
    "constant fixed unchanged",
    "close near",
    "many numerous",
    "compute calculate computation",
    "region patch area neighborhood neighbourhood window",
    "translation shift",
    "invariant invariance",
    "each every",
    "matrix matrices",
    "dimension dimensionality",
    "information info",
    "zero 0",
    "one 1",
    "two 2",
    "three 3",
    "four 4",
)

# Shorthand as students write it, read as the word it stands for (lower case, whole words only).
ABBREVIATIONS: dict[str, str] = {
    "fwd": "forward",
    "bwd": "backward",
    "bw": "backward",
    "ctx": "context",
    "grad": "gradient",
    "grads": "gradients",
    "mem": "memory",
    "prev": "previous",
    "params": "parameters",
    "seq": "sequence",
    "seqs": "sequences",
    "dim": "dimension",
    "dims": "dimensions",
    "conv": "convolution",
    "convs": "convolutions",
    "approx": "approximately",
    "repr": "representation",
    "emb": "embedding",
    "vocab": "vocabulary",
    "bidir": "bidirectional",
    "var": "variance",
    "idx": "index",
    "vec": "vector",
    "vecs": "vectors",
    "info": "information",
    "transl": "translation",
    "bc": "because",
    "bcs": "because",
    "bcz": "because",
    "cuz": "because",
    "coz": "because",
    "thru": "through",
    "img": "image",
    "imgs": "images",
    "pos": "position",
    "calc": "calculate",
    "elem": "element",
    "dep": "dependency",
    "deps": "dependencies",
}

# One word that says two (`the same filter everywhere`: at every position), read as those two.
COMPOUNDS: dict[str, tuple[str, ...]] = {"everywhere": ("every", "place")}

# Words before "learning" that make it a field's name ("deep learning", "machine learning"), not a learning.
FIELDS = frozenset({"deep", "machine"})

# Words after which a gate's or layer's name is a name: "forget gate", "input layer".
NAMED_BY = frozenset({"gate", "gates"})


@lru_cache(maxsize=1)
def _senses() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in GROUPS:
        label = "~" + group.split()[0]  # never a stem: stems have no "~"
        for word in group.split():
            table[stem(word)] = label
    return table


def sense(stemmed: str) -> str:
    """The sense of a stemmed word: its group's label, or the stem itself."""
    return _senses().get(stemmed, stemmed)
