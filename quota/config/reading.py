"""Read one scenario file, bounded: a regular file of at most 1 MB, UTF-8, one mapping.

Folders, devices (``/dev/zero``), pipes and sockets are refused before they
are opened, and no more than :data:`MAX_SCENARIO_BYTES` + 1 bytes are read,
whatever the file claims to hold.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from quota.config.places import Where, first_line
from quota.config.strict_yaml import parse_scenario_text
from quota.errors import InputError
from quota.locale import msg

MAX_SCENARIO_BYTES = 1024 * 1024


def show_path(path: Path | str) -> str:
    """A path as text, with control characters (a NUL byte, a newline) written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


def describe_reason(exc: BaseException) -> str:
    """Why a file could not be read, as the system says it (``Permission denied``)."""
    return getattr(exc, "strerror", None) or first_line(str(exc)) or type(exc).__name__


def _unreadable(path: Path, exc: BaseException) -> InputError:
    return InputError(
        msg("config.file.unreadable", path=show_path(path), reason=describe_reason(exc))
    )


def read_scenario_bytes(path: Path, limit: int = MAX_SCENARIO_BYTES) -> bytes:
    """The bytes of a scenario file: a regular file, read at most ``limit + 1`` bytes.

    Folders, devices (``/dev/zero``), pipes and sockets are refused before they
    are opened; the size is not taken from ``st_size`` (0 for a device).
    """
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(msg("config.file.not_found", path=show_path(path))) from None
    except (OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(msg("config.file.folder", path=show_path(path)))
    if not stat.S_ISREG(status.st_mode):
        raise InputError(msg("config.file.not_regular", path=show_path(path)))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
        with open(descriptor, "rb", closefd=True) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(msg("config.file.not_regular", path=show_path(path)))
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if len(raw) > limit:
        raise InputError(msg("config.file.too_large", file=path.name))
    return raw


def read_located(path: Path) -> tuple[dict[str, Any], Where]:
    """Read a scenario file's mapping and where each of its keys is written."""
    raw = read_scenario_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(msg("config.file.not_utf8", file=path.name)) from None
    loaded, where = parse_scenario_text(text, path.name)
    if loaded is None:
        raise InputError(msg("config.file.empty", file=path.name))
    if not isinstance(loaded, dict):
        raise InputError(msg("config.file.not_mapping", file=path.name))
    return loaded, where


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping with the strict safe loader."""
    return read_located(path)[0]
