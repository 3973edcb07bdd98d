"""Known mistakes carried to another convention of the expected answer.

A rubric lists a known mistake once, in the convention of its expected answer; an alternative may be the
same answer in another convention of a gate: GRU's `h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t` and Cho et al.'s
`h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t` differ by `z_t ↦ 1 − z_t`. The mistake made in that convention is
the same mistake (`z_t ⊙ h_{t−1} + h̃_t` is `(1 − z_t) ⊙ h_{t−1} + h̃_t` with the gate turned round), and
earns what the rubric says of it. Only the substitutions that turn the expected answer into one of its
alternatives exactly (by the equivalence check) are carried; none are guessed.
"""

from __future__ import annotations

from functools import lru_cache

from grader.checks.mathdiagnosis import judged_equal, substituted_chain, walk
from grader.math.nodes import BinOp, Chain, Name, Node, Num, Var


def complemented(chain: Chain) -> list[Var]:
    """The symbols the chain takes one minus (`z_t` in `(1 − z_t) ⊙ h_{t−1}`), in the order met."""
    found: dict[Name, Var] = {}
    for node in walk(chain):
        if isinstance(node, BinOp) and node.op == "-" and node.left == Num("1") and isinstance(node.right, Var):
            found.setdefault(node.right.name, node.right)
    return list(found.values())


@lru_cache(maxsize=256)
def turned_gates(targets: tuple[Chain, ...], equation: bool, budget: float) -> tuple[tuple[Name, Node], ...]:
    """Each gate `g` for which the expected answer (the first target) with `g ↦ 1 − g` equals one of the
    alternatives (the other targets): the conventions a known mistake carries to. Cached per part."""
    expected, *alternatives = targets
    turned = []
    for gate in complemented(expected):
        flipped: Node = BinOp("-", Num("1"), gate)
        moved = substituted_chain(expected, {gate.name: flipped})
        if any(judged_equal(alternative, moved, equation, budget) for alternative in alternatives):
            turned.append((gate.name, flipped))
    return tuple(turned)


def in_turned_conventions(mistake: Chain, targets: tuple[Chain, ...], equation: bool, budget: float) -> list[Chain]:
    """The known mistake in each other convention of a gate the rubric's alternatives accept."""
    return [substituted_chain(mistake, {name: node}) for name, node in turned_gates(targets, equation, budget)]
