"""Messages of the meeting page (quota serve): key -> (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
