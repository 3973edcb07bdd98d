"""The lexicon of senses: groups that do not overlap, abbreviations that are not variable names."""

from __future__ import annotations

from collections import Counter

from grader.checks.lexicon import ABBREVIATIONS, GROUPS, sense
from grader.checks.stems import stem


def test_no_word_belongs_to_two_groups() -> None:
    stems = Counter(s for group in GROUPS for s in {stem(word) for word in group.split()})
    assert [s for s, n in stems.items() if n > 1] == []


def test_words_of_a_group_share_a_sense_and_others_keep_their_stem() -> None:
    assert sense(stem("discarded")) == sense(stem("thrown")) == sense(stem("forgetting"))
    assert sense(stem("gradient")) == stem("gradient")
    assert sense(stem("bigger")) == sense(stem("large"))  # `look at bigger sections of the image`
    assert sense(stem("disappears")) == sense(stem("vanish"))
    assert sense(stem("shrunk")) == sense(stem("shrinks")) == sense(stem("vanish"))  # `it has shrunk like (¼)ᴸ`
    assert sense(stem("just")) == sense(stem("only"))  # `the GRU just has the hidden state`
    assert sense(stem("smaller")) != sense(stem("small"))  # `the gradient doesn't get smaller` is no misconception
    assert sense(stem("interactions")) == sense(stem("connections"))  # Goodfellow's `sparse interactions`
    assert sense(stem("sparsity")) == sense(stem("sparse"))
    assert sense(stem("computation")) == sense(stem("compute"))  # `less to compute`
    assert sense(stem("reduction")) == sense(stem("reduce"))  # `dimensionality reduction`


def test_british_spellings_inside_longer_words_are_american() -> None:
    assert stem("neighbourhood") == stem("neighborhood")
    assert stem("behaviours") == stem("behaviors")
    assert stem("four") == "four"


def test_abbreviations_leave_one_letter_names_alone() -> None:
    # W, U, b, h, c, f, i, o name weights, states and gates in answers: never read them as words
    assert all(len(short) > 1 for short in ABBREVIATIONS)
