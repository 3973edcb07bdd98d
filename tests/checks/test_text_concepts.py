"""Explanations of DL theory, as students write them: concepts, misconceptions, negation, stance, math
evidence, model answers, confidence and review flags, on the seed assignments' questions."""

from __future__ import annotations

from typing import Any

import pytest

from grader.checks.base import PartContext
from grader.checks.phrases import words
from grader.checks.text import TextChecker, read_stance
from grader.models.checks import TextCheck
from grader.models.common import Notation
from grader.models.report import Status

CHECKER = TextChecker()
LSTM = Notation(matrices=["W", "U"], aliases={"c": ["C"]})

# "Explain why an LSTM cell can alleviate vanishing or exploding gradients." (3 points)
VANISHING = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "gates", "description": "the gates control the flow of information and gradients", "points": 1,
             "phrasings": ["gates ... control", "gating", "regulate"]},
            {"id": "forget-path", "description": "along the cell state the gradient is scaled by the forget gate",
             "points": 2, "phrasings": ["additive", "constant error", "multiplied/scaled by the forget gate"],
             "math": [r"\frac{\partial c_t}{\partial c_{t-1}} = f_t"], "hint": "Show that ∂c_t/∂c_{t-1} = f_t."},
            {"id": "eliminates", "description": "misconception: LSTMs remove vanishing gradients entirely",
             "points": 0, "cap": 2, "phrasings": ["eliminate/eliminates/solve/solves ... vanishing ... entirely/completely"]},
        ],
    }
)  # fmt: skip
# "Do the number of parameters increase with the time steps to unroll? Explain." (3 points)
UNROLL = TextCheck.model_validate(
    {
        "type": "text",
        "stance": {"expected": "no", "points": 1},
        "concepts": [
            {"id": "shared", "description": "the same weights are reused at every time step", "points": 2,
             "phrasings": ["weights ... shared", "same weights", "same parameters", "parameter sharing", "reused"]},
            {"id": "grows", "description": "misconception: each time step adds its own weights", "points": -1,
             "phrasings": ["each/every time step has its own weights/parameters"]},
        ],
    }
)  # fmt: skip
# "What does an LSTM's forget gate do?" (2 points), with a required concept
FORGET = TextCheck.model_validate(
    {
        "type": "text",
        "floor": 0.5,
        "concepts": [
            {"id": "decides", "description": "it decides what to discard from the cell state", "points": 1.5,
             "required": True, "phrasings": ["forget/discard/remove/erase ... cell state/memory", "decide/decides ... forget/keep"]},
            {"id": "sigmoid", "description": "a sigmoid gives a value between 0 and 1 per entry", "points": 0.5,
             "phrasings": ["sigmoid", "between 0 and 1"]},
        ],
    }
)  # fmt: skip


def grade(check: TextCheck, answer: str, points: float = 3, prompt: str = "") -> Any:
    return CHECKER.grade(check, answer, PartContext(points=points, notation=LSTM, prompt=prompt))


@pytest.mark.parametrize(
    ("answer", "status", "score", "note"),
    [
        pytest.param(
            "The cell state is updated additively, so the error flowing back is only scaled by the forget gate; "
            "the gates control what gets through.",
            Status.CORRECT, 3, "all_concepts", id="good",
        ),
        pytest.param(
            "Because the gates regulate the information flow.", Status.PARTIAL, 1, "some_concepts",
            id="vague-but-names-the-gates",
        ),
        pytest.param(
            "Gating helps, and since $\\frac{\\partial C_t}{\\partial C_{t-1}} = f_t$ the gradient survives.",
            Status.CORRECT, 3, "all_concepts", id="math-as-evidence",
        ),
        pytest.param(
            "Gating helps; the gradient is dC_t/dC_{t-1} = f_t along the cell.", Status.CORRECT, 3, "all_concepts",
            id="ascii-math-in-prose",
        ),
        pytest.param(
            "Gating helps, and dc_t/dc_{t-1} = i_t along the cell.", Status.PARTIAL, 1, "some_concepts",
            id="wrong-math-is-no-evidence",
        ),
        pytest.param(
            "Gating helps, since ∂Cₜ/∂Cₜ₋₁ ≈ fₜ along the cell.", Status.CORRECT, 3, "all_concepts",
            id="approximately-equal-is-evidence",
        ),
        pytest.param(
            "Gating helps, since $\\frac{\\partial C_t}{\\partial C_{t-1}} \\approx f_t$ along the cell.",
            Status.CORRECT, 3, "all_concepts", id="latex-approx-is-evidence",
        ),
        pytest.param(
            "Gating helps, and dc_t/dc_{t-1} = f_t ≈ 1 along the cell.", Status.CORRECT, 3, "all_concepts",
            id="a-value-after-the-relation-leaves-it-evidence",
        ),
        pytest.param(
            "Gating helps, and dc_t/dc_{t-1} ≈ i_t along the cell.", Status.PARTIAL, 1, "some_concepts",
            id="wrong-math-approximately-is-no-evidence",
        ),
        pytest.param(
            "The gates control the flow and the update is additive, so LSTMs eliminate the vanishing gradient "
            "problem completely.",
            Status.PARTIAL, 2, "misconception", id="misconception-caps-the-score",
        ),
    ],
)  # fmt: skip
def test_why_lstms_help(answer: str, status: Status, score: float, note: str) -> None:
    outcome = grade(VANISHING, answer)

    assert (outcome.status, outcome.fraction * 3, outcome.note) == (status, score, note), outcome.feedback
    assert outcome.confidence is not None


ADDITIVE = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "additive", "description": "the cell state is updated additively", "points": 1,
             "phrasings": ["additive"], "math": [r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param("The cell is updated as c = f * c + i * c~.", True, id="written-without-time-indices"),
        pytest.param("The cell is updated as c = f * c * i * c~.", False, id="wrong-without-time-indices"),
        pytest.param(
            "The cell is updated as c_t = f_t * c_t + i_t * c~_t.", False, id="a-wrong-time-index-stays-wrong"
        ),
    ],
)
def test_math_evidence_written_without_time_indices(answer: str, found: bool) -> None:
    outcome = grade(ADDITIVE, answer, points=1)

    assert (outcome.fraction == 1) is found, outcome.feedback


def test_approximate_math_is_quoted_as_written() -> None:
    outcome = grade(VANISHING, "Gating helps, since ∂Cₜ/∂Cₜ₋₁ ≈ fₜ along the cell.")

    assert any("“∂Cₜ/∂Cₜ₋₁ ≈ fₜ”" in line for line in outcome.feedback), outcome.feedback


def test_missing_ideas_come_with_their_hints() -> None:
    outcome = grade(VANISHING, "Because the gates regulate the information flow.")

    assert (
        "Missing: along the cell state the gradient is scaled by the forget gate. Hint: Show that ∂c_t/∂c_{t-1} = f_t."
        in outcome.feedback
    )


def test_a_misconception_inside_a_negation_costs_nothing() -> None:
    outcome = grade(
        VANISHING,
        "LSTMs do not eliminate vanishing gradients completely, but the gates control the flow and the cell update is additive.",
    )

    assert (outcome.status, outcome.note) == (Status.CORRECT, "all_concepts")


@pytest.mark.parametrize(
    ("answer", "status", "score", "note"),
    [
        pytest.param("No. The same weights are reused at every time step; unrolling only copies the cell.",
                     Status.CORRECT, 3, "all_concepts", id="no-with-reason"),
        pytest.param("No, they don't.", Status.PARTIAL, 1, "no_concepts", id="right-stance-no-reason"),
        pytest.param("Yes, because every time step has its own weights.", Status.INCORRECT, 0, "misconception",
                     id="wrong-stance-and-misconception"),
        pytest.param("The number of parameters does not increase: parameter sharing.", Status.CORRECT, 3, "all_concepts",
                     id="stance-from-a-negated-verb"),
    ],
)  # fmt: skip
def test_a_yes_no_question_reads_the_stance(answer: str, status: Status, score: float, note: str) -> None:
    outcome = grade(UNROLL, answer)

    assert (outcome.status, outcome.fraction * 3, outcome.note) == (status, score, note), outcome.feedback


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        pytest.param("No. Actually yes, every step has its own weights.", "says “no” first and “yes” later",
                     id="taken-back"),
        pytest.param("Maybe no, the weights are shared.", "hedged", id="hedged"),
        pytest.param("No, I am not sure though, parameter sharing.", "hedged", id="not-sure"),
    ],
)  # fmt: skip
def test_a_stance_taken_back_or_hedged_goes_to_review(answer: str, reason: str) -> None:
    outcome = grade(UNROLL, answer)

    assert outcome.status is Status.NEEDS_REVIEW, outcome.feedback
    assert reason in outcome.feedback[-1]


def test_an_unclear_stance_goes_to_review_with_the_reason() -> None:
    outcome = grade(UNROLL, "Parameter sharing across the unrolled copies matters here.")

    assert outcome.status is Status.NEEDS_REVIEW
    assert outcome.confidence is not None
    assert outcome.confidence < 0.5
    assert "does not say clearly whether it is yes or no" in outcome.feedback[-1]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        pytest.param("Yes, they do.", "yes", id="yes"),
        pytest.param("no - they stay the same", "no", id="no"),
        pytest.param("It does not increase.", "no", id="negated-verb"),
        pytest.param("They stay the same.", None, id="no-marker"),
        pytest.param("", None, id="empty"),
    ],
)
def test_read_stance(text: str, stance: str | None) -> None:
    assert read_stance(words(text)) == stance


def test_a_required_idea_missing_leaves_no_credit() -> None:
    outcome = grade(FORGET, "It is a sigmoid layer giving values between 0 and 1.", points=2)

    assert (outcome.status, outcome.fraction, outcome.note) == (Status.INCORRECT, 0.0, "required_missing")
    assert "Required and missing: it decides what to discard from the cell state." in outcome.feedback[-1]


def test_the_floor_gives_a_serious_attempt_its_minimum() -> None:
    outcome = grade(FORGET, "It decides what to keep; I am not sure how.", points=2)

    assert outcome.fraction == 0.75  # 1.5 of 2


def test_a_negated_idea_goes_to_review_with_low_confidence() -> None:
    outcome = grade(UNROLL, "No. The weights are not shared, I think.")

    assert (outcome.status, outcome.note) == (Status.NEEDS_REVIEW, "negated_evidence")
    assert outcome.confidence is not None
    assert outcome.confidence < 0.5


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "Recurrent networks are widely used for language modelling, translation and speech recognition in "
            "industry today.",
            Status.INCORRECT,
            "no_concepts",
            id="off-the-point-in-english",
        ),
        pytest.param(
            "The gradient flows back through the cell state over many steps, and the forget gate values near one "
            "keep the flow of information alive.",
            Status.NEEDS_REVIEW,
            "no_concepts_found",
            id="near-the-ideas-in-other-words",
        ),
        pytest.param(
            "Las redes recurrentes se usan mucho para modelar el lenguaje, traducir y reconocer el habla hoy.",
            Status.NEEDS_REVIEW,
            "no_concepts_found",
            id="in-another-language",
        ),
    ],
)
def test_a_long_answer_without_the_ideas_is_wrong_only_when_far_from_them(
    answer: str, status: Status, note: str
) -> None:
    """No idea found in a long answer: a grader reads it, unless it is English and shares almost nothing with
    the ideas' descriptions (off the point, not a paraphrase)."""
    outcome = grade(VANISHING, answer)

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
    if status is Status.INCORRECT:
        assert "shares almost nothing with them" in " ".join(outcome.feedback)
    else:
        assert "none of the expected ideas was recognised" in outcome.feedback[-1]


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param("Die Gates sollen den Informationsfluss kontrollieren, und der Gradient ist additive entlang "
                     "der Zelle, das ist nicht mehr ein Problem.", Status.NEEDS_REVIEW, id="german-partly-read"),
        pytest.param("Les portes servent à régler le flux, et le gradient est additive dans la cellule, qui est "
                     "le point important pour les longues séquences.", Status.NEEDS_REVIEW, id="french-partly-read"),
        pytest.param("gating: f, i, o. f ~ 1 keeps grad on c. W_hh powers blow up or vanish in RNNs.",
                     Status.PARTIAL, id="terse-english-notes-are-english"),
        pytest.param("The gates regulate the information, and the update of the cell is additive, so the gradient "
                     "is kept.", Status.CORRECT, id="english-in-full"),
    ],
)  # fmt: skip
def test_an_answer_in_another_language_with_some_ideas_found_goes_to_a_grader(answer: str, status: Status) -> None:
    """Ideas found in an answer written in another language (German, French, Spanish, Hindi in Latin letters…)
    are only those it says in English words: the rest may be there in its own, so a grader reads it unless it
    already earns full marks. Terse English notes have few function words of any language: graded as read."""
    outcome = grade(VANISHING, answer)

    assert outcome.status is status, outcome.feedback
    if status is Status.NEEDS_REVIEW:
        assert "it is not in English" in outcome.feedback[-1]


def test_conflicting_evidence_lowers_confidence() -> None:
    clean = grade(UNROLL, "No. The same weights are reused at every time step.")
    conflicted = grade(UNROLL, "No. The same weights are reused, though every time step has its own weights.")

    assert clean.confidence == 1.0
    assert conflicted.confidence is not None
    assert conflicted.confidence < clean.confidence
    assert "contradict" in conflicted.feedback[-1]


REFERENCE = TextCheck.model_validate(
    {"type": "text", "reference": "To simulate the behaviour of portions of the desired software product."}
)


@pytest.mark.parametrize(
    ("answer", "high"),
    [
        pytest.param("To simulate the behavior of portions of the desired software product.", True, id="same-words"),
        pytest.param("It lets you simulate how parts of the final software product behave.", True, id="paraphrase"),
        pytest.param("Recursion uses a stack.", False, id="off-topic"),
    ],
)
def test_a_model_answer_alone_scores_by_similarity(answer: str, high: bool) -> None:
    outcome = grade(REFERENCE, answer, points=5, prompt="What is the role of a prototype program in problem solving?")

    assert outcome.confidence is not None
    assert (outcome.fraction >= 0.7) == high, outcome.feedback
    assert any(line.startswith("Similarity to the model answer:") for line in outcome.feedback)


def test_a_model_answer_that_disagrees_with_the_concepts_sends_to_review() -> None:
    check = TextCheck.model_validate(
        {
            "type": "text",
            "reference": "Along the cell state the update is additive, so the error flowing backwards is scaled only "
            "by the forget gate instead of the recurrent weights.",
            "concepts": [{"id": "gating", "description": "gating", "points": 3, "phrasings": ["gating"]}],
        }
    )
    prompt = "Explain why an LSTM cell can alleviate vanishing or exploding gradients."

    terse = grade(check, "Gating.", prompt=prompt)  # full marks by the concepts, nothing like the model answer
    full = grade(check, "Gating: along the cell state the update is additive, so the error flowing back is "
                 "scaled by the forget gate, not by the recurrent weights.", prompt=prompt)  # fmt: skip

    assert (terse.status, terse.note) == (Status.NEEDS_REVIEW, "uncertain")
    assert "the similarity to the model answer is" in terse.feedback[-1]
    assert (full.status, full.confidence) == (Status.CORRECT, 1.0)


def test_rubric_validation_of_text_checks() -> None:
    with pytest.raises(ValueError, match="needs `phrasings` or `math`"):
        TextCheck.model_validate({"type": "text", "concepts": [{"id": "a", "description": "a", "points": 1}]})
    with pytest.raises(ValueError, match="give `concepts`, a `reference` answer, or both"):
        TextCheck.model_validate({"type": "text"})
    bad_math = TextCheck.model_validate(
        {"type": "text", "concepts": [{"id": "a", "description": "a", "points": 1, "math": ["x +"]}]}
    )
    problems = CHECKER.validate(bad_math, PartContext(points=1))
    assert problems
    assert problems[0][0] == "check.concepts[0].math[0]"


def test_a_misconception_said_in_few_words_is_still_said() -> None:
    """`so more steps = more weights` names its subject again and says little else: no evidence for an idea, but a
    misconception claimed all the same."""
    check = TextCheck.model_validate(
        {
            "type": "text",
            "concepts": [
                {"id": "shared", "description": "the same weights are reused at every time step", "points": 2,
                 "phrasings": ["same weights", "weights ... same"]},
                {"id": "grows", "description": "misconception: each time step adds its own weights", "points": -1,
                 "cap": 0, "phrasings": ["more steps ... more weights"]},
            ],
        }
    )  # fmt: skip
    answer = "Yes, so more steps = more weights. The output weights stay the same though."
    outcome = TextChecker().grade(check, answer, PartContext(points=2))

    assert (outcome.status, outcome.note) == (Status.INCORRECT, "misconception"), outcome.feedback


# "Explain the role of the output gate." (1 point), with a weaker wording of its idea
OUTPUT = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "output", "description": "it decides which part of the cell state becomes h_t", "points": 1,
             "phrasings": ["output gate ... which part/parts of ... cell state"]},
            {"id": "output-said", "description": "it is said to decide the output", "points": 0.5,
             "weaker_of": "output", "phrasings": ["output gate ... decides ... output"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "fraction", "found"),
    [
        pytest.param("The output gate decides the output h_t.", 0.5, ["output-said"], id="weaker-alone"),
        pytest.param("The output gate decides which part of the cell state is the output.", 1.0, ["output"],
                     id="fuller-alone"),
        pytest.param("The output gate decides the output: which parts of the cell state go to h_t.", 1.0, ["output"],
                     id="both-count-once"),
    ],
)  # fmt: skip
def test_a_weaker_wording_counts_only_without_the_fuller_idea(answer: str, fraction: float, found: list[str]) -> None:
    outcome = grade(OUTPUT, answer, points=1)

    assert outcome.fraction == fraction
    assert outcome.interpreted_as == "ideas found: " + ", ".join(found)
    assert not any(line.startswith("Missing: it is said") for line in outcome.feedback)
    fuller_missing = any(line.startswith("Missing: it decides which part") for line in outcome.feedback)
    assert fuller_missing is (found == ["output-said"])  # the fuller idea's line says what to add
    assert "it is said to decide the output" not in outcome.expected


@pytest.mark.parametrize(
    ("weaker", "error"),
    [
        pytest.param({"weaker_of": "nothing", "points": 0.5}, "names no other idea", id="unknown-idea"),
        pytest.param({"weaker_of": "b", "points": 0.5}, "names no other idea", id="itself"),
        pytest.param({"weaker_of": "a", "points": 1}, "give it fewer points than its 1", id="as-many-points"),
        pytest.param({"weaker_of": "a", "points": -1}, "give it positive points only", id="a-misconception"),
        pytest.param({"weaker_of": "c", "points": 0.25}, "nor one that is itself a weaker", id="a-chain"),
    ],
)
def test_a_weaker_wording_must_name_a_fuller_idea_worth_more(weaker: dict[str, Any], error: str) -> None:
    concepts = [
        {"id": "a", "description": "a", "points": 1, "phrasings": ["a"]},
        {"id": "b", "description": "b", "phrasings": ["b"], **weaker},
        {"id": "c", "description": "c", "points": 0.5, "weaker_of": "a", "phrasings": ["c"]},
    ]
    with pytest.raises(ValueError, match=error):
        TextCheck.model_validate({"type": "text", "concepts": concepts})
