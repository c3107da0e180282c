"""The report's tables of results: allocation, fairness, binding constraints, promises, "why".

Large tables (more than :data:`REPORT_MAX_STREETS` streets in a kind) list
only the :data:`REPORT_TOP_N` largest gains and cuts in the report; the
workbook and the CSV always have every street.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.config.schema import KIND_COLUMNS
from quota.locale import check_lang, kind_label
from quota.outputs.decisions import build_decision_promise_rows
from quota.outputs.document import Cell, Table, phrase, sum_or_none, value_cell
from quota.outputs.explain import build_explanations
from quota.outputs.text import build_binding_table, format_quotas, format_ratio, format_share
from quota.results.fairness import BINDING_CONSTRAINTS, compute_fairness

if TYPE_CHECKING:
    from quota.results.result import Result


#: above this many streets in a kind the report lists only the largest gains and cuts
REPORT_MAX_STREETS = 100
#: how many gains and how many cuts a large table's report lists
REPORT_TOP_N = 15
#: most binding constraints listed in the report (the workbook has them all)
REPORT_MAX_BINDING = 200


@dataclass(frozen=True)
class Explanation:
    """The "why this number" of one kind: (street, text) pairs and a note."""

    kind: str
    items: list[tuple[str, str]]
    note: str = ""


def _decided_streets(result: Result, kind: str) -> set[str]:
    """The streets of a kind a committee decision names."""
    outcome = result.decisions
    if outcome is None:
        return set()
    return {t.street for t in outcome.targets if t.kind == kind}


def select_report_streets(
    part: pd.DataFrame, limit: int = REPORT_MAX_STREETS, decided: Collection[str] = ()
) -> pd.DataFrame:
    """The rows a report lists for one kind: all of them, or the largest gains and cuts.

    Parameters
    ----------
    part : DataFrame
        The allocation rows of one kind.
    limit : int
        Up to this many streets every row is listed.
    decided : collection of str
        Streets a committee decision names: listed in any case.

    Returns
    -------
    DataFrame
        ``part`` itself when small; otherwise the :data:`REPORT_TOP_N` largest
        gains and cuts (by ``change``, or by ``total`` when there are no current
        quotas) and the decided streets, in table order.
    """
    if len(part) <= limit:
        return part
    key = "change" if pd.to_numeric(part["change"], errors="coerce").notna().any() else "total"
    values = pd.to_numeric(part[key], errors="coerce").fillna(0).to_numpy(dtype=float)
    order = np.argsort(-values, kind="stable")
    chosen = set(order[:REPORT_TOP_N].tolist()) | set(order[::-1][:REPORT_TOP_N].tolist())
    if decided:
        names = part["street"].astype(str).tolist()
        chosen |= {i for i, name in enumerate(names) if name in decided}
    return part.iloc[sorted(chosen)]


def build_allocation_tables(
    result: Result,
    lang: str = "zh",
    *,
    table: pd.DataFrame | None = None,
    levels: Sequence[tuple[str, str]] = (),
) -> list[Table]:
    """Return the allocation per kind, with a totals row over all its streets.

    With committee decisions the proposal (测算方案, ``auto_total``) stands before
    the total. ``table`` (default: the result's) may be some of its rows, e.g.
    one district's streets; ``levels`` are (column, header) pairs of text
    columns shown after the street (each street's district, ...).
    """
    code = check_lang(lang)
    table = result.table if table is None else table
    tables = []
    columns = list(KIND_COLUMNS)
    if "auto_total" in table.columns:  # with decisions: the proposal before the total
        columns.insert(columns.index("total"), "auto_total")
    headers = (
        [phrase("street", code)]
        + [header for _, header in levels]
        + [phrase("decisions.auto_total" if c == "auto_total" else c, code) for c in columns]
    )
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"].astype(str) == kind]
        shown = select_report_streets(part, decided=_decided_streets(result, kind))
        rows = [
            [Cell(str(r["street"]), "text")]
            + [Cell(str(r[level]), "text") for level, _ in levels]
            + [value_cell(c, r[c]) for c in columns]
            for r in shown.to_dict(orient="records")
        ]
        total = (
            [Cell(phrase("total_row", code), "text")]
            + [Cell("", "text") for _ in levels]
            + [value_cell(c, sum_or_none(part[c])) for c in columns]
        )
        note = ""
        if len(shown) < len(part):
            note = phrase("report.table.top", code, n=len(shown), total=format_quotas(len(part)))
        tables.append(
            Table(
                headers=headers,
                rows=rows,
                caption=kind_label(kind, code),
                total=total,
                note=note,
            )
        )
    return tables


def build_fairness_table(result: Result, lang: str = "zh") -> tuple[Table, list[str]]:
    """Return the fairness figures as a table and one plain sentence per kind."""
    code = check_lang(lang)
    figures = compute_fairness(result.table)
    headers = [
        phrase("kind", code),
        phrase("report.fair.basis", code),
        phrase("report.fair.streets", code),
        phrase("report.fair.ratio", code),
        phrase("report.fair.gini", code),
        phrase("report.fair.max_dev", code),
        phrase("report.fair.most_loaded", code),
        phrase("report.fair.least_loaded", code),
        phrase("report.fair.most_deviating", code),
    ]
    rows = []
    for r in figures.to_dict(orient="records"):
        rows.append(
            [
                Cell(kind_label(str(r["kind"]), code), "text"),
                Cell(phrase(f"report.fair.basis.{r['basis']}", code), "text"),
                Cell(format_quotas(r["streets"])),
                Cell(format_ratio(r["max_min_ratio"])),
                Cell(format_ratio(r["gini"], 3)),
                Cell(format_share(r["max_relative_deviation"], 1)),
                Cell(str(r["most_loaded"]), "text"),
                Cell(str(r["least_loaded"]), "text"),
                Cell(str(r["most_deviating"]), "text"),
            ]
        )
    sentences = []
    for kind in dict.fromkeys(figures["kind"].astype(str)):
        part = figures.loc[figures["kind"] == kind].set_index("basis")
        q, e = part.loc["quantified"], part.loc["entitlement"]
        sentences.append(
            phrase(
                "report.fair.sentence",
                code,
                kind=kind_label(kind, code),
                dev=format_share(q["max_relative_deviation"], 1),
                street=q["most_deviating"] or "–",
                gini=format_ratio(q["gini"], 3),
                most=e["most_loaded"] or "–",
                least=e["least_loaded"] or "–",
                ratio=format_ratio(e["max_min_ratio"]),
            )
        )
    return Table(headers=headers, rows=rows), sentences


def build_binding_report_table(result: Result, lang: str = "zh") -> Table | None:
    """Return the binding constraints as a table, or None when nothing binds."""
    code = check_lang(lang)
    shown = build_binding_table(result, code, limit=REPORT_MAX_BINDING)
    if shown.empty:
        return None
    binding = result.diagnostics.loc[result.diagnostics["constraint"].isin(BINDING_CONSTRAINTS)]
    rows = [
        [
            Cell(str(r["kind_label"]), "text"),
            Cell(str(r["street"]) or phrase("report.district", code), "text"),
            Cell(str(r["constraint_label"]), "text"),
            Cell(str(r["text"]), "text"),
        ]
        for r in shown.to_dict(orient="records")
    ]
    note = ""
    if len(shown) < len(binding):
        note = phrase("report.binding.more", code, n=len(shown), total=format_quotas(len(binding)))
    return Table(
        headers=[
            phrase("kind", code),
            phrase("street", code),
            phrase("constraint", code),
            phrase("detail", code),
        ],
        rows=rows,
        note=note,
    )


def build_promise_rows(result: Result, lang: str = "zh") -> list[list[str]]:
    """One row per kind and promise: kind, promise, made or not, streets bound, checked.

    Read from :attr:`Result.promises`, which :func:`quota.results.promises.check_promises`
    filled on the solution itself; a promise not made says so plainly. Each
    committee decision follows as a promise of its own (决定已执行：…, checked on
    the written total, :func:`quota.outputs.decisions.build_decision_promise_rows`).
    """
    code = check_lang(lang)
    promises = result.promises
    if promises is None or promises.empty:
        return build_decision_promise_rows(result, code)
    rows: list[list[str]] = []
    for r in promises.to_dict(orient="records"):
        kind = str(r["kind"])
        made = bool(r["made"])
        status = "promise.made" if made else "promise.not_made"
        if not made and r["promise"] == "no_dismissal":
            status = "promise.not_made.onboard"
        rows.append(
            [
                kind_label(kind, code) if kind else phrase("promise.all", code),
                phrase(f"promise.{r['promise']}", code),
                phrase(status, code),
                format_quotas(int(r["bound"])) if made else "–",
                phrase("promise.checked_yes" if bool(r["checked"]) else "promise.checked_no", code),
            ]
        )
    return rows + build_decision_promise_rows(result, code)


def build_promise_table(result: Result, lang: str = "zh") -> Table | None:
    """The promises of the result as a report table, or None without a promise table."""
    code = check_lang(lang)
    rows = build_promise_rows(result, code)
    if not rows:
        return None
    keys = ("kind", "promise", "promise.status", "promise.bound", "promise.checked")
    return Table(
        headers=[phrase(k, code) for k in keys],
        rows=[[Cell(text, "text") for text in row] for row in rows],
    )


def build_explanation_lists(result: Result, lang: str = "zh") -> list[Explanation]:
    """Return the "why this number" texts per kind (the report's streets only)."""
    code = check_lang(lang)
    table = result.table
    kinds = list(dict.fromkeys(table["kind"].astype(str)))
    parts = {kind: table.loc[table["kind"].astype(str) == kind] for kind in kinds}
    wanted = {
        (kind, str(street))
        for kind, part in parts.items()
        for street in select_report_streets(part, decided=_decided_streets(result, kind))[
            "street"
        ].astype(str)
    }
    explanations = build_explanations(result, code, only=wanted)
    lists = []
    for kind in kinds:
        rows = explanations.loc[explanations["kind"] == kind]
        items = [(str(s), str(t)) for s, t in zip(rows["street"], rows["text"], strict=True)]
        note = ""
        if len(items) < len(parts[kind]):
            note = phrase(
                "report.why.more", code, n=len(items), total=format_quotas(len(parts[kind]))
            )
        lists.append(Explanation(kind=kind_label(kind, code), items=items, note=note))
    return lists
