"""Shapes as students write them: tuples and lists, products with x and ×, LaTeX, a batch axis, in prose."""

from __future__ import annotations

import pytest

from grader.checks.shapereading import pick, read_shapes, show, stated_shapes, without_batch


@pytest.mark.parametrize(
    ("answer", "dims"),
    [
        pytest.param("(26, 26, 32)", (26, 26, 32), id="tuple"),
        pytest.param("(26,26,32)", (26, 26, 32), id="tuple-tight"),
        pytest.param("[26, 26, 32]", (26, 26, 32), id="list"),
        pytest.param("26×26×32", (26, 26, 32), id="times-sign"),
        pytest.param("26 x 26 x 32", (26, 26, 32), id="letter-x"),
        pytest.param("26*26*32", (26, 26, 32), id="asterisks"),
        pytest.param("26 by 26 by 32", (26, 26, 32), id="by"),
        pytest.param(r"$26 \times 26 \times 32$", (26, 26, 32), id="latex-times"),
        pytest.param(r"\(26 \times 26\times 32\)", (26, 26, 32), id="latex-inline"),
        pytest.param("The output shape is (26, 26, 32).", (26, 26, 32), id="in-prose"),
        pytest.param("It outputs 26 × 26 × 32.", (26, 26, 32), id="times-ending-a-sentence"),
        pytest.param("26x26x32, then pooling", (26, 26, 32), id="times-before-a-comma"),
        pytest.param("The output is 26 x 26 with 32 channels.", (26, 26, 32), id="channels-in-words"),
        pytest.param("26×26, 32 feature maps", (26, 26, 32), id="feature-maps-in-words"),
        pytest.param("Output feature map of 26 × 26 with depth 32.", (26, 26, 32), id="depth-in-words"),
        pytest.param("26,26,32", (26, 26, 32), id="bare-commas"),
        pytest.param("26 26 32", (26, 26, 32), id="the-whole-answer-in-spaces"),
        pytest.param("(None, 26, 26, 32)", (None, 26, 26, 32), id="keras-batch"),
        pytest.param("(batch, 26, 26, 32)", (None, 26, 26, 32), id="batch-word"),
        pytest.param("(10,)", (10,), id="one-axis"),
        pytest.param("conv2d (Conv2D)   (None, 26, 26, 32)   320", (None, 26, 26, 32), id="summary-line"),
    ],
)
def test_a_shape_is_read_in_every_form(answer: str, dims: tuple[int | None, ...]) -> None:
    picked = pick(answer, 3)
    assert picked.shape is not None, picked.reason
    assert picked.shape.dims == dims


@pytest.mark.parametrize(
    ("answer", "dims"),
    [
        pytest.param("(28, 28, 1) → (26, 26, 32)", (26, 26, 32), id="arrow"),
        pytest.param("(28, 28, 1) -> (26, 26, 32)", (26, 26, 32), id="ascii-arrow"),
        pytest.param("A 3x3 kernel gives 26x26x32", (26, 26, 32), id="kernel-then-result"),
        pytest.param("26x26x32, with a 3x3 kernel", (26, 26, 32), id="the-only-one-with-three-axes"),
        pytest.param("7744", (7744,), id="bare-number"),
        pytest.param("7x7x64 (not 13x13x64)", (7, 7, 64), id="a-shape-ruled-out"),
        pytest.param("height 30, width 30, depth 64", (30, 30, 64), id="named-axes"),
        pytest.param(
            "26x26x32 (padding 'valid'). If padding were 'same' it would be 28x28x32.", (26, 26, 32), id="supposed"
        ),
        pytest.param("13x13x32, or 14x14x32? no -- 13x13x32 since 26/2 = 13", (13, 13, 32), id="asked-then-no"),
        pytest.param("The flattened vector has 7744 values.", (7744,), id="number-ending-a-sentence"),
        pytest.param("11 × 11 × 64 = 7744", (7744,), id="one-axis-arithmetic-result"),
        pytest.param("11 x 11 x 64", (7744,), id="one-axis-product"),
        pytest.param("11 × 11 × 64 = 7 744", (7744,), id="one-axis-space-grouped"),
        pytest.param(
            "Flatten turns (11, 11, 64) into a vector of 11*11*64 = 7,744 features.", (7744,), id="one-axis-in-prose"
        ),
        pytest.param("(None, 7744)", (None, 7744), id="one-axis-keras-tuple"),
        pytest.param("64*11*11 = 7744 (x.view(x.size(0), -1))", (7744,), id="one-axis-with-code-after"),
        pytest.param("(7744,)", (7744,), id="one-axis-tuple"),
        pytest.param(
            "I think 26x26 because the 3x3 filter loses a pixel per side", (26, 26), id="a-filter-is-a-reason"
        ),
        pytest.param("26x26x64, with a 3x3 kernel", (26, 26, 64), id="the-kernel-named-after"),
        pytest.param("3x3 kernel", (3, 3), id="only-a-window-is-still-read"),
        pytest.param(
            "13x13, the max of each 2x2 block so the image halves", (13, 13), id="a-pooled-block-is-no-answer"
        ),
        pytest.param("nn.Conv2d(1, 32, 3) gives (26, 26, 32)", (26, 26, 32), id="a-calls-arguments-are-no-shape"),
    ],
)
def test_the_answering_shape_is_picked(answer: str, dims: tuple[int | None, ...]) -> None:
    picked = pick(answer, 3 if len(dims) > 1 else 1)
    assert picked.shape is not None, picked.reason
    assert picked.shape.dims == dims


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param("(26, 26, 32) or (28, 28, 32)", id="two-differing"),
        pytest.param("either 26 or 28", id="two-numbers"),
    ],
)
def test_several_differing_shapes_are_not_guessed(answer: str) -> None:
    picked = pick(answer, 3)
    assert picked.shape is None
    assert len(picked.candidates) == 2


def test_no_shape_in_words() -> None:
    assert pick("it gets smaller", 3).shape is None
    assert read_shapes("it gets smaller") == []


@pytest.mark.parametrize(
    ("dims", "rank", "kept"),
    [
        pytest.param((None, 26, 26, 32), 3, (26, 26, 32), id="batch-dropped"),
        pytest.param((26, 26, 32), 3, (26, 26, 32), id="no-batch"),
        pytest.param((None, 32), 2, (None, 32), id="sequence-kept"),
    ],
)
def test_the_batch_axis_is_dropped_only_when_one_too_many(
    dims: tuple[int | None, ...], rank: int, kept: tuple[int | None, ...]
) -> None:
    assert without_batch(dims, rank) == kept


def test_shapes_show_as_keras_prints_them() -> None:
    assert (show((26, 26, 32)), show((10,)), show((None, 32))) == ("(26, 26, 32)", "(10,)", "(None, 32)")


@pytest.mark.parametrize(
    ("answer", "dims"),
    [
        pytest.param("torch.Size([1, 64, 30, 30])", (64, 30, 30), id="a-batch-of-one-image"),
        pytest.param("(32, 30, 30)  i.e. torch.Size([1, 32, 30, 30]) for one image", (32, 30, 30), id="said-twice"),
        pytest.param("15x15x64 (or 14x14x64 if conv2 was 28)", (15, 15, 64), id="another-under-an-assumption"),
    ],
)
def test_a_batch_of_one_is_a_batch_axis(answer: str, dims: tuple[int, ...]) -> None:
    picked = pick(answer, 3)

    assert picked.shape is not None
    assert without_batch(picked.shape.dims, 3) == dims


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param("26x26x32", ["(26, 26, 32)"], id="crosses"),
        pytest.param("26 × 26 × 32", ["(26, 26, 32)"], id="unicode-crosses"),
        pytest.param("(None, 26, 26, 32)", ["(None, 26, 26, 32)"], id="keras-batch-axis"),
        pytest.param("26 by 26 with 32 channels", ["(26, 26, 32)"], id="channels-in-words"),
        pytest.param("26x26 (with 32 filters)", ["(26, 26, 32)"], id="channels-in-words-in-brackets"),
        pytest.param("26 × 26 × 32 (32 feature maps)", ["(26, 26, 32)"], id="channels-restated-in-words"),
        pytest.param("32 x 26 x 26 (32 channels)", ["(32, 26, 26)"], id="channels-first-restated-in-words"),
        pytest.param("a feature map of 26 × 26 with depth 32", ["(26, 26, 32)"], id="depth-in-words"),
        pytest.param("26,26,32", ["(26, 26, 32)"], id="bare-commas"),
        pytest.param("1,568 params", [], id="a-thousands-comma-is-no-shape"),
        pytest.param("[13, 13, 32] then (11, 11, 64)", ["(13, 13, 32)", "(11, 11, 64)"], id="in-order"),
        pytest.param("13 x 13 x 32. The width halves", ["(13, 13, 32)"], id="a-full-stop-ends-it"),
        pytest.param("2.5x3", [], id="a-decimal-is-no-side"),
        pytest.param("26x26x32. If padding were 'same' it would be 28x28x32.", ["(26, 26, 32)"], id="hypothetical"),
        pytest.param("It would be 28x28x32 with 'same' padding", ["(28, 28, 32)"], id="only-a-hypothetical"),
        pytest.param(
            "26 × 26 × 32, padding 'valid' (with 'same' it would stay 28 × 28 × 32).",
            ["(26, 26, 32)"],
            id="a-hypothetical-aside-in-brackets",
        ),
        pytest.param("It's (26, 26, 32). In PyTorch that'd be (32, 26, 26).", ["(26, 26, 32)"], id="that-would"),
        pytest.param(
            "H_out = 26 -> (26, 26, 32) [torch would give torch.Size([1, 32, 26, 26]) with batch]",
            ["(26, 26, 32)"],
            id="a-hypothetical-aside-in-square-brackets-with-brackets-inside",
        ),
        pytest.param("(26, 26, 32)\n- Input: 28×28×1", ["(26, 26, 32)"], id="the-input-shape-is-the-questions"),
        pytest.param("26x26, the 3x3 kernel trims a pixel per side", ["(26, 26)"], id="a-kernel-window-is-no-answer"),
        pytest.param("a 2×2 max-pool window halves it: 13x13x32", ["(13, 13, 32)"], id="a-pool-window-is-no-answer"),
    ],
)
def test_stated_shapes(answer: str, found: list[str]) -> None:
    assert stated_shapes(answer) == found
