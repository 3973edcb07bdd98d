"""Words a sentence leaves out, read back in: `has two (update and reset)`, `merges them into one`, `a 3×3 patch`,
`makes the image smaller`."""

from __future__ import annotations

import pytest

from grader.checks.base import PartContext
from grader.checks.phrases import words
from grader.checks.text import TextChecker
from grader.models.checks import TextCheck

CHECKER = TextChecker()
PROMPT = "Name the main architectural differences between a GRU and an LSTM."
COMPARE = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "no-cell", "description": "a GRU has no separate cell state; the hidden state carries the memory",
             "points": 1, "phrasings": ["no cell state", "merge/merges ... cell state ... hidden state"]},
            {"id": "two-gates", "description": "the update gate takes the roles of the forget and input gates",
             "points": 1, "phrasings": ["two gates", "merges ... forget ... input"]},
        ],
    }
)  # fmt: skip


def _read(answer: str) -> str:
    return " ".join(word.lower for word in words(answer))


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param("has two (update and reset)", "has two gates update and reset", id="count-of-two-gates"),
        pytest.param("three (input, forget, output)", "three gates input forget output", id="a-list-with-commas"),
        pytest.param("2 (update $z$, reset $r$)", "2 gates update z reset r", id="digits-and-symbols"),
        pytest.param("has two (update)", "has two update", id="one-name-is-no-list"),
        pytest.param("two (see the slides) update and reset", "two see the slides update and reset", id="no-names"),
        pytest.param("two update and reset gates", "two update gates and reset gates", id="no-brackets"),
        pytest.param("lstm has 3 gates gru has 2", "lstm has 3 gates gru has 2 gates", id="a-count-ending-after-gates"),
        pytest.param("lstm has 3 gates, gru has 2 layers", "lstm has 3 gates gru has 2 layers", id="its-own-noun"),
        pytest.param("3 gates. the gru has 2", "3 gates the gru has 2", id="gates-counted-in-another-sentence"),
        pytest.param(
            "the same kernel for the whole image",
            "the same kernel for the whole image every position",
            id="whole-image",
        ),
        pytest.param("the entire map", "the entire map every position", id="entire-map"),
        pytest.param("the whole input sequence", "the whole input sequence", id="a-whole-thing-with-no-positions"),
        pytest.param(
            "the cell state and the hidden state: the GRU merges them",
            "the cell state and the hidden state the gru merges cell state and hidden state",
            id="merges-them",
        ),
        pytest.param(
            "the forget and input gates, which the GRU combines these",
            "the forget gates and input gates which the gru combines forget gates and input gates",
            id="combines-listed-gates",
        ),
        pytest.param("the cell state. The GRU merges them", "the cell state the gru merges them", id="one-name"),
        pytest.param("cell state, hidden state; it merges them", "cell state hidden state it merges them", id="no-and"),
        pytest.param(
            "the cell state and hidden state. Fine. Later. It merges them",
            "the cell state and hidden state fine later it merges them",
            id="too-far-back",
        ),
        pytest.param("sees a 3x3 neighbourhood", "sees a small neighbourhood", id="a-kernels-extent"),
        pytest.param("a 3 × 3 × C_in patch", "a small patch", id="an-extent-with-its-depth"),
        pytest.param("a (3x3) window", "a small window", id="an-extent-in-brackets"),
        pytest.param("a 3x3 pixel window", "a small window", id="an-extent-in-pixels"),
        pytest.param("all 28x28 pixels region", "all 28x28 pixels region", id="a-whole-image-is-no-small-one"),
        pytest.param("a 3x5 window", "a 3x5 window", id="an-uneven-extent-is-left"),
        pytest.param("a 3x3 kernel", "a 3x3 kernel", id="a-kernel-is-no-region"),
        pytest.param("makes the image smaller", "makes reduces less the image size smaller", id="made-smaller"),
        pytest.param("to make it a lot smaller", "to make reduces less it a lot size smaller", id="made-much-smaller"),
        pytest.param("it reduces computation", "it reduces less computation", id="reduces-says-less"),
        pytest.param("the GRU has no separate cell", "the gru has no separate cell state", id="no-separate-cell"),
        pytest.param("without a cell", "without a cell state", id="without-a-cell"),
        pytest.param("no cell state", "no cell state", id="the-noun-said"),
        pytest.param("no LSTM cell is needed", "no lstm cell is needed", id="a-unit-is-no-state"),
        pytest.param("makes the network smaller", "makes the network smaller", id="a-smaller-model-is-not-read"),
        pytest.param("makes it faster. smaller too", "makes it faster smaller too", id="another-sentence"),
        pytest.param("less sensitive to location", "less invariant sensitive to location", id="less-sensitive"),
        pytest.param(
            "mitigates the sensitivity of conv layers to location",
            "mitigates the invariant sensitivity of convolution layers to location",
            id="sensitivity-mitigated",
        ),
        pytest.param("doesn't care where it is", "does invariant care position where it is", id="not-care-where"),
        pytest.param("more sensitive to location", "more sensitive to location", id="more-sensitive-is-left"),
        pytest.param("less sensitive to noise", "less sensitive to noise", id="sensitive-to-no-place"),
        pytest.param(
            "later layers see a bigger area", "later layers see a bigger receptive field area", id="wider-view"
        ),
        pytest.param(
            "look at bigger sections of the image",
            "look at bigger receptive field sections of the image",
            id="wider-sections",
        ),
        pytest.param("a bigger area", "a bigger area", id="an-area-nobody-sees"),
    ],
)
def test_a_left_out_noun_is_read_back_in(answer: str, read: str) -> None:
    assert _read(answer) == read


def test_the_words_read_in_keep_the_offsets_of_the_word_they_stand_for() -> None:
    answer = "The GRU has two (update and reset)."
    found = words(answer)
    gates = next(word for word in found if word.lower == "gates")

    assert answer[gates.start : gates.end] == "two"


def test_a_size_read_as_small_spans_the_size_as_written() -> None:
    answer = "each output sees a 3 × 3 patch"
    small = next(word for word in words(answer) if word.lower == "small")

    assert answer[small.start : small.end] == "3 × 3"


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        pytest.param("The GRU only has two (update and reset), the LSTM three.", 1.0, id="elided-count"),
        pytest.param(
            "The LSTM carries the cell state c_t and the hidden state h_t; the GRU merges them into a single h_t.",
            1.0,
            id="merged-pronoun",
        ),
        pytest.param(
            "The LSTM has two (input and forget); the GRU merges them into one update gate. It has no cell state.",
            2.0,
            id="both",
        ),
        pytest.param("The GRU has two (see the lecture).", 0.0, id="no-names-no-credit"),
        pytest.param("lstm has 3 gates gru has 2", 1.0, id="a-count-after-a-count-of-gates"),
        pytest.param("lstm 3 gates gru 2", 1.0, id="a-count-after-a-network-s-name"),
    ],
)
def test_an_answer_that_leaves_the_noun_out_earns_the_idea(answer: str, score: float) -> None:
    outcome = CHECKER.grade(COMPARE, answer, PartContext(points=2, prompt=PROMPT))

    assert outcome.fraction * 2 == score, outcome.feedback


SHARING = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "local", "description": "each output unit only connects to a small local window of the input",
             "points": 1, "phrasings": ["small window/patch/region"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        pytest.param("each output only sees a 3x3 neighbourhood of the input", 1.0, id="a-kernels-extent"),
        pytest.param(r"each output depends on a $3 \times 3$ patch only", 1.0, id="latex-extent"),
        pytest.param("each output sees a 28 × 28 window", 0.0, id="the-whole-image"),
    ],
)
def test_a_region_a_kernels_size_is_a_small_one(answer: str, score: float) -> None:
    outcome = CHECKER.grade(
        SHARING, answer, PartContext(points=1, prompt="Why does a Conv2D layer have few parameters?")
    )

    assert outcome.fraction == score, outcome.feedback


POOLING = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "downsample", "description": "it reduces the spatial size", "points": 1,
             "phrasings": ["reduce/reduces/shrink ... spatial/size/dimension/resolution"]},
        ],
    }
)  # fmt: skip


POOLING_REASONS = TextCheck.model_validate(
    {
        "type": "text",
        "concepts": [
            {"id": "invariance", "description": "robust to small translations", "points": 1,
             "phrasings": ["translation invariance", "invariant ... shift/translation/position"]},
            {"id": "receptive", "description": "it grows the receptive field of later layers", "points": 1,
             "phrasings": ["larger receptive field", "receptive field ... larger/grow/increase"]},
        ],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        pytest.param(
            "(1) it mitigates the sensitivity of convolutional layers to location, and (2) it spatially downsamples "
            "the representations, so deeper layers cover a larger area of the input.",
            1.0,
            id="d2l",
        ),
        pytest.param("It makes the network less sensitive to where exactly a feature is.", 0.5, id="less-sensitive"),
        pytest.param("It does not care exactly where the edge is.", 0.5, id="does-not-care-where"),
        pytest.param("It lets each later unit see a larger region of the input.", 0.5, id="a-wider-view"),
        pytest.param("It makes the network more sensitive to the position of features.", 0.0, id="more-sensitive"),
        pytest.param("It is sensitive to where the feature is.", 0.0, id="sensitive-where"),
    ],
)
def test_invariance_and_a_wider_view_said_in_other_words_earn_the_ideas(answer: str, score: float) -> None:
    outcome = CHECKER.grade(POOLING_REASONS, answer, PartContext(points=2, prompt="Why do CNNs use max pooling?"))

    assert outcome.fraction == score, outcome.feedback


@pytest.mark.parametrize(
    ("answer", "score"),
    [
        pytest.param("it makes the feature maps smaller so the next layers are faster", 1.0, id="made-smaller"),
        pytest.param("halving the height and width of the maps", 0.0, id="halving-sides-names-no-size"),
        pytest.param("it makes the model smaller", 0.0, id="a-smaller-model"),
    ],
)
def test_a_reduction_said_with_make_smaller_earns_the_idea(answer: str, score: float) -> None:
    outcome = CHECKER.grade(POOLING, answer, PartContext(points=1, prompt="Why do CNNs use max pooling?"))

    assert outcome.fraction == score, outcome.feedback
