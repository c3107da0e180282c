"""Tests of quota.io; :func:`strs` gives messages as the English text tests compare."""

from __future__ import annotations

from collections.abc import Iterable

from quota.errors import Msg


def strs(items: Iterable[str | Msg]) -> list[str]:
    """Messages (notices, problems) as their English texts, in order."""
    return [str(item) for item in items]
