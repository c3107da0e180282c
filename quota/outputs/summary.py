"""The scenario in plain words: the kinds' summary, the method, parameters, weights.

Shared by the review report (:mod:`quota.outputs.report`) and the workbook's
parameters sheet (:mod:`quota.outputs.workbook`); every text follows ``lang``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from quota.config.schema import BaseRule, KindConfig
from quota.locale import check_lang, column_labels, kind_label
from quota.outputs.document import Cell, Table, phrase, quota_cell
from quota.outputs.report_tables import REPORT_TOP_N
from quota.outputs.text import format_quotas, format_ratio, format_share, format_signed

if TYPE_CHECKING:
    from quota.results.result import Result


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
    headers = [phrase("kind", code)] + [phrase(f"report.col.{c}", code) for c in SUMMARY_COLUMNS]
    rows = []
    for record in result.kinds.to_dict(orient="records"):
        rows.append(
            [Cell(kind_label(str(record["kind"]), code), "text")]
            + [quota_cell(record.get(c)) for c in SUMMARY_COLUMNS]
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
    text = phrase(
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
        text += phrase(
            "report.summary.change",
            code,
            total=format_quotas(total),
            current=format_quotas(current),
            change=format_signed(float(cast(Any, total)) - float(current)),
        )
    else:
        text += phrase("report.summary.total", code, total=format_quotas(total))
    onboard = record.get("onboard")
    if onboard is not None and not pd.isna(onboard):
        text += phrase("report.summary.onboard", code, onboard=format_quotas(onboard))
    return text


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
        text = phrase(f"report.method.lp_{s.objective}", code, engine=engines)
    else:
        text = phrase(
            "report.method.apportion", code, name=phrase(f"report.apportion.{s.method}", code)
        )
    items.append((phrase("method", code), text))
    items.append((phrase("report.rule", code), phrase("report.method.rule", code)))
    items.append((phrase("report.ties", code), phrase("report.method.ties", code)))
    no_dismissal = (
        "report.method.no_dismissal_on"
        if s.constraints.no_dismissal
        else ("report.method.no_dismissal_off")
    )
    text = phrase(no_dismissal, code)
    waived = [k for k, kin in result.inputs.items() if not kin.no_dismissal]
    if s.constraints.no_dismissal and waived:
        names = "、".join if code == "zh" else ", ".join
        text = phrase(
            "report.method.no_dismissal_partial",
            code,
            kinds=names(kind_label(k, code) for k in waived),
        )
    items.append((phrase("no_dismissal", code), text))
    c = s.constraints
    if c.street_share_min is not None and c.district_total is not None:
        items.append(
            (
                phrase("report.street_share", code),
                phrase(
                    "report.method.street_share",
                    code,
                    share=format_share(c.street_share_min, 1),
                    total=format_quotas(c.district_total),
                    need=format_quotas(int(np.ceil(c.street_share_min * c.district_total - 1e-9))),
                ),
            )
        )
    statuses = ", ".join(dict.fromkeys(str(v) for v in result.kinds["status"]))
    items.append((phrase("status", code), statuses))
    return items


def describe_base_rule(rule: BaseRule | None, lang: str = "zh") -> str:
    """The base rule of a kind in words, e.g. "内设机构数 × 2 + 领导职数 4"."""
    code = check_lang(lang)
    if rule is None:
        return phrase("report.base.none", code)
    if rule.fixed is not None:
        return phrase("report.base.fixed", code, n=rule.fixed)
    if rule.column is not None:
        return phrase(
            "report.base.column", code, column=column_labels([rule.column], code)[rule.column]
        )
    parts = []
    if rule.per_office is not None:
        parts.append(phrase("report.base.per_office", code, n=rule.per_office))
    if rule.per_unit is not None:
        parts.append(phrase("report.base.per_unit", code, n=rule.per_unit))
    if rule.leaders:
        parts.append(phrase("report.base.leaders", code, n=rule.leaders))
    return " + ".join(parts) if parts else phrase("report.base.none", code)


def describe_bound(value: int | str | None, lang: str = "zh") -> str:
    """A floor, ceiling or cap in words: a number, a column of the table, or none."""
    code = check_lang(lang)
    if value is None:
        return phrase("report.none", code)
    if isinstance(value, str):
        return phrase("report.bound.column", code, column=column_labels([value], code)[value])
    return phrase("report.bound.number", code, n=value)


def describe_weight_method(result: Result, kind: str, lang: str = "zh") -> str:
    """How the weights of a kind were set or derived, with the AHP consistency ratio."""
    code = check_lang(lang)
    weights = result.weights.get(kind)
    method = weights.method if weights is not None else result.scenario.weights_for(kind).method
    try:
        text = phrase(f"report.weights.{method}", code)
    except KeyError:
        text = str(method)
    if weights is not None and "cr" in weights.details:
        text += phrase("report.weights.cr", code, cr=f"{weights.details['cr']:.3f}")
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
        return [Cell(phrase(key, code), "text")] + [Cell(v, "text") for v in values]

    rows = [
        row("report.param.pool", [format_quotas(records[k]["pool"]) for k in kinds]),
        row(
            "report.param.turnover",
            [
                phrase(
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
                    phrase(f"report.workload.{w.use}", code)
                    if w is not None
                    else phrase("report.none", code)
                    for w in workloads
                ],
            )
        )
    headers = [phrase("report.item", code)] + [kind_label(k, code) for k in kinds]
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
                    quota_cell(onboard.get(street)),
                    Cell("" if np.isnan(ratio) else f"{ratio:.2f}"),
                ]
            )
        note = phrase("report.wisn.note", code)
        if len(rows) > 100:  # a large table lists the streets furthest below their standard
            ratios = result.scores[ratio_col].to_numpy(dtype=float)
            order = sorted(range(len(rows)), key=lambda i: (np.isnan(ratios[i]), ratios[i], i))
            note += phrase("report.wisn.top", code, n=REPORT_TOP_N, total=len(rows))
            rows = [rows[i] for i in order[:REPORT_TOP_N]]
        tables.append(
            Table(
                headers=[
                    phrase("street", code),
                    phrase("report.wisn.required", code),
                    phrase("onboard", code),
                    phrase("report.wisn.ratio", code),
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
                Cell(phrase(f"report.transform.{transforms.get(name, 'none')}", code), "text"),
            ]
            for name, w in zip(names, weights.weights.to_numpy(dtype=float), strict=True)
        ]
        weight_headers = (
            [phrase("report.weight_given", code), phrase("report.weight_used", code)]
            if rescaled
            else [phrase("weight", code)]
        )
        tables.append(
            Table(
                headers=[
                    phrase("indicator", code),
                    *weight_headers,
                    phrase("report.transform", code),
                ],
                rows=rows,
                caption=phrase(
                    "report.weights.caption",
                    code,
                    kind=kind_label(kind, code),
                    method=describe_weight_method(result, kind, code),
                ),
            )
        )
    return tables
