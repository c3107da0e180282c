"""Numbers and constraints in words: formatting, binding constraints, "why this number".

Everything here renders :mod:`quota.results` in one language through the
message catalog (:mod:`quota.outputs.i18n`); the metrics themselves are
computed in :mod:`quota.results.fairness`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from quota.outputs.i18n import check_lang, column_labels, kind_label, label
from quota.results.fairness import (
    BINDING_CONSTRAINTS,
    EXPLANATION_COLUMNS,
    OWN_LIMITS,
)

if TYPE_CHECKING:
    from quota.model.problem import KindInputs
    from quota.results.result import Result

#: whole-number comparisons of ideals [quotas]
_TOLERANCE = 1e-9


def format_quotas(value: float | int | None) -> str:
    """Whole quotas as text (``"–"`` when missing)."""
    if value is None or pd.isna(value):
        return "–"
    return f"{int(round(float(value))):,}"


def format_signed(value: float | int | None) -> str:
    """A change with its sign: ``+8``, ``-3``, ``0`` (``"–"`` when missing)."""
    if value is None or pd.isna(value):
        return "–"
    number = int(round(float(value)))
    return f"{number:+,}" if number else "0"


def format_share(value: float | None, digits: int = 2, *, significant: int | None = None) -> str:
    """A share as a percentage, e.g. ``19.34%`` (``"–"`` when missing).

    With ``significant``, shares below 1% get enough decimals to show that
    many significant digits (``0.00838%`` rather than ``0.01%``).
    """
    if value is None or pd.isna(value):
        return "–"
    percent = 100.0 * float(value)
    if significant is not None and 0 < abs(percent) < 1:
        digits = max(digits, significant - 1 - math.floor(math.log10(abs(percent))))
    return f"{percent:.{digits}f}%"


def format_ratio(value: float | None, digits: int = 2) -> str:
    """A ratio or decimal, ``∞`` for infinity (``"–"`` when missing)."""
    if value is None or pd.isna(value):
        return "–"
    if np.isinf(value):
        return "∞"
    return f"{float(value):.{digits}f}"


# --------------------------------------------------------------------------
# Binding constraints in words
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _StreetFacts:
    """The numbers of one street and kind that explanations are built from."""

    street: str
    kind: str
    score: float
    base: int
    ideal: float
    quantified: int
    turnover: int
    total: int
    current: int | None
    onboard: int | None
    floor: int | None
    ceiling: int | None
    max_change: int | None


def _int_or_none(value: object) -> int | None:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return int(cast(Any, value))


def _bound_at(values: npt.NDArray[np.int64] | None, index: int) -> int | None:
    return None if values is None else int(values[index])


def _optional_ints(values: pd.Series) -> list[int | None]:
    array = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return [None if v != v else int(v) for v in array.tolist()]


def _collect_facts(
    result: Result, only: Collection[tuple[str, str]] | None = None
) -> list[_StreetFacts]:
    """The numbers of every (or only the given) (kind, street) row of the table, in order."""
    table = result.table
    kinds = table["kind"].astype(str).tolist()
    streets = table["street"].astype(str).tolist()
    keep = [
        i for i, key in enumerate(zip(kinds, streets, strict=True)) if only is None or key in only
    ]
    if only is not None:
        table = table.iloc[keep]
        kinds = [kinds[i] for i in keep]
        streets = [streets[i] for i in keep]
    columns = {
        c: _optional_ints(table[c])
        for c in ("base", "quantified", "turnover", "total", "current", "onboard")
    }
    score = pd.to_numeric(table["score"], errors="coerce").to_numpy(dtype=float).tolist()
    ideal = pd.to_numeric(table["ideal"], errors="coerce").to_numpy(dtype=float).tolist()
    positions: dict[str, dict[str, int]] = {
        kind: {street: i for i, street in enumerate(kin.problem.streets)}
        for kind, kin in result.inputs.items()
    }
    facts: list[_StreetFacts] = []
    for r, (kind, street) in enumerate(zip(kinds, streets, strict=True)):
        kin: KindInputs | None = result.inputs.get(kind)
        index = positions.get(kind, {}).get(street)
        limits: tuple[int | None, int | None, int | None] = (None, None, None)
        if kin is not None and index is not None:
            limits = (
                _bound_at(kin.floor, index),
                _bound_at(kin.ceiling, index),
                _bound_at(kin.max_change, index),
            )
        facts.append(
            _StreetFacts(
                street=street,
                kind=kind,
                score=score[r],
                base=columns["base"][r] or 0,
                ideal=ideal[r],
                quantified=columns["quantified"][r] or 0,
                turnover=columns["turnover"][r] or 0,
                total=columns["total"][r] or 0,
                current=columns["current"][r],
                onboard=columns["onboard"][r],
                floor=limits[0],
                ceiling=limits[1],
                max_change=limits[2],
            )
        )
    return facts


#: the WISN rows' English details (quota.results.tables.summarize_methods), parsed for translation
_WISN_DETAIL: dict[str, re.Pattern[str]] = {
    "wisn": re.compile(
        r"use (?P<use>\w+): available time (?P<hours>[\d,.]+) h/year per person, category allowance"
        r" factor (?P<caf>[\d.]+), individual allowance (?P<iaf>[\d.]+) staff; required"
        r" (?P<required>[\d,.]+) staff in all(?:, on board (?P<onboard>\d+) \(ratio (?P<ratio>[\d.]+)\))?"
    ),
    "wisn_shortage": re.compile(
        r"on board (?P<onboard>\d+) vs required (?P<required>[\d.]+): ratio (?P<ratio>[\d.]+)"
    ),
}


def _describe_constraint(
    constraint: str,
    facts: _StreetFacts | None,
    kind_row: Mapping[str, object],
    detail: str,
    lang: str,
    remarks: Mapping[str, str],
) -> str:
    """One binding constraint in words, from the numbers (the English detail as a fallback)."""
    if constraint == "turnover_pool":
        return label("cons.detail.turnover_pool", lang).format(n=kind_row.get("turnover_pool", ""))
    if constraint in remarks:
        return remarks[constraint]
    more = re.fullmatch(r"\.\.\. and (\d+) more streets", detail)
    if more:
        return label("cons.detail.more", lang).format(n=more.group(1))
    wisn = _WISN_DETAIL.get(constraint)
    if wisn is not None and (found := wisn.fullmatch(detail)):
        values = found.groupdict()
        if "use" in values:
            values["use"] = label(f"wisn.use.{values['use']}", lang)
        text = label(f"cons.detail.{constraint}", lang).format(**values)
        if values.get("onboard") and constraint == "wisn":
            text += label("cons.detail.wisn_onboard", lang).format(**values)
        return text
    if facts is None:
        return detail
    f = facts
    core = f.base + f.quantified
    if constraint == "floor" and f.floor is not None:
        return label("cons.detail.floor", lang).format(core=core, floor=f.floor)
    if constraint == "ceiling" and f.ceiling is not None:
        return label("cons.detail.ceiling", lang).format(core=core, ceiling=f.ceiling)
    if constraint in ("change_cap_up", "change_cap_down") and f.current is not None:
        key = (
            "cons.detail.change_cap_up"
            if constraint == "change_cap_up"
            else "cons.detail.change_cap_down"
        )
        return label(key, lang).format(total=f.total, current=f.current, cap=f.max_change)
    if constraint == "turnover":
        staff = f.onboard if f.onboard is not None else f.total
        return label("cons.detail.turnover", lang).format(t=f.turnover, staff=staff, core=core)
    if constraint == "no_dismissal":
        return label("cons.detail.no_dismissal", lang).format(total=f.total)
    if constraint == "moved":
        return label("cons.detail.moved", lang).format(q=f.quantified, ideal=f"{f.ideal:.2f}")
    if constraint == "quota_rule":
        return label("cons.detail.quota_rule", lang).format(
            q=f.quantified,
            ideal=f"{f.ideal:.4f}",
            low=int(np.floor(f.ideal + _TOLERANCE)),
            high=int(np.ceil(f.ideal - _TOLERANCE)),
        )
    return detail


def _describe_method_remarks(result: Result, kind: str, lang: str) -> dict[str, str]:
    """Kind-wide method remarks (``weights``, ``apportionment``) in words."""
    remarks: dict[str, str] = {}
    weights = result.weights.get(kind)
    if weights is not None:
        try:
            method = label(f"report.weights.{weights.method}", lang)
        except KeyError:
            method = weights.method
        text = label("cons.detail.weights", lang).format(method=method)
        if "cr" in weights.details:
            text += label("report.weights.cr", lang).format(cr=f"{weights.details['cr']:.4f}")
        remarks["weights"] = text
    part = result.table.loc[result.table["kind"].astype(str) == kind]
    ideal = part["ideal"].to_numpy(dtype=float)
    q = part["quantified"].to_numpy(dtype=float)
    outside = int(np.sum((q < np.floor(ideal + _TOLERANCE)) | (q > np.ceil(ideal - _TOLERANCE))))
    engines = result.kinds.loc[result.kinds["kind"].astype(str) == kind, "engine"]
    engine = str(engines.iloc[0]) if len(engines) else ""
    key = "cons.detail.quota_rule_holds" if outside == 0 else "cons.detail.quota_rule_fails"
    remarks["apportionment"] = label(key, lang).format(engine=engine, n=outside)
    return remarks


def _describe_weight_rows(result: Result, kind: str, lang: str) -> list[str]:
    weights = result.weights.get(kind)
    if weights is None:
        return []
    transforms = result.transforms.get(kind, {})
    names = [str(n) for n in weights.weights.index]
    shown = column_labels(names, lang)
    return [
        label("cons.detail.weight", lang).format(
            indicator=shown[name],
            weight=f"{float(w):.6f}",
            transform=label(f"report.transform.{transforms.get(name, 'none')}", lang),
        )
        for name, w in zip(names, weights.weights.to_numpy(dtype=float), strict=True)
    ]


def constraint_label(constraint: str, lang: str) -> str:
    """Display name of a diagnostics constraint code (the code itself when unknown)."""
    key = f"cons.{constraint}"
    try:
        return label(key, lang)
    except KeyError:
        return constraint


def build_binding_table(
    result: Result, lang: str = "zh", *, only_binding: bool = True, limit: int | None = None
) -> pd.DataFrame:
    """Return the binding constraints of a result (or all its diagnostics) in words.

    Parameters
    ----------
    result : Result
        A solved allocation.
    lang : {"zh", "en"}
        Language of the text.
    only_binding : bool
        Keep only the codes of :data:`BINDING_CONSTRAINTS` (default); False
        keeps every diagnostics row (method remarks such as ``weights`` or
        ``apportionment`` too).
    limit : int, optional
        Keep at most this many rows (the first ones, in the order below).

    Returns
    -------
    DataFrame
        ``kind, street, constraint, detail`` with the codes of
        ``result.diagnostics`` and ``kind_label, constraint_label, text``:
        the kind's and the constraint's display names and the detail in
        ``lang`` (built from the numbers; codes this module does not know
        keep the diagnostics' own detail). Rows are grouped by kind in the
        order of ``result.kinds``, in diagnostics order within a kind.
    """
    code = check_lang(lang)
    kind_rows: dict[str, dict[str, Any]] = {
        str(r["kind"]): {str(k): v for k, v in r.items()}
        for r in result.kinds.to_dict(orient="records")
    }
    diagnostics = result.diagnostics
    if only_binding:
        diagnostics = diagnostics.loc[diagnostics["constraint"].isin(BINDING_CONSTRAINTS)]
    order = {kind: i for i, kind in enumerate(kind_rows)}
    diagnostics = diagnostics.sort_values(
        by="kind", key=lambda s: s.astype(str).map(order).fillna(len(order)), kind="stable"
    )
    if limit is not None:
        diagnostics = diagnostics.iloc[:limit]
    wanted = set(
        zip(
            diagnostics["kind"].astype(str),
            diagnostics["street"].fillna("").astype(str),
            strict=True,
        )
    )
    facts = {(f.kind, f.street): f for f in _collect_facts(result, wanted)}
    remarks = {kind: _describe_method_remarks(result, kind, code) for kind in kind_rows}
    weight_rows: dict[str, list[str]] = {kind: [] for kind in kind_rows}
    rows = []
    for record in diagnostics.to_dict(orient="records"):
        kind, street = str(record["kind"]), str(record["street"] or "")
        if record["constraint"] == "weight" and kind in weight_rows and not street:
            # one row per indicator, in the order of the kind's weights
            queue = weight_rows[kind]
            if not queue:
                queue.extend(_describe_weight_rows(result, kind, code))
            text = queue.pop(0) if queue else str(record["detail"])
            rows.append(
                {
                    "kind": kind,
                    "street": street,
                    "constraint": "weight",
                    "detail": str(record["detail"]),
                    "kind_label": kind_label(kind, code),
                    "constraint_label": constraint_label("weight", code),
                    "text": text,
                }
            )
            continue
        constraint, detail = str(record["constraint"]), str(record["detail"])
        rows.append(
            {
                "kind": kind,
                "street": street,
                "constraint": constraint,
                "detail": detail,
                "kind_label": kind_label(kind, code),
                "constraint_label": constraint_label(constraint, code),
                "text": _describe_constraint(
                    constraint,
                    facts.get((kind, street)),
                    kind_rows.get(kind, {}),
                    detail,
                    code,
                    remarks.get(kind, {}) if not street else {},
                ),
            }
        )
    columns = ["kind", "street", "constraint", "detail", "kind_label", "constraint_label", "text"]
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns, "string"))


# --------------------------------------------------------------------------
# "Why this number"
# --------------------------------------------------------------------------


def _quantified_reason(f: _StreetFacts, own: set[str], pool_exhausted: bool) -> str:
    """Code of the main reason the quantified quota is what it is."""
    for limit in OWN_LIMITS:
        if limit in own:
            return limit
    deviation = f.quantified - f.ideal
    if abs(deviation) < _TOLERANCE:
        return "exact"
    if abs(deviation) < 1.0 - _TOLERANCE:
        return "rounded_up" if deviation > 0 else "rounded_down"
    if deviation > 0 and f.onboard is not None and f.total <= f.onboard and pool_exhausted:
        return "staff"
    return "balance"


def _turnover_reason(f: _StreetFacts) -> str | None:
    if f.turnover <= 0:
        return None
    if f.onboard is not None and f.total <= f.onboard:
        return "turnover_staff"
    if f.current is not None and f.max_change is not None and f.total == f.current - f.max_change:
        return "turnover_cap"
    return "turnover"


_WHY_KEYS: tuple[str, ...] = (
    "why.head",
    "why.ideal",
    "why.q.exact",
    "why.q.rounded_up",
    "why.q.rounded_down",
    "why.q.floor",
    "why.q.ceiling",
    "why.q.change_cap_up",
    "why.q.change_cap_down",
    "why.q.staff",
    "why.q.balance",
    "why.no_turnover",
    "why.turnover_staff",
    "why.turnover_cap",
    "why.turnover",
    "why.total_change",
    "why.total",
    "why.vacant",
    "why.excess",
    "why.full",
)


def _explain_one(
    f: _StreetFacts,
    reasons: list[str],
    quantified_pool: int | None,
    texts: Mapping[str, str],
    kind_name: str,
    joiner: str,
) -> str:
    score = format_share(f.score, significant=3)
    ideal = f"{f.ideal:.2f}"
    core = f.base + f.quantified
    parts = [
        texts["why.head"].format(street=f.street, kind=kind_name, score=score, base=f.base),
        texts["why.ideal"].format(
            ideal=ideal,
            score=score,
            pool="–" if quantified_pool is None else format_quotas(quantified_pool),
        ),
        texts[f"why.q.{reasons[0]}"].format(
            q=f.quantified,
            ideal=ideal,
            floor=f.floor,
            ceiling=f.ceiling,
            cap=f.max_change,
            current=f.current,
            staff=f.onboard,
            delta=f"{f.quantified - f.ideal:+.2f}",
        ),
    ]
    turnover = reasons[1] if len(reasons) > 1 else None
    if turnover is None:
        parts.append(texts["why.no_turnover"])
    else:
        parts.append(
            texts[f"why.{turnover}"].format(
                t=f.turnover, staff=f.onboard, core=core, current=f.current, cap=f.max_change
            )
        )
    if f.current is not None:
        parts.append(
            texts["why.total_change"].format(
                total=f.total, current=f.current, change=format_signed(f.total - f.current)
            )
        )
    else:
        parts.append(texts["why.total"].format(total=f.total))
    if f.onboard is not None:
        vacancy = f.total - f.onboard
        key = "why.vacant" if vacancy > 0 else "why.excess" if vacancy < 0 else "why.full"
        parts.append(texts[key].format(staff=f.onboard, n=abs(vacancy)))
    return joiner.join(parts)


def build_explanations(
    result: Result, lang: str = "zh", *, only: Collection[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Return a short "why this number" for every street and kind.

    Each explanation names the street's workload score, base, ideal quantified
    quota (``score × Q``), how the quantified quota was reached (rounding, or
    the constraint that moved it), any turnover quotas and why, the new total
    against the current one and the resulting vacancy or excess.

    Parameters
    ----------
    result : Result
        A solved allocation.
    lang : {"zh", "en"}
        Language of the ``text`` column.
    only : collection of (kind, street), optional
        Explain only these rows (all when None).

    Returns
    -------
    DataFrame
        The columns of :data:`EXPLANATION_COLUMNS`, one row per (selected) row
        of ``result.table`` in its order. ``deviation`` [quotas] is
        ``quantified - ideal``; ``reasons`` holds comma-separated codes: the
        quantified reason (``exact``, ``rounded_up``, ``rounded_down``,
        ``floor``, ``ceiling``, ``change_cap_up``, ``change_cap_down``,
        ``staff``: raised to keep staff on board because the turnover pool ran
        out, ``balance``: moved to keep the kind's sum while other streets are
        held by their limits), then the turnover reason if any
        (``turnover_staff``, ``turnover_cap``, ``turnover``).
    """
    code = check_lang(lang)
    texts = {key: label(key, code) for key in _WHY_KEYS}
    joiner = "" if code == "zh" else " "
    facts = _collect_facts(result, only)
    own: dict[tuple[str, str], set[str]] = {}
    diagnostics = result.diagnostics
    for kind, street, constraint in zip(
        diagnostics["kind"].astype(str),
        diagnostics["street"].fillna("").astype(str),
        diagnostics["constraint"].astype(str),
        strict=True,
    ):
        own.setdefault((kind, street), set()).add(constraint)
    kinds = {str(r["kind"]): r for r in result.kinds.to_dict(orient="records")}
    names = {kind: kind_label(kind, code) for kind in {f.kind for f in facts}}
    exhausted: dict[str, bool] = {}
    pools: dict[str, int | None] = {}
    for kind, row in kinds.items():
        pool = _int_or_none(row.get("turnover_pool"))
        used = _int_or_none(row.get("turnover_used"))
        exhausted[kind] = pool is not None and used is not None and used >= pool
        pools[kind] = _int_or_none(row.get("quantified"))
    no_limits: set[str] = set()
    reasons_of: list[str] = []
    text_of: list[str] = []
    for f in facts:
        reasons = [
            _quantified_reason(
                f, own.get((f.kind, f.street), no_limits), exhausted.get(f.kind, False)
            )
        ]
        turnover = _turnover_reason(f)
        if turnover is not None:
            reasons.append(turnover)
        reasons_of.append(",".join(reasons))
        text_of.append(_explain_one(f, reasons, pools.get(f.kind), texts, names[f.kind], joiner))
    ideal = np.array([f.ideal for f in facts], dtype=float)
    quantified = np.array([f.quantified for f in facts], dtype=float)
    current = [f.current for f in facts]
    frame = pd.DataFrame(
        {
            "street": pd.array([f.street for f in facts], dtype="string"),
            "kind": pd.array([f.kind for f in facts], dtype="string"),
            "score": np.array([f.score for f in facts], dtype=float),
            "base": pd.array([f.base for f in facts], dtype="Int64"),
            "ideal": ideal,
            "quantified": pd.array([f.quantified for f in facts], dtype="Int64"),
            "deviation": np.round(quantified - ideal, 4),
            "turnover": pd.array([f.turnover for f in facts], dtype="Int64"),
            "total": pd.array([f.total for f in facts], dtype="Int64"),
            "current": pd.array(current, dtype="Int64"),
            "change": pd.array(
                [None if c is None else f.total - c for f, c in zip(facts, current, strict=True)],
                dtype="Int64",
            ),
            "onboard": pd.array([f.onboard for f in facts], dtype="Int64"),
            "reasons": pd.array(reasons_of, dtype="string"),
            "text": pd.array(text_of, dtype="string"),
        }
    )
    return frame.loc[:, list(EXPLANATION_COLUMNS)]
