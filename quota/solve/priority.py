"""The priority order of the seats, and the engine that gives them out.

:mod:`quota.solve.apportion` computes every method as one selection problem:
the seat numbered ``k + 1`` of unit ``i`` has a priority (``w / d(k)`` for the
divisor methods, ``q - k`` for Hamilton), and the seats left after the lower
bounds go to the pairs ``(i, k)`` of highest priority. This module holds that
priority (:class:`Priority`, exact for integer weights) and the engine
(:func:`solve_counts`): a numpy estimate of the divisor (a few vectorised
secant steps), an exact vectorised repair to the threshold set of that
divisor, then the remaining seats in one vectorised step when that is provably
the same as giving them one at a time, and a ``heapq`` priority queue
otherwise.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from quota._typing import FloatArray, IntArray

#: integer arithmetic is used while every intermediate product stays below this
INT_LIMIT = 2**62
#: floats represent integers exactly below this
FLOAT_INT_LIMIT = 2.0**53


@dataclass(frozen=True)
class Priority:
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
        d = signposts(self.method, k)
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


def signposts(method: str, k: IntArray) -> FloatArray:
    """Signpost ``d(k)`` (squared for Huntington–Hill) of a divisor method."""
    kf = k.astype(np.float64)
    if method == "dhondt":
        return kf + 1.0
    if method == "webster":
        return kf + 0.5
    if method == "adams":
        return kf
    return kf * (kf + 1.0)  # huntington-hill, squared: compared with w^2


def exact_total(w: FloatArray, house: int) -> int | None:
    """``sum(w)`` as an int when integer arithmetic is exact for Hamilton, else None."""
    if not np.all(w == np.floor(w)) or float(w.max()) >= FLOAT_INT_LIMIT:
        return None
    total = (
        int(w.astype(np.int64).sum(dtype=np.int64)) if w.size * float(w.max()) < INT_LIMIT else None
    )
    if total is None or total * (house + 2) >= INT_LIMIT:
        return None
    return total


def build_priority(method: str, w: FloatArray, house: int) -> Priority:
    if method == "hamilton":
        total = exact_total(w, house)
        if total is not None:
            return Priority(method, w.astype(np.int64) * house, w, total)
        return Priority(method, w / float(w.sum()) * house, w, 1.0)
    numer = w * w if method == "huntington-hill" else w
    return Priority(method, numer, w, 1.0)


def _estimate_counts(
    priority: Priority, lo: IntArray, hi: IntArray, house: int
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
    priority: Priority, counts: IntArray, lo: IntArray, hi: IntArray, threshold: float | int
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


def solve_counts(priority: Priority, lo: IntArray, hi: IntArray, house: int) -> IntArray:
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


def _add_in_one_step(priority: Priority, n: IntArray, hi: IntArray, count: int) -> bool:
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


def _remove_in_one_step(priority: Priority, n: IntArray, lo: IntArray, count: int) -> bool:
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


def _add_by_heap(priority: Priority, n: IntArray, hi: IntArray, count: int) -> None:
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


def _remove_by_heap(priority: Priority, n: IntArray, lo: IntArray, count: int) -> None:
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
