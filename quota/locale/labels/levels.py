"""Labels of levels (city → districts → streets; levels.csv, district sheets): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {}
