"""Explanations graded by concepts, with quoted evidence, hints, negation and review flags."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.text import TextChecker
from grader.models.checks import TextCheck
from grader.models.report import Status
from grader.models.rubric import Mistake

CHECKER = TextChecker()
CHECK = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {
                "id": "shared",
                "description": "the same weights are used at every time step",
                "points": 2,
                "phrasings": ["weights ... shared", "same weights", "parameter sharing"],
                "hint": "Think of the unrolled network as copies of one cell.",
            },
            {"id": "no", "description": "the count does not grow", "points": 1, "phrasings": ["does not increase"]},
        ],
    }
)


def grade(answer: str, mistakes: tuple[Mistake, ...] = ()):
    return CHECKER.grade(CHECK, answer, PartContext(points=3, mistakes=mistakes))


def test_all_concepts_with_quoted_evidence() -> None:
    outcome = grade("No, it does not increase. The weights are shared across all time steps.")
    assert (outcome.status, outcome.fraction, outcome.note) == (Status.CORRECT, 1.0, "all_concepts")
    assert "Found: the same weights are used at every time step — “The weights are shared across all time steps.”" in (
        outcome.feedback
    )
    assert outcome.interpreted_as == "ideas found: shared, no"


def test_partial_credit_with_hints_for_what_is_missing() -> None:
    outcome = grade("It does not increase.")
    assert (outcome.status, outcome.fraction) == (Status.PARTIAL, pytest.approx(1 / 3))
    assert any(
        line.startswith("Missing: the same weights") and "copies of one cell" in line for line in outcome.feedback
    )


def test_a_negated_phrase_is_not_evidence_and_goes_to_review() -> None:
    outcome = grade("It does not increase, but the weights are not shared.")
    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.note == "negated_evidence"
    assert outcome.fraction == pytest.approx(1 / 3)


def test_an_answer_unsure_which_of_its_statements_is_right_goes_to_review() -> None:
    outcome = grade("The same weights are used at every step (contradicts my count above, not sure which one is right)")
    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "uncertain")
    assert grade("The same weights are used at every step.").status is Status.PARTIAL


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("idk", Status.INCORRECT, "no_concepts", id="short-answer-without-concepts"),
        pytest.param(
            "Recurrent networks process sequences one element at a time and keep a hidden representation that "
            "summarises everything seen so far in the input.",
            Status.NEEDS_REVIEW,
            "no_concepts_found",
            id="long-answer-without-concepts",
        ),
    ],
)
def test_answers_without_concepts(answer: str, status: Status, note: str) -> None:
    outcome = grade(answer)
    assert (outcome.status, outcome.note) == (status, note)


def test_a_misconception_replaces_partial_credit() -> None:
    mistake = Mistake(answer="grow/grows ... time steps", feedback="They do not grow.", note="grows-with-steps")
    outcome = grade("The same weights are used, but the count grows with the number of time steps.", (mistake,))
    assert (outcome.status, outcome.note, outcome.fraction) == (Status.INCORRECT, "mistake:grows-with-steps", 0.0)


def test_validate_rejects_bad_phrasings_and_unreachable_full_marks() -> None:
    check = TextCheck.model_validate(
        {"type": "text", "concepts": [{"id": "a", "description": "a", "points": 1, "phrasings": ["x ..."]}]}
    )
    problems = CHECKER.validate(check, PartContext(points=2))
    assert [path for path, _ in problems] == ["check.concepts[0].phrasings[0]", "check.concepts"]


def test_at_full_marks_alternatives_not_stated_are_not_listed_as_missing() -> None:
    any_two = CHECK.model_copy(
        update={
            "concepts": [
                *CHECK.concepts,
                CHECK.concepts[1].model_copy(
                    update={"id": "alt", "description": "an alternative", "phrasings": ["echo state"]}
                ),
            ]
        }
    )
    full = CHECKER.grade(any_two, "The weights are shared; it does not increase.", PartContext(points=3))
    assert full.fraction == 1.0
    assert not any(line.startswith("Missing:") for line in full.feedback)
    short = CHECKER.grade(any_two, "The weights are shared.", PartContext(points=3))
    assert [line for line in short.feedback if line.startswith("Missing:")] == [
        "Missing: the count does not grow.",
        "Missing: an alternative.",
    ]


MISCONCEIVED = TextCheck.model_validate(
    {
        "type": "text",
        "review_if_longer_than": 5,
        "concepts": [
            {
                "id": "eases",
                "description": "LSTMs ease vanishing gradients",
                "points": 2,
                "phrasings": ["vanishing gradients"],
            },
            {
                "id": "eliminates",
                "description": "misconception: LSTMs remove vanishing gradients entirely",
                "points": 0,
                "cap": 1,
                "phrasings": ["eliminate ... vanishing gradients ... completely"],
            },
        ],
    }
)


@pytest.mark.parametrize(
    ("answer", "status", "fraction"),
    [
        pytest.param("LSTMs eliminate vanishing gradients completely.", Status.INCORRECT, 0.0, id="inside-is-no-evidence"),
        pytest.param(
            "Along c, vanishing gradients are eased. LSTMs eliminate vanishing gradients completely.",
            Status.PARTIAL,
            0.5,
            id="evidence-elsewhere-counts-capped",
        ),
        pytest.param("LSTMs ease vanishing gradients a lot.", Status.CORRECT, 1.0, id="no-misconception"),
    ],
)  # fmt: skip
def test_a_misconception_is_no_evidence_for_the_idea_it_distorts(answer: str, status: Status, fraction: float) -> None:
    outcome = CHECKER.grade(MISCONCEIVED, answer, PartContext(points=2))
    assert (outcome.status, outcome.fraction) == (status, fraction)
    if fraction == 0:
        assert any("is part of a misconception" in line for line in outcome.feedback)


REVERSED = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "erased", "description": "the previous cell state is erased", "points": 2,
             "phrasings": ["forget ... completely", "previous cell state ... erased"]},
            {"id": "keeps-everything", "description": "misconception: a forget gate of 0 keeps everything",
             "points": 0, "cap": 0, "phrasings": ["nothing is forgotten"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("forget gate = 0 means nothing is forgotten, the old state is kept completely", Status.INCORRECT,
                     id="a-denial-across-the-misconception-is-the-misconception"),
        pytest.param("Nothing is forgotten, I think. The forget gate does not erase it completely either.",
                     Status.NEEDS_REVIEW, id="a-denial-in-another-sentence-still-a-doubt"),
    ],
)  # fmt: skip
def test_a_denial_overlapping_a_misconception_raises_no_doubt_of_its_own(answer: str, status: Status) -> None:
    """`f = 0 means nothing is forgotten, … kept completely`: the `forget … completely` it denies is the
    misconception it states, not a separate idea a grader must weigh."""
    outcome = CHECKER.grade(REVERSED, answer, PartContext(points=2))
    assert outcome.status is status, outcome.feedback


SIZED = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "size", "description": "each word becomes a 16-dimensional vector", "points": 1,
             "phrasings": ["16 ... vector"]},
            {"id": "per-text", "description": "misconception: one vector for the whole sentence", "points": 0,
             "cap": 1, "phrasings": ["each sentence ... into a vector of 16"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "fraction"),
    [
        pytest.param(
            "Output size 16 means each sentence is turned into a vector of 16 numbers.", 0.0, id="shares-words"
        ),
        pytest.param(
            "Output size 16 means each word is turned into a vector of 16 numbers.", 1.0, id="no-misconception"
        ),
    ],
)
def test_evidence_that_takes_a_misconceptions_words_is_none(answer: str, fraction: float) -> None:
    """`16 ... vector` starts before the misconception's match but ends on its `vector`: the same words."""
    assert CHECKER.grade(SIZED, answer, PartContext(points=1)).fraction == fraction


def test_a_misconception_in_negated_words_is_no_denial_of_the_idea() -> None:
    check = TextCheck.model_validate(
        {
            "type": "text",
            "review_if_longer_than": 5,
            "concepts": [
                {"id": "eases", "description": "LSTMs ease vanishing gradients", "points": 2,
                 "phrasings": ["vanishing gradient"]},
                {"id": "sigmoid", "description": "misconception: the sigmoid keeps the gradient", "points": -1,
                 "phrasings": ["sigmoid ... not have ... vanishing gradient"]},
            ],
        }
    )  # fmt: skip
    outcome = CHECKER.grade(
        check, "The sigmoid does not have the vanishing gradient problem of tanh.", PartContext(points=2)
    )

    assert (outcome.status, outcome.note) == (Status.INCORRECT, "misconception"), outcome.feedback
    assert not any("negated" in line for line in outcome.feedback)
