"""The command line: parse arguments, call the library once, render, exit with a documented code.

Exit codes: 0 graded (whatever the score), 1 bad input (a file that cannot be read or is invalid, no
rubric for the assignment) or a file that cannot be written (a read-only folder, a full disk, a damaged
gradebook), 2 usage error (unknown option, missing file argument). Every such failure is one `error:`
line on standard error, from one place (`_Boundary`), never a traceback.
"""

from __future__ import annotations

import gc

from rich.console import Console

from grader.cli.app import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, app

# isort: off
# Each module registers its commands on `app`; `grader --help` lists them in this order.
from grader.cli import single, classroom, authoring  # noqa: F401
# isort: on


def main() -> None:
    """Entry point of the `grader` command."""
    gc.freeze()  # the modules just imported live as long as the command: no collection needs to walk them again
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("interrupted")
        raise SystemExit(130) from None


__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "EXIT_SOME_FAILED", "EXIT_USAGE", "app", "main"]
