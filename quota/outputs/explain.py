"""Why each street gets its number: a short explanation per street and kind.

The numbers come from the allocation table and the kinds' limits; the sentences
from the message catalog (``why.*`` labels of :mod:`quota.locale`), in one
language.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from quota.locale import check_lang, kind_label, label
from quota.outputs.decisions import explain_decision
from quota.outputs.text import format_quotas, format_share, format_signed
from quota.results.fairness import EXPLANATION_COLUMNS, OWN_LIMITS

if TYPE_CHECKING:
    from quota.model.problem import KindInputs
    from quota.results.result import Result

#: whole-number comparisons of ideals [quotas]
_TOLERANCE = 1e-9


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
    #: the street's row in its kind's problem (None when the kind or street is unknown)
    index: int | None = None


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
                index=index,
            )
        )
    return facts


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
    quantified_text: str | None = None,
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
        quantified_text
        or texts[f"why.q.{reasons[0]}"].format(
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
    quota (``score × Q``), how the quantified quota was reached (rounding, the
    constraint that moved it, or the committee's decision that fixed or moved
    the street's total), any turnover quotas and why, the new total
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
        held by their limits; with committee decisions ``decided``: the
        committee decided this street, ``decision``: decisions moved it from
        the proposal, see :func:`quota.outputs.decisions.explain_decision`),
        then the turnover reason if any (``turnover_staff``, ``turnover_cap``,
        ``turnover``).
    """
    code = check_lang(lang)
    texts = {key: label(key, code) for key in _WHY_KEYS}
    joiner = "" if code == "zh" else " "
    facts = _collect_facts(result, only)
    own = _own_limits(result.diagnostics)
    exhausted, pools = _kind_pools(result)
    names = {kind: kind_label(kind, code) for kind in {f.kind for f in facts}}
    no_limits: set[str] = set()
    reasons_of: list[str] = []
    text_of: list[str] = []
    for f in facts:
        reasons = [
            _quantified_reason(
                f, own.get((f.kind, f.street), no_limits), exhausted.get(f.kind, False)
            )
        ]
        decided = explain_decision(
            result.decisions,
            f.kind,
            f.index,
            quantified=f.quantified,
            total=f.total,
            lang=code,
        )
        if decided is not None:
            reasons[0] = decided[0]
        turnover = _turnover_reason(f)
        if turnover is not None:
            reasons.append(turnover)
        reasons_of.append(",".join(reasons))
        text_of.append(
            _explain_one(
                f,
                reasons,
                pools.get(f.kind),
                texts,
                names[f.kind],
                joiner,
                None if decided is None else decided[1],
            )
        )
    return _explanation_frame(facts, reasons_of, text_of)


def _own_limits(diagnostics: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """(kind, street) -> the diagnostics codes of that row (the limits that hold it)."""
    own: dict[tuple[str, str], set[str]] = {}
    for kind, street, constraint in zip(
        diagnostics["kind"].astype(str),
        diagnostics["street"].fillna("").astype(str),
        diagnostics["constraint"].astype(str),
        strict=True,
    ):
        own.setdefault((kind, street), set()).add(constraint)
    return own


def _kind_pools(result: Result) -> tuple[dict[str, bool], dict[str, int | None]]:
    """Per kind: whether its turnover pool was used up, and its quantified pool [quotas]."""
    exhausted: dict[str, bool] = {}
    pools: dict[str, int | None] = {}
    for row in result.kinds.to_dict(orient="records"):
        kind = str(row["kind"])
        pool = _int_or_none(row.get("turnover_pool"))
        used = _int_or_none(row.get("turnover_used"))
        exhausted[kind] = pool is not None and used is not None and used >= pool
        pools[kind] = _int_or_none(row.get("quantified"))
    return exhausted, pools


def _explanation_frame(
    facts: list[_StreetFacts], reasons_of: list[str], text_of: list[str]
) -> pd.DataFrame:
    """The explanations as a frame of :data:`EXPLANATION_COLUMNS`, one row per fact."""
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
