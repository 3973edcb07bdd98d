"""A synthetic class through `grader grade`, beside a naive baseline, in one run.

The class: N submissions for the two seed assignments, each answer drawn from realistic variants: the
real students' answers, the rubric's correct answers and alternatives in several notations, each known
mistake, vague and off-topic prose, blanks and garbage. grader: the whole `grader grade` command (a fresh
process: start-up, workers, outputs). Baseline: every answer of a subset parsed and simplified with SymPy
on its own (`sympy.simplify(parse_expr(answer))`), no cache, one process.

Usage: python bench/batch.py [--n 1000] [--naive 40] [--jobs J]. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import load_rubric  # noqa: E402
from grader.rubric import EquationCheck, ExpressionCheck, ParamsCheck, Rubric, part_id  # noqa: E402

SEEDS = {"dl-rnn-vs-lstm": "000_bbf2462fc864e187", "rnn-lstm-theory": "003_b7196c77d5787463"}
VAGUE = ["It helps the network remember things.", "Because of the gates.", "It is better than an RNN."]
OFF_TOPIC = ["I did not have time for this question.", "Pizza is my favourite food.", "See the lecture slides."]
GARBAGE = ["@@@ ###", "asdfgh", "((((", "x^^^2", "\\frac{", "NaN"]
UNICODE = {"*": " ⊙ ", "-": "−"}


def variants(rubric: Rubric, seed: dict[str, str]) -> dict[str, list[str]]:
    """Answer variants per part id."""
    table = {}
    for question, part in rubric.parts():
        key = part_id(question, part)
        options = [seed.get(key, "")] * 3
        check = part.check
        if isinstance(check, ExpressionCheck | EquationCheck):
            for text in [check.expected, *check.alternatives]:
                options += [text, f"$${text}$$", text.replace("\\odot", "⊙").replace("\\sigma", "σ")]
        if isinstance(check, ParamsCheck):
            from grader.checks.params import ParamsChecker

            total = ParamsChecker().expected(check).split(" = ")[0]
            options += [total, f"The layer has {total} parameters.", total.replace(",", "")]
        options += [str(mistake.answer) for mistake in part.mistakes]
        options += [*VAGUE, *OFF_TOPIC, "", "", *GARBAGE]
        table[key] = options
    return table


def make_class(folder: Path, n: int, rng: random.Random) -> list[dict[str, Any]]:
    tables = {}
    for assignment, stem in SEEDS.items():
        rubric = load_rubric(ROOT / "rubrics" / f"{assignment}.yaml")
        seed = json.loads((ROOT / "submissions" / f"{stem}.json").read_text(encoding="utf-8"))["answers"]
        tables[assignment] = variants(rubric, seed)
    made = []
    for index in range(n):
        assignment = rng.choice(sorted(SEEDS))
        answers = {key: rng.choice(options) for key, options in tables[assignment].items()}
        data = {"assignment": assignment, "student": {"id": f"s{index:05}", "name": f"Student {index}"},
                "answers": {key: text for key, text in answers.items() if text}}  # fmt: skip
        (folder / f"s{index:05}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        made.append(data)
    return made


def naive(submissions: list[dict[str, Any]]) -> float:
    """Seconds to parse and simplify every answer with SymPy, one by one."""
    import sympy
    from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

    transformations = (*standard_transformations, convert_xor)
    start = time.perf_counter()
    for data in submissions:
        for text in data["answers"].values():
            with contextlib.suppress(Exception):  # the baseline fails on prose and LaTeX in every way SymPy can
                sympy.simplify(parse_expr(text.split("=")[-1], transformations=transformations))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="submissions in the class (default 1000)")
    parser.add_argument("--naive", type=int, default=40, help="submissions the baseline grades (default 40)")
    parser.add_argument("--jobs", type=int, default=None, help="grader's worker processes (default: all cores)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="grader-batch-"))
    try:
        folder = work / "class"
        folder.mkdir()
        submissions = make_class(folder, args.n, random.Random(2026))
        command = [sys.executable, "-m", "grader", "grade", str(folder), "--out", str(work / "out"),
                   "--rubrics-dir", str(ROOT / "rubrics")]  # fmt: skip
        command += ["--jobs", str(args.jobs)] if args.jobs else []
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if result.returncode not in (0, 3):
            raise SystemExit(f"grader grade failed ({result.returncode}): {result.stderr[-2000:]}")
        print(result.stdout.strip())
        subset = submissions[: args.naive]
        naive_seconds = naive(subset)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per_second = args.n / seconds
    naive_per_second = len(subset) / naive_seconds
    print(f"grader grade:  {args.n} submissions in {seconds:.2f} s wall (whole command): {per_second:.0f}/s")
    print(f"naive SymPy:   {len(subset)} submissions in {naive_seconds:.2f} s: {naive_per_second:.1f}/s")
    print(f"ratio: {per_second / naive_per_second:.0f}x")
    print(json.dumps({"n": args.n, "seconds": round(seconds, 3), "per_second": round(per_second, 1),
                      "naive_per_second": round(naive_per_second, 2),
                      "ratio": round(per_second / naive_per_second, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
