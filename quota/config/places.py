"""Where the keys of a scenario file are written: file, line and key path.

The strict loader (:mod:`quota.config.strict_yaml`) records the line of every
key in a :class:`Where` tree, so every error names the file, the line and the
key path, e.g. ``xinzhou.yaml, line 12 (kinds.admin.pool): ...``; a key that
comes from the file an ``extends`` names points at that file's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quota.errors import Msg
from quota.locale import msg


@dataclass
class Where:
    """Where a key (or a list item) is written: file name, line and column (from 1).

    ``children`` holds the keys of the mapping (or the indexes of the list)
    under it. The root stands for the whole file.
    """

    file: str
    line: int
    column: int
    children: dict[Any, Where] = field(default_factory=dict)
    #: the line the value under the key starts on (a block value starts below its key)
    value_line: int | None = None

    def find(self, path: Iterable[Any]) -> Where | None:
        """The deepest known place along ``path``; None if not even its first key is known."""
        found: Where | None = None
        node = self
        for part in path:
            child = node.children.get(part) if is_hashable(part) else None
            if child is None:
                break
            found = node = child
        return found


def is_hashable(value: Any) -> bool:
    """Whether ``value`` can be a key of a dict (a list in a YAML key cannot)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


def where_text(file: str, line: int | None = None, path: str = "") -> Msg:
    """``file``, ``file, line 12``, ``file (a.b)`` or ``file, line 12 (a.b)``."""
    if line is not None and path:
        return msg("config.where.line_path", file=file, line=line, path=path)
    if line is not None:
        return msg("config.where.line", file=file, line=line)
    if path:
        return msg("config.where.path", file=file, path=path)
    return msg("config.where.file", file=file)


def show_key(key: Any) -> str:
    """A key as text, cut short after 40 characters."""
    text = key if isinstance(key, str) else str(key)
    return text if len(text) <= 40 else text[:37] + "…"


def format_key_path(path: Iterable[Any]) -> str:
    """``kinds.admin.pool``; long keys are cut short."""
    return ".".join(show_key(part) for part in path)


def first_line(text: str) -> str:
    """The first line of a library's message, at most 200 characters."""
    text = text.strip()
    return text.splitlines()[0][:200] if text else ""
