"""The output folder is replaced in one step: killed writers, leftovers and concurrent writers.

The kill and concurrency tests run the real command line in subprocesses. Half of
the killed runs are plain ``python -m quota run``; the other half run the same
command with ``os.rename`` slowed down (a sleep after each call), which widens
any window between two renames from microseconds to a second, so a writer that
moves the old folder away before the new one is in place is caught reliably.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from quota.outputs import folder as outputs
from tests.conftest import REPO

SCENARIO = REPO / "scenarios" / "xinzhou-baseline.yaml"
NAME = "xinzhou-baseline"
KILLS = int(os.environ.get("QUOTA_KILLS", "12"))
KILL_BUDGET_S = float(os.environ.get("QUOTA_KILL_SECONDS", "30"))

#: ``python -m quota ...`` with a pause after every os.rename (Path.rename calls it too)
SLOW_RENAMES = """
import os, runpy, sys, time
_rename = os.rename
def rename(*args, **kwargs):
    _rename(*args, **kwargs)
    time.sleep(1.0)
os.rename = rename
sys.argv = ["quota", *sys.argv[1:]]
runpy.run_module("quota", run_name="__main__")
"""

#: ``python -m quota ...`` whose writers wait for each other once their files are written
#: (BARRIER_DIR: a folder where each writer leaves its pid), with slow renames
MEET_BEFORE_SWAP = """
import os, runpy, sys, time
from pathlib import Path
import quota.outputs.folder as outputs
barrier = Path(sys.argv.pop(1))
original = outputs.write_folder_atomically
def write_folder_atomically(target, fill):
    def filled(temp):
        fill(temp)
        (barrier / str(os.getpid())).touch()
        deadline = time.monotonic() + 30
        while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.002)
    return original(target, filled)
outputs.write_folder_atomically = write_folder_atomically
_rename = os.rename
def rename(*args, **kwargs):
    _rename(*args, **kwargs)
    time.sleep(0.3)
os.rename = rename
sys.argv = ["quota", *sys.argv[1:]]
runpy.run_module("quota", run_name="__main__")
"""


def _env() -> dict[str, str]:
    return {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(REPO)}


def start_run(
    out: Path, *, driver: str | None = None, extra: tuple[str, ...] = ()
) -> subprocess.Popen[bytes]:
    """``quota run scenarios/xinzhou-baseline.yaml --out OUT`` in a subprocess."""
    head = [sys.executable, "-m", "quota"] if driver is None else [sys.executable, "-c", driver]
    command = [*head, *extra, "run", str(SCENARIO), "--out", str(out)]
    return subprocess.Popen(
        command, cwd=REPO, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def list_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def check_complete(folder: Path, files: list[str], csv: bytes) -> None:
    """``folder`` is a complete output folder (the old one or the new one: same data)."""
    assert folder.is_dir(), f"{folder} is missing"
    assert list_files(folder) == files
    json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (folder / "allocation.csv").read_bytes() == csv


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False


def writing(out: Path, process: subprocess.Popen[bytes]) -> Callable[[], bool]:
    """Whether ``process`` has started writing its temporary folder (or has ended)."""
    temp = out / f".{NAME}.tmp-{process.pid}"
    return lambda: temp.exists() or process.poll() is not None


@pytest.fixture
def complete_run(tmp_path: Path) -> tuple[Path, list[str], bytes, float, float]:
    """OUT with a complete folder; its files and CSV; a run's time and its writing time [s].

    The second of two runs is timed (the first one also compiles the modules).
    """
    out = tmp_path / "out"
    for _ in range(2):
        began = time.monotonic()
        process = start_run(out)
        wait_for(writing(out, process), 120)
        writing_began = time.monotonic()
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        ended = time.monotonic()
    folder = out / NAME
    files = list_files(folder)
    assert "manifest.json" in files and "allocation.xlsx" in files and "report.html" in files
    csv = (folder / "allocation.csv").read_bytes()
    return out, files, csv, ended - began, ended - writing_began


def test_a_killed_writer_leaves_the_old_or_the_new_folder(
    complete_run: tuple[Path, list[str], bytes, float, float],
) -> None:
    out, files, csv, seconds, writing_s = complete_run
    folder = out / NAME
    rng = random.Random(20240607)
    began = time.monotonic()
    kills = 0
    for attempt in range(KILLS):
        if time.monotonic() - began > KILL_BUDGET_S:
            break
        slow = attempt % 2 == 1
        process = start_run(out, driver=SLOW_RENAMES if slow else None)
        if slow:  # aim at the writing: from the moment the temporary folder appears
            wait_for(writing(out, process), 2 * seconds + 5)
            delay = rng.uniform(0.0, writing_s + 1.5)
        else:  # anywhere: starting, reading, solving, writing
            delay = rng.uniform(0.05 * seconds, seconds)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        check_complete(folder, files, csv)
    assert kills >= 5, "the runs ended before they could be killed"
    # the next complete run tidies what the killed ones left
    process = start_run(out)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    check_complete(folder, files, csv)
    assert sorted(os.listdir(out)) == [NAME]


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replace"])
def test_two_concurrent_writers_of_one_folder_both_succeed(tmp_path: Path, existing: bool) -> None:
    out = tmp_path / "out"
    if existing:
        first = start_run(out)
        assert first.wait(timeout=120) == 0
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    runs = [start_run(out, driver=MEET_BEFORE_SWAP, extra=(str(barrier),)) for _ in range(2)]
    results = [run.communicate(timeout=180) for run in runs]
    for run, (_, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err.decode()
    assert len(list(barrier.iterdir())) == 2
    folder = out / NAME
    files = list_files(folder)
    assert "manifest.json" in files and "allocation.xlsx" in files
    json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(os.listdir(out)) == [NAME]  # no .old, .tmp or .lock left


# --------------------------------------------------------------------------
# In-process: leftovers, fallback, lock
# --------------------------------------------------------------------------


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def make_folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "allocation.csv").write_text(text, encoding="utf-8")
    return path


def fill_with(text: str) -> Callable[[Path], None]:
    def fill(temp: Path) -> None:
        (temp / "allocation.csv").write_text(text, encoding="utf-8")

    return fill


def failing_fill(temp: Path) -> None:
    (temp / "allocation.csv").write_text("half", encoding="utf-8")
    raise RuntimeError("the fill failed")


def test_stale_leftovers_of_dead_processes_are_removed(tmp_path: Path) -> None:
    target = make_folder(tmp_path / "s", "old")
    pid = dead_pid()
    make_folder(tmp_path / f".s.tmp-{pid}", "half-written")
    make_folder(tmp_path / f".s.old-{pid}", "older")
    make_folder(tmp_path / ".other.tmp-1", "not ours")  # another folder's: left alone
    outputs.write_folder_atomically(target, fill_with("new"))
    assert (target / "allocation.csv").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == [".other.tmp-1", "s"]


def test_leftovers_of_running_processes_are_kept(tmp_path: Path) -> None:
    target = make_folder(tmp_path / "s", "old")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        make_folder(tmp_path / f".s.tmp-{sleeper.pid}", "being written")
        outputs.write_folder_atomically(target, fill_with("new"))
        assert (tmp_path / f".s.tmp-{sleeper.pid}" / "allocation.csv").exists()
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_moved_away_old_folder_of_a_dead_writer_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(outputs, "exchange_paths", lambda a, b: False)
    pid = dead_pid()
    make_folder(tmp_path / f".s.old-{pid}", "old")  # killed between its two renames
    target = tmp_path / "s"
    with pytest.raises(RuntimeError, match="the fill failed"):
        outputs.write_folder_atomically(target, failing_fill)
    assert (target / "allocation.csv").read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["s"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_replace_keeps_the_old_folder_until_the_new_one_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(outputs, "exchange_paths", lambda a, b: False)
    target = make_folder(tmp_path / "s", "old")
    with pytest.raises(RuntimeError):
        outputs.write_folder_atomically(target, failing_fill)
    assert (target / "allocation.csv").read_text(encoding="utf-8") == "old"
    outputs.write_folder_atomically(target, fill_with("new"))
    assert (target / "allocation.csv").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["s"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_exchange_paths_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a = make_folder(tmp_path / "a", "A")
    b = make_folder(tmp_path / "b", "B")
    assert outputs.exchange_paths(a, b) is True
    assert (a / "allocation.csv").read_text(encoding="utf-8") == "B"
    assert (b / "allocation.csv").read_text(encoding="utf-8") == "A"
    with pytest.raises(FileNotFoundError):
        outputs.exchange_paths(a, tmp_path / "missing")


def test_the_lock_is_exclusive_and_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "s"
    code = (
        "import sys; from pathlib import Path; from quota.outputs import folder as outputs\n"
        "print('trying', flush=True)\n"
        "with outputs.folder_lock(Path(sys.argv[1])): print('locked', flush=True)\n"
    )
    with outputs.folder_lock(target):
        assert (tmp_path / ".s.lock").exists()
        other = subprocess.Popen(
            [sys.executable, "-c", code, str(target)], cwd=REPO, env=_env(), stdout=subprocess.PIPE
        )
        assert other.stdout is not None
        assert other.stdout.readline().strip() == b"trying"
        time.sleep(0.5)
        assert other.poll() is None  # blocked while we hold the lock
    out, _ = other.communicate(timeout=30)
    assert out.decode().strip() == "locked"
    assert other.returncode == 0
    assert not (tmp_path / ".s.lock").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS], ids=["EINVAL", "ENOSYS"])
def test_exchange_paths_reports_a_file_system_without_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def unsupported(a: bytes, b: bytes, flags: int) -> int:
        ctypes.set_errno(code)
        return -1

    monkeypatch.setattr(outputs, "_renameat2", lambda: unsupported)
    a = make_folder(tmp_path / "a", "A")
    b = make_folder(tmp_path / "b", "B")
    assert outputs.exchange_paths(a, b) is False
    assert (a / "allocation.csv").read_text(encoding="utf-8") == "A"
    target = make_folder(tmp_path / "s", "old")
    outputs.write_folder_atomically(target, fill_with("new"))  # two renames instead
    assert (target / "allocation.csv").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["a", "b", "s"]


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.machine() not in ("x86_64", "aarch64"),
    reason="renameat2 system call number known for x86_64 and aarch64",
)
def test_exchange_paths_works_through_the_system_call_without_a_libc_wrapper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    libc = ctypes.CDLL(None, use_errno=True)

    class OldLibc:  # a C library from before renameat2 (glibc < 2.28)
        syscall = libc.syscall

    monkeypatch.setattr(outputs.ctypes, "CDLL", lambda *args, **kwargs: OldLibc())
    outputs._renameat2.cache_clear()
    try:
        a = make_folder(tmp_path / "a", "A")
        b = make_folder(tmp_path / "b", "B")
        assert outputs.exchange_paths(a, b) is True
        assert (a / "allocation.csv").read_text(encoding="utf-8") == "B"
        with pytest.raises(FileNotFoundError):
            outputs.exchange_paths(a, tmp_path / "missing")
    finally:
        outputs._renameat2.cache_clear()


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl is POSIX only")
def test_a_file_system_without_locks_still_gets_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    target = make_folder(tmp_path / "s", "old")
    outputs.write_folder_atomically(target, fill_with("new"))
    assert (target / "allocation.csv").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["s"]
