"""A normal form of resolved trees: the key of the verdict cache, and the cheapest equivalence layer.

Sums and elementwise products are flattened and their operands sorted (they commute), `a - b` is
`a + (-b)`, a double minus cancels. Matrix products (`@`) keep their order. Two answers that differ only
in the order of commuting terms get the same normal form, so a class that writes one expression many
ways pays for each distinct form once. The normal form means the same as the tree; it is never shown.
"""

from __future__ import annotations

from functools import lru_cache

from grader.math.nodes import BigOp, BinOp, Call, Component, Diff, Func, Neg, Node, Transpose, Vec

COMMUTATIVE = ("+", "*")


@lru_cache(maxsize=8192)
def normal(node: Node) -> Node:
    """The normal form of a resolved tree."""
    match node:
        case Neg(Neg(arg)):
            return normal(arg)
        case Neg(arg):
            return Neg(normal(arg))
        case BinOp("-", left, right):
            return normal(BinOp("+", left, Neg(right)))
        case BinOp(op, _, _) if op in COMMUTATIVE:
            operands = sorted((normal(operand) for operand in _operands(op, node)), key=repr)
            result = operands[0]
            for operand in operands[1:]:
                result = BinOp(op, result, operand)
            return result
        case BinOp(op, left, right):
            return BinOp(op, normal(left), normal(right))
        case Func(name, args, prime):
            return Func(name, tuple(normal(arg) for arg in args), prime)
        case Call(name, args):
            return Call(name, tuple(normal(arg) for arg in args))
        case Vec(items):
            return Vec(tuple(normal(item) for item in items))
        case Transpose(arg):
            return Transpose(normal(arg))
        case Component(arg, index):
            return Component(normal(arg), index)
        case Diff(arg, var):
            return Diff(normal(arg), var)
        case BigOp(op, index, lower, upper, body):
            return BigOp(op, index, normal(lower), normal(upper), normal(body))
    return node


def _operands(op: str, node: Node) -> list[Node]:
    """The operands of a run of one commutative operator, `a - b` inside a sum as `a + (-b)`."""
    found: list[Node] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, BinOp) and item.op == op:
            stack += [item.right, item.left]
        elif op == "+" and isinstance(item, BinOp) and item.op == "-":
            stack += [Neg(item.right), item.left]
        else:
            found.append(item)
    return found
