"""The equivalence corpus through grader and, in the same run, through the naive SymPy baseline.

- grader: `compare_all` as `grader compare --cases` runs it: every case bounded in one reused worker;
- naive: `sympy.simplify(parse_expr(a) - parse_expr(b)) == 0` (for an equation, of lhs - rhs of each
  side), on the cases written in plain ASCII (the only ones `parse_expr` can read), in a worker killed
  at the same time limit; a parse error or a timeout is `undetermined`.

Accuracy is the share of cases whose verdict is the corpus's; a false equivalent is a case marked
`not_equivalent` in the corpus that gets `equivalent`.

Usage: python bench/math_corpus.py [--cases FILE] [--time S]. The last line is one JSON object: `cases`,
`accuracy`, `false_equivalent`, `undetermined` and `seconds` of grader on the whole corpus; `ascii_*` of
grader on the cases the baseline can read; `naive_*` of the baseline on them; `speedup` on those cases.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.authoring.compare import Case, Verdict, compare_all, read_cases  # noqa: E402
from grader.errors import CheckAbortedError  # noqa: E402
from grader.models.rubric import Limits  # noqa: E402
from grader.sandbox import Sandbox  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "math_cases.jsonl"


def naive_verdict(case: Case) -> str:
    """The naive baseline's verdict, computed in the worker."""
    import sympy
    from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

    transformations = (*standard_transformations, convert_xor)

    def read(text: str) -> sympy.Expr:
        if case.kind == "equation":
            left, _, right = text.partition("=")
            return parse_expr(left, transformations=transformations) - parse_expr(
                right, transformations=transformations
            )
        return parse_expr(text, transformations=transformations)

    try:
        same = sympy.simplify(read(case.expected) - read(case.answer)) == 0
    except Exception:  # the baseline fails in every way SymPy can
        return Verdict.UNDETERMINED.value
    return Verdict.EQUIVALENT.value if same else Verdict.NOT_EQUIVALENT.value


def is_ascii_case(case: Case) -> bool:
    """Plain ASCII math without LaTeX: what `parse_expr` is meant for."""
    return all(text.isascii() and "\\" not in text for text in (case.expected, case.answer))


def run_naive(cases: Iterable[Case], limit: float) -> tuple[list[str], list[float]]:
    verdicts, times = [], []
    with Sandbox(memory_mb=1024) as box:
        for case in cases:
            start = time.perf_counter()
            try:
                verdicts.append(box.run(naive_verdict, case, timeout=limit))
            except CheckAbortedError:
                verdicts.append(Verdict.UNDETERMINED.value)
            times.append(time.perf_counter() - start)
    return verdicts, times


def run_grader(cases: list[Case], limit: float) -> tuple[list[str], list[float], float, float]:
    """Verdicts, seconds per case and in total from a fresh worker, and the total of a second pass
    through the same worker (every verdict then comes from the cache)."""
    start = time.perf_counter()
    results = list(compare_all([*cases, *cases], Limits(time=limit)))
    first, second = results[: len(cases)], results[len(cases) :]
    total = time.perf_counter() - start
    second_total = sum(r.ms for r in second) / 1000
    return [r.verdict.value for r in first], [r.ms / 1000 for r in first], total - second_total, second_total


def score(cases: list[Case], verdicts: list[str]) -> dict[str, float]:
    def count(test: Callable[[Case, str], bool]) -> int:
        return sum(test(case, verdict) for case, verdict in zip(cases, verdicts, strict=True))

    return {
        "cases": len(cases),
        "accuracy": round(count(lambda c, v: c.verdict is not None and v == c.verdict.value) / len(cases), 4),
        "false_equivalent": count(lambda c, v: c.verdict is Verdict.NOT_EQUIVALENT and v == "equivalent"),
        "undetermined": count(lambda _, v: v == "undetermined"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CORPUS, help="the JSON-lines corpus (default: the test corpus)")
    parser.add_argument("--time", type=float, default=2.0, help="seconds per case for both (default 2)")
    args = parser.parse_args()
    cases = [case for case in read_cases(args.cases.read_text(encoding="utf-8").splitlines()) if case.verdict]
    ascii_cases = [case for case in cases if is_ascii_case(case)]

    verdicts, times, total, cached = run_grader(cases, args.time)
    ascii_index = [i for i, case in enumerate(cases) if is_ascii_case(case)]
    ascii_verdicts = [verdicts[i] for i in ascii_index]
    ascii_seconds = sum(times[i] for i in ascii_index)
    naive_start = time.perf_counter()
    naive, naive_times = run_naive(ascii_cases, args.time)
    naive_total = time.perf_counter() - naive_start

    mine, mine_ascii, theirs = score(cases, verdicts), score(ascii_cases, ascii_verdicts), score(ascii_cases, naive)
    rows = [
        ("grader, all cases", mine, statistics.median(times), total),
        ("grader, ASCII cases", mine_ascii, statistics.median([times[i] for i in ascii_index]), ascii_seconds),
        ("naive SymPy, ASCII cases", theirs, statistics.median(naive_times), naive_total),
    ]
    print(f"{'':<26}{'cases':>7}{'accuracy':>10}{'false eq':>10}{'undeterm':>10}{'median ms':>11}{'total s':>9}")
    for label, figures, median, seconds in rows:
        print(
            f"{label:<26}{figures['cases']:>7}{figures['accuracy']:>10.1%}{figures['false_equivalent']:>10}"
            f"{figures['undetermined']:>10}{median * 1000:>11.1f}{seconds:>9.2f}"
        )
    print(f"grader, second pass over all cases with the verdict cache warm: {cached:.2f} s")
    print(
        f"speed-up on the ASCII cases: {naive_total / ascii_seconds:.0f}x; whole corpus vs naive ASCII: "
        f"{naive_total / total:.1f}x"
    )
    print(
        json.dumps(
            {
                "cases": mine["cases"],
                "accuracy": mine["accuracy"],
                "false_equivalent": mine["false_equivalent"],
                "undetermined": mine["undetermined"],
                "seconds": round(total, 3),
                "ascii_cases": mine_ascii["cases"],
                "ascii_accuracy": mine_ascii["accuracy"],
                "ascii_seconds": round(ascii_seconds, 3),
                "speedup": round(naive_total / ascii_seconds, 1),
                "naive_cases": theirs["cases"],
                "naive_accuracy": theirs["accuracy"],
                "naive_false_equivalent": theirs["false_equivalent"],
                "naive_seconds": round(naive_total, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
