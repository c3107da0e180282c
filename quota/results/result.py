"""The outcome of an allocation, as notebooks and the CLI see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.config.schema import Scenario
from quota.errors import Msg
from quota.solve.status import Status

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from quota.io.table import StreetTable
    from quota.methods.weights import WeightResult
    from quota.model.problem import KindInputs
    from quota.results.decisions import DecisionOutcome
    from quota.results.levels import LevelsOutcome
    from quota.solve.dispatch import KindSolution


@dataclass(frozen=True)
class Result:
    """An allocation and everything needed to explain it.

    Attributes
    ----------
    scenario : Scenario
        The resolved scenario.
    table : DataFrame
        One row per street and kind with the columns of ``allocation.csv``:
        ``street, kind, current, base, quantified, turnover, total, change,
        onboard, vacancy, score, ideal``; with levels, the upper levels' columns
        come first (``district, street, ...``; ``province, city, street, ...``).
    kinds : DataFrame
        One row per kind: pool, base, quantified, turnover pool and used,
        district reserve, engine, status, objective.
    diagnostics : DataFrame
        Method remarks, binding constraints and moved streets: ``kind, street,
        constraint, detail, values``. ``constraint`` is the code, ``values``
        the row's numbers as JSON text (see :mod:`quota.results.tables`) and
        ``detail`` the English sentence rendered from them through the message
        catalog when the result is made (:func:`quota.outputs.text.render_detail`;
        the report and workbook render the same values in their language).
    scores : DataFrame
        Indicator values and each kind's workload score per street.
    weights : dict
        Kind -> the weights used (:class:`quota.methods.weights.WeightResult`).
    """

    scenario: Scenario
    table: pd.DataFrame
    kinds: pd.DataFrame
    diagnostics: pd.DataFrame
    scores: pd.DataFrame
    weights: dict[str, WeightResult]
    transforms: dict[str, dict[str, str]]
    data: StreetTable
    inputs: dict[str, KindInputs]
    solutions: dict[str, KindSolution]
    timings: dict[str, float] = field(default_factory=dict)
    #: one row per kind and promise: made, streets bound, checked on the result
    promises: pd.DataFrame | None = None
    #: notices of the run beside the reader's (roles not found, weights rescaled)
    extra_notices: tuple[str | Msg, ...] = ()
    #: the committee's decisions, what they cost and who paid (None without decisions)
    decisions: DecisionOutcome | None = None
    #: the levels of the run (city → districts → streets; None for a one-level scenario),
    #: see :class:`quota.results.levels.LevelsOutcome`
    levels: LevelsOutcome | None = None
    #: kind -> the named sources of its pool (``pool: {existing: 355, from_city: 25}``);
    #: empty for pools given as one number
    pool_sources: dict[str, dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if "values" in self.diagnostics.columns:
            # the English detail, from the codes and values through the message catalog
            from quota.outputs.text import render_details

            object.__setattr__(self, "diagnostics", render_details(self.diagnostics))

    @property
    def summary(self) -> pd.DataFrame:
        """The kinds' summary (a copy)."""
        return self.kinds.copy()

    @property
    def status(self) -> str:
        """``optimal`` when every kind solved to optimality."""
        statuses = set(self.kinds["status"])
        return Status.OPTIMAL.value if statuses == {Status.OPTIMAL} else ",".join(sorted(statuses))

    @property
    def notices(self) -> tuple[str | Msg, ...]:
        """What was dropped or fixed while reading the data.

        Messages of the catalog (:class:`~quota.errors.Msg`, render them with
        :func:`quota.errors.render` in the reader's language; ``str()`` gives
        the English) or plain text.
        """
        return (*self.data.notices, *self.extra_notices)

    def plot(
        self, kind: str = "stack", *, lang: str = "zh", quota_kind: str | None = None
    ) -> Figure:
        """Draw one chart: ``stack``, ``shares``, ``change`` or ``onboard``."""
        from quota.outputs import charts as plot

        functions = {
            "stack": plot.plot_stack,
            "shares": plot.plot_shares,
            "change": plot.plot_change,
            "onboard": plot.plot_onboard,
        }
        if kind not in functions:
            raise ValueError(f"unknown chart {kind!r}; choose from {', '.join(functions)}")
        return functions[kind](self.table, quota_kind, lang=lang)

    def write(self, folder: str | Path, *, lang: str = "zh") -> Path:
        """Write every output into ``folder`` (complete or not at all); return it."""
        from quota.outputs.folder import write_result

        return write_result(self, Path(folder), lang=lang)

    @property
    def fairness(self) -> pd.DataFrame:
        """Fairness figures per kind and basis (see :func:`quota.results.fairness.compute_fairness`)."""
        from quota.results.fairness import compute_fairness

        return compute_fairness(self.table)

    @property
    def explanations(self) -> pd.DataFrame:
        """Why each street gets its number, in Chinese (:meth:`explain` for English)."""
        return self.explain("zh")

    def explain(self, lang: str = "zh") -> pd.DataFrame:
        """Why each street gets its number (see :func:`quota.outputs.text.build_explanations`)."""
        from quota.outputs.explain import build_explanations

        return build_explanations(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data summary (for the manifest and JSON output)."""
        return {
            "name": self.scenario.name,
            "status": self.status,
            "kinds": self.kinds.astype(object)
            .where(self.kinds.notna(), None)
            .to_dict(orient="records"),
        }
