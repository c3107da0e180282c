"""The comparison's tables: totals per street and kind per scenario, and each kind's split.

:func:`build_compare_table` is ``compare.csv`` (one column of totals per scenario,
then the differences to the first); :func:`summarize_scenarios` compares each
kind's pool, base, quantified and turnover quotas across the scenarios.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from quota.analysis.compare import Comparison, ScenarioRun

#: kind summary measures compared across scenarios, in order
SUMMARY_MEASURES: tuple[str, ...] = (
    "pool",
    "base",
    "quantified",
    "turnover_pool",
    "turnover_used",
    "reserve",
    "streets_total",
)


def build_compare_table(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Return total quotas per street and kind, one column per scenario, and differences.

    Parameters
    ----------
    runs : sequence of ScenarioRun
        Solved scenarios; the first is the reference.

    Returns
    -------
    DataFrame
        ``street, kind``, one ``Int64`` column of totals per scenario (named
        after it), then ``diff_<name>`` per later scenario (its total minus the
        first one's) [quotas]. Streets and kinds appear in the order of the
        first scenario that has them; a street missing from a scenario is NA.
    """
    solved = [run for run in runs if run.result is not None]
    if not solved:
        return pd.DataFrame(columns=["street", "kind"])
    keys: dict[tuple[str, str], None] = {}
    kinds: dict[str, None] = {}
    for run in solved:
        table = run.result.table  # type: ignore[union-attr]
        for kind, street in zip(
            table["kind"].astype(str), table["street"].astype(str), strict=True
        ):
            kinds.setdefault(kind)
            keys.setdefault((kind, street))
    ordered = [k for kind in kinds for k in keys if k[0] == kind]
    index = pd.MultiIndex.from_tuples(ordered, names=["kind", "street"])
    frame = pd.DataFrame(
        {
            "street": pd.array([s for _, s in ordered], dtype="string"),
            "kind": pd.array([k for k, _ in ordered], dtype="string"),
        }
    )
    for run in solved:
        table = run.result.table  # type: ignore[union-attr]
        totals = pd.Series(
            table["total"].to_numpy(),
            index=pd.MultiIndex.from_arrays(
                [table["kind"].astype(str), table["street"].astype(str)]
            ),
        )
        frame[run.name] = pd.array(totals.reindex(index).to_numpy(), dtype="Int64")
    first = solved[0].name
    for run in solved[1:]:
        frame[f"diff_{run.name}"] = frame[run.name] - frame[first]
    return frame


def format_compare_csv(table: pd.DataFrame) -> str:
    """The comparison table as CSV text (``\\n`` lines, empty cells for NA)."""
    from quota.outputs.folder import protect_csv_frame

    return protect_csv_frame(table).to_csv(index=False, lineterminator="\n")


def summarize_scenarios(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Return each kind's split per scenario.

    Returns
    -------
    DataFrame
        ``kind, measure`` (:data:`SUMMARY_MEASURES`) and one column per
        solved scenario [quotas].
    """
    rows: list[dict[str, Any]] = []
    solved = [run for run in runs if run.result is not None]
    kinds: dict[str, None] = {}
    for run in solved:
        for kind in run.result.kinds["kind"].astype(str):  # type: ignore[union-attr]
            kinds.setdefault(kind)
    for kind in kinds:
        for measure in SUMMARY_MEASURES:
            row: dict[str, Any] = {"kind": kind, "measure": measure}
            for run in solved:
                kinds_frame = run.result.kinds  # type: ignore[union-attr]
                match = kinds_frame.loc[kinds_frame["kind"].astype(str) == kind, measure]
                row[run.name] = int(match.iloc[0]) if len(match) else None
            rows.append(row)
    return pd.DataFrame(rows, columns=["kind", "measure", *[r.name for r in solved]])


def build_compare_wide(comparison: Comparison) -> pd.DataFrame:
    """The table :func:`quota.outputs.charts.plot_compare` draws: street, kind and the totals."""
    table = comparison.table
    return table.loc[:, ["street", "kind", *[run.name for run in comparison.succeeded]]]
