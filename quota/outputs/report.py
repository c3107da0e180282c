"""The review report of one scenario: ``report.md`` and a self-contained ``report.html``.

Both are rendered from one context (:func:`build_report_context`) with the
Jinja2 templates in ``quota/templates/report/``: a summary per kind, the method
and parameters in plain words (:mod:`quota.outputs.summary`), the allocation
table with a totals row, the charts, fairness figures, the binding constraints
and a short "why this number" for every street
(:mod:`quota.outputs.report_tables`). With committee decisions, the summary
says how many and what they cost, the allocation shows the proposal (测算方案)
before each total, and a section 决定事项 lists each decision, its cost and who
paid, and the streets the decisions moved (:mod:`quota.outputs.decisions`); it
is rendered with the report's own macros and placed before the promises.
Every label, header and sentence follows ``lang``, the notes on the data
(notices of the reader and the run) too.

The HTML embeds the charts as base64 PNG and carries its CSS inline: it needs
no other file and no network. Output is deterministic: the same result gives
byte-identical files (no dates, no random identifiers).

Text from the user (street and kind names, titles, notices) cannot inject
markup: the HTML is autoescaped, and in the Markdown every value is written
with ``&``, ``<`` and ``>`` as entities (a Markdown viewer shows
``<script>`` as text instead of running it) and table cells have their ``|``
escaped (:mod:`quota.outputs.render`).

Large tables (more than :data:`~quota.outputs.report_tables.REPORT_MAX_STREETS`
streets in a kind) list only the largest gains and cuts in the report; the
workbook and the CSV always have every street.

A run over several levels (city → districts → streets) says so in the
summary (the chain of levels, the pool's named sources), and its allocation
section opens with the summary of the whole and one section per district
(:mod:`quota.outputs.level_tables`); the chart of each upper level's units
(``charts/by_<level>.png``) joins the charts. Nothing of this appears in a
one-level run, whose report stays as it was, byte for byte.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quota.errors import render
from quota.locale import check_lang
from quota.outputs.decisions import build_decision_tables, describe_decisions_summary
from quota.outputs.document import Table, phrase
from quota.outputs.level_tables import LevelSections, build_level_sections, describe_level_summary
from quota.outputs.level_view import LevelView, build_level_view, level_label
from quota.outputs.render import (
    FONT_STACK,
    build_headings,
    encode_png,
    render_template,
)
from quota.outputs.report_tables import (
    Explanation,
    build_allocation_tables,
    build_binding_report_table,
    build_explanation_lists,
    build_fairness_table,
    build_promise_table,
)
from quota.outputs.summary import (
    build_parameter_table,
    build_summary_table,
    build_weight_tables,
    build_workload_tables,
    describe_kind_summary,
    describe_method,
)
from quota.outputs.text import format_quotas

if TYPE_CHECKING:
    from quota.results.result import Result


#: chart files embedded in the report, in order
CHART_NAMES: tuple[str, ...] = ("stack", "shares", "change", "onboard")


@dataclass(frozen=True)
class Chart:
    """A chart of the report: title, relative file name and the PNG as a data URI."""

    title: str
    file: str
    data_uri: str


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
    #: the 决定事项 section (committee decisions); empty without decisions
    decisions: list[Table] = field(default_factory=list)
    #: the summary of the whole and the districts' sections; None for one level
    levels: LevelSections | None = None


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


def read_level_chart_images(
    view: LevelView | None, folder: Path | None, lang: str = "zh"
) -> dict[str, bytes]:
    """The PNG bytes of the charts of each upper level's units (``by_<level>``).

    Charts found in ``folder/charts/`` are read back; missing ones are drawn
    there (so that they are part of the output folder), or, when ``folder`` is
    None, in the system's temporary folder. None (one level): no chart.
    """
    if view is None:
        return {}
    from quota.outputs.charts.files import write_level_charts

    names = [f"by_{level}" for level in view.upper]
    charts = None if folder is None else Path(folder) / "charts"
    if charts is not None and all((charts / f"{name}.png").is_file() for name in names):
        return {name: (charts / f"{name}.png").read_bytes() for name in names}
    if folder is not None:
        written = write_level_charts(view.units, Path(folder), lang=lang)
        return {path.stem: path.read_bytes() for path in written}
    with tempfile.TemporaryDirectory(prefix=".quota-charts-") as temp:
        written = write_level_charts(view.units, Path(temp), lang=lang)
        return {path.stem: path.read_bytes() for path in written}


def _chart_title(name: str, lang: str) -> str:
    if name.startswith("by_"):
        from quota.outputs.level_view import level_chart_title

        return level_chart_title(name[len("by_") :], lang)
    return phrase(f"chart.{name}", lang)


def _chart_order(name: str) -> tuple[int, str]:
    if name in CHART_NAMES:
        return CHART_NAMES.index(name), ""
    return (len(CHART_NAMES), name) if name.startswith("by_") else (99, name)


def build_chart_list(images: Mapping[str, bytes], lang: str = "zh") -> list[Chart]:
    """Return the charts in report order with titles in ``lang`` (charts by level last)."""
    code = check_lang(lang)
    return [
        Chart(
            title=_chart_title(name, code),
            file=f"charts/{name}.png",
            data_uri=encode_png(data),
        )
        for name, data in sorted(images.items(), key=lambda item: _chart_order(item[0]))
    ]


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
    "decisions",
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
    view = build_level_view(result)
    fairness, sentences = build_fairness_table(result, code)
    data = Path(str(result.data.path)).name
    subtitle = phrase(
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
        ]
        + [s for s in [describe_decisions_summary(result, code)] if s]
        + ([] if view is None else describe_level_summary(result, view, code)),
        method_items=describe_method(result, code),
        parameters=build_parameter_table(result, code),
        weights=build_weight_tables(result, code),
        workload=build_workload_tables(result, code),
        allocation=build_allocation_tables(
            result,
            code,
            levels=() if view is None else [(n, level_label(n, code)) for n in view.upper],
        ),
        charts=build_chart_list(images or {}, code),
        fairness=fairness,
        fairness_sentences=sentences,
        fairness_note=phrase("report.fair.note", code),
        binding=build_binding_report_table(result, code),
        binding_none=phrase("report.binding.none", code),
        promises=build_promise_table(result, code),
        explanations=build_explanation_lists(result, code),
        notices=[render(notice, code) for notice in result.notices],
        footer=phrase("report.footer", code),
        colon="：" if code == "zh" else ": ",
        decisions=build_decision_tables(result, code),
        levels=None if view is None else build_level_sections(result, view, code),
    )


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
        ``folder/report.md`` and ``folder/report.html``; with levels first the
        charts by level this drew into ``folder/charts/`` (``by_<level>.png``),
        when they were not there yet.
    """
    code = check_lang(lang)
    folder = Path(folder)
    view = build_level_view(result)
    before = set((folder / "charts").glob("by_*.png")) if view is not None else set()
    images = {
        **read_chart_images(result, folder, code),
        **read_level_chart_images(view, folder, code),
    }
    drawn = [] if view is None else sorted(set((folder / "charts").glob("by_*.png")) - before)
    context = build_report_context(result, code, images)
    md = folder / "report.md"
    html = folder / "report.html"
    md.write_text(render_markdown(context), encoding="utf-8", newline="\n")
    html.write_text(render_html(context), encoding="utf-8", newline="\n")
    return [*drawn, md, html]


class PendingReports:
    """``report.md`` and ``report.html`` rendered while the charts are still being drawn.

    :func:`prepare_reports` renders both with a placeholder where each chart's
    PNG goes, writes ``report.md`` (which links the charts) and, once the
    charts are written, :meth:`finish` puts their PNGs in and writes
    ``report.html``: the bytes of :func:`write_reports`, with the rendering
    done while another process draws.
    """

    def __init__(self, folder: Path, md: Path, html: str, placeholders: Mapping[str, str]) -> None:
        self._folder = folder
        self._md = md
        self._html = html
        self._placeholders = dict(placeholders)

    def finish(self) -> list[Path]:
        """Write ``report.html`` with the charts now in ``folder/charts/``; both reports' paths."""
        html = self._html
        for name, placeholder in self._placeholders.items():
            data = (self._folder / "charts" / f"{name}.png").read_bytes()
            if html.count(placeholder) != 1:  # pragma: no cover - the template shows each once
                raise RuntimeError(f"chart {name} placed {html.count(placeholder)} times")
            html = html.replace(placeholder, encode_png(data))
        path = self._folder / "report.html"
        path.write_text(html, encoding="utf-8", newline="\n")
        return [self._md, path]


def prepare_reports(
    result: Result, folder: Path, names: list[str], *, lang: str = "zh"
) -> PendingReports:
    """Render the reports before the charts ``names`` (file stems) are in ``folder/charts/``.

    Writes ``report.md``; :meth:`PendingReports.finish` writes ``report.html``
    once every chart of ``names`` is written. The files are those of
    :func:`write_reports` when ``names`` are the charts it would embed.
    """
    import uuid

    code = check_lang(lang)
    folder = Path(folder)
    token = uuid.uuid4().hex  # never in a user's text: each placeholder is found once
    placeholders = {name: f"quota-chart-{token}-{name}" for name in names}
    context = build_report_context(result, code, {name: b"" for name in names})
    charts = [
        Chart(title=c.title, file=c.file, data_uri=placeholders[Path(c.file).stem])
        for c in context.charts
    ]
    context = replace(context, charts=charts)
    md = folder / "report.md"
    md.write_text(render_markdown(context), encoding="utf-8", newline="\n")
    return PendingReports(folder, md, render_html(context), placeholders)
