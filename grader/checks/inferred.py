"""Errors carried forward that a rubric does not declare, inferred from the model its `params` parts count.

A `params` part without `follows:` whose answer is read with confidence and is wrong gets the rubric's
`carried_errors` share of its points (half unless the rubric says otherwise; 0 turns this off) when it is
right for the student's own answers to earlier parts on the same model:

- a count of several layers (a total) that is the sum of the student's own counts in the earlier parts that
  count some of those layers, with the right count for layers no part asks about (and for a part left blank);
- a layer's count that is right for what the student gave in an earlier part: a `number` part whose right
  value is the size of the layer's one-axis input (a Flatten's features), or a `shape` part on the same model
  (the layers after it counted again from the student's shape, grader/checks/carried.py).

A part that asks for a layer's shape or size as an `expression` or `number` (`(13, 13, 32)` after the
pooling, `11 * 11 * 64` features; grader/checks/implied.py) gets the same share when its answer is what follows
from the student's own shape for an earlier layer asked so too (`(14, 14, 32)` after `(28, 28, 32)`).

An earlier answer that is right, read with doubt, or unreadable carries nothing. Instructors' own scores give
this credit (a Dense count right for the student's wrong Flatten size, a total right for the student's wrong
layer counts: half the points, or about it); a rubric that declares `follows:` on a part sets it there instead.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TypeGuard

from grader.checks.base import Carries, Followed, format_number
from grader.checks.carried import carried_count, carried_outcome, carried_shape, credited
from grader.checks.counting import counted, layer_index
from grader.checks.implied import implied_shape
from grader.checks.number import asks_difference, expected_value, followed_value
from grader.checks.shape import expected_shape
from grader.checks.shapereading import pick, show, without_batch
from grader.errors import GraderError
from grader.math.arith import Number
from grader.models.checks import NumberCheck, ParamsCheck, ShapeCheck
from grader.models.outcome import Outcome
from grader.models.report import Status
from grader.models.rubric import Part


def carried_inferred(part: Part, answer: str, outcome: Outcome, carries: Carries) -> Outcome:
    """`outcome`, or `carries.share` of the points when the answer is right for the student's own answers to
    the earlier parts in `carries`, as the module says; never less than `outcome`."""
    check, share = part.check, carries.share
    wrong = outcome.status in (Status.INCORRECT, Status.PARTIAL) and outcome.fraction < share
    if not wrong or part.follows is not None:
        return outcome
    if not isinstance(check, ParamsCheck):
        return _carried_shape(part, answer, outcome, carries)
    try:
        value = followed_value(check, answer, difference=asks_difference(part.prompt))
        if not _whole(value):
            return outcome
        summed = _summed(check, int(value), carries)
        if summed is not None:
            line = f"Right for your own counts in {summed}: the count {format_number(value)} follows from them"
            return carried_outcome(outcome, share, line)
        for identifier, before, own in carries.earlier:
            if not isinstance(before.check, NumberCheck | ShapeCheck):
                continue
            followed = Followed(id=identifier, check=before.check, answer=own, credit=share)
            shown = _from_input(check, int(value), followed)
            if shown is not None:
                return credited(outcome, followed, shown, f"the count {format_number(value)}")
    except (GraderError, ArithmeticError, ValueError):  # a model that cannot be counted from the student's size
        return outcome
    return outcome


def _carried_shape(part: Part, answer: str, outcome: Outcome, carries: Carries) -> Outcome:
    """`outcome`, or `carries.share` of the points when the part asks for a layer's shape or size without naming
    it (grader/checks/implied.py) and the answer is that shape or size as it follows from the student's own
    shape for an earlier layer, asked so too."""
    asked = implied_shape(part.check, carries.models)
    if asked is None:
        return outcome
    right = expected_shape(asked)
    picked = pick(answer, len(right)).shape
    if picked is None:
        return outcome
    dims = without_batch(picked.dims, len(right))
    for identifier, before, own in carries.earlier:
        earlier = implied_shape(before.check, carries.models)
        if earlier is None or earlier.model != asked.model:
            continue
        if layer_index(earlier.model, earlier.layer) >= layer_index(asked.model, asked.layer):
            continue
        followed = Followed(id=identifier, check=earlier, answer=own, credit=carries.share)
        shown = carried_shape(asked, dims, followed)
        if shown is not None:
            what = f"the shape {show(dims)}" if len(right) > 1 else f"the size {format_number(dims[0] or 0)}"
            return credited(outcome, followed, show(shown), what)
    return outcome


def _summed(check: ParamsCheck, value: int, carries: Carries) -> str | None:
    """The earlier counts, as `q1.conv1-params: 288, …`, when `value` is the sum of the student's own earlier
    counts of some of this part's layers and the right counts of the others, and one of the student's is wrong.
    A part left blank counts as right."""
    _, _, count, selected = counted(check.model, check.layers)
    rest, total, shown, wrong = set(selected), 0, [], False
    for identifier, before, own in carries.earlier:
        other = before.check
        if not isinstance(other, ParamsCheck) or other.model != check.model:
            continue
        indexes = set(counted(other.model, other.layers)[3])
        if not indexes or not indexes <= rest:
            continue
        rest -= indexes
        read = followed_value(other, own)
        if not _whole(read):
            return None
        total += int(read)
        shown.append(f"{identifier}: {format_number(read)}")
        wrong = wrong or read != count.select(sorted(indexes))
    total += count.select(sorted(rest))
    return ", ".join(shown) if wrong and total == value else None


def _from_input(check: ParamsCheck, value: int, followed: Followed) -> str | None:
    """The student's earlier input size or shape, as shown, when `value` is this part's count for it."""
    before = followed.check
    if isinstance(before, ShapeCheck):
        if before.model != check.model:
            return None
        dims = carried_count(check, value, followed)
        return None if dims is None else "(" + ", ".join(str(size) for size in dims) + ")"
    if not isinstance(before, NumberCheck):
        return None
    layers, _, count, selected = counted(check.model, check.layers)
    first = min(selected)
    size = count.layers[first].input
    if len(size) != 1 or size[0] is None or Fraction(size[0]) != expected_value(before):
        return None
    own = followed_value(before, followed.answer)
    if not _whole(own) or own <= 0 or own == size[0]:
        return None
    from grader.params.model import count_layers

    later = count_layers(count.framework, layers[first:], (int(own),), {})
    recounted = {layer.index: layer.params for layer in later.layers}
    return format_number(own) if sum(recounted[count.layers[i].index] for i in selected) == value else None


def _whole(value: Number | None) -> TypeGuard[Number]:
    """Whether a value read is a whole number (a count)."""
    return value is not None and value == int(value)
