"""Authoring help from a graded class: what students wrote in explanation parts that no concept recognised.

For each `text` part, every clause of every answer (sentences, `;`-separated pieces, list items) in which no
phrasing of the part matches is kept, and the kept clauses are grouped by what they say: words stemmed and
weighted by rarity (TF-IDF over the part's clauses), or, with the `semantic` extra, sentence vectors. Each
group comes with its size, a few quotes, the words it shares and the concept it is closest to (by its closest
statement: its description, hint or one of its phrasings), so an
instructor can add a phrasing to that concept (or a new concept, or a misconception) in minutes: the
answer groups of good grading tools, offline. Pure: answers in, suggestions out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from grader.checks.phrases import compile_phrase, find, words
from grader.checks.similarity import content_words
from grader.checks.stems import stem
from grader.models.checks import TextCheck
from grader.models.rubric import Rubric, part_id

LEXICAL_JOIN = 0.3  # cosine of TF-IDF vectors above which a clause joins a group
SEMANTIC_JOIN = 0.6  # the same for sentence vectors
QUOTES = 3
_PIECES = re.compile(r"(?<=[.!?;])\s+|\n+|^\s*[-*•]\s+", re.MULTILINE)


@dataclass(frozen=True)
class Cluster:
    """Clauses of several answers that say the same thing, which no concept recognised."""

    size: int
    quotes: tuple[str, ...]
    words: tuple[str, ...]  # the stems most of its clauses share
    closest: str | None  # the concept it is closest to, and how close
    closeness: float


@dataclass(frozen=True)
class PartSuggestions:
    """The groups of one text part, largest first, and how many clauses were left unrecognised."""

    part: str
    answers: int
    unrecognised: int
    groups: tuple[Cluster, ...]


def suggest(
    rubric: Rubric, answers: Mapping[str, Sequence[str]], *, min_size: int = 2, semantic: bool = False
) -> list[PartSuggestions]:
    """The suggestions for every text part of `rubric` that has answers in `answers` (part id -> texts)."""
    result = []
    for question in rubric.questions:
        for part in question.parts:
            identifier = part_id(question, part)
            if not isinstance(part.check, TextCheck) or not answers.get(identifier):
                continue
            texts = [text for text in answers[identifier] if text.strip()]
            clauses = [clause for text in texts for clause in _unrecognised(part.check, text)]
            groups = _groups(part.check, clauses, semantic=semantic)
            kept = tuple(group for group in groups if group.size >= min_size)
            result.append(PartSuggestions(identifier, len(texts), len(clauses), kept))
    return result


def clauses_of(text: str) -> list[str]:
    """The clauses of an answer: sentences, `;`-separated pieces and list items, of three words or more."""
    pieces = (" ".join(piece.split()).strip(" -*•") for piece in _PIECES.split(text))
    return [piece for piece in pieces if len(piece.split()) >= 3]


def _unrecognised(check: TextCheck, text: str) -> list[str]:
    """The clauses of an answer in which no phrasing of the part matches."""
    patterns = [compile_phrase(phrasing) for concept in check.concepts for phrasing in concept.phrasings]
    return [clause for clause in clauses_of(text) if not any(find(p, words(clause)) for p in patterns)]


def _groups(check: TextCheck, clauses: list[str], *, semantic: bool) -> list[Cluster]:
    if not clauses:
        return []
    concepts = list(check.concepts)
    statements = [  # each of a concept's statements on its own: a concept is as close as its closest one
        (number, text.replace("...", " ").replace("/", " "))
        for number, c in enumerate(concepts)
        for text in (c.description, c.hint or "", *c.phrasings)
        if text
    ]
    vectors, statement_vectors, join = _vectors(clauses, [text for _, text in statements], semantic=semantic)
    owners = np.array([number for number, _ in statements])
    members: list[list[int]] = []
    centroids: list[np.ndarray] = []
    order = sorted(range(len(clauses)), key=lambda i: -len(clauses[i]))  # longer clauses seed groups
    for index in order:
        vector = vectors[index]
        best, best_similarity = -1, join
        for number, centroid in enumerate(centroids):
            similarity = float(vector @ centroid / (np.linalg.norm(centroid) or 1.0))
            if similarity >= best_similarity:
                best, best_similarity = number, similarity
        if best < 0:
            members.append([index])
            centroids.append(vector.copy())
        else:
            members[best].append(index)
            centroids[best] = centroids[best] + vector
    groups = []
    for indexes, centroid in zip(members, centroids, strict=True):
        unit = centroid / (np.linalg.norm(centroid) or 1.0)
        each = statement_vectors @ unit if len(statements) else np.zeros(0)
        closeness = np.array([each[owners == number].max() for number in range(len(concepts))])
        best = int(np.argmax(closeness)) if len(concepts) else -1
        shared = Counter(stem for i in indexes for stem in set(_terms(clauses[i])) if len(stem) > 2)
        spelled = _spellings(clauses[i] for i in indexes)
        common = tuple(
            spelled.get(word, word) for word, count in shared.most_common(5) if count > 1 or len(indexes) == 1
        )
        quotes = tuple(dict.fromkeys(clauses[i] for i in indexes))[:QUOTES]
        groups.append(
            Cluster(
                size=len(indexes),
                quotes=quotes,
                words=common,
                closest=concepts[best].id if best >= 0 else None,
                closeness=round(float(closeness[best]), 2) if best >= 0 else 0.0,
            )
        )
    return sorted(groups, key=lambda group: (-group.size, group.quotes))


def _spellings(texts: Iterable[str]) -> dict[str, str]:
    """The most frequent way each stem is written in `texts` (`memori` -> `memory`)."""
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for word in re.findall(r"[A-Za-z]+", text.lower()):
            seen.setdefault(stem(word), Counter())[word] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in seen.items()}


def _vectors(clauses: list[str], concept_texts: list[str], *, semantic: bool) -> tuple[np.ndarray, np.ndarray, float]:
    """Unit vectors of the clauses and of the concepts, and the similarity at which a clause joins a group."""
    if semantic:
        from grader.semantic import encoder

        model = encoder()
        if model is not None:
            return model.encode(clauses), model.encode(concept_texts), SEMANTIC_JOIN
    documents = [_terms(text) for text in clauses]
    frequency = Counter(word for document in documents for word in set(document))
    vocabulary = sorted(frequency)
    position = {word: i for i, word in enumerate(vocabulary)}
    idf = np.array([math.log((1 + len(documents)) / (1 + frequency[word])) + 1 for word in vocabulary])

    def embed(texts: list[list[str]]) -> np.ndarray:  # each word once: a concept's long text is no stronger
        matrix = np.zeros((len(texts), len(vocabulary)))
        for row, document in enumerate(texts):
            for word in set(document) & position.keys():
                matrix[row, position[word]] = idf[position[word]]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1.0, norms)

    return embed(documents), embed([_terms(text) for text in concept_texts]), LEXICAL_JOIN


def _terms(text: str) -> list[str]:
    """Content words, stemmed, without one-letter symbols (the t of every f_t and h_t says nothing). Stems,
    not senses: a group is shown with the words its clauses share, as written."""
    return [word for word in content_words(text, senses=False) if len(word) > 1]
