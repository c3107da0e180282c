"""``extends``: a scenario file built on another one, merged key by key.

Merge order, written down once: a scenario's own keys override those of the
file it ``extends`` (recursively: mappings merge key by key; scalars and lists
replace; ``unit_data`` given as one table on one side replaces the table of the
level just above the streets, :func:`merge_scenarios`). Relative paths are
resolved against the file that states them. The places of the merged keys
follow the same rule (:func:`merge_where`), so an error about a key from the
extended file points at that file's line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from quota.config.level_rules import is_one_source
from quota.config.places import Where, format_key_path, where_text
from quota.config.reading import describe_reason, read_located, show_path
from quota.errors import InputError, Msg
from quota.locale import msg

MAX_EXTENDS_DEPTH = 10


def merge_deep(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key, everything else replaces. Returns a new dict."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_deep(merged[key], value)
        else:
            merged[key] = value
    return merged


def merge_scenarios(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """:func:`merge_deep` of two scenarios' mappings, ``unit_data`` of either form on each side.

    ``unit_data`` given as one table (a path or ``{path, sheet}``) on one side
    and per level on the other is first spread to the level just above the
    streets (of the merged ``levels``), so one table replaces that level's
    table instead of being mixed into the mapping key by key.
    """
    if isinstance(base.get("unit_data"), str | dict) and "unit_data" in override:
        levels = override.get("levels", base.get("levels"))
        base = _one_table_spread(base, levels)
        override = _one_table_spread(override, levels)
    return merge_deep(base, override)


def _one_table_spread(raw: dict[str, Any], levels: Any) -> dict[str, Any]:
    value = raw.get("unit_data")
    if not is_one_source(value) or not isinstance(levels, list) or len(levels) < 2:
        return raw
    if not isinstance(levels[-2], str):
        return raw
    return {**raw, "unit_data": {levels[-2]: value}}


def merge_where(
    base: Mapping[Any, Any], base_where: Where, override: Mapping[Any, Any], where: Where
) -> Where:
    """The places of ``merge_deep(base, override)``: a key stated by the override is its."""
    merged = Where(
        where.file, where.line, where.column, dict(base_where.children), where.value_line
    )
    for key, value in override.items():
        child = where.children.get(key)
        if child is None:
            continue
        base_child = base_where.children.get(key)
        if isinstance(value, dict) and isinstance(base.get(key), dict) and base_child is not None:
            merged.children[key] = merge_where(base[key], base_child, value, child)
        else:
            merged.children[key] = child
    return merged


def _place(where: Where | None, file: str, path: Iterable[Any]) -> Msg:
    found = where.find(path) if where is not None else None
    shown = format_key_path(path)
    if found is None:
        return where_text(file, None, shown)
    return where_text(found.file, found.line, shown)


def _absolute(folder: Path, text: str, where: Where, path: tuple[str, ...]) -> str:
    try:
        return str((folder / text).resolve())
    except (OSError, ValueError, RuntimeError) as exc:
        place = _place(where, where.file, path)
        raise InputError(
            msg("config.data.bad_path", where=place, reason=describe_reason(exc))
        ) from None


def _resolve_data(raw: dict[str, Any], folder: Path, where: Where | None = None) -> dict[str, Any]:
    """Make the ``data`` and ``unit_data`` paths of one file absolute, relative to its folder."""
    where = where or Where("scenario", 1, 1)
    data = raw.get("data")
    if isinstance(data, str):
        raw = {**raw, "data": _absolute(folder, data, where, ("data",))}
    elif isinstance(data, dict) and isinstance(data.get("path"), str):
        path = _absolute(folder, data["path"], where, ("data", "path"))
        raw = {**raw, "data": {**data, "path": path}}
    return _resolve_unit_data(raw, folder, where)


def _resolve_source(value: Any, folder: Path, where: Where, path: tuple[str, ...]) -> Any:
    """One table's path made absolute (a path, or ``{path, sheet}``); anything else as it is."""
    if isinstance(value, str):
        return _absolute(folder, value, where, path)
    if isinstance(value, dict) and isinstance(value.get("path"), str):
        return {**value, "path": _absolute(folder, value["path"], where, (*path, "path"))}
    return value


def _resolve_unit_data(raw: dict[str, Any], folder: Path, where: Where) -> dict[str, Any]:
    """The ``unit_data`` tables' paths, like ``data``'s: relative to the file that states them."""
    value = raw.get("unit_data")
    if value is None:
        return raw
    if is_one_source(value):
        return {**raw, "unit_data": _resolve_source(value, folder, where, ("unit_data",))}
    if isinstance(value, dict):
        resolved = {
            level: _resolve_source(source, folder, where, ("unit_data", str(level)))
            for level, source in value.items()
        }
        return {**raw, "unit_data": resolved}
    return raw


class _Plain(InputError):
    """An error about the ``extends`` chain itself: reported without "named by"."""


def _read_one(
    path: Path, seen: tuple[Path, ...], named_by: Msg | None
) -> tuple[Path, dict[str, Any], Where]:
    """One file of an ``extends`` chain: its resolved path, mapping and places."""
    try:
        try:
            path = path.resolve()
        except (OSError, ValueError, RuntimeError) as exc:
            shown = show_path(path)
            raise InputError(
                msg("config.file.unreadable", path=shown, reason=describe_reason(exc))
            ) from None
        if path in seen:
            chain = " -> ".join(p.name for p in (*seen, path))
            raise _Plain(msg("config.extends.circle", file=path.name, chain=chain))
        if len(seen) >= MAX_EXTENDS_DEPTH:
            raise _Plain(msg("config.extends.depth", file=path.name, depth=MAX_EXTENDS_DEPTH))
        raw, where = read_located(path)
    except _Plain as exc:
        raise InputError(exc.problems) from None
    except InputError as exc:
        if named_by is None:
            raise
        raise InputError(
            [msg("config.extends.named_by", problem=p, where=named_by) for p in exc.problems]
        ) from None
    return path, raw, where


def load_located(
    path: Path, _seen: tuple[Path, ...] = (), _named_by: Msg | None = None
) -> tuple[dict[str, Any], Where]:
    """Read a scenario file and everything it extends, merged, paths resolved, keys located."""
    path, raw, where = _read_one(path, _seen, _named_by)
    raw = _resolve_data(raw, path.parent, where)
    parent = raw.pop("extends", None)
    stated = where.children.pop("extends", None)
    if parent is None:
        return raw, where
    named_by = where_text(path.name, stated.line if stated else None)
    if not isinstance(parent, str) or not parent.strip():
        place = where_text(path.name, stated.line if stated else None, "extends")
        raise InputError(msg("config.extends.type", where=place))
    base, base_where = load_located(path.parent / parent, (*_seen, path), named_by)
    return merge_scenarios(base, raw), merge_where(base, base_where, raw, where)


def load_scenario_dict(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario file and everything it extends, merged, paths resolved."""
    return load_located(path, _seen)[0]
