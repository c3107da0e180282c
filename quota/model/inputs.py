"""Resolve every column a scenario relies on, or stop and say which one is missing.

A promise printed is a promise kept: ``no_dismissal`` needs the staff on board
of every kind, ``max_change`` needs the current quotas, a base rule needs
``offices``/``units``, a floor, ceiling or cap naming a column needs that
column. Each role is resolved to a column of the street table here, before
anything is derived; when the data for a promise is missing the run stops with
the role, the headers looked for and the closest header present. Opting out is
explicit: ``onboard: none`` / ``current: none`` for one kind, or
``constraints: {no_dismissal: false}``.

Names in a scenario may be canonical (``hotline_tickets``), an accepted
Chinese header (``12345工单数``) or the header as written in the file
(``行政编制/现有编制``); :func:`resolve_scenario_columns` rewrites them to the
table's canonical column names, so every later step reads one name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from quota.config.columns import COLUMN_ALIASES, canonical_column, normalize_header
from quota.config.schema import OPT_OUT, BaseRule, KindConfig, Scenario
from quota.errors import InputError
from quota.io.table import StreetTable
from quota.methods.workload import WISN_INDICATOR, is_table_indicator

#: quota kinds the package knows by name (their columns have Chinese headers)
KNOWN_KINDS: tuple[str, ...] = ("admin", "institutional")


@dataclass(frozen=True)
class KindRoles:
    """Columns resolved for one kind.

    Attributes
    ----------
    current, onboard : str or None
        Canonical column of the current quotas / staff on board, or None.
    current_opted_out, onboard_opted_out : bool
        The scenario said ``current: none`` / ``onboard: none``.
    """

    current: str | None
    onboard: str | None
    current_opted_out: bool = False
    onboard_opted_out: bool = False


@dataclass(frozen=True)
class ResolvedColumns:
    """A scenario with its column names resolved against a table."""

    scenario: Scenario
    roles: dict[str, KindRoles]
    notices: tuple[str, ...]


def find_column(name: str, table: StreetTable) -> str | None:
    """The canonical column a scenario's name refers to, or None.

    Tried in order: the canonical name itself, the canonical name of an
    accepted header (``12345工单数`` → ``hotline_tickets``), the header as the
    file wrote it (compared without spaces, NFKC, case-folded).
    """
    columns = [c for c in table.frame.columns if c != "street"]
    if name in columns:
        return name
    canonical = canonical_column(name)
    if canonical in columns:
        return canonical
    key = normalize_header(name)
    for column in columns:
        header = table.header(column)
        if normalize_header(header) == key or normalize_header(header.replace("/", "")) == key:
            return column
    return None


def suggest_column(
    name: str, table: StreetTable, exclude: Iterable[str] = (), *, recognised: bool = False
) -> str | None:
    """The header of the table closest to ``name`` (for "did you mean ...?"), or None.

    A header the reader recognised means a known column: it is suggested only
    with ``recognised`` (indicators may be any column; a staff role may not
    borrow another kind's column).
    """
    skip = set(exclude) | {"street"} | (set() if recognised else set(COLUMN_ALIASES))
    choices: dict[str, str] = {}
    for column in table.frame.columns:
        if column in skip or str(column).startswith("__blank"):
            continue
        choices[normalize_header(table.header(column))] = table.header(column)
        choices[normalize_header(column)] = table.header(column)
    targets = [normalize_header(name)]
    canonical = canonical_column(name)
    targets += [normalize_header(a) for a in COLUMN_ALIASES.get(canonical, ())]
    best: tuple[float, str] | None = None
    for target in targets:
        for key, header in choices.items():
            ratio = difflib.SequenceMatcher(None, target, key).ratio()
            if ratio >= 0.5 and (best is None or ratio > best[0]):
                best = (ratio, header)
    return best[1] if best else None


def looked_for(canonical: str) -> str:
    """The headers accepted for a canonical column, for a message."""
    aliases = COLUMN_ALIASES.get(canonical, ())
    shown = ", ".join([canonical, *aliases[:6]])
    return f"{shown}, ..." if len(aliases) > 6 else shown


def _did_you_mean(
    name: str, table: StreetTable, exclude: Iterable[str] = (), *, recognised: bool = False
) -> str:
    close = suggest_column(name, table, exclude, recognised=recognised)
    return f". Did you mean {close!r}?" if close else "."


def _missing(where: str, name: str, why: str, table: StreetTable, fix: str) -> str:
    return (
        f"{where}: {why}, but the table {table.place} has no such column (looked for "
        f"{looked_for(canonical_column(name))}){_did_you_mean(name, table)} {fix}"
    )


def _kind_columns(table: StreetTable) -> set[str]:
    kinds = set(KNOWN_KINDS)
    for column in table.frame.columns:
        for prefix in ("current_", "onboard_"):
            if str(column).startswith(prefix):
                kinds.add(str(column)[len(prefix) :])
    return kinds


def check_kind_name(kind: str, cfg: KindConfig, table: StreetTable) -> str | None:
    """A problem when a kind matches no known kind and no column, but is close to one (a typo).

    A kind far from every known one is a new kind: its roles are resolved like
    any other (no dismissal then needs its staff on board, or ``onboard: none``).
    """
    known = _kind_columns(table)
    if kind in known or (cfg.current is not None and cfg.onboard is not None):
        return None
    close = difflib.get_close_matches(kind, sorted(known), n=1, cutoff=0.6)
    if not close:
        return None
    return (
        f"kinds.{kind}: {kind!r} is not a known quota kind and the table has no column for it "
        f"(looked for current_{kind} and onboard_{kind}); did you mean {close[0]!r}? A new kind "
        f"needs its columns named: current: <column> and onboard: <column> (or none) under "
        f"kinds.{kind}"
    )


def _resolve_role(
    kind: str,
    cfg: KindConfig,
    role: str,
    table: StreetTable,
    *,
    needed_because: str | None,
    problems: list[str],
    notices: list[str],
) -> tuple[str | None, bool]:
    """Column for ``current``/``onboard`` of one kind and whether it was opted out."""
    named = cfg.current if role == "current" else cfg.onboard
    what = "current quotas" if role == "current" else "staff on board"
    where = f"kinds.{kind}"
    if named is not None and named.strip().lower() == OPT_OUT:
        return None, True
    if named is not None:
        column = find_column(named, table)
        if column is None:
            problems.append(
                _missing(
                    f"{where}.{role}",
                    named,
                    f"the {what} of {kind} are to be read from {named!r}",
                    table,
                    f"Name an existing column under {where}.{role}.",
                )
            )
        return column, False
    default = f"{role}_{kind}"
    if default in table.frame.columns:
        return default, False
    if needed_because is not None:
        fix = (
            f"Name the column with {role}: <column> under {where}, or say that the promise is not "
            f"made: {role}: none under {where}"
        )
        fix += " or constraints: {no_dismissal: false}." if role == "onboard" else "."
        problems.append(
            _missing(
                where, default, f"{needed_because}, so the {what} of {kind} are needed", table, fix
            )
        )
    else:
        notices.append(
            f"{where}: no column of {what} (looked for {looked_for(default)}); "
            + (
                "the change against current quotas is not shown"
                if role == "current"
                else "vacancies are not shown"
            )
        )
    return None, False


def _resolve_name(
    name: str, where: str, why: str, table: StreetTable, problems: list[str]
) -> str | None:
    column = find_column(name, table)
    if column is None:
        problems.append(_missing(where, name, why, table, "Name an existing column."))
    return column


def _resolve_base(
    kind: str, rule: BaseRule | None, table: StreetTable, problems: list[str]
) -> BaseRule | None:
    if rule is None:
        return None
    for column, attr in (("offices", rule.per_office), ("units", rule.per_unit)):
        if attr is not None:
            _resolve_name(
                column,
                f"kinds.{kind}.base",
                f"the base rule needs the number of {column} of every street",
                table,
                problems,
            )
    if rule.column is not None:
        found = _resolve_name(
            rule.column,
            f"kinds.{kind}.base.column",
            f"the base quotas are to be read from {rule.column!r}",
            table,
            problems,
        )
        if found is not None and found != rule.column:
            return rule.model_copy(update={"column": found})
    return rule


def _resolve_bound(
    kind: str, key: str, value: int | str | None, table: StreetTable, problems: list[str]
) -> int | str | None:
    if not isinstance(value, str):
        return value
    column = _resolve_name(
        value,
        f"kinds.{kind}.{key}",
        f"the {key} of every street is to be read from {value!r}",
        table,
        problems,
    )
    return column if column is not None else value


def _resolve_indicators(
    kind: str, cfg: KindConfig, table: StreetTable, problems: list[str]
) -> dict[str, object]:
    resolved: dict[str, object] = {}
    first: dict[str, str] = {}
    for name, spec in cfg.indicators.items():
        if not is_table_indicator(cfg, name) or name == WISN_INDICATOR:
            resolved[name] = spec
            continue
        column = find_column(name, table)
        if column is None:
            problems.append(
                f"kinds.{kind}.indicators: no column {name!r} in {table.place} (looked for "
                f"{looked_for(canonical_column(name))})"
                f"{_did_you_mean(name, table, recognised=True)}"
            )
            resolved[name] = spec
            continue
        if column in first:
            problems.append(
                f"kinds.{kind}.indicators: {first[column]!r} and {name!r} are the same column "
                f"{table.header(column)!r}; name it once"
            )
            continue
        first[column] = name
        resolved[column] = spec
    return resolved


def resolve_scenario_columns(scenario: Scenario, table: StreetTable) -> ResolvedColumns:
    """Resolve every column the scenario relies on; raise with all that are missing.

    Returns the scenario with its column names rewritten to the table's
    canonical names, the resolved roles of each kind and notices for roles
    that are not needed and not found.

    Raises
    ------
    InputError
        A role a promise relies on, an indicator or a bound column has no
        column; a kind name matches nothing.
    """
    problems: list[str] = []
    notices: list[str] = []
    roles: dict[str, KindRoles] = {}
    kinds: dict[str, KindConfig] = {}
    no_dismissal = scenario.constraints.no_dismissal
    for kind, cfg in scenario.kinds.items():
        trouble = check_kind_name(kind, cfg, table)
        if trouble:
            problems.append(trouble)
            continue
        cap_reason = "max_change is set" if cfg.max_change is not None else None
        current, current_out = _resolve_role(
            kind,
            cfg,
            "current",
            table,
            needed_because=cap_reason,
            problems=problems,
            notices=notices,
        )
        if cfg.max_change is not None and current_out:
            problems.append(
                f"kinds.{kind}: max_change caps the change against the current quotas, but "
                f"current: none says there are none; remove one of the two"
            )
        onboard, onboard_out = _resolve_role(
            kind,
            cfg,
            "onboard",
            table,
            needed_because="no_dismissal is on" if no_dismissal else None,
            problems=problems,
            notices=notices,
        )
        roles[kind] = KindRoles(current, onboard, current_out, onboard_out)
        update: dict[str, object] = {
            "indicators": _resolve_indicators(kind, cfg, table, problems),
            "base": _resolve_base(kind, cfg.base, table, problems),
            "current": current if cfg.current is not None and not current_out else cfg.current,
            "onboard": onboard if cfg.onboard is not None and not onboard_out else cfg.onboard,
        }
        for key in ("floor", "ceiling", "max_change"):
            update[key] = _resolve_bound(kind, key, getattr(cfg, key), table, problems)
        kinds[kind] = cfg.model_copy(update=update)
    if problems:
        raise InputError(problems)
    return ResolvedColumns(
        scenario=scenario.model_copy(update={"kinds": kinds}),
        roles=roles,
        notices=tuple(notices),
    )
