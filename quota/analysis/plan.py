"""A scenario's transition plan, from the scenario file to ``<name>-plan/``.

:mod:`quota.analysis.transition` walks year by year from the staff on board to the new entitlement;
this module connects it to users:

* :func:`read_known_departures` reads known retirements from the street table's
  ``retiring_<kind>_<year>`` columns (e.g. ``retiring_admin_2027``);
* :func:`resolve_plan_settings` combines them with the scenario's ``plan:`` section and
  the command-line options into :class:`~quota.analysis.transition.PlanSettings`;
* :func:`plan_scenario` / :func:`plan_allocation` build the plan;
* :func:`write_plan` writes ``plan.csv``, ``plan.xlsx``, ``plan.md`` and
  ``charts/plan_onboard.png``, ``charts/plan_turnover.png``, complete or not at all.

Where departures come from, per street, kind and year: the ``retiring_*`` cell when the
street table has one, else the attrition rate (``--attrition`` over ``plan.attrition``).
A year, kind or street with neither is an error. The first plan year is ``--start-year``,
else ``plan.start_year``, else the earliest year of the ``retiring_*`` columns, else 1
(never the calendar year of the run: the same inputs give the same files).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from quota.analysis.transition import PLAN_COLUMNS, PROJECTION_LIMIT, Plan, PlanSettings, build_plan
from quota.config.scenario import load_scenario
from quota.config.schema import PlanConfig, Scenario
from quota.errors import InputError
from quota.io.table import StreetTable
from quota.locale import check_lang, kind_label, label
from quota.outputs import fonts
from quota.outputs.charts import COLORS, STYLE_RC, write_figure
from quota.outputs.folder import protect_csv_frame, write_csv_text, write_folder_atomically
from quota.pipeline import allocate
from quota.results.result import Result

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: a street-table column of known departures: ``retiring_<kind>_<year>``
RETIRING_PATTERN = re.compile(
    r"retiring_(?P<kind>[A-Za-z_]\w*?)_(?P<year>\d{1,4})", re.ASCII | re.IGNORECASE
)
#: above this many streets the onboard chart shows district sums instead of one panel per street
SMALL_PLAN_STREETS = 30
#: most streets listed by name in one line or table of ``plan.md``
MD_STREET_LIMIT = 30
#: line colours of the quota kinds, in scenario order
KIND_COLORS: tuple[str, ...] = ("#4C78A8", "#54A24B", "#B279A2", "#9D755D", "#E45756")
#: colour of turnover quotas returned to the district
RETURNED_COLOR = "#C9D3DF"
#: reach statuses of :func:`summarize_reach`
REACH_STATUSES: tuple[str, ...] = ("within", "projected", "never", "unknown")


@dataclass(frozen=True)
class KnownDepartures:
    """Known departures read from a street table's ``retiring_<kind>_<year>`` columns.

    Attributes
    ----------
    table : DataFrame
        ``street, kind, year, departures`` [people], one row per filled cell.
    columns : mapping
        ``(kind, year) -> column name`` of every column read.
    blanks : tuple
        ``(street, kind, year)`` of the empty cells (departures unknown there).
    notices : tuple of str
        Columns ignored, and why.
    """

    table: pd.DataFrame
    columns: Mapping[tuple[str, int], str]
    blanks: tuple[tuple[str, str, int], ...]
    notices: tuple[str, ...]

    @property
    def years(self) -> list[int]:
        """Years the columns give, in order."""
        return sorted({year for _, year in self.columns})


@dataclass(frozen=True, eq=False)
class ScenarioPlan:
    """A scenario's allocation and its transition plan.

    Attributes
    ----------
    result : Result
        The allocation the plan starts from.
    plan : Plan
        The plan (:attr:`Plan.table` has the columns of ``plan.csv``).
    known : KnownDepartures
        Known departures from the street table.
    rate_kinds : tuple of str
        Kinds with an attrition rate; only their year of reach is projected beyond
        the horizon.
    notices : tuple of str
        Reading notices of the allocation and of the plan.
    """

    result: Result
    plan: Plan
    known: KnownDepartures
    rate_kinds: tuple[str, ...]
    notices: tuple[str, ...]

    @property
    def name(self) -> str:
        """Name of the output folder: ``<scenario name>-plan``."""
        return f"{self.result.scenario.name}-plan"

    @property
    def table(self) -> pd.DataFrame:
        """The plan table (a copy), columns :data:`quota.analysis.transition.PLAN_COLUMNS`."""
        return self.plan.table.copy()

    @property
    def reach(self) -> pd.DataFrame:
        """Year each street reaches its entitlement, with its status (see :func:`summarize_reach`)."""
        return summarize_reach(self.plan, self.rate_kinds)

    def write(self, folder: str | Path, *, lang: str = "zh") -> Path:
        """Write every plan file into ``folder`` (complete or not at all); return it."""
        return write_plan(self, Path(folder), lang=lang)

    def plot(self, kind: str = "onboard", *, lang: str = "zh") -> Figure:
        """A plan chart: ``onboard`` (staff vs entitlement per street) or ``turnover``."""
        charts = {"onboard": plot_plan_onboard, "turnover": plot_plan_turnover}
        if kind not in charts:
            raise ValueError(f"unknown plan chart {kind!r}; choose onboard or turnover")
        return charts[kind](self.plan, self.result.table, lang=lang)


# ----------------------------------------------------------------------------- inputs


def _is_blank(cell: object) -> bool:
    if cell is None or cell is pd.NA:
        return True
    if isinstance(cell, str):
        return cell.strip() == ""
    return isinstance(cell, float) and math.isnan(cell)


def read_known_departures(data: StreetTable, kinds: Sequence[str]) -> KnownDepartures:
    """Read known departures from the ``retiring_<kind>_<year>`` columns of a street table.

    Parameters
    ----------
    data : StreetTable
        The street table (``Result.data``); its other columns are ignored.
    kinds : sequence of str
        Quota kinds of the scenario; the kind in a column name is matched without
        regard to case. Columns naming another kind are ignored with a notice.

    Returns
    -------
    KnownDepartures
        The filled cells as ``street, kind, year, departures`` [people]; empty cells
        are listed in :attr:`KnownDepartures.blanks`.

    Raises
    ------
    InputError
        A cell that is not a whole number of people, 0 or more (naming file, row,
        street and column), or two columns for the same kind and year.
    """
    by_lower = {kind.lower(): kind for kind in kinds}
    frame = data.frame
    streets = frame["street"].astype(str).tolist()
    records: list[tuple[str, str, int, int]] = []
    columns: dict[tuple[str, int], str] = {}
    blanks: list[tuple[str, str, int]] = []
    notices: list[str] = []
    problems: list[str] = []
    for column in map(str, frame.columns):
        match = RETIRING_PATTERN.fullmatch(column)
        if match is None:
            continue
        kind = by_lower.get(match["kind"].lower())
        if kind is None:
            notices.append(
                f"column '{column}' gives retirements of kind '{match['kind']}', which the "
                f"scenario does not allocate ({', '.join(kinds)}): ignored"
            )
            continue
        year = int(match["year"])
        if (kind, year) in columns:
            problems.append(
                f"columns '{columns[(kind, year)]}' and '{column}' both give the retirements "
                f"of kind {kind} in {year}: keep one"
            )
            continue
        columns[(kind, year)] = column
        header = data.headers.get(column, column)
        cells = frame[column].tolist()
        values = pd.to_numeric(frame[column], errors="coerce").tolist()
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if _is_blank(cell):
                blanks.append((streets[i], kind, year))
                continue
            number = float(value) if value is not None and value is not pd.NA else math.nan
            if not math.isfinite(number) or number < 0 or number % 1:
                row = data.rows[i] if i < len(data.rows) else i + 2
                problems.append(
                    f"{data.path.name}, row {row} (street {streets[i]}), column '{header}': "
                    f"{cell!r} is not a whole number of people leaving, 0 or more"
                )
                continue
            records.append((streets[i], kind, year, int(number)))
    if problems:
        raise InputError(problems)
    street_col, kind_col, year_col, count_col = (
        (list(c) for c in zip(*records, strict=True)) if records else ([], [], [], [])
    )
    table = pd.DataFrame(
        {
            "street": pd.array(street_col, dtype="str"),
            "kind": pd.array(kind_col, dtype="str"),
            "year": np.asarray(year_col, dtype=np.int64),
            "departures": np.asarray(count_col, dtype=np.int64),
        }
    )
    return KnownDepartures(
        table=table, columns=columns, blanks=tuple(blanks), notices=tuple(notices)
    )


def format_years(years: Sequence[int]) -> str:
    """Years as ranges, e.g. ``2027, 2029–2031``."""
    ordered = sorted(set(years))
    parts: list[str] = []
    start = previous = None
    for year in [*ordered, None]:
        if start is not None and (year is None or year != (previous or 0) + 1):
            parts.append(str(start) if start == previous else f"{start}–{previous}")
            start = None
        if year is not None and start is None:
            start = year
        previous = year
    return ", ".join(parts)


def _rate_of(rate: float | Mapping[str, float] | None, kind: str) -> float | None:
    if isinstance(rate, Mapping):
        return rate.get(kind)
    return rate


def check_attrition_sources(
    rate: float | Mapping[str, float] | None,
    kinds: Sequence[str],
    known: KnownDepartures,
    years: Sequence[int],
) -> None:
    """Check that every street, kind and plan year has known departures or a rate.

    Parameters
    ----------
    rate : float, mapping of str to float, or None
        Attrition rate [1/year], one for all kinds or one per kind.
    kinds : sequence of str
        Quota kinds of the scenario.
    known : KnownDepartures
        Known departures from the street table.
    years : sequence of int
        Plan year labels.

    Raises
    ------
    InputError
        Naming the kinds, years and streets without a source, and how to give one.
    """
    if isinstance(rate, Mapping):
        extra = [k for k in rate if k not in kinds]
        if extra:
            raise InputError(
                f"attrition rate given for kind(s) {', '.join(extra)}, which the scenario "
                f"does not allocate ({', '.join(kinds)})"
            )
    wanted = set(years)
    gaps: list[str] = []
    for kind in kinds:
        if _rate_of(rate, kind) is not None:
            continue
        absent = [y for y in years if (kind, y) not in known.columns]
        if absent and len(absent) == len(years):
            gaps.append(f"kind {kind}: no attrition rate and no retiring_{kind}_<year> column")
        elif absent:
            gaps.append(
                f"kind {kind}: no attrition rate and no retiring_{kind}_<year> column for "
                f"{format_years(absent)}"
            )
        empty = [(s, y) for s, k, y in known.blanks if k == kind and y in wanted]
        if empty:
            shown = "; ".join(f"{s} ({y})" for s, y in empty[:MD_STREET_LIMIT])
            more = (
                f" and {len(empty) - MD_STREET_LIMIT} more" if len(empty) > MD_STREET_LIMIT else ""
            )
            gaps.append(
                f"kind {kind}: no attrition rate for the empty retiring_{kind}_<year> cells of "
                f"{shown}{more}"
            )
    if not gaps:
        return
    if not known.columns:
        raise InputError(
            "the plan needs to know how many people leave each year: give --attrition RATE "
            "(e.g. 0.04 for 4% a year), or plan: {attrition: 0.04} in the scenario, or "
            "columns retiring_<kind>_<year> (e.g. retiring_admin_2027) in the street table"
        )
    raise InputError(
        [
            *gaps,
            "give --attrition RATE (e.g. 0.04) for the years and streets without known "
            f"retirements, or fill in the columns (plan years {format_years(years)})",
        ]
    )


def resolve_plan_settings(
    config: PlanConfig | None,
    kinds: Sequence[str],
    known: KnownDepartures,
    *,
    years: int | None = None,
    attrition: float | Mapping[str, float] | None = None,
    hiring_cap: int | Mapping[str, int] | None = None,
    start_year: int | None = None,
) -> tuple[PlanSettings, tuple[str, ...]]:
    """Combine options, the scenario's ``plan:`` section and known departures into settings.

    Parameters
    ----------
    config : PlanConfig or None
        The scenario's ``plan:`` section.
    kinds : sequence of str
        Quota kinds of the scenario.
    known : KnownDepartures
        Known departures from the street table.
    years, attrition, hiring_cap, start_year : optional
        Options that override the scenario: horizon [years], attrition rate
        [1/year], hiring cap [people/year], label of the first year.

    Returns
    -------
    settings : PlanSettings
        Kinds whose departures all come from columns get rate 0 (never used in the
        horizon).
    rate_kinds : tuple of str
        Kinds with a rate of their own.

    Raises
    ------
    InputError
        No horizon, bad values, or a street, kind and year without departures.
    """
    cfg = config or PlanConfig()
    n_years = years if years is not None else cfg.years
    if n_years is None:
        raise InputError(
            "how many years should the plan cover? give --years N (or plan: {years: N} in "
            "the scenario)"
        )
    if start_year is not None:
        first = start_year
    elif cfg.start_year is not None:
        first = cfg.start_year
    else:
        first = known.years[0] if known.years else 1
    cap = hiring_cap if hiring_cap is not None else cfg.hiring_cap
    PlanSettings(n_years, 0.0, cap, first)  # checks years, cap and start year first
    rate = attrition if attrition is not None else cfg.attrition
    plan_years = list(range(first, first + n_years))
    check_attrition_sources(rate, kinds, known, plan_years)
    rate_kinds = tuple(k for k in kinds if _rate_of(rate, k) is not None)
    resolved: float | dict[str, float]
    if rate is not None and not isinstance(rate, Mapping):
        resolved = rate
    else:
        resolved = {k: r if (r := _rate_of(rate, k)) is not None else 0.0 for k in kinds}
    return PlanSettings(n_years, resolved, cap, first), rate_kinds


def plan_allocation(
    result: Result,
    *,
    years: int | None = None,
    attrition: float | Mapping[str, float] | None = None,
    hiring_cap: int | Mapping[str, int] | None = None,
    start_year: int | None = None,
) -> ScenarioPlan:
    """Build the transition plan of an allocation.

    Parameters
    ----------
    result : Result
        The allocation (its scenario's ``plan:`` section gives the defaults).
    years : int, optional
        Plan horizon [years]; default ``plan.years``.
    attrition : float or mapping of str to float, optional
        Attrition rate [1/year]; default ``plan.attrition``. Known departures in
        ``retiring_<kind>_<year>`` columns take precedence where given.
    hiring_cap : int or mapping of str to int, optional
        Most hires per year and kind [people/year]; default ``plan.hiring_cap`` (none).
    start_year : int, optional
        Label of the first year; default ``plan.start_year``, else the earliest
        ``retiring_*`` year, else 1.

    Returns
    -------
    ScenarioPlan

    Raises
    ------
    InputError
        Bad settings, no source of departures, no staff on board in the data.
    """
    kinds = list(result.scenario.kinds)
    known = read_known_departures(result.data, kinds)
    settings, rate_kinds = resolve_plan_settings(
        result.scenario.plan,
        kinds,
        known,
        years=years,
        attrition=attrition,
        hiring_cap=hiring_cap,
        start_year=start_year,
    )
    pools = {
        str(k): int(p) for k, p in zip(result.kinds["kind"], result.kinds["pool"], strict=True)
    }
    departures = known.table if len(known.table) else None
    plan = build_plan(result.table, pools, settings, departures)
    plan_years = set(settings.plan_years)
    unused = [c for (_, year), c in known.columns.items() if year not in plan_years]
    notices = list(result.notices) + list(known.notices)
    if unused:
        notices.append(
            f"column(s) {', '.join(unused)} lie outside the plan years "
            f"{format_years(settings.plan_years)}: not used"
        )
    return ScenarioPlan(
        result=result, plan=plan, known=known, rate_kinds=rate_kinds, notices=tuple(notices)
    )


def plan_scenario(
    scenario: Scenario | str | Path,
    *,
    years: int | None = None,
    attrition: float | Mapping[str, float] | None = None,
    hiring_cap: int | Mapping[str, int] | None = None,
    start_year: int | None = None,
    solver: str | None = None,
) -> ScenarioPlan:
    """Allocate a scenario and build its transition plan.

    Parameters
    ----------
    scenario : Scenario, str or Path
        A loaded scenario or the path of its YAML file.
    years, attrition, hiring_cap, start_year : optional
        See :func:`plan_allocation`.
    solver : str, optional
        Engine of the allocation (see :func:`quota.allocate`).

    Returns
    -------
    ScenarioPlan
        ``.plan`` is the :class:`~quota.analysis.transition.Plan`; ``.write(folder)`` writes the files.

    Raises
    ------
    InputError, InfeasibleError
        As :func:`quota.allocate` and :func:`plan_allocation`.

    Examples
    --------
    >>> planned = plan_scenario("scenarios/xinzhou-baseline.yaml", years=5, attrition=0.04)
    >>> planned.plan.summary  # doctest: +SKIP
    """
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    result = allocate(loaded, solver=solver)
    return plan_allocation(
        result, years=years, attrition=attrition, hiring_cap=hiring_cap, start_year=start_year
    )


# ---------------------------------------------------------------------------- summaries


def summarize_reach(plan: Plan, rate_kinds: Sequence[str]) -> pd.DataFrame:
    """The year each street reaches its entitlement, with how that year is known.

    Parameters
    ----------
    plan : Plan
        A transition plan.
    rate_kinds : sequence of str
        Kinds with an attrition rate; for the others nothing is projected beyond the
        horizon.

    Returns
    -------
    DataFrame
        ``street, kind, year`` (Int64) and ``status``: ``within`` (the plan),
        ``projected`` (later, at the same rate and cap), ``never`` (not within
        :data:`quota.analysis.transition.PROJECTION_LIMIT` years) or ``unknown`` (not within the plan
        and no rate to project with; year ``<NA>``).
    """
    last = plan.last_year
    rates = set(rate_kinds)
    years: list[int | None] = []
    statuses: list[str] = []
    for kind, year in zip(
        plan.reach_year["kind"].astype(str), plan.reach_year["year"], strict=True
    ):
        has_rate = kind in rates
        if year is pd.NA or pd.isna(year):
            years.append(None)
            statuses.append("never" if has_rate else "unknown")
        elif int(year) <= last:
            years.append(int(year))
            statuses.append("within")
        elif has_rate:
            years.append(int(year))
            statuses.append("projected")
        else:
            years.append(None)
            statuses.append("unknown")
    return pd.DataFrame(
        {
            "street": plan.reach_year["street"].astype("str"),
            "kind": plan.reach_year["kind"].astype("str"),
            "year": pd.array(years, dtype="Int64"),
            "status": pd.array(statuses, dtype="str"),
        }
    )


def _kinds(table: pd.DataFrame) -> list[str]:
    return [str(k) for k in dict.fromkeys(table["kind"].astype(str))]


def format_plan_summary(planned: ScenarioPlan, target: Path | None = None) -> str:
    """A few lines about a plan for the terminal (English).

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    target : Path, optional
        Folder written, named on the first line.

    Returns
    -------
    str
        One line for the plan, one per kind: staff at start and end, departures,
        hires, turnover in use, how many streets reach their entitlement and when.
    """
    plan = planned.plan
    s = plan.settings
    last = plan.last_year
    span = "years " + format_years(s.plan_years) if s.years > 1 else format_year(last, "en")
    where = f" -> {target}" if target is not None else ""
    lines = [
        f"{planned.result.scenario.name}: {s.years}-year plan, {span}; "
        f"departures {describe_attrition(planned, 'en')}; hiring cap "
        f"{_describe_cap(s.hiring_cap, 'en')}{where}"
    ]
    reach = planned.reach
    for kind in _kinds(plan.table):
        rows = plan.summary[plan.summary["kind"] == kind]
        begin, end = rows.iloc[0], rows.iloc[-1]
        alloc = planned.result.table[planned.result.table["kind"].astype(str) == kind]
        mine = reach[reach["kind"] == kind]
        within = mine[mine["status"] == "within"]
        later = mine[mine["status"] == "projected"]
        parts = [
            f"  {kind}: on board {int(begin['onboard_start'])} -> {int(end['onboard_end'])}"
            f" (entitlement {int(end['entitlement'])}); {int(rows['departures'].sum())} leave,"
            f" {int(rows['hires'].sum())} hired; turnover in use {int(alloc['turnover'].sum())}"
            f" -> {int(end['turnover'])}; {len(within)} of {len(mine)} streets reach their"
            f" entitlement by {format_year(last, 'en')}"
        ]
        if len(later):
            parts.append(f", {len(later)} later (by {format_year(int(later['year'].max()), 'en')})")
        never = int((mine["status"] == "never").sum())
        if never:
            parts.append(f", {never} not within {PROJECTION_LIMIT} years")
        unknown = int((mine["status"] == "unknown").sum())
        if unknown:
            parts.append(f", {unknown} unknown (no rate)")
        lines.append("".join(parts))
    return "\n".join(lines)


def _format_rate(rate: float) -> str:
    return f"{rate * 100:g}%"


def _describe_cap(cap: int | Mapping[str, int] | None, lang: str) -> str:
    if cap is None:
        return label("plan.no_cap", lang)
    if isinstance(cap, Mapping):
        sep = "，" if lang == "zh" else ", "
        return sep.join(f"{kind_label(k, lang)} {v}" for k, v in cap.items()) or label(
            "plan.no_cap", lang
        )
    return str(cap)


def describe_attrition(planned: ScenarioPlan, lang: str) -> str:
    """Where departures come from, as a phrase: the rate(s), the columns, or both."""
    settings = planned.plan.settings
    plan_years = set(settings.plan_years)
    used = [c for (_, year), c in planned.known.columns.items() if year in plan_years]
    sep = "，" if lang == "zh" else ", "
    if isinstance(settings.attrition, Mapping):
        rates = sep.join(
            f"{kind_label(k, lang)} {_format_rate(r)}"
            for k, r in settings.attrition.items()
            if k in planned.rate_kinds
        )
    else:
        rates = _format_rate(settings.attrition)
    if not used:
        return label("plan.rate", lang).format(rate=rates)
    shown = ", ".join(used) if len(used) <= 4 else f"{used[0]}, {used[1]}, …, {used[-1]}"
    if not planned.rate_kinds:
        return label("plan.md.columns", lang).format(columns=shown)
    return label("plan.md.columns_rate", lang).format(columns=shown, rate=rates)


def format_year(year: int, lang: str) -> str:
    """A year label as text: ``2027年`` / ``第3年`` (or ``2027`` / ``year 3``)."""
    key = "plan.year_calendar" if year >= 1000 else "plan.year_n"
    return label(key, lang).format(year=year)


# ------------------------------------------------------------------------------ writers


def format_plan_csv(table: pd.DataFrame) -> str:
    """The plan table as CSV text: columns :data:`quota.analysis.transition.PLAN_COLUMNS`, ``\\n`` lines."""
    out = protect_csv_frame(table.loc[:, list(PLAN_COLUMNS)])
    return out.to_csv(index=False, lineterminator="\n")


def _md_cell(value: object) -> str:
    """A table cell of plan.md: HTML and the cell separator escaped (names come from users)."""
    from quota.outputs.report import escape_markdown

    return str(value) if isinstance(value, int | float) else str(escape_markdown(value))


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Markdown table lines; columns of numbers (judged by the first row) align right."""
    numeric = [isinstance(v, (int, float)) for v in rows[0]] if rows else []
    aligns = ["---:" if i < len(numeric) and numeric[i] else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return lines


def _join_streets(names: Sequence[str], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    if not names:
        return "—"
    if len(names) <= MD_STREET_LIMIT:
        return sep.join(names)
    more = label("plan.md.more", lang).format(n=len(names) - MD_STREET_LIMIT)
    return sep.join(names[:MD_STREET_LIMIT]) + (more if lang == "zh" else f" {more}")


def _md_reach_by_year(rows: pd.DataFrame, lang: str) -> str:
    groups = []
    for year in sorted({int(y) for y in rows["year"]}):
        names = rows.loc[rows["year"] == year, "street"].astype(str).tolist()
        colon = "：" if lang == "zh" else ": "
        groups.append(f"{format_year(year, lang)}{colon}{_join_streets(names, lang)}")
    return ("；" if lang == "zh" else "; ").join(groups)


def _md_reach_lines(plan: Plan, reach: pd.DataFrame, kind: str, lang: str) -> list[str]:
    """Markdown lines of one kind: streets at entitlement at the end, and when each gets there."""
    mine = reach[reach["kind"] == kind]
    ends = plan.table[(plan.table["kind"] == kind) & (plan.table["year"] == plan.last_year)]
    at_target = dict(
        zip(ends["street"].astype(str), ends["onboard_end"] == ends["entitlement"], strict=True)
    )
    head = label("plan.md.at_end", lang).format(
        last=format_year(plan.last_year, lang), n=len(ends), k=sum(at_target.values())
    )
    colon, space = ("：", "") if lang == "zh" else (": ", " ")
    lines = [f"**{kind_label(kind, lang)}**{colon}{head}", ""]
    within = mine[mine["status"] == "within"]
    if len(within):
        lines.append(f"- {label('plan.md.within', lang)}{space}{_md_reach_by_year(within, lang)}")
        fell = [s for s in within["street"].astype(str) if not at_target.get(s, True)]
        if fell:
            lines.append(
                "- " + label("plan.md.fell_back", lang).format(streets=_join_streets(fell, lang))
            )
    later = mine[mine["status"] == "projected"]
    if len(later):
        lines.append(f"- {label('plan.md.projected', lang)}{space}{_md_reach_by_year(later, lang)}")
    never = mine.loc[mine["status"] == "never", "street"].astype(str).tolist()
    if never:
        text = label("plan.md.never", lang).format(
            limit=PROJECTION_LIMIT, streets=_join_streets(never, lang)
        )
        lines.append(f"- {text}")
    unknown = mine.loc[mine["status"] == "unknown", "street"].astype(str).tolist()
    if unknown:
        text = label("plan.md.unknown", lang).format(streets=_join_streets(unknown, lang))
        lines.append(f"- {text}")
    return [*lines, ""]


def build_plan_section(planned: ScenarioPlan, *, lang: str = "zh", level: int = 2) -> str:
    """The transition plan as a Markdown section (for ``plan.md`` and reports).

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    lang : {"zh", "en"}
        Language of the text.
    level : int
        Heading level of the section title (subsections are one deeper).

    Returns
    -------
    str
        Settings, a table per year and kind, the hiring schedule per kind, and when
        each street reaches its entitlement (projected beyond the horizon at the
        given rate where it does not within it).
    """
    code = check_lang(lang)
    plan = planned.plan
    s = plan.settings
    h, sub = "#" * level, "#" * (level + 1)
    first, last = format_year(s.start_year, code), format_year(plan.last_year, code)
    span = first if s.years == 1 else f"{first}{'至' if code == 'zh' else ' to '}{last}"
    lines = [f"{h} {label('plan.md.title', code)}", ""]
    intro = label("plan.md.intro", code).format(
        name=planned.result.scenario.title or planned.result.scenario.name,
        years=s.years,
        span=span,
        attrition=describe_attrition(planned, code),
        cap=_describe_cap(s.hiring_cap, code),
    )
    lines += [intro, ""]

    lines += [f"{sub} {label('plan.md.summary', code)}", ""]
    columns = (
        "year",
        "kind",
        "entitlement",
        "onboard_start",
        "departures",
        "hires",
        "onboard_end",
        "turnover",
        "reserve",
        "vacancies",
    )
    rows = [
        [
            int(r["year"]),
            kind_label(str(r["kind"]), code),
            *[int(r[c]) for c in columns[2:]],
        ]
        for r in plan.summary.to_dict(orient="records")
    ]
    lines += _md_table(
        [label(f"plan.{c}", code) if c != "kind" else label("kind", code) for c in columns], rows
    )
    lines.append("")

    lines += [f"{sub} {label('plan.md.hiring', code)}", ""]
    year_labels = s.plan_years
    hiring = plan.hiring_by_year
    for kind in _kinds(plan.table):
        part = hiring[hiring["kind"].astype(str) == kind]
        lines += [f"**{kind_label(kind, code)}**", ""]
        hiring_rows = part[part["total"] > 0]
        if not len(hiring_rows):
            lines += [label("plan.md.no_hires", code), ""]
            continue
        shown = hiring_rows
        if len(hiring_rows) > MD_STREET_LIMIT:
            order = np.argsort(-hiring_rows["total"].to_numpy(), kind="stable")[:MD_STREET_LIMIT]
            shown = hiring_rows.iloc[np.sort(order)]
        body: list[list[object]] = [
            [str(r["street"]), *[int(r[y]) for y in year_labels], int(r["total"])]
            for _, r in shown.iterrows()
        ]
        body.append(
            [
                f"**{label('total_row', code)}**",
                *[int(part[y].sum()) for y in year_labels],
                int(part["total"].sum()),
            ]
        )
        headers = [label("street", code), *[str(y) for y in year_labels], label("total_row", code)]
        lines += _md_table(headers, body)
        if len(hiring_rows) > MD_STREET_LIMIT:
            lines += [
                "",
                label("plan.md.hiring_more", code).format(
                    n=MD_STREET_LIMIT, total=len(hiring_rows)
                ),
            ]
        lines.append("")

    lines += [f"{sub} {label('plan.md.reach', code)}", ""]
    reach = summarize_reach(plan, planned.rate_kinds)
    for kind in _kinds(plan.table):
        lines += _md_reach_lines(plan, reach, kind, code)
    lines += [label("plan.md.files", code), ""]
    return "\n".join(lines)


def _write_sheet(
    book: Any,
    name: str,
    frame: pd.DataFrame,
    headers: Sequence[str],
    formats: Mapping[str, Any],
    *,
    total_rows: Sequence[int] = (),
) -> None:
    """One sheet: a header row, then the frame's rows (text left, whole numbers right).

    Rows at the positions ``total_rows`` are totals: bold, with a rule above, and the
    sheet gets no filter.
    """
    sheet = book.add_worksheet(name)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, formats["header"])
    values = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    totals = set(total_rows)
    for r, row in enumerate(values):
        bold = "total_" if r in totals else ""
        for col, value in enumerate(row):
            if value is None:
                sheet.write_blank(r + 1, col, None, formats[f"{bold}text"])
            elif isinstance(value, str):
                sheet.write_string(r + 1, col, value, formats[f"{bold}text"])
            else:
                sheet.write_number(r + 1, col, value, formats[f"{bold}number"])
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(headers) - 1, 11)
    if len(values) and not totals:
        sheet.autofilter(0, 0, len(values), len(headers) - 1)


def build_hiring_schedule(plan: Plan, lang: str) -> tuple[pd.DataFrame, list[int]]:
    """The hiring schedule, street × year, with a totals row after each kind's streets.

    Parameters
    ----------
    plan : Plan
        The plan.
    lang : {"zh", "en"}
        Language of the kind names and of the totals rows.

    Returns
    -------
    frame : DataFrame
        ``street, kind``, one column per plan year and ``total`` [people].
    total_rows : list of int
        Positions of the totals rows.
    """
    code = check_lang(lang)
    hiring = plan.hiring_by_year
    numbers = [*plan.settings.plan_years, "total"]
    parts: list[pd.DataFrame] = []
    total_rows: list[int] = []
    size = 0
    for kind in _kinds(plan.table):
        part = hiring.loc[hiring["kind"].astype(str) == kind].copy()
        part["kind"] = kind_label(kind, code)
        sums = {c: int(part[c].sum()) for c in numbers}
        total = pd.DataFrame(
            [{"street": label("total_row", code), "kind": kind_label(kind, code), **sums}]
        )
        parts += [part, total]
        size += len(part)
        total_rows.append(size)
        size += 1
    frame = pd.concat(parts, ignore_index=True)
    frame["street"] = frame["street"].astype("str")
    frame["kind"] = frame["kind"].astype("str")
    return frame, total_rows


def write_plan_workbook(planned: ScenarioPlan, path: Path, *, lang: str = "zh") -> Path:
    """Write ``plan.xlsx``: the plan, the yearly summary, the hiring schedule, the year of reach.

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    path : Path
        Target file.
    lang : {"zh", "en"}
        Language of headers, sheet names and kind names.

    Returns
    -------
    Path
        ``path``; the same plan gives the same bytes (fixed creation date).
    """
    from quota.outputs.workbook import open_workbook

    code = check_lang(lang)
    plan = planned.plan
    title = planned.result.scenario.title or planned.result.scenario.name
    # the package's one XLSX setup (fixed creation date, temp files next to the workbook);
    # the sheets are small, so not row by row: strings go to the shared-string table
    book = open_workbook(path, f"{title} — {label('sheet.plan', code)}", constant_memory=False)
    formats = {
        "header": book.add_format(
            {
                "bold": True,
                "align": "center",
                "valign": "vcenter",
                "border": 1,
                "bg_color": "#DDEBF7",
                "text_wrap": True,
            }
        ),
        "text": book.add_format({"border": 1}),
        "number": book.add_format({"num_format": "0", "border": 1}),
        "total_text": book.add_format({"bold": True, "border": 1, "top": 2}),
        "total_number": book.add_format({"bold": True, "num_format": "0", "border": 1, "top": 2}),
    }

    def kinds_shown(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        out["kind"] = [kind_label(str(k), code) for k in out["kind"]]
        return out

    def header(column: str) -> str:
        if column in ("street", "kind"):
            return label(column, code)
        return label(f"plan.{column}", code)

    table = kinds_shown(plan.table)
    _write_sheet(book, label("sheet.plan", code), table, [header(c) for c in PLAN_COLUMNS], formats)
    summary = kinds_shown(plan.summary)
    _write_sheet(
        book,
        label("sheet.plan_summary", code),
        summary,
        [header(c) for c in summary.columns],
        formats,
    )
    hiring, total_rows = build_hiring_schedule(plan, code)
    hiring_headers = [label("street", code), label("kind", code)]
    hiring_headers += [str(y) for y in plan.settings.plan_years] + [label("total_row", code)]
    _write_sheet(
        book,
        label("sheet.plan_hiring", code),
        hiring,
        hiring_headers,
        formats,
        total_rows=total_rows,
    )
    reach = summarize_reach(plan, planned.rate_kinds)
    notes = {
        "within": label("plan.reach.within", code),
        "projected": label("plan.reach.projected", code),
        "never": label("plan.reach.never", code).format(limit=PROJECTION_LIMIT),
        "unknown": label("plan.reach.unknown", code),
    }
    reach_frame = kinds_shown(reach)
    reach_frame["status"] = [notes[str(s)] for s in reach["status"]]
    reach_headers = [
        label("street", code),
        label("kind", code),
        label("plan.reach_year", code),
        label("plan.reach_note", code),
    ]
    _write_sheet(book, label("sheet.plan_reach", code), reach_frame, reach_headers, formats)
    book.close()
    return path


# ------------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class _ChartText:
    """Language and fonts of one chart."""

    lang: str
    rc: dict[str, Any]

    def text(self, key: str, **values: object) -> str:
        return label(key, self.lang).format(**values)

    def name(self, text: str, fallback: str) -> str:
        missing = fonts.find_missing_glyphs(text, self.rc["font.family"])
        return fallback if missing else text

    def kind(self, kind: str, index: int) -> str:
        return self.name(kind_label(kind, self.lang), f"{self.text('kind')} {index + 1}")


def _chart_text(lang: str) -> _ChartText:
    code, font_rc = fonts.build_rc_params(lang)
    return _ChartText(lang=code, rc={**STYLE_RC, **font_rc})


def _year_axis(axis: Axes, first: int, last: int, text: _ChartText) -> None:
    """X axis of years, the start (one before the first year) labelled as such."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    start = first - 1
    if last - start <= 12:
        axis.set_xticks(np.arange(start, last + 1))
    else:
        axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    start_text = text.text("plan.start")

    def tick(value: float, _position: int | None = None) -> str:
        return start_text if round(value) == start else f"{round(value)}"

    axis.xaxis.set_major_formatter(FuncFormatter(tick))
    axis.set_xlim(start - 0.4, last + 0.4)
    axis.grid(axis="y", color="#E5E5E5", linewidth=0.6)
    axis.set_axisbelow(True)


def _street_series(
    plan_table: pd.DataFrame, allocation: pd.DataFrame, street: str, kind: str
) -> tuple[np.ndarray, np.ndarray, int]:
    """Staff on board and total quota at the start and at each year end; the entitlement."""
    rows = plan_table[(plan_table["street"] == street) & (plan_table["kind"] == kind)]
    start = allocation[
        (allocation["street"].astype(str) == street) & (allocation["kind"].astype(str) == kind)
    ]
    onboard = np.concatenate([rows["onboard_start"].to_numpy()[:1], rows["onboard_end"].to_numpy()])
    total = np.concatenate(
        [start["total"].to_numpy(dtype=float)[:1], rows["total"].to_numpy(dtype=float)]
    )
    return onboard.astype(float), total, int(rows["entitlement"].iloc[0])


def _onboard_handles(kinds: Sequence[str], text: _ChartText) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    for i, kind in enumerate(kinds):
        color = KIND_COLORS[i % len(KIND_COLORS)]
        name = text.kind(kind, i)
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                marker="o",
                markersize=4,
                label=text.text("legend.plan_onboard", kind=name),
            )
        )
        handles.append(
            Line2D(
                [],
                [],
                color=color,
                linestyle="--",
                label=text.text("legend.plan_entitlement", kind=name),
            )
        )
    handles.append(Patch(color="#999999", alpha=0.25, label=text.text("legend.plan_total")))
    return handles


def _draw_street_panel(
    axis: Axes,
    plan_table: pd.DataFrame,
    allocation: pd.DataFrame,
    street: str,
    kinds: Sequence[str],
    x: np.ndarray,
) -> None:
    from matplotlib.ticker import MaxNLocator

    for i, kind in enumerate(kinds):
        color = KIND_COLORS[i % len(KIND_COLORS)]
        onboard, total, entitlement = _street_series(plan_table, allocation, street, kind)
        if not len(onboard) or len(onboard) != len(x):
            continue
        axis.fill_between(x, entitlement, total, color=color, alpha=0.18, linewidth=0)
        axis.axhline(entitlement, color=color, linestyle="--", linewidth=1.0)
        axis.plot(x, onboard, color=color, marker="o", markersize=3, linewidth=1.6)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))


def _draw_district_panel(
    axis: Axes, plan: Plan, allocation: pd.DataFrame, kind: str, color: str, x: np.ndarray
) -> None:
    from matplotlib.ticker import MaxNLocator

    rows = plan.summary[plan.summary["kind"] == kind]
    start = allocation[allocation["kind"].astype(str) == kind]
    onboard = np.concatenate(
        [[float(rows["onboard_start"].iloc[0])], rows["onboard_end"].to_numpy(dtype=float)]
    )
    total = np.concatenate([[float(start["total"].sum())], rows["total"].to_numpy(dtype=float)])
    entitlement = float(rows["entitlement"].iloc[0])
    axis.fill_between(x, entitlement, total, color=color, alpha=0.18, linewidth=0)
    axis.axhline(entitlement, color=color, linestyle="--", linewidth=1.0)
    axis.plot(x, onboard, color=color, marker="o", markersize=3, linewidth=1.8)
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))


def _draw_status_panel(
    axis: Axes,
    plan: Plan,
    allocation: pd.DataFrame,
    kind: str,
    x: np.ndarray,
    text: _ChartText,
    kind_name: str,
) -> None:
    start = allocation[allocation["kind"].astype(str) == kind]
    ent0 = (start["base"] + start["quantified"]).to_numpy(dtype=float)
    on0 = start["onboard"].to_numpy(dtype=float)
    counts = [(int((on0 < ent0).sum()), int((on0 == ent0).sum()), int((on0 > ent0).sum()))]
    rows = plan.table[plan.table["kind"] == kind]
    for year in plan.settings.plan_years:
        part = rows[rows["year"] == year]
        gap = part["onboard_end"].to_numpy() - part["entitlement"].to_numpy()
        counts.append((int((gap < 0).sum()), int((gap == 0).sum()), int((gap > 0).sum())))
    data = np.asarray(counts, dtype=float)
    bottom = np.zeros(len(x))
    colors = (COLORS["gain"], COLORS["neutral"], COLORS["turnover"])
    for j, color in enumerate(colors):
        axis.bar(x, data[:, j], bottom=bottom, color=color, width=0.7)
        bottom = bottom + data[:, j]
    axis.set_ylabel(text.text("axis.streets"))
    axis.set_title(f"{kind_name} · {text.text('chart.plan_status')}", fontsize=10)


def _grid_columns(n: int) -> int:
    """Columns of the small-multiples grid for ``n`` streets."""
    for most, columns in ((4, n), (9, 3), (16, 4), (25, 5)):
        if n <= most:
            return columns
    return 6


def _draw_street_grid(
    plan: Plan, allocation: pd.DataFrame, streets: Sequence[str], x: np.ndarray, text: _ChartText
) -> Figure:
    """One panel per street (small multiples); every panel above an empty cell keeps its years."""
    from matplotlib.figure import Figure

    kinds = _kinds(plan.table)
    first, last = plan.settings.start_year, plan.last_year
    ncols = _grid_columns(len(streets))
    nrows = math.ceil(len(streets) / ncols)
    figure = Figure(figsize=(3.2 * ncols, 2.3 * nrows + 1.2), layout="constrained")
    grid = figure.subplots(nrows, ncols, squeeze=False, sharex=True)
    renamed = False
    for index, axis in enumerate(grid.ravel()):
        if index >= len(streets):
            axis.set_axis_off()
            continue
        street = streets[index]
        shown = text.name(street, f"#{index + 1}")
        renamed = renamed or shown != street
        _draw_street_panel(axis, plan.table, allocation, street, kinds, x)
        axis.set_title(shown, fontsize=10)
        _year_axis(axis, first, last, text)
        axis.tick_params(labelsize=8)
        axis.xaxis.set_tick_params(labelbottom=index + ncols >= len(streets))
        if index % ncols == 0:
            axis.set_ylabel(text.text("axis.people"), fontsize=9)
    handles = _onboard_handles(kinds, text)
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5))
    if renamed:
        figure.text(0.01, 0.005, text.text("note.street_numbers"), fontsize=8, color="#555555")
    return figure


def _draw_district_grid(
    plan: Plan, allocation: pd.DataFrame, x: np.ndarray, text: _ChartText
) -> Figure:
    """Per kind: the district's sums over the years, and streets below / at / above entitlement."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    kinds = _kinds(plan.table)
    first, last = plan.settings.start_year, plan.last_year
    figure = Figure(figsize=(11.0, 3.8 * len(kinds) + 0.8), layout="constrained")
    grid = figure.subplots(len(kinds), 2, squeeze=False)
    for index, kind in enumerate(kinds):
        color = KIND_COLORS[index % len(KIND_COLORS)]
        district, status = grid[index]
        name = text.kind(kind, index)
        _draw_district_panel(district, plan, allocation, kind, color, x)
        district.set_title(f"{name} · {text.text('chart.plan_district')}", fontsize=10)
        district.set_ylabel(text.text("axis.people"))
        _year_axis(district, first, last, text)
        _draw_status_panel(status, plan, allocation, kind, x, text, name)
        _year_axis(status, first, last, text)
    handles = _onboard_handles(kinds, text)
    handles += [
        Patch(color=COLORS["gain"], label=text.text("legend.plan_below")),
        Patch(color=COLORS["neutral"], label=text.text("legend.plan_at")),
        Patch(color=COLORS["turnover"], label=text.text("legend.plan_above")),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=4)
    return figure


def plot_plan_onboard(plan: Plan, allocation: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """Staff on board against the entitlement over the plan years.

    Parameters
    ----------
    plan : Plan
        The plan.
    allocation : DataFrame
        The allocation table (``Result.table``) the plan starts from, for the total
        quota at the start.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    Figure
        Up to :data:`SMALL_PLAN_STREETS` streets: one panel per street with, per
        kind, the staff on board at the start and at each year end (line), the
        entitlement (dashed) and the turnover quotas above it (shaded). More streets:
        per kind, the district's sums the same way, and how many streets are below,
        at and above their entitlement at the start and at each year end.
    """
    import matplotlib

    text = _chart_text(lang)
    streets = [str(s) for s in dict.fromkeys(plan.table["street"].astype(str))]
    first, last = plan.settings.start_year, plan.last_year
    x = np.arange(first - 1, last + 1, dtype=float)
    with matplotlib.rc_context(cast(Any, text.rc)):
        if len(streets) <= SMALL_PLAN_STREETS:
            figure = _draw_street_grid(plan, allocation, streets, x, text)
        else:
            figure = _draw_district_grid(plan, allocation, x, text)
        figure.suptitle(text.text("chart.plan_onboard"))
    return figure


def plot_plan_turnover(plan: Plan, allocation: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """Turnover quotas in use by streets and returned to the district, year by year.

    Parameters
    ----------
    plan : Plan
        The plan.
    allocation : DataFrame
        The allocation table the plan starts from (turnover in use at the start).
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    Figure
        One panel per kind: for the start and each year end a bar of the turnover
        pool (pool − entitlement) split into the quotas streets still use and those
        back with the district; the in-use part is labelled.
    """
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    text = _chart_text(lang)
    kinds = _kinds(plan.table)
    first, last = plan.settings.start_year, plan.last_year
    x = np.arange(first - 1, last + 1, dtype=float)
    with matplotlib.rc_context(cast(Any, text.rc)):
        width = max(4.6, 0.45 * len(x) + 1.8)
        figure = Figure(figsize=(width * len(kinds), 4.2), layout="constrained")
        grid = figure.subplots(1, len(kinds), squeeze=False)[0]
        for index, (axis, kind) in enumerate(zip(grid, kinds, strict=True)):
            rows = plan.summary[plan.summary["kind"] == kind]
            start = allocation[allocation["kind"].astype(str) == kind]
            pool = int(rows["pool"].iloc[0])
            entitlement = int(rows["entitlement"].iloc[0])
            in_use = np.concatenate(
                [[float(start["turnover"].sum())], rows["turnover"].to_numpy(dtype=float)]
            )
            returned = (pool - entitlement) - in_use
            axis.bar(x, in_use, color=COLORS["turnover"], width=0.7)
            axis.bar(x, returned, bottom=in_use, color=RETURNED_COLOR, width=0.7)
            for xi, value in zip(x, in_use, strict=True):
                axis.annotate(
                    f"{value:.0f}",
                    (xi, value),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    color="#333333",
                )
            axis.set_title(
                f"{text.kind(kind, index)} · {text.text('turnover_pool')} {pool - entitlement}",
                fontsize=10,
            )
            axis.set_ylabel(text.text("axis.quotas"))
            axis.yaxis.set_major_locator(MaxNLocator(integer=True))
            axis.set_ylim(0, max(pool - entitlement, 1) * 1.08)
            _year_axis(axis, first, last, text)
        handles = [
            Patch(color=COLORS["turnover"], label=text.text("legend.plan_turnover")),
            Patch(color=RETURNED_COLOR, label=text.text("legend.plan_returned")),
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=2)
        figure.suptitle(text.text("chart.plan_turnover"))
    return figure


def write_plan_charts(
    plan: Plan, allocation: pd.DataFrame, folder: Path, *, lang: str = "zh"
) -> list[Path]:
    """Write ``charts/plan_onboard.png`` and ``charts/plan_turnover.png`` into ``folder``.

    Parameters
    ----------
    plan : Plan
        The plan.
    allocation : DataFrame
        The allocation table the plan starts from.
    folder : Path
        Output folder; ``charts`` is created in it.
    lang : {"zh", "en"}
        Language of the labels; English when no Chinese font is available.

    Returns
    -------
    list of Path
        The two files; the same plan gives byte-identical files.
    """
    target = folder / "charts"
    target.mkdir(parents=True, exist_ok=True)
    code, _ = fonts.build_rc_params(lang)
    onboard = plot_plan_onboard(plan, allocation, lang=code)
    turnover = plot_plan_turnover(plan, allocation, lang=code)
    return [
        write_figure(onboard, target / "plan_onboard.png", lang=code),
        write_figure(turnover, target / "plan_turnover.png", lang=code),
    ]


def write_plan(planned: ScenarioPlan, folder: Path, *, lang: str = "zh") -> Path:
    """Write a plan's folder, complete or not at all.

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    folder : Path
        Target folder, usually ``OUT/<scenario name>-plan``; replaced only once the
        new one is complete.
    lang : {"zh", "en"}
        Language of the workbook, the charts and ``plan.md``.

    Returns
    -------
    Path
        ``folder``, holding ``plan.csv`` (UTF-8 with BOM), ``plan.xlsx``, ``plan.md``
        and ``charts/plan_onboard.png``, ``charts/plan_turnover.png``.
    """
    code = check_lang(lang)

    def fill(temp: Path) -> None:
        write_csv_text(temp / "plan.csv", format_plan_csv(planned.plan.table))
        write_plan_workbook(planned, temp / "plan.xlsx", lang=code)
        write_plan_charts(planned.plan, planned.result.table, temp, lang=code)
        (temp / "plan.md").write_text(build_plan_section(planned, lang=code), encoding="utf-8")

    return write_folder_atomically(folder, fill)
