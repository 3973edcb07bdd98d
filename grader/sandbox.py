"""Run checks in a worker process with a hard time bound and a memory cap.

A SymPy call that runs away cannot be interrupted from inside (a signal does not stop a long C-level
big-integer operation, and signals do not work off the main thread at all), so each check runs in a
worker process: at its deadline the worker is killed and the next check gets a fresh one. The worker
is reused between checks while it behaves, so the cost of a process start is paid once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from grader.errors import CheckAbortedError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
from grader.models.report import Note

T = TypeVar("T")


def _start_method() -> str:
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def die_with_parent() -> None:
    """Make this (child) process end with its parent: on Linux the kernel kills it when the parent dies
    (`PR_SET_PDEATHSIG`); elsewhere, loops ask `parent_alive()`. A parent already gone ends it now."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # no libc or no prctl: the loops still check
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if not parent_alive():
        os._exit(0)


def parent_alive() -> bool:
    """Whether the process that started this one (through multiprocessing) still runs."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    return parent is None or parent.is_alive()


class Sandbox:
    """A worker process for bounded calls. Use as a context manager, or call `close()`. `memory_mb` caps
    what a check may allocate above what the process holds at its start (None only where the platform has
    no limits; every caller passes its rubric's cap)."""

    def __init__(self, *, memory_mb: int | None) -> None:
        self.memory_mb = memory_mb
        self._context: Any = None  # the multiprocessing context, made when the worker is first needed
        self._process: Any = None
        self._conn: Connection | None = None  # the parent's end of the worker's pipe

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _start(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._kill()
        if self._context is None:
            import multiprocessing

            self._context = multiprocessing.get_context(_start_method())
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.memory_mb), daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        return self._conn

    def run(self, function: Callable[..., T], *args: Any, timeout: float) -> T:
        """`function(*args)` in the worker. Raises CheckAbortedError if it overruns, runs out of memory or crashes."""
        conn = self._start()
        try:
            conn.send((function, args))
        except (BrokenPipeError, OSError):
            self._kill()
            conn = self._start()
            conn.send((function, args))
        if not conn.poll(timeout):
            self._kill()
            raise CheckAbortedError(f"it took longer than the limit of {timeout:g} s", Note.TIMEOUT)
        try:
            status, payload = conn.recv()
        except (EOFError, OSError):
            self._kill()
            raise CheckAbortedError("the check's process ended unexpectedly (out of memory?)", Note.CRASHED) from None
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        if status == "memory":
            self._kill()
            raise CheckAbortedError(f"it needed more than the limit of {self.memory_mb} MiB of memory", Note.MEMORY)
        raise CheckAbortedError(f"the check failed with {payload}", Note.CRASHED)

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def close(self) -> None:
        """Stop the worker."""
        self._kill()


def _serve(conn: Connection, memory_mb: int | None) -> None:
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory_mb)
    while True:
        try:
            if not conn.poll(1.0):
                if not parent_alive():  # the parent died without closing us (killed): nobody will ask again
                    return
                continue
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", function(*args)))
        except MemoryError:
            conn.send(("memory", None))
            return
        except Exception as error:  # a bug in a check must not take the batch down
            conn.send(("error", f"{type(error).__name__}: {error}"))


def _limit_memory(memory_mb: int | None) -> None:
    if memory_mb is None:
        return
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = in_use + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no rlimits on this platform: the time bound still holds


class Sandboxes:
    """Check processes for callers that grade under several rubrics: one per memory cap, each started when
    first needed. Use as a context manager."""

    def __init__(self) -> None:
        self._boxes: dict[int, Sandbox] = {}

    def __enter__(self) -> Sandboxes:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def capped(self, memory_mb: int) -> Sandbox:
        """The check process whose memory is capped at `memory_mb` MiB (a rubric's `limits.memory_mb`)."""
        box = self._boxes.get(memory_mb)
        if box is None:
            box = self._boxes[memory_mb] = Sandbox(memory_mb=memory_mb)
        return box

    def close(self) -> None:
        """Stop every check process."""
        for box in self._boxes.values():
            box.close()
