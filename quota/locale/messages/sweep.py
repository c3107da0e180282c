"""Messages of parameter sweeps and clusters (quota sweep, --scheduler, --dask): key -> (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
