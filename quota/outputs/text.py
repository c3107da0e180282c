"""Numbers and constraints in words: formatting, diagnostics and binding constraints.

Everything here renders :mod:`quota.results` in one language through the
message catalog (:mod:`quota.locale`); the metrics themselves are
computed in :mod:`quota.results.fairness`. "Why this number" is
:mod:`quota.outputs.explain`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.locale import MESSAGES, check_lang, column_labels, kind_label, label, msg
from quota.results.fairness import BINDING_CONSTRAINTS

if TYPE_CHECKING:
    from quota.results.result import Result


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
    "quota_rule": "cons.detail.quota_rule",
    "wisn_shortage": "cons.detail.wisn_shortage",
    "decision": "diag.decision",
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


def _text_note(v: Mapping[str, Any], lang: str) -> str:
    """A solver remark (a tie, a time limit): its catalog message from its key and values."""
    key = str(v["note"])
    if key not in MESSAGES:
        return key  # a remark in plain text
    return msg(key, **{k: x for k, x in v.items() if k != "note"}).render(lang)


_DETAIL_COMPOSED: Mapping[str, Callable[[Mapping[str, Any], str], str]] = {
    "tie": _text_note,
    "weights": _detail_weights,
    "weight": _detail_weight,
    "apportionment": _detail_apportionment,
    "wisn": _detail_wisn,
}

_TEXT_COMPOSED: Mapping[str, Callable[[Mapping[str, Any], str], str]] = {
    "tie": _text_note,
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
