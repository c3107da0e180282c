"""Explain an infeasible allocation model the pre-checks did not catch.

The pre-checks of :mod:`quota.model.checks` are exact for the model as it stands,
so this is the safety net for what they do not cover (a solver that reports
infeasible, a model called directly, constraints added later). It builds the
*elastic* version of the model: every constraint family gets a non-negative
slack that lets it be violated at a cost of 1 per quota,

* ``quantified_sum``: ``sum q = Q + more - fewer``,
* ``floor``: ``q_k >= lo_k - floor_slack_k``,
* ``ceiling``: ``q_k <= q_upper_k + ceiling_slack_k`` (where a ceiling binds),
* ``total_max`` (change cap): ``base + q + t <= U_k + up_slack_k``,
* ``total_min`` (no dismissal, change cap): ``base + q + t >= L_k - down_slack_k``,
* ``turnover_pool``: ``sum t <= T + pool_slack``,
* ``street_share_min``: ``sum totals >= need - share_slack``,

solves for the least total slack (integer ``q`` and ``t``, so the answer is
in whole quotas; a named limit costs 1 per quota, the pool as a whole a little
more, ``total_min`` 1.5 since letting staff go is the last resort, and ties go
to the street listed first), and turns each non-zero slack into a plain sentence: the
least relaxation that would let an allocation exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from quota.errors import Msg
from quota.locale import kind_name, msg
from quota.model.problem import KindProblem

#: slacks below this count as zero [quotas]
SLACK_TOLERANCE = 1e-6
#: cost of one quota of slack per family (default 1): a named limit is relaxed before the
#: pool as a whole, and dismissing staff is the last resort
FAMILY_COST: dict[str, float] = {
    "quantified_sum_more": 1.002,
    "quantified_sum_fewer": 1.002,
    "total_min": 1.5,
}
#: extra cost per street position, so ties go to the street listed first (deterministic)
STREET_TIE_BREAK = 1e-5
#: the families of one kind (every family but the linking ``street_share_min``)
_KIND_FAMILIES: frozenset[str] = frozenset(
    {
        "base",
        "quantified_sum_more",
        "quantified_sum_fewer",
        "floor",
        "ceiling",
        "total_max",
        "total_min",
        "turnover_pool",
    }
)


@dataclass(frozen=True)
class Relaxation:
    """One non-zero slack of the elastic model.

    Attributes
    ----------
    family : str
        ``base``, ``quantified_sum_more``, ``quantified_sum_fewer``, ``floor``,
        ``ceiling``, ``total_max``, ``total_min``, ``turnover_pool`` or
        ``street_share_min``.
    kind : str or None
        Quota kind (``None`` for the linking requirement).
    street : str or None
        Street, for per-street families.
    amount : int
        Size of the relaxation [quotas].
    limit : int
        The limit as the model states it [quotas] (floor, ceiling, bound on
        the total, pool, requirement).
    """

    family: str
    kind: str | None
    street: str | None
    amount: int
    limit: int


def _ceiling_binds(problem: KindProblem, i: int) -> bool:
    return int(problem.q_upper[i]) < max(problem.quantified, 0)


def _cap_binds(problem: KindProblem, i: int) -> bool:
    unconstrained = int(problem.base[i]) + max(problem.quantified, 0) + problem.turnover_pool
    return int(problem.total_upper[i]) < unconstrained


def build_elastic_model(
    problems: Sequence[KindProblem], street_total_min: int | None = None
) -> tuple[Any, list[tuple[Any, str, str | None, str | None, int]]]:
    """The elastic model and its slacks ``(variable, family, kind, street, limit)``."""
    import pulp

    model = pulp.LpProblem("quota_elastic", pulp.LpMinimize)
    slacks: list[tuple[Any, str, str | None, str | None, int]] = []
    costs: list[Any] = []

    def slack(
        name: str, family: str, kind: str | None, street: str | None, limit: int, position: int = 0
    ) -> Any:
        variable = model.add_variable(name, lowBound=0)
        slacks.append((variable, family, kind, street, limit))
        costs.append((FAMILY_COST.get(family, 1.0) + STREET_TIE_BREAK * position) * variable)
        return variable

    totals = []
    for number, p in enumerate(problems):
        tag = f"k{number}"
        quantified = max(p.quantified, 0)
        q = [model.add_variable(f"q_{tag}_{i}", lowBound=0, cat="Integer") for i in range(p.size)]
        t = [model.add_variable(f"t_{tag}_{i}", lowBound=0, cat="Integer") for i in range(p.size)]
        more = slack(f"more_{tag}", "quantified_sum_more", p.kind, None, p.quantified)
        fewer = slack(f"fewer_{tag}", "quantified_sum_fewer", p.kind, None, p.quantified)
        model += pulp.lpSum(q) == quantified + more - fewer, f"quantified_sum__{tag}"
        pool = slack(f"pool_{tag}", "turnover_pool", p.kind, None, p.turnover_pool)
        model += pulp.lpSum(t) <= p.turnover_pool + pool, f"turnover_pool__{tag}"
        for i, street in enumerate(p.streets):
            total = int(p.base[i]) + q[i] + t[i]
            if int(p.q_lower[i]) > 0:
                low = slack(
                    f"floor_{tag}_{i}",
                    "floor",
                    p.kind,
                    street,
                    int(p.base[i] + p.q_lower[i]),
                    i + 1,
                )
                model += q[i] + low >= int(p.q_lower[i]), f"floor__{tag}_{i}"
            if _ceiling_binds(p, i):
                high = slack(
                    f"ceiling_{tag}_{i}",
                    "ceiling",
                    p.kind,
                    street,
                    int(p.base[i] + p.q_upper[i]),
                    i + 1,
                )
                model += q[i] - high <= int(p.q_upper[i]), f"ceiling__{tag}_{i}"
            if _cap_binds(p, i):
                up = slack(
                    f"up_{tag}_{i}", "total_max", p.kind, street, int(p.total_upper[i]), i + 1
                )
                model += total - up <= int(p.total_upper[i]), f"total_max__{tag}_{i}"
            if int(p.total_lower[i]) > 0:
                down = slack(
                    f"down_{tag}_{i}", "total_min", p.kind, street, int(p.total_lower[i]), i + 1
                )
                model += total + down >= int(p.total_lower[i]), f"total_min__{tag}_{i}"
        totals.append(int(p.base.sum()) + pulp.lpSum(q) + pulp.lpSum(t))
    if street_total_min is not None:
        short = slack("share", "street_share_min", None, None, street_total_min)
        model += pulp.lpSum(totals) + short >= street_total_min, "street_share_min"
    model.setObjective(pulp.lpSum(costs))
    return model, slacks


def find_relaxations(
    problems: Sequence[KindProblem],
    *,
    street_total_min: int | None = None,
    time_limit: float = 30.0,
) -> list[Relaxation]:
    """The least total relaxation that lets an allocation exist, one entry per non-zero slack.

    Raises
    ------
    RuntimeError
        When the elastic model could not be solved (it always has a solution,
        so only a solver failure leads here).
    """
    import pulp

    short = [
        Relaxation("base", p.kind, None, -p.quantified, int(p.base.sum()))
        for p in problems
        if p.quantified < 0
    ]
    if short:  # the elastic model needs Q >= 0; no allocation can help before this is fixed
        return short
    model, slacks = build_elastic_model(problems, street_total_min)
    from quota.solve.dispatch import available_engines
    from quota.solve.solvers import build_pulp_solver

    engine = "highs" if "highs" in available_engines() else "cbc"
    model.solve(build_pulp_solver(engine, time_limit))
    if pulp.LpStatus[model.status] != "Optimal":
        raise RuntimeError(f"the elastic model ended {pulp.LpStatus[model.status]}")
    found = []
    for variable, family, kind, street, limit in slacks:
        value = float(variable.varValue or 0.0)
        if value > SLACK_TOLERANCE:
            found.append(Relaxation(family, kind, street, int(np.ceil(value - 1e-6)), limit))
    return found


def describe_relaxation(relaxation: Relaxation) -> Msg:
    """One relaxation as a plain sentence with its numbers (a message of the catalog)."""
    r = relaxation
    if r.family not in _KIND_FAMILIES:  # street_share_min: the kinds together
        return msg("solve.relax.street_share_min", amount=r.amount, limit=r.limit)
    kind = kind_name(str(r.kind))
    who = msg("solve.relax.who", kind=kind, street=r.street) if r.street else kind
    values = {"who": who, "amount": r.amount, "limit": r.limit}
    if r.family == "base":
        return msg("solve.relax.base", **values, remain=r.limit - r.amount)
    if r.family == "quantified_sum_more":
        return msg("solve.relax.quantified_more", **values)
    if r.family == "quantified_sum_fewer":
        return msg("solve.relax.quantified_fewer", **values, taken=r.limit - r.amount)
    if r.family == "floor":
        return msg("solve.relax.floor", **values, street=r.street, value=r.limit - r.amount)
    if r.family == "ceiling":
        return msg("solve.relax.ceiling", **values, street=r.street, value=r.limit + r.amount)
    if r.family == "total_max":
        return msg("solve.relax.total_max", **values, street=r.street, value=r.limit + r.amount)
    if r.family == "total_min":
        return msg("solve.relax.total_min", **values, value=r.limit - r.amount)
    return msg("solve.relax.turnover_pool", **values, value=r.limit + r.amount)


def explain_infeasible(
    problems: Sequence[KindProblem],
    *,
    street_total_min: int | None = None,
    engine: str | Msg | None = None,
) -> list[Msg]:
    """Sentences explaining why no allocation exists: a heading, then one per relaxation needed.

    Parameters
    ----------
    problems : sequence of KindProblem
        The kinds solved together.
    street_total_min : int, optional
        The linking requirement, when the kinds are linked.
    engine : str or Msg, optional
        Name of the engine that reported infeasible, for the heading
        (``msg("solve.engine_solver", engine="highs")``); default "solver".

    Returns
    -------
    list of Msg
        Never empty; messages of the catalog (``str()`` gives the English).
    """
    heading = msg(
        "solve.diagnose.heading", engine=msg("solve.solver") if engine is None else engine
    )
    try:
        relaxations = find_relaxations(problems, street_total_min=street_total_min)
    except Exception as exc:  # the diagnosis must never hide the infeasibility itself
        return [msg("solve.diagnose.failed", heading=heading, error=str(exc))]
    if not relaxations:
        return [msg("solve.diagnose.solver_failed", heading=heading)]
    return [msg("solve.diagnose.least_change", heading=heading)] + [
        describe_relaxation(r) for r in relaxations
    ]
