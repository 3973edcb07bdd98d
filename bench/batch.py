"""A synthetic class through `grader grade`, beside a naive baseline, in one run.

The class: N submissions for the two seed assignments, each answer drawn from realistic variants: the
real students' answers, the rubric's correct answers and alternatives in several notations, each known
mistake, vague and off-topic prose, blanks and garbage. grader: the whole `grader grade` command (a fresh
process: start-up, workers, outputs). Baseline, also a whole command: every answer of a subset parsed with
SymPy on its own (`parse_latex` for LaTeX, as the rubrics' expected answers are, `parse_expr` otherwise) and
simplified minus the expected answer where the part has one (`sympy.simplify(answer - expected) == 0`), no
cache, one process. SymPy's LaTeX parser needs the ANTLR runtime: `pip install -e '.[bench]'`.

Usage: python bench/batch.py [--n 1000] [--naive 50] [--jobs J]. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
from grader.models.checks import EquationCheck, ExpressionCheck, ParamsCheck  # noqa: E402
from grader.models.rubric import Rubric, part_id  # noqa: E402

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
    made: list[dict[str, Any]] = []
    for index in range(n):
        assignment = rng.choice(sorted(SEEDS))
        answers = {key: rng.choice(options) for key, options in tables[assignment].items()}
        data = {"assignment": assignment, "student": {"id": f"s{index:05}", "name": f"Student {index}"},
                "answers": {key: text for key, text in answers.items() if text}}  # fmt: skip
        (folder / f"s{index:05}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        made.append(data)
    return made


def expected_answers() -> dict[str, dict[str, str]]:
    """The expected answer of each math and count part, as text a naive grader would compare with."""
    from grader.checks.params import ParamsChecker

    table: dict[str, dict[str, str]] = {}
    for assignment in SEEDS:
        rubric = load_rubric(ROOT / "rubrics" / f"{assignment}.yaml")
        for question, part in rubric.parts():
            check = part.check
            if isinstance(check, ExpressionCheck | EquationCheck):
                table.setdefault(assignment, {})[part_id(question, part)] = check.expected
            elif isinstance(check, ParamsCheck):
                count = ParamsChecker().expected(check).split(" = ")[0].replace(",", "")
                table.setdefault(assignment, {})[part_id(question, part)] = count
    return table


NAIVE = """
import json, sys
import sympy
from sympy.parsing.latex import parse_latex
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations
transformations = (*standard_transformations, convert_xor)
def parse(text):  # the naive reader: SymPy's LaTeX parser for LaTeX, its expression parser for the rest
    text = text.strip().strip("$").split("=")[-1]
    return parse_latex(text) if "\\\\" in text else parse_expr(text, transformations=transformations)
expected = json.loads(sys.argv[1])
for path in sys.argv[2:]:
    data = json.load(open(path, encoding="utf-8"))
    for key, text in data["answers"].items():
        target = expected.get(data["assignment"], {}).get(key)
        try:  # the naive grader: SymPy on every answer, compared with the expected one where there is one
            answer = parse(text)
            if target is not None:
                answer = answer - parse(target)
            sympy.simplify(answer) == 0
        except Exception:
            pass
"""


def naive(paths: list[Path]) -> float:
    """Seconds for the naive grader, a whole command like grader's: start, import SymPy, every answer."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", NAIVE, json.dumps(expected_answers()), *map(str, paths)], check=True)
    return time.perf_counter() - start


def grade_command(folder: Path, out: Path, jobs: int | None, env: dict[str, str]) -> float:
    """Seconds for the whole `grader grade` command (a fresh process: start-up, workers, outputs)."""
    command = [sys.executable, "-m", "grader", "grade", str(folder), "--out", str(out),
               "--rubrics-dir", str(ROOT / "rubrics")]  # fmt: skip
    command += ["--jobs", str(jobs)] if jobs else []
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 3):
        raise SystemExit(f"grader grade failed ({result.returncode}): {result.stderr[-2000:]}")
    print(result.stdout.strip())
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="submissions in the class (default 1000)")
    parser.add_argument("--naive", type=int, default=50, help="submissions the baseline grades (default 50)")
    parser.add_argument("--jobs", type=int, default=None, help="grader's worker processes (default: all cores)")
    args = parser.parse_args()
    if args.n < 1 or args.naive < 1:  # a figure needs both sides of the same run
        parser.error("--n and --naive must be at least 1: grader and its baseline are measured in the same run")
    if importlib.util.find_spec("antlr4") is None:  # without it every LaTeX answer fails at once: no baseline
        raise SystemExit("the baseline needs SymPy's LaTeX parser: pip install -e '.[bench]'")
    work = Path(tempfile.mkdtemp(prefix="grader-batch-"))
    try:
        folder = work / "class"
        folder.mkdir()
        make_class(folder, args.n, random.Random(2026))
        os.sync()  # the class's own writes are set-up, not grading: flushed before the clock starts
        # A cache of its own: the first run validates the rubrics, as on a machine that never saw them; the
        # second, into a new output folder, finds them validated (the cache keeps rubrics for `grader grade`,
        # never answers' verdicts: every answer of the class is checked again).
        env = {**os.environ, "GRADER_CACHE": "1", "GRADER_CACHE_DIR": str(work / "cache")}
        seconds, cached = (grade_command(folder, work / out, args.jobs, env) for out in ("out", "again"))
        subset = sorted(folder.glob("*.json"))[: args.naive]
        naive_seconds = naive(subset)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per_second = args.n / seconds
    naive_per_second = len(subset) / naive_seconds
    print(f"grader grade:  {args.n} submissions in {seconds:.2f} s wall (whole command): {per_second:.0f}/s")
    print(f"  again, its rubrics validated by the first run: {cached:.2f} s")
    print(f"naive SymPy:   {len(subset)} submissions in {naive_seconds:.2f} s: {naive_per_second:.1f}/s")
    print(f"ratio: {per_second / naive_per_second:.0f}x")
    print(json.dumps({"n": args.n, "seconds": round(seconds, 3), "seconds_rubrics_cached": round(cached, 3),
                      "per_second": round(per_second, 1),
                      "naive_per_second": round(naive_per_second, 2),
                      "ratio": round(per_second / naive_per_second, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
