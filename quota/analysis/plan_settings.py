"""A plan's settings from the command line, the scenario's ``plan:`` section and the data.

:func:`resolve_plan_settings` combines the options (``--years``, ``--attrition``,
``--hiring-cap``, ``--start-year``) over the scenario's ``plan:`` section with the
known departures of the street table into
:class:`~quota.analysis.transition.PlanSettings`, after
:func:`check_attrition_sources` has made sure every street, kind and plan year has
a source of departures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from quota.analysis.phrases import join_phrases
from quota.analysis.plan_departures import KnownDepartures
from quota.analysis.plan_text import MD_STREET_LIMIT, year_ranges
from quota.analysis.transition import PlanSettings
from quota.config.schema import PlanConfig
from quota.errors import InputError, Msg
from quota.locale import kind_name, msg


def _rate_of(rate: float | Mapping[str, float] | None, kind: str) -> float | None:
    if isinstance(rate, Mapping):
        return rate.get(kind)
    return rate


def _kind_gaps(
    kind: str, known: KnownDepartures, years: Sequence[int], wanted: set[int]
) -> list[str | Msg]:
    """What one kind without a rate lacks: columns for some years, values in some cells."""
    gaps: list[str | Msg] = []
    column = f"retiring_{kind}_<year>"
    absent = [y for y in years if (kind, y) not in known.columns]
    if absent and len(absent) == len(years):
        gaps.append(msg("analysis.gap_kind", kind=kind_name(kind), column=column))
    elif absent:
        gaps.append(
            msg(
                "analysis.gap_kind_years",
                kind=kind_name(kind),
                column=column,
                years=year_ranges(absent),
            )
        )
    empty = [(s, y) for s, k, y in known.blanks if k == kind and y in wanted]
    if empty:
        cells = [msg("analysis.street_year", street=s, year=y) for s, y in empty[:MD_STREET_LIMIT]]
        more = (
            msg("analysis.and_more", n=len(empty) - MD_STREET_LIMIT)
            if len(empty) > MD_STREET_LIMIT
            else ""
        )
        gaps.append(
            msg(
                "analysis.gap_empty_cells",
                kind=kind_name(kind),
                column=column,
                cells=join_phrases(cells, "；", "; "),
                more=more,
            )
        )
    return gaps


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
                msg(
                    "analysis.rate_for_other_kinds",
                    extra=[kind_name(k) for k in extra],
                    kinds=[kind_name(k) for k in kinds],
                )
            )
    wanted = set(years)
    gaps: list[str | Msg] = []
    for kind in kinds:
        if _rate_of(rate, kind) is None:
            gaps += _kind_gaps(kind, known, years, wanted)
    if not gaps:
        return
    if not known.columns:
        raise InputError(msg("analysis.plan_needs_departures"))
    raise InputError([*gaps, msg("analysis.give_attrition", years=year_ranges(years))])


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
        raise InputError(msg("analysis.plan_needs_years"))
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
