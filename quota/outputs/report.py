"""The review report of one scenario: ``report.md`` and a self-contained ``report.html``.

Both are rendered from one context (:func:`build_report_context`) with the
Jinja2 templates in ``quota/templates/report/``: a summary per kind, the method
and parameters in plain words, the allocation table with a totals row, the
charts, fairness figures, the binding constraints and a short "why this
number" for every street. Every label, header and sentence follows ``lang``.

The HTML embeds the charts as base64 PNG and carries its CSS inline: it needs
no other file and no network. Output is deterministic: the same result gives
byte-identical files (no dates, no random identifiers).

Text from the user (street and kind names, titles, notices) cannot inject
markup: the HTML is autoescaped, and in the Markdown every value is written
with ``&``, ``<`` and ``>`` as entities (a Markdown viewer shows
``<script>`` as text instead of running it) and table cells have their ``|``
escaped (:func:`escape_markdown_text`, :func:`escape_markdown`).

Large tables (more than :data:`REPORT_MAX_STREETS` streets in a kind) list
only the :data:`REPORT_TOP_N` largest gains and cuts in the report; the
workbook and the CSV always have every street.
"""

from __future__ import annotations

import base64
import functools
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import markupsafe
import numpy as np
import pandas as pd

from quota.config.schema import KIND_COLUMNS, BaseRule, KindConfig
from quota.locale import check_lang, column_labels, kind_label, label
from quota.outputs.text import (
    build_binding_table,
    build_explanations,
    format_quotas,
    format_ratio,
    format_share,
    format_signed,
)
from quota.results.fairness import (
    BINDING_CONSTRAINTS,
    compute_fairness,
)

if TYPE_CHECKING:
    import jinja2

    from quota.results.result import Result

#: above this many streets in a kind the report lists only the largest gains and cuts
REPORT_MAX_STREETS = 100
#: how many gains and how many cuts a large table's report lists
REPORT_TOP_N = 15
#: most binding constraints listed in the report (the workbook has them all)
REPORT_MAX_BINDING = 200
#: kind summary columns (of ``Result.kinds``), in order
SUMMARY_COLUMNS: tuple[str, ...] = (
    "pool",
    "base",
    "quantified",
    "turnover_pool",
    "turnover_used",
    "reserve",
    "streets_total",
    "current",
    "onboard",
)
#: chart files embedded in the report, in order
CHART_NAMES: tuple[str, ...] = ("stack", "shares", "change", "onboard")
#: CSS font stack: system fonts that carry Simplified Chinese first
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",'
    ' "Hiragino Sans GB", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Segoe UI",'
    " Helvetica, Arial, sans-serif"
)


# --------------------------------------------------------------------------
# The context: plain data both templates render
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and a style class (``num``, ``cut``, ``gain``, ``text``)."""

    text: str
    cls: str = "num"


@dataclass(frozen=True)
class Table:
    """A table of a report: headers, rows of cells, an optional totals row and note."""

    headers: list[str]
    rows: list[list[Cell]]
    caption: str = ""
    total: list[Cell] | None = None
    note: str = ""

    def aligns(self) -> list[str]:
        """``left`` for text columns, ``right`` for numbers (from the first row)."""
        sample = self.rows[0] if self.rows else self.total or []
        if not sample:
            return ["left"] * len(self.headers)
        return ["left" if cell.cls == "text" else "right" for cell in sample]


@dataclass(frozen=True)
class Chart:
    """A chart of the report: title, relative file name and the PNG as a data URI."""

    title: str
    file: str
    data_uri: str


@dataclass(frozen=True)
class Explanation:
    """The "why this number" of one kind: (street, text) pairs and a note."""

    kind: str
    items: list[tuple[str, str]]
    note: str = ""


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template shows, already in the report's language."""

    lang: str
    html_lang: str
    title: str
    subtitle: str
    headings: dict[str, str]
    summary: Table
    summary_sentences: list[str]
    method_items: list[tuple[str, str]]
    parameters: Table
    weights: list[Table]
    workload: list[Table]
    allocation: list[Table]
    charts: list[Chart]
    fairness: Table
    fairness_sentences: list[str]
    fairness_note: str
    binding: Table | None
    binding_none: str
    promises: Table | None
    explanations: list[Explanation]
    notices: list[str]
    font_stack: str = FONT_STACK
    footer: str = ""
    colon: str = ": "
    extra: dict[str, Any] = field(default_factory=dict)


def _t(key: str, lang: str, **values: object) -> str:
    return label(key, lang).format(**values) if values else label(key, lang)


def _quota_cell(value: object) -> Cell:
    return Cell(format_quotas(value))  # type: ignore[arg-type]


def _signed_cell(value: object) -> Cell:
    text = format_signed(value)  # type: ignore[arg-type]
    missing = value is None or pd.isna(value)  # type: ignore[call-overload]
    if missing:
        return Cell(text)
    number = float(value)  # type: ignore[arg-type]
    return Cell(text, "cut" if number < 0 else "gain" if number > 0 else "num")


def _value_cell(column: str, value: object) -> Cell:
    if column == "change":
        return _signed_cell(value)
    if column == "vacancy":
        cell = _quota_cell(value)
        missing = value is None or pd.isna(value)  # type: ignore[call-overload]
        return cell if missing or float(value) >= 0 else Cell(cell.text, "cut")  # type: ignore[arg-type]
    return _quota_cell(value)


def _sum_or_none(values: pd.Series) -> int | None:
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum())


# --------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------


def build_summary_table(result: Result, lang: str = "zh") -> Table:
    """Return the kinds' summary: pool, base, quantified, turnover pool and given, reserve.

    Parameters
    ----------
    result : Result
        A solved allocation.
    lang : {"zh", "en"}
        Language of the headers.

    Returns
    -------
    Table
        One row per kind, the columns of :data:`SUMMARY_COLUMNS` [quotas; staff
        on board in people].
    """
    code = check_lang(lang)
    headers = [_t("kind", code)] + [_t(f"report.col.{c}", code) for c in SUMMARY_COLUMNS]
    rows = []
    for record in result.kinds.to_dict(orient="records"):
        rows.append(
            [Cell(kind_label(str(record["kind"]), code), "text")]
            + [_quota_cell(record.get(c)) for c in SUMMARY_COLUMNS]
        )
    return Table(headers=headers, rows=rows)


def describe_kind_summary(record: Mapping[str, Any], lang: str = "zh") -> str:
    """One sentence on how a kind's pool was split.

    Parameters
    ----------
    record : mapping
        One row of ``Result.kinds``.
    lang : {"zh", "en"}
        Language.

    Returns
    -------
    str
        E.g. "行政编制总量392名：基础编制186名，量化编制186名，周转编制20名（下拨街道7名，
        区级预留13名）。街道核定合计379名，较现有355名增加24名。"
    """
    code = check_lang(lang)
    text = _t(
        "report.summary.split",
        code,
        kind=kind_label(str(record["kind"]), code),
        pool=format_quotas(record["pool"]),
        base=format_quotas(record["base"]),
        quantified=format_quotas(record["quantified"]),
        turnover=format_quotas(record["turnover_pool"]),
        used=format_quotas(record["turnover_used"]),
        reserve=format_quotas(record["reserve"]),
    )
    total = record.get("streets_total")
    current = record.get("current")
    if current is not None and not pd.isna(current):
        text += _t(
            "report.summary.change",
            code,
            total=format_quotas(total),
            current=format_quotas(current),
            change=format_signed(float(cast(Any, total)) - float(current)),
        )
    else:
        text += _t("report.summary.total", code, total=format_quotas(total))
    onboard = record.get("onboard")
    if onboard is not None and not pd.isna(onboard):
        text += _t("report.summary.onboard", code, onboard=format_quotas(onboard))
    return text


# --------------------------------------------------------------------------
# Method and parameters in plain words
# --------------------------------------------------------------------------


def describe_method(result: Result, lang: str = "zh") -> list[tuple[str, str]]:
    """Return the method in plain words as (item, text) pairs.

    Parameters
    ----------
    result : Result
        A solved allocation.
    lang : {"zh", "en"}
        Language.

    Returns
    -------
    list of (str, str)
        The allocation method and objective, the split of each pool, the no
        dismissal rule and the street share requirement when set.
    """
    code = check_lang(lang)
    s = result.scenario
    items: list[tuple[str, str]] = []
    engines = ", ".join(dict.fromkeys(str(e) for e in result.kinds["engine"]))
    if s.method == "lp":
        text = _t(f"report.method.lp_{s.objective}", code, engine=engines)
    else:
        text = _t("report.method.apportion", code, name=_t(f"report.apportion.{s.method}", code))
    items.append((_t("method", code), text))
    items.append((_t("report.rule", code), _t("report.method.rule", code)))
    items.append((_t("report.ties", code), _t("report.method.ties", code)))
    no_dismissal = (
        "report.method.no_dismissal_on"
        if s.constraints.no_dismissal
        else ("report.method.no_dismissal_off")
    )
    text = _t(no_dismissal, code)
    waived = [k for k, kin in result.inputs.items() if not kin.no_dismissal]
    if s.constraints.no_dismissal and waived:
        names = "、".join if code == "zh" else ", ".join
        text = _t(
            "report.method.no_dismissal_partial",
            code,
            kinds=names(kind_label(k, code) for k in waived),
        )
    items.append((_t("no_dismissal", code), text))
    c = s.constraints
    if c.street_share_min is not None and c.district_total is not None:
        items.append(
            (
                _t("report.street_share", code),
                _t(
                    "report.method.street_share",
                    code,
                    share=format_share(c.street_share_min, 1),
                    total=format_quotas(c.district_total),
                    need=format_quotas(int(np.ceil(c.street_share_min * c.district_total - 1e-9))),
                ),
            )
        )
    statuses = ", ".join(dict.fromkeys(str(v) for v in result.kinds["status"]))
    items.append((_t("status", code), statuses))
    return items


def describe_base_rule(rule: BaseRule | None, lang: str = "zh") -> str:
    """The base rule of a kind in words, e.g. "内设机构数 × 2 + 领导职数 4"."""
    code = check_lang(lang)
    if rule is None:
        return _t("report.base.none", code)
    if rule.fixed is not None:
        return _t("report.base.fixed", code, n=rule.fixed)
    if rule.column is not None:
        return _t(
            "report.base.column", code, column=column_labels([rule.column], code)[rule.column]
        )
    parts = []
    if rule.per_office is not None:
        parts.append(_t("report.base.per_office", code, n=rule.per_office))
    if rule.per_unit is not None:
        parts.append(_t("report.base.per_unit", code, n=rule.per_unit))
    if rule.leaders:
        parts.append(_t("report.base.leaders", code, n=rule.leaders))
    return " + ".join(parts) if parts else _t("report.base.none", code)


def describe_bound(value: int | str | None, lang: str = "zh") -> str:
    """A floor, ceiling or cap in words: a number, a column of the table, or none."""
    code = check_lang(lang)
    if value is None:
        return _t("report.none", code)
    if isinstance(value, str):
        return _t("report.bound.column", code, column=column_labels([value], code)[value])
    return _t("report.bound.number", code, n=value)


def describe_weight_method(result: Result, kind: str, lang: str = "zh") -> str:
    """How the weights of a kind were set or derived, with the AHP consistency ratio."""
    code = check_lang(lang)
    weights = result.weights.get(kind)
    method = weights.method if weights is not None else result.scenario.weights_for(kind).method
    try:
        text = _t(f"report.weights.{method}", code)
    except KeyError:
        text = str(method)
    if weights is not None and "cr" in weights.details:
        text += _t("report.weights.cr", code, cr=f"{weights.details['cr']:.3f}")
    return text


def build_parameter_table(result: Result, lang: str = "zh") -> Table:
    """Return the parameters of every kind in words: one row per item, one column per kind.

    Parameters
    ----------
    result : Result
        A solved allocation.
    lang : {"zh", "en"}
        Language.

    Returns
    -------
    Table
        Rows: pool, turnover share (and the turnover pool it gives), base rule,
        weight method, floor, ceiling, cap on change, engine, objective value
        and largest relative deviation.
    """
    code = check_lang(lang)
    kinds = [str(k) for k in result.kinds["kind"]]
    records = {str(r["kind"]): r for r in result.kinds.to_dict(orient="records")}
    configs: dict[str, KindConfig] = dict(result.scenario.kinds)

    def row(key: str, values: Sequence[str]) -> list[Cell]:
        return [Cell(_t(key, code), "text")] + [Cell(v, "text") for v in values]

    rows = [
        row("report.param.pool", [format_quotas(records[k]["pool"]) for k in kinds]),
        row(
            "report.param.turnover",
            [
                _t(
                    "report.param.turnover_value",
                    code,
                    share=format_share(configs[k].turnover_share, 1),
                    n=format_quotas(records[k]["turnover_pool"]),
                )
                for k in kinds
            ],
        ),
        row("report.param.base", [describe_base_rule(configs[k].base, code) for k in kinds]),
        row("report.param.weights", [describe_weight_method(result, k, code) for k in kinds]),
        row("report.param.floor", [describe_bound(configs[k].floor, code) for k in kinds]),
        row("report.param.ceiling", [describe_bound(configs[k].ceiling, code) for k in kinds]),
        row(
            "report.param.max_change", [describe_bound(configs[k].max_change, code) for k in kinds]
        ),
        row("report.param.engine", [str(records[k]["engine"]) for k in kinds]),
        row(
            "report.param.objective",
            [format_ratio(records[k]["objective"], 3) for k in kinds],
        ),
        row(
            "report.param.max_dev",
            [format_share(records[k]["max_relative_deviation"], 1) for k in kinds],
        ),
    ]
    workloads = [configs[k].workload for k in kinds]
    if any(w is not None for w in workloads):
        rows.append(
            row(
                "report.param.workload",
                [
                    _t(f"report.workload.{w.use}", code)
                    if w is not None
                    else _t("report.none", code)
                    for w in workloads
                ],
            )
        )
    headers = [_t("report.item", code)] + [kind_label(k, code) for k in kinds]
    return Table(headers=headers, rows=rows)


def build_workload_tables(result: Result, lang: str = "zh") -> list[Table]:
    """Return one table per kind with WISN workload standards: required staff, on board, ratio.

    The ratio is staff on board ÷ required staff (WHO's WISN ratio: below 1 the street is
    short of staff by its workload standard). Kinds without ``workload:`` have no table.
    """
    code = check_lang(lang)
    tables = []
    for kind in (str(k) for k in result.kinds["kind"]):
        required_col, ratio_col = f"wisn_required_{kind}", f"wisn_ratio_{kind}"
        if required_col not in result.scores.columns:
            continue
        part = result.table.loc[result.table["kind"].astype(str) == kind]
        onboard = dict(zip(part["street"].astype(str), part["onboard"], strict=True))
        rows = []
        for street, required, ratio in zip(
            result.scores["street"].astype(str),
            result.scores[required_col].to_numpy(dtype=float),
            result.scores[ratio_col].to_numpy(dtype=float)
            if ratio_col in result.scores.columns
            else [float("nan")] * len(result.scores),
            strict=True,
        ):
            rows.append(
                [
                    Cell(street, "text"),
                    Cell(f"{required:.2f}"),
                    _quota_cell(onboard.get(street)),
                    Cell("" if np.isnan(ratio) else f"{ratio:.2f}"),
                ]
            )
        note = _t("report.wisn.note", code)
        if len(rows) > 100:  # a large table lists the streets furthest below their standard
            ratios = result.scores[ratio_col].to_numpy(dtype=float)
            order = sorted(range(len(rows)), key=lambda i: (np.isnan(ratios[i]), ratios[i], i))
            note += _t("report.wisn.top", code, n=REPORT_TOP_N, total=len(rows))
            rows = [rows[i] for i in order[:REPORT_TOP_N]]
        tables.append(
            Table(
                headers=[
                    _t("street", code),
                    _t("report.wisn.required", code),
                    _t("onboard", code),
                    _t("report.wisn.ratio", code),
                ],
                rows=rows,
                caption=kind_label(kind, code),
                note=note,
            )
        )
    return tables


def build_weight_tables(result: Result, lang: str = "zh") -> list[Table]:
    """Return one table per kind: indicator, weight and transform."""
    code = check_lang(lang)
    tables = []
    for kind in (str(k) for k in result.kinds["kind"]):
        weights = result.weights.get(kind)
        if weights is None:
            continue
        transforms = result.transforms.get(kind, {})
        names = [str(n) for n in weights.weights.index]
        shown = column_labels(names, code)
        rescaled = bool(getattr(weights, "rescaled", False))
        given = getattr(weights, "given", {}) or {}

        def number(value: float) -> str:
            return f"{float(value):.4f}".rstrip("0").rstrip(".") if float(value) else "0"

        rows = [
            [
                Cell(shown[name], "text"),
                *([Cell(number(given.get(name, w)))] if rescaled else []),
                Cell(number(w)),
                Cell(_t(f"report.transform.{transforms.get(name, 'none')}", code), "text"),
            ]
            for name, w in zip(names, weights.weights.to_numpy(dtype=float), strict=True)
        ]
        weight_headers = (
            [_t("report.weight_given", code), _t("report.weight_used", code)]
            if rescaled
            else [_t("weight", code)]
        )
        tables.append(
            Table(
                headers=[_t("indicator", code), *weight_headers, _t("report.transform", code)],
                rows=rows,
                caption=_t(
                    "report.weights.caption",
                    code,
                    kind=kind_label(kind, code),
                    method=describe_weight_method(result, kind, code),
                ),
            )
        )
    return tables


# --------------------------------------------------------------------------
# The allocation table
# --------------------------------------------------------------------------


def select_report_streets(part: pd.DataFrame, limit: int = REPORT_MAX_STREETS) -> pd.DataFrame:
    """The rows a report lists for one kind: all of them, or the largest gains and cuts.

    Parameters
    ----------
    part : DataFrame
        The allocation rows of one kind.
    limit : int
        Up to this many streets every row is listed.

    Returns
    -------
    DataFrame
        ``part`` itself when small; otherwise the :data:`REPORT_TOP_N` largest
        gains and cuts (by ``change``, or by ``total`` when there are no current
        quotas), in table order.
    """
    if len(part) <= limit:
        return part
    key = "change" if pd.to_numeric(part["change"], errors="coerce").notna().any() else "total"
    values = pd.to_numeric(part[key], errors="coerce").fillna(0).to_numpy(dtype=float)
    order = np.argsort(-values, kind="stable")
    chosen = set(order[:REPORT_TOP_N].tolist()) | set(order[::-1][:REPORT_TOP_N].tolist())
    return part.iloc[sorted(chosen)]


def build_allocation_tables(result: Result, lang: str = "zh") -> list[Table]:
    """Return the allocation per kind, with a totals row over all its streets."""
    code = check_lang(lang)
    table = result.table
    tables = []
    headers = [_t("street", code)] + [_t(c, code) for c in KIND_COLUMNS]
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"].astype(str) == kind]
        shown = select_report_streets(part)
        rows = [
            [Cell(str(r["street"]), "text")] + [_value_cell(c, r[c]) for c in KIND_COLUMNS]
            for r in shown.to_dict(orient="records")
        ]
        total = [Cell(_t("total_row", code), "text")] + [
            _value_cell(c, _sum_or_none(part[c])) for c in KIND_COLUMNS
        ]
        note = ""
        if len(shown) < len(part):
            note = _t("report.table.top", code, n=len(shown), total=format_quotas(len(part)))
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


# --------------------------------------------------------------------------
# Fairness and binding constraints
# --------------------------------------------------------------------------


def build_fairness_table(result: Result, lang: str = "zh") -> tuple[Table, list[str]]:
    """Return the fairness figures as a table and one plain sentence per kind."""
    code = check_lang(lang)
    figures = compute_fairness(result.table)
    headers = [
        _t("kind", code),
        _t("report.fair.basis", code),
        _t("report.fair.streets", code),
        _t("report.fair.ratio", code),
        _t("report.fair.gini", code),
        _t("report.fair.max_dev", code),
        _t("report.fair.most_loaded", code),
        _t("report.fair.least_loaded", code),
        _t("report.fair.most_deviating", code),
    ]
    rows = []
    for r in figures.to_dict(orient="records"):
        rows.append(
            [
                Cell(kind_label(str(r["kind"]), code), "text"),
                Cell(_t(f"report.fair.basis.{r['basis']}", code), "text"),
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
            _t(
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
            Cell(str(r["street"]) or _t("report.district", code), "text"),
            Cell(str(r["constraint_label"]), "text"),
            Cell(str(r["text"]), "text"),
        ]
        for r in shown.to_dict(orient="records")
    ]
    note = ""
    if len(shown) < len(binding):
        note = _t("report.binding.more", code, n=len(shown), total=format_quotas(len(binding)))
    return Table(
        headers=[_t("kind", code), _t("street", code), _t("constraint", code), _t("detail", code)],
        rows=rows,
        note=note,
    )


def build_promise_rows(result: Result, lang: str = "zh") -> list[list[str]]:
    """One row per kind and promise: kind, promise, made or not, streets bound, checked.

    Read from :attr:`Result.promises`, which :func:`quota.results.promises.check_promises`
    filled on the solution itself; a promise not made says so plainly.
    """
    code = check_lang(lang)
    promises = result.promises
    if promises is None or promises.empty:
        return []
    rows: list[list[str]] = []
    for r in promises.to_dict(orient="records"):
        kind = str(r["kind"])
        made = bool(r["made"])
        status = "promise.made" if made else "promise.not_made"
        if not made and r["promise"] == "no_dismissal":
            status = "promise.not_made.onboard"
        rows.append(
            [
                kind_label(kind, code) if kind else _t("promise.all", code),
                _t(f"promise.{r['promise']}", code),
                _t(status, code),
                format_quotas(int(r["bound"])) if made else "–",
                _t("promise.checked_yes" if bool(r["checked"]) else "promise.checked_no", code),
            ]
        )
    return rows


def build_promise_table(result: Result, lang: str = "zh") -> Table | None:
    """The promises of the result as a report table, or None without a promise table."""
    code = check_lang(lang)
    rows = build_promise_rows(result, code)
    if not rows:
        return None
    keys = ("kind", "promise", "promise.status", "promise.bound", "promise.checked")
    return Table(
        headers=[_t(k, code) for k in keys],
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
        for street in select_report_streets(part)["street"].astype(str)
    }
    explanations = build_explanations(result, code, only=wanted)
    lists = []
    for kind in kinds:
        rows = explanations.loc[explanations["kind"] == kind]
        items = [(str(s), str(t)) for s, t in zip(rows["street"], rows["text"], strict=True)]
        note = ""
        if len(items) < len(parts[kind]):
            note = _t("report.why.more", code, n=len(items), total=format_quotas(len(parts[kind])))
        lists.append(Explanation(kind=kind_label(kind, code), items=items, note=note))
    return lists


# --------------------------------------------------------------------------
# Charts
# --------------------------------------------------------------------------


def encode_png(data: bytes) -> str:
    """A PNG as a ``data:`` URI for an ``<img src>``."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def read_chart_images(result: Result, folder: Path | None, lang: str = "zh") -> dict[str, bytes]:
    """Return the PNG bytes of the report's charts.

    Charts already written to ``folder/charts/`` (by :func:`quota.outputs.charts.write_charts`)
    are read back; when any is missing, all are drawn into a temporary folder
    inside ``folder`` (the system's temporary folder only when ``folder`` is None).

    Parameters
    ----------
    result : Result
        A solved allocation.
    folder : Path or None
        The output folder, or None to draw every chart.
    lang : {"zh", "en"}
        Language of charts drawn here.

    Returns
    -------
    dict
        Chart name (``stack``, ``shares``, ``change``, ``onboard``) -> PNG bytes,
        for the charts the table has data for.
    """
    from quota.outputs.charts import find_applicable_charts, write_charts

    names = find_applicable_charts(result.table)
    charts = None if folder is None else Path(folder) / "charts"
    if charts is not None and all((charts / f"{name}.png").is_file() for name in names):
        return {name: (charts / f"{name}.png").read_bytes() for name in names}
    # beside the output (never in the system's temporary folder) when there is one
    where = None if folder is None else Path(folder)
    with tempfile.TemporaryDirectory(prefix=".quota-charts-", dir=where) as temp:
        written = write_charts(result.table, Path(temp), lang=lang)
        return {path.stem: path.read_bytes() for path in written}


def build_chart_list(images: Mapping[str, bytes], lang: str = "zh") -> list[Chart]:
    """Return the charts in report order with titles in ``lang``."""
    code = check_lang(lang)
    return [
        Chart(title=_t(f"chart.{name}", code), file=f"charts/{name}.png", data_uri=encode_png(data))
        for name, data in sorted(
            images.items(),
            key=lambda item: CHART_NAMES.index(item[0]) if item[0] in CHART_NAMES else 99,
        )
    ]


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def build_headings(lang: str, keys: Sequence[str]) -> dict[str, str]:
    """Section headings ``report.h.<key>`` in one language."""
    code = check_lang(lang)
    return {key: _t(f"report.h.{key}", code) for key in keys}


_HEADINGS = (
    "summary",
    "method",
    "parameters",
    "weights",
    "workload",
    "allocation",
    "charts",
    "fairness",
    "binding",
    "why",
    "notices",
    "promises",
)


def build_report_context(
    result: Result, lang: str = "zh", images: Mapping[str, bytes] | None = None
) -> ReportContext:
    """Return everything the report templates show, in one language.

    Parameters
    ----------
    result : Result
        A solved allocation.
    lang : {"zh", "en"}
        Language of every label, header and sentence.
    images : mapping, optional
        Chart name -> PNG bytes (see :func:`read_chart_images`); no charts when None.

    Returns
    -------
    ReportContext
    """
    code = check_lang(lang)
    s = result.scenario
    fairness, sentences = build_fairness_table(result, code)
    data = Path(str(result.data.path)).name
    subtitle = _t(
        "report.subtitle",
        code,
        name=s.name,
        data=data,
        sha=str(result.data.sha256)[:12],
        streets=format_quotas(result.table["street"].nunique()),
    )
    return ReportContext(
        lang=code,
        html_lang="zh-CN" if code == "zh" else "en",
        title=s.title or s.name,
        subtitle=subtitle,
        headings=build_headings(code, _HEADINGS),
        summary=build_summary_table(result, code),
        summary_sentences=[
            describe_kind_summary({str(k): v for k, v in r.items()}, code)
            for r in result.kinds.to_dict(orient="records")
        ],
        method_items=describe_method(result, code),
        parameters=build_parameter_table(result, code),
        weights=build_weight_tables(result, code),
        workload=build_workload_tables(result, code),
        allocation=build_allocation_tables(result, code),
        charts=build_chart_list(images or {}, code),
        fairness=fairness,
        fairness_sentences=sentences,
        fairness_note=_t("report.fair.note", code),
        binding=build_binding_report_table(result, code),
        binding_none=_t("report.binding.none", code),
        promises=build_promise_table(result, code),
        explanations=build_explanation_lists(result, code),
        notices=list(result.notices),
        footer=_t("report.footer", code),
        colon="：" if code == "zh" else ": ",
    )


# brackets too: a name like [x](javascript:...) must not become a live link
_HTML_IN_MARKDOWN = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"}
)


def escape_markdown_text(text: object) -> markupsafe.Markup:
    """Text safe anywhere in a Markdown file: ``&``, ``<``, ``>``, ``[`` and ``]`` as entities.

    Markdown viewers render raw HTML; escaped, a name like
    ``<script>alert(1)</script>`` or ``<img src=x onerror=...>`` is shown as
    text. Already escaped text (:class:`markupsafe.Markup`) is returned as it is.
    """
    if isinstance(text, markupsafe.Markup):
        return text
    return markupsafe.Markup(str(text).translate(_HTML_IN_MARKDOWN))


def escape_markdown(text: object) -> markupsafe.Markup:
    """Text safe inside a Markdown table cell.

    As :func:`escape_markdown_text`, and backslashes and pipes escaped (a ``|``
    would end the cell), line breaks replaced by spaces.
    """
    cell = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    return escape_markdown_text(cell)


@functools.lru_cache(maxsize=2)
def build_environment(autoescape: bool) -> jinja2.Environment:
    """The Jinja2 environment of the report templates.

    ``autoescape=True``: the HTML environment (Jinja's HTML autoescaping).
    ``autoescape=False``: the Markdown environment, which escapes every value
    it writes with :func:`escape_markdown_text` (macro output and the ``md``
    filter's cells are escaped already and left alone).
    """
    import jinja2

    markdown = not autoescape
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("quota", "templates/report"),
        # Markdown: Jinja's autoescaping keeps track of what is escaped already,
        # and the finalize hook escapes the rest the Markdown way first
        autoescape=True,
        finalize=escape_markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = escape_markdown
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one template of ``quota/templates/report/`` (``*.html.j2`` autoescaped)."""
    env = build_environment(name.endswith(".html.j2"))
    return env.get_template(name).render(**context)


def render_markdown(context: ReportContext) -> str:
    """The report as Markdown (charts linked as ``charts/<name>.png``)."""
    return render_template("report.md.j2", r=context)


def render_html(context: ReportContext) -> str:
    """The report as one self-contained HTML page (charts embedded, CSS inline)."""
    return render_template("report.html.j2", r=context)


def write_reports(result: Result, folder: Path, *, lang: str = "zh") -> list[Path]:
    """Write ``report.md`` and ``report.html`` into a scenario's output folder.

    Parameters
    ----------
    result : Result
        A solved allocation.
    folder : Path
        The output folder; charts found in ``folder/charts/`` are embedded,
        missing ones are drawn.
    lang : {"zh", "en"}
        Language of every label, header and sentence.

    Returns
    -------
    list of Path
        ``folder/report.md`` and ``folder/report.html``.
    """
    code = check_lang(lang)
    folder = Path(folder)
    context = build_report_context(result, code, read_chart_images(result, folder, code))
    md = folder / "report.md"
    html = folder / "report.html"
    md.write_text(render_markdown(context), encoding="utf-8", newline="\n")
    html.write_text(render_html(context), encoding="utf-8", newline="\n")
    return [md, html]
