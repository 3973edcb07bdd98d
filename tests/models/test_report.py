"""The report contract: how a score becomes a verdict."""

from __future__ import annotations

import pytest

from grader.models.report import Status


@pytest.mark.parametrize(
    ("fraction", "status"),
    [
        pytest.param(1.0, Status.CORRECT, id="all"),
        pytest.param(1.2, Status.CORRECT, id="over"),
        pytest.param(0.5, Status.PARTIAL, id="some"),
        pytest.param(0.01, Status.PARTIAL, id="a-little"),
        pytest.param(0.0, Status.INCORRECT, id="none"),
    ],
)
def test_a_score_fraction_stands_for_one_status(fraction: float, status: Status) -> None:
    assert Status.of(fraction) is status
