"""Seeded synthetic street tables at country scale, for benchmarks and tests.

:func:`synth_streets` draws a table with the canonical columns of the data
contract (design.md §2): heavy-tailed populations and workloads, office and
unit counts, current quotas that follow workload with noise, and staff on
board mostly below quota with a few streets above it. :func:`synth_scenario_dict`
returns a scenario for that table (design.md §3) that is feasible with no
dismissal and a change cap of 10: a few streets need turnover quotas and the
pool covers them. :func:`synth_kind_problem` builds the solver's
:class:`~quota.model.problem.KindProblem` directly, without files or the pipeline.

Everything is deterministic in ``(n, seed)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from quota._typing import FloatArray, IntArray
from quota.locale import msg
from quota.model.problem import KindProblem, build_kind_inputs

StrArray = npt.NDArray[np.str_]

#: columns of :func:`synth_streets`, in order
SYNTH_COLUMNS: tuple[str, ...] = (
    "street",
    "province",
    "city",
    "population",
    "registered_population",
    "households",
    "area_km2",
    "communities",
    "grids",
    "duty_items",
    "enforcement_cases",
    "hotline_tickets",
    "enterprises",
    "offices",
    "units",
    "current_admin",
    "current_institutional",
    "onboard_admin",
    "onboard_institutional",
)

#: indicator weights of the synthetic scenario, per quota kind
SYNTH_INDICATORS: dict[str, dict[str, float]] = {
    "admin": {"population": 0.4, "area_km2": 0.1, "duty_items": 0.2, "hotline_tickets": 0.3},
    "institutional": {"population": 0.3, "enforcement_cases": 0.4, "enterprises": 0.3},
}
#: base rules of the synthetic scenario, per quota kind
SYNTH_BASE: dict[str, dict[str, int]] = {
    "admin": {"per_office": 2, "leaders": 3},
    "institutional": {"per_unit": 5},
}
#: mean quotas above base per street in the current allocation, per kind [quotas]
SYNTH_EXTRA: dict[str, float] = {"admin": 25.0, "institutional": 40.0}
#: pool as a multiple of today's quotas, per kind [-]
SYNTH_POOL_GROWTH: dict[str, float] = {"admin": 1.02, "institutional": 1.0}
#: share of each pool kept as turnover [-]
SYNTH_TURNOVER_SHARE = 0.05
#: cap on ``|total - current|`` per street [quotas]
SYNTH_MAX_CHANGE = 10
#: streets per province and per city, roughly
STREETS_PER_PROVINCE = 1300
STREETS_PER_CITY = 100
#: most provinces drawn
MAX_PROVINCES = 31


def build_regions(n: int, rng: np.random.Generator) -> tuple[IntArray, IntArray]:
    """Draw a province and a city for each street, grouped in table order.

    Parameters
    ----------
    n : int
        Number of streets.
    rng : numpy Generator
        Source of randomness.

    Returns
    -------
    province, city : int arrays
        Province number (from 1) and city number within its province (from 1);
        sorted so that streets of a city are contiguous.
    """
    n_provinces = int(np.clip(round(n / STREETS_PER_PROVINCE), 1, MAX_PROVINCES))
    shares = rng.dirichlet(np.full(n_provinces, 4.0))
    province_size = rng.multinomial(n, shares)
    province = np.repeat(np.arange(1, n_provinces + 1, dtype=np.int64), province_size)
    city = np.empty(n, dtype=np.int64)
    offset = 0
    for size in province_size:
        n_cities = max(1, round(int(size) / STREETS_PER_CITY))
        city_size = rng.multinomial(int(size), rng.dirichlet(np.full(n_cities, 3.0)))
        city[offset : offset + size] = np.repeat(
            np.arange(1, n_cities + 1, dtype=np.int64), city_size
        )
        offset += int(size)
    return province, city


def build_region_labels(province: IntArray, city: IntArray) -> tuple[StrArray, StrArray]:
    """Label provinces ``P03`` and cities ``P03-C012``.

    Parameters
    ----------
    province, city : int arrays
        Province and city numbers per street (from 1).

    Returns
    -------
    province_label, city_label : str arrays
        One label per street.
    """
    province_names = np.array([f"P{p:02d}" for p in range(int(province.max()) + 1)])
    city_names = np.array([f"-C{c:03d}" for c in range(int(city.max()) + 1)])
    province_label = province_names[province]
    return province_label, np.char.add(province_label, city_names[city])


def build_street_names(province: IntArray, city: IntArray) -> StrArray:
    """Name streets ``P03-C012-T0345`` (province, city, number within the city).

    Parameters
    ----------
    province, city : int arrays
        Province and city numbers per street, streets of a city contiguous.

    Returns
    -------
    str array
        Unique street names.
    """
    n = len(province)
    group_start = np.r_[True, (province[1:] != province[:-1]) | (city[1:] != city[:-1])]
    starts = np.flatnonzero(group_start)
    sizes = np.diff(np.r_[starts, n])
    within = np.arange(n) - np.repeat(starts, sizes) + 1
    town_names = np.array([f"-T{t:04d}" for t in range(int(within.max()) + 1)])
    _, city_label = build_region_labels(province, city)
    return np.char.add(city_label, town_names[within])


def draw_lognormal(
    rng: np.random.Generator, median: float, sigma: float, size: int, low: float, high: float
) -> FloatArray:
    """Draw clipped lognormal values.

    Parameters
    ----------
    rng : numpy Generator
        Source of randomness.
    median, sigma : float
        Median of the distribution and sigma of its logarithm.
    size : int
        Number of values.
    low, high : float
        Clip range.

    Returns
    -------
    float array
        The values.
    """
    return np.clip(median * np.exp(sigma * rng.standard_normal(size)), low, high)


def compute_synth_scores(frame: pd.DataFrame, indicators: dict[str, float]) -> FloatArray:
    """Compute workload scores as weighted shares of the indicators.

    Parameters
    ----------
    frame : DataFrame
        Street table with the indicator columns.
    indicators : dict
        Indicator column -> weight.

    Returns
    -------
    float array
        ``sum_i w_i * x_ki / sum_k x_ki`` with the weights scaled to sum to 1;
        the scores sum to 1.
    """
    total_weight = sum(indicators.values())
    score = np.zeros(len(frame), dtype=np.float64)
    for name, weight in indicators.items():
        values = frame[name].to_numpy(dtype=np.float64)
        score = score + (weight / total_weight) * values / values.sum()
    return score


def compute_synth_base(frame: pd.DataFrame, kind: str) -> IntArray:
    """Compute base quotas with the synthetic scenario's rule.

    Parameters
    ----------
    frame : DataFrame
        Street table with ``offices`` and ``units``.
    kind : str
        ``admin`` or ``institutional``.

    Returns
    -------
    int array
        ``per_office * offices + per_unit * units + leaders`` [quotas].
    """
    rule = SYNTH_BASE[kind]
    offices = frame["offices"].to_numpy(dtype=np.int64)
    units = frame["units"].to_numpy(dtype=np.int64)
    return (
        rule.get("per_office", 0) * offices
        + rule.get("per_unit", 0) * units
        + rule.get("leaders", 0)
    ).astype(np.int64)


def synth_streets(n: int, *, seed: int = 0) -> pd.DataFrame:
    """Draw a country-scale street table.

    Parameters
    ----------
    n : int
        Number of streets (township-level units), ``n >= 1``.
    seed : int
        Seed of the random generator; the table is a function of ``(n, seed)``.

    Returns
    -------
    DataFrame
        Columns :data:`SYNTH_COLUMNS`: ``street`` (unique, ``P03-C012-T0345``),
        ``province``, ``city`` (strings); population 5,000-300,000 (lognormal,
        median 40,000) [persons] and the workload indicators that follow it;
        ``area_km2`` [km²]; ``offices`` 5-8 and ``units`` 2-4; current quotas
        that follow workload with noise; staff on board mostly 88-100% of the
        current quotas, a few streets above them.

    Raises
    ------
    ValueError
        If ``n < 1``.
    """
    if n < 1:
        raise ValueError(msg("analysis.synth_no_streets", n=n))
    rng = np.random.default_rng(seed)
    province, city = build_regions(n, rng)
    population = np.round(draw_lognormal(rng, 40_000, 0.8, n, 5_000, 300_000))
    registered = np.round(population * rng.uniform(0.6, 1.1, n))
    households = np.round(population / rng.uniform(2.4, 3.2, n))
    area = np.round(draw_lognormal(rng, 30.0, 1.0, n, 0.5, 2_000.0), 2)
    communities = np.maximum(1, np.round(households / rng.uniform(1_500, 3_500, n)))
    grids = communities * rng.integers(3, 13, n)
    duty_items = np.round(np.clip(rng.normal(180, 40, n), 80, 320))
    enforcement = rng.poisson(population / 1_000 * draw_lognormal(rng, 3.0, 0.7, n, 0.2, 50.0))
    hotline = np.round(population * draw_lognormal(rng, 0.05, 0.6, n, 0.005, 0.5))
    enterprises = np.round(population * draw_lognormal(rng, 0.03, 0.7, n, 0.002, 0.4))
    province_label, city_label = build_region_labels(province, city)
    frame = pd.DataFrame(
        {
            "street": pd.array(build_street_names(province, city), dtype="string"),
            "province": pd.array(province_label, dtype="string"),
            "city": pd.array(city_label, dtype="string"),
            "population": population.astype(np.int64),
            "registered_population": registered.astype(np.int64),
            "households": households.astype(np.int64),
            "area_km2": area,
            "communities": communities.astype(np.int64),
            "grids": grids.astype(np.int64),
            "duty_items": duty_items.astype(np.int64),
            "enforcement_cases": enforcement.astype(np.int64),
            "hotline_tickets": hotline.astype(np.int64),
            "enterprises": enterprises.astype(np.int64),
            "offices": rng.choice(np.array([5, 6, 6, 6, 7, 8], dtype=np.int64), n),
            "units": rng.choice(np.array([2, 3, 3, 3, 4], dtype=np.int64), n),
        }
    )
    staffing: dict[str, IntArray] = {}
    for kind in ("admin", "institutional"):
        score = compute_synth_scores(frame, SYNTH_INDICATORS[kind])
        noise = draw_lognormal(rng, 1.0, 0.15, n, 0.5, 2.0)
        extra = np.round(score * SYNTH_EXTRA[kind] * n * noise).astype(np.int64)
        current = compute_synth_base(frame, kind) + extra
        onboard = np.floor(current * rng.uniform(0.88, 1.0, n)).astype(np.int64)
        above = rng.random(n) < 0.03
        onboard = np.where(above, current + rng.integers(1, 4, n), onboard)
        staffing[f"current_{kind}"] = current
        staffing[f"onboard_{kind}"] = onboard
    for column in (
        "current_admin",
        "current_institutional",
        "onboard_admin",
        "onboard_institutional",
    ):
        frame[column] = staffing[column]
    return frame.loc[:, list(SYNTH_COLUMNS)]


def compute_synth_pool(frame: pd.DataFrame, kind: str) -> int:
    """Compute the synthetic scenario's pool of one kind.

    Parameters
    ----------
    frame : DataFrame
        Table from :func:`synth_streets`.
    kind : str
        ``admin`` or ``institutional``.

    Returns
    -------
    int
        Today's total quotas of the kind times :data:`SYNTH_POOL_GROWTH`,
        rounded [quotas].
    """
    current = int(frame[f"current_{kind}"].sum())
    return int(np.floor(current * SYNTH_POOL_GROWTH[kind] + 0.5))


def synth_scenario_dict(
    n: int, seed: int = 0, *, data: str = "streets.csv", streets: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Build the scenario that goes with :func:`synth_streets`, as a plain dict.

    Parameters
    ----------
    n : int
        Number of streets.
    seed : int
        Seed of the street table.
    data : str
        Path of the street table as the scenario file states it.
    streets : DataFrame, optional
        The table ``synth_streets(n, seed=seed)`` if already drawn (saves drawing
        it again).

    Returns
    -------
    dict
        Keys of design.md §3 (``name, title, data, method, objective, weights,
        kinds, constraints``), ready for ``yaml.safe_dump``: pools of today's
        quotas (+2% admin), 5% turnover, base ``{per_office: 2, leaders: 3}`` /
        ``{per_unit: 5}``, change cap 10, no dismissal.
    """
    frame = streets if streets is not None else synth_streets(n, seed=seed)
    kinds: dict[str, dict[str, Any]] = {}
    for kind in ("admin", "institutional"):
        kinds[kind] = {
            "pool": compute_synth_pool(frame, kind),
            "turnover_share": SYNTH_TURNOVER_SHARE,
            "base": dict(SYNTH_BASE[kind]),
            "indicators": dict(SYNTH_INDICATORS[kind]),
            "floor": None,
            "ceiling": None,
            "max_change": SYNTH_MAX_CHANGE,
        }
    return {
        "name": f"synth-{n}-seed{seed}",
        "title": f"合成数据：{n} 个乡镇街道（种子 {seed}）",
        "data": data,
        "method": "lp",
        "objective": "l1",
        "weights": "manual",
        "kinds": kinds,
        "constraints": {"no_dismissal": True},
    }


def synth_kind_problem(
    n: int, seed: int = 0, kind: str = "admin", *, objective: str = "l1"
) -> KindProblem:
    """Build one kind's solver problem for the synthetic scenario directly.

    Parameters
    ----------
    n : int
        Number of streets.
    seed : int
        Seed of the street table.
    kind : str
        ``admin`` or ``institutional``.
    objective : str
        ``l1`` or ``minimax``.

    Returns
    -------
    KindProblem
        Scores = weighted indicator shares, base from the structure,
        ``T = floor(0.05 * pool + 0.5)``, ``Q = pool - sum(base) - T``,
        ``ideal = score * Q``, bounds from staff on board (no dismissal) and
        the change cap, derived by :func:`quota.model.problem.build_kind_inputs`.

    Raises
    ------
    ValueError
        If ``kind`` is not ``admin`` or ``institutional``.
    """
    if kind not in SYNTH_INDICATORS:
        raise ValueError(
            msg("analysis.synth_kind", kinds=repr(sorted(SYNTH_INDICATORS)), kind=kind)
        )
    frame = synth_streets(n, seed=seed)
    max_change = np.full(n, SYNTH_MAX_CHANGE, dtype=np.int64)
    inputs = build_kind_inputs(
        kind,
        tuple(frame["street"].tolist()),
        pool=compute_synth_pool(frame, kind),
        turnover_share=SYNTH_TURNOVER_SHARE,
        base=compute_synth_base(frame, kind),
        score=compute_synth_scores(frame, SYNTH_INDICATORS[kind]),
        current=frame[f"current_{kind}"].to_numpy(dtype=np.int64),
        onboard=frame[f"onboard_{kind}"].to_numpy(dtype=np.int64),
        max_change=max_change,
        no_dismissal=True,
        objective=objective,
    )
    return inputs.problem
