"""Tests of quota.outputs.charts.workers: tasks shared with a forked helper process."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest

from quota.outputs.charts import workers
from quota.outputs.charts.workers import SharedTasks, helper_available

needs_helper = pytest.mark.skipif(
    not helper_available(), reason="no forked helper here (not Linux, one core or threads)"
)


def writer(folder: Path, pause: float = 0.0):  # type: ignore[no-untyped-def]
    """A task that writes the number of the process that ran it into ``folder / str(task)``."""

    def run(task: int) -> None:
        time.sleep(pause)
        (folder / str(task)).write_text(str(os.getpid()), encoding="utf-8")

    return run


def ran_in(folder: Path, count: int) -> list[int]:
    return [int((folder / str(task)).read_text(encoding="utf-8")) for task in range(count)]


def test_without_a_helper_every_task_runs_here_in_order(tmp_path: Path) -> None:
    order: list[int] = []
    with SharedTasks(5, order.append, helper=False) as tasks:
        assert not tasks.has_helper
        tasks.finish()
    assert order == [0, 1, 2, 3, 4]


@needs_helper
def test_the_helper_takes_a_share_and_every_task_runs_once(tmp_path: Path) -> None:
    with SharedTasks(6, writer(tmp_path, pause=0.1)) as tasks:
        assert tasks.has_helper
        tasks.finish()
        assert not tasks.has_helper  # waited for
    pids = ran_in(tmp_path, 6)
    assert os.getpid() in pids
    assert len(set(pids)) == 2  # this process and the helper


def test_one_task_runs_here_unless_in_the_background(tmp_path: Path) -> None:
    with SharedTasks(1, writer(tmp_path)) as tasks:
        assert not tasks.has_helper  # a fork for one task the caller waits for gains nothing
        tasks.finish()
    assert ran_in(tmp_path, 1) == [os.getpid()]


@needs_helper
def test_a_background_task_runs_in_the_helper_while_the_caller_works(tmp_path: Path) -> None:
    with SharedTasks(1, writer(tmp_path), background=True) as tasks:
        assert tasks.has_helper
        time.sleep(0.3)  # the caller's own work
        tasks.finish()
    [pid] = ran_in(tmp_path, 1)
    assert pid != os.getpid()


@needs_helper
def test_a_task_that_fails_in_the_helper_runs_again_here(tmp_path: Path) -> None:
    parent = os.getpid()
    run = writer(tmp_path, pause=0.05)

    def fragile(task: int) -> None:
        if os.getpid() != parent:
            (tmp_path / str(task)).write_text("half", encoding="utf-8")
            raise RuntimeError("only in the helper")
        run(task)

    with SharedTasks(4, fragile) as tasks:
        tasks.finish()
    assert ran_in(tmp_path, 4) == [parent] * 4


@needs_helper
def test_a_task_that_warns_in_the_helper_warns_here(tmp_path: Path) -> None:
    run = writer(tmp_path, pause=0.05)

    def noisy(task: int) -> None:
        warnings.warn(f"task {task}", UserWarning, stacklevel=1)
        run(task)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with SharedTasks(4, noisy) as tasks:
            tasks.finish()
    assert sorted(str(w.message) for w in caught) == [f"task {i}" for i in range(4)]
    assert ran_in(tmp_path, 4) == [os.getpid()] * 4


@needs_helper
def test_a_helper_that_hangs_is_stopped_and_its_task_runs_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "HELPER_GRACE_S", 0.5)
    parent = os.getpid()
    run = writer(tmp_path)

    def stuck(task: int) -> None:
        if os.getpid() != parent:
            time.sleep(3600)
        time.sleep(0.05)
        run(task)

    started = time.monotonic()
    with SharedTasks(3, stuck) as tasks:
        tasks.finish()
    assert time.monotonic() - started < 30
    assert ran_in(tmp_path, 3) == [parent] * 3


@needs_helper
def test_an_error_here_stops_the_helper_and_is_raised(tmp_path: Path) -> None:
    parent = os.getpid()

    def failing(task: int) -> None:
        if os.getpid() == parent:
            raise ValueError("here")
        time.sleep(3600)

    with SharedTasks(3, failing) as tasks, pytest.raises(ValueError, match="here"):
        tasks.finish()
    assert not tasks.has_helper


@needs_helper
def test_leaving_the_block_early_stops_the_helper(tmp_path: Path) -> None:
    with SharedTasks(3, lambda task: time.sleep(3600)) as tasks:
        pid = tasks._pid
        assert pid is not None
    assert not tasks.has_helper
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no process left behind


def test_no_helper_with_other_python_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2)
    assert not helper_available()
    with SharedTasks(3, lambda task: None) as tasks:
        assert not tasks.has_helper


def test_too_many_tasks_are_refused() -> None:
    with pytest.raises(ValueError, match="255"):
        SharedTasks(workers.MAX_TASKS + 1, lambda task: None)


HELPER_OF_A_KILLED_PARENT = """
import os, sys, time
from quota.outputs.charts.workers import SharedTasks

with SharedTasks(4, lambda task: time.sleep(600)) as tasks:
    print(tasks._pid, flush=True)
    tasks.finish()
"""


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        state = next(line for line in status.read_text().splitlines() if line.startswith("State"))
    except (FileNotFoundError, ProcessLookupError, StopIteration):
        return False
    return "Z" not in state.split()[1]  # a zombie has ended


@needs_helper
def test_the_helper_ends_when_its_parent_is_killed() -> None:
    import signal
    import subprocess
    import sys

    parent = subprocess.Popen(
        [sys.executable, "-c", HELPER_OF_A_KILLED_PARENT], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    helper = int(parent.stdout.readline())
    assert _alive(helper)
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 20
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(helper)
