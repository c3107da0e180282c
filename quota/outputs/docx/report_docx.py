"""``report.docx``: the result of one scenario as a 请示 (or 方案) to GB/T 9704-2012.

In the order a 方案 is written: the title (关于《方案标题》的请示) and the
主送机关; an opening paragraph; 一、基本情况和原则 (the pools, the rule base +
quantified + turnover in plain words, workload, no dismissal, ties); 二、测算方法和
参数 (the method, each kind's pool, turnover share, base rule, indicators and
weights, floor, ceiling and cap, the linking share); 三、测算结果 (per kind the
split with the streets' total, who gains and who loses, the turnover quotas
given and kept, the fairness figures); 四、编委会决定事项 when the scenario has
decisions (each with its reason, source and the streets adjusted in turn); then
the promises checked on the result; the closing; and, as attachments, the
allocation table of each kind with its 合计 row and signed changes (landscape
when wider than the portrait page).

Every number comes from the :class:`~quota.results.result.Result` (its tables,
the kinds' summary, the promises and the decisions); the sentences that the
report shares are taken from :mod:`quota.outputs.summary`,
:mod:`quota.outputs.report_tables` and :mod:`quota.outputs.decisions`.

Tables longer than :data:`DOCX_MAX_STREETS` streets list the largest gains and
cuts and the decided streets (the 合计 row still covers every street), with a
note pointing to ``allocation.xlsx``: a Word attachment of 40,000 rows would be
a thousand pages nobody reads, and the workbook has them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from quota.config.schema import KIND_COLUMNS, KindConfig
from quota.errors import render
from quota.locale import check_lang, column_labels, kind_label
from quota.outputs.decisions import (
    MINUS,
    count_moved,
    describe_payers,
    final_totals,
    unit_decision_place,
)
from quota.outputs.document import Cell, Table, phrase, sum_or_none, value_cell
from quota.outputs.docx.content import (
    Attachment,
    Block,
    OfficialDocument,
    Outline,
    TableBlock,
    Text,
    document_genre,
    item_number,
    resolve_front_matter,
)
from quota.outputs.level_tables import build_level_tables, describe_level_summary
from quota.outputs.level_view import build_level_view, describe_own_staff, level_plural
from quota.outputs.report_tables import build_fairness_table, select_report_streets
from quota.outputs.summary import (
    describe_base_rule,
    describe_bound,
    describe_kind_summary,
    describe_method,
    describe_weight_method,
)
from quota.outputs.text import format_quotas, format_share, format_signed
from quota.results.promises import PROMISES

if TYPE_CHECKING:
    from quota.model.decisions import Target
    from quota.results.result import Result

#: up to this many streets of a kind the attached table lists every street
DOCX_MAX_STREETS = 300
#: streets named in a sentence before "and others"
NAMED_STREETS = 10
#: largest gains and cuts named in the result section
NAMED_CHANGES = 3
#: promises whose streets "bound" are worth saying (held with equality)
_BOUND_PROMISES = frozenset({"floor", "ceiling", "max_change", "no_dismissal"})


def _join(items: Sequence[str], lang: str) -> str:
    return phrase("docx.list_sep", lang).join(items)


def _and(items: Sequence[str], lang: str) -> str:
    """Items of a sentence: 行政编制、事业编制 / administrative and institutional."""
    if len(items) < 2:
        return "".join(items)
    return _join(list(items[:-1]), lang) + phrase("docx.and", lang) + items[-1]


def _kind_names(result: Result, lang: str) -> list[str]:
    return [kind_label(str(k), lang) for k in result.kinds["kind"]]


def _records(result: Result) -> list[dict[str, object]]:
    return [{str(k): v for k, v in r.items()} for r in result.kinds.to_dict(orient="records")]


def _part(result: Result, kind: str) -> pd.DataFrame:
    return result.table.loc[result.table["kind"].astype(str) == kind]


def _quotas(value: object) -> str:
    """Whole quotas of a record's value (``–`` when missing)."""
    return format_quotas(None if not _known(value) else float(value))  # type: ignore[arg-type]


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)  # type: ignore[call-overload]


# --------------------------------------------------------------------------
# 一、基本情况和原则
# --------------------------------------------------------------------------


def _background(result: Result, lang: str, outline: Outline) -> list[Block]:
    streets = format_quotas(result.table["street"].nunique())
    records = _records(result)
    pools = _and(
        [
            phrase(
                "docx.background.pool",
                lang,
                kind=kind_label(str(r["kind"]), lang),
                pool=_quotas(r["pool"]),
            )
            for r in records
        ],
        lang,
    )
    text = phrase("docx.background.pools", lang, pools=pools, streets=streets)
    for r in records:
        kind = kind_label(str(r["kind"]), lang)
        current, onboard = r.get("current"), r.get("onboard")
        if _known(current) and _known(onboard):
            text += phrase(
                "docx.background.current",
                lang,
                kind=kind,
                current=_quotas(current),
                onboard=_quotas(onboard),
            )
        elif _known(current):
            text += phrase(
                "docx.background.current_only", lang, kind=kind, current=_quotas(current)
            )
    blocks: list[Block] = [outline.heading(1, phrase("docx.h.background", lang)), Text(text)]
    rule = phrase("docx.background.rule", lang) + phrase("report.method.rule", lang)
    blocks.append(Text(rule))
    blocks.append(
        Text(phrase("docx.background.workload", lang, indicators=_indicator_names(result, lang)))
    )
    blocks.append(Text(_no_dismissal(result, lang)))
    blocks.append(Text(phrase("docx.background.ties", lang) + phrase("report.method.ties", lang)))
    return blocks


def _indicator_names(result: Result, lang: str) -> str:
    names: list[str] = []
    for weights in result.weights.values():
        names += [str(n) for n in weights.weights.index if str(n) not in names]
    shown = column_labels(names, lang)
    return _join([shown[n] for n in names], lang)


def _no_dismissal(result: Result, lang: str) -> str:
    if not result.scenario.constraints.no_dismissal:
        return phrase("docx.background.no_dismissal.off", lang)
    waived = [kind_label(k, lang) for k, kin in result.inputs.items() if not kin.no_dismissal]
    if waived:
        return phrase("docx.background.no_dismissal.partial", lang, kinds=_join(waived, lang))
    return phrase("docx.background.no_dismissal.on", lang)


# --------------------------------------------------------------------------
# 二、测算方法和参数
# --------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{float(value):.4f}".rstrip("0").rstrip(".") if float(value) else "0"


def _indicators(result: Result, kind: str, lang: str) -> str:
    weights = result.weights.get(kind)
    if weights is None:
        return phrase("report.none", lang)
    transforms = result.transforms.get(kind, {})
    names = [str(n) for n in weights.weights.index]
    shown = column_labels(names, lang)
    items = []
    for name, w in zip(names, weights.weights.to_numpy(dtype=float), strict=True):
        transform = transforms.get(name, "none")
        values = {"name": shown[name], "weight": _number(w)}
        if transform == "none":
            items.append(phrase("docx.param.indicator", lang, **values))
        else:
            text = phrase(f"report.transform.{transform}", lang)
            items.append(phrase("docx.param.indicator_transform", lang, **values, transform=text))
    return _join(items, lang)


def _kind_parameters(result: Result, record: dict[str, object], lang: str) -> str:
    kind = str(record["kind"])
    config: KindConfig = result.scenario.kinds[kind]
    return phrase(
        "docx.param.kind",
        lang,
        kind=kind_label(kind, lang),
        pool=_quotas(record["pool"]),
        share=format_share(config.turnover_share, 1),
        turnover=_quotas(record["turnover_pool"]),
        rule=describe_base_rule(config.base, lang),
        base=_quotas(record["base"]),
        quantified=_quotas(record["quantified"]),
        indicators=_indicators(result, kind, lang),
        weights=describe_weight_method(result, kind, lang),
        floor=describe_bound(config.floor, lang),
        ceiling=describe_bound(config.ceiling, lang),
        cap=describe_bound(config.max_change, lang),
    )


def _method(result: Result, lang: str, outline: Outline) -> list[Block]:
    items = describe_method(result, lang)
    blocks: list[Block] = [outline.heading(1, phrase("docx.h.method", lang))]
    blocks.append(Text(items[0][1], lead=outline.lead(phrase("docx.method.lead", lang))))
    blocks.append(outline.heading(2, phrase("docx.method.params", lang)))
    blocks += [Text(_kind_parameters(result, r, lang)) for r in _records(result)]
    share = [text for item, text in items if item == phrase("report.street_share", lang)]
    if share:
        blocks.append(Text(share[0], lead=outline.lead(phrase("docx.method.constraints", lang))))
    return blocks


# --------------------------------------------------------------------------
# 三、测算结果
# --------------------------------------------------------------------------


def _named(names: Sequence[str], count: int, lang: str) -> str:
    """The first :data:`NAMED_STREETS` of ``count`` items, then "and others"."""
    text = _join(list(names[:NAMED_STREETS]), lang)
    if count > NAMED_STREETS:
        text += phrase("docx.result.more", lang, n=format_quotas(count))
    return text


def _spaced(street: str) -> str:
    """A name followed by a number: a space after a name ending in a Latin letter or digit.

    ``仓埠街道3名`` reads well; ``T00031名`` would not say where the name ends.
    """
    last = street[-1:]
    return f"{street} " if last.isascii() and last.isalnum() else street


def _changes(part: pd.DataFrame, lang: str) -> str | None:
    """How many streets gain, lose, stay; the largest gains and cuts."""
    change = pd.to_numeric(part["change"], errors="coerce")
    if change.isna().all():
        return None
    values = change.fillna(0).to_numpy(dtype=float)
    streets = part["street"].astype(str).to_numpy()
    text = phrase(
        "docx.result.changes",
        lang,
        up=int((values > 0).sum()),
        down=int((values < 0).sum()),
        same=int((values == 0).sum()),
    )
    order = np.argsort(-values, kind="stable")
    for key, chosen in (
        ("docx.result.gains", [i for i in order[:NAMED_CHANGES] if values[i] > 0]),
        ("docx.result.cuts", [i for i in order[::-1][:NAMED_CHANGES] if values[i] < 0]),
    ):
        if chosen:
            names = [
                phrase(
                    "docx.result.street_change",
                    lang,
                    street=streets[i],
                    change=format_signed(values[i]).replace("-", MINUS),
                )
                for i in chosen
            ]
            text += phrase(key, lang, streets=_join(names, lang))
    return text + phrase("docx.result.end", lang)


def _turnover(result: Result, part: pd.DataFrame, record: dict[str, object], lang: str) -> str:
    turnover = pd.to_numeric(part["turnover"], errors="coerce").fillna(0).to_numpy(dtype=int)
    if not turnover.any():
        return phrase("docx.result.turnover_none", lang, turnover=_quotas(record["turnover_pool"]))
    given = np.flatnonzero(turnover > 0)
    streets = part["street"].astype(str).to_numpy()
    names = [
        phrase("docx.result.turnover_street", lang, street=_spaced(streets[i]), n=int(turnover[i]))
        for i in given[:NAMED_STREETS]
    ]
    entitled = (
        pd.to_numeric(part["base"], errors="coerce").fillna(0)
        + pd.to_numeric(part["quantified"], errors="coerce").fillna(0)
    ).to_numpy(dtype=float)
    onboard = pd.to_numeric(part["onboard"], errors="coerce").to_numpy(dtype=float)
    kin = result.inputs.get(str(record["kind"]))
    for_staff = bool(kin is not None and kin.no_dismissal) and bool(
        np.all(onboard[given] > entitled[given])
    )
    return phrase(
        "docx.result.turnover",
        lang,
        used=format_quotas(int(turnover.sum())),
        streets=_named(names, len(given), lang),
        why=phrase("docx.result.turnover_why", lang) if for_staff else "",
        reserve=_quotas(record["reserve"]),
    )


def _results(
    result: Result, lang: str, outline: Outline, attachments: Sequence[str]
) -> list[Block]:
    blocks: list[Block] = [outline.heading(1, phrase("docx.h.result", lang))]
    blocks.append(
        Text(phrase("docx.result.intro", lang, attachments=_join(list(attachments), lang)))
    )
    view = build_level_view(result)
    if view is not None:  # the chain of levels and the pool's sources, before the kinds
        blocks += [Text(sentence) for sentence in describe_level_summary(result, view, lang)]
        # which units' own figures (unit_data:) replaced the sums over their streets
        blocks += [
            Text(render(n, lang))
            for n in result.notices
            if getattr(n, "key", "").startswith("model.unit_data.")
        ]
    _, fairness = build_fairness_table(result, lang)
    kinds_in_order = [str(k) for k in result.kinds["kind"]]
    sentences = dict(zip(kinds_in_order, fairness, strict=False))
    for record in _records(result):
        kind = str(record["kind"])
        part = _part(result, kind)
        blocks.append(outline.heading(2, kind_label(kind, lang)))
        blocks.append(Text(describe_kind_summary(record, lang)))
        changes = _changes(part, lang)
        if changes:
            blocks.append(Text(changes))
        blocks.append(Text(_turnover(result, part, record, lang)))
        if kind in sentences:
            blocks.append(Text(sentences[kind]))
    return blocks


# --------------------------------------------------------------------------
# 四、编委会决定事项; the promises
# --------------------------------------------------------------------------


def _decision_text(where: str, target: Target, auto: int, total: int, lang: str) -> str:
    """One decision in words: where, kind, what, the proposal and the total, reason, source."""
    text = phrase(
        "docx.decisions.item",
        lang,
        street=where,
        kind=kind_label(target.kind, lang),
        decided=target.words().render(lang),
        auto=auto,
        total=total,
    )
    if target.decision.reason:
        text += phrase("docx.decisions.reason", lang, reason=target.decision.reason)
    if target.decision.source:
        text += phrase("docx.decisions.source", lang, source=target.decision.source)
    return text


def _decisions(result: Result, lang: str, outline: Outline) -> list[Block]:
    outcome = result.decisions
    if outcome is None:
        return []
    blocks: list[Block] = [outline.heading(1, phrase("docx.h.decisions", lang))]
    units = () if result.levels is None else result.levels.effects
    intro = phrase(
        "docx.decisions.intro",
        lang,
        count=len(outcome.targets) + len(units),
        moved=count_moved(outcome),
    )
    blocks.append(Text(intro))
    for n, effect in enumerate(outcome.effects, start=1):
        t = effect.target
        text = _decision_text(t.street, t, effect.auto_total, effect.total, lang)
        if effect.payers:
            payers = describe_payers(result, t.kind, effect.payers, lang)
            text += phrase("docx.decisions.payers", lang, payers=payers)
        blocks.append(Text(item_number(n, lang) + text))
    for n, unit_effect in enumerate(units, start=len(outcome.effects) + 1):
        place = unit_decision_place(result, unit_effect, lang)
        target = unit_effect.target.target
        text = _decision_text(place, target, unit_effect.auto_total, unit_effect.total, lang)
        blocks.append(Text(item_number(n, lang) + text))
    return blocks


def _promise_lines(result: Result, lang: str) -> tuple[list[str], list[str]]:
    """The promises made (one line each, kinds and streets bound) and those not made."""
    promises = result.promises
    if promises is None or promises.empty:
        return [], []
    made: list[str] = []
    not_made: list[str] = []
    for code in PROMISES:
        rows = promises.loc[promises["promise"] == code]
        if rows.empty:
            continue
        name = phrase(f"promise.{code}", lang)
        yes = rows.loc[rows["made"].astype(bool) & rows["checked"].astype(bool)]
        if yes.empty:
            not_made.append(name)
            continue
        kinds = [
            kind_label(str(k), lang) if str(k) else phrase("promise.all", lang) for k in yes["kind"]
        ]
        text = phrase("docx.promise.item", lang, promise=name, kinds=_join(kinds, lang))
        counts = [
            phrase("docx.promise.count", lang, kind=kind, n=int(b))
            for kind, b in zip(kinds, yes["bound"], strict=True)
            if int(b) > 0
        ]
        if code in _BOUND_PROMISES and counts:
            end = phrase("docx.result.end", lang)
            bound = phrase("docx.promise.bound", lang, counts=_join(counts, lang))
            text = text.removesuffix(end) + bound + end
        made.append(text)
    return made, not_made


def _promises(result: Result, lang: str, outline: Outline) -> list[Block]:
    made, not_made = _promise_lines(result, lang)
    lines = list(made)
    outcome = result.decisions
    if outcome is not None:
        final = final_totals(result)
        for t in outcome.targets:
            promise = phrase(
                "decisions.promise",
                lang,
                street=t.street,
                kind=kind_label(t.kind, lang),
                decided=t.words().render(lang),
            )
            total = int(final[t.kind][t.index])
            lines.append(phrase("docx.promise.decision", lang, promise=promise, total=total))
    if not lines:
        return []
    blocks: list[Block] = [outline.heading(1, phrase("docx.h.promises", lang))]
    blocks.append(Text(phrase("docx.promises.intro", lang)))
    blocks += [Text(item_number(i, lang) + line) for i, line in enumerate(lines, start=1)]
    if not_made:
        blocks.append(Text(phrase("docx.promises.not_made", lang, promises=_join(not_made, lang))))
    return blocks


# --------------------------------------------------------------------------
# 附件: the allocation table of each kind
# --------------------------------------------------------------------------


def build_attachment_table(result: Result, kind: str, lang: str = "zh") -> Table:
    """The allocation of one kind with its 合计 row over every street and signed changes.

    Columns as the report's allocation table (the proposal before the total
    with decisions); above :data:`DOCX_MAX_STREETS` streets the largest gains
    and cuts and the decided streets, with a note.
    """
    code = check_lang(lang)
    table = result.table
    columns = list(KIND_COLUMNS)
    if "auto_total" in table.columns:
        columns.insert(columns.index("total"), "auto_total")
    headers = [phrase("street", code)] + [
        phrase("decisions.auto_total" if c == "auto_total" else c, code) for c in columns
    ]
    part = _part(result, kind)
    decided = (
        {t.street for t in result.decisions.targets if t.kind == kind}
        if result.decisions
        else set()
    )
    shown = select_report_streets(part, DOCX_MAX_STREETS, decided)
    rows = [
        [Cell(str(r["street"]), "text")] + [value_cell(c, r[c]) for c in columns]
        for r in shown.to_dict(orient="records")
    ]
    total = [Cell(phrase("total_row", code), "text")] + [
        value_cell(c, sum_or_none(part[c])) for c in columns
    ]
    note = ""
    if len(shown) < len(part):
        note = phrase("docx.table.top", code, n=len(shown), total=format_quotas(len(part)))
    return Table(headers=headers, rows=rows, caption=kind_label(kind, code), total=total, note=note)


def _attachments(result: Result, lang: str) -> list[Attachment]:
    notes = [phrase("docx.table.note", lang)]
    if "auto_total" in result.table.columns:
        notes.append(phrase("docx.table.note_decisions", lang))
    attachments = []
    for kind in (str(k) for k in result.kinds["kind"]):
        table = build_attachment_table(result, kind, lang)
        block = TableBlock(table, unit=phrase("docx.unit", lang), notes=tuple(notes))
        title = phrase("docx.attachment.kind", lang, kind=kind_label(kind, lang))
        attachments.append(Attachment(title=title, blocks=(block,)))
    view = build_level_view(result)
    if view is not None:
        for level in view.upper:  # the units of each upper level
            tables = build_level_tables(view, level, lang)
            title = phrase("docx.attachment.level", lang, plural=level_plural(level, lang))
            own = tuple(describe_own_staff(result, lang, level))  # under the last table
            blocks = tuple(
                TableBlock(
                    t,
                    unit=phrase("docx.unit", lang),
                    caption=True,
                    notes=own if i == len(tables) - 1 else (),
                )
                for i, t in enumerate(tables)
            )
            attachments.append(Attachment(title=title, blocks=blocks))
    return attachments


def _references(attachments: Sequence[Attachment], lang: str) -> list[str]:
    if len(attachments) == 1:
        return [phrase("docx.attachment.one", lang)]
    return [phrase("docx.attachment.n", lang, n=i) for i in range(1, len(attachments) + 1)]


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------


def build_report_document(result: Result, lang: str = "zh") -> OfficialDocument:
    """The content of ``report.docx`` in one language (see the module docstring)."""
    code = check_lang(lang)
    s = result.scenario
    subject = s.title or s.name
    config = s.document
    genre = document_genre(config)
    front = resolve_front_matter(config, subject, code)
    attachments = _attachments(result, code)
    outline = Outline(code)
    opening = phrase(
        f"docx.opening.{genre}",
        code,
        streets=format_quotas(result.table["street"].nunique()),
        kinds=_and(_kind_names(result, code), code),
        subject=subject,
    )
    blocks: list[Block] = [Text(opening)]
    blocks += _background(result, code, outline)
    blocks += _method(result, code, outline)
    blocks += _results(result, code, outline, _references(attachments, code))
    blocks += _decisions(result, code, outline)
    blocks += _promises(result, code, outline)
    return OfficialDocument(
        lang=code,
        front=front,
        blocks=tuple(blocks),
        attachments=tuple(attachments),
        fonts={str(role): name for role, name in config.fonts.items()},
    )


def write_report_docx(result: Result, path: Path | str, *, lang: str = "zh") -> Path:
    """Write ``report.docx`` of a result (GB/T 9704-2012 layout); the same result, the same bytes.

    Parameters
    ----------
    result : Result
        A solved allocation.
    path : Path or str
        The file to write (usually ``<output folder>/report.docx``).
    lang : {"zh", "en"}
        Language of every word; English documents keep the layout and set Latin
        text in Times New Roman.

    Returns
    -------
    Path
        ``path``.
    """
    from quota.outputs.docx.writer import write_official_docx

    return write_official_docx(build_report_document(result, lang), Path(path))
