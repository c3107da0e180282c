"""Load scenario files: strict safe YAML, ``extends`` with a deep merge, validation.

Merge order, written down once: a scenario's own keys override those of the
file it ``extends`` (recursively: mappings merge key by key; scalars and lists
replace). Relative paths are resolved against the file that states them.

Reading is strict and bounded: the file must be a regular file of at most
:data:`~quota.config.reading.MAX_SCENARIO_BYTES`; a key given twice, anchors
and aliases (``&x``, ``*x``), merge keys (``<<:``) and tags other than the
plain YAML types are refused while the file is parsed, before anything is
expanded. The line of every key is recorded
(:class:`~quota.config.places.Where`), so every error names the file, the
line and the key path, e.g. ``xinzhou.yaml, line 12 (kinds.admin.pool): ...``;
a key that comes from the file an ``extends`` names points at that file's line.

The steps live in their own modules:

- :mod:`quota.config.reading`: one file, bounded (regular file, 1 MB, UTF-8);
- :mod:`quota.config.strict_yaml`: the strict parser and the line of every key,
  :mod:`quota.config.yaml_syntax` its syntax errors in plain words;
- :mod:`quota.config.extends`: ``extends`` and the deep merge;
- :mod:`quota.config.validation`: pydantic's errors as plain sentences.

Every message is a :class:`~quota.errors.Msg` of the catalog (``config.*``),
said in Chinese or English when it is printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quota.config.extends import load_located, merge_scenarios
from quota.config.places import Where
from quota.config.schema import Scenario
from quota.config.validation import format_validation_error
from quota.errors import InputError


def build_scenario(
    raw: dict[str, Any], source: str = "scenario", where: Where | None = None
) -> Scenario:
    """Validate a merged scenario mapping; ``where``: the places of its keys, if known."""
    full = {**raw, "source": source}
    try:
        return Scenario.model_validate(full)
    except ValidationError as exc:
        raise InputError(format_validation_error(exc, Path(source).name, full, where)) from None


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

    Raises
    ------
    InputError
        The file, a file it extends or the merged scenario is not valid; the
        message names the file, the line and the key path.
    """
    file = Path(path)
    raw, where = load_located(file)
    return build_scenario(raw, str(file.resolve()), where)


def _plain(value: Any) -> Any:
    """NumPy scalars (``np.int64(412)``) as Python numbers, inside mappings and lists too."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    return value


def change_scenario(scenario: Scenario, changes: dict[str, Any]) -> Scenario:
    """A new scenario with ``changes`` merged in the way ``extends:`` merges files.

    Mappings merge key by key, scalars and lists replace; the result is
    validated like a loaded file. ``scenario`` itself is not changed. NumPy
    numbers in ``changes`` are taken as the Python numbers they hold.

    Examples
    --------
    >>> more = change_scenario(base, {"name": "more", "kinds": {"admin": {"pool": 412}}})
    """
    raw = scenario.model_dump(mode="json", exclude={"source"})
    return build_scenario(merge_scenarios(raw, _plain(changes)), scenario.source or "scenario")
