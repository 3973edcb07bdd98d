"""Errors keep what they say when they cross a process boundary (workers, check processes)."""

from __future__ import annotations

import pickle

import pytest

from grader.errors import DocumentError, ModelError, Problem, RubricError, SubmissionError


@pytest.mark.parametrize("kind", [RubricError, ModelError, SubmissionError, DocumentError], ids=lambda k: k.__name__)
def test_a_file_error_survives_pickling_whole(kind: type[RubricError]) -> None:
    error = kind([Problem("questions[5].parts[1]", "write 'cannot' as separate words", 519)], "rnn.yaml")

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is kind
    assert (copy.problems, copy.file, str(copy)) == (error.problems, error.file, str(error))
    assert (
        str(copy)
        == "rnn.yaml: invalid " + kind.kind + ": line 519, questions[5].parts[1]: write 'cannot' as separate words"
    )
