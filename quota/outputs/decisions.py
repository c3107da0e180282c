"""Committee decisions (编委会决定) in the outputs: words, tables, the manifest, "why".

The numbers come from :class:`quota.results.decisions.DecisionOutcome`
(``result.decisions``; None without decisions): the proposal (the run without
decisions) per street, each decision's cost and payers when applied alone, and
the decisions that move each street. This module turns them into what people
read, in one language:

- the ``decided`` column of ``allocation.csv`` in the output language
  (:func:`localize_decision_columns`);
- the manifest's record of each decision (:func:`describe_decisions`);
- the 决定事项 tables of the report and the workbook (:func:`build_decision_tables`);
- a line per decision in the promises (:func:`build_decision_promise_rows`);
- the causal sentence of "why this number" for a street a decision moved
  (:func:`explain_decision`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.locale import check_lang, kind_label, label
from quota.outputs.document import Cell, Table, phrase, quota_cell, signed_cell
from quota.outputs.text import format_share
from quota.results.decisions import DecisionOutcome, decision_words, totals_of

if TYPE_CHECKING:
    from quota._typing import IntArray
    from quota.model.decisions import Target
    from quota.results.levels import UnitEffect
    from quota.results.result import Result

#: columns the allocation table gains with decisions (last, in this order)
DECISION_COLUMNS: tuple[str, ...] = ("auto_total", "decided")
#: the minus sign of a street's change in "who paid" (U+2212, as printed)
MINUS = "\u2212"


# --------------------------------------------------------------------------
# allocation.csv and the manifest
# --------------------------------------------------------------------------


def localize_decision_columns(
    table: pd.DataFrame, outcome: DecisionOutcome | None, lang: str
) -> pd.DataFrame:
    """The allocation table with its ``decided`` words in ``lang`` (the table itself without).

    :func:`quota.results.decisions.add_decision_columns` writes them in
    English; the CSV speaks the output language (``核定41名`` / ``total 41``).
    Rows of a kind are in the order of its streets, as that function assumes.
    """
    code = check_lang(lang)
    if outcome is None or "decided" not in table.columns:
        return table
    out = table.copy()
    decided = out["decided"].astype(object).tolist()
    kinds = out["kind"].astype(str).to_numpy()
    for kind in outcome.auto_totals:
        for position, row in enumerate(np.flatnonzero(kinds == kind).tolist()):
            decided[row] = decision_words(outcome, kind, position, code)
    out["decided"] = pd.array(decided, dtype="string")
    return out


def describe_decisions(outcome: DecisionOutcome) -> list[dict[str, Any]]:
    """Each decision as the manifest records it: number, origin, ``--fix`` spelling, bounds.

    Returns
    -------
    list of dict
        Per decision: ``number``, ``origin`` (``scenario``, ``fix`` or
        ``workbook``), ``fix`` (the ``--fix`` spelling), ``street`` and
        ``kind`` as resolved, ``reason``, ``source``, ``from_reserve``, the
        bounds ``lower`` and ``upper`` on the street's total [quotas] (null when
        unbounded), the proposal ``auto_total`` and the written ``total``
        [quotas], and its ``cost`` alone [quotas of deviation].
    """
    effects = {e.target.number: e for e in outcome.effects}
    records = []
    for t in outcome.targets:
        effect = effects.get(t.number)
        records.append(
            {
                "number": t.number,
                "origin": t.decision.origin,
                "fix": t.spelled(),
                "street": t.street,
                "kind": t.kind,
                "reason": t.decision.reason,
                "source": t.decision.source,
                "from_reserve": t.decision.from_reserve,
                "lower": t.lower,
                "upper": t.upper,
                "auto_total": None if effect is None else effect.auto_total,
                "total": None if effect is None else effect.total,
                "cost": None if effect is None else round(effect.cost, 9),
            }
        )
    return records


def decision_manifest(result: Result) -> dict[str, Any]:
    """``{"decisions": [...]}`` for the manifest with decisions; ``{}`` without (unchanged)."""
    outcome = result.decisions
    if outcome is None:
        return {}
    return {"decisions": describe_decisions(outcome), "decisions_cost": round(outcome.cost, 9)}


# --------------------------------------------------------------------------
# the 决定事项 section and sheet
# --------------------------------------------------------------------------


def final_totals(result: Result) -> dict[str, IntArray]:
    """Each street's written total ``base + q + t``, per kind (in its streets' order)."""
    return totals_of(result.inputs, result.solutions)


def _streets(result: Result, kind: str) -> Sequence[str]:
    return result.inputs[kind].problem.streets


def describe_payers(result: Result, kind: str, payers: Sequence[tuple[int, int]], lang: str) -> str:
    """Who paid for a decision: ``西城街道 −1、南湖街道 −1`` (``无`` when nobody)."""
    if not payers:
        return label("decisions.none", lang)
    streets = _streets(result, kind)
    return label("xlsx.list_sep", lang).join(
        phrase(
            "decisions.payer",
            lang,
            street=streets[i],
            change=f"+{change}" if change > 0 else f"{MINUS}{-change}",
        )
        for i, change in payers
    )


def _text(value: str | None) -> Cell:
    return Cell(value if value else "–", "text")


def build_decision_list(result: Result, lang: str = "zh") -> Table | None:
    """One row per decision: number, street, kind, words, reason, source, origin, numbers.

    The proposal and the written total [quotas], the cost of the decision alone
    (the objective's increase over the proposal, 2 decimals, in quotas of
    deviation), the kind's largest relative deviation before and after it, and
    the streets that paid (their change against the proposal). None without
    decisions.
    """
    code = check_lang(lang)
    outcome = result.decisions
    if outcome is None:
        return None
    keys = (
        "decisions.number",
        "street",
        "kind",
        "decisions.decided",
        "decisions.reason",
        "decisions.source",
        "decisions.origin",
        "decisions.auto_total",
        "decisions.total",
        "decisions.cost",
        "decisions.deviation",
        "decisions.payers",
    )
    rows = []
    for effect in outcome.effects:
        t = effect.target
        deviation = phrase(
            "decisions.deviation_pair",
            code,
            before=format_share(effect.deviation_before, 1),
            after=format_share(effect.deviation_after, 1),
        )
        rows.append(
            [
                Cell(str(t.number)),
                Cell(t.street, "text"),
                Cell(kind_label(t.kind, code), "text"),
                Cell(t.words().render(code), "text"),
                _text(t.decision.reason),
                _text(t.decision.source),
                Cell(label(f"decisions.origin.{t.decision.origin}", code), "text"),
                quota_cell(effect.auto_total),
                quota_cell(effect.total),
                Cell(f"{effect.cost:.2f}"),
                Cell(deviation, "text"),
                Cell(describe_payers(result, t.kind, effect.payers, code), "text"),
            ]
        )
    rows += _unit_decision_rows(result, code)
    return Table(
        headers=[phrase(k, code) for k in keys],
        rows=rows,
        caption=phrase("decisions.caption.list", code),
        note=phrase("decisions.list_note", code, cost=f"{outcome.cost:.2f}"),
    )


def unit_decision_place(result: Result, effect: UnitEffect, lang: str) -> str:
    """Where a decision about an upper unit applies, in words: ``城区（区县）``."""
    from quota.outputs.level_view import level_label

    assert result.levels is not None
    level = result.levels.upper[effect.target.level]
    return phrase("decisions.unit", lang, unit=effect.target.unit, level=level_label(level, lang))


def _unit_decision_rows(result: Result, lang: str) -> list[list[Cell]]:
    """Rows of the decisions about upper units (区县, ...): the unit and its level as the street."""
    levels = getattr(result, "levels", None)
    if levels is None:
        return []
    rows = []
    for effect in levels.effects:
        t = effect.target.target
        rows.append(
            [
                Cell(str(t.number)),
                Cell(unit_decision_place(result, effect, lang), "text"),
                Cell(kind_label(t.kind, lang), "text"),
                Cell(t.words().render(lang), "text"),
                _text(t.decision.reason),
                _text(t.decision.source),
                Cell(label(f"decisions.origin.{t.decision.origin}", lang), "text"),
                quota_cell(effect.auto_total),
                quota_cell(effect.total),
                Cell(f"{effect.cost:.2f}"),
                Cell("–", "text"),
                Cell("–", "text"),
            ]
        )
    return rows


def describe_causes(outcome: DecisionOutcome, cause: Sequence[int], lang: str) -> str:
    """The decisions behind a street's change: ``第1项（邾城街道）`` or 各项决定共同作用."""
    if tuple(cause) == (0,):
        return label("decisions.together", lang)
    by_number = {t.number: t for t in outcome.targets}
    return label("decisions.why.item_sep", lang).join(
        phrase("decisions.cause", lang, number=n, street=by_number[n].street)
        for n in cause
        if n in by_number
    )


def build_moved_streets(result: Result, lang: str = "zh") -> Table | None:
    """Street by street, every street whose total differs from its proposal, and why.

    None without decisions, or when no street's total differs.
    """
    code = check_lang(lang)
    outcome = result.decisions
    if outcome is None:
        return None
    final = final_totals(result)
    rows = []
    for kind, auto in outcome.auto_totals.items():
        streets = _streets(result, kind)
        causes = outcome.causes.get(kind, [])
        for i in np.flatnonzero(final[kind] != auto).tolist():
            rows.append(
                [
                    Cell(streets[i], "text"),
                    Cell(kind_label(kind, code), "text"),
                    quota_cell(int(auto[i])),
                    quota_cell(int(final[kind][i])),
                    signed_cell(int(final[kind][i] - auto[i])),
                    Cell(
                        describe_causes(outcome, causes[i] if i < len(causes) else (0,), code),
                        "text",
                    ),
                ]
            )
    if not rows:
        return None
    keys = (
        "street",
        "kind",
        "decisions.auto_total",
        "decisions.total",
        "decisions.difference",
        "decisions.because",
    )
    return Table(
        headers=[phrase(k, code) for k in keys],
        rows=rows,
        caption=phrase("decisions.caption.streets", code),
    )


def build_decision_tables(result: Result, lang: str = "zh") -> list[Table]:
    """The 决定事项 section: the decisions, then the streets they moved (empty without)."""
    return [t for t in (build_decision_list(result, lang), build_moved_streets(result, lang)) if t]


def count_moved(outcome: DecisionOutcome) -> int:
    """Streets (per kind) a decision names or moves, as the command line's summary counts them."""
    return sum(1 for rows in outcome.causes.values() for row in rows if row)


def describe_decisions_summary(result: Result, lang: str = "zh") -> str | None:
    """One sentence for the report's summary: how many decisions, their cost; None without."""
    outcome = result.decisions
    if outcome is None:
        return None
    levels = getattr(result, "levels", None)
    on_units = 0 if levels is None else len(levels.effects)
    return phrase(
        "decisions.summary",
        check_lang(lang),
        count=len(outcome.targets) + on_units,
        cost=f"{outcome.cost:.2f}",
        moved=count_moved(outcome),
    )


def _holds(target: Target, total: int) -> bool:
    low = target.lower if target.lower is not None else total
    high = target.upper if target.upper is not None else total
    return low <= total <= high


def build_decision_promise_rows(result: Result, lang: str = "zh") -> list[list[str]]:
    """Per decision a promise row: ``决定已执行：邾城街道行政编制核定55名`` — ``结果55名 ✓``.

    The mark is checked here on the written totals (✓ when the total lies within
    the decision's bounds, ✗ otherwise; the pipeline refuses to write a result
    whose decisions do not hold, so ✗ is never printed by ``quota run``).
    Columns as :func:`quota.outputs.report_tables.build_promise_rows`.
    """
    code = check_lang(lang)
    outcome = result.decisions
    if outcome is None:
        return []
    final = final_totals(result)
    rows = []
    for t in outcome.targets:
        total = int(final[t.kind][t.index])
        rows.append(
            [
                kind_label(t.kind, code),
                phrase(
                    "decisions.promise",
                    code,
                    street=t.street,
                    kind=kind_label(t.kind, code),
                    decided=t.words().render(code),
                ),
                phrase("promise.made", code),
                "–",
                phrase(
                    "decisions.promise_result",
                    code,
                    total=total,
                    mark="✓" if _holds(t, total) else "✗",
                ),
            ]
        )
    return rows


# --------------------------------------------------------------------------
# "why this number"
# --------------------------------------------------------------------------


def _change_words(change: int, lang: str) -> str:
    key = "decisions.why.change_more" if change > 0 else "decisions.why.change_fewer"
    return phrase(key, lang, n=abs(change))


def _explain_decided(target: Target, auto: int, total: int, quantified: int, lang: str) -> str:
    """The decided street: 编委会决定核定41名（理由：…；来源：…），较测算方案…，量化编制相应为…."""
    d = target.decision
    items = [
        phrase(f"decisions.why.{name}", lang, **{name: value})
        for name, value in (("reason", d.reason), ("source", d.source))
        if value
    ]
    if total == auto:
        versus = label("decisions.why.same", lang)
    else:
        key = "decisions.why.more" if total > auto else "decisions.why.fewer"
        versus = phrase(key, lang, auto=auto, n=abs(total - auto))
    values: dict[str, object] = {"decided": target.words().render(lang), "versus": versus}
    if not items:
        return phrase("decisions.why.decided_plain", lang, **values, q=quantified)
    details = phrase(
        "decisions.why.details", lang, items=label("decisions.why.item_sep", lang).join(items)
    )
    return phrase("decisions.why.decided", lang, **values, details=details, q=quantified)


def _listed(outcome: DecisionOutcome, numbers: Sequence[int], kind: str, lang: str) -> str:
    """The decisions named: 邾城街道核定55名、阳逻街道维持现有编制40名 (kind named when another)."""
    by_number = {t.number: t for t in outcome.targets}
    parts = []
    for n in numbers:
        t = by_number.get(n)
        if t is None:
            continue
        values = {"street": t.street, "decided": t.words().render(lang)}
        if t.kind == kind:
            parts.append(phrase("decisions.why.listed", lang, **values))
        else:
            kind_text = kind_label(t.kind, lang)
            parts.append(phrase("decisions.why.listed_kind", lang, **values, kind=kind_text))
    return label("decisions.why.list_sep", lang).join(parts)


def explain_decision(
    outcome: DecisionOutcome | None,
    kind: str,
    index: int | None,
    *,
    quantified: int,
    total: int,
    lang: str,
) -> tuple[str, str] | None:
    """Why a street a decision moved has its number, in place of the rounding sentence.

    Parameters
    ----------
    outcome : DecisionOutcome or None
        ``result.decisions``.
    kind : str
        The street's kind.
    index : int or None
        The street's row in the kind's problem.
    quantified, total : int
        The street's written quantified quotas and total [quotas].
    lang : {"zh", "en"}
        Language of the sentence.

    Returns
    -------
    (str, str) or None
        The reason code (``decided``: the committee decided this street;
        ``decision``: decisions moved it from its proposal) and the sentence;
        None for a street no decision names or moves (its explanation stays
        as it is without decisions).
    """
    if outcome is None or index is None:
        return None
    causes: Mapping[str, list[tuple[int, ...]]] = outcome.causes
    rows = causes.get(kind, [])
    cause = rows[index] if index < len(rows) else ()
    if not cause:
        return None
    auto = int(outcome.auto_totals[kind][index])
    own = [t for t in outcome.targets if t.kind == kind and t.index == index]
    if own:
        return "decided", _explain_decided(own[0], auto, total, quantified, lang)
    change = _change_words(total - auto, lang)
    if tuple(cause) == (0,):
        return "decision", phrase("decisions.why.together", lang, change=change, q=quantified)
    key = "decisions.why.moved" if len(cause) == 1 else "decisions.why.moved_many"
    decisions = _listed(outcome, cause, kind, lang)
    return "decision", phrase(key, lang, decisions=decisions, change=change, q=quantified)
