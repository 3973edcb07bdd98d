"""Reference-answer similarity: features, the ridge regression, the shipped weights."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.similarity import (
    BASE_FEATURES,
    REFERENCE_FEATURES,
    Ridge,
    default_model,
    design,
    group_features,
    similarity,
)

QUESTION = "What is the role of a prototype program in problem solving?"
REFERENCE = "To simulate the behaviour of portions of the desired software product."


def test_features_of_a_question_group() -> None:
    rows = group_features(QUESTION, REFERENCE, ["To simulate portions of the software.", "It is a stack.", ""])

    assert [len(row) for row in rows] == [len(BASE_FEATURES)] * 3
    recall = BASE_FEATURES.index("recall")
    assert rows[0][recall] > rows[1][recall] == rows[2][recall] == 0.0
    assert design(rows, peers=False).shape == (3, 2 * len(REFERENCE_FEATURES))
    assert design(rows, peers=True).shape == (3, 4 * len(BASE_FEATURES))


def test_peer_support_is_the_reference_closeness_of_the_answers_most_alike() -> None:
    answers = [
        "It simulates portions of the software product.",
        "Simulates portions of the product, the software.",
        "A stack is last in, first out.",
        "A stack: last in first out.",
    ]
    rows = group_features(QUESTION, REFERENCE, answers)
    support = BASE_FEATURES.index("peer_support")

    # the paraphrase's nearest peer is close to the reference; the stack answers' nearest peer is not
    assert rows[1][support] > 0.3 > rows[3][support]
    assert rows[1][support] == pytest.approx(rows[0][BASE_FEATURES.index("cosine")])  # its only peer in common
    assert group_features(QUESTION, REFERENCE, ["Alone."])[0][support] == 0.0


def test_question_words_are_not_evidence() -> None:
    echo = group_features(QUESTION, REFERENCE, ["The role of a prototype program in problem solving."])[0]

    assert echo[BASE_FEATURES.index("recall")] == 0.0


def test_ridge_recovers_a_linear_relation() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = 2.5 + x @ np.array([0.5, -0.3, 0.0])

    model = Ridge.fit(x, y, penalty=0.01)

    assert np.allclose(model.predict(x), np.clip(y, 0, 5), atol=0.01)


def test_the_shipped_weights_load_and_rank_answers() -> None:
    model = default_model()

    assert len(model.weights) == 2 * len(REFERENCE_FEATURES)
    same = similarity(QUESTION, REFERENCE, "To simulate the behavior of portions of the desired software product.")
    paraphrase = similarity(QUESTION, REFERENCE, "It simulates how parts of the final software product behave.")
    unrelated = similarity(QUESTION, REFERENCE, "A queue is first in, first out.")
    assert same == pytest.approx(1.0)
    assert same >= paraphrase > unrelated == 0.0
