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
:func:`list_needed_columns` lists the columns the scenario then reads, with
their purposes, for the reader's checks.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from quota.config.columns import (
    COLUMN_ALIASES,
    canonical_column,
    normalize_header,
    suggest_header,
)
from quota.config.schema import OPT_OUT, BaseRule, KindConfig, Scenario
from quota.errors import InputError, Msg
from quota.io.table import StreetTable
from quota.locale import kind_name, msg
from quota.methods.workload import WISN_INDICATOR, is_table_indicator, list_workload_columns

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
    notices: tuple[str | Msg, ...]


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
    return next((c for c in columns if same_header(table.header(c), key)), None)


def same_header(header: str, key: str) -> bool:
    """Whether a table's header is ``key`` (normalised), also with its ``/`` left out."""
    return normalize_header(header) == key or normalize_header(header.replace("/", "")) == key


def suggest_column(name: str, table: StreetTable, *, recognised: bool = False) -> str | None:
    """The header of the table closest to ``name`` (for "did you mean ...?"), or None.

    A header the reader recognised means a known column: it is suggested only
    with ``recognised`` (indicators may be any column; a staff role may not
    borrow another kind's column). A header is also compared through the
    canonical name the reader gave its column; see
    :func:`quota.config.columns.suggest_header` (cut-off 0.5, so that
    ``staff_admin`` is offered for ``onboard_admin``).
    """
    skip = {"street"} | (set() if recognised else set(COLUMN_ALIASES))
    columns = [c for c in table.frame.columns if c not in skip and not str(c).startswith("__blank")]
    headers = [table.header(c) for c in columns]
    known_as = {table.header(c): str(c) for c in columns}
    return suggest_header(name, headers, 0.5, known_as=known_as, same_column=False)


def looked_for(canonical: str) -> tuple[str, ...]:
    """The headers accepted for a canonical column, for a message (``...`` when there are more)."""
    aliases = COLUMN_ALIASES.get(canonical, ())
    shown = (canonical, *aliases[:6])
    return (*shown, "...") if len(aliases) > 6 else shown


def _did_you_mean(name: str, table: StreetTable, *, recognised: bool = False) -> Msg:
    close = suggest_column(name, table, recognised=recognised)
    return msg("model.did_you_mean", close=close) if close else msg("model.full_stop")


def _missing(where: str, name: str, why: Msg, table: StreetTable, fix: Msg) -> Msg:
    return msg(
        "model.column_missing",
        where=where,
        why=why,
        place=table.place,
        looked=looked_for(canonical_column(name)),
        hint=_did_you_mean(name, table),
        fix=fix,
    )


def _kind_columns(table: StreetTable) -> set[str]:
    kinds = set(KNOWN_KINDS)
    for column in table.frame.columns:
        for prefix in ("current_", "onboard_"):
            if str(column).startswith(prefix):
                kinds.add(str(column)[len(prefix) :])
    return kinds


def check_kind_name(kind: str, cfg: KindConfig, table: StreetTable) -> Msg | None:
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
    return msg("model.kind_typo", kind=kind, close=close[0])


def _role_what(role: str) -> Msg:
    """What a role's column counts: current quotas or staff on board."""
    return msg("model.role.current") if role == "current" else msg("model.role.onboard")


def _role_fix(role: str, where: str) -> Msg:
    """How to name a role's column, or opt out of the promise that needs it."""
    if role == "current":
        return msg("model.fix.role_current", where=where)
    return msg("model.fix.role_onboard", where=where)


def _role_notice(role: str, where: str, looked: tuple[str, ...]) -> Msg:
    """A role not needed and not found: what is then not shown."""
    if role == "current":
        return msg("model.notice.no_current", where=where, looked=looked)
    return msg("model.notice.no_onboard", where=where, looked=looked)


def _resolve_role(
    kind: str,
    cfg: KindConfig,
    role: str,
    table: StreetTable,
    *,
    needed_because: Msg | None,
    problems: list[Msg],
    notices: list[Msg],
) -> tuple[str | None, bool]:
    """Column for ``current``/``onboard`` of one kind and whether it was opted out."""
    named = cfg.current if role == "current" else cfg.onboard
    what = _role_what(role)
    where = f"kinds.{kind}"
    if named is not None and named.strip().lower() == OPT_OUT:
        return None, True
    if named is not None:
        column = find_column(named, table)
        if column is None:
            why = msg("model.why.role_named", what=what, kind=kind_name(kind), named=named)
            fix = msg("model.fix.name_role", where=where, role=role)
            problems.append(_missing(f"{where}.{role}", named, why, table, fix))
        return column, False
    default = f"{role}_{kind}"
    if default in table.frame.columns:
        return default, False
    if needed_because is not None:
        why = msg("model.why.role_needed", because=needed_because, what=what, kind=kind_name(kind))
        fix = _role_fix(role, where)
        problems.append(_missing(where, default, why, table, fix))
    else:
        notices.append(_role_notice(role, where, looked_for(default)))
    return None, False


def _resolve_name(
    name: str, where: str, why: Msg, table: StreetTable, problems: list[Msg]
) -> str | None:
    column = find_column(name, table)
    if column is None:
        problems.append(_missing(where, name, why, table, msg("model.fix.name_column")))
    return column


def _resolve_base(
    kind: str, rule: BaseRule | None, table: StreetTable, problems: list[Msg]
) -> BaseRule | None:
    if rule is None:
        return None
    for column, attr in (("offices", rule.per_office), ("units", rule.per_unit)):
        if attr is not None:
            _resolve_name(
                column,
                f"kinds.{kind}.base",
                msg("model.why.base_structure", column=column),
                table,
                problems,
            )
    if rule.column is not None:
        found = _resolve_name(
            rule.column,
            f"kinds.{kind}.base.column",
            msg("model.why.base_column", column=rule.column),
            table,
            problems,
        )
        if found is not None and found != rule.column:
            return rule.model_copy(update={"column": found})
    return rule


def _resolve_bound(
    kind: str, key: str, value: int | str | None, table: StreetTable, problems: list[Msg]
) -> int | str | None:
    if not isinstance(value, str):
        return value
    column = _resolve_name(
        value,
        f"kinds.{kind}.{key}",
        msg("model.why.bound_column", key=key, column=value),
        table,
        problems,
    )
    return column if column is not None else value


def _resolve_indicators(
    kind: str, cfg: KindConfig, table: StreetTable, problems: list[Msg]
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
                msg(
                    "model.indicator_missing",
                    kind=kind,
                    name=name,
                    place=table.place,
                    looked=looked_for(canonical_column(name)),
                    hint=_did_you_mean(name, table, recognised=True),
                )
            )
            resolved[name] = spec
            continue
        if column in first:
            problems.append(
                msg(
                    "model.indicator_twice",
                    kind=kind,
                    first=first[column],
                    name=name,
                    header=table.header(column),
                )
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
    problems: list[Msg] = []
    notices: list[Msg] = []
    roles: dict[str, KindRoles] = {}
    kinds: dict[str, KindConfig] = {}
    no_dismissal = scenario.constraints.no_dismissal
    for kind, cfg in scenario.kinds.items():
        trouble = check_kind_name(kind, cfg, table)
        if trouble:
            problems.append(trouble)
            continue
        current, current_out = _resolve_role(
            kind,
            cfg,
            "current",
            table,
            needed_because=msg("model.because.max_change") if cfg.max_change is not None else None,
            problems=problems,
            notices=notices,
        )
        if cfg.max_change is not None and current_out:
            problems.append(msg("model.cap_without_current", kind=kind))
        onboard, onboard_out = _resolve_role(
            kind,
            cfg,
            "onboard",
            table,
            needed_because=msg("model.because.no_dismissal") if no_dismissal else None,
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


def list_needed_columns(
    scenario: Scenario, roles: dict[str, KindRoles]
) -> tuple[dict[str, str | Msg], list[str]]:
    """Columns the scenario reads: {column: purpose}, and those that must be whole numbers.

    A purpose is a message (``results.purpose.*``) the reader's error names
    when the column is missing.
    """
    needed: dict[str, str | Msg] = {}
    whole: list[str] = []
    for kind, cfg in scenario.kinds.items():
        name_of_kind = kind_name(kind)
        for name in cfg.indicators:
            if is_table_indicator(cfg, name):
                needed.setdefault(name, msg("results.purpose.indicator", kind=name_of_kind))
        for name, purpose in list_workload_columns(kind, cfg).items():
            needed.setdefault(name, purpose)
        for column, purpose in _role_columns(kind, roles[kind]):
            needed.setdefault(column, purpose)
            whole.append(column)
        for column, purpose in _rule_columns(kind, cfg):
            needed.setdefault(column, purpose)
            whole.append(column)
    return needed, whole


def _role_columns(kind: str, roles: KindRoles) -> list[tuple[str, Msg]]:
    """The columns of a kind's current quotas and staff on board, with their purposes."""
    found: list[tuple[str, Msg]] = []
    if roles.current:
        found.append((roles.current, msg("results.purpose.current", kind=kind_name(kind))))
    if roles.onboard:
        found.append((roles.onboard, msg("results.purpose.onboard", kind=kind_name(kind))))
    return found


def _rule_columns(kind: str, cfg: KindConfig) -> list[tuple[str, Msg]]:
    """The whole-number columns a kind's base rule and bounds read, with their purposes."""
    name = kind_name(kind)
    found: list[tuple[str, Msg]] = []
    rule = cfg.base
    if rule is not None:
        if rule.per_office is not None:
            found.append(("offices", msg("results.purpose.base_per_office", kind=name)))
        if rule.per_unit is not None:
            found.append(("units", msg("results.purpose.base_per_unit", kind=name)))
        if rule.column is not None:
            found.append((rule.column, msg("results.purpose.base", kind=name)))
    if isinstance(cfg.floor, str):
        found.append((cfg.floor, msg("results.purpose.floor", kind=name)))
    if isinstance(cfg.ceiling, str):
        found.append((cfg.ceiling, msg("results.purpose.ceiling", kind=name)))
    if isinstance(cfg.max_change, str):
        found.append((cfg.max_change, msg("results.purpose.max_change", kind=name)))
    return found
