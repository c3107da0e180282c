"""Write a result's output folder: complete or not at all.

Files are written into a temporary sibling folder ``.<name>.tmp-<pid>`` which
replaces the target only once everything is in it; a failure leaves the
previous folder as it was.

On Linux the complete new folder and the previous one are swapped in one step
(``renameat2`` with ``RENAME_EXCHANGE``), so at every moment, even when the
process is killed, ``<name>`` is either the complete previous folder or the
complete new one. Elsewhere (another OS, a file system without the exchange)
the previous folder is first renamed to ``.<name>.old-<pid>``; a write that
finds such a folder of a process that died, with ``<name>`` missing, puts it
back. Leftover temporary folders of dead processes are removed at the start of
every write, and writers of the same folder take turns for the swap through the
lock file ``.<name>.lock`` (``fcntl.flock``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import math
import os
import platform
import re
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.config.schema import RESULT_COLUMNS, UPPER_LEVELS
from quota.errors import InputError, OutputError, QuotaError
from quota.locale import msg

if TYPE_CHECKING:
    from quota.results.result import Result

_FLOAT_FORMATS = {"score": "{:.6f}", "ideal": "{:.4f}"}
#: text columns of allocation.csv (the others are numbers)
_TEXT_COLUMNS = ("street", "kind")
#: first characters that make a spreadsheet program read a cell as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def protect_csv_text(value: object) -> object:
    """A text cell that spreadsheet programs show as text, never run as a formula.

    Text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading single quote ``'`` (the OWASP advice against CSV injection).
    Carriage returns inside the text become line feeds, which the CSV writer
    quotes (a bare carriage return would start a new row there, and that row
    could begin with ``=``). Other values, missing ones and numbers are
    returned unchanged.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES):
        value = "'" + value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def protect_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns go through :func:`protect_csv_text`."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(object).map(protect_csv_text)
    return out


def format_allocation_csv(table: pd.DataFrame) -> str:
    """The allocation table as CSV text: canonical columns, fixed float formats, ``\\n`` lines.

    Text cells (``street``, ``kind``) that begin with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return are written with a leading single quote ``'``
    (``'=1+1``), so Excel, LibreOffice and the like show them as text instead of
    running them as formulas (CSV injection, OWASP); carriage returns inside
    them are written as (quoted) line feeds, see :func:`protect_csv_text`.
    Numbers are written as they are, negative changes such as ``-3`` included; with
    decisions the table's ``auto_total`` and ``decided`` come last.
    """
    from quota.outputs.decisions import DECISION_COLUMNS

    extra = [c for c in DECISION_COLUMNS if c in table.columns]
    levels = [c for c in UPPER_LEVELS if c in table.columns]  # with levels: district, ...
    out = table.loc[:, [*levels, *RESULT_COLUMNS, *extra]].copy()
    for column, fmt in _FLOAT_FORMATS.items():
        out[column] = [fmt.format(v) for v in out[column].to_numpy(dtype=float)]
    for column in levels:  # few names, each written many times: protect each name once
        names = out[column].astype(object)
        out[column] = names.map({v: protect_csv_text(v) for v in names.unique()})
    for column in (*_TEXT_COLUMNS, *(c for c in extra if c == "decided")):
        out[column] = out[column].astype(object).map(protect_csv_text)
    return out.to_csv(index=False, lineterminator="\n")


def write_csv_text(path: Path, text: str) -> None:
    """Write UTF-8 with BOM (Excel opens it with Chinese intact)."""
    path.write_bytes(("\ufeff" + text).encode("utf-8"))


def package_versions() -> dict[str, str]:
    """Versions of the packages a result depends on."""
    versions = {"python": platform.python_version()}
    for name in (
        "quota",
        "pulp",
        "highspy",
        "pandas",
        "numpy",
        "matplotlib",
        "XlsxWriter",
        "pydantic",
    ):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(result: Result, files: list[str]) -> dict[str, Any]:
    """The manifest: resolved scenario, inputs, versions, status, objective, decisions, timings."""
    from quota.outputs.decisions import decision_manifest

    scenario = result.scenario.model_dump(mode="json")
    kinds = result.kinds.astype(object).where(result.kinds.notna(), None).to_dict(orient="records")
    return {
        "scenario": scenario,
        "inputs": {
            "data": {
                "path": str(result.data.path),
                "sheet": result.data.sheet,
                "sha256": result.data.sha256,
            },
            "scenario_file": _hash_scenario(result.scenario.source),
            **_unit_files(result),
        },
        "versions": package_versions(),
        "platform": {
            "system": platform.system(),
            "machine": platform.machine(),
            "python": sys.version.split()[0],
        },
        "status": result.status,
        "objective": float(result.kinds["objective"].sum()),
        "kinds": kinds,
        "weights": {
            kind: {
                "method": wr.method,
                "weights": {name: round(float(w), 10) for name, w in wr.weights.items()},
                "details": {key: round(float(v), 10) for key, v in wr.details.items()},
                "transforms": result.transforms.get(kind, {}),
            }
            for kind, wr in result.weights.items()
        },
        "notices": [str(notice) for notice in result.notices],  # English: manifests stay stable
        **decision_manifest(result),
        "timings_s": {k: round(v, 4) for k, v in result.timings.items()},
        "files": files,
    }


def _unit_files(result: Result) -> dict[str, Any]:
    """``{"unit_data": level -> {path, sheet, sha256}}`` of the tables read, or nothing."""
    files = getattr(result.levels, "unit_files", None)
    return {"unit_data": files} if files else {}


def _hash_scenario(source: str | None) -> dict[str, str] | None:
    if not source:
        return None
    from quota.io.files import hash_file

    path = Path(source)
    if not path.exists():
        return None
    return {"path": str(path), "sha256": hash_file(path)}


#: virtual file systems of Linux: no place for output files
_VIRTUAL_ROOTS = (Path("/proc"), Path("/sys"))


def _not_a_folder(out_dir: Path, blocker: Path | None = None) -> InputError:
    if blocker is None or blocker == out_dir:
        return InputError(msg("outputs.out_not_folder", out_dir=out_dir))
    return InputError(msg("outputs.out_below_file", out_dir=out_dir, blocker=blocker))


def _target_not_a_folder(target: Path) -> InputError:
    return InputError(msg("outputs.target_not_folder", target=target))


def disk_full(folder: object, needed_mb: int) -> OutputError:
    """The disk holding ``folder`` has no room for about ``needed_mb`` MB."""
    return OutputError(msg("outputs.disk_full", folder=folder, needed_mb=needed_mb))


def permission_denied(folder: object) -> OutputError:
    """``folder`` cannot be written to."""
    return OutputError(msg("outputs.permission_denied", folder=folder))


def check_output_dir(out_dir: Path) -> Path:
    """Refuse an ``--out`` that cannot hold folders; returns it resolved.

    Refused: an existing file that is not a folder (a regular file,
    ``/dev/null``), a path below such a file, and anything under ``/proc`` or
    ``/sys``. A folder that does not exist yet is fine (it is created).

    Raises
    ------
    InputError
        ``--out /dev/null is not a folder``.
    """
    out_dir = Path(out_dir)
    try:
        resolved = out_dir.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop, a name too long
        raise InputError(msg("outputs.out_unusable", out_dir=out_dir, reason=exc)) from None
    if any(resolved == root or root in resolved.parents for root in _VIRTUAL_ROOTS):
        raise _not_a_folder(out_dir)
    for path in (resolved, *resolved.parents):
        try:
            found = os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            break  # cannot look (permission): writing will tell
        if not stat.S_ISDIR(found.st_mode):
            raise _not_a_folder(out_dir, None if path == resolved else path)
        break
    return resolved


def check_output_folder(out_dir: Path, name: str) -> Path:
    """The scenario's folder inside ``out_dir``; refuse names that would escape it.

    Also refuses an ``out_dir`` that cannot hold folders (see
    :func:`check_output_dir`) and a ``name`` taken by something that is not a
    folder, so the user hears about it before anything is solved.
    """
    root = check_output_dir(out_dir)
    target = (Path(out_dir) / name).resolve()
    if target.parent != root or name in ("", ".", ".."):
        raise InputError(msg("outputs.scenario_folder_name", name=name, out_dir=out_dir))
    if os.path.lexists(target) and not os.path.isdir(target):
        raise _target_not_a_folder(target)
    return target


# --------------------------------------------------------------------------
# Replacing a folder in one step
# --------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: renameat2 system call numbers, for a C library without the wrapper
_RENAMEAT2_SYSCALLS = {"x86_64": 316, "amd64": 316, "aarch64": 276, "arm64": 276}
#: errors meaning "no exchange here" (old kernel, file system without it): fall back
_NO_EXCHANGE = frozenset(
    {errno.ENOSYS, errno.EINVAL, getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}
)


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[[bytes, bytes, int], int] | None:
    """``renameat2(AT_FDCWD, a, AT_FDCWD, b, flags)`` through ctypes; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
        function.argtypes += [ctypes.c_uint]
        function.restype = ctypes.c_int

        def call(a: bytes, b: bytes, flags: int) -> int:
            return int(function(_AT_FDCWD, a, _AT_FDCWD, b, flags))

        return call
    number = _RENAMEAT2_SYSCALLS.get(platform.machine().lower())
    syscall = getattr(libc, "syscall", None)
    if number is None or syscall is None:
        return None
    syscall.restype = ctypes.c_long

    def call_syscall(a: bytes, b: bytes, flags: int) -> int:
        return int(
            syscall(
                ctypes.c_long(number),
                ctypes.c_int(_AT_FDCWD),
                ctypes.c_char_p(a),
                ctypes.c_int(_AT_FDCWD),
                ctypes.c_char_p(b),
                ctypes.c_uint(flags),
            )
        )

    return call_syscall


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Returns
    -------
    bool
        True when swapped; False when this system or file system cannot
        exchange (other OS, no ``renameat2``, ``ENOSYS``/``EINVAL``): nothing
        was changed and the caller falls back to two renames.

    Raises
    ------
    OSError
        Any other failure (permission denied, a path missing, ...).
    """
    function = _renameat2()
    if function is None:
        return False
    a, b = os.fsencode(str(first)), os.fsencode(str(second))
    if function(a, b, _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _is_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this machine); True when that cannot be known."""
    if pid == os.getpid():
        return True
    if os.name != "posix" or pid <= 0:
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # EPERM: alive, someone else's
    return True


def _leftover_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.(tmp|old)-(\d+)")


def recover_leftovers(target: Path) -> list[Path]:
    """Tidy what writers of ``target`` that died (killed, power cut) left beside it.

    When ``target`` is missing and a ``.<name>.old-<pid>`` folder of a dead
    process is there (the previous folder, moved away by the two-rename
    fallback), it is renamed back to ``target``. Every other
    ``.<name>.tmp-<pid>`` and ``.<name>.old-<pid>`` folder of a dead process is
    removed. Folders of running processes are left alone.

    Returns
    -------
    list of Path
        The leftovers found (restored or removed).
    """
    parent = target.parent
    pattern = _leftover_pattern(target)
    found: list[tuple[str, Path]] = []
    try:
        entries = list(os.scandir(parent))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match and not _is_alive(int(match[2])):
            found.append((match[1], Path(entry.path)))
    if not os.path.lexists(target):
        olds = [path for kind, path in found if kind == "old"]
        if olds:
            newest = max(olds, key=lambda path: path.stat().st_mtime)
            os.rename(newest, target)
    for _, path in found:
        if path.exists() and not path.is_symlink() and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            with contextlib.suppress(OSError):
                path.unlink()
    return [path for _, path in found]


#: errors of flock on file systems that have no locks (some network file systems)
_NO_LOCKS = frozenset(
    {errno.ENOLCK, errno.ENOSYS, getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}
)


@contextlib.contextmanager
def folder_lock(target: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``target`` (``.<name>.lock`` beside it, ``fcntl.flock``).

    Writers of the same folder, in any process, take turns inside the block.
    The lock file is removed on the way out (a writer that opened the removed
    file notices it holds a stale lock and takes the new one). Without
    ``fcntl`` (Windows), or on a file system without ``flock`` (``ENOLCK``),
    there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    path = target.parent / f".{target.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            locked = _lock_exclusively(fcntl, fd)
            held = os.fstat(fd)
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            break
        if current is not None and (current.st_dev, current.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # the file was removed by the previous holder: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        if locked:
            os.close(fd)


def _lock_exclusively(fcntl: Any, fd: int) -> bool:
    """``flock(fd, LOCK_EX)``, waiting; False on a file system without locks."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        if exc.errno in _NO_LOCKS:
            return False
        raise
    return True


def _swap_into_place(temp: Path, target: Path) -> Path | None:
    """Put the complete folder ``temp`` at ``target``; returns the previous folder to delete."""
    if not os.path.lexists(target):
        os.rename(temp, target)
        return None
    if target.is_symlink() or not target.is_dir():
        raise _target_not_a_folder(target)
    if exchange_paths(temp, target):
        return temp  # temp now holds the previous folder
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    os.rename(target, old)
    try:
        os.rename(temp, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_NO_PERMISSION = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def _find_os_error(exc: BaseException) -> OSError | None:
    """The OSError of a full disk or a missing permission behind ``exc``, if any.

    Libraries wrap them (XlsxWriter raises ``FileCreateError(OSError)``), so the
    chain of causes and the exception's arguments are searched too.
    """
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _DISK_FULL | _NO_PERMISSION:
            return current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += [a for a in current.args if isinstance(a, BaseException)]
    return None


def _folder_size(path: Path) -> int:
    """Bytes of the files under ``path`` (0 when it is missing)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def _output_error(exc: BaseException, target: Path, written: int) -> OutputError | None:
    """The OutputError for a full disk or a permission problem behind ``exc``; else None."""
    found = _find_os_error(exc)
    folder = target.parent
    if found is None:
        if isinstance(exc, OSError):  # another failure of the system: a sentence, no traceback
            reason = exc.strerror or type(exc).__name__
            return OutputError(
                msg("outputs.write_failed", folder=folder, reason=reason, errno=exc.errno)
            )
        return None
    if found.errno in _DISK_FULL:
        needed = max(written, _folder_size(target))
        return disk_full(folder, max(1, math.ceil(needed / 1e6)))
    return permission_denied(folder)


def write_folder_atomically(target: Path, fill: Callable[[Path], None]) -> Path:
    """Create ``target`` by letting ``fill`` write into a temporary folder, then swapping it in.

    A previous ``target`` is replaced only after ``fill`` succeeded, in one step
    where the system can (see the module docstring), and deleted afterwards.
    Before writing, leftovers of writers that died are tidied
    (:func:`recover_leftovers`). Any failure, in ``fill`` or later, removes the
    temporary folder and leaves the previous ``target`` as it was.

    Raises
    ------
    OutputError
        The disk is full or the folder cannot be written to (the message says
        which and where).
    InputError
        ``target`` exists and is not a folder.
    """
    target = Path(target)
    temp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    written = 0
    check_output_dir(target.parent)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with folder_lock(target):
            recover_leftovers(target)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        try:
            fill(temp)
            with folder_lock(target):
                previous = _swap_into_place(temp, target)
        except BaseException:
            written = _folder_size(temp)
            shutil.rmtree(temp, ignore_errors=True)
            raise
    except QuotaError:
        raise
    except Exception as exc:
        error = _output_error(exc, target, written)
        if error is None:
            raise
        raise error from exc
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
    return target


#: from this many rows of the allocation table the workbook, one process's work, takes
#: longer than the charts, which two processes share (measured at 40,000 units: 5 s of
#: workbook against 6 s of charts; at 1,000 the workbook takes a tenth of the charts)
WORKBOOK_FIRST_ROWS = 20_000
#: the niceness the charts' processes get then, so that the workbook is not slowed by them
CHART_NICE = 5


def write_result(result: Result, folder: Path, *, lang: str = "zh") -> Path:
    """Write every output file of a result into ``folder`` (complete or not at all)."""

    def fill(temp: Path) -> None:
        files: list[str] = []
        from quota.outputs.charts.job import start_charts
        from quota.outputs.charts.workers import SharedTasks
        from quota.outputs.decisions import localize_decision_columns

        def workbook(_: int) -> None:
            from quota.outputs.workbook import write_workbook

            write_workbook(result, temp / "allocation.xlsx", lang=lang)

        # the workbook, then the charts, each written by a helper process where that pays
        # (Linux, two cores), while this one writes the CSV and, once the charts are drawn,
        # the reports; the files are the same bytes whichever process writes them. A large
        # workbook takes longest: the charts' processes then give way to it (CHART_NICE)
        from quota.outputs.level_view import build_level_view

        view = build_level_view(result)  # with levels: checked, and the charts by level
        with (
            SharedTasks(1, workbook, background=True) as book,
            start_charts(
                result.table,
                temp,
                lang=lang,
                levels=None if view is None else view.units,
                nice=CHART_NICE if len(result.table) >= WORKBOOK_FIRST_ROWS else 0,
            ) as charts,
        ):
            table = localize_decision_columns(result.table, result.decisions, lang)
            write_csv_text(temp / "allocation.csv", format_allocation_csv(table))
            files.append("allocation.csv")
            from quota.outputs.levels_csv import write_levels_csv

            files += write_levels_csv(result, temp)
            from quota.outputs.docx.report_docx import write_report_docx

            files.append(write_report_docx(result, temp / "report.docx", lang=lang).name)
            from quota.outputs.report import prepare_reports

            # the reports are rendered while the charts are drawn; their PNGs go in after
            reports = prepare_reports(result, temp, [p.stem for p in charts.paths], lang=lang)
            files += [p.relative_to(temp).as_posix() for p in charts.wait()]
            files += [p.relative_to(temp).as_posix() for p in reports.finish()]
            book.finish()
            files.append("allocation.xlsx")
        manifest = build_manifest(result, sorted(files))
        (temp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
            encoding="utf-8",
        )

    return write_folder_atomically(folder, fill)


def write_extras(result: Result, folder: Path, *, lang: str, charts: bool = True) -> list[str]:
    """Charts (unless ``charts`` is False: written already) and reports; the relative paths."""
    written: list[str] = []
    if charts:
        from quota.outputs.charts import write_charts

        written += [
            p.relative_to(folder).as_posix() for p in write_charts(result.table, folder, lang=lang)
        ]
    from quota.outputs.report import write_reports

    written += [p.relative_to(folder).as_posix() for p in write_reports(result, folder, lang=lang)]
    return written
