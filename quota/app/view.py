"""What the meeting page shows, built from a solved state, in one language.

Pure data (lists and dicts ready for a table, ECharts options, sentences): the
page (:mod:`quota.app.page`) only hands them to its elements, and the tests
and the benchmark build them without a browser. Charts are ECharts options
(the library ships inside NiceGUI and draws in the browser), so a change costs
the server a few hundred numbers instead of a picture.

Above :data:`AGGREGATE_ABOVE` streets in a kind the table lists a selection
(the decided streets, those the meeting moved most, the largest cuts against
current quotas, and any street searched for by name) and sums per province or
city; the totals row always covers every street.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from quota._typing import IntArray
from quota.app.charts import ZOOM_STREETS, share_points, shares_chart, stack_chart
from quota.app.state import Meeting, Solved
from quota.errors import Msg
from quota.locale import LABELS, kind_label, label
from quota.methods.weights import method_name
from quota.results.decisions import DecisionEffect
from quota.results.fairness import compute_fairness
from quota.results.tables import summarize_allocation

#: streets of a kind above which the table shows a selection and group sums
AGGREGATE_ABOVE = 2000
#: streets of a kind above which the charts show groups (or a sample) instead of streets
CHART_STREETS = 300
#: length of each list of the selection
TOP_N = 15
#: most streets a search lists
SEARCH_LIMIT = 50
#: points of the shares chart above CHART_STREETS streets without a group column
SAMPLE_POINTS = 1500
#: most groups charted
MAX_GROUPS = 32
#: columns the large views are summed by, in order of preference
GROUP_COLUMNS: tuple[str, ...] = ("province", "city")


@dataclass(frozen=True)
class KindView:
    """One kind on the page: table, totals, charts, fairness, weights."""

    kind: str
    title: str
    columns: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    total_row: dict[str, Any]
    balance: str
    split: str
    aggregated: bool
    note: str
    groups: list[dict[str, Any]]
    group_columns: list[dict[str, Any]]
    stack: dict[str, Any]
    shares: dict[str, Any]
    fairness: list[dict[str, Any]]
    fairness_columns: list[dict[str, Any]]
    weights: list[dict[str, Any]]
    #: streets total + district reserve == pool, checked on the solution
    adds_up: bool


@dataclass(frozen=True)
class MeetingView:
    """The whole page: every kind, the decisions and who paid, the problem if any."""

    kinds: dict[str, KindView]
    decisions: list[dict[str, Any]]
    problem: list[str]
    changes: int
    seconds: float
    status: str
    notes: list[str] = field(default_factory=list)


def signed(value: int | None) -> str:
    """``+3``, ``-2``, ``0``; an empty text for no value."""
    if value is None:
        return ""
    return f"{int(value):+d}" if value else "0"


def _column(name: str, text: str, align: str = "right") -> dict[str, Any]:
    return {"name": name, "label": text, "field": name, "align": align}


def build_columns(meeting: Meeting, kind: str, lang: str) -> list[dict[str, Any]]:
    """The table's columns for ``kind``: those the kind has data for."""
    kin = meeting.solved.inputs[kind]
    columns = [_column("street", label("street", lang), "left")]
    if kin.current is not None:
        columns.append(_column("current", label("current", lang)))
    for name in ("base", "quantified", "turnover", "total"):
        columns.append(_column(name, label(name, lang)))
    if kin.current is not None:
        columns.append(_column("change", label("app.col.change", lang)))
    columns.append(_column("vs_loaded", label("app.col.vs_loaded", lang)))
    columns.append(_column("vs_saved", label("app.col.vs_saved", lang)))
    if meeting.solved.outcome is not None:
        columns.append(_column("vs_proposal", label("app.col.vs_proposal", lang)))
    if kin.onboard is not None:
        columns.append(_column("onboard", label("onboard", lang)))
        columns.append(_column("vacancy", label("vacancy", lang)))
    columns.append(_column("decided", label("app.col.decided", lang), "left"))
    return columns


@dataclass(frozen=True)
class _Numbers:
    """One kind's per-street numbers as arrays (None where the table has no such column)."""

    streets: tuple[str, ...]
    current: IntArray | None
    base: IntArray
    q: IntArray
    t: IntArray
    total: IntArray
    onboard: IntArray | None
    loaded: IntArray
    saved: IntArray
    proposal: IntArray | None


def _numbers(meeting: Meeting, solved: Solved, kind: str) -> _Numbers:
    kin = solved.inputs[kind]
    sol = solved.solutions[kind]
    outcome = solved.outcome
    return _Numbers(
        streets=kin.problem.streets,
        current=kin.current,
        base=kin.problem.base,
        q=sol.q,
        t=sol.t,
        total=solved.totals[kind],
        onboard=kin.onboard,
        loaded=meeting.first.totals[kind],
        saved=meeting.saved.totals[kind],
        proposal=None if outcome is None else outcome.auto_totals[kind],
    )


def _opt(values: IntArray | None, i: int) -> int | None:
    return None if values is None else int(values[i])


def _row(nums: _Numbers, i: int, decided: str) -> dict[str, Any]:
    total = int(nums.total[i])
    current = _opt(nums.current, i)
    onboard = _opt(nums.onboard, i)
    change = None if current is None else total - current
    vs_loaded = total - int(nums.loaded[i])
    vs_saved = total - int(nums.saved[i])
    vs_proposal = None if nums.proposal is None else total - int(nums.proposal[i])
    return {
        "i": i,
        "street": nums.streets[i],
        "current": "" if current is None else current,
        "base": int(nums.base[i]),
        "quantified": int(nums.q[i]),
        "turnover": int(nums.t[i]),
        "total": total,
        "change": signed(change),
        "change_n": change or 0,
        "vs_loaded": signed(vs_loaded),
        "vs_loaded_n": vs_loaded,
        "vs_saved": signed(vs_saved),
        "vs_saved_n": vs_saved,
        "vs_proposal": signed(vs_proposal),
        "vs_proposal_n": vs_proposal or 0,
        "onboard": "" if onboard is None else onboard,
        "vacancy": "" if onboard is None else signed(total - onboard),
        "vacancy_n": 0 if onboard is None else total - onboard,
        "decided": decided,
        "pinned": bool(decided),
        "cut": change is not None and change < 0,
    }


def _sum(values: IntArray | None) -> int | None:
    return None if values is None else int(np.asarray(values).sum())


def _total_row(nums: _Numbers, lang: str) -> dict[str, Any]:
    total = int(nums.total.sum())
    current, onboard = _sum(nums.current), _sum(nums.onboard)
    row = {
        "i": -1,
        "street": label("total_row", lang),
        "current": "" if current is None else current,
        "base": int(nums.base.sum()),
        "quantified": int(nums.q.sum()),
        "turnover": int(nums.t.sum()),
        "total": total,
        "change": "" if current is None else signed(total - current),
        "vs_loaded": signed(total - int(nums.loaded.sum())),
        "vs_saved": signed(total - int(nums.saved.sum())),
        "vs_proposal": "" if nums.proposal is None else signed(total - int(nums.proposal.sum())),
        "onboard": "" if onboard is None else onboard,
        "vacancy": "" if onboard is None else signed(total - onboard),
        "decided": "",
    }
    return {**row, "change_n": 0, "vs_loaded_n": 0, "vs_saved_n": 0, "pinned": False, "cut": False}


def decided_words(solved: Solved, kind: str, lang: str) -> dict[int, str]:
    """Street row -> its decision in words (核定55名), for the decided streets of ``kind``."""
    outcome = solved.outcome
    if outcome is None:
        return {}
    return {t.index: t.words().render(lang) for t in outcome.targets if t.kind == kind}


def select_rows(nums: _Numbers, pinned: set[int], search: str | None = None) -> list[int]:
    """The rows a large table lists: decided, moved most by the meeting, cut most, searched."""
    n = len(nums.streets)
    order = np.arange(n)
    moved = nums.total - nums.loaded
    chosen = dict.fromkeys(sorted(pinned))
    by_move = order[np.lexsort((order, -np.abs(moved)))]
    chosen.update(dict.fromkeys(int(i) for i in by_move[:TOP_N] if moved[i] != 0))
    if nums.current is not None:
        change = nums.total - nums.current
        by_cut = order[np.lexsort((order, change))]
        chosen.update(dict.fromkeys(int(i) for i in by_cut[:TOP_N] if change[i] < 0))
    if search:
        chosen.update(dict.fromkeys(find_streets(nums.streets, search)))
    return list(chosen)


def find_streets(streets: tuple[str, ...], text: str, limit: int = SEARCH_LIMIT) -> list[int]:
    """Rows whose street name contains ``text`` (case-insensitive), at most ``limit``."""
    needle = text.strip().casefold()
    if not needle:
        return []
    found = [i for i, name in enumerate(streets) if needle in name.casefold()]
    return found[:limit]


def group_column(meeting: Meeting) -> str | None:
    """The first of :data:`GROUP_COLUMNS` the street table has values in, if any."""
    frame = meeting.table.frame
    for column in GROUP_COLUMNS:
        if column in frame.columns and frame[column].notna().any():
            return column
    return None


def _group_frame(meeting: Meeting, nums: _Numbers) -> tuple[str, pd.DataFrame] | None:
    group = group_column(meeting)
    if group is None:
        return None
    frame = pd.DataFrame(
        {
            "group": meeting.table.frame[group].astype(str).to_numpy(),
            "streets": 1,
            "base": nums.base,
            "quantified": nums.q,
            "turnover": nums.t,
            "total": nums.total,
            "loaded": nums.loaded,
            "current": nums.current if nums.current is not None else 0,
        }
    )
    sums = frame.groupby("group", sort=False).sum()
    return group, sums


def _group_rows(sums: pd.DataFrame, has_current: bool) -> list[dict[str, Any]]:
    rows = []
    for name, row in sums.iterrows():
        total = int(row["total"])
        rows.append(
            {
                "group": str(name),
                "streets": int(row["streets"]),
                "total": total,
                "change": signed(total - int(row["current"])) if has_current else "",
                "vs_loaded": signed(total - int(row["loaded"])),
            }
        )
    return rows


def _group_columns(group: str, lang: str) -> list[dict[str, Any]]:
    return [
        _column("group", label(group, lang) if group in LABELS else group, "left"),
        _column("streets", label("streets", lang)),
        _column("total", label("total", lang)),
        _column("change", label("app.col.change", lang)),
        _column("vs_loaded", label("app.col.vs_loaded", lang)),
    ]


def _charts(
    meeting: Meeting, solved: Solved, kind: str, nums: _Numbers, lang: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    score = np.asarray(solved.inputs[kind].score, dtype=float)
    entitled = (nums.base + nums.q).astype(float)
    if len(nums.streets) <= CHART_STREETS:
        names = list(nums.streets)
        parts = {
            "base": nums.base.tolist(),
            "quantified": nums.q.tolist(),
            "turnover": nums.t.tolist(),
        }
        points, shown = share_points(names, score, entitled)
        return stack_chart(names, parts, lang), shares_chart(points, shown, lang)
    grouped = _group_frame(meeting, nums)
    if grouped is not None:
        group, sums = grouped
        sums = sums.sort_values("total", ascending=False, kind="stable").head(MAX_GROUPS)
        names = [str(g) for g in sums.index]
        parts = {p: sums[p].astype(int).tolist() for p in ("base", "quantified", "turnover")}
        frame = pd.DataFrame(
            {"g": meeting.table.frame[group].astype(str), "s": score, "e": entitled}
        )
        by = frame.groupby("g", sort=False).sum().loc[names]
        points, shown = share_points(names, by["s"].to_numpy(), by["e"].to_numpy())
        return stack_chart(names, parts, lang), shares_chart(points, shown, lang)
    step = max(1, len(nums.streets) // SAMPLE_POINTS)
    order = np.argsort(-nums.total, kind="stable")[:ZOOM_STREETS]
    names = [nums.streets[i] for i in order]
    parts = {
        "base": nums.base[order].tolist(),
        "quantified": nums.q[order].tolist(),
        "turnover": nums.t[order].tolist(),
    }
    all_points, shown = share_points(list(nums.streets), score, entitled)
    points = all_points[::step] + [p for p in all_points if p[2] in shown]
    return stack_chart(names, parts, lang), shares_chart(points, shown, lang)


def fairness_rows(solved: Solved, kind: str, lang: str) -> list[dict[str, Any]]:
    """The fairness figures of ``kind`` on both bases, ready for a table."""
    table = summarize_allocation({kind: solved.inputs[kind]}, {kind: solved.solutions[kind]})
    figures = compute_fairness(table)
    rows = []
    for _, row in figures.iterrows():
        rows.append(
            {
                "basis": label(f"report.fair.basis.{row['basis']}", lang),
                "streets": int(row["streets"]),
                "ratio": _figure(row["max_min_ratio"], "{:.2f}"),
                "gini": _figure(row["gini"], "{:.3f}"),
                "max_dev": _figure(row["max_relative_deviation"], "{:.1%}"),
                "most_loaded": _text(row["most_loaded"]),
                "least_loaded": _text(row["least_loaded"]),
                "most_deviating": _text(row["most_deviating"]),
            }
        )
    return rows


def _figure(value: Any, pattern: str) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    return pattern.format(number) if np.isfinite(number) else "—"


def _text(value: Any) -> str:
    return "—" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def fairness_columns(lang: str) -> list[dict[str, Any]]:
    """The columns of the fairness table."""
    names = {
        "basis": "report.fair.basis",
        "streets": "report.fair.streets",
        "ratio": "report.fair.ratio",
        "gini": "report.fair.gini",
        "max_dev": "report.fair.max_dev",
        "most_loaded": "report.fair.most_loaded",
        "least_loaded": "report.fair.least_loaded",
        "most_deviating": "report.fair.most_deviating",
    }
    return [
        _column(name, label(key, lang), "left" if name in ("basis",) else "right")
        for name, key in names.items()
    ]


def weight_rows(meeting: Meeting, solved: Solved, kind: str, lang: str) -> list[dict[str, Any]]:
    """Each indicator: its label, its weight as typed and as used (normalised)."""
    settings = meeting.settings(kind)
    used = solved.weights[kind].weights
    rows = []
    for column, typed in settings.typed.items():
        share = float(used[column]) if column in used.index else 0.0
        rows.append(
            {
                "indicator": column,
                "label": label(column, lang) if column in LABELS else column,
                "typed": typed,
                "normalised": share,
                "normalised_text": f"{share:.1%}",
            }
        )
    return rows


def build_kind_view(meeting: Meeting, kind: str, lang: str, search: str | None = None) -> KindView:
    """Everything the page shows about ``kind`` in the last feasible state."""
    solved = meeting.solved
    nums = _numbers(meeting, solved, kind)
    words = decided_words(solved, kind, lang)
    n = len(nums.streets)
    aggregated = n > AGGREGATE_ABOVE
    chosen = select_rows(nums, set(words), search) if aggregated else range(n)
    rows = [_row(nums, i, words.get(i, "")) for i in chosen]
    reserve = solved.reserve(kind)
    kin = solved.inputs[kind]
    pool = kin.pool
    streets_total = int(nums.total.sum())
    groups: list[dict[str, Any]] = []
    group_cols: list[dict[str, Any]] = []
    grouped = _group_frame(meeting, nums) if aggregated else None
    if grouped is not None:
        groups = _group_rows(grouped[1], nums.current is not None)
        group_cols = _group_columns(grouped[0], lang)
    stack, shares = _charts(meeting, solved, kind, nums, lang)
    return KindView(
        kind=kind,
        title=kind_label(kind, lang),
        columns=build_columns(meeting, kind, lang),
        rows=rows,
        total_row=_total_row(nums, lang),
        balance=label("app.balance", lang).format(
            streets=streets_total, reserve=reserve, pool=pool
        ),
        split=label("app.split", lang).format(
            base=int(kin.problem.base.sum()),
            quantified=kin.problem.quantified,
            turnover=kin.problem.turnover_pool,
            used=int(nums.t.sum()),
        ),
        aggregated=aggregated,
        note=label("app.aggregated", lang).format(total=n, shown=len(rows), n=TOP_N)
        if aggregated
        else "",
        groups=groups,
        group_columns=group_cols,
        stack=stack,
        shares=shares,
        fairness=fairness_rows(solved, kind, lang),
        fairness_columns=fairness_columns(lang),
        weights=weight_rows(meeting, solved, kind, lang),
        adds_up=streets_total + reserve == pool,
    )


def _payers(solved: Solved, effect: DecisionEffect, lang: str) -> str:
    """Who paid for one decision on its own: the streets it moves, and the district reserve."""
    target = effect.target
    streets = solved.inputs[target.kind].problem.streets
    payers = [
        label("app.payer", lang).format(street=streets[i], change=signed(change))
        for i, change in effect.payers[:10]
    ]
    if len(effect.payers) > 10:
        payers.append(label("app.payers_more", lang).format(n=len(effect.payers) - 10))
    # the pool is fixed: what the streets do not give up comes from the district reserve
    reserve = -(effect.total - effect.auto_total + sum(c for _, c in effect.payers))
    if target.exact and reserve:
        payers.append(label("app.payer_reserve", lang).format(change=signed(reserve)))
    if not payers:
        return label("app.nobody_paid", lang)
    return label("app.who_paid", lang) + _join(payers, lang)


def decision_rows(meeting: Meeting, lang: str) -> list[dict[str, Any]]:
    """Each decision now in force: what it says and, when solved, its cost and who paid.

    When the last change cannot be met, the decisions are listed as they stand (so
    that the one that cannot hold can be removed), without figures.
    """
    solved = meeting.solved
    outcome = solved.outcome if meeting.feasible else None
    effects = (
        {} if outcome is None else {(e.target.kind, e.target.index): e for e in outcome.effects}
    )
    rows = []
    for target in meeting.targets():
        effect = effects.get((target.kind, target.index))
        rows.append(
            {
                "number": target.number,
                "kind": target.kind,
                "index": target.index,
                "street": target.street,
                "title": label("app.decision_title", lang).format(
                    number=target.number,
                    street=target.street,
                    kind=kind_label(target.kind, lang),
                    words=target.words().render(lang),
                ),
                "detail": ""
                if effect is None
                else label("app.decision_detail", lang).format(
                    proposal=effect.auto_total,
                    total=effect.total,
                    change=signed(effect.total - effect.auto_total),
                    cost=f"{effect.cost:.2f}",
                ),
                "payers": "" if effect is None else _payers(solved, effect, lang),
                "reason": target.decision.reason or "",
            }
        )
    return rows


def _join(items: list[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def build_view(meeting: Meeting, lang: str, searches: dict[str, str] | None = None) -> MeetingView:
    """The whole page in ``lang`` (``searches``: kind -> the street name typed in its search)."""
    from quota.app.state import count_changes

    searches = searches or {}
    problem: list[str] = []
    if meeting.problem is not None:
        problem = meeting.problem.render(lang)
    kinds = {
        kind: build_kind_view(meeting, kind, lang, searches.get(kind)) for kind in meeting.kinds
    }
    changes = count_changes(meeting)
    status = label("app.status", lang).format(
        changes=changes, ms=f"{meeting.solved.seconds * 1000:.0f}"
    )
    return MeetingView(
        kinds=kinds,
        decisions=decision_rows(meeting, lang),
        problem=problem,
        changes=changes,
        seconds=meeting.solved.seconds,
        status=status,
        notes=[_render(n, lang) for n in meeting.notices],
    )


def _render(text: str | Msg, lang: str) -> str:
    return text.render(lang) if isinstance(text, Msg) else str(text)


def method_choices(meeting: Meeting, kind: str, lang: str) -> dict[str, str]:
    """The weight methods offered for ``kind``: method -> its name in ``lang``."""
    return {method: _render(method_name(method), lang) for method in meeting.settings(kind).methods}


def describe_bound(value: int | str | None, lang: str) -> str:
    """A cap or floor in words: a number, a column, or not set."""
    if value is None:
        return label("app.bound.none", lang)
    if isinstance(value, str):
        return label("app.bound.column", lang).format(column=value)
    return str(value)
