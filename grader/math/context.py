"""The declarations math is read with (`Context`): which symbols are matrices or scalars, which names are
functions, aliases (`W_f` for `W_{f}`), the symbols the expected answers use and which of them carry a running
index (`h_t`, `x_{i+1}`); and how a written name maps to its canonical one. Built from a rubric's notation and
its expected answers; `resolve` reads a parsed tree against it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from grader.errors import NotationError
from grader.math.nodes import Name, ValueKind, derivative_name, index_variable


@dataclass(frozen=True)
class Context:
    """The declarations math is read with: matrices, scalars, functions, aliases, and known symbols."""

    matrices: frozenset[Name] = frozenset()
    scalars: frozenset[Name] = frozenset()
    functions: frozenset[str] = frozenset()
    aliases: Mapping[Name, Name] = field(default_factory=lambda: MappingProxyType({}))
    known: frozenset[Name] = frozenset()
    allow_words: bool = True  # rubric text may use any name; student text only names it knows
    # (stem, variable): the expected answers write the symbol with that running index, as h_t and h_{t-1}
    indexed: frozenset[tuple[Name, str]] = frozenset()
    indices: frozenset[str] = frozenset()  # free indices: `p_i` is read as `p`
    written: frozenset[Name] = frozenset()  # the symbols the expected answers write, as written (no stems added)
    # aliases no declaration made, from a textbook's notation the expected answers imply (`textbooks`)
    implied: Mapping[Name, Name] = field(default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        return hash(
            (
                self.matrices,
                self.scalars,
                self.functions,
                tuple(self.aliases.items()),
                self.known,
                self.allow_words,
                self.indexed,
                self.indices,
                self.written,
                tuple(self.implied.items()),
            )
        )

    @classmethod
    def declare(
        cls,
        *,
        matrices: Iterable[str] = (),
        scalars: Iterable[str] = (),
        functions: Iterable[str] = (),
        aliases: Mapping[str, Iterable[str]] | None = None,
        indices: Iterable[str] = (),
    ) -> Context:
        """A context from declarations as a rubric writes them. Raises NotationError naming a bad entry."""
        from grader.math.parser import parse_name

        def name(text: str, where: str) -> Name:
            try:
                return parse_name(text)
            except NotationError as error:
                raise NotationError(f"{where} {text!r} is not a symbol: {error.reason}") from None

        table: dict[Name, Name] = {}
        for target_text, others in (aliases or {}).items():
            target = name(target_text, "alias")
            for other_text in others:
                other = name(other_text, "alias")
                if other in table and table[other] != target:
                    raise NotationError(
                        f"{other_text!r} is declared an alias of both {table[other].text()} and {target.text()}"
                    )
                table[other] = target
        base = cls(aliases=MappingProxyType(table))
        return cls(
            matrices=frozenset(base.canonical(name(text, "matrix")) for text in matrices),
            scalars=frozenset(base.canonical(name(text, "scalar")) for text in scalars),
            functions=frozenset(functions),
            aliases=MappingProxyType(table),
            indices=frozenset(indices),
        )

    def implied_read(self, textbook: Mapping[Name, Name]) -> Context:
        """The context with the aliases of the textbook an answer is written in applied (`textbook`: those
        of `implied` its notation calls for), and only those left implied."""
        return replace(
            self, aliases=MappingProxyType({**self.aliases, **textbook}), implied=MappingProxyType(dict(textbook))
        )

    def with_aliases(self, more: Mapping[Name, Name]) -> Context:
        """The context with `more` aliases (an answer's own letters for the question's: `o` for z)."""
        return replace(self, aliases=MappingProxyType({**self.aliases, **more}))

    def with_known(self, names: Iterable[Name]) -> Context:
        """The context for students' answers: it knows `names` (those of the expected answers) and their stems,
        and reads a run of letters only as one of them or as a product of known letters."""
        names = frozenset(names)
        known = self.known | names | {name.stem for name in names}
        indexed = self.indexed | _indexed(names)
        return replace(self, known=known, allow_words=False, indexed=indexed, written=self.written | names)

    def indexes(self, name: Name, index: str) -> bool | None:
        """Whether `name` (without subscript) with the running index `index` is a symbol of the question: True
        for `h` and `t-1` when the expected answers have h_t or h_{t-1} (so `h(t-1)` and `h^(t-1)` mean
        h_{t-1}); False when they write the index's letter as a symbol of its own (`a^t`); None when they do
        not say. True too for a letter above a matrix that the question writes below it (`W^(z)` for W_z, as in
        CS224n's `W^{(z)}`): a label, since a matrix has no power of a letter."""
        labelled = self.canonical(replace(name, sub=index))
        if name.sub is None and index.isalpha() and labelled in self.written and labelled.stem in self.matrices:
            return True
        variable = index_variable(index)
        if variable is None or name.sub is not None:
            return False
        if (self.canonical(name).stem, variable) in self.indexed:
            return True
        return False if Name(variable) in self.known else None

    def canonical(self, name: Name) -> Name:
        """`name` with aliases applied: a full name first, then its stem, then its core; a decorated letter whose
        plain letter is another spelling of a plain letter is that letter decorated (`H: h` makes H̃_t h̃_t).
        A free index is dropped, except from a matrix (`p_i` is p, `W_i` stays)."""
        name = self._respelled(name)
        if name.sub is not None and name.sub in self.indices and self.kind(name) is not ValueKind.MATRIX:
            return name.stem
        return name

    def _respelled(self, name: Name) -> Name:
        aliased = self._aliased(name)
        if aliased is not None:
            return aliased
        if name.base == "gamma":  # `gamma_u` typed in ASCII for Ng's Γ_u, where only Γ_u spells a symbol
            aliased = self._aliased(replace(name, base="Gamma"))
            if aliased is not None:
                return aliased
        target = self.aliases.get(Name(name.base)) if name.decor else None
        if target is not None and target == Name(target.base):
            respelled = replace(name, base=target.base)
            return self._aliased(respelled) or respelled
        return name

    def _aliased(self, name: Name) -> Name | None:
        if name in self.aliases:
            return self.aliases[name]
        if name.stem in self.aliases:
            return replace(self.aliases[name.stem], sub=name.sub)
        if name.core in self.aliases:
            return replace(self.aliases[name.core], sub=name.sub, prefix=name.prefix)
        label, comma, time = (name.sub or "").partition(",")
        labelled = self.aliases.get(replace(name, sub=label.strip())) if comma and time.strip() else None
        if labelled is not None and labelled.sub is None:  # `Γ_{f,t-1}`, Ng's gate at a time, for an alias of Γ_f
            return replace(labelled, sub=time.strip())
        return None

    def canonical_derivative(self, num: Name, den: Name) -> Name:
        """The symbol ∂num/∂den stands for: an alias of the derivative itself, or of the derivative by the
        stem of `den` (`∂E/∂c` declared an alias of `δc` makes ∂E/∂c_{t-2} read as δc_{t-2})."""
        full = derivative_name(num, den)
        if full in self.aliases or den.sub is None:
            return self.canonical(full)
        by_stem = self.aliases.get(derivative_name(num, den.stem))
        if by_stem is None or by_stem.sub is not None:
            return full
        return replace(by_stem, sub=den.sub)

    def kind(self, name: Name) -> ValueKind:
        """The kind of a canonical symbol."""
        if name.prefix is None and (name in self.matrices or name.stem in self.matrices):
            return ValueKind.MATRIX
        if name in self.scalars or name.stem in self.scalars:
            return ValueKind.SCALAR
        return ValueKind.VECTOR

    def is_declared(self, name: Name) -> bool:
        """Whether `name` is declared or known as a symbol."""
        return self.kind(name) is not ValueKind.VECTOR or name in self.known or name.stem in self.known


def _indexed(names: frozenset[Name]) -> frozenset[tuple[Name, str]]:
    """The symbols written with a running index, and its variable: `t` (time, by convention) and any letter written
    with an offset (`i` of x_{i+1}), unless the letter is a symbol of its own (`x_t = x_0 + v t`)."""
    variables = {"t"} | {
        variable for name in names if name.sub and (variable := index_variable(name.sub)) and name.sub != variable
    }
    variables -= {name.base for name in names if name == Name(name.base)}
    return frozenset(
        (name.stem, variable)
        for name in names
        if name.sub and (variable := index_variable(name.sub)) is not None and variable in variables
    )
