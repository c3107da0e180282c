"""Numbers and constraints in words: formatting, binding constraints, "why this number".

Everything here renders :mod:`quota.results` in one language through the
message catalog (:mod:`quota.locale`); the metrics themselves are
computed in :mod:`quota.results.fairness`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from quota.locale import check_lang, column_labels, kind_label, label
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


# --------------------------------------------------------------------------
# Diagnostics in words: every sentence comes from the message catalog and the
# row's values (quota.results.tables); nothing here reads the English detail.
# --------------------------------------------------------------------------

#: catalog keys of the diagnostics' own sentences (``detail``) that are one message
_DETAIL_KEYS: Mapping[str, str] = {
    "floor": "diag.floor",
    "ceiling": "diag.ceiling",
    "change_cap_up": "diag.change_cap_up",
    "change_cap_down": "diag.change_cap_down",
    "turnover": "diag.turnover",
    "no_dismissal": "cons.detail.no_dismissal",
    "moved": "cons.detail.moved",
    "turnover_pool": "diag.turnover_pool",
    "tie": "cons.detail.tie",
    "quota_rule": "cons.detail.quota_rule",
    "wisn_shortage": "cons.detail.wisn_shortage",
}


def diagnostic_values(values: object) -> dict[str, Any] | None:
    """The ``values`` of one diagnostics row as a dict: None when the row has none.

    ``Result.diagnostics["values"]`` holds JSON text; a mapping is taken as it is.
    """
    if isinstance(values, Mapping):
        return dict(values)
    if isinstance(values, str) and values:
        loaded = json.loads(values)
        if not isinstance(loaded, dict):
            raise ValueError(f"diagnostics values must be a JSON object, not {values!r}")
        return loaded
    return None


def _detail_weights(v: Mapping[str, Any], lang: str) -> str:
    if v["method"] == "wisn-target":
        return label("diag.weights.wisn-target", lang)
    parts = [label("diag.weights", lang).format(method=v["method"])]
    shares: Mapping[str, float] = v.get("shares") or {}
    if shares:
        share = label("diag.weights.share", lang)
        parts.append(
            label("diag.plus", lang).join(
                share.format(method=m, share=x) for m, x in shares.items()
            )
        )
    if "cr" in v:
        verdict = "diag.weights.cr_ok" if v["cr"] <= 0.1 else "diag.weights.cr_forced"
        parts.append(
            label("diag.weights.ahp", lang).format(
                lambda_max=v["lambda_max"],
                ci=v["ci"],
                ri=v["ri"],
                cr=v["cr"],
                verdict=label(verdict, lang),
            )
        )
    return label("diag.sep", lang).join(parts)


def _detail_weight(v: Mapping[str, Any], lang: str) -> str:
    text = label("diag.weight", lang).format(**v)
    for figure in ("entropy", "information"):
        if figure in v:
            text += label(f"diag.weight.{figure}", lang).format(**v)
    return text


def _detail_apportionment(v: Mapping[str, Any], lang: str) -> str:
    engine = (
        str(v["engine"])
        if v["classical"]
        else label("diag.apportionment.program", lang).format(
            objective=v["objective"], engine=v["engine"]
        )
    )
    if v["lower"] and v["upper"]:
        verdict = label("diag.apportionment.holds", lang)
    else:
        failed = label("diag.apportionment.and", lang).join(
            label(f"diag.apportionment.{bound}", lang)
            for bound in ("lower", "upper")
            if not v[bound]
        )
        verdict = label("diag.apportionment.fails", lang).format(failed=failed)
    ties = ""
    if v["classical"]:
        ties = (
            label("diag.apportionment.ties", lang).format(n=v["ties"])
            if v["ties"]
            else label("diag.apportionment.no_ties", lang)
        )
    return label("diag.apportionment", lang).format(engine=engine, verdict=verdict, ties=ties)


def _detail_wisn(v: Mapping[str, Any], lang: str) -> str:
    text = label("diag.wisn", lang).format(**v)
    if "onboard" in v:
        text += label("diag.wisn_onboard", lang).format(**v)
    return text


def _text_weights(v: Mapping[str, Any], lang: str) -> str:
    try:
        method = label(f"report.weights.{v['method']}", lang)
    except KeyError:
        method = str(v["method"])
    text = label("cons.detail.weights", lang).format(method=method)
    if "cr" in v:
        text += label("report.weights.cr", lang).format(cr=f"{v['cr']:.4f}")
    return text


def _text_weight(v: Mapping[str, Any], lang: str) -> str:
    name = str(v["indicator"])
    return label("cons.detail.weight", lang).format(
        indicator=column_labels([name], lang)[name],
        weight=v["weight"],
        transform=label(f"report.transform.{v['transform']}", lang),
    )


def _text_apportionment(v: Mapping[str, Any], lang: str) -> str:
    key = "cons.detail.quota_rule_holds" if not v["outside"] else "cons.detail.quota_rule_fails"
    return label(key, lang).format(engine=v["engine"], n=v["outside"])


#: decimals of the allocation table's ``ideal`` (quota.results.tables.summarize_allocation)
_TABLE_IDEAL_DECIMALS = 4


def _text_ideal(key: str) -> Callable[[Mapping[str, Any], str], str]:
    """A sentence that shows the exact quota as the allocation table does (4 decimals)."""

    def render(v: Mapping[str, Any], lang: str) -> str:
        ideal = float(np.round(float(v["ideal"]), _TABLE_IDEAL_DECIMALS))
        return label(key, lang).format(**{**v, "ideal": ideal})

    return render


def _text_wisn(v: Mapping[str, Any], lang: str) -> str:
    shown = {**v, "use": label(f"wisn.use.{v['use']}", lang)}
    text = label("cons.detail.wisn", lang).format(**shown)
    if "onboard" in v:
        text += label("cons.detail.wisn_onboard", lang).format(**shown)
    return text


_DETAIL_COMPOSED: Mapping[str, Callable[[Mapping[str, Any], str], str]] = {
    "weights": _detail_weights,
    "weight": _detail_weight,
    "apportionment": _detail_apportionment,
    "wisn": _detail_wisn,
}

_TEXT_COMPOSED: Mapping[str, Callable[[Mapping[str, Any], str], str]] = {
    "moved": _text_ideal("cons.detail.moved"),
    "quota_rule": _text_ideal("cons.detail.quota_rule"),
    "weights": _text_weights,
    "weight": _text_weight,
    "apportionment": _text_apportionment,
    "wisn": _text_wisn,
}

#: diagnostics codes this module renders (every code of quota.results.tables.DIAGNOSTICS_CODES)
RENDERED_CODES: frozenset[str] = frozenset(_DETAIL_KEYS) | frozenset(_DETAIL_COMPOSED)


def _check_code(constraint: str) -> None:
    if constraint not in RENDERED_CODES:
        raise KeyError(f"no message for the diagnostics code {constraint!r}")


def render_detail(constraint: str, values: Mapping[str, Any] | str, lang: str = "en") -> str:
    """The diagnostics' own sentence for one row, from its code and values.

    ``Result.diagnostics["detail"]`` is this sentence in English. Codes among
    the values (weight methods, transforms, engines, indicator columns) stay
    codes; :func:`render_diagnostic` gives the report's wording.

    Raises
    ------
    KeyError
        If the code is not one of :data:`RENDERED_CODES` or a value its
        message needs is missing.
    """
    code = check_lang(lang)
    _check_code(constraint)
    v = diagnostic_values(values) or {}
    if "more" in v:
        return label("cons.detail.more", code).format(n=v["more"])
    composed = _DETAIL_COMPOSED.get(constraint)
    if composed is not None:
        return composed(v, code)
    return label(_DETAIL_KEYS[constraint], code).format(**v)


def render_diagnostic(constraint: str, values: Mapping[str, Any] | str, lang: str = "zh") -> str:
    """One diagnostics row in words as the report and the workbook show it.

    Built from the code and the row's values only, through the message
    catalog (``cons.detail.<code>``); codes among the values are shown by
    their display names in ``lang``.

    Raises
    ------
    KeyError
        As :func:`render_detail`.
    """
    code = check_lang(lang)
    _check_code(constraint)
    v = diagnostic_values(values) or {}
    if "more" in v:
        return label("cons.detail.more", code).format(n=v["more"])
    composed = _TEXT_COMPOSED.get(constraint)
    if composed is not None:
        return composed(v, code)
    return label(f"cons.detail.{constraint}", code).format(**v)


def render_details(diagnostics: pd.DataFrame) -> pd.DataFrame:
    """Diagnostics with ``detail`` rendered in English from ``constraint`` and ``values``.

    Returns a new frame with the columns ``kind, street, constraint, detail,
    values`` first; a row without values keeps the detail it has (empty when
    it has none).
    """
    frame = diagnostics.copy()
    if "detail" not in frame.columns:
        frame["detail"] = ""
    details = []
    for constraint, values, detail in zip(
        frame["constraint"].astype(str), frame["values"], frame["detail"], strict=True
    ):
        parsed = diagnostic_values(values)
        details.append(
            str(detail if isinstance(detail, str) else "")
            if parsed is None
            else render_detail(constraint, parsed, "en")
        )
    frame["detail"] = pd.Series(details, index=frame.index, dtype=frame["constraint"].dtype)
    first = ["kind", "street", "constraint", "detail", "values"]
    return frame.loc[:, first + [c for c in frame.columns if c not in first]]


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
        the kind's and the constraint's display names and the row in words
        in ``lang`` (:func:`render_diagnostic`, from the row's ``values``;
        codes this module does not know, and rows without values, keep the
        diagnostics' own detail). Rows are grouped by kind in the order of
        ``result.kinds``, in diagnostics order within a kind.
    """
    code = check_lang(lang)
    kinds = [str(k) for k in result.kinds["kind"]]
    diagnostics = result.diagnostics
    if only_binding:
        diagnostics = diagnostics.loc[diagnostics["constraint"].isin(BINDING_CONSTRAINTS)]
    order = {kind: i for i, kind in enumerate(kinds)}
    diagnostics = diagnostics.sort_values(
        by="kind", key=lambda s: s.astype(str).map(order).fillna(len(order)), kind="stable"
    )
    if limit is not None:
        diagnostics = diagnostics.iloc[:limit]
    rows = []
    for record in diagnostics.to_dict(orient="records"):
        kind, street = str(record["kind"]), str(record["street"] or "")
        constraint, detail = str(record["constraint"]), str(record["detail"])
        values = diagnostic_values(record.get("values"))
        text = (
            render_diagnostic(constraint, values, code)
            if values is not None and constraint in RENDERED_CODES
            else detail
        )
        rows.append(
            {
                "kind": kind,
                "street": street,
                "constraint": constraint,
                "detail": detail,
                "kind_label": kind_label(kind, code),
                "constraint_label": constraint_label(constraint, code),
                "text": text,
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
