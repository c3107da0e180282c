"""Messages of levels (city → districts → streets; levels.csv, district sheets): key -> (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
