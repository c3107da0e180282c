"""A chart process started before the data is read: :func:`warm_charts`.

Importing matplotlib and finding a Chinese font take longer than reading a
12-street table, solving it and writing its CSV. A ``quota run`` therefore
imports pandas (which it needs anyway) and then forks, as its first step, a
process that imports the rest on the second core while this one reads the
scenario and solves it
(:func:`warm_charts`, a context manager around the command). When the charts
are due, :func:`~quota.outputs.charts.job.start_charts` hands that process the
table (pickled through a pipe; nothing else crosses) and goes on; the warm
process forks a runner for the job (which lowers its priority when asked:
a large workbook written meanwhile goes first) and the runner a sibling,
both with everything imported; the two draw the charts between them
(:class:`~quota.outputs.charts.workers.SharedTasks`) and the warm process
reports which charts were written.

What it does not report written (a chart that raised or issued a warning, or
every chart if the process died or was killed) is drawn again by the caller,
so errors and warnings reach the caller exactly as when it draws every chart
itself, and the files are the same bytes either way. The process ends with
the command (or with its parent, when that is killed); it never outlives the
block, so a later command never meets a process forked before it.

Only where :func:`~quota.outputs.charts.workers.helper_available` (Linux, two
cores, one Python thread) and ``QUOTA_WARM_CHARTS`` is not ``0``.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from quota.outputs.charts.workers import MAX_TASKS, die_with, helper_available, lower_priority

#: environment variable that turns the warm chart process off (``0``)
ENV_SWITCH = "QUOTA_WARM_CHARTS"
#: how long the caller waits for the warm process's report [seconds]; then it draws itself
REPORT_TIMEOUT_S = 600.0
_LENGTH = struct.Struct("<Q")

_current: WarmCharts | None = None


class WarmCharts:
    """The warm chart process of one command (:func:`warm_charts`); at most one job at a time."""

    def __init__(self, lang: str) -> None:
        jobs_out, self._jobs = os.pipe()
        self._reports, reports_in = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the warm process
            os.close(self._jobs)
            os.close(self._reports)
            _serve(jobs_out, reports_in, parent, lang)
        os.close(jobs_out)
        os.close(reports_in)
        self._pid: int | None = pid
        self._busy = False

    @property
    def alive(self) -> bool:
        """Whether the process still runs and waits for (or draws) a job."""
        return self._pid is not None

    def send(self, job: dict[str, Any]) -> bool:
        """Hand the process the charts of a table; False when it cannot take them."""
        if self._pid is None or self._busy:
            return False
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(self._jobs, _LENGTH.pack(len(data)) + data)
        except OSError:  # the process died (a failed import, say): the caller draws
            self.stop()
            return False
        self._busy = True
        return True

    def collect(self) -> set[int]:
        """Wait for the job sent: the tasks the process wrote (empty when it failed)."""
        if self._pid is None or not self._busy:
            return set()
        self._busy = False
        report = _read_report(self._reports, REPORT_TIMEOUT_S)
        if report is None:
            self.stop()
            return set()
        return report

    def stop(self) -> None:
        """End the process (its sibling, if drawing, ends with it) and close the pipes."""
        if self._pid is not None and self._pid > 0:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
        self._pid = None
        for fd in (self._jobs, self._reports):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._jobs = self._reports = -1


@contextlib.contextmanager
def warm_charts(lang: str) -> Iterator[WarmCharts | None]:
    """Within the block, charts started by this process go to a process warmed up now.

    Returns (as the block's value) the process, or None where there is none
    (see the module notes). Nested blocks use the outer one's process.
    """
    global _current
    if _current is not None or os.environ.get(ENV_SWITCH) == "0" or not helper_available():
        yield _current
        return
    import pandas  # noqa: F401  # a run needs it anyway: imported once, before the fork

    try:
        process = WarmCharts(lang)
    except OSError:  # no process to spare: the charts are drawn as without one
        yield None
        return
    _current = process
    try:
        yield process
    finally:
        _current = None
        process.stop()


def current() -> WarmCharts | None:
    """The warm chart process of the running command, if there is one and it still runs."""
    return _current if _current is not None and _current.alive else None


# --------------------------------------------------------------------------
# The warm process
# --------------------------------------------------------------------------


def _serve(jobs: int, reports: int, parent: int, lang: str) -> NoReturn:
    """Import, then draw the jobs sent until the pipe closes; report each job's written tasks."""
    status = 1
    try:
        die_with(parent)
        warned = _warm_up(lang)
        while (data := _read_job(jobs)) is not None:
            done = set() if warned else _run_job(pickle.loads(data))
            _write_all(reports, _LENGTH.pack(len(done)) + bytes(sorted(done)))
        status = 0
    except BaseException:  # the caller draws what was not reported
        pass
    finally:
        os._exit(status)


#: warnings issued in the warm process so far (by :func:`_record`)
_warned: list[object] = []


def _record(message: Warning | str, *_: Any, **__: Any) -> None:
    """The warm process's ``warnings.showwarning``: note the warning, show nothing."""
    _warned.append(message)


def _warm_up(lang: str) -> bool:
    """Import what drawing needs and find the fonts; whether that issued a warning.

    A warning (a missing Chinese font, say) must reach the caller, so a process
    that saw one writes nothing and the caller draws every chart itself.
    """
    warnings.showwarning = _record
    import quota.outputs.charts.files  # noqa: F401  # matplotlib, the chart modules
    from quota.outputs import fonts

    fonts.build_rc_params(lang)
    return bool(_warned)


def _run_job(job: dict[str, Any]) -> set[int]:
    """Draw a job in a forked runner (its priority lowered by the job's ``nice``, for it only).

    The runner sends the tasks it wrote back through a pipe; a runner that
    fails sends nothing, and the caller then draws every chart.
    """
    result_out, result_in = os.pipe()
    here = os.getpid()
    pid = os.fork()
    if pid == 0:  # the runner
        status = 1
        try:
            os.close(result_out)
            die_with(here)
            lower_priority(int(job.get("nice", 0)))
            done = _draw(job)
            _write_all(result_in, bytes(sorted(done)))
            status = 0
        finally:
            os._exit(status)
    os.close(result_in)
    received = b""
    while chunk := os.read(result_out, MAX_TASKS + 1):
        received += chunk
    os.close(result_out)
    _, status = os.waitpid(pid, 0)
    return set(received) if status == 0 else set()


def _draw(job: dict[str, Any]) -> set[int]:
    """Draw a job's charts with a forked sibling; the tasks written without a warning."""
    from quota.outputs.charts.job import ChartPlan
    from quota.outputs.charts.workers import SharedTasks

    plan = ChartPlan(job["table"], Path(job["folder"]), lang=job["lang"], levels=job["levels"])
    ran: set[int] = set()
    clean: set[int] = set()

    def run(task: int) -> None:
        # the sibling's own ``showwarning`` stops it at a warning, unreported (workers._serve)
        ran.add(task)
        clean.discard(task)
        before = len(_warned)
        plan.draw(task)
        if len(_warned) == before:
            clean.add(task)

    with SharedTasks(plan.count, run) as tasks:
        tasks.finish()
    # the tasks not run here the sibling finished, without a warning (it reports no other)
    return clean | (set(range(plan.count)) - ran)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int, deadline: float | None = None) -> bytes | None:
    """``size`` bytes from ``fd``; None at end of file (or after ``deadline``)."""
    parts: list[bytes] = []
    left = size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                return None
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _read_job(fd: int) -> bytes | None:
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(head)[0])


def _read_report(fd: int, timeout: float) -> set[int] | None:
    deadline = time.monotonic() + timeout
    head = _read_exactly(fd, _LENGTH.size, deadline)
    if head is None:
        return None
    size = _LENGTH.unpack(head)[0]
    if size > MAX_TASKS:
        return None
    body = _read_exactly(fd, size, deadline) if size else b""
    return None if body is None else set(body)
