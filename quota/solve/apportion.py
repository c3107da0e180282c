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

Computation: a numpy estimate of the divisor (a few vectorised secant steps),
an exact vectorised repair to the threshold set of that divisor, then the
remaining seats in one vectorised step when that is provably the same as
giving them one at a time, and a ``heapq`` priority queue otherwise. 40,000
units and 100,000 seats take a few tens of milliseconds; the slowest case
(Adams or Huntington–Hill with far fewer seats than units, where the queue
does most of the work) a few hundred.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import SupportsIndex

import numpy as np
import numpy.typing as npt

from quota._typing import FloatArray, IntArray
from quota.config.choices import APPORTIONMENT_METHODS
from quota.errors import InfeasibleError, InputError

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

#: integer arithmetic is used while every intermediate product stays below this
_INT_LIMIT = 2**62
#: floats represent integers exactly below this
_FLOAT_INT_LIMIT = 2.0**53


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
        Plain-language notes on each tie broken by list order (empty if none).
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
    ties: tuple[str, ...]
    quota: FloatArray
    quota_rule: bool
    lower_quota_ok: bool
    upper_quota_ok: bool


@dataclass(frozen=True)
class _Priority:
    """Priority of seat ``k + 1`` of each unit, as a sortable pair of keys.

    ``primary`` is the priority (or a monotone transform of it: ``w^2 / (k (k+1))``
    for Huntington–Hill, ``w S - k W`` for integer Hamilton); ``secondary`` orders
    infinite first-seat priorities by weight and is 0 otherwise.
    """

    method: str
    numer: np.ndarray  # float64, or int64 for exact Hamilton
    weights: FloatArray
    step: int | float  # Hamilton: W (int) or 1.0; unused by divisor methods

    def keys(self, units: IntArray, k: IntArray) -> tuple[np.ndarray, FloatArray]:
        """Vectorised keys of seat ``k + 1`` of ``units``."""
        numer = self.numer[units]
        if self.method == "hamilton":
            return numer - k * self.step, np.zeros(len(units))
        d = _signposts(self.method, k)
        with np.errstate(divide="ignore", invalid="ignore"):
            primary = numer / d
        first = d == 0
        w = self.weights[units]
        primary = np.where(first, np.where(w > 0, np.inf, 0.0), primary)
        secondary = np.where(first & (w > 0), w, 0.0)
        return primary, secondary

    def key(self, unit: int, k: int) -> tuple[float | int, float]:
        """Key of one seat, computed exactly as :meth:`keys` does."""
        if self.method == "hamilton":
            return self.numer[unit].item() - k * self.step, 0.0
        kf = float(k)
        if self.method == "dhondt":
            d = kf + 1.0
        elif self.method == "webster":
            d = kf + 0.5
        elif self.method == "adams":
            d = kf
        else:
            d = kf * (kf + 1.0)
        if d == 0.0:
            w = float(self.weights[unit])
            return (math.inf, w) if w > 0 else (0.0, 0.0)
        return float(self.numer[unit]) / d, 0.0

    def natural(self, primary: float | int) -> float:
        """The priority in the textbook's units: ``w / d(k)``, or ``q - k`` for Hamilton."""
        if self.method == "hamilton":
            return (
                float(primary) / float(self.step) if isinstance(self.step, int) else float(primary)
            )
        if self.method == "huntington-hill":
            return math.sqrt(float(primary))
        return float(primary)


def _signposts(method: str, k: IntArray) -> FloatArray:
    """Signpost ``d(k)`` (squared for Huntington–Hill) of a divisor method."""
    kf = k.astype(np.float64)
    if method == "dhondt":
        return kf + 1.0
    if method == "webster":
        return kf + 0.5
    if method == "adams":
        return kf
    return kf * (kf + 1.0)  # huntington-hill, squared: compared with w^2


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
            f"unknown apportionment method {method!r}; valid methods: {', '.join(METHODS)} "
            f"(also accepted: {', '.join(sorted(ALIASES))})"
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

    priority = _build_priority(name, w, house)
    counts = _solve_counts(priority, lo, hi, house)
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
        raise InputError(f"weights must be numbers: {exc}") from None
    if w.ndim != 1 or w.size == 0:
        raise InputError(f"weights must be a non-empty list of numbers, got shape {w.shape}")
    bad = np.flatnonzero(~np.isfinite(w))
    if bad.size:
        raise InputError(
            f"weight of unit {int(bad[0])} is {w[bad[0]]}; weights must be finite numbers"
        )
    neg = np.flatnonzero(w < 0)
    if neg.size:
        raise InputError(
            f"weight of unit {int(neg[0])} is {w[neg[0]]:g}; weights must not be negative"
        )
    if not np.any(w > 0):
        raise InputError(f"all {w.size} weights are zero; nothing to apportion in proportion to")
    return w


def _check_seats(seats: int) -> int:
    value: object = seats
    if isinstance(value, bool):
        raise InputError(f"seats must be a whole number, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        house = int(value)
    elif isinstance(value, SupportsIndex):
        house = operator.index(value)
    else:
        raise InputError(f"seats must be a whole number, got {value!r}")
    if house < 0:
        raise InputError(f"seats must not be negative, got {house}")
    return house


def _check_bound(bound: ArrayLike | None, n: int, which: str, *, default: int) -> IntArray:
    if bound is None:
        return np.full(n, default, dtype=np.int64)
    try:
        b = np.array(bound, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{which} bounds must be whole numbers: {exc}") from None
    if b.ndim == 0:
        b = np.full(n, float(b))
    if b.shape != (n,):
        raise InputError(f"{which} bounds have {b.size} entries but there are {n} units")
    bad = np.flatnonzero(~np.isfinite(b) | (b < 0) | (b != np.floor(b)))
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"{which} bound of unit {i} is {b[i]:g}; bounds must be whole numbers >= 0"
        )
    return np.minimum(b, float(_INT_LIMIT)).astype(np.int64)


def _check_labels(labels: Sequence[str] | None, n: int) -> list[str]:
    if labels is None:
        return [f"unit {i}" for i in range(n)]
    names = [str(x) for x in labels]
    if len(names) != n:
        raise InputError(f"{len(names)} labels given for {n} units")
    return names


def _check_feasible(lo: IntArray, hi: IntArray, house: int, names: list[str]) -> None:
    bad = np.flatnonzero(lo > hi)
    if bad.size:
        i = int(bad[0])
        raise InfeasibleError(
            f"{names[i]}: lower bound {int(lo[i])} is above upper bound {int(hi[i])}"
        )
    need = int(lo.sum())
    if need > house:
        raise InfeasibleError(
            f"the lower bounds add up to {need} seats but only {house} are to be apportioned"
        )
    room = int(np.minimum(hi, house).sum())
    if room < house:
        raise InfeasibleError(
            f"the upper bounds allow at most {room} seats but {house} must be apportioned"
        )


# ------------------------------------------------------------------------- quotas


def _integral(w: FloatArray, house: int) -> int | None:
    """``sum(w)`` as an int when integer arithmetic is exact for Hamilton, else None."""
    if not np.all(w == np.floor(w)) or float(w.max()) >= _FLOAT_INT_LIMIT:
        return None
    total = (
        int(w.astype(np.int64).sum(dtype=np.int64))
        if w.size * float(w.max()) < _INT_LIMIT
        else None
    )
    if total is None or total * (house + 2) >= _INT_LIMIT:
        return None
    return total


def _quotas(w: FloatArray, house: int) -> FloatArray:
    total = _integral(w, house)
    if total is not None:
        return w.astype(np.int64) * house / total
    return w / float(w.sum()) * house


def _quota_bounds(w: FloatArray, house: int, quota: FloatArray) -> tuple[IntArray, IntArray]:
    """Floor and ceiling of the exact quotas (exact for integer weights)."""
    total = _integral(w, house)
    if total is not None:
        a = w.astype(np.int64) * house
        return a // total, -((-a) // total)
    return np.floor(quota).astype(np.int64), np.ceil(quota).astype(np.int64)


# ------------------------------------------------------------------------- engine


def _build_priority(method: str, w: FloatArray, house: int) -> _Priority:
    if method == "hamilton":
        total = _integral(w, house)
        if total is not None:
            return _Priority(method, w.astype(np.int64) * house, w, total)
        return _Priority(method, w / float(w.sum()) * house, w, 1.0)
    numer = w * w if method == "huntington-hill" else w
    return _Priority(method, numer, w, 1.0)


def _estimate_counts(
    priority: _Priority, lo: IntArray, hi: IntArray, house: int
) -> tuple[IntArray, float | int]:
    """A first allocation and the threshold it is repaired against."""
    method = priority.method
    if method == "hamilton":
        if isinstance(priority.step, int):
            step = priority.step
            return np.asarray(priority.numer // step, dtype=np.int64), step - 1
        return np.floor(priority.numer).astype(np.int64), float(np.nextafter(1.0, 0.0))
    w = priority.weights
    total = float(w.sum())
    cap = hi.astype(np.float64) + 1.0
    # rounding down (up) loses (gains) about half a seat per unit at the standard divisor
    target: float = house + {"dhondt": 0.5, "adams": -0.5}.get(method, 0.0) * len(w)
    divisor = total / target if target > 0 else total / max(house, 1)
    counts = _round_at(method, w, divisor, cap)
    for _ in range(8):
        got = int(np.clip(counts, lo, hi).sum())
        if got == house or house == int(lo.sum()):
            break
        # secant step on the affine model got = total / D + bias
        target = house - (got - total / divisor)
        if target <= 0:
            break
        divisor = total / target
        counts = _round_at(method, w, divisor, cap)
    threshold = divisor * divisor if method == "huntington-hill" else divisor
    return counts, threshold


def _round_at(method: str, w: FloatArray, divisor: float, cap: FloatArray) -> IntArray:
    """Seats each unit would get at ``divisor`` (approximate; repaired exactly later)."""
    q = np.minimum(w / divisor, cap)
    if method == "dhondt":
        n = np.ceil(q) - 1.0
    elif method == "adams":
        n = np.ceil(q)
    elif method == "huntington-hill":
        # number of k >= 0 with k (k + 1) < q^2
        n = np.ceil((np.sqrt(1.0 + 4.0 * q * q) - 1.0) / 2.0)
    else:  # webster
        n = np.ceil(q - 0.5)
    return np.maximum(n, 0.0).astype(np.int64)


def _repair_counts(
    priority: _Priority, counts: IntArray, lo: IntArray, hi: IntArray, threshold: float | int
) -> IntArray:
    """Make ``counts`` exactly the seats whose priority exceeds ``threshold``."""
    n = np.clip(counts, lo, hi)
    while True:
        units = np.flatnonzero(n < hi)
        primary, _ = priority.keys(units, n[units])
        grow = units[primary > threshold]
        if grow.size == 0:
            break
        n[grow] += 1
    while True:
        units = np.flatnonzero(n > lo)
        primary, _ = priority.keys(units, n[units] - 1)
        shrink = units[~(primary > threshold)]
        if shrink.size == 0:
            break
        n[shrink] -= 1
    return n


def _solve_counts(priority: _Priority, lo: IntArray, hi: IntArray, house: int) -> IntArray:
    counts, threshold = _estimate_counts(priority, lo, hi, house)
    n = _repair_counts(priority, counts, lo, hi, threshold)
    missing = house - int(n.sum())
    if missing > 0 and not _add_in_one_step(priority, n, hi, missing):
        _add_by_heap(priority, n, hi, missing)
    elif missing < 0 and not _remove_in_one_step(priority, n, lo, -missing):
        _remove_by_heap(priority, n, lo, -missing)
    return n


def _precedes(
    p1: np.ndarray, s1: np.ndarray, i1: np.ndarray, p2: np.ndarray, s2: np.ndarray, i2: np.ndarray
) -> np.ndarray:
    """Seat (p1, s1, unit i1) comes before seat (p2, s2, unit i2) in the priority order.

    Equal units compare as "before" (a unit's earlier seat comes first).
    """
    return (p1 > p2) | ((p1 == p2) & ((s1 > s2) | ((s1 == s2) & (i1 <= i2))))


def _add_in_one_step(priority: _Priority, n: IntArray, hi: IntArray, count: int) -> bool:
    """Give one seat each to the ``count`` best units, if that equals the one-by-one rule."""
    units = np.flatnonzero(n < hi)
    if count > units.size:
        return False
    p, s = priority.keys(units, n[units])
    order = np.lexsort((units, -s, -p))
    chosen = units[order[:count]]
    worst = order[count - 1]
    again = chosen[n[chosen] + 1 < hi[chosen]]
    if again.size:
        p2, s2 = priority.keys(again, n[again] + 1)
        if not np.all(_precedes(p[worst], s[worst], units[worst], p2, s2, again)):
            return False
    n[chosen] += 1
    return True


def _remove_in_one_step(priority: _Priority, n: IntArray, lo: IntArray, count: int) -> bool:
    """Take one seat each from the ``count`` worst units, if that equals the one-by-one rule."""
    units = np.flatnonzero(n > lo)
    if count > units.size:
        return False
    p, s = priority.keys(units, n[units] - 1)
    order = np.lexsort((-units, s, p))
    chosen = units[order[:count]]
    best = order[count - 1]
    again = chosen[n[chosen] - 1 > lo[chosen]]
    if again.size:
        p2, s2 = priority.keys(again, n[again] - 2)
        if not np.all(_precedes(p2, s2, again, p[best], s[best], units[best])):
            return False
    n[chosen] -= 1
    return True


def _add_by_heap(priority: _Priority, n: IntArray, hi: IntArray, count: int) -> None:
    units = np.flatnonzero(n < hi)
    p, s = priority.keys(units, n[units])
    heap = [(-pp, -ss, i) for pp, ss, i in zip(p.tolist(), s.tolist(), units.tolist(), strict=True)]
    heapq.heapify(heap)
    for _ in range(count):
        _, _, i = heapq.heappop(heap)
        n[i] += 1
        if n[i] < hi[i]:
            pp, ss = priority.key(i, int(n[i]))
            heapq.heappush(heap, (-pp, -ss, i))


def _remove_by_heap(priority: _Priority, n: IntArray, lo: IntArray, count: int) -> None:
    units = np.flatnonzero(n > lo)
    p, s = priority.keys(units, n[units] - 1)
    heap = [(pp, ss, -i) for pp, ss, i in zip(p.tolist(), s.tolist(), units.tolist(), strict=True)]
    heapq.heapify(heap)
    for _ in range(count):
        _, _, neg = heapq.heappop(heap)
        i = -neg
        n[i] -= 1
        if n[i] > lo[i]:
            pp, ss = priority.key(i, int(n[i]) - 1)
            heapq.heappush(heap, (pp, ss, -i))


# ----------------------------------------------------------------------- reporting


def _describe_boundary(
    priority: _Priority, n: IntArray, lo: IntArray, hi: IntArray, names: list[str]
) -> tuple[tuple[str, ...], float | None]:
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
    notes: tuple[str, ...] = ()
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
    priority: _Priority,
    primary: float | int,
    secondary: float,
    got: IntArray,
    missed: IntArray,
    names: list[str],
) -> str:
    def listing(units: IntArray) -> str:
        return ", ".join(names[i] for i in units.tolist())

    if math.isinf(float(primary)):
        what = f"equal weight {secondary:g} for a first seat"
    elif priority.method == "hamilton":
        what = f"equal priority q - k = {priority.natural(primary):.12g}"
    else:
        what = f"equal priority w/d(k) = {priority.natural(primary):.12g}"
    return (
        f"tie for the last seat ({what}): {listing(got)} got it by coming first in the list; "
        f"{listing(missed)} did not"
    )


def _certifying_divisor(
    priority: _Priority, last: float | int | None, nxt: float | int | None
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
