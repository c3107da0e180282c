"""The comparison's tables: each street's total and composition per scenario, each kind's split.

:func:`build_compare_table` is ``compare.csv`` (one column of totals per scenario,
the differences to the first, then each scenario's base, quantified and
turnover quotas); :func:`summarize_scenarios` compares each kind's pool, base,
quantified and turnover quotas across the scenarios; :func:`build_street_tables`
are the report's tables of each street's composition, with the district
reserve as its own row.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.locale import check_lang, kind_label, label
from quota.outputs.document import Cell, Table
from quota.outputs.report_tables import REPORT_MAX_STREETS, REPORT_TOP_N
from quota.outputs.text import format_quotas, format_signed

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
#: the parts of a street's total, in order: ``base + quantified + turnover = total``
COMPOSITION: tuple[str, ...] = ("base", "quantified", "turnover")
#: columns of the comparison table that no scenario may be named after
FIXED_COLUMNS: tuple[str, ...] = ("street", "kind")


def derived_columns(name: str) -> list[str]:
    """The columns of the comparison table made of a scenario's name, besides the name itself.

    ``diff_<name>`` and ``base_<name>``, ``quantified_<name>``, ``turnover_<name>``.
    """
    return [f"diff_{name}", *(f"{part}_{name}" for part in COMPOSITION)]


def reserved_columns() -> tuple[str, ...]:
    """The columns every comparison table has (:data:`FIXED_COLUMNS`)."""
    return FIXED_COLUMNS


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
        first one's), then ``base_<name>, quantified_<name>, turnover_<name>``
        per scenario (they add up to its total) [quotas]. Streets and kinds
        appear in the order of the first scenario that has them; a street
        missing from a scenario is NA. One row per street: the district
        reserve, which no street holds, is in :func:`summarize_scenarios`.
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
        frame[run.name] = _aligned(run, "total", index)
    first = solved[0].name
    for run in solved[1:]:
        frame[f"diff_{run.name}"] = frame[run.name] - frame[first]
    for run in solved:
        for part in COMPOSITION:
            frame[f"{part}_{run.name}"] = _aligned(run, part, index)
    return frame


def _aligned(run: ScenarioRun, column: str, index: pd.MultiIndex) -> pd.arrays.IntegerArray:
    """One column of a run's allocation table on the comparison's ``(kind, street)`` rows."""
    table = run.result.table  # type: ignore[union-attr]
    values = pd.Series(
        table[column].to_numpy(),
        index=pd.MultiIndex.from_arrays([table["kind"].astype(str), table["street"].astype(str)]),
    )
    return pd.array(values.reindex(index).to_numpy(), dtype="Int64")


def kind_value(run: ScenarioRun, kind: str, measure: str) -> int | None:
    """One measure of a kind's split (:data:`SUMMARY_MEASURES`) in a run [quotas]; None without it."""
    if run.result is None:
        return None
    kinds = run.result.kinds
    match = kinds.loc[kinds["kind"].astype(str) == kind, measure]
    return int(match.iloc[0]) if len(match) else None


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
                row[run.name] = kind_value(run, kind, measure)
            rows.append(row)
    return pd.DataFrame(rows, columns=["kind", "measure", *[r.name for r in solved]])


def build_compare_wide(comparison: Comparison) -> pd.DataFrame:
    """The table :func:`quota.outputs.charts.plot_compare` draws: street, kind and the totals."""
    table = comparison.table
    return table.loc[:, ["street", "kind", *[run.name for run in comparison.succeeded]]]


# --------------------------------------------------------------------------
# The report's tables of each street's composition
# --------------------------------------------------------------------------

#: a kind's measures that make up its pool, in the columns of :data:`COMPOSITION` and the total
POOL_PARTS: tuple[str, ...] = ("base", "quantified", "turnover_pool", "pool")


def select_compare_streets(part: pd.DataFrame, diffs: Sequence[str]) -> pd.DataFrame:
    """The streets a comparison report lists for one kind.

    Up to :data:`quota.outputs.report_tables.REPORT_MAX_STREETS` streets, all of them; above,
    the ``2 * REPORT_TOP_N`` with the largest absolute difference in any
    scenario, in table order.
    """
    if len(part) <= REPORT_MAX_STREETS or not diffs:
        return part
    spread = part[list(diffs)].abs().max(axis=1).fillna(0).to_numpy(dtype=float)
    order = np.argsort(-spread, kind="stable")[: 2 * REPORT_TOP_N]
    return part.iloc[np.sort(order)]


def build_street_tables(comparison: Comparison, lang: str = "zh") -> list[Table]:
    """One table per kind: each street's composition under every scenario, then the district.

    Parameters
    ----------
    comparison : Comparison
        The scenarios solved side by side; the first is the reference.
    lang : {"zh", "en"}
        Language of the headers, labels and notes.

    Returns
    -------
    list of Table
        Per kind (its caption), per street one row per scenario, named by its
        title: base, quantified and turnover quotas, the total and the total's
        difference to the first scenario [quotas]. Then per scenario the
        streets' total, the district reserve (the turnover quotas not handed
        out, ``turnover_pool − turnover_used``, in the turnover and total
        columns) and the pool, their sum. A street's or the streets' cut is
        styled ``cut`` and a street's gain ``gain``; the reserve's and the
        pool's differences never are: a larger reserve is not a street losing
        quotas. Many streets: those :func:`select_compare_streets` picks (the
        district's rows still cover every street).
    """
    code = check_lang(lang)
    table = comparison.table
    runs = comparison.succeeded
    if not runs:
        return []
    titles = comparison.titles(code)
    diffs = [f"diff_{run.name}" for run in runs[1:]]
    headers = [label("street", code), label("scenario", code)]
    headers += [label(part, code) for part in (*COMPOSITION, "total")]
    if diffs:
        headers.append(label("cmp.diff_from", code).format(first=titles[runs[0].name]))
    tables = []
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"] == kind]
        shown = select_compare_streets(part, diffs)
        rows: list[list[Cell]] = []
        for record in shown.to_dict(orient="records"):
            rows += _street_rows(record, runs, titles, bool(diffs))
        rows += _district_rows(kind, part, runs, titles, code)
        note = label("cmp.composition_note", code)
        if len(shown) < len(part):
            note += label("cmp.table_top", code).format(
                n=len(shown), total=format_quotas(len(part))
            )
        tables.append(Table(headers, rows, caption=kind_label(kind, code), note=note))
    return tables


def _street_rows(
    record: Mapping[Hashable, Any],
    runs: Sequence[ScenarioRun],
    titles: Mapping[str, str],
    diff: bool,
) -> list[list[Cell]]:
    """One street's rows: per scenario its composition, total and the total's difference."""
    rows = []
    for i, run in enumerate(runs):
        name = run.name
        cells = [Cell(str(record["street"]) if i == 0 else "", "text"), Cell(titles[name], "text")]
        cells += [Cell(format_quotas(record[f"{part}_{name}"])) for part in COMPOSITION]
        cells.append(Cell(format_quotas(record[name])))
        if diff:
            cells.append(_change_cell(record[f"diff_{name}"], gain=True) if i else Cell(""))
        rows.append(cells)
    return rows


def _district_rows(
    kind: str,
    part: pd.DataFrame,
    runs: Sequence[ScenarioRun],
    titles: Mapping[str, str],
    lang: str,
) -> list[list[Cell]]:
    """Per scenario the streets' total, then the district reserve, then the pool."""

    def streets(run: ScenarioRun) -> list[int | None]:
        return [_sum(part[f"{p}_{run.name}"]) for p in COMPOSITION] + [_sum(part[run.name])]

    def reserve(run: ScenarioRun) -> list[int | None]:
        left = kind_value(run, kind, "reserve")
        return [None, None, left, left]

    def pool(run: ScenarioRun) -> list[int | None]:
        return [kind_value(run, kind, measure) for measure in POOL_PARTS]

    rows = []
    for key, values, cut in (
        ("report.col.streets_total", streets, True),
        ("report.col.reserve", reserve, False),
        ("report.col.pool", pool, False),
    ):
        first = values(runs[0])[-1]
        for i, run in enumerate(runs):
            numbers = values(run)
            cells = [
                Cell(label(key, lang) if i == 0 else "", "text"),
                Cell(titles[run.name], "text"),
            ]
            cells += [Cell("" if v is None else format_quotas(v)) for v in numbers]
            if len(runs) > 1:
                delta = None if numbers[-1] is None or first is None else numbers[-1] - first
                cells.append(_change_cell(delta, cut=cut) if i else Cell(""))
            rows.append(cells)
    return rows


def _change_cell(value: Any, *, cut: bool = True, gain: bool = False) -> Cell:
    """A difference with its sign; a cut styled ``cut`` (when ``cut``), a gain ``gain`` (when ``gain``)."""
    missing = value is None or pd.isna(value)
    text = format_signed(None if missing else value)
    if missing or value == 0:
        return Cell(text)
    if value < 0:
        return Cell(text, "cut" if cut else "num")
    return Cell(text, "gain" if gain else "num")


def _sum(values: pd.Series) -> int | None:
    """The sum of a column's numbers; None when it has none."""
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum())
