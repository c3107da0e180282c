"""Independent tasks shared with one forked helper process, on Linux with two cores or more.

Drawing a chart is Python code that holds the interpreter lock, so threads do
not draw two charts at once; a process does. A forked process starts in a few
milliseconds with everything this one has: the modules imported, the fonts
found, the table in memory. Nothing is sent to it or back but task numbers.

The tasks ``0 .. count-1`` (each writes a file, say) wait in a pipe, one byte
each. This process and the helper each take the next one until none is left,
so the faster one does more. The helper reports each task it finished on a
second pipe and exits with :func:`os._exit`, never returning into the caller's
code. Whatever the helper did not report finished (it failed, was killed, took
too long, or a task of it issued a warning) is run here afterwards, so that
errors and warnings come from this process exactly as when the tasks run one
after another, and the result is the same either way.

Elsewhere (Windows and macOS have no safe ``fork``; one core gives no gain; a
process with other Python threads is not forked) every task runs here, in order.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from contextlib import suppress
from typing import Any, NoReturn

#: most tasks one :class:`SharedTasks` holds (one byte each in the pipe)
MAX_TASKS = 255
#: how long the helper may take for the task it holds once none is left to take,
#: beyond :data:`SLOWEST_FACTOR` times the slowest task run here [seconds]
HELPER_GRACE_S = 60.0
SLOWEST_FACTOR = 10.0
#: ``prctl`` option: the signal a process gets when its parent ends (linux/prctl.h)
_PR_SET_PDEATHSIG = 1


def helper_available() -> bool:
    """Whether a forked helper can share the work: Linux, two usable cores, one Python thread.

    A process with other Python threads (a notebook's kernel, say) is not
    forked: a lock one of them holds (of ``sys.stderr``, for instance) would
    stay locked in the helper forever.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


class SharedTasks:
    """Tasks ``0 .. count-1``, run by this process and, where it pays, one forked helper.

    Parameters
    ----------
    count : int
        Number of tasks, at most :data:`MAX_TASKS`.
    run : callable
        ``run(i)`` does task ``i``; it must give the same result in either
        process (write a file, for instance), and may be called twice for one
        task (again here when the helper did not finish it).
    helper : bool
        Start a helper (when :func:`helper_available`); False runs every task
        here, in order, on :meth:`finish`.
    background : bool
        Start a helper even for a single task: the caller has other work to do
        meanwhile and calls :meth:`finish` after it (by default one task runs
        here, where it costs no fork).
    nice : int
        Added to the helper's niceness (:func:`lower_priority`): its tasks give
        way to work of this process and its other helpers that takes longer.

    The helper starts at once and begins taking tasks; :meth:`finish` takes the
    rest here. Use as a context manager (or call :meth:`cancel`) so that a
    helper is never left behind when the caller fails before :meth:`finish`.
    """

    def __init__(
        self,
        count: int,
        run: Callable[[int], object],
        *,
        helper: bool = True,
        background: bool = False,
        nice: int = 0,
    ) -> None:
        if not 0 <= count <= MAX_TASKS:
            raise ValueError(f"between 0 and {MAX_TASKS} tasks, not {count}")
        self._count = count
        self._run = run
        self._nice = nice
        self._pid: int | None = None
        self._queue = -1
        self._finished = -1
        if helper and count > (0 if background else 1) and helper_available():
            self._start()

    def __enter__(self) -> SharedTasks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    @property
    def has_helper(self) -> bool:
        """Whether a helper process is (still) sharing the tasks."""
        return self._pid is not None

    def _start(self) -> None:
        queue, fill = os.pipe()
        finished, report = os.pipe()
        os.write(fill, bytes(range(self._count)))  # far below a pipe's buffer: never blocks
        os.close(fill)  # the queue ends (reads give b"") once it is empty
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: every task runs here
            for fd in (queue, finished, report):
                os.close(fd)
            return
        if pid == 0:  # the helper
            os.close(finished)
            lower_priority(self._nice)
            _serve(queue, report, self._run, parent)
        os.close(report)
        self._pid, self._queue, self._finished = pid, queue, finished

    def finish(self) -> None:
        """Run here the tasks the helper has not taken, then the ones it did not finish.

        Returns when every task has been run once successfully (in one process
        or the other); raises what a task raised here, after stopping the helper.
        """
        if self._pid is None:
            for task in range(self._count):
                self._run(task)
            return
        done_here: set[int] = set()
        slowest = 0.0
        try:
            while token := os.read(self._queue, 1):
                started = time.perf_counter()
                self._run(token[0])
                slowest = max(slowest, time.perf_counter() - started)
                done_here.add(token[0])
            done_there = self._reap(HELPER_GRACE_S + SLOWEST_FACTOR * slowest)
        finally:
            self.cancel()
        for task in range(self._count):
            if task not in done_here and task not in done_there:
                self._run(task)

    def _reap(self, timeout: float) -> set[int]:
        """Wait for the helper to exit (kill it after ``timeout`` seconds); the tasks it finished."""
        assert self._pid is not None
        deadline = time.monotonic() + timeout
        delay = 0.001
        while os.waitpid(self._pid, os.WNOHANG)[0] == 0:
            if time.monotonic() > deadline:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
                break
            time.sleep(delay)
            delay = min(2 * delay, 0.02)
        self._pid = None
        os.set_blocking(self._finished, False)
        reported = b""
        try:
            while chunk := os.read(self._finished, MAX_TASKS):
                reported += chunk
        except BlockingIOError:  # a killed helper's pipe may still be open elsewhere
            pass
        return set(reported)

    def cancel(self) -> None:
        """Stop the helper (if it still runs) and close the pipes; nothing else is run."""
        if self._pid is not None:
            with suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None
        for fd in (self._queue, self._finished):
            if fd >= 0:
                os.close(fd)
        self._queue = self._finished = -1


def lower_priority(nice: int) -> None:
    """Add ``nice`` to this process's niceness (0: none), so that other work goes first.

    A process cannot raise its priority again (without privileges), so only
    helpers, which end with their task, are ever given a lower one.
    """
    if nice > 0:
        with suppress(OSError, AttributeError):
            os.nice(nice)


def die_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` ends (Linux ``PR_SET_PDEATHSIG``).

    A parent killed outright (``kill -9``, a closed terminal) leaves no helper
    drawing on; where ``prctl`` cannot be called, the helper still stops before
    its next task (it checks its parent between tasks).
    """
    with suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before prctl
        os._exit(1)


def _serve(queue: int, report: int, run: Callable[[int], object], parent: int) -> NoReturn:
    """The helper: take tasks until none is left or one misbehaves, report each finished one.

    A task that raises or issues a warning is not reported (and the helper
    stops), so that it runs again in the parent, where the error or the warning
    reaches the caller. The helper ends with its parent.
    """
    status = 1
    warned: list[object] = []

    def record(message: Warning | str, *_: Any, **__: Any) -> None:
        warned.append(message)

    try:
        die_with(parent)
        warnings.showwarning = record
        while os.getppid() == parent and (token := os.read(queue, 1)):
            run(token[0])
            if warned:
                break
            os.write(report, token)
        status = 0
    except BaseException:  # the parent runs the task again and reports what it raises
        pass
    finally:
        os._exit(status)
