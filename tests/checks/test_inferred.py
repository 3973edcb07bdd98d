"""Errors carried forward that a rubric does not declare: a count right for the student's own earlier answers on
the same model gets the rubric's `carried_errors` share, as the devset instructor's scores give it."""

from __future__ import annotations

import json

import pytest

from grader.grading import Key, grade
from grader.io.loaders import load_rubric, load_submission
from grader.models.outcome import Outcome
from grader.models.report import Status
from grader.models.rubric import Rubric
from grader.models.submission import Submission
from tests.conftest import ROOT

DEVSET = ROOT.parent / "shared" / "devset"
CNN = DEVSET / "rubrics" / "dl-cnn.yaml"
RIGHT = {
    "q1.conv1-params": "320",
    "q1.pool-params": "0",
    "q1.conv2-params": "18496",
    "q1.flatten": "7744",
    "q1.dense-params": "77450",
    "q1.total": "96266",
}


def graded(rubric: Rubric | None = None, **changed: str) -> dict[str, tuple[Status, float, str]]:
    answers = {
        **RIGHT,
        **{name.replace("_", ".").replace(".params", "-params"): text for name, text in changed.items()},
    }
    submission = Submission.model_validate({"assignment": "dl-cnn", "student": {"id": "s"}, "answers": answers})
    report = grade(rubric or load_rubric(CNN), submission, isolate=False)
    return {part.id: (part.status, part.score, part.note) for part in report.parts() if part.id in answers}


@pytest.mark.parametrize(
    ("student", "part", "score"),
    [
        pytest.param("c05", "q1.dense-params", 0.8, id="dense-from-own-flatten"),
        pytest.param("c05", "q1.total", 1.2, id="total-from-own-dense"),
        pytest.param("c06", "q1.total", 1.2, id="total-from-own-counts-without-biases"),
        pytest.param("c08", "q1.dense-params", 0.8, id="dense-from-own-13x13-flatten"),
        pytest.param("c05", "q1.pool-shape", 0.8, id="pooled-shape-from-own-conv-shape"),
        pytest.param("c05", "q1.flatten", 0.8, id="flatten-from-own-same-padding-shapes"),
    ],
)
def test_the_default_share_is_close_to_the_devset_instructors_scores(student: str, part: str, score: float) -> None:
    """The instructor scores these 1 of 2 and 1 of 3; the default 40% (0.8 of 2, 1.2 of 3) is within a quarter of
    the points of both, and under half: the answer is still wrong."""
    rubric = load_rubric(CNN)
    submission = load_submission(next((DEVSET / "class" / "cnn").glob(f"{student}.json")))
    result = next(p for p in grade(rubric, submission, isolate=False).parts() if p.id == part)
    expected = json.loads((DEVSET / "expected_scores.json").read_text(encoding="utf-8"))[student][part]
    assert (result.status, result.score, result.note) == (Status.PARTIAL, score, "carried_forward")
    assert abs(result.score - expected) <= 0.25 * result.max_score


def test_the_feedback_names_the_earlier_answers() -> None:
    submission = Submission.model_validate(
        {"assignment": "dl-cnn", "student": {"id": "s"},
         "answers": {**RIGHT, "q1.flatten": "14*14*64 = 12544", "q1.dense-params": "125450", "q1.total": "144266"}}
    )  # fmt: skip
    parts = {p.id: p for p in grade(load_rubric(CNN), submission, isolate=False).parts()}
    assert "Right for your own answer to q1.flatten, 12,544" in parts["q1.dense-params"].feedback
    assert "Right for your own counts in q1.conv1-params: 320, q1.pool-params: 0, q1.conv2-params: 18,496, " \
           "q1.dense-params: 125,450" in parts["q1.total"].feedback  # fmt: skip
    assert "error carried forward: 40% of the points" in parts["q1.total"].feedback


@pytest.mark.parametrize(
    ("conv1", "flatten", "dense", "total", "part", "status"),
    [
        pytest.param("320", "7744", "125450", "96266", "q1.dense-params", Status.INCORRECT, id="earlier-right"),
        pytest.param("320", "12544", "125460", "96266", "q1.dense-params", Status.INCORRECT, id="wrong-for-both"),
        pytest.param("320", "12544?", "125450", "96266", "q1.dense-params", Status.INCORRECT, id="earlier-unsure"),
        pytest.param("320", "about 12.5k", "125450", "", "q1.dense-params", Status.INCORRECT, id="earlier-approx"),
        pytest.param("320", "", "125450", "96266", "q1.dense-params", Status.INCORRECT, id="earlier-blank"),
        pytest.param("320", "7744", "77440", "96256", "q1.total", Status.PARTIAL, id="total-of-own-counts"),
        pytest.param("320", "7744", "77440", "96266", "q1.total", Status.CORRECT, id="total-right-anyway"),
        pytest.param("320", "7744", "77440", "96250", "q1.total", Status.INCORRECT, id="total-of-nothing"),
        pytest.param("", "7744", "77440", "96256", "q1.total", Status.PARTIAL, id="a-blank-part-counts-as-right"),
        pytest.param("320", "7744", "77450", "96000", "q1.total", Status.INCORRECT, id="own-counts-all-right"),
    ],
)
def test_nothing_is_carried_that_does_not_follow(
    conv1: str, flatten: str, dense: str, total: str, part: str, status: Status
) -> None:
    got = graded(q1_conv1_params=conv1, q1_flatten=flatten, q1_dense_params=dense, q1_total=total)
    assert got[part][0] is status


def test_a_rubric_can_give_carried_errors_nothing() -> None:
    rubric = load_rubric(CNN).model_copy(update={"carried_errors": 0.0})
    got = graded(rubric, q1_flatten="12544", q1_dense_params="125450", q1_total="144266")
    assert got["q1.dense-params"] == (Status.INCORRECT, 0.0, "wrong_value")
    assert got["q1.total"] == (Status.INCORRECT, 0.0, "wrong_value")


def test_a_rubric_sets_the_share() -> None:
    rubric = load_rubric(CNN).model_copy(update={"carried_errors": 0.25})
    assert graded(rubric, q1_flatten="12544", q1_dense_params="125450")["q1.dense-params"][1] == 0.5


def test_the_verdict_cache_tells_students_apart_by_their_earlier_answers() -> None:
    """The same count is right for one student's earlier answer and wrong for another's: cached per both."""
    rubric, cache = load_rubric(CNN), dict[Key, Outcome]()
    scores = []
    for flatten in ("12544", "7744", "12544"):
        answers = {**RIGHT, "q1.flatten": flatten, "q1.dense-params": "125450"}
        submission = Submission.model_validate({"assignment": "dl-cnn", "student": {"id": "s"}, "answers": answers})
        report = grade(rubric, submission, isolate=False, cache=cache)
        scores.append(next(p.score for p in report.parts() if p.id == "q1.dense-params"))
    assert scores == [0.8, 0.0, 0.8]


def shapes(**answers: str) -> dict[str, tuple[Status, float, str, str]]:
    named = {name.replace("_", ".", 1).replace("_", "-"): text for name, text in answers.items()}
    submission = Submission.model_validate({"assignment": "dl-cnn", "student": {"id": "s"}, "answers": named})
    report = grade(load_rubric(CNN), submission, isolate=False)
    return {p.id: (p.status, p.score, p.note, p.feedback) for p in report.parts() if p.id in named}


@pytest.mark.parametrize(
    ("conv1", "pool", "flatten", "part", "status", "said"),
    [
        pytest.param("(28, 28, 32)", "(14, 14, 32)", "", "q1.pool-shape", Status.PARTIAL,
                     "Right for your own answer to q1.conv1-shape, (28, 28, 32): the shape (14, 14, 32)",
                     id="pooled-from-own-conv"),
        pytest.param("28x28x32", "14 x 14 x 32 (half of 28)", "12*12*64 = 9216", "q1.flatten", Status.PARTIAL,
                     "the size 9,216 follows from it",
                     id="features-from-own-pooled-shape"),
        pytest.param("(28, 28, 32)", "(14, 14, 32)", "14*14*64 = 12544", "q1.flatten", Status.PARTIAL,
                     "(28, 28, 32)", id="same-padding-throughout"),
        pytest.param("(26, 26, 32)", "(14, 14, 32)", "", "q1.pool-shape", Status.INCORRECT, "",
                     id="earlier-right"),
        pytest.param("", "(14, 14, 32)", "", "q1.pool-shape", Status.INCORRECT, "", id="earlier-blank"),
        pytest.param("(28, 28, 32)", "(14, 14, 64)", "", "q1.pool-shape", Status.INCORRECT, "",
                     id="wrong-for-both"),
        pytest.param("(28, 28, 32)", "(13, 13, 32)", "", "q1.pool-shape", Status.CORRECT, "", id="right-anyway"),
    ],
)  # fmt: skip
def test_a_shape_asked_as_an_expression_carries_an_error_forward(
    conv1: str, pool: str, flatten: str, part: str, status: Status, said: str
) -> None:
    """The devset asks for shapes as `expression` parts and for the features as a `number`: a shape or size that
    follows from the student's own wrong shape for an earlier layer gets the carried share, as the devset
    instructor gives `(14, 14, 32)` after `(28, 28, 32)`."""
    results = shapes(q1_conv1_shape=conv1, q1_pool_shape=pool, q1_flatten=flatten)
    got, score, note, feedback = results[part]
    assert got is status, feedback
    if status is Status.PARTIAL:
        assert (score, note) == (0.8, "carried_forward")
        assert said in feedback
