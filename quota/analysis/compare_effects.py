"""What one scenario changes against another: its settings, decisions and their effects.

:func:`diff_scenarios` lists the settings that differ (dotted keys, old and new
values), :func:`describe_setting_key` names a key in words,
:func:`describe_effects` says in sentences how each kind's split and streets
change and which constraints start or stop binding (in the report's language),
and :func:`build_decision_table` puts the scenarios' committee decisions side
by side. :func:`build_change_sections` and :func:`build_decision_section` are
the report's sections of what changed and why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.analysis.compare_table import SUMMARY_MEASURES, build_compare_table
from quota.locale import check_lang, column_labels, kind_label, label
from quota.outputs.document import Cell, Table
from quota.outputs.text import constraint_label, format_quotas, format_signed
from quota.results.fairness import BINDING_CONSTRAINTS

if TYPE_CHECKING:
    from quota.analysis.compare import Comparison, ScenarioRun
    from quota.config.schema import Scenario
    from quota.model.decisions import Target
    from quota.results.result import Result

#: scenario keys that name or locate a scenario rather than set it (not diffed)
IGNORED_KEYS: frozenset[str] = frozenset({"name", "title", "source"})
#: streets named per list of largest gains or cuts in the summary
TOP_STREETS = 3
#: most constraint changes listed per scenario and direction
MAX_CONSTRAINT_CHANGES = 10


def flatten_settings(value: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten nested mappings into ``dotted.key -> value`` (lists stay values)."""
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(flatten_settings(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: value}


def diff_scenarios(first: Scenario, other: Scenario) -> list[tuple[str, Any, Any]]:
    """Return the settings in which two resolved scenarios differ.

    Parameters
    ----------
    first, other : Scenario
        Resolved scenarios (after ``extends``).

    Returns
    -------
    list of (str, object, object)
        ``(dotted key, value in first, value in other)`` for every setting
        that differs, in the order of the first scenario's keys and then the
        other's new keys; a setting one of them lacks has None there. Names,
        titles and source files (:data:`IGNORED_KEYS`) are not compared.
    """
    a = flatten_settings(
        {k: v for k, v in first.model_dump(mode="json").items() if k not in IGNORED_KEYS}
    )
    b = flatten_settings(
        {k: v for k, v in other.model_dump(mode="json").items() if k not in IGNORED_KEYS}
    )
    keys = list(dict.fromkeys([*a, *b]))
    return [(key, a.get(key), b.get(key)) for key in keys if a.get(key) != b.get(key)]


def format_setting(value: Any, lang: str = "zh", key: str = "") -> str:
    """A scenario setting as text (``–`` when not set).

    The committee's decisions (``key`` ``decisions``) are counted, "2项" ("无"
    without any); the decisions themselves are listed side by side by
    :func:`build_decision_table`.
    """
    if value is None:
        return label("cmp.unset", lang)
    if key == "decisions" and isinstance(value, list):
        if not value:
            return label("cmp.none", lang)
        return label("cmp.decision_count", lang).format(n=len(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_SETTING_LABELS: dict[str, str] = {
    "pool": "report.param.pool",
    "turnover_share": "turnover_share",
    "base": "report.param.base",
    "weights": "report.param.weights",
    "floor": "report.param.floor",
    "ceiling": "report.param.ceiling",
    "max_change": "report.param.max_change",
    "workload": "report.param.workload",
    "current": "current",
    "onboard": "onboard",
    "method": "method",
    "objective": "objective",
    "data": "xlsx.data",
    "constraints": "cmp.constraints",
    "no_dismissal": "no_dismissal",
    "solver": "report.param.engine",
    "decisions": "cmp.decisions",
}


def describe_setting_key(key: str, lang: str = "zh") -> str:
    """A dotted scenario key in words, with the key itself in brackets.

    ``kinds.admin.pool`` becomes "行政编制 · 编制总量 (kinds.admin.pool)";
    ``kinds.admin.indicators.population`` names the indicator; keys without a
    label are shown as they are.
    """
    code = check_lang(lang)
    parts = key.split(".")
    words: list[str] = []
    if parts[0] == "kinds" and len(parts) >= 3:
        words.append(kind_label(parts[1], code))
        rest = parts[2:]
        if rest[0] == "indicators" and len(rest) >= 2:
            shown = column_labels([rest[1]], code)[rest[1]]
            words.append(label("cmp.weight_of", code).format(name=shown))
        elif rest[0] in _SETTING_LABELS:
            words.append(label(_SETTING_LABELS[rest[0]], code))
    elif parts[0] in _SETTING_LABELS:
        words.append(label(_SETTING_LABELS[parts[0]], code))
        if len(parts) > 1 and parts[1] in _SETTING_LABELS:
            words.append(label(_SETTING_LABELS[parts[1]], code))
    if not words:
        return key
    return label("cmp.setting_key", code).format(words=" · ".join(words), key=key)


def _binding_set(result: Result) -> dict[tuple[str, str, str], None]:
    d = result.diagnostics
    keep = d.loc[d["constraint"].isin(BINDING_CONSTRAINTS)]
    return dict.fromkeys(
        zip(
            keep["kind"].astype(str),
            keep["street"].fillna("").astype(str),
            keep["constraint"].astype(str),
            strict=True,
        )
    )


def _split_sentence(kind: str, ra: Mapping[Any, Any], rb: Mapping[Any, Any], code: str) -> str:
    """How one kind's split (pool, base, quantified, turnover, ...) changes, or that it does not."""
    shown = kind_label(kind, code)
    changes = [
        label("cmp.measure_change", code).format(
            measure=label(f"report.col.{m}", code),
            old=format_quotas(ra[m]),
            new=format_quotas(rb[m]),
            delta=format_signed(float(rb[m]) - float(ra[m])),
        )
        for m in SUMMARY_MEASURES
        if ra[m] != rb[m]
    ]
    if not changes:
        return label("cmp.split_same", code).format(kind=shown)
    return label("cmp.split", code).format(
        kind=shown, changes=label("xlsx.list_sep", code).join(changes)
    )


def _streets_sentence(kind: str, part: pd.DataFrame, diff: str, code: str) -> str:
    """How many of one kind's streets gain and lose, and the largest gains and cuts."""
    shown = kind_label(kind, code)
    delta = pd.to_numeric(part[diff], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    names = part["street"].astype(str).to_numpy()
    gains, cuts = int(np.sum(delta > 0)), int(np.sum(delta < 0))
    if gains == 0 and cuts == 0:
        return label("cmp.streets_same", code).format(kind=shown)
    order = np.argsort(-np.nan_to_num(delta), kind="stable")
    top = [f"{names[i]} {format_signed(delta[i])}" for i in order[:TOP_STREETS] if delta[i] > 0]
    bottom = [
        f"{names[i]} {format_signed(delta[i])}" for i in order[::-1][:TOP_STREETS] if delta[i] < 0
    ]
    sep = label("xlsx.list_sep", code)
    return label("cmp.streets", code).format(
        kind=shown,
        gains=gains,
        cuts=cuts,
        same=int(np.sum(delta == 0)),
        top=sep.join(top) or label("cmp.none", code),
        bottom=sep.join(bottom) or label("cmp.none", code),
    )


def _binding_sentences(a: Result, b: Result, code: str) -> list[str]:
    """The constraints that start binding, then those that stop."""
    sentences: list[str] = []
    before, after = _binding_set(a), _binding_set(b)
    for key, items in (
        ("cmp.binding_new", [k for k in after if k not in before]),
        ("cmp.binding_gone", [k for k in before if k not in after]),
    ):
        if not items:
            continue
        listed = [
            f"{kind_label(k, code)} {s or label('report.district', code)} {constraint_label(c, code)}"
            for k, s, c in items[:MAX_CONSTRAINT_CHANGES]
        ]
        more = len(items) - len(listed)
        text = label("xlsx.list_sep", code).join(listed)
        if more:
            text += label("cmp.more", code).format(n=more)
        sentences.append(label(key, code).format(items=text))
    return sentences


def describe_effects(first: ScenarioRun, other: ScenarioRun, lang: str = "zh") -> list[str]:
    """Sentences on what a scenario changes against the first one.

    Per kind: the split (pool, base, quantified, turnover, reserve, streets'
    total) where it differs, how many streets gain and lose and the largest
    gains and cuts; then the constraints that start or stop binding.
    """
    code = check_lang(lang)
    a, b = first.result, other.result
    if a is None or b is None:
        return []
    sentences: list[str] = []
    table = build_compare_table([first, other])
    diff = f"diff_{other.name}"
    kinds_a = {str(r["kind"]): r for r in a.kinds.to_dict(orient="records")}
    kinds_b = {str(r["kind"]): r for r in b.kinds.to_dict(orient="records")}
    for kind in dict.fromkeys([*kinds_a, *kinds_b]):
        ra, rb = kinds_a.get(kind), kinds_b.get(kind)
        if ra is None or rb is None:
            sentences.append(label("cmp.kind_only", code).format(kind=kind_label(kind, code)))
            continue
        sentences.append(_split_sentence(kind, ra, rb, code))
        sentences.append(_streets_sentence(kind, table.loc[table["kind"] == kind], diff, code))
    return sentences + _binding_sentences(a, b, code)


# --------------------------------------------------------------------------
# The committee's decisions side by side
# --------------------------------------------------------------------------


def _decided(run: ScenarioRun) -> dict[tuple[str, str], Target]:
    """A run's decisions by ``(kind, street)`` (one each once resolved)."""
    outcome = run.result.decisions if run.result is not None else None
    if outcome is None:
        return {}
    return {(t.kind, t.street): t for t in outcome.targets}


def _joined_words(
    targets: Sequence[Target | None], titles: Sequence[str], part: str, lang: str
) -> str:
    """The reasons (``part="reason"``) or sources of one row's decisions.

    One text when every scenario that gives one gives the same, else each with
    its scenario's title.
    """
    given = [
        (title, str(getattr(t.decision, part)).strip())
        for t, title in zip(targets, titles, strict=True)
        if t is not None and getattr(t.decision, part)
    ]
    texts = list(dict.fromkeys(text for _, text in given if text))
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return label("cmp.decision_sep", lang).join(
        label("cmp.decision_by_scenario", lang).format(title=title, text=text)
        for title, text in given
        if text
    )


def build_decision_table(
    runs: Sequence[ScenarioRun], titles: Mapping[str, str], lang: str = "zh"
) -> Table | None:
    """The committee's decisions of every scenario side by side.

    Parameters
    ----------
    runs : sequence of ScenarioRun
        The solved scenarios, in the comparison's order.
    titles : mapping of str to str
        Name -> the title a scenario is shown by.
    lang : {"zh", "en"}
        Language of the headers and the decisions' words.

    Returns
    -------
    Table or None
        None when no scenario has a decision. Else one row per street and kind
        that any scenario decides (kinds and streets in the order of the first
        scenario that has them): the kind, the street, each scenario's decision
        in words (``核定55名``, ``不少于43名``; empty where it has none), the
        reason and the source (prefixed with the scenario's title where the
        scenarios give different ones).
    """
    code = check_lang(lang)
    solved = [run for run in runs if run.result is not None]
    decided = [_decided(run) for run in solved]
    if not any(decided):
        return None
    order: dict[tuple[str, str], None] = {}
    for run in solved:
        table = run.result.table  # type: ignore[union-attr]
        for kind, street in zip(
            table["kind"].astype(str), table["street"].astype(str), strict=True
        ):
            if any((kind, street) in d for d in decided):
                order.setdefault((kind, street))
    kinds = list(dict.fromkeys(kind for kind, _ in order))
    keys = sorted(order, key=lambda key: kinds.index(key[0]))
    shown = [titles.get(run.name, run.name) for run in solved]
    rows = []
    for kind, street in keys:
        targets = [d.get((kind, street)) for d in decided]
        cells = [Cell(kind_label(kind, code), "text"), Cell(street, "text")]
        cells += [Cell("" if t is None else t.words().render(code), "text") for t in targets]
        cells += [
            Cell(_joined_words(targets, shown, part, code), "text") for part in ("reason", "source")
        ]
        rows.append(cells)
    headers = [label("kind", code), label("street", code), *shown]
    headers += [label("cmp.decision_reason", code), label("cmp.decision_source", code)]
    return Table(headers=headers, rows=rows, note=label("cmp.decision_note", code))


# --------------------------------------------------------------------------
# The report's sections of what changed and why
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeSection:
    """What one scenario changes against the first: settings and effects.

    The committee's decisions side by side are a section of this shape too
    (:func:`build_decision_section`: the table in ``settings``, no effects).
    """

    heading: str
    settings: Table | None
    settings_none: str
    effects: list[str]


def build_change_sections(comparison: Comparison, lang: str = "zh") -> list[ChangeSection]:
    """Per later scenario: the settings changed against the first (old → new) and the effects."""
    code = check_lang(lang)
    solved = comparison.succeeded
    if len(solved) < 2:
        return []
    first = solved[0]
    titles = comparison.titles(code)
    sections = []
    for run in solved[1:]:
        changed = diff_scenarios(first.result.scenario, run.result.scenario)  # type: ignore[union-attr]
        settings = None
        if changed:
            settings = Table(
                headers=[
                    label("cmp.setting", code),
                    titles[first.name],
                    titles[run.name],
                ],
                rows=[
                    [
                        Cell(describe_setting_key(key, code), "text"),
                        Cell(format_setting(old, code, key), "text"),
                        Cell(format_setting(new, code, key), "text"),
                    ]
                    for key, old, new in changed
                ],
            )
        sections.append(
            ChangeSection(
                heading=label("cmp.against", code).format(
                    name=titles[run.name], first=titles[first.name]
                ),
                settings=settings,
                settings_none=label("cmp.settings_same", code),
                effects=describe_effects(first, run, code),
            )
        )
    return sections


def build_decision_section(comparison: Comparison, lang: str = "zh") -> ChangeSection | None:
    """The committee's decisions of every scenario side by side; None when none has any.

    A section of "what changed and why" (the decisions are why those streets
    have their numbers), see :func:`~quota.analysis.compare_effects.build_decision_table`.
    """
    code = check_lang(lang)
    table = build_decision_table(comparison.succeeded, comparison.titles(code), code)
    if table is None:
        return None
    return ChangeSection(
        heading=label("cmp.decisions", code), settings=table, settings_none="", effects=[]
    )
