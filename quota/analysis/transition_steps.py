"""One year of a transition plan after the other: departures, turnover returned, hires.

The rules are those of :mod:`quota.analysis.transition`. :func:`compute_departures`
rounds a rate's departures by largest remainder with a carry per street;
:func:`compute_year` applies one year to one kind; :func:`compute_kind_plan` runs a
kind over the horizon and on, at the rate alone, until every street reaches its
entitlement (or :data:`PROJECTION_LIMIT` years have passed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from quota._typing import IntArray
from quota.analysis.hiring import solve_hiring
from quota.analysis.transition_checks import KindStart
from quota.errors import InputError, Msg
from quota.locale import kind_name, msg

#: how far reach_year projects, counted from the first plan year [years]
PROJECTION_LIMIT = 100


@dataclass(frozen=True)
class YearStep:
    """One year of one kind; every array has one entry per street [people or quotas]."""

    onboard_start: IntArray
    departures: IntArray
    turnover: IntArray
    hires: IntArray
    onboard_end: IntArray


@dataclass(frozen=True)
class Departures:
    """Departures of one kind in one year.

    Attributes
    ----------
    counts : int array
        People leaving per street [people].
    carry : tuple of Fraction
        Rounding left over per street, carried into the next year [people], in ``(-1, 1)``.
    """

    counts: IntArray
    carry: tuple[Fraction, ...]


def read_exact(rate: float | Fraction) -> Fraction:
    """A rate as the exact fraction of the decimal it prints as (``0.04`` is ``1/25``)."""
    if isinstance(rate, Fraction):
        return rate
    # repr gives the shortest decimal that round-trips: 0.04 -> "0.04" -> 1/25 exactly
    return Fraction(repr(float(rate)))


def compute_departures(
    onboard: IntArray, rate: float | Fraction, carry: Sequence[Fraction] | None = None
) -> Departures:
    """Departures per street at an attrition rate, by largest remainder with carry-over.

    Each street's expected departures are ``x = rate * onboard + carry`` (the carry is
    what earlier years' rounding left over, in ``(-1, 1)``). A street loses ``floor(x)``
    or ``ceil(x)`` people (never below 0 nor above its staff); the district total is
    ``floor(sum(x) + 1/2)`` (within what those bounds allow), and the round-ups go to
    the largest fractional parts, ties to the street listed first. The new carry is
    ``x - departures``. Without the carry, a small street whose share never wins a
    round-up would never lose anyone; with it, each street's departures over the years
    stay within one person of its share.

    Parameters
    ----------
    onboard : int array
        Staff on board per street at the start of the year [people].
    rate : float or Fraction
        Share leaving per year [1/year]; a float is read as the decimal it prints as.
    carry : sequence of Fraction, optional
        Rounding left over per street from earlier years [people]; zeros if omitted.

    Returns
    -------
    Departures
        Departures per street [people] and the carry for the next year.
    """
    exact = read_exact(rate)
    carried = [Fraction(0)] * len(onboard) if carry is None else [Fraction(c) for c in carry]
    staff = [int(v) for v in onboard]
    expected = [exact * n + c for n, c in zip(staff, carried, strict=True)]
    low = [min(max(math.floor(x), 0), n) for x, n in zip(expected, staff, strict=True)]
    high = [min(max(math.ceil(x), 0), n) for x, n in zip(expected, staff, strict=True)]
    total = min(max(math.floor(sum(expected, Fraction(0)) + Fraction(1, 2)), sum(low)), sum(high))
    can_round_up = [i for i in range(len(staff)) if high[i] > low[i]]
    ranked = sorted(can_round_up, key=lambda i: (-(expected[i] - low[i]), i))
    lucky = set(ranked[: total - sum(low)])
    counts = [low[i] + (i in lucky) for i in range(len(staff))]
    return Departures(
        counts=np.asarray(counts, dtype=np.int64),
        carry=tuple(x - d for x, d in zip(expected, counts, strict=True)),
    )


def compute_year(
    entitlement: IntArray,
    onboard_start: IntArray,
    departures: IntArray,
    *,
    pool: int,
    cap: int | None,
    kind: str = "",
    program: bool = True,
) -> YearStep:
    """One plan year of one kind: departures, turnover returned, hires.

    Parameters
    ----------
    entitlement : int array
        ``base + quantified`` per street [quotas].
    onboard_start : int array
        Staff on board at the start of the year [people].
    departures : int array
        People leaving during the year [people], ``<= onboard_start``.
    pool : int
        District pool of the kind [quotas]; staff on board never exceed it.
    cap : int or None
        Most hires in the year [people], or None for no cap.
    kind : str
        Quota kind, for messages.
    program : bool
        Whether a binding cap is resolved by the integer program (see
        :func:`quota.analysis.hiring.solve_hiring`).

    Returns
    -------
    YearStep
        The year's numbers per street.
    """
    after = onboard_start - departures
    turnover = np.maximum(after - entitlement, 0)
    shortfall = np.maximum(entitlement - after, 0)
    limit = max(pool - int(after.sum()), 0)
    if cap is not None:
        limit = min(limit, cap)
    hires = solve_hiring(shortfall, entitlement, limit, kind, program=program)
    return YearStep(
        onboard_start=onboard_start.copy(),
        departures=departures.copy(),
        turnover=turnover,
        hires=hires,
        onboard_end=after + hires,
    )


def compute_year_departures(
    start: KindStart,
    onboard_start: IntArray,
    rate: Fraction,
    carry: Sequence[Fraction],
    known: Mapping[tuple[str, int, int], int],
    year: int,
) -> Departures:
    """Departures of one kind in one year: known ones where given, the rate elsewhere.

    Parameters
    ----------
    start : KindStart
        The kind's streets.
    onboard_start : int array
        Staff on board at the start of the year [people].
    rate : Fraction
        Attrition rate [1/year].
    carry : sequence of Fraction
        Rounding carried per street from earlier years [people].
    known : mapping
        ``(kind, street position, year) -> departures`` from
        :func:`quota.analysis.transition_checks.check_departures`.
    year : int
        Year label.

    Returns
    -------
    Departures
        Departures per street [people]; a street with known departures keeps its carry.

    Raises
    ------
    InputError
        Known departures exceed the staff on board at the start of that year.
    """
    given = [known.get((start.kind, k, year)) for k in range(len(start.streets))]
    free = [k for k, g in enumerate(given) if g is None]
    at_rate = compute_departures(onboard_start[free], rate, [carry[k] for k in free])
    counts = np.zeros(len(given), dtype=np.int64)
    counts[free] = at_rate.counts
    new_carry = list(carry)
    for k, c in zip(free, at_rate.carry, strict=True):
        new_carry[k] = c
    too_many: list[str | Msg] = []
    for k, g in enumerate(given):
        if g is None:
            continue
        if g > onboard_start[k]:
            too_many.append(
                msg(
                    "analysis.known_exceeds_onboard",
                    street=start.streets[k],
                    kind=kind_name(start.kind),
                    year=year,
                    given=g,
                    onboard=onboard_start[k],
                )
            )
        counts[k] = g
    if too_many:
        raise InputError(too_many)
    return Departures(counts=counts, carry=tuple(new_carry))


def compute_kind_plan(
    start: KindStart,
    rate: Fraction,
    cap: int | None,
    years: Sequence[int],
    known: Mapping[tuple[str, int, int], int],
) -> tuple[list[YearStep], list[int | None]]:
    """Run the plan of one kind over the horizon, then project the year of reach.

    Parameters
    ----------
    start : KindStart
        Starting point of the kind.
    rate : Fraction
        Attrition rate [1/year].
    cap : int or None
        Hiring cap per year [people].
    years : sequence of int
        Plan year labels, consecutive.
    known : mapping
        Known departures from :func:`quota.analysis.transition_checks.check_departures`.

    Returns
    -------
    steps : list of YearStep
        One per plan year.
    reach : list of int or None
        Per street, the first year whose ``onboard_end`` equals the entitlement,
        projected beyond the horizon at the rate (no known departures there); None if
        never or not within :data:`PROJECTION_LIMIT` years of the start.
    """
    entitlement = start.entitlement
    reach: list[int | None] = [None] * len(start.streets)
    steps: list[YearStep] = []
    onboard = start.onboard
    carry: tuple[Fraction, ...] = (Fraction(0),) * len(start.streets)
    seen: set[tuple[tuple[int, ...], tuple[Fraction, ...]]] = set()
    last = years[0] + PROJECTION_LIMIT - 1
    year = years[0]
    while year <= years[-1] or (any(r is None for r in reach) and year <= last):
        departures = compute_year_departures(
            start, onboard, rate, carry, known if year <= years[-1] else {}, year
        )
        step = compute_year(
            entitlement,
            onboard,
            departures.counts,
            pool=start.pool,
            cap=cap,
            kind=start.kind,
            program=year <= years[-1],
        )
        for k in np.flatnonzero(step.onboard_end == entitlement):
            if reach[k] is None:
                reach[k] = year
        if year <= years[-1]:
            steps.append(step)
        onboard, carry = step.onboard_end, departures.carry
        if year >= years[-1]:
            state = (tuple(onboard.tolist()), carry)
            if state in seen:  # from here on the plan repeats years already seen
                break
            seen.add(state)
        year += 1
    return steps, reach
