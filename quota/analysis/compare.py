"""Compare several scenarios side by side (``quota compare``).

Each scenario is solved on its own (:func:`quota.pipeline.allocate`); one that
fails is recorded with its message and exit code and does not stop the
others. The comparison folder (:func:`write_comparison`, complete or not at
all) holds:

``compare.csv``
    One row per street and kind: ``street, kind``, each scenario's total
    quotas in a column named after the scenario, then ``diff_<name>`` for every
    scenario after the first (its total minus the first one's). UTF-8 with BOM.
``compare.xlsx``
    The same with a two-row merged header (kind over its columns), a 合计 row,
    the kinds' summaries per scenario, the changed settings and the failures.
``charts/compare.png``
    :func:`quota.outputs.charts.plot_compare`.
``compare.md``, ``compare.html``
    What changed and why: the settings that differ from the first scenario
    (old → new), the effect on each kind's split, the streets that gain and
    lose most, and the constraints that start or stop binding.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from quota.errors import InputError, QuotaError
from quota.locale import check_lang, column_labels, kind_label, label
from quota.outputs.report import (
    REPORT_MAX_STREETS,
    REPORT_TOP_N,
    Cell,
    Table,
    build_headings,
    encode_png,
    render_template,
)
from quota.outputs.text import (
    constraint_label,
    format_quotas,
    format_signed,
)
from quota.results.fairness import (
    BINDING_CONSTRAINTS,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from quota.config.schema import Scenario
    from quota.results.result import Result

#: scenario keys that name or locate a scenario rather than set it (not diffed)
IGNORED_KEYS: frozenset[str] = frozenset({"name", "title", "source"})
#: kind summary measures compared across scenarios, in order
SUMMARY_MEASURES: tuple[str, ...] = (
    "pool",
    "base",
    "quantified",
    "turnover_pool",
    "turnover_used",
    "reserve",
    "streets_total",
)
#: longest folder name built from scenario names; longer lists use a hash
MAX_FOLDER_NAME = 80
#: streets named per list of largest gains or cuts in the summary
TOP_STREETS = 3
#: most constraint changes listed per scenario and direction
MAX_CONSTRAINT_CHANGES = 10


# --------------------------------------------------------------------------
# Running the scenarios
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario of a comparison: its result, or why it failed.

    Attributes
    ----------
    path : Path
        The scenario file.
    name : str
        The scenario's name (the file's stem when it could not be loaded),
        made unique within the comparison.
    result : Result or None
        The allocation, when it succeeded.
    problems : tuple of str
        The error messages, when it failed.
    exit_code : int
        0 when it succeeded, else the exit code of its error (2 bad input,
        3 infeasible, 1 internal).
    """

    path: Path
    name: str
    result: Result | None = None
    problems: tuple[str, ...] = ()
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        """True when the scenario was solved."""
        return self.result is not None


@dataclass(frozen=True)
class Comparison:
    """Several scenarios solved side by side."""

    runs: tuple[ScenarioRun, ...]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def succeeded(self) -> list[ScenarioRun]:
        """The runs that were solved, in the order given."""
        return [run for run in self.runs if run.ok]

    @property
    def failed(self) -> list[ScenarioRun]:
        """The runs that failed, in the order given."""
        return [run for run in self.runs if not run.ok]

    @property
    def exit_code(self) -> int:
        """0 when at least two scenarios were solved, else the highest exit code of a failure."""
        if len(self.succeeded) >= 2:
            return 0
        codes = [run.exit_code for run in self.failed]
        return max(codes) if codes else InputError.exit_code

    @functools.cached_property
    def _table(self) -> pd.DataFrame:
        return build_compare_table(self.succeeded)

    @property
    def table(self) -> pd.DataFrame:
        """The comparison table (see :func:`build_compare_table`); built once, a copy each time."""
        return self._table.copy()

    def write(self, folder: str | Path, *, lang: str = "zh") -> Path:
        """Write the comparison folder (complete or not at all); return it."""
        return write_comparison(self, Path(folder), lang=lang)

    def plot(self, kind: str | None = None, *, lang: str = "zh") -> Figure:
        """The comparison chart: each street's total against the first scenario's."""
        from quota.outputs.charts import plot_compare

        return plot_compare(build_compare_wide(self), kind, lang=lang)


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    return candidate


def compare_scenarios(paths: Sequence[str | Path], *, solver: str | None = None) -> Comparison:
    """Solve every scenario; record failures instead of stopping.

    Parameters
    ----------
    paths : sequence of str or Path
        Scenario files, the first being the reference the others are compared to.
    solver : str, optional
        Engine for every scenario (default: each scenario's own).

    Returns
    -------
    Comparison
        One run per path, in order. A scenario that cannot be loaded or solved
        has its messages and exit code instead of a result. Two scenarios with
        the same name get ``-2``, ``-3``, ... appended.
    """
    from quota.config.scenario import load_scenario
    from quota.pipeline import allocate

    runs: list[ScenarioRun] = []
    taken: set[str] = set()
    for raw in paths:
        path = Path(raw)
        name = path.stem
        try:
            scenario = load_scenario(path)
            name = _unique_name(scenario.name, taken)
            result = allocate(scenario, solver=solver)
        except QuotaError as exc:
            name = _unique_name(name, taken)
            runs.append(
                ScenarioRun(path, name, None, tuple(str(p) for p in exc.problems), exc.exit_code)
            )
        else:
            runs.append(ScenarioRun(path, name, result))
        taken.add(name)
    return Comparison(tuple(runs))


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def build_compare_table(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Return total quotas per street and kind, one column per scenario, and differences.

    Parameters
    ----------
    runs : sequence of ScenarioRun
        Solved scenarios; the first is the reference.

    Returns
    -------
    DataFrame
        ``street, kind``, one ``Int64`` column of totals per scenario (named
        after it), then ``diff_<name>`` per later scenario (its total minus the
        first one's) [quotas]. Streets and kinds appear in the order of the
        first scenario that has them; a street missing from a scenario is NA.
    """
    solved = [run for run in runs if run.result is not None]
    if not solved:
        return pd.DataFrame(columns=["street", "kind"])
    keys: dict[tuple[str, str], None] = {}
    kinds: dict[str, None] = {}
    for run in solved:
        table = run.result.table  # type: ignore[union-attr]
        for kind, street in zip(
            table["kind"].astype(str), table["street"].astype(str), strict=True
        ):
            kinds.setdefault(kind)
            keys.setdefault((kind, street))
    ordered = [k for kind in kinds for k in keys if k[0] == kind]
    index = pd.MultiIndex.from_tuples(ordered, names=["kind", "street"])
    frame = pd.DataFrame(
        {
            "street": pd.array([s for _, s in ordered], dtype="string"),
            "kind": pd.array([k for k, _ in ordered], dtype="string"),
        }
    )
    for run in solved:
        table = run.result.table  # type: ignore[union-attr]
        totals = pd.Series(
            table["total"].to_numpy(),
            index=pd.MultiIndex.from_arrays(
                [table["kind"].astype(str), table["street"].astype(str)]
            ),
        )
        frame[run.name] = pd.array(totals.reindex(index).to_numpy(), dtype="Int64")
    first = solved[0].name
    for run in solved[1:]:
        frame[f"diff_{run.name}"] = frame[run.name] - frame[first]
    return frame


def format_compare_csv(table: pd.DataFrame) -> str:
    """The comparison table as CSV text (``\\n`` lines, empty cells for NA)."""
    from quota.outputs.folder import protect_csv_frame

    return protect_csv_frame(table).to_csv(index=False, lineterminator="\n")


def summarize_scenarios(runs: Sequence[ScenarioRun]) -> pd.DataFrame:
    """Return each kind's split per scenario.

    Returns
    -------
    DataFrame
        ``kind, measure`` (:data:`SUMMARY_MEASURES`) and one column per
        solved scenario [quotas].
    """
    rows: list[dict[str, Any]] = []
    solved = [run for run in runs if run.result is not None]
    kinds: dict[str, None] = {}
    for run in solved:
        for kind in run.result.kinds["kind"].astype(str):  # type: ignore[union-attr]
            kinds.setdefault(kind)
    for kind in kinds:
        for measure in SUMMARY_MEASURES:
            row: dict[str, Any] = {"kind": kind, "measure": measure}
            for run in solved:
                kinds_frame = run.result.kinds  # type: ignore[union-attr]
                match = kinds_frame.loc[kinds_frame["kind"].astype(str) == kind, measure]
                row[run.name] = int(match.iloc[0]) if len(match) else None
            rows.append(row)
    return pd.DataFrame(rows, columns=["kind", "measure", *[r.name for r in solved]])


# --------------------------------------------------------------------------
# What changed
# --------------------------------------------------------------------------


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


def format_setting(value: Any, lang: str = "zh") -> str:
    """A scenario setting as text (``–`` when not set)."""
    if value is None:
        return label("cmp.unset", lang)
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
        shown = kind_label(kind, code)
        if ra is None or rb is None:
            sentences.append(label("cmp.kind_only", code).format(kind=shown))
            continue
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
        if changes:
            sentences.append(
                label("cmp.split", code).format(
                    kind=shown, changes=label("xlsx.list_sep", code).join(changes)
                )
            )
        else:
            sentences.append(label("cmp.split_same", code).format(kind=shown))
        part = table.loc[table["kind"] == kind]
        delta = pd.to_numeric(part[diff], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        names = part["street"].astype(str).to_numpy()
        gains, cuts = int(np.sum(delta > 0)), int(np.sum(delta < 0))
        if gains == 0 and cuts == 0:
            sentences.append(label("cmp.streets_same", code).format(kind=shown))
            continue
        order = np.argsort(-np.nan_to_num(delta), kind="stable")
        top = [f"{names[i]} {format_signed(delta[i])}" for i in order[:TOP_STREETS] if delta[i] > 0]
        bottom = [
            f"{names[i]} {format_signed(delta[i])}"
            for i in order[::-1][:TOP_STREETS]
            if delta[i] < 0
        ]
        sep = label("xlsx.list_sep", code)
        sentences.append(
            label("cmp.streets", code).format(
                kind=shown,
                gains=gains,
                cuts=cuts,
                same=int(np.sum(delta == 0)),
                top=sep.join(top) or label("cmp.none", code),
                bottom=sep.join(bottom) or label("cmp.none", code),
            )
        )
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


# --------------------------------------------------------------------------
# Report context
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeSection:
    """What one scenario changes against the first: settings and effects."""

    heading: str
    settings: Table | None
    settings_none: str
    effects: list[str]


@dataclass(frozen=True)
class CompareContext:
    """Everything the comparison templates show, in one language."""

    lang: str
    html_lang: str
    title: str
    subtitle: str
    headings: dict[str, str]
    scenarios: Table
    failures: list[str]
    summary: Table
    changes: list[ChangeSection]
    tables: list[Table]
    chart: str
    chart_title: str
    chart_file: str
    footer: str
    font_stack: str


def _scenario_table(comparison: Comparison, lang: str) -> Table:
    rows = []
    for run in comparison.runs:
        if run.result is not None:
            status = label("cmp.status_ok", lang).format(status=run.result.status)
            title = run.result.scenario.title or ""
            cls = "text"
        else:
            status = label("cmp.status_failed", lang).format(code=run.exit_code)
            title = ""
            cls = "cut"
        rows.append(
            [
                Cell(run.name, "text"),
                Cell(title, "text"),
                Cell(run.path.name, "text"),
                Cell(status, cls),
            ]
        )
    return Table(
        headers=[
            label("scenario", lang),
            label("title", lang),
            label("cmp.file", lang),
            label("status", lang),
        ],
        rows=rows,
    )


def _summary_table(comparison: Comparison, lang: str) -> Table:
    summary = summarize_scenarios(comparison.runs)
    names = [run.name for run in comparison.succeeded]
    rows = []
    for record in summary.to_dict(orient="records"):
        values = [record[n] for n in names]
        cells = [
            Cell(kind_label(str(record["kind"]), lang), "text"),
            Cell(label(f"report.col.{record['measure']}", lang), "text"),
        ]
        cells += [Cell(format_quotas(v)) for v in values]
        first = values[0]
        for v in values[1:]:
            delta = None if v is None or first is None else v - first
            cells.append(
                Cell(format_signed(delta), "cut" if delta is not None and delta < 0 else "num")
            )
        rows.append(cells)
    headers = [label("kind", lang), label("report.item", lang), *names]
    headers += [label("cmp.diff_header", lang).format(name=n) for n in names[1:]]
    return Table(headers=headers, rows=rows)


def select_compare_streets(part: pd.DataFrame, diffs: Sequence[str]) -> pd.DataFrame:
    """The streets a comparison report lists for one kind.

    Up to :data:`quota.outputs.report.REPORT_MAX_STREETS` streets, all of them; above,
    the ``2 * REPORT_TOP_N`` with the largest absolute difference in any
    scenario, in table order.
    """
    if len(part) <= REPORT_MAX_STREETS or not diffs:
        return part
    spread = part[list(diffs)].abs().max(axis=1).fillna(0).to_numpy(dtype=float)
    order = np.argsort(-spread, kind="stable")[: 2 * REPORT_TOP_N]
    return part.iloc[np.sort(order)]


def _street_tables(comparison: Comparison, lang: str) -> list[Table]:
    table = comparison.table
    names = [run.name for run in comparison.succeeded]
    diffs = [f"diff_{n}" for n in names[1:]]
    tables = []
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"] == kind]
        shown = select_compare_streets(part, diffs)
        rows = []
        for record in shown.to_dict(orient="records"):
            cells = [Cell(str(record["street"]), "text")]
            cells += [Cell(format_quotas(record[n])) for n in names]
            for d in diffs:
                v = record[d]
                missing = v is None or pd.isna(v)
                cls = "num" if missing or v == 0 else "cut" if v < 0 else "gain"
                cells.append(Cell(format_signed(None if missing else v), cls))
            rows.append(cells)
        total = [Cell(label("total_row", lang), "text")]
        total += [Cell(format_quotas(_sum(part[n]))) for n in names]
        total += [_signed_total(_sum(part[d])) for d in diffs]
        note = label("cmp.diff_note", lang) if diffs else ""
        if len(shown) < len(part):
            note += label("cmp.table_top", lang).format(
                n=len(shown), total=format_quotas(len(part))
            )
        tables.append(
            Table(
                headers=[label("street", lang), *names]
                + [label("cmp.diff_header", lang).format(name=n) for n in names[1:]],
                rows=rows,
                caption=kind_label(kind, lang),
                total=total,
                note=note,
            )
        )
    return tables


def _sum(values: pd.Series) -> int | None:
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum())


def _signed_total(value: int | None) -> Cell:
    return Cell(format_signed(value), "cut" if value is not None and value < 0 else "num")


def build_change_sections(comparison: Comparison, lang: str = "zh") -> list[ChangeSection]:
    """Per later scenario: the settings changed against the first (old → new) and the effects."""
    code = check_lang(lang)
    solved = comparison.succeeded
    if len(solved) < 2:
        return []
    first = solved[0]
    sections = []
    for run in solved[1:]:
        changed = diff_scenarios(first.result.scenario, run.result.scenario)  # type: ignore[union-attr]
        settings = None
        if changed:
            settings = Table(
                headers=[
                    label("cmp.setting", code),
                    first.name,
                    run.name,
                ],
                rows=[
                    [
                        Cell(describe_setting_key(key, code), "text"),
                        Cell(format_setting(old, code), "text"),
                        Cell(format_setting(new, code), "text"),
                    ]
                    for key, old, new in changed
                ],
            )
        sections.append(
            ChangeSection(
                heading=label("cmp.against", code).format(name=run.name, first=first.name),
                settings=settings,
                settings_none=label("cmp.settings_same", code),
                effects=describe_effects(first, run, code),
            )
        )
    return sections


def build_compare_wide(comparison: Comparison) -> pd.DataFrame:
    """The table :func:`quota.outputs.charts.plot_compare` draws: street, kind and the totals."""
    table = comparison.table
    return table.loc[:, ["street", "kind", *[run.name for run in comparison.succeeded]]]


def build_compare_context(
    comparison: Comparison, lang: str = "zh", chart: bytes | None = None
) -> CompareContext:
    """Return everything the comparison templates show, in one language."""
    from quota.outputs.report import FONT_STACK

    code = check_lang(lang)
    failures = [
        label("cmp.failure", code).format(
            name=run.name, file=run.path.name, code=run.exit_code, message=" ".join(run.problems)
        )
        for run in comparison.failed
    ]
    names = [run.name for run in comparison.succeeded]
    return CompareContext(
        lang=code,
        html_lang="zh-CN" if code == "zh" else "en",
        title=label("cmp.title", code),
        subtitle=label("cmp.subtitle", code).format(
            n=len(comparison.runs),
            ok=len(names),
            first=names[0] if names else label("cmp.none", code),
        ),
        headings=build_headings(
            code,
            (
                "cmp_scenarios",
                "cmp_failures",
                "cmp_summary",
                "cmp_changes",
                "cmp_streets",
                "cmp_chart",
            ),
        ),
        scenarios=_scenario_table(comparison, code),
        failures=failures,
        summary=_summary_table(comparison, code),
        changes=build_change_sections(comparison, code),
        tables=_street_tables(comparison, code),
        chart=encode_png(chart) if chart else "",
        chart_title=label("chart.compare", code),
        chart_file="charts/compare.png",
        footer=label("cmp.footer", code),
        font_stack=FONT_STACK,
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def build_folder_name(names: Sequence[str]) -> str:
    """``compare-<name1>+<name2>...``, or ``compare-<hash>`` when that gets long."""
    joined = "+".join(names)
    if len(joined) <= MAX_FOLDER_NAME:
        return f"compare-{joined}"
    digest = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:12]
    return f"compare-{digest}"


def write_compare_workbook(comparison: Comparison, path: Path, *, lang: str = "zh") -> Path:
    """Write ``compare.xlsx``: totals per street with differences, summaries, settings, failures."""
    from quota.outputs.workbook import (
        Column,
        Group,
        build_formats,
        open_workbook,
        set_print_layout,
        write_grouped_table,
        write_table_sheet,
    )

    code = check_lang(lang)
    title = label("cmp.title", code)
    book = open_workbook(Path(path), title)
    formats = build_formats(book)
    table = comparison.table
    names = [run.name for run in comparison.succeeded]
    streets = list(dict.fromkeys(table["street"].astype(str)))
    groups = []
    for kind in dict.fromkeys(table["kind"].astype(str)):
        part = table.loc[table["kind"] == kind]
        part = part.set_index(part["street"].astype(str)).reindex(streets)
        columns = [
            Column(header=n, values=_values(part[n]), width=max(9.0, min(24.0, len(n) * 0.9)))
            for n in names
        ]
        columns += [
            Column(
                header=label("cmp.diff_header", code).format(name=n),
                values=_values(part[f"diff_{n}"]),
                style="signed",
                highlight_negative=True,
                width=max(9.0, min(24.0, len(n) * 0.9)),
            )
            for n in names[1:]
        ]
        groups.append(Group(header=kind_label(kind, code), columns=columns))
    sheet = book.add_worksheet(label("cmp.sheet", code)[:31])
    write_grouped_table(
        sheet,
        formats,
        title=title,
        first_header=label("street", code),
        names=streets,
        groups=groups,
        total_label=label("total_row", code),
    )
    set_print_layout(sheet, code, repeat=(1, 2), title=title)
    context = build_compare_context(comparison, code)
    write_table_sheet(book, formats, label("cmp.sheet_summary", code)[:31], [context.summary], code)
    settings = [
        Table(
            headers=s.settings.headers,
            rows=s.settings.rows,
            caption=s.heading,
        )
        for s in context.changes
        if s.settings is not None
    ]
    if settings:
        write_table_sheet(book, formats, label("cmp.sheet_settings", code)[:31], settings, code)
    write_table_sheet(
        book,
        formats,
        label("cmp.sheet_scenarios", code)[:31],
        [_with_failures(context.scenarios, comparison, code)],
        code,
    )
    book.close()
    return Path(path)


def _with_failures(table: Table, comparison: Comparison, lang: str) -> Table:
    messages = {run.name: " ".join(run.problems) for run in comparison.failed}
    rows = [row + [Cell(messages.get(row[0].text, ""), "text")] for row in table.rows]
    return Table(headers=[*table.headers, label("cmp.message", lang)], rows=rows)


def _values(series: pd.Series) -> list[float | None]:
    array = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return [None if v != v else v for v in array.tolist()]


def write_comparison(comparison: Comparison, folder: Path, *, lang: str = "zh") -> Path:
    """Write the comparison folder: compare.csv, compare.xlsx, charts/compare.png, compare.md/html.

    Parameters
    ----------
    comparison : Comparison
        At least two solved scenarios.
    folder : Path
        The folder to create (replaced only once the new one is complete).
    lang : {"zh", "en"}
        Language of every label, header and sentence (the CSV's columns stay
        ``street, kind``, scenario names and ``diff_<name>``).

    Returns
    -------
    Path
        ``folder``.

    Raises
    ------
    InputError
        When fewer than two scenarios were solved.
    """
    from quota.outputs.charts import plot_compare, write_figure
    from quota.outputs.folder import write_csv_text, write_folder_atomically

    code = check_lang(lang)
    if len(comparison.succeeded) < 2:
        raise InputError(
            f"a comparison needs at least two solved scenarios; {len(comparison.succeeded)}"
            f" of {len(comparison.runs)} were solved"
        )

    def fill(temp: Path) -> None:
        write_csv_text(temp / "compare.csv", format_compare_csv(comparison.table))
        write_compare_workbook(comparison, temp / "compare.xlsx", lang=code)
        (temp / "charts").mkdir()
        figure = plot_compare(build_compare_wide(comparison), lang=code)
        chart = write_figure(figure, temp / "charts" / "compare.png", lang=code)
        context = build_compare_context(comparison, code, chart.read_bytes())
        (temp / "compare.md").write_text(
            render_template("compare.md.j2", r=context), encoding="utf-8", newline="\n"
        )
        (temp / "compare.html").write_text(
            render_template("compare.html.j2", r=context), encoding="utf-8", newline="\n"
        )

    return write_folder_atomically(Path(folder), fill)


def format_compare_summary(comparison: Comparison, target: Path | None = None) -> str:
    """A few lines for the terminal: each scenario's status and its kinds' totals."""
    lines = []
    solved = len(comparison.succeeded)
    where = f" -> {target}" if target is not None else ""
    lines.append(f"compare: {solved} of {len(comparison.runs)} scenarios solved{where}")
    first = comparison.succeeded[0] if comparison.succeeded else None
    for run in comparison.runs:
        if run.result is None:
            lines.append(f"  {run.name}: failed (exit {run.exit_code}): {' '.join(run.problems)}")
            continue
        parts = []
        for record in run.result.kinds.to_dict(orient="records"):
            total = int(record["streets_total"])
            text = f"{record['kind']} {total}"
            if first is not None and first is not run and first.result is not None:
                ref = first.result.kinds
                match = ref.loc[ref["kind"] == record["kind"], "streets_total"]
                if len(match):
                    text += f" ({format_signed(total - int(match.iloc[0]))})"
            parts.append(text)
        lines.append(f"  {run.name}: {run.result.status}; streets' totals {', '.join(parts)}")
    return "\n".join(lines)
