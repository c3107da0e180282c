"""Pieces of the methods' messages: quoted names, column names, parts of one message joined."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quota.config.columns import COLUMN_ALIASES
from quota.errors import Msg
from quota.locale import LABELS, msg


def quoted(names: Sequence[Any]) -> list[Msg]:
    """Names as message values: ``'a', 'b'`` in English (their repr), “a”、“b” in Chinese."""
    return [msg("methods.quoted", name=name) for name in names]


def join_parts(parts: Sequence[str | Msg]) -> str | Msg:
    """Parts of one message as one value: ``a; b`` in English, ``a；b`` in Chinese."""
    joined = parts[0]
    for part in parts[1:]:
        joined = msg("methods.parts", first=joined, second=part)
    return joined


def column_name(name: str) -> Msg:
    """A column as a message value: a known column's Chinese label in Chinese, else its name.

    In English it is always the name as it is (``population``, ``序号``).
    """
    entry = LABELS.get(name) if name in COLUMN_ALIASES else None
    zh = entry["zh"] if entry is not None else name
    return Msg(f"column.{name}", (_literal(zh), _literal(name)), {})


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
