"""Reference-answer similarity: a 0-5 score of how close an answer is to a model answer, from lexical features.

Features of an answer against the reference (the question's own words demoted, words stemmed and synonyms
joined by `lexicon`): recall and precision of the reference's content words, plain and weighted by rarity
among the question's answers, with prefix matching for typos; word-bigram recall; word and character 4-gram
cosines; answer length, and its ratio to the reference's.
When the other answers to the same question are at hand (a class graded together), the answer's
similarity to its peers, its peer support (how close to the reference the answers most like it are) and
every feature's z-score and rank within the question (per-question normalisation) are added. A ridge
regression in NumPy maps features to a score; `bench/asag.py` fits it on training folds only, and writes the
default weights shipped in `similarity_weights.json`.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from grader.checks.lexicon import sense
from grader.checks.stems import stem

WEIGHTS = Path(__file__).with_name("similarity_weights.json")
STOPWORDS = frozenset(
    word
    for line in (
        "a an the of to in on for and or is are was were be been being it its this that these those with as",
        "by at from which what when where who whom how why can could would should will shall may might must",
        "do does did done has have had not no so if then than there their they them he she we you i me my our",
        "your his her into out up down over under about also just only such any some each all more most other",
        "same very both either neither one two use used using",
    )
    for word in line.split()
)
_TOKEN = re.compile(r"[A-Za-z0-9]+")
REFERENCE_FEATURES = ("weighted_recall", "weighted_precision", "prefix_recall", "cosine", "char_cosine", "length",
                      "recall", "precision", "f1", "bigram_recall", "length_ratio")  # fmt: skip
PEER_FEATURES = ("peer_cosine", "peer_char_cosine", "peer_jaccard", "peer_jaccard_max", "peer_support")
BASE_FEATURES = REFERENCE_FEATURES + PEER_FEATURES
MAX_SCORE = 5.0


def content_words(text: str, *, senses: bool = True) -> list[str]:
    """The senses (`lexicon`: stems, synonyms joined) of the words that carry meaning; their stems alone
    with `senses=False`."""
    stems = [word for word in (stem(token) for token in _TOKEN.findall(text.lower())) if word not in STOPWORDS]
    return [sense(word) for word in stems] if senses else stems


def group_features(question: str, reference: str, answers: Sequence[str]) -> list[list[float]]:
    """The base features (`BASE_FEATURES`) of each answer to one question; peer features are 0 for a lone answer."""
    asked = set(content_words(question))
    reference_all = content_words(reference)
    reference_words = [w for w in reference_all if w not in asked] or reference_all
    docs = [[w for w in content_words(answer) if w not in asked] for answer in answers]
    frequency: Counter[str] = Counter()
    for doc in [*docs, reference_words]:
        frequency.update(set(doc))
    count = len(docs) + 1
    idf = {word: math.log((count + 1) / (n + 0.5)) for word, n in frequency.items()}
    vectors = [_weighted(doc, idf) for doc in docs]
    reference_vector = _weighted(reference_words, idf)
    grams = [_char_grams(answer) for answer in answers]
    reference_grams = _char_grams(reference)
    word_total: Counter[str] = Counter()
    gram_total: Counter[str] = Counter()
    for vector, gram in zip(vectors, grams, strict=True):
        word_total.update(vector)
        gram_total.update(gram)
    rows = []
    wanted = set(reference_words)
    for index, (doc, vector, gram) in enumerate(zip(docs, vectors, grams, strict=True)):
        have = set(doc)
        shared = wanted & have
        recall = len(shared) / max(len(wanted), 1)
        precision = len(shared) / max(len(have), 1)
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        full = content_words(answers[index])
        bigrams = set(itertools.pairwise(reference_all))
        bigram_recall = len(bigrams & set(itertools.pairwise(full))) / max(len(bigrams), 1)
        others = [set(d) for j, d in enumerate(docs) if j != index]
        jaccards = [len(have & other) / max(len(have | other), 1) for other in others]
        peers_words = word_total.copy()
        peers_words.subtract(vector)
        peers_grams = gram_total.copy()
        peers_grams.subtract(gram)
        rows.append(
            [
                sum(idf[w] for w in shared) / max(sum(idf[w] for w in wanted), 1e-9),
                sum(idf[w] for w in shared) / max(sum(idf[w] for w in have), 1e-9),
                sum(1 for w in wanted if any(x[:5] == w[:5] for x in have)) / max(len(wanted), 1),
                _cosine(vector, reference_vector),
                _cosine(gram, reference_grams),
                math.log1p(len(_TOKEN.findall(answers[index]))),
                recall,
                precision,
                f1,
                bigram_recall,
                math.log((1 + len(full)) / (1 + len(reference_all))),
                _cosine(vector, peers_words) if others else 0.0,
                _cosine(gram, peers_grams) if others else 0.0,
                sum(jaccards) / len(jaccards) if jaccards else 0.0,
                max(jaccards) if jaccards else 0.0,
            ]
        )
    for row, support in zip(rows, _peer_support(docs, [row[REFERENCE_FEATURES.index("cosine")] for row in rows]),
                            strict=True):  # fmt: skip
        row.append(support)
    return rows


def _peer_support(docs: list[list[str]], closeness: list[float]) -> list[float]:
    """For each answer, how close to the reference the answers most like it are: the other answers'
    `closeness` averaged with their word overlap (Jaccard) with this one as weights. Answers that agree with
    answers close to the reference are likely right, as a grader reading a class's pile sees."""
    sets = [set(doc) for doc in docs]
    support = []
    for index, have in enumerate(sets):
        weights = [len(have & other) / max(len(have | other), 1) if j != index else 0.0 for j, other in enumerate(sets)]
        total = sum(weights)
        support.append(sum(w * c for w, c in zip(weights, closeness, strict=True)) / total if total else 0.0)
    return support


def design(rows: list[list[float]], *, peers: bool) -> Any:
    """The regression inputs: reference features and their squares, or with peers also every feature's
    z-score and rank within the question."""
    import numpy as np

    base = np.asarray(rows, dtype=float)
    if not peers:
        own = base[:, : len(REFERENCE_FEATURES)]
        return np.hstack([own, own**2])
    spread = base.std(0)
    z = (base - base.mean(0)) / np.where(spread > 0, spread, 1.0)
    ranks = base.argsort(0).argsort(0) / max(len(base) - 1, 1)
    return np.hstack([base, z, ranks, base**2])


@dataclass(frozen=True)
class Ridge:
    """A ridge regression over standardised features."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float

    @classmethod
    def fit(cls, x: Any, y: Any, penalty: float = 10.0) -> Ridge:
        """Fit on rows `x` and scores `y`."""
        import numpy as np

        mean, scale = x.mean(0), x.std(0)
        scale = np.where(scale > 0, scale, 1.0)
        inputs = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
        ridge = penalty * np.eye(inputs.shape[1])
        ridge[-1, -1] = 0.0  # the intercept is not shrunk
        solution = np.linalg.solve(inputs.T @ inputs + ridge, inputs.T @ y)
        return cls(tuple(mean), tuple(scale), tuple(solution[:-1]), float(solution[-1]))

    def predict(self, x: Any) -> Any:
        """Scores on the 0-5 scale."""
        import numpy as np

        raw = ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights) + self.intercept
        return np.clip(raw, 0.0, MAX_SCORE)

    def to_json(self) -> dict[str, Any]:
        """The weights as JSON."""
        return {"mean": self.mean, "scale": self.scale, "weights": self.weights, "intercept": self.intercept}


@cache
def default_model() -> Ridge:
    """The shipped weights for answers graded one at a time (reference features only)."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return Ridge(tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]), float(data["intercept"]))


def similarity(question: str, reference: str, answer: str) -> float:
    """How close `answer` is to `reference`, from 0 to 1: the model's score placed between what an empty
    answer and the reference itself would get. An answer sharing no content word with the reference is 0."""
    rows = group_features(question, reference, [answer, "", reference])
    if rows[0][REFERENCE_FEATURES.index("prefix_recall")] == 0:
        return 0.0
    answer_score, empty, perfect = (float(v) for v in default_model().predict(design(rows, peers=False)))
    if perfect <= empty:
        return 0.0
    return max(0.0, min(1.0, (answer_score - empty) / (perfect - empty)))


def _weighted(words: list[str], idf: dict[str, float]) -> Counter[str]:
    counts = Counter(words)
    return Counter({word: n * idf.get(word, 0.0) for word, n in counts.items()})


def _char_grams(text: str, size: int = 4) -> Counter[str]:
    flat = " ".join(_TOKEN.findall(text.lower()))
    return Counter(flat[i : i + size] for i in range(len(flat) - size + 1))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(value * b[key] for key, value in a.items() if key in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
