"""A sweep as Markdown (``sweep.md``), in Chinese or English.

The grid, the results per point (pool, streets' total, reserve, streets gaining
and losing, the largest change, the Gini coefficient), the points that cannot be
satisfied with their sentences, the streets whose total moves most across the
grid, and the notices. Names come from users, so every cell is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from quota.analysis.sweep import FAILED, INFEASIBLE, render_problems
from quota.analysis.sweep_grid import describe_point, format_value
from quota.errors import render
from quota.locale import check_lang, kind_label, label
from quota.outputs.text import format_quotas

if TYPE_CHECKING:
    from quota.analysis.sweep import SweepResult

#: rows of the per-point table; the CSV has them all
MD_MAX_ROWS = 200
#: streets listed per kind in the "moves most" table
MD_TOP_STREETS = 10
#: notices listed (a grid over weights can give one per point); the manifest has them all
MD_MAX_NOTICES = 50


def _cell(value: object) -> str:
    from quota.outputs.render import escape_markdown

    return str(escape_markdown(value))


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[bool]
) -> list[str]:
    aligns = ["---:" if n else "---" for n in numeric]
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _grid_lines(result: SweepResult, code: str) -> list[str]:
    separator = "、" if code == "zh" else ", "
    rows = [
        [k.name, separator.join(format_value(v) for v in k.values), len(k.values)]
        for k in result.grid.keys
    ]
    headers = [label(f"sweep.col.{c}", code) for c in ("key", "values", "count")]
    return _table(headers, rows, [False, False, True])


def _gini(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:.4f}"


def _results_lines(result: SweepResult, code: str) -> list[str]:
    table = result.summary
    keys = result.grid.names
    columns = ("pool", "streets_total", "reserve", "streets_up", "streets_cut", "max_abs_change")
    headers = [
        label("sweep.col.point", code),
        *keys,
        label("kind", code),
        *(label(f"sweep.col.{c}" if c not in ("pool", "reserve") else c, code) for c in columns),
        label("sweep.col.gini", code),
    ]
    rows: list[list[object]] = []
    for record in table.head(MD_MAX_ROWS).to_dict(orient="records"):
        if record["status"] in (INFEASIBLE, FAILED):
            status = label(f"sweep.status.{record['status']}", code)
            numbers: list[object] = [format_quotas(record["pool"]), status, "–", "–", "–", "–"]
        else:
            numbers = [format_quotas(record[c]) for c in columns]
        rows.append(
            [
                record["point"],
                *(record[k] for k in keys),
                kind_label(str(record["kind"]), code),
                *numbers,
                _gini(float(record["gini"])),
            ]
        )
    lines = _table(headers, rows, [True, *([False] * (len(keys) + 1)), *([True] * 7)])
    if len(table) > MD_MAX_ROWS:
        lines += [
            "",
            label("sweep.md.rows_omitted", code).format(shown=MD_MAX_ROWS, rows=len(table)),
        ]
    return lines


def _unsolved_lines(result: SweepResult, code: str) -> list[str]:
    lines = []
    for outcome in result.unsolved:
        values = describe_point(result.grid, result.grid.values_at(outcome.point))
        text = render_problems(outcome.problems, code)
        point = label("sweep.col.point_n", code).format(point=outcome.point)
        entry = label("sweep.md.unsolved_item", code).format(
            point=_cell(point), values=_cell(values), problem=_cell(text)
        )
        lines.append(f"- {entry}")
    return lines


def summarize_moves(result: SweepResult, kind: str) -> pd.DataFrame:
    """Per street of a kind: current, lowest and highest total over the solved points, the range.

    Sorted by the range, widest first (streets in table order on ties); the
    points where the lowest and highest total are first reached.
    """
    table = result.table.loc[result.table["kind"] == kind]
    if table.empty:
        return pd.DataFrame(
            columns=["street", "current", "low", "high", "range", "at_low", "at_high"]
        )
    solved = [o for o in result.outcomes if o.streets is not None]
    first = solved[0].streets
    assert first is not None
    current = first.loc[first["kind"] == kind, ["street", "current"]].reset_index(drop=True)
    totals = table["total"].astype("Int64")
    grouped = table.assign(total=totals).groupby("street", sort=False)["total"]
    low, high = grouped.min(), grouped.max()
    at_low = table.loc[grouped.idxmin().to_numpy(), "point"].to_numpy()
    at_high = table.loc[grouped.idxmax().to_numpy(), "point"].to_numpy()
    frame = pd.DataFrame(
        {
            "street": low.index.astype(str),
            "low": low.to_numpy(),
            "high": high.to_numpy(),
            "at_low": at_low,
            "at_high": at_high,
        }
    )
    frame["range"] = frame["high"] - frame["low"]
    frame = current.assign(street=current["street"].astype(str)).merge(
        frame, on="street", how="left"
    )
    order = frame["range"].astype(float).rank(method="first", ascending=False)
    frame = frame.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")
    return frame.loc[:, ["street", "current", "low", "high", "range", "at_low", "at_high"]]


def _moves_lines(result: SweepResult, code: str) -> list[str]:
    lines: list[str] = []
    headers = [label("street", code), label("current", code)] + [
        label(f"sweep.col.{c}", code) for c in ("low", "high", "range", "at_low", "at_high")
    ]
    for kind in result.scenario.kinds:
        moves = summarize_moves(result, kind).head(MD_TOP_STREETS)
        if moves.empty:
            continue
        rows = [
            [
                r["street"],
                format_quotas(r["current"]),
                format_quotas(r["low"]),
                format_quotas(r["high"]),
                format_quotas(r["range"]),
                r["at_low"],
                r["at_high"],
            ]
            for r in moves.to_dict(orient="records")
        ]
        lines += [f"### {_cell(kind_label(kind, code))}", ""]
        lines += [*_table(headers, rows, [False, *([True] * 6)]), ""]
    return lines


def build_sweep_markdown(result: SweepResult, *, lang: str = "zh") -> str:
    """``sweep.md``: the grid, the results, the points not solved, the streets that move most."""
    code = check_lang(lang)
    scenario = result.scenario
    title = label("sweep.title", code).format(title=scenario.title or scenario.name)
    grid_file = Path(result.grid.file).name
    intro = label("sweep.md.intro", code).format(
        scenario=scenario.title or scenario.name,
        file=Path(scenario.source).name if scenario.source else scenario.name,
        grid=grid_file,
        points=result.grid.size,
        keys=" × ".join(result.grid.names),
        solved=result.grid.size - len(result.unsolved),
        unsolved=len(result.unsolved),
    )
    lines = [f"# {_cell(title)}", "", _cell(intro), ""]
    lines += [f"## {label('sweep.md.grid', code)}", "", *_grid_lines(result, code), ""]
    lines += [f"## {label('sweep.md.results', code)}", "", label("sweep.md.results_note", code), ""]
    lines += [*_results_lines(result, code), ""]
    if result.unsolved:
        lines += [f"## {label('sweep.md.unsolved', code)}", "", *_unsolved_lines(result, code), ""]
    if result.grid.size - len(result.unsolved) > 1:
        lines += [f"## {label('sweep.md.moves', code)}", "", label("sweep.md.moves_note", code), ""]
        lines += _moves_lines(result, code)
    notices = result.notices
    if notices:
        lines += [f"## {label('sweep.md.notices', code)}", ""]
        lines += [f"- {_cell(render(n, code))}" for n in notices[:MD_MAX_NOTICES]]
        if len(notices) > MD_MAX_NOTICES:
            more = len(notices) - MD_MAX_NOTICES
            lines.append(f"- {label('sweep.md.more_notices', code).format(count=more)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["build_sweep_markdown", "summarize_moves"]
