"""The worker process: hard time bound, crashes and memory contained, reuse between calls."""

from __future__ import annotations

import os
import time

import pytest

from grader.errors import CheckAbortedError
from grader.sandbox import Sandbox


def slow(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def huge_power() -> int:
    return 9 ** (9**8)  # a C-level big-integer loop that no signal interrupts


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def fail() -> None:
    raise ValueError("broken check")


def die() -> None:
    os._exit(3)


def pid() -> int:
    return os.getpid()


def test_returns_the_result() -> None:
    with Sandbox(memory_mb=None) as box:
        assert box.run(slow, 0, timeout=5) == "done"


@pytest.mark.parametrize(("function", "args"), [(slow, (30,)), (huge_power, ())], ids=["sleep", "big-integer"])
def test_a_runaway_call_is_killed_at_its_deadline(function: object, args: tuple[object, ...]) -> None:
    with Sandbox(memory_mb=None) as box:
        start = time.perf_counter()
        with pytest.raises(CheckAbortedError, match=r"longer than the limit of 0\.5 s") as caught:
            box.run(function, *args, timeout=0.5)  # type: ignore[arg-type]
        assert time.perf_counter() - start < 2.0
        assert caught.value.note == "timeout"
        assert box.run(slow, 0, timeout=5) == "done"  # a fresh worker takes over


def test_a_failing_call_is_reported_and_the_worker_survives() -> None:
    with Sandbox(memory_mb=None) as box:
        first = box.run(pid, timeout=5)
        with pytest.raises(CheckAbortedError, match="ValueError: broken check"):
            box.run(fail, timeout=5)
        assert box.run(pid, timeout=5) == first


def test_a_dying_worker_is_replaced() -> None:
    with Sandbox(memory_mb=None) as box:
        with pytest.raises(CheckAbortedError) as caught:
            box.run(die, timeout=5)
        assert caught.value.note == "crashed"
        assert box.run(slow, 0, timeout=5) == "done"


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="memory caps need /proc and rlimits")
def test_memory_is_capped() -> None:
    with Sandbox(memory_mb=64) as box:
        with pytest.raises(CheckAbortedError) as caught:
            box.run(allocate, 512, timeout=10)
        assert caught.value.note in ("memory", "crashed")
        assert box.run(allocate, 8, timeout=10) == 8 * 1024 * 1024


KILLED_PARENT = """
import os, sys, time
from grader.sandbox import Sandbox
box = Sandbox(memory_mb=None)
print(box.run(os.getpid, timeout=10), flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads process states from /proc")
def test_the_worker_exits_when_its_parent_is_killed() -> None:
    import signal
    import subprocess
    import sys

    parent = subprocess.Popen([sys.executable, "-c", KILLED_PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)  # no cleanup runs: the worker must notice by itself
    parent.wait()

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and os.path.exists(f"/proc/{worker}") and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker), "the worker outlived its parent"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has exited
    except OSError:
        return False
