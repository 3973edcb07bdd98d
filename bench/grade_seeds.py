"""How fast the seed submissions are graded, beside two baselines, in one run.

- grader: `grade()` as shipped: every check bounded in one reused worker process;
- baseline, unbounded: the same checks in-process (`isolate=False`): no time bound, nothing to pay for it;
- baseline, process per check: a fresh worker for each part, the naive way to bound every check;
- the command line, cold, against the interpreter starting and importing SymPy.

Usage: python bench/grade_seeds.py [--repeat N]. The last line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import Report, grade, load_rubric, load_submission  # noqa: E402
from grader.checks import run_check  # noqa: E402
from grader.models.rubric import Rubric, part_id  # noqa: E402
from grader.models.submission import Submission  # noqa: E402
from grader.sandbox import Sandbox  # noqa: E402

SEEDS = {"000_bbf2462fc864e187": "dl-rnn-vs-lstm", "003_b7196c77d5787463": "rnn-lstm-theory"}


def per_check_process(rubric: Rubric, submission: Submission) -> None:
    for question, part in rubric.parts():
        answer = submission.answers.get(part_id(question, part))
        if answer:
            with Sandbox(memory_mb=rubric.limits.memory_mb) as box:
                box.run(run_check, part, answer, rubric.notation, rubric.limits.time, timeout=rubric.limits.time)


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(command: list[str], repeat: int) -> float:
    return median_seconds(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the median is shown")
    repeat = parser.parse_args().repeat
    figures: dict[str, float] = {}
    print(f"{'submission':<24}{'parts':>6}{'grader':>10}{'unbounded':>11}{'per-check':>11}   (median of {repeat}, s)")
    for stem, assignment in SEEDS.items():
        rubric = load_rubric(ROOT / "rubrics" / f"{assignment}.yaml")
        submission = load_submission(ROOT / "submissions" / f"{stem}.json")
        report: Report = grade(rubric, submission)  # warm-up: imports, caches
        bounded = median_seconds(lambda r=rubric, s=submission: grade(r, s), repeat)
        unbounded = median_seconds(lambda r=rubric, s=submission: grade(r, s, isolate=False), repeat)
        naive = median_seconds(lambda r=rubric, s=submission: per_check_process(r, s), repeat)
        parts = len(report.parts())
        print(f"{stem:<24}{parts:>6}{bounded:>10.3f}{unbounded:>11.3f}{naive:>11.3f}")
        figures |= {f"{stem}_grader_s": bounded, f"{stem}_unbounded_s": unbounded, f"{stem}_per_check_s": naive}
    python = sys.executable
    cli = command_seconds([python, "-m", "grader", "check", "submissions/000_bbf2462fc864e187.json"], repeat)
    sympy_import = command_seconds([python, "-c", "import sympy"], repeat)
    interpreter = command_seconds([python, "-c", "pass"], repeat)
    print(
        f"cold `grader check` (seed 000): {cli:.3f} s; python -c pass: {interpreter:.3f} s; "
        f"python -c 'import sympy': {sympy_import:.3f} s"
    )
    figures |= {"cli_cold_s": cli, "python_start_s": interpreter, "sympy_import_s": sympy_import}
    print(json.dumps({key: round(value, 4) for key, value in figures.items()}))


if __name__ == "__main__":
    main()
