"""Labels of the meeting page (quota serve): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {}
