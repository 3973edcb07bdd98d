"""Start-up: how long the command line takes before it does anything, beside the floor it stands on.

In one run, each command started cold in a fresh process (median of N runs, bytecode cached as after an
install):
- `grader --version`, beside `python -c pass` (the interpreter alone);
- `grader check` on a seed submission, beside importing what it uses (numpy, pydantic, typer, PyYAML, rich,
  mpmath) in a bare interpreter: the floor no amount of laziness goes under.

Usage: python bench/startup.py [--runs N] [--submission FILE]. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "submissions" / "000_bbf2462fc864e187.json"
USED = "import numpy, pydantic, typer, yaml, rich.console, mpmath"


def timed(command: list[str], runs: int) -> float:
    """The median wall time of `command` over `runs` cold starts (one warm-up run first)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts per command (median reported)")
    parser.add_argument("--submission", type=Path, default=SEED, help="the submission `grader check` reads")
    args = parser.parse_args()
    python = sys.executable
    grader = [python, "-m", "grader"]
    figures = {
        "python_pass_s": timed([python, "-c", "pass"], args.runs),
        "version_s": timed([*grader, "--version"], args.runs),
        "imports_used_s": timed([python, "-c", USED], args.runs),
        "check_s": timed([*grader, "check", str(args.submission)], args.runs),
    }
    figures["check_over_imports"] = figures["check_s"] / figures["imports_used_s"]
    print(f"{'command':<46}{'median s':>10}")
    print(f"{'python -c pass':<46}{figures['python_pass_s']:>10.3f}")
    print(f"{'grader --version':<46}{figures['version_s']:>10.3f}")
    print(f"{'python -c ' + repr(USED)[:32] + '…':<46}{figures['imports_used_s']:>10.3f}")
    print(f"{'grader check ' + args.submission.name:<46}{figures['check_s']:>10.3f}")
    print(f"grader check / imports it uses: {figures['check_over_imports']:.2f}x")
    print(json.dumps({key: round(value, 4) for key, value in figures.items()}))


if __name__ == "__main__":
    main()
