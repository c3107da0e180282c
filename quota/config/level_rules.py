"""The scenario's keys for several levels: ``levels:``, ``units:`` and named pool sources.

``levels: [district, street]`` (up to four levels, top first, ending with
``street``); ``units:`` the upper units' own rules per kind
(:class:`UnitKindConfig`); ``pool: {existing: 355, from_city: 25}`` named
sources that add up to a kind's pool (:func:`split_pool_sources`). Re-exported
by :mod:`quota.config.schema`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from quota.config.basics import MAX_COUNT, MAX_KEY_NAME, NonNegInt, Strict, fail
from quota.config.columns import LEVEL_NAMES
from quota.locale import msg


def _check_source(name: Any, value: Any) -> None:
    """One named source of a pool: a short name and a whole number of quotas."""
    if not isinstance(name, str) or not 1 <= len(name) <= MAX_KEY_NAME:
        raise fail(
            msg("config.levels.source_name", name=str(name)[:40], limit=MAX_KEY_NAME), at="pool"
        )
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise fail(
            msg("config.levels.source_value", name=name, value=repr(value)[:40], limit=MAX_COUNT),
            at="pool",
        )


def split_pool_sources(data: Any) -> Any:
    """``pool: {existing: 355, from_city: 25}`` -> ``pool: 380`` and its ``pool_sources``.

    The sources are whole numbers (0 allowed) and add up to the pool, at least 1;
    ``pool_sources`` written out must agree with ``pool``.
    """
    if not isinstance(data, dict):
        return data
    pool, sources = data.get("pool"), data.get("pool_sources")
    if isinstance(pool, dict):
        if sources is not None:
            raise fail(msg("config.levels.sources_twice"), at="pool_sources")
        if not pool:
            raise fail(msg("config.levels.sources_empty"), at="pool")
        for name, value in pool.items():
            _check_source(name, value)
        total = sum(pool.values())
        if not 1 <= total <= MAX_COUNT:
            raise fail(msg("config.levels.sources_total", total=total, limit=MAX_COUNT), at="pool")
        return {**data, "pool": total, "pool_sources": dict(pool)}
    if isinstance(sources, dict) and isinstance(pool, int) and not isinstance(pool, bool):
        added = sum(v for v in sources.values() if isinstance(v, int))
        if added != pool:
            raise fail(
                msg("config.levels.sources_disagree", total=added, pool=pool), at="pool_sources"
            )
    return data


#: a level of a scenario's ``levels:`` list
LevelName = Literal["province", "city", "county", "district", "street"]
#: most levels of one scenario (``[province, city, county, street]``)
MAX_LEVELS = 4
#: longest unit name a scenario may state [characters]
MAX_UNIT_NAME = 200

UnitKey = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_UNIT_NAME)]
TurnoverShare = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0.0, lt=1.0)]


class UnitKindConfig(Strict):
    """A unit's own rules for one kind when it divides its allocation (``units:``).

    ``turnover_share``: the share of its base + quantified quotas the unit keeps
    as its own turnover reserve (default 0; not inherited by the units below).
    ``floor``, ``ceiling``, ``max_change``: per street, for every street under
    the unit, in place of the kind's (a unit lower down overrides a higher one).
    """

    turnover_share: TurnoverShare | None = None
    floor: NonNegInt | None = None
    ceiling: NonNegInt | None = None
    max_change: NonNegInt | None = None

    @model_validator(mode="after")
    def _floor_below_ceiling(self) -> UnitKindConfig:
        if self.floor is not None and self.ceiling is not None and self.floor > self.ceiling:
            raise fail(
                msg("config.rule.kind.floor_above_ceiling", floor=self.floor, ceiling=self.ceiling),
                at="ceiling",
            )
        return self


#: the keys of one table in ``unit_data:`` (a data source: a path and, for XLSX, a sheet)
_SOURCE_KEYS = frozenset({"path", "sheet"})


def is_one_source(value: Any) -> bool:
    """Whether a ``unit_data:`` value is one table (a path or ``{path, sheet}``), not per level."""
    return isinstance(value, str) or (
        isinstance(value, dict) and bool(value) and set(value) <= _SOURCE_KEYS
    )


def spread_unit_data(data: Any) -> Any:
    """``unit_data: districts.csv`` -> ``unit_data: {district: districts.csv}``.

    One table (a path, or ``{path, sheet}``) is the table of the level just
    above the streets; a mapping of levels to tables names each table's level.
    ``unit_data`` needs ``levels`` (checked here, before the path's form is).
    """
    if not isinstance(data, dict) or data.get("unit_data") is None:
        return data
    levels = data.get("levels")
    if not isinstance(levels, list) or len(levels) < 2:
        raise fail(msg("config.levels.unit_data_need_levels"), at="unit_data")
    value = data["unit_data"]
    if is_one_source(value) and isinstance(levels[-2], str):
        return {**data, "unit_data": {levels[-2]: value}}
    return data


def check_unit_data_levels(unit_data: dict[str, Any], levels: Sequence[str] | None) -> None:
    """Every level of ``unit_data`` is an upper level of ``levels``."""
    upper = list(levels or [])[:-1]
    for level in unit_data:
        if level not in upper:
            raise fail(
                msg("config.levels.unit_data_level", level=str(level)[:40], levels=upper),
                at="unit_data",
            )


def check_levels(value: list[str] | None) -> list[str] | None:
    """Up to four levels, top first, each once, ending with ``street``; ``[street]`` is one level."""
    if value is None:
        return None
    order = [LEVEL_NAMES.index(name) for name in value]
    if not value or value[-1] != "street":
        raise fail(msg("config.levels.last_street", levels=list(value)))
    if len(value) > MAX_LEVELS:
        raise fail(msg("config.levels.too_many", levels=list(value), limit=MAX_LEVELS))
    if any(b <= a for a, b in zip(order, order[1:], strict=False)):
        raise fail(msg("config.levels.order", levels=list(value), order=list(LEVEL_NAMES)))
    return None if len(value) == 1 else list(value)
