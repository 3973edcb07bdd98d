"""Evidence that says the concept about the right thing, and says something."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.text import TextChecker
from grader.models.checks import TextCheck

from ..conftest import finishes

ROLES = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "forget", "description": "forget gate: what to discard from c_{t-1}", "points": 1,
             "phrasings": ["forget gate ... discard/forget/remove/erase/throw/keep"]},
            {"id": "input", "description": "input gate: which new values are written", "points": 1,
             "phrasings": ["input gate ... update/add/store/write/new"]},
            {"id": "output", "description": "output gate: which part of the cell becomes h_t", "points": 1,
             "phrasings": ["output gate ... output/hidden"]},
            {"id": "candidate", "description": "candidate layer: new values from tanh", "points": 1,
             "phrasings": ["candidate ... new/tanh"]},
        ],
    }
)  # fmt: skip
SCALING = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "variance", "description": "the dot products have variance d_k", "points": 1,
             "phrasings": ["variance"]},
            {"id": "saturate", "description": "large scores saturate the softmax", "points": 1,
             "phrasings": ["saturate/saturated/saturates"]},
            {"id": "small-grad", "description": "its gradients become tiny", "points": 1,
             "phrasings": ["small gradients", "gradients ... vanish"]},
        ],
    }
)  # fmt: skip


def grade(check: TextCheck, answer: str) -> tuple[float, str]:
    outcome = TextChecker().grade(check, answer, PartContext(points=float(len(check.concepts))))
    return outcome.fraction * len(check.concepts), " ".join(outcome.feedback)


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("forget gate forgets, input gate inputs, output gate outputs", 0, id="tautologies"),
        pytest.param(
            "The forget gate forgets the old information. The output gate outputs the result.",
            0,
            id="tautologies-with-generic-objects",
        ),
        pytest.param("The input gate adds the input.", 0, id="object-repeats-the-subject"),
        pytest.param("input gate takes the input, output gate gives output", 0, id="empty-verbs"),
        pytest.param(
            "The forget gate forgets parts of c_{t-1}. The input gate adds new values to the cell.",
            2,
            id="saying-what-to-what-counts",
        ),
        pytest.param("forget gate: forget old stuff in c", 1, id="terse-but-says-what"),
        pytest.param("the forget gate decides what to forget from the cell state", 1, id="verb-and-object"),
    ],
)
def test_a_tautology_is_no_evidence(answer: str, points: float) -> None:
    assert grade(ROLES, answer)[0] == points


TERSE = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "forget", "description": "forget gate: what to discard from c_{t-1}", "points": 1,
             "phrasings": ["f erase/erases/delete/deletes"]},
            {"id": "input", "description": "input gate: which new values are written", "points": 1,
             "phrasings": ["i write/writes"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("f: erase. i: write.", 2, id="what-each-does"),
        pytest.param("f: forget. i: write.", 1, id="a-letter-spelled-out"),  # `forget` is `erase` by sense
    ],
)
def test_a_one_letter_label_spelled_out_is_no_evidence(answer: str, points: float) -> None:
    assert grade(TERSE, answer)[0] == points


def test_what_is_said_of_another_subject_is_not_evidence() -> None:
    points, feedback = grade(ROLES, "the output gate computes c_t, the candidate layer is the hidden state")

    assert points == 0
    assert "speaks of another part" in feedback


LETTERS = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "forget", "description": "forget gate: what to discard from c_{t-1}", "points": 1,
             "phrasings": ["f ... how much ... survives/kept"]},
            {"id": "input", "description": "input gate: which new values are written", "points": 1,
             "phrasings": ["i t scales ... candidate", "input ... written"]},
            {"id": "output", "description": "output gate: which part of the cell becomes h_t", "points": 1,
             "phrasings": ["o how much ... goes to h"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("$f$: scales the self-loop, i.e. how much of $s^{(t-1)}$ survives.", 1, id="a-verb-after-a-label"),
        pytest.param("f: the old memory, o: how much of it survives", 0, id="another-label-opens-a-clause"),
    ],
)
def test_a_one_letter_label_is_the_subject_not_the_verb_after_it(answer: str, points: float) -> None:
    """`i t scales … candidate` names the input gate by `i`, not by `scales`: a verb after a label opening a
    clause (`f: scales the self-loop, i.e. how much …`) is no other part's subject; the label `o` opening a clause
    is (the forget gate's `how much` does not reach past it), and `i`, the pronoun too, never is."""
    assert grade(LETTERS, answer)[0] == points


VARIANTS = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "lstm", "description": "LSTM: a memory cell with gates", "points": 1,
             "phrasings": ["lstm ... cell/gates"]},
            {"id": "gru", "description": "GRU: update and reset gates", "points": 1,
             "phrasings": ["gated recurrent unit ... update/reset", "gru ... update/reset"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param(
            "SimpleRNN: basic recurrent layer. LSTM: recurrent layer with a cell state and input/forget/output gates.",
            1,
            id="a-kind-word-is-no-subject",
        ),
        pytest.param("LSTM: gated units with a cell state", 0, id="another-networks-own-word"),
    ],
)
def test_a_word_of_a_kind_opening_a_clause_is_no_other_subject(answer: str, points: float) -> None:
    """`gated recurrent unit` names the GRU by `gated`; `recurrent`, `network`, `neural` name a kind of thing, as
    `gate` and `layer` do, so `LSTM: recurrent layer with a cell state` is about the LSTM still."""
    assert grade(VARIANTS, answer)[0] == points


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("variance saturated small gradients", 0, id="keyword-soup"),
        pytest.param(
            "the variance grows with d_k, so the softmax is saturated and has small gradients", 3, id="a-sentence"
        ),
        pytest.param("saturated softmax", 1, id="two-words-of-one-idea"),
    ],
)
def test_keyword_soup_is_no_evidence(answer: str, points: float) -> None:
    assert grade(SCALING, answer)[0] == points


FORGET_ZERO = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "erased", "description": "the previous cell state is erased", "points": 1,
             "phrasings": ["memory reset", "mem reset"]},
            {"id": "only-current", "description": "the state holds only the current step", "points": 1,
             "phrasings": ["reset ... every/each step", "cell step"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("mem reset every step", 2, id="every-step-is-a-phrase"),
        pytest.param("memory reset each step", 2, id="each-step-is-a-phrase"),
        pytest.param("memory reset cell step", 0, id="keywords-only"),
    ],
)
def test_a_quantified_step_makes_a_terse_note_a_statement(answer: str, points: float) -> None:
    """`every` and `each` make a phrase of what follows them, as an article does: `mem reset every step` says
    something (the memory is reset at every step); four rubric words in a row do not."""
    assert grade(FORGET_ZERO, answer)[0] == points


EMBEDDING = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "lookup", "description": "a lookup table maps each word to a vector", "points": 1,
             "phrasings": ["lookup table"]},
            {"id": "learned", "description": "the vectors are learned", "points": 1, "phrasings": ["learned"]},
            {"id": "size", "description": "16 numbers per word", "points": 1, "phrasings": ["16 ... numbers"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("learned lookup table", 2, id="a-participle-before-its-noun-is-a-phrase"),
        pytest.param("learned lookup table 16 numbers", 0, id="three-ideas-in-keywords"),
        pytest.param("learned lookup table = 16 numbers", 3, id="an-equation-states-something"),
    ],
)
def test_two_ideas_in_a_short_noun_phrase_are_said(answer: str, points: float) -> None:
    assert grade(EMBEDDING, answer)[0] == points


def test_the_feedback_says_why_a_match_was_not_counted() -> None:
    _, feedback = grade(SCALING, "variance saturated small gradients")

    assert "keywords of several ideas" in feedback


GRU_VS_LSTM = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "no-cell", "description": "a GRU has no separate cell state", "points": 1,
             "phrasings": ["no cell state", "only ... hidden state"]},
            {"id": "fewer-gates", "description": "two gates instead of three", "points": 1,
             "phrasings": ["2 gates", "fewer gates"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("The GRU has no cell state.", 1, id="said-of-its-network"),
        pytest.param("GRUs have no cell state, unlike LSTMs.", 1, id="said-of-its-network-in-the-plural"),
        pytest.param("The LSTM has no cell state.", 0, id="said-of-another-network"),
        pytest.param("An LSTM has no cell state, a GRU has one.", 0, id="contrast-the-wrong-way-round"),
        pytest.param("The GRU has a cell state, and the LSTM has no cell state.", 0, id="after-a-conjunction"),
        pytest.param("Unlike the LSTM, the GRU has no cell state.", 1, id="the-other-network-in-its-own-clause"),
        pytest.param("In contrast to the LSTM the GRU has no cell state.", 1, id="both-named-the-nearest-counts"),
        pytest.param("LSTM: 3 gates. GRU: no cell state.", 1, id="a-label-names-it"),
        pytest.param("GRU: 2 gates. LSTM: no cell state.", 1, id="a-label-names-another"),
        pytest.param("The LSTM has a cell state, the GRU doesn't.", 1, id="a-denial-without-its-object"),
        pytest.param("The GRU has a cell state, the LSTM doesn't.", 0, id="a-denial-of-the-other-network"),
        pytest.param("no cell state", 1, id="no-network-named"),
    ],
)
def test_evidence_said_of_another_network_is_not_evidence(answer: str, points: float) -> None:
    """A concept whose description opens with a network (`a GRU has …`) counts only what is said of that
    network, or of none: the subject of the clause, the network after `and`/`but`/`while`, or a label `GRU:`."""
    assert grade(GRU_VS_LSTM, answer)[0] == points


def test_just_is_only() -> None:
    assert grade(GRU_VS_LSTM, "LSTM has a cell state plus the hidden state, GRU just has the hidden state.")[0] == 1


@pytest.mark.parametrize(
    "answer",
    [
        "The LSTM has a cell state, the GRU does not. " * 2000,
        "the LSTM has no cell state " * 3500,
        "GRU: " + "a " * 30_000 + "no cell state " * 2000,
    ],
    ids=["many-denials", "many-matches-in-one-clause", "a-long-clause-before-them"],
)
def test_many_matches_are_scoped_in_linear_time(answer: str) -> None:
    """Each match looks back a bounded number of words for its subject and keyword soup, never the whole answer
    (these took 5-10 s when soup read every word for every match)."""
    probe = (
        "import sys\nfrom grader.checks.base import PartContext\nfrom grader.checks.text import TextChecker\n"
        "from grader.models.checks import TextCheck\n"
        "check = TextCheck.model_validate({'type': 'text', 'concepts': [{'id': 'no-cell', 'points': 1, "
        "'description': 'a GRU has no separate cell state', 'phrasings': ['no cell state']}]})\n"
        "TextChecker().grade(check, sys.stdin.read(), PartContext(points=1))"
    )
    finishes(probe, answer, 10)


UNROLL = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "shared", "description": "the weights are shared by every step", "points": 2,
             "phrasings": ["parameters/weights ... shared"]},
            {"id": "own-weights", "description": "misconception: each step adds its own weights", "points": -1,
             "cap": 0, "phrasings": ["different weights ... each time step"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        pytest.param("The weights are shared. Only if we would use different weights for each time step would it "
                     "grow.", 2, id="supposed-with-if-and-would"),
        pytest.param("The weights are shared, but there are different weights for each time step.", 0,
                     id="claimed"),
        pytest.param("The weights are shared. If we use different weights for each time step it grows.", 0,
                     id="a-plain-condition-is-still-said"),
    ],
)  # fmt: skip
def test_a_misconception_only_supposed_is_not_claimed(answer: str, points: float) -> None:
    """`Only if we would use different weights for each time step …`: a counterfactual (`if` shortly before, `would`
    in the sentence) supposes the misconception to deny it; said plainly, or in a plain condition, it counts."""
    outcome = TextChecker().grade(UNROLL, answer, PartContext(points=2))
    assert outcome.fraction * 2 == points, outcome.feedback
