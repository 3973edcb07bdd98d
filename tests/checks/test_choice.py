"""Set checks (name items of a list) and choice checks (pick one option)."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.choice import ChoiceChecker, SetChecker
from grader.models.checks import ChoiceCheck, Option, SetCheck
from grader.models.report import Status
from grader.models.rubric import Mistake

VARIANTS = SetCheck.model_validate(
    {
        "type": "set",
        "min_count": 2,
        "items": [
            {"name": "LSTM", "synonyms": ["long short term memory"]},
            {"name": "GRU", "synonyms": ["gated recurrent unit"]},
            {"name": "bidirectional RNN", "synonyms": ["bi-rnn", "bidirectional"]},
        ],
    }
)
YES_NO = ChoiceCheck.model_validate(
    {
        "type": "choice",
        "answer": "no",
        "where": "first_sentence",
        "options": [
            {"id": "no", "phrasings": ["no", "does not increase"]},
            {"id": "yes", "phrasings": ["yes", "increases with"]},
        ],
    }
)


@pytest.mark.parametrize(
    ("answer", "status", "fraction"),
    [
        pytest.param("LSTM, GRU and Bi-RNN.", Status.CORRECT, 1.0, id="all"),
        pytest.param("Gated Recurrent Units and long short-term memory networks", Status.CORRECT, 1.0, id="synonyms"),
        pytest.param("Only the LSTM.", Status.PARTIAL, 0.5, id="one-of-two"),
        pytest.param("CNNs", Status.INCORRECT, 0.0, id="none"),
        pytest.param("No LSTM and no GRU here.", Status.INCORRECT, 0.0, id="negated-items-do-not-count"),
        pytest.param(
            "Use a GRU: 25% fewer for the same LSTM width.", Status.PARTIAL, 0.5, id="held-the-same-is-no-item"
        ),
    ],
)
def test_set(answer: str, status: Status, fraction: float) -> None:
    outcome = SetChecker().grade(VARIANTS, answer, PartContext(points=2))
    assert (outcome.status, outcome.fraction) == (status, fraction)


def test_set_feedback_quotes_each_item() -> None:
    outcome = SetChecker().grade(VARIANTS, "Bidirectional RNN: reads both ways.", PartContext(points=2))
    assert outcome.feedback[0] == "Named: bidirectional RNN — “Bidirectional RNN: reads both ways.”"
    assert outcome.feedback[-1] == "Named 1 of the 2 needed."


def test_set_mistake_names_a_wrong_item() -> None:
    mistake = Mistake(answer="cnn", feedback="A CNN is not recurrent.", note="cnn")
    outcome = SetChecker().grade(VARIANTS, "LSTM and CNN", PartContext(points=2, mistakes=(mistake,)))
    assert outcome.note == "mistake:cnn"


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("No, the count does not increase. Yes, really.", Status.CORRECT, "right_option", id="no"),
        pytest.param("Yes: it increases with the length.", Status.INCORRECT, "wrong_option", id="yes"),
        pytest.param("It depends on the model.", Status.NEEDS_REVIEW, "no_option", id="neither"),
        pytest.param("Yes and no.", Status.NEEDS_REVIEW, "several_options", id="both"),
        pytest.param("No and yes.", Status.NEEDS_REVIEW, "several_options", id="both-no-first"),
        pytest.param("I'd say no or yes, it depends.", Status.NEEDS_REVIEW, "several_options", id="no-or-yes"),
        pytest.param("No, and no output either.", Status.CORRECT, "right_option", id="no-twice"),
        pytest.param("nope, they are shared", Status.CORRECT, "right_option", id="nope"),
        pytest.param("Nah.", Status.CORRECT, "right_option", id="nah"),
        pytest.param("Of course not!", Status.CORRECT, "right_option", id="of-course-not"),
        pytest.param("Yeah, it grows.", Status.INCORRECT, "wrong_option", id="yeah"),
        pytest.param("yep", Status.INCORRECT, "wrong_option", id="yep"),
        pytest.param("Yeah, nope.", Status.NEEDS_REVIEW, "several_options", id="yeah-nope"),
        pytest.param("Nein.", Status.CORRECT, "right_option", id="german-no"),
        pytest.param("Non", Status.CORRECT, "right_option", id="french-no"),
        pytest.param("Nahi, parameters share hote hain.", Status.CORRECT, "right_option", id="hinglish-no"),
        pytest.param("Ja, es wächst.", Status.INCORRECT, "wrong_option", id="german-yes"),
        pytest.param("No, I think. But maybe it grows a bit?", Status.NEEDS_REVIEW, "hedged", id="another-in-doubt"),
        pytest.param("No, or perhaps not for every model.", Status.NEEDS_REVIEW, "hedged", id="or-perhaps"),
        pytest.param(
            "It depends - no if you share weights, but some models have weights per step.",
            Status.NEEDS_REVIEW,
            "hedged",
            id="it-depends",
        ),
        pytest.param(
            "No. It depends on nothing but the layer sizes.", Status.CORRECT, "right_option", id="depends-later"
        ),
    ],
)
def test_choice(answer: str, status: Status, note: str) -> None:
    outcome = ChoiceChecker().grade(YES_NO, answer, PartContext(points=1))
    assert (outcome.status, outcome.note) == (status, note)


def test_choice_reads_only_the_first_sentence_when_asked() -> None:
    outcome = ChoiceChecker().grade(YES_NO, "The weights are shared. No.", PartContext(points=1))
    assert outcome.note == "no_option"


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param(
            "No output gate? Actually yes, it has one.", Status.NEEDS_REVIEW, "changed_option", id="taken-back"
        ),
        pytest.param("Yes. Wait, no: the count stays the same.", Status.NEEDS_REVIEW, "changed_option", id="wait-no"),
        pytest.param("No. Actually, no output gate at all.", Status.CORRECT, "right_option", id="confirmed"),
        pytest.param(
            "No. Yes, the hidden state is exposed whole.", Status.CORRECT, "right_option", id="no-correcting-word"
        ),
        pytest.param(
            "Strictly speaking there is no o_t. But (1 - z) acts as one. I'd answer: yes (implicitly).",
            Status.NEEDS_REVIEW,
            "changed_option",
            id="answered-otherwise-in-so-many-words",
        ),
        pytest.param(
            "No output gate. My answer: no, z does that job.", Status.CORRECT, "right_option", id="answered-the-same"
        ),
        pytest.param("No. The answer is simple: z does it.", Status.CORRECT, "right_option", id="no-option-after"),
    ],
)
def test_a_first_sentence_taken_back_later_goes_to_a_grader(answer: str, status: Status, note: str) -> None:
    check = ChoiceCheck(
        type="choice",
        answer="no",
        where="first_sentence",
        options=[Option(id="no", phrasings=["no"]), Option(id="yes", phrasings=["yes"])],
    )
    outcome = ChoiceChecker().grade(check, answer, PartContext(points=1))

    assert (outcome.status, outcome.note) == (status, note), outcome.feedback


GROWTH = ChoiceCheck.model_validate(
    {
        "type": "choice",
        "answer": "quadratic",
        "options": [
            {"id": "quadratic", "phrasings": ["quadratic", "quadratically", "n squared"]},
            {"id": "linear", "phrasings": ["linear", "linearly"]},
        ],
    }
)


@pytest.mark.parametrize(
    ("answer", "status", "note"),
    [
        pytest.param("Quadratically: the score matrix is n x n (the projections add O(n d^2), linear in n).",
                     Status.CORRECT, "right_option", id="opens-with-a-colon"),
        pytest.param("Quadratically in time — every query meets every key (the projections are linear).",
                     Status.CORRECT, "right_option", id="opens-with-a-dash"),
        pytest.param("Quadratically in time — every query meets every key. Memory is only linear though.",
                     Status.NEEDS_REVIEW, "several_options", id="then-a-facet-of-the-cost-the-other-way"),
        pytest.param("Quadratically, n x n scores. But on GPUs in practice the time grows linearly?",
                     Status.NEEDS_REVIEW, "several_options", id="then-the-time-grows-the-other-way"),
        pytest.param("Quadratic. FlashAttention saves memory, still n^2 compute, or use linear attention.",
                     Status.CORRECT, "right_option", id="then-a-facet-named-beside-a-name"),
        pytest.param("Quadratic, because all pairs are scored; in a decoder half of them, still not linear.",
                     Status.CORRECT, "right_option", id="opens-with-because"),
        pytest.param("Linearly. The quadratic part is only the memory.", Status.INCORRECT, "wrong_option",
                     id="opens-with-the-wrong-option"),
        pytest.param("quadratic in memory, but with FlashAttention it is linear", Status.NEEDS_REVIEW,
                     "several_options", id="opens-with-a-qualified-option"),
        pytest.param("Linearly. Actually no, quadratically.", Status.NEEDS_REVIEW, "several_options",
                     id="opens-then-corrects-itself"),
        pytest.param("It is quadratic in memory and linear in time.", Status.NEEDS_REVIEW, "several_options",
                     id="does-not-open-with-an-option"),
        pytest.param("more than linearly I think", Status.NEEDS_REVIEW, "no_option", id="only-compared-with-an-option"),
        pytest.param("It grows faster than linear: quadratically.", Status.CORRECT, "right_option",
                     id="compared-with-one-option-naming-another"),
        pytest.param("O(n²) in memory but O(n) in time", Status.NEEDS_REVIEW, "several_options",
                     id="big-o-for-both-options"),
        pytest.param("Quadratically in memory. The time is dominated by the projections, so it is linear in n.",
                     Status.NEEDS_REVIEW, "several_options", id="then-the-time-as-it"),
        pytest.param("Quadratic. It is not linear, since every token attends to every other.", Status.CORRECT,
                     "right_option", id="it-with-no-facet"),
        pytest.param("quadratic i think?? or n log n", Status.NEEDS_REVIEW, "hedged", id="a-question-then-or"),
    ],
)  # fmt: skip
def test_the_option_an_answer_opens_with_is_its_answer(answer: str, status: Status, note: str) -> None:
    """An answer that opens with an option set off by a stop (`Quadratically:`) gives that option; the others
    it names later are reasons and asides, unless one says a facet of the cost grows the other way (`Memory is
    only linear though`: the corpus keyers gave four of five such answers half). Qualified or self-correcting
    openings still go to a grader."""
    outcome = ChoiceChecker().grade(GROWTH, answer, PartContext(points=2))
    assert (outcome.status, outcome.note) == (status, note), outcome.feedback
