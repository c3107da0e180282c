"""Classical apportionment methods, exactly as the textbooks define them.

``apportion(method, weights, seats)`` shares ``seats`` whole seats among units
in proportion to their ``weights`` (populations, workload scores):

=================== ===================================== ==========================
method              also known as                         seat ``k + 1`` priority
=================== ===================================== ==========================
``hamilton``        largest remainder, Hare–Niemeyer       ``q - k``  (``q`` = exact quota)
``dhondt``          Jefferson, greatest divisors           ``w / (k + 1)``
``webster``         Sainte-Laguë, major fractions          ``w / (k + 1/2)``
``huntington-hill`` equal proportions (U.S. House)         ``w / sqrt(k (k + 1))``
``adams``           smallest divisors                      ``w / k``
=================== ===================================== ==========================

Every method is computed as one selection problem: the seat numbered ``k + 1``
of unit ``i`` (for ``lower_i <= k < upper_i``) has the priority in the table;
each unit first receives its lower bound, and the ``seats - sum(lower)`` seats
left go to the pairs ``(i, k)`` of highest priority. Because each unit's
priorities fall as ``k`` grows, the seats a unit receives are always its next
ones. For the four divisor methods this is the textbook priority-list
(highest averages) formulation, equivalent to "find a divisor ``D`` and round
every ``w_i / D`` at the method's signposts ``d(k)`` = ``k + 1``, ``k + 1/2``,
``sqrt(k (k + 1))``, ``k``, clipped to the bounds" (Balinski & Young, *Fair
Representation*, 2nd ed. 2001, ch. 6 and appendix A). The signpost
``d(0) = 0`` of Adams and Huntington–Hill gives every unit with a positive
weight an infinite priority for its first seat; among infinite priorities the
larger weight comes first (the limit of ``w / d`` as ``d -> 0``).

For ``hamilton`` the same rule reads: every unit starts at
``clip(floor(q_i), lower_i, upper_i)``; seats still to give go one at a time
to the unit with the largest ``q_i - n_i`` that is below its upper bound; when
the lower bounds already exceed the house size nothing is left to give and the
result is the lower bounds' surplus removed from the units with the largest
``n_i - q_i`` above their lower bound. Without bounds this is Hamilton's
method (floors, then one seat each to the largest remainders); with bounds it
is the allocation that minimises ``sum (n_i - q_i)^2`` within the bounds.

Ties (equal priority for the last seat given and the first seat refused) go to
the unit listed first and are reported in :attr:`Apportionment.ties`. With
integer weights the priorities are compared exactly (integer arithmetic for
Hamilton; one correctly rounded division for the divisor methods, on
``w^2 / (k (k + 1))`` for Huntington–Hill, exact while ``w < 9.4e7``).

Computation (:mod:`quota.solve.priority`): a numpy estimate of the divisor (a
few vectorised secant steps), an exact vectorised repair to the threshold set
of that divisor, then the remaining seats in one vectorised step when that is
provably the same as giving them one at a time, and a ``heapq`` priority queue
otherwise. 40,000
units and 100,000 seats take a few tens of milliseconds; the slowest case
(Adams or Huntington–Hill with far fewer seats than units, where the queue
does most of the work) a few hundred.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import SupportsIndex

import numpy as np
import numpy.typing as npt

from quota._typing import FloatArray, IntArray
from quota.config.choices import APPORTIONMENT_METHODS
from quota.errors import InfeasibleError, InputError, Msg
from quota.locale import msg
from quota.solve.priority import INT_LIMIT, Priority, build_priority, exact_total, solve_counts

ArrayLike = npt.ArrayLike

#: canonical method names (the scenario's ``method:`` values other than ``lp``)
METHODS: tuple[str, ...] = APPORTIONMENT_METHODS
#: the methods defined by a divisor and signposts
DIVISOR_METHODS: tuple[str, ...] = tuple(m for m in METHODS if m != "hamilton")
#: other accepted spellings -> canonical name
ALIASES: dict[str, str] = {
    "largest-remainder": "hamilton",
    "hare-niemeyer": "hamilton",
    "sainte-lague": "webster",
    "sainte-laguë": "webster",
    "equal-proportions": "huntington-hill",
    "jefferson": "dhondt",
    "d'hondt": "dhondt",
}


@dataclass(frozen=True)
class Apportionment:
    """The result of an apportionment.

    Attributes
    ----------
    seats : int64 array
        Seats per unit, in input order; sums to the house size.
    method : str
        Canonical method name (one of :data:`METHODS`).
    divisor : float or None
        For divisor methods, a divisor ``D`` that certifies the result: every
        unit strictly between its bounds holds exactly the seats ``k + 1``
        whose priority ``w / d(k)`` exceeds ``D`` [weight units per seat].
        When a tie was broken no such divisor exists and the tied priority is
        given. ``None`` for Hamilton, or when every seat came from the bounds.
    ties : tuple of str
        A note on each tie broken by list order (empty if none), as a message
        (``solve.tie.*``) whose values are the tied priority and the units' names.
    quota : float array
        Exact quotas ``weights / sum(weights) * seats`` [seats].
    quota_rule : bool
        Every unit lies within the floor and ceiling of its exact quota.
    lower_quota_ok : bool
        Every unit has at least the floor of its quota.
    upper_quota_ok : bool
        Every unit has at most the ceiling of its quota.
    """

    seats: IntArray
    method: str
    divisor: float | None
    ties: tuple[Msg, ...]
    quota: FloatArray
    quota_rule: bool
    lower_quota_ok: bool
    upper_quota_ok: bool


def normalize_method(method: str) -> str:
    """Canonical name of an apportionment method.

    Raises
    ------
    InputError
        Unknown method; the message lists the valid ones.
    """
    name = str(method).strip().lower().replace("_", "-").replace(" ", "-")
    name = ALIASES.get(name, name)
    if name not in METHODS:
        raise InputError(
            msg(
                "solve.apportion.unknown_method",
                method=repr(method),
                valid=list(METHODS),
                aliases=sorted(ALIASES),
            )
        )
    return name


def compute_quotas(weights: ArrayLike, seats: int) -> FloatArray:
    """Exact quotas ``weights / sum(weights) * seats`` [seats]."""
    w = _check_weights(weights)
    return _quotas(w, _check_seats(seats))


def apportion(
    method: str,
    weights: ArrayLike,
    seats: int,
    *,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    labels: Sequence[str] | None = None,
) -> Apportionment:
    """Apportion ``seats`` among units in proportion to ``weights``.

    Parameters
    ----------
    method : str
        ``hamilton``, ``webster``, ``huntington-hill``, ``dhondt`` or ``adams``
        (aliases: ``largest-remainder``, ``sainte-lague``, ``equal-proportions``,
        ``jefferson``, ...).
    weights : array_like of float, shape (n,)
        Non-negative weights (populations, scores); not all zero.
    seats : int
        House size: the number of seats to share out.
    lower, upper : array_like of int or int, optional
        Per-unit bounds on the seats (a scalar applies to every unit). Default
        no lower bound and no upper bound. A floor of 1 per unit, as in the U.S.
        House, is ``lower=1``.
    labels : sequence of str, optional
        Unit names used in the notes on ties; default ``unit <position>``
        (0-based).

    Returns
    -------
    Apportionment

    Raises
    ------
    InputError
        Unknown method; weights negative, non-finite or all zero; seats or
        bounds not whole non-negative numbers; shapes that do not match.
    InfeasibleError
        A unit's lower bound above its upper bound, the lower bounds adding up
        to more than ``seats``, or the upper bounds to less.
    """
    name = normalize_method(method)
    w = _check_weights(weights)
    house = _check_seats(seats)
    n = len(w)
    lo = _check_bound(lower, n, "lower", default=0)
    hi = _check_bound(upper, n, "upper", default=house)
    names = _check_labels(labels, n)
    _check_feasible(lo, hi, house, names)
    hi = np.minimum(hi, house)

    priority = build_priority(name, w, house)
    counts = solve_counts(priority, lo, hi, house)
    ties, divisor = _describe_boundary(priority, counts, lo, hi, names)
    quota = _quotas(w, house)
    floor_q, ceil_q = _quota_bounds(w, house, quota)
    lower_ok = bool(np.all(counts >= floor_q))
    upper_ok = bool(np.all(counts <= ceil_q))
    return Apportionment(
        seats=counts,
        method=name,
        divisor=divisor if name in DIVISOR_METHODS else None,
        ties=ties,
        quota=quota,
        quota_rule=lower_ok and upper_ok,
        lower_quota_ok=lower_ok,
        upper_quota_ok=upper_ok,
    )


# --------------------------------------------------------------------------- checks


def _check_weights(weights: ArrayLike) -> FloatArray:
    try:
        w = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(msg("solve.apportion.weights_not_numbers", error=str(exc))) from None
    if w.ndim != 1 or w.size == 0:
        raise InputError(msg("solve.apportion.weights_shape", shape=str(w.shape)))
    bad = np.flatnonzero(~np.isfinite(w))
    if bad.size:
        raise InputError(
            msg("solve.apportion.weight_not_finite", unit=int(bad[0]), value=f"{w[bad[0]]}")
        )
    neg = np.flatnonzero(w < 0)
    if neg.size:
        raise InputError(
            msg("solve.apportion.weight_negative", unit=int(neg[0]), value=float(w[neg[0]]))
        )
    if not np.any(w > 0):
        raise InputError(msg("solve.apportion.weights_zero", n=int(w.size)))
    return w


def _check_seats(seats: int) -> int:
    value: object = seats
    if isinstance(value, bool):
        raise InputError(msg("solve.apportion.seats_not_whole", value=repr(value)))
    if isinstance(value, float) and value.is_integer():
        house = int(value)
    elif isinstance(value, SupportsIndex):
        house = operator.index(value)
    else:
        raise InputError(msg("solve.apportion.seats_not_whole", value=repr(value)))
    if house < 0:
        raise InputError(msg("solve.apportion.seats_negative", seats=house))
    return house


def _bound_name(which: str) -> Msg:
    """``lower`` or ``upper`` as a message value (下限 / 上限 in Chinese)."""
    return msg("solve.apportion.lower") if which == "lower" else msg("solve.apportion.upper")


def _check_bound(bound: ArrayLike | None, n: int, which: str, *, default: int) -> IntArray:
    if bound is None:
        return np.full(n, default, dtype=np.int64)
    try:
        b = np.array(bound, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            msg("solve.apportion.bounds_not_numbers", which=_bound_name(which), error=str(exc))
        ) from None
    if b.ndim == 0:
        b = np.full(n, float(b))
    if b.shape != (n,):
        raise InputError(
            msg("solve.apportion.bounds_count", which=_bound_name(which), size=int(b.size), n=n)
        )
    bad = np.flatnonzero(~np.isfinite(b) | (b < 0) | (b != np.floor(b)))
    if bad.size:
        i = int(bad[0])
        raise InputError(
            msg("solve.apportion.bound_invalid", which=_bound_name(which), unit=i, value=b[i])
        )
    return np.minimum(b, float(INT_LIMIT)).astype(np.int64)


def _check_labels(labels: Sequence[str] | None, n: int) -> list[str | Msg]:
    if labels is None:
        return [msg("solve.apportion.unit", index=i) for i in range(n)]
    names: list[str | Msg] = [str(x) for x in labels]
    if len(names) != n:
        raise InputError(msg("solve.apportion.labels_count", given=len(names), n=n))
    return names


def _check_feasible(lo: IntArray, hi: IntArray, house: int, names: list[str | Msg]) -> None:
    bad = np.flatnonzero(lo > hi)
    if bad.size:
        i = int(bad[0])
        raise InfeasibleError(
            msg(
                "solve.apportion.lower_above_upper",
                unit=names[i],
                lower=int(lo[i]),
                upper=int(hi[i]),
            )
        )
    need = int(lo.sum())
    if need > house:
        raise InfeasibleError(msg("solve.apportion.lower_sum", need=need, seats=house))
    room = int(np.minimum(hi, house).sum())
    if room < house:
        raise InfeasibleError(msg("solve.apportion.upper_sum", room=room, seats=house))


# ------------------------------------------------------------------------- quotas


def _quotas(w: FloatArray, house: int) -> FloatArray:
    total = exact_total(w, house)
    if total is not None:
        return w.astype(np.int64) * house / total
    return w / float(w.sum()) * house


def _quota_bounds(w: FloatArray, house: int, quota: FloatArray) -> tuple[IntArray, IntArray]:
    """Floor and ceiling of the exact quotas (exact for integer weights)."""
    total = exact_total(w, house)
    if total is not None:
        a = w.astype(np.int64) * house
        return a // total, -((-a) // total)
    return np.floor(quota).astype(np.int64), np.ceil(quota).astype(np.int64)


# ----------------------------------------------------------------------- reporting


def _describe_boundary(
    priority: Priority, n: IntArray, lo: IntArray, hi: IntArray, names: list[str | Msg]
) -> tuple[tuple[Msg, ...], float | None]:
    """Notes on a tie at the boundary, and a certifying divisor."""
    given = np.flatnonzero(n > lo)
    refused = np.flatnonzero(n < hi)
    last = nxt = None
    if given.size:
        p, s = priority.keys(given, n[given] - 1)
        j = np.lexsort((-given, s, p))[0]
        last = (p[j].item(), s[j].item(), p, s)
    if refused.size:
        p, s = priority.keys(refused, n[refused])
        j = np.lexsort((refused, -s, -p))[0]
        nxt = (p[j].item(), s[j].item(), p, s)
    notes: tuple[Msg, ...] = ()
    if last is not None and nxt is not None and last[:2] == nxt[:2]:
        got = given[(last[2] == last[0]) & (last[3] == last[1])]
        missed = refused[(nxt[2] == nxt[0]) & (nxt[3] == nxt[1])]
        notes = (_tie_note(priority, last[0], last[1], got, missed, names),)
    divisor = _certifying_divisor(
        priority,
        None if last is None else last[0],
        None if nxt is None else nxt[0],
    )
    return notes, divisor


def _tie_note(
    priority: Priority,
    primary: float | int,
    secondary: float,
    got: IntArray,
    missed: IntArray,
    names: list[str | Msg],
) -> Msg:
    """The note on a tie: a code (the kind of priority) and its values, street names as lists."""
    winners = [names[i] for i in got.tolist()]
    losers = [names[i] for i in missed.tolist()]
    if math.isinf(float(primary)):
        return msg("solve.tie.first_seat", weight=float(secondary), got=winners, missed=losers)
    if priority.method == "hamilton":
        return msg(
            "solve.tie.hamilton", priority=priority.natural(primary), got=winners, missed=losers
        )
    return msg("solve.tie.divisor", priority=priority.natural(primary), got=winners, missed=losers)


def _certifying_divisor(
    priority: Priority, last: float | int | None, nxt: float | int | None
) -> float | None:
    if priority.method == "hamilton":
        return None
    v_last = None if last is None else priority.natural(last)
    v_next = None if nxt is None else priority.natural(nxt)
    if v_last is not None and v_next is not None:
        if math.isinf(v_next):
            return None  # first seats refused: no finite divisor certifies the result
        if math.isinf(v_last):
            return 2.0 * v_next if v_next > 0 else None
        if v_last == v_next:
            return v_last
        return (v_last + v_next) / 2.0
    if v_last is not None and math.isfinite(v_last) and v_last > 0:
        return v_last / 2.0
    if v_next is not None and v_next > 0:
        return 2.0 * v_next
    return None
