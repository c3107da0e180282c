"""Labels of parameter sweeps and clusters (quota sweep, --scheduler, --dask): key -> (zh, en)."""

from __future__ import annotations

ENTRIES: dict[str, tuple[str, str]] = {}
