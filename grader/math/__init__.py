"""The safe math front end and equivalence engine.

`lexer` → `parser` (syntax tree, no evaluation) → `resolve` (canonical symbols and kinds, against a
notation) → `printer` (canonical text), `arith` (exact numbers), `numeric` (random-point evaluation; sums
and products written out by `series`, subscripts as index arithmetic by `indices`), `modular` (huge
polynomial identities modulo primes), `sym` (SymPy, imported only for proofs) → `equivalence` (three-way
verdicts). Submodules are imported where needed so that reading a rubric does not load NumPy or SymPy.
"""
