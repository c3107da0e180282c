"""Write a sweep's folder: ``sweep.csv``, ``sweep_summary.csv``, ``sweep.xlsx``, ``sweep.md``.

``sweep.csv`` (UTF-8 with BOM)
    One row per solved point, street and kind: ``point``, one column per grid
    key (its value), ``street, kind, total, change``.
``sweep_summary.csv``
    One row per point and kind: ``point``, the grid keys, ``kind, status,
    pool, streets_total, reserve, streets_up, streets_cut, max_abs_change,
    gini`` and ``problem`` (why a point could not be solved, in the report's
    language).
``sweep.xlsx``
    The summary, the long table (when it fits a sheet), one sheet per kind
    with each street's total at every point (grids of up to
    :data:`WIDE_MAX_POINTS` points) and the grid; printed A4 landscape like the
    review workbook.
``sweep.md``
    The grid, the results per point, the points that cannot be satisfied with
    their sentences, the streets whose total moves most across the grid, and
    the notices.
``manifest.json``
    Scenario, grid and data files with their SHA-256, the grid, the points not
    solved, where the points ran, versions, timings.

Every file but the manifest's ``ran_on`` and ``timings_s`` is the same, byte
for byte, for the same scenario and grid, however the points ran.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.analysis.sweep import FAILED, INFEASIBLE, KIND_COLUMNS, render_problems
from quota.analysis.sweep_grid import describe_point, format_value
from quota.locale import check_lang, kind_label, label

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook

    from quota.analysis.sweep import SweepResult

#: grids of up to this many points get a sheet per kind with a column per point
WIDE_MAX_POINTS = 60
#: rows of a sheet (Excel's limit, less the header)
SHEET_MAX_ROWS = 1_048_575
#: headers of the summary's own columns (the grid keys are headed by themselves)
_SUMMARY_LABELS = {
    "point": "sweep.col.point",
    "kind": "kind",
    "status": "sweep.col.status",
    "pool": "pool",
    "streets_total": "sweep.col.streets_total",
    "reserve": "reserve",
    "streets_up": "sweep.col.streets_up",
    "streets_cut": "sweep.col.streets_cut",
    "max_abs_change": "sweep.col.max_abs_change",
    "gini": "sweep.col.gini",
    "problem": "sweep.col.problem",
}


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def _protected_parameters(result: SweepResult, frame: pd.DataFrame) -> pd.DataFrame:
    """Parameter cells that are text from the grid (not numbers) kept from running as formulas."""
    from quota.outputs.folder import protect_csv_text

    out = frame.copy()
    for key in result.grid.keys:
        texts = {format_value(v): protect_csv_text(format_value(v)) for v in key.values}
        out[key.name] = out[key.name].astype(object).map(lambda t, m=texts: m.get(t, t))
    return out


def format_sweep_csv(result: SweepResult) -> str:
    """``sweep.csv`` as text: fixed columns, ``\\n`` lines; names kept from running as formulas."""
    from quota.outputs.folder import protect_csv_text

    out = _protected_parameters(result, result.table)
    for column in ("street", "kind"):
        out[column] = out[column].astype(object).map(protect_csv_text)
    return out.to_csv(index=False, lineterminator="\n")


def format_summary_csv(result: SweepResult, *, lang: str = "zh") -> str:
    """``sweep_summary.csv`` as text: ``gini`` with 4 decimals, ``problem`` in ``lang``."""
    from quota.outputs.folder import protect_csv_text

    out = _protected_parameters(result, result.summary)
    out["gini"] = ["" if not math.isfinite(v) else f"{v:.4f}" for v in out["gini"].to_numpy(float)]
    out["problem"] = [str(protect_csv_text(render_problems(p, lang))) for p in out["problem"]]
    out["kind"] = out["kind"].astype(object).map(protect_csv_text)
    return out.to_csv(index=False, lineterminator="\n")


# --------------------------------------------------------------------------
# Workbook
# --------------------------------------------------------------------------


def _sheet_name(text: str, used: set[str]) -> str:
    """A valid, unused sheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = re.sub(r"[\[\]:*?/\\]", "_", text).strip("'") or "sheet"
    name, n = base[:31], 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _status_text(status: str, lang: str) -> str:
    key = {INFEASIBLE: "sweep.status.infeasible", FAILED: "sweep.status.failed"}.get(status)
    return label(key, lang) if key else label("sweep.status.solved", lang)


def _parameter_part(
    result: SweepResult, table: pd.DataFrame, lang: str
) -> tuple[list[str], list[Sequence[Any]], list[str], list[float]]:
    """The point column and one column per grid key: headers, cells, styles, widths.

    A key whose values are all numbers is written as numbers (whole numbers as
    such); any other key as the text of its values.
    """
    from quota.outputs.xlsx import column_width

    header = label("sweep.col.point", lang)
    headers, styles = [header, *result.grid.names], ["int"]
    columns: list[Sequence[Any]] = [table["point"].tolist()]
    widths = [column_width([header, *map(str, table["point"].tail(1))], 6, 12)]
    for key in result.grid.keys:
        texts = table[key.name].tolist()
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in key.values)
        if numeric:
            number = {format_value(v): v for v in key.values}
            columns.append([number[t] for t in texts])
            whole = all(isinstance(v, int) for v in key.values)
            styles.append("int" if whole else "decimal")
        else:
            columns.append(texts)
            styles.append("text")
        widths.append(column_width([key.name, *(format_value(v) for v in key.values)], 10, 40))
    return headers, columns, styles, widths


def _summary_sheet(
    book: Workbook,
    formats: dict[str, Format],
    result: SweepResult,
    lang: str,
    name: str,
    notes: list[str],
) -> None:
    from quota.outputs.sheets import write_flat_sheet
    from quota.outputs.xlsx import column_width

    table = result.summary
    headers, columns, styles, widths = _parameter_part(result, table, lang)
    for column in KIND_COLUMNS:
        headers.append(label(_SUMMARY_LABELS[column], lang))
        if column == "kind":
            columns.append([kind_label(str(k), lang) for k in table["kind"]])
            styles.append("text")
            widths.append(column_width([headers[-1], *columns[-1]], 10, 24))
        elif column == "status":
            columns.append([_status_text(str(s), lang) for s in table["status"]])
            styles.append("text")
            widths.append(10.0)
        else:
            columns.append(table[column].tolist())
            styles.append("gini" if column == "gini" else "int")
            widths.append(column_width([headers[-1]], 8, 14))
    headers.append(label(_SUMMARY_LABELS["problem"], lang))
    # a point's sentences once, on its first row (they name the kinds themselves)
    first = ~table["point"].duplicated()
    problems = [
        render_problems(p, lang) if f else "" for p, f in zip(table["problem"], first, strict=True)
    ]
    columns.append(problems)
    styles.append("text")
    widths.append(60.0 if result.unsolved else column_width([headers[-1]], 10, 30))
    write_flat_sheet(
        book,
        formats,
        name,
        headers,
        columns,
        styles,
        widths,
        lang,
        wrap_column=len(headers) - 1,
        notes=notes,
    )


def _long_sheet(
    book: Workbook, formats: dict[str, Format], result: SweepResult, lang: str, name: str
) -> None:
    from quota.outputs.sheets import write_flat_sheet
    from quota.outputs.xlsx import column_width

    table = result.table
    headers, columns, styles, widths = _parameter_part(result, table, lang)
    headers += [label(c, lang) for c in ("street", "kind", "total", "change")]
    kinds = {k: kind_label(str(k), lang) for k in pd.unique(table["kind"])}
    columns += [
        table["street"].astype(str).tolist(),
        [kinds[k] for k in table["kind"]],
        table["total"].tolist(),
        table["change"].tolist(),
    ]
    styles += ["text", "text", "int", "signed"]
    names = [str(s) for s in pd.unique(table["street"])[:2000]]
    widths += [
        column_width([headers[-4], *names], 10, 30),
        column_width([headers[-3], *kinds.values()], 10, 20),
        column_width([headers[-2]], 8, 12),
        column_width([headers[-1]], 8, 12),
    ]
    write_flat_sheet(book, formats, name, headers, columns, styles, widths, lang)


def _wide_sheet(
    book: Workbook, formats: dict[str, Format], result: SweepResult, kind: str, lang: str, name: str
) -> None:
    """A kind's streets down, the points across: each street's total at every point."""
    from quota.outputs.sheets import write_flat_sheet
    from quota.outputs.xlsx import column_width

    solved = [o for o in result.outcomes if o.streets is not None]
    first = solved[0].streets
    assert first is not None
    rows = first.loc[first["kind"] == kind]
    streets = rows["street"].astype(str).tolist()
    headers = [label("street", lang), label("current", lang)]
    columns: list[Sequence[Any]] = [streets, rows["current"].tolist()]
    by_point = {o.point: o.streets for o in solved}
    for outcome in result.outcomes:
        headers.append(label("sweep.col.point_n", lang).format(point=outcome.point))
        part = by_point.get(outcome.point)
        if part is None:
            columns.append([None] * len(streets))
        else:
            columns.append(part.loc[part["kind"] == kind, "total"].tolist())
    notes = [
        label("sweep.note.point", lang).format(
            point=o.point, values=describe_point(result.grid, result.grid.values_at(o.point))
        )
        for o in result.outcomes
    ]
    widths = [column_width([headers[0], *streets], 10, 30), 10.0, *([8.0] * len(result.outcomes))]
    styles = ["text", "int", *(["int"] * len(result.outcomes))]
    write_flat_sheet(book, formats, name, headers, columns, styles, widths, lang, notes=notes)


def _grid_sheet(
    book: Workbook, formats: dict[str, Format], result: SweepResult, lang: str, name: str
) -> None:
    from quota.outputs.sheets import write_flat_sheet
    from quota.outputs.xlsx import column_width

    keys = result.grid.keys
    separator = "、" if lang == "zh" else ", "
    values = [separator.join(format_value(v) for v in k.values) for k in keys]
    headers = [
        label("sweep.col.key", lang),
        label("sweep.col.values", lang),
        label("sweep.col.line", lang),
    ]
    columns: list[Sequence[Any]] = [[k.name for k in keys], values, [k.where.line for k in keys]]
    widths = [column_width([headers[0], *columns[0]], 12, 40), 60.0, 8.0]
    styles = ["text", "text", "int"]
    write_flat_sheet(book, formats, name, headers, columns, styles, widths, lang, wrap_column=1)


def _write_sheets(book: Workbook, result: SweepResult, lang: str) -> None:
    """The summary, the streets (when they fit a sheet), a sheet per kind (small grids), the grid."""
    from quota.outputs.xlsx import build_formats

    formats = build_formats(book)
    used: set[str] = set()

    def name(key: str, **values: str) -> str:
        return _sheet_name(label(key, lang).format(**values), used)

    fits = len(result.table) <= SHEET_MAX_ROWS
    notes = [] if fits else [label("sweep.note.long_omitted", lang).format(rows=len(result.table))]
    _summary_sheet(book, formats, result, lang, name("sweep.sheet.summary"), notes)
    if fits:
        _long_sheet(book, formats, result, lang, name("sweep.sheet.streets"))
    if result.grid.size <= WIDE_MAX_POINTS:
        for kind in result.scenario.kinds:
            sheet = name("sweep.sheet.kind", kind=kind_label(kind, lang))
            _wide_sheet(book, formats, result, kind, lang, sheet)
    _grid_sheet(book, formats, result, lang, name("sweep.sheet.grid"))


def write_sweep_workbook(result: SweepResult, path: Path, *, lang: str = "zh") -> Path:
    """Write ``sweep.xlsx``: summary, streets (when they fit), a sheet per kind, the grid."""
    from quota.outputs.xlsx import discard_workbook, open_workbook, workbook_parts

    lang = check_lang(lang)
    title = label("sweep.title", lang).format(title=result.scenario.title or result.scenario.name)
    with workbook_parts(path) as parts:
        book = open_workbook(path, title, tmpdir=parts)
        try:
            _write_sheets(book, result, lang)
            book.close()
        except BaseException:
            discard_workbook(book, path)
            raise
    return path


# --------------------------------------------------------------------------
# Manifest and folder
# --------------------------------------------------------------------------


def _file_entry(path: str | None) -> dict[str, str] | None:
    """``{path, sha256}`` of an input file, or None when it is not a file."""
    if not path or not Path(path).is_file():
        return None
    from quota.io.files import hash_file

    return {"path": str(path), "sha256": hash_file(Path(path))}


def build_sweep_manifest(result: SweepResult, files: list[str]) -> dict[str, Any]:
    """The inputs with their SHA-256, the grid, the points not solved, where they ran, versions."""
    from quota.outputs.folder import package_versions

    data_files = list(result.data_files) or [result.scenario.data.path]
    return {
        "scenario": result.scenario.name,
        "scenario_file": _file_entry(result.scenario.source),
        "grid_file": _file_entry(result.grid.file),
        "data_files": [_file_entry(p) or {"path": p} for p in data_files],
        "method": result.scenario.method,
        "grid": result.grid.to_dict(),
        "points": result.grid.size,
        "solved": result.grid.size - len(result.unsolved),
        "unsolved": [
            {"point": o.point, "exit_code": o.exit_code, "problems": [str(p) for p in o.problems]}
            for o in result.unsolved
        ],
        "notices": [str(n) for n in result.notices],  # English: manifests stay stable
        "ran_on": result.ran_on,
        "versions": package_versions(),
        "timings_s": {k: round(v, 4) for k, v in result.timings.items()},
        "files": files,
    }


def write_sweep(result: SweepResult, folder: Path, *, lang: str = "zh") -> Path:
    """Write the sweep's folder (see the module's docstring), complete or not at all."""
    from quota.analysis.sweep_markdown import build_sweep_markdown
    from quota.outputs.folder import write_csv_text, write_folder_atomically

    code = check_lang(lang)

    def fill(temp: Path) -> None:
        write_csv_text(temp / "sweep.csv", format_sweep_csv(result))
        write_csv_text(temp / "sweep_summary.csv", format_summary_csv(result, lang=code))
        write_sweep_workbook(result, temp / "sweep.xlsx", lang=code)
        (temp / "sweep.md").write_text(build_sweep_markdown(result, lang=code), encoding="utf-8")
        files = ["manifest.json", "sweep.csv", "sweep.md", "sweep.xlsx", "sweep_summary.csv"]
        manifest = build_sweep_manifest(result, files)
        (temp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    return write_folder_atomically(folder, fill)


__all__ = [
    "SHEET_MAX_ROWS",
    "WIDE_MAX_POINTS",
    "build_sweep_manifest",
    "format_summary_csv",
    "format_sweep_csv",
    "write_sweep",
    "write_sweep_workbook",
]
