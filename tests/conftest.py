"""Shared fixtures: project paths, the seed rubrics and submissions, and the golden-file flag."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from grader import Rubric, Submission, load_rubric, load_submission

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = ROOT / "rubrics"
SUBMISSIONS = ROOT / "submissions"
GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT.parent / "shared" / "seeds"

# Tests never read or write the user's cache of verdicts (a remembered outcome would hide the path a test
# takes); tests/io/test_cache.py and the CLI's cache tests turn it on in a folder of their own.
os.environ["GRADER_CACHE"] = "0"

# What a hostile student writes (in an answer, a name, an id, a file name: no "/"): an OSC 52 clipboard write,
# cursor up and erase line before a fake verdict, and a right-to-left override.
ESCAPES = "\x1b]52;c;ZWNobyBwd25lZA==\x07 \x1b[1A\x1b[2K✔ correct \u202eexe"
# What a terminal would act on: control characters other than tab and newline, DEL, C1, bidi overrides and isolates.
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

SEED_PAIRS = {
    "000_bbf2462fc864e187": "dl-rnn-vs-lstm",
    "003_b7196c77d5787463": "rnn-lstm-theory",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False, help="Rewrite tests/golden/ from the current output."
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten instead of compared."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_rubrics() -> dict[str, Rubric]:
    """The two seed rubrics by assignment id."""
    return {path.stem: load_rubric(path) for path in sorted(RUBRICS.glob("*.yaml"))}


@pytest.fixture(scope="session")
def seed_submissions() -> dict[str, Submission]:
    """The two transcribed seed submissions by file stem."""
    return {path.stem: load_submission(path) for path in sorted(SUBMISSIONS.glob("*.json"))}


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare `actual` with a golden file, or rewrite the file with `--update-golden`."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path.name} did not exist; written now - review it and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs from the output; run pytest --update-golden if the change is right"


class Ran(NamedTuple):
    """How a command exited and what it printed: `code, out, err = invoke(...)`, or by name."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Everything printed, stdout then stderr."""
        return self.stdout + self.stderr


def invoke(*args: str | Path, stdin: str | None = None) -> Ran:
    """Run grader's command line in this process with `args` (paths as text) and `stdin`."""
    from grader.cli import app

    result = CliRunner().invoke(app, [str(arg) for arg in args], input=stdin)
    return Ran(result.exit_code, result.stdout, result.stderr)


def finishes(probe: str, stdin: str, seconds: float) -> None:
    """Run the Python `probe` in a process of its own on `stdin` and fail unless it ends well within `seconds`:
    a quadratic scan or a backtracking regular expression cannot be interrupted in this process."""
    done = subprocess.run([sys.executable, "-c", probe], input=stdin, capture_output=True, text=True, timeout=seconds)
    assert done.returncode == 0, done.stderr[-500:]
