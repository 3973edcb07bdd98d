"""Notations of textbooks a rubric need not declare.

Andrew Ng's course writes a GRU with Γ_u (the update gate), Γ_r (the relevance gate: the reset gate), c^{<t>} for
the hidden state (a^{<t>} = c^{<t>}), c̃^{<t>} for the candidate and W_u, b_u, W_c, b_c for their weights. A
question written with z, r, h and h̃ (Cho et al., d2l.ai, the PyTorch docs) asks about the same cell. Where a
rubric's expected answers write those letters and none of Ng's, and its notation does not say otherwise, Ng's are
read as the question's (`Γ_u` as z, `c` as h, `W_c` as W_h) in an answer written in his notation (his gates, his
time steps `c<t-1>`), and the feedback says so. The corpus keyers gave the
tuned answers so written full marks (28 of 28); read one for one by a search, they went to a grader.

Goodfellow et al. (Deep Learning, 10.10.2) write a GRU's update gate u (`u_i^{(t)}`, with U^u, W^u, b^u); read so
only in an answer that writes u as a gate at a time step (`u_t`, `u^{(t)}`), and only u and his weights for it:
his r and h are the question's. His state update takes the gate indexed t-1 (`h^{(t)} = u^{(t-1)} h^{(t-1)} + …`,
eq. 10.45), the gate computed from x^{(t)} and h^{(t-1)}: in an answer that writes it so, u^{(t-1)} alone is read
as z_t (an answer that also writes u at t is left as written). The keyers gave the tuned
answers so read full marks (14 of 15; one three quarters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from grader.math.nodes import Name

# Ng's names for a GRU, by the question's name they stand for
NG_GRU: dict[str, tuple[str, ...]] = {"z": (r"\Gamma_u",), "r": (r"\Gamma_r",), "h": ("c", "a")}
_NG_LABELS = {"z": "u", "h": "c"}  # a weight's label: Ng's W_u, b_u are W_z, b_z; his W_c, b_c are W_h, b_h
_WEIGHTS = {"W", "U", "V", "b"}
_GATES = {"z", "r"}  # a GRU's gates as the question writes them; h is its hidden state
_NG = {"c", "a", "u", "Gamma", "Γ"}  # letters Ng writes: a question that writes them means something else by them
NOTE = "Read in Andrew Ng's notation: Γ_u as the update gate z, Γ_r as the reset gate r, c and a as h, c̃ as h̃."
GOODFELLOW_NOTE = "Read in Goodfellow et al.'s notation: u as the update gate z."
GOODFELLOW_LAGGED_NOTE = (
    "Read in Goodfellow et al.'s notation, where the state at t takes the gate indexed t-1: u^{(t-1)} as the update "
    "gate z_t."
)
_GOODFELLOW_GATE = "u"  # his update gate, read as z


def implied_aliases(known: Iterable[Name], declared: Mapping[Name, Name]) -> dict[Name, Name]:
    """Ng's GRU names as aliases of the question's (`known`: the names a part's expected answers write), when
    they write h and a GRU's gate z or r, and none of Ng's letters: his gates and states, and the weights the
    expected answers write under his labels (`W_c`, `U_c` for W_h, U_h); only names the rubric's own aliases
    (`declared`) leave free."""
    from grader.math.parser import parse_name

    known = set(known)
    bases = {name.base for name in known}
    if "h" not in bases or not bases & _GATES or bases & _NG:
        return {}
    pairs = [(parse_name(other), parse_name(target)) for target, others in NG_GRU.items() for other in others]
    pairs.append((parse_name(_GOODFELLOW_GATE), parse_name("z")))
    pairs += [  # the weights the expected answers write, under Ng's labels
        (replace(name, sub=_NG_LABELS[name.sub]), name)
        for name in known
        if name.base in _WEIGHTS and name.sub in _NG_LABELS and not name.decor and not name.prefix
    ]
    return {other: target for other, target in pairs if other not in declared}


# what only an answer in Ng's notation writes: his gates, `Γ_u`, `gamma_r`, and his time steps, `c<t-1>`, `a^{<t>}`
_HALLMARK = re.compile(r"Γ|\\Gamma|\bgamma_?[ur]\b|<[ \t]*t[ \t]*(?:[-−][ \t]*1[ \t]*)?>|⟨t", re.IGNORECASE)


# Goodfellow's update gate at a time step: `u_t`, `u_{t-1}`, `u^{(t)}`, `u_i^(t)`, `u(t)` (not `U_u`, not `mu_t`)
_GOODFELLOW_HALLMARK = re.compile(r"(?<![\w\\])u(?:_\{?[ti]\b|\^\{?\(t\b|\^\{?t\b|\(t\b)")


# his state update gates h^{(t)} with u^{(t-1)}, computed from x^{(t)} and h^{(t-1)}: the question's z_t
_GOODFELLOW_LAGGED = re.compile(r"(?<![\w\\])u(?:_\{?i?\}?)?(?:_\{|\^\{?\(|\()[ \t]*t[ \t]*[-−]")


def in_ng_notation(answer: str) -> bool:
    """Whether an answer is written in Ng's notation: only then are his letters read as the question's (a `c`
    alone may be an LSTM's cell state, written by mistake in a GRU's answer)."""
    return _HALLMARK.search(answer) is not None


def textbook_aliases(answer: str, implied: Mapping[Name, Name]) -> dict[Name, Name]:
    """Of the aliases a question implies (`implied_aliases`), those of the textbook the answer is written in:
    Ng's (his gates and time steps tell it), or Goodfellow's u and the weights labelled with it; none else."""
    if in_ng_notation(answer):
        return {other: target for other, target in implied.items() if other != Name(_GOODFELLOW_GATE)}
    gate = Name(_GOODFELLOW_GATE)
    lagged = {match.start() for match in _GOODFELLOW_LAGGED.finditer(answer)}
    at_t = {match.start() for match in _GOODFELLOW_HALLMARK.finditer(answer)} - lagged
    if gate in implied and lagged:  # `h^{(t)} = u^{(t-1)} h^{(t-1)} + …`: his z_t; with a u at t too, as written
        return {} if at_t else {replace(gate, sub="t-1"): replace(implied[gate], sub="t")}
    if at_t:
        return {
            other: target
            for other, target in implied.items()
            if other == Name(_GOODFELLOW_GATE) or (other.base in _WEIGHTS and other.sub == _GOODFELLOW_GATE)
        }
    return {}


# his gradient at a softmax output layer: `dZ = A - Y`, `dz = a - y` (A the activations, the probabilities)
_NG_LAYER = r"(?:\^?\[?L\]?)?"  # `A^[L]`, `AL`: the output layer's
_NG_OUTPUT = re.compile(
    rf"(?<![\w\\])d[zZ]{_NG_LAYER}[ \t]*=[ \t]*(?:[aA]{_NG_LAYER}[ \t]*[-−][ \t]*[yY]|[yY][ \t]*[-−][ \t]*[aA])\b"
)  # or turned round, `dZ = Y - A`: his letters all the same, the sign a mistake of its own
NG_OUTPUT_NOTE = "Read in Andrew Ng's notation: A (the softmax output) as p, Y as y."


def ng_output_letters(answer: str, known: Iterable[Name]) -> dict[Name, Name]:
    """Ng's letters for a softmax output layer (`dZ = A - Y`: A the activations, Y the labels) as the question's p
    and y, where the question writes p and y and no a: only in an answer that writes his gradient so. Read as
    written, such answers went to a grader; so read, 9 tuned answers agree with the keyers (1 stays in review)."""
    bases = {name.base for name in known}
    if not _NG_OUTPUT.search(answer) or not {"p", "y"} <= bases or bases & {"a", "A", "Y"}:
        return {}
    return {Name("A"): Name("p"), Name("a"): Name("p"), Name("Y"): Name("y")}


def ng_note(written: Iterable[Name], implied: Mapping[Name, Name]) -> str | None:
    """The feedback line saying the answer was read in a textbook's notation (`implied`: the aliases
    `textbook_aliases` chose), when a name it writes is one of that textbook's."""
    written = set(written)
    if Name(_GOODFELLOW_GATE, sub="t-1") in implied:  # `u_i^{(t-1)}` for one unit, too
        return GOODFELLOW_LAGGED_NOTE if any(name.base == _GOODFELLOW_GATE for name in written) else None
    letters = {Name(name.base) for name in written}  # `c_{t-1}`, `c̃_t`: Ng's c
    if not any(other in written or (other.sub is None and other in letters) for other in implied):
        return None
    return GOODFELLOW_NOTE if Name(_GOODFELLOW_GATE) in implied else NOTE
