"""Load scenario files: safe YAML, ``extends`` with a deep merge, validation.

Merge order, written down once: a scenario's own keys override those of the
file it ``extends`` (recursively: mappings merge key by key; scalars and lists
replace). Relative paths are resolved against the file that states them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from quota.errors import InputError
from quota.schema import Scenario

MAX_SCENARIO_BYTES = 1024 * 1024
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


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping with the safe loader."""
    if not path.exists():
        raise InputError(f"{path}: scenario file not found")
    if path.stat().st_size > MAX_SCENARIO_BYTES:
        raise InputError(f"{path.name}: larger than 1 MB; a scenario file is a few lines of YAML")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path.name}: a scenario file must be UTF-8 text") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path.name}{where}: not valid YAML ({problem})") from None
    if loaded is None:
        raise InputError(f"{path.name}: the scenario file is empty")
    if not isinstance(loaded, dict):
        raise InputError(
            f"{path.name}: a scenario must be a mapping of keys (name:, data:, kinds: ...)"
        )
    return loaded


def _resolve_data(raw: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Make the ``data`` path of one file absolute, relative to that file's folder."""
    data = raw.get("data")
    if isinstance(data, str):
        return {**raw, "data": str((folder / data).resolve())}
    if isinstance(data, dict) and isinstance(data.get("path"), str):
        return {**raw, "data": {**data, "path": str((folder / data["path"]).resolve())}}
    return raw


def load_scenario_dict(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario file and everything it extends, merged, paths resolved."""
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(p.name for p in (*_seen, path))
        raise InputError(f"{path.name}: 'extends' goes round in a circle ({chain})")
    if len(_seen) >= MAX_EXTENDS_DEPTH:
        raise InputError(f"{path.name}: 'extends' nests deeper than {MAX_EXTENDS_DEPTH} files")
    raw = _resolve_data(read_yaml(path), path.parent)
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    if not isinstance(parent, str):
        raise InputError(f"{path.name}: 'extends' must be the path of another scenario file")
    base = load_scenario_dict(path.parent / parent, (*_seen, path))
    return merge_deep(base, raw)


def format_validation_error(error: ValidationError, source: str) -> list[str]:
    """Turn pydantic's errors into one plain sentence each, naming the key path."""
    messages = []
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"] if not str(part).startswith("function-"))
        kind = item["type"]
        if kind == "extra_forbidden":
            messages.append(f"{source}: unknown key {loc!r} (a typo?)")
        elif kind == "missing":
            messages.append(f"{source}: key {loc!r} is required")
        else:
            text = item["msg"].removeprefix("Value error, ")
            value = item.get("input")
            shown = f" (got {value!r})" if value is not None and not isinstance(value, dict) else ""
            messages.append(f"{source}: {loc}: {text}{shown}")
    return messages


def build_scenario(raw: dict[str, Any], source: str = "scenario") -> Scenario:
    """Validate a merged scenario mapping."""
    try:
        return Scenario.model_validate({**raw, "source": source})
    except ValidationError as exc:
        raise InputError(format_validation_error(exc, Path(source).name)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file (following ``extends``).

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    Scenario
        Frozen, validated; ``data.path`` is absolute.
    """
    file = Path(path)
    raw = load_scenario_dict(file)
    return build_scenario(raw, str(file.resolve()))


def change_scenario(scenario: Scenario, changes: dict[str, Any]) -> Scenario:
    """A new scenario with ``changes`` merged in the way ``extends:`` merges files.

    Mappings merge key by key, scalars and lists replace; the result is
    validated like a loaded file. ``scenario`` itself is not changed.

    Examples
    --------
    >>> more = change_scenario(base, {"name": "more", "kinds": {"admin": {"pool": 412}}})
    """
    raw = scenario.model_dump(mode="json", exclude={"source"})
    return build_scenario(merge_deep(raw, changes), scenario.source or "scenario")
