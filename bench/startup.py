"""Start-up: how long the command line takes before it does anything, beside the floor it stands on.

In one run, each command started cold in a fresh process (median of N runs, bytecode cached as after an
install):
- `grader --version`, beside `python -c pass` (the interpreter alone);
- `grader check` on a seed submission without the cache (`--no-cache`: the rubric validated, every answer
  checked) and with a warm cache (the rubric and verdicts remembered from an earlier run), each beside its
  floor: a bare interpreter importing every module that very command imported, except grader's own (read
  from `python -X importtime`): numpy, pydantic's model machinery, typer, rich, PyYAML, sqlite3... The floor
  is what no amount of laziness goes under; the ratio is what grader's own modules and work add to it.

Usage: python bench/startup.py [--runs N] [--submission FILE]. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "submissions" / "000_bbf2462fc864e187.json"


def _env(cache: Path | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.pop("GRADER_CACHE", None)
    if cache is not None:
        env["GRADER_CACHE_DIR"] = str(cache)
    return env


def timed(command: list[str], runs: int, cache: Path | None = None) -> float:
    """The median wall time of `command` over `runs` cold starts (one warm-up run first)."""
    env = _env(cache)
    subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_command(command: list[str], cache: Path | None = None) -> list[str]:
    """A bare interpreter importing every non-grader module that `command` (a `python -m grader ...`) imports."""
    env = _env(cache)
    traced = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    modules = []
    for line in traced.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        name = line.rsplit("|", 1)[1].strip()
        if name and name != "package" and not name.startswith(("grader", "__main__")):
            modules.append(name)
    script = (
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    return [command[0], "-c", script]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts per command (median reported)")
    parser.add_argument("--submission", type=Path, default=SEED, help="the submission `grader check` reads")
    args = parser.parse_args()
    python = sys.executable
    grader = [python, "-m", "grader"]
    cold = [*grader, "check", "--no-cache", str(args.submission)]
    warm = [*grader, "check", str(args.submission)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        subprocess.run(warm, capture_output=True, env=_env(cache), cwd=ROOT, check=False)  # fills the cache
        figures = {
            "python_pass_s": timed([python, "-c", "pass"], args.runs),
            "version_s": timed([*grader, "--version"], args.runs),
            "cold_floor_s": timed(floor_command(cold), args.runs),
            "cold_check_s": timed(cold, args.runs),
            "warm_floor_s": timed(floor_command(warm, cache), args.runs),
            "warm_check_s": timed(warm, args.runs, cache),
        }
    figures["cold_over_floor"] = figures["cold_check_s"] / figures["cold_floor_s"]
    figures["warm_over_floor"] = figures["warm_check_s"] / figures["warm_floor_s"]
    name = args.submission.name
    rows = [
        ("python -c pass", figures["python_pass_s"]),
        ("grader --version", figures["version_s"]),
        ("imports of `check --no-cache` (floor)", figures["cold_floor_s"]),
        (f"grader check --no-cache {name}", figures["cold_check_s"]),
        ("imports of `check`, cache warm (floor)", figures["warm_floor_s"]),
        (f"grader check {name}, cache warm", figures["warm_check_s"]),
    ]
    print(f"{'command':<52}{'median s':>10}")
    for label, seconds in rows:
        print(f"{label:<52}{seconds:>10.3f}")
    print(f"grader check over its floor: {figures['cold_over_floor']:.2f}x without the cache, "
          f"{figures['warm_over_floor']:.2f}x with it warm")  # fmt: skip
    print(json.dumps({key: round(value, 4) for key, value in figures.items()}))


if __name__ == "__main__":
    main()
