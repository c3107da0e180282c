"""A scenario's transition plan, from the scenario file to ``<name>-plan/``.

:mod:`quota.analysis.transition` walks year by year from the staff on board to the new
entitlement; this module connects it to users:

* :func:`~quota.analysis.plan_departures.read_known_departures` reads known retirements
  from the street table's ``retiring_<kind>_<year>`` columns (e.g. ``retiring_admin_2027``);
* :func:`~quota.analysis.plan_settings.resolve_plan_settings` combines them with the
  scenario's ``plan:`` section and the command-line options into
  :class:`~quota.analysis.transition.PlanSettings`;
* :func:`plan_scenario` / :func:`plan_allocation` build the plan;
* :func:`~quota.analysis.plan_writer.write_plan` writes ``plan.csv``, ``plan.xlsx``,
  ``plan.md`` (:mod:`quota.analysis.plan_markdown`) and ``charts/plan_onboard.png``,
  ``charts/plan_turnover.png`` (:mod:`quota.analysis.plan_charts`), complete or not at all;
* :func:`format_plan_summary` says in a few lines what the plan does.

Where departures come from, per street, kind and year: the ``retiring_*`` cell when the
street table has one, else the attrition rate (``--attrition`` over ``plan.attrition``).
A year, kind or street with neither is an error. The first plan year is ``--start-year``,
else ``plan.start_year``, else the earliest year of the ``retiring_*`` columns, else 1
(never the calendar year of the run: the same inputs give the same files).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from quota.analysis.plan_departures import KnownDepartures, read_known_departures
from quota.analysis.plan_settings import resolve_plan_settings
from quota.analysis.plan_text import (
    describe_attrition,
    describe_cap,
    format_year,
    format_years,
    list_kinds,
    year_ranges,
)
from quota.analysis.transition import Plan, build_plan
from quota.analysis.transition_steps import PROJECTION_LIMIT
from quota.config.scenario import load_scenario
from quota.config.schema import Scenario
from quota.errors import Msg
from quota.locale import kind_name, msg
from quota.pipeline import allocate
from quota.results.result import Result

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: reach statuses of :func:`summarize_reach`
REACH_STATUSES: tuple[str, ...] = ("within", "projected", "never", "unknown")


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
    notices : tuple of str or Msg
        Reading notices of the allocation and of the plan.
    """

    result: Result
    plan: Plan
    known: KnownDepartures
    rate_kinds: tuple[str, ...]
    notices: tuple[str | Msg, ...]

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
        from quota.analysis.plan_writer import write_plan

        return write_plan(self, Path(folder), lang=lang)

    def plot(self, kind: str = "onboard", *, lang: str = "zh") -> Figure:
        """A plan chart: ``onboard`` (staff vs entitlement per street) or ``turnover``."""
        from quota.analysis.plan_charts import plot_plan_onboard, plot_plan_turnover

        charts = {"onboard": plot_plan_onboard, "turnover": plot_plan_turnover}
        if kind not in charts:
            raise ValueError(msg("analysis.unknown_plan_chart", kind=kind))
        return charts[kind](self.plan, self.result.table, lang=lang)


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
    notices: list[str | Msg] = list(result.notices) + list(known.notices)
    if unused:
        notices.append(
            msg(
                "analysis.columns_outside_years",
                columns=unused,
                years=year_ranges(settings.plan_years),
            )
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
        :data:`quota.analysis.transition_steps.PROJECTION_LIMIT` years) or ``unknown``
        (not within the plan and no rate to project with; year ``<NA>``).
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


def _summary_head(planned: ScenarioPlan, target: Path | None, lang: str) -> Msg:
    """The first line of :func:`format_plan_summary`: horizon, departures, cap, folder."""
    s = planned.plan.settings
    last = planned.plan.last_year
    span: str | Msg
    if s.years == 1:
        span = format_year(last, lang)
    elif s.start_year >= 1000:
        span = msg("analysis.plan_summary_span_calendar", years=format_years(s.plan_years))
    else:
        span = msg("analysis.plan_summary_span_years", years=format_years(s.plan_years))
    return msg(
        "analysis.plan_summary",
        name=planned.result.scenario.name,
        years=s.years,
        span=span,
        attrition=describe_attrition(planned, lang),
        cap=describe_cap(s.hiring_cap, lang),
        target="" if target is None else msg("analysis.summary_target", target=target),
    )


def _summary_kind(planned: ScenarioPlan, reach: pd.DataFrame, kind: str, lang: str) -> Msg:
    """One kind's line of :func:`format_plan_summary`."""
    plan = planned.plan
    last = plan.last_year
    rows = plan.summary[plan.summary["kind"] == kind]
    begin, end = rows.iloc[0], rows.iloc[-1]
    alloc = planned.result.table[planned.result.table["kind"].astype(str) == kind]
    mine = reach[reach["kind"] == kind]
    later = mine[mine["status"] == "projected"]
    never = int((mine["status"] == "never").sum())
    unknown = int((mine["status"] == "unknown").sum())
    return msg(
        "analysis.plan_summary_kind",
        kind=kind_name(kind),
        start=int(begin["onboard_start"]),
        end=int(end["onboard_end"]),
        entitlement=int(end["entitlement"]),
        departures=int(rows["departures"].sum()),
        hires=int(rows["hires"].sum()),
        turnover_start=int(alloc["turnover"].sum()),
        turnover_end=int(end["turnover"]),
        within=int((mine["status"] == "within").sum()),
        streets=len(mine),
        last=format_year(last, lang),
        later=(
            msg(
                "analysis.plan_summary_later",
                n=len(later),
                year=format_year(int(later["year"].max()), lang),
            )
            if len(later)
            else ""
        ),
        never=msg("analysis.plan_summary_never", n=never, limit=PROJECTION_LIMIT) if never else "",
        unknown=msg("analysis.plan_summary_unknown", n=unknown) if unknown else "",
    )


def format_plan_summary(
    planned: ScenarioPlan, target: Path | None = None, *, lang: str = "en"
) -> str:
    """A few lines about a plan for the terminal.

    Parameters
    ----------
    planned : ScenarioPlan
        The plan.
    target : Path, optional
        Folder written, named on the first line.
    lang : {"en", "zh"}
        Language of the lines (kinds are named in that language).

    Returns
    -------
    str
        One line for the plan, one per kind: staff at start and end, departures,
        hires, turnover in use, how many streets reach their entitlement and when.
    """
    reach = planned.reach
    lines = [_summary_head(planned, target, lang)]
    lines += [_summary_kind(planned, reach, kind, lang) for kind in list_kinds(planned.plan.table)]
    return "\n".join(line.render(lang) for line in lines)
