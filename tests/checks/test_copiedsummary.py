"""A copied `model.summary()` in an answer counting some of a model's layers: the statement after it, or its rows."""

from __future__ import annotations

import pytest

from grader.checks.copiedsummary import copied_summary
from grader.params.model import LayerCount

LAYERS = (
    LayerCount(0, "Embedding", "embedding", 16000, "1000 × 16", (None, 200), (None, 200, 16)),
    LayerCount(1, "Flatten", "flatten", 0, "", (None, 200, 16), (None, 3200)),
    LayerCount(2, "Dense", "dense", 3201, "3200 × 1 + 1", (None, 3200), (None, 1)),
)
TABLE = """embedding (Embedding)   (None, 200, 16)   16000
flatten (Flatten)   (None, 3200)   0
dense (Dense)   (None, 1)   3201
===========
Total params: 19,201
Trainable params: 19,201
"""


@pytest.mark.parametrize(
    ("answer", "selected", "after", "rows"),
    [
        pytest.param(TABLE, [0], "", (("embedding", 16000),), id="rows-of-the-part"),
        pytest.param(TABLE + "\n```\nso: 16000", [0], "so: 16000", (("embedding", 16000),), id="statement-after"),
        pytest.param(TABLE.replace("embedding (Embedding)", "emb (Embedding)"), [0], "", (), id="layer-not-listed"),
    ],
)
def test_what_stands_for_the_answer(answer: str, selected: list[int], after: str, rows: tuple[object, ...]) -> None:
    copied = copied_summary(answer, LAYERS, selected)

    assert copied is not None
    assert (copied.after, copied.rows) == (after, rows)


@pytest.mark.parametrize(
    ("answer", "selected"),
    [
        pytest.param(TABLE, [0, 1, 2], id="the-whole-model-asked"),
        pytest.param(TABLE, [0, 2], id="every-layer-with-parameters-asked"),
        pytest.param(TABLE.replace("Total params: 19,201\n", ""), [0], id="no-total-line"),
        pytest.param("16000 + 3201 = 19201, Total params: 19,201", [0], id="no-table"),
    ],
)
def test_no_stand_in_when_the_total_may_be_the_answer(answer: str, selected: list[int]) -> None:
    assert copied_summary(answer, LAYERS, selected) is None
