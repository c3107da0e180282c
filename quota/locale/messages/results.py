"""Messages of :mod:`quota.results`: key -> (zh, en); see :mod:`quota.locale.messages`."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
