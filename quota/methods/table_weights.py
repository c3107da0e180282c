"""Weights of a street table's columns (``quota weights DATA``), and how they are shown.

Which columns are indicators (not row numbers, codes, structure or staffing),
the weights of those columns by ``entropy``, ``critic`` or ``ahp`` (with an
AHP matrix file), and the plain-text table the command line prints.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from quota._typing import FloatArray
from quota.config.columns import COLUMN_ALIASES, normalize_header
from quota.config.schema import TABLE_WEIGHT_METHODS, canonical_column
from quota.errors import InputError, Msg, render
from quota.io.table import StreetTable, check_numeric_columns
from quota.locale import msg
from quota.methods.ahp import CR_LIMIT, compute_ahp_weights
from quota.methods.ahp_file import read_ahp_matrix
from quota.methods.phrases import column_name, join_parts
from quota.methods.weights import WeightResult, derive_weights, method_name

#: columns of a street table that are never indicators
NON_INDICATOR_COLUMNS: frozenset[str] = frozenset({"street", "offices", "units"})
#: prefixes of structural columns (quotas, staff, bases, plan figures)
NON_INDICATOR_PREFIXES: tuple[str, ...] = ("current_", "onboard_", "base_", "retiring_")
#: methods ``quota weights`` derives from a street table
TABLE_METHODS: tuple[str, ...] = TABLE_WEIGHT_METHODS
#: headers (compared after :func:`quota.config.columns.normalize_header`) of row-number columns
ROW_NUMBER_HEADERS: frozenset[str] = frozenset({"序号", "行号", "no.", "no", "#"})
#: headers (compared likewise) of code columns
CODE_HEADERS: frozenset[str] = frozenset(
    {"编号", "代码", "编码", "行政区划代码", "区划代码", "统计用区划代码", "id", "code"}
)
#: a column of whole numbers with at least this many digits is a code column (region codes)
CODE_DIGITS = 6


def _reason_messages() -> dict[str, Msg]:
    return {
        "row_numbers": msg("methods.skip.row_numbers"),
        "codes": msg("methods.skip.codes"),
        "structure": msg("methods.skip.structure"),
        "current": msg("methods.skip.current"),
        "onboard": msg("methods.skip.onboard"),
        "base": msg("methods.skip.base"),
        "retiring": msg("methods.skip.retiring"),
        "text": msg("methods.skip.text"),
        "empty": msg("methods.skip.empty"),
    }


#: reasons given in :attr:`WeightResult.skipped` (in English; :func:`format_skipped`
#: says them in the user's language)
SKIP_REASONS: dict[str, str] = {key: str(text) for key, text in _reason_messages().items()}
_REASON_TEXTS: dict[str, Msg] = {str(text): text for text in _reason_messages().values()}
_STRUCTURAL_REASONS: dict[str, str] = {
    "current": "current",
    "onboard": "onboard",
    "base": "base",
    "retiring": "retiring",
}


# --------------------------------------------------------------------- columns


def _is_numeric_column(column: pd.Series) -> bool:
    return bool(
        pd.api.types.is_float_dtype(column) or pd.api.types.is_integer_dtype(column)
    ) and not pd.api.types.is_bool_dtype(column)


def _looks_like_row_numbers(values: FloatArray) -> bool:
    """Values exactly 1, 2, ..., n in table order (n >= 2)."""
    n = len(values)
    return n >= 2 and bool(np.array_equal(values, np.arange(1, n + 1, dtype=float)))


def _looks_like_codes(values: FloatArray) -> bool:
    """Distinct whole numbers, all with the same number (>= CODE_DIGITS) of digits, like 420117001."""
    if len(values) == 0 or not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
        return False
    if np.any(values < 10 ** (CODE_DIGITS - 1)):
        return False
    digits = {len(str(int(v))) for v in values}
    return len(digits) == 1 and len(np.unique(values)) == len(values)


def _skip_reason(name: str, column: pd.Series) -> str | None:
    """Why a street-table column is not a default indicator (a key of SKIP_REASONS), or None."""
    if name in NON_INDICATOR_COLUMNS:
        return "structure"
    for prefix in NON_INDICATOR_PREFIXES:
        if name.startswith(prefix) or name == prefix.rstrip("_"):
            return _STRUCTURAL_REASONS[prefix.rstrip("_")]
    key = normalize_header(name)
    named_row_numbers = key in ROW_NUMBER_HEADERS
    named_code = key in CODE_HEADERS
    if not _is_numeric_column(column):
        if named_row_numbers:
            return "row_numbers"
        return "codes" if named_code else "text"
    values = column.to_numpy(dtype=float, na_value=np.nan)
    if named_row_numbers or (named_code and _looks_like_row_numbers(values)):
        return "row_numbers"
    if named_code:
        return "codes"
    if name not in COLUMN_ALIASES:
        # only columns the alias table does not know are judged by their values: a
        # known indicator (population of 100,000 and more, 1..n communities) never is
        if _looks_like_row_numbers(values):
            return "row_numbers"
        if _looks_like_codes(values):
            return "codes"
    if np.isnan(values).any():
        return "empty"
    return None


def classify_indicator_columns(frame: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """A street table's default indicators, and the other columns with why they are left out.

    Left out, besides the street name:

    * row numbers: a header such as 序号 or No., or (for a column the alias table
      does not know) the values 1, 2, ..., n in table order;
    * codes: a header such as 编号, 代码, 行政区划代码 or id, or (for a column the
      alias table does not know) distinct whole numbers of one length of at least
      :data:`CODE_DIGITS` digits, like region codes;
    * structure and staffing: ``offices``, ``units`` and the columns starting with
      ``current_``, ``onboard_``, ``base_`` or ``retiring_``;
    * columns that are not numbers throughout, or have empty cells.

    Returns
    -------
    (list of str, dict of str to str)
        Indicator columns in table order; skipped column -> reason (see
        :data:`SKIP_REASONS`), in table order.
    """
    indicators: list[str] = []
    skipped: dict[str, str] = {}
    for name in frame.columns:
        text = str(name)
        if text == "street":
            continue
        reason = _skip_reason(text, frame[name])
        if reason is None:
            indicators.append(text)
        else:
            skipped[text] = SKIP_REASONS[reason]
    return indicators, skipped


def list_indicator_columns(frame: pd.DataFrame) -> list[str]:
    """Numeric columns of a street table that can be indicators, in table order.

    Leaves out the street name, row numbers and codes, ``offices``, ``units``,
    the columns starting with ``current_``, ``onboard_``, ``base_`` or
    ``retiring_``, and columns that are not numbers throughout (see
    :func:`classify_indicator_columns`, which also says why).
    """
    return classify_indicator_columns(frame)[0]


def describe_skipped(skipped: Mapping[str, str]) -> Msg | None:
    """The skipped columns by reason, as a message (see :func:`format_skipped`); None if none."""
    groups: dict[str, list[str]] = {}
    for name, reason in skipped.items():
        groups.setdefault(reason, []).append(name)
    if not groups:
        return None
    parts: list[str | Msg] = [
        msg(
            "methods.table.skipped_group",
            names=[column_name(name) for name in names],
            reason=_REASON_TEXTS.get(why, why),
        )
        for why, names in groups.items()
    ]
    joined = parts[0]
    for part in parts[1:]:
        joined = msg("methods.table.skipped_groups", first=joined, second=part)
    return msg("methods.table.skipped", groups=joined)


def format_skipped(skipped: Mapping[str, str], *, lang: str = "en") -> str:
    """One line naming the skipped columns by reason, e.g. ``skipped 序号 (row numbers), 代码 (codes)``.

    Columns with the same reason are listed together:
    ``skipped 内设机构数, 事业单位数 (structure for the base, not workload)``.
    Empty when nothing was skipped. ``lang`` is ``"en"`` or ``"zh"`` (in Chinese
    known columns are named as in the outputs, e.g. 内设机构数 for ``offices``).
    """
    line = describe_skipped(skipped)
    return "" if line is None else line.render(lang)


# ---------------------------------------------------------------- derivation


def derive_table_weights(
    table: StreetTable,
    method: str,
    *,
    indicators: Sequence[str] | None = None,
    matrix_path: Path | None = None,
    force: bool = False,
) -> WeightResult:
    """Weights of a street table's indicators by ``entropy``, ``critic`` or ``ahp``.

    Parameters
    ----------
    table : StreetTable
        As read by :func:`quota.io.table.read_table`.
    method : str
        One of :data:`TABLE_METHODS`.
    indicators : sequence of str, optional
        Columns to weigh (canonical or as written in the file, e.g. ``常住人口``).
        Default: every indicator column (:func:`classify_indicator_columns`: not
        row numbers, codes, structure, quotas or staff); for AHP, the indicators
        of the matrix file.
    matrix_path : pathlib.Path, optional
        Pairwise-comparison matrix (CSV or YAML, see
        :func:`quota.methods.ahp_file.read_ahp_matrix`); needed for ``ahp``.
    force : bool
        Accept an AHP matrix with ``CR > 0.1``.

    Returns
    -------
    WeightResult
        With the default indicators (entropy, CRITIC), ``skipped`` names the
        columns left out and why.

    Raises
    ------
    InputError
        Unknown method, a column missing or not numeric (naming file, row and
        column), no indicator columns, a bad matrix, ``CR > 0.1`` without
        ``force``, or any error of the method.
    """
    name = str(method).strip().lower()
    if name not in TABLE_METHODS:
        raise InputError(
            msg("methods.table.unknown_method", method=method, valid=list(TABLE_METHODS))
        )
    wanted = None if indicators is None else [canonical_column(str(x)) for x in indicators]
    if wanted is not None and len(set(wanted)) != len(wanted):
        raise InputError(msg("methods.table.indicators_repeat", names=wanted))
    if name == "ahp":
        return _derive_table_ahp(table, wanted, matrix_path, force)
    if matrix_path is not None:
        raise InputError(msg("methods.table.matrix_not_used", method=name))
    skipped: dict[str, str] = {}
    if wanted is not None:
        columns = wanted
    else:
        columns, skipped = classify_indicator_columns(table.frame)
        # a known indicator with a cell that is not a number is an error, never left out
        broken = [
            c
            for c, why in skipped.items()
            if c in table.bad_cells and c in COLUMN_ALIASES and why == SKIP_REASONS["text"]
        ]
        if broken:
            raise InputError(check_numeric_columns(table, broken))
    if not columns:
        left_out = describe_skipped(skipped)
        if left_out is None:
            raise InputError(msg("methods.table.no_indicators", place=table.place))
        raise InputError(
            msg("methods.table.no_indicators_skipped", place=table.place, skipped=left_out)
        )
    problems = check_numeric_columns(table, columns)
    if problems:
        raise InputError(problems)
    values = table.frame.loc[:, columns].astype(float).reset_index(drop=True)
    return replace(derive_weights(name, values), skipped=skipped)


def _derive_table_ahp(
    table: StreetTable, wanted: list[str] | None, matrix_path: Path | None, force: bool
) -> WeightResult:
    if matrix_path is None:
        raise InputError(msg("methods.table.ahp_needs_matrix"))
    names, matrix = read_ahp_matrix(Path(matrix_path))
    canonical = [canonical_column(x) for x in names]
    if len(set(canonical)) != len(canonical):
        raise InputError(msg("methods.ahp_file.names_repeat", path=matrix_path, names=names))
    if wanted is not None:
        missing = [x for x in wanted if x not in canonical]
        extra = [x for x in canonical if x not in wanted]
        if missing or extra:
            parts: list[str | Msg] = []
            if missing:
                parts.append(msg("methods.parts.missing", names=missing))
            if extra:
                parts.append(msg("methods.table.not_in_indicators", names=extra))
            raise InputError(
                msg("methods.table.matrix_mismatch", path=matrix_path, parts=join_parts(parts))
            )
        order = [canonical.index(x) for x in wanted]
        canonical, matrix = wanted, matrix[np.ix_(order, order)]
    absent = [x for x in canonical if x not in table.frame.columns]
    if absent:
        known = [str(c) for c in table.frame.columns if c != "street"]
        raise InputError(
            msg(
                "methods.table.matrix_not_columns",
                path=matrix_path,
                names=absent,
                place=table.place,
                known=known,
            )
        )
    try:
        result = compute_ahp_weights(matrix, canonical, force=force, force_hint="cli")
    except InputError as exc:
        raise InputError(
            [msg("methods.table.matrix_problem", path=matrix_path, problem=p) for p in exc.problems]
        ) from None
    return WeightResult(weights=result.weights, method="ahp", details=result.details())


# ------------------------------------------------------------------ the table


def _width(text: str, lang: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters count twice in Chinese."""
    if lang != "zh":
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, lang: str, *, right: bool = False) -> str:
    fill = " " * max(width - _width(text, lang), 0)
    return fill + text if right else text + fill


def _figure_columns(method: str) -> list[tuple[Msg, str]]:
    """The method's figures shown per indicator: heading and details key."""
    if method == "entropy":
        return [(msg("methods.table.h_entropy"), "entropy[{}]")]
    if method == "critic":
        return [
            (msg("methods.table.h_sigma"), "sigma[{}]"),
            (msg("methods.table.h_information"), "information[{}]"),
        ]
    return []


def _ahp_line(details: Mapping[str, float]) -> Msg:
    cr = details.get("cr", 0.0)
    verdict = (
        msg("methods.table.cr_acceptable") if cr <= CR_LIMIT else msg("methods.table.cr_forced")
    )
    return msg(
        "methods.table.ahp_line",
        lambda_max=details.get("lambda_max", math.nan),
        ci=details.get("ci", 0.0),
        ri=details.get("ri", 0.0),
        cr=cr,
        verdict=verdict,
        limit=CR_LIMIT,
    )


def format_weight_table(result: WeightResult, *, lang: str = "en") -> str:
    """The weights as a plain-text table, with the method's figures.

    Entropy adds each indicator's entropy ``e``; CRITIC its ``sigma`` and
    information ``C``; AHP a line with ``lambda_max``, ``CI``, ``RI`` and
    ``CR``. The last lines say which columns were skipped and why
    (:func:`format_skipped`) and repeat the result's notices. ``lang`` is
    ``"en"`` or ``"zh"``: headings, method and known indicators in that language.
    """
    details = result.details
    extra = [(heading.render(lang), key) for heading, key in _figure_columns(result.method)]
    names = [str(x) for x in result.weights.index]
    shown = [column_name(x).render(lang) for x in names]
    first, second = msg("methods.table.h_indicator").render(lang), msg("methods.table.h_weight")
    width = max([_width(first, lang), *(_width(x, lang) for x in shown)])
    header = (
        _pad(first, width, lang)
        + "  "
        + _pad(second.render(lang), 8, lang, right=True)
        + "".join("  " + _pad(t, 11, lang, right=True) for t, _ in extra)
    )
    method = msg("methods.table.method", method=method_name(result.method))
    lines = [method.render(lang), header, "-" * _width(header, lang)]
    for name, label, weight in zip(names, shown, result.weights.to_numpy(dtype=float), strict=True):
        cells = "".join(f"  {details.get(key.format(name), math.nan):>11.6f}" for _, key in extra)
        lines.append(f"{_pad(label, width, lang)}  {weight:>8.6f}{cells}")
    if result.method == "ahp":
        lines.append(_ahp_line(details).render(lang))
    if result.skipped:
        lines.append(format_skipped(result.skipped, lang=lang))
    lines.extend(
        msg("methods.table.note", notice=render(notice, lang)).render(lang)
        for notice in result.notices
    )
    return "\n".join(lines)
