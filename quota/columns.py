"""Canonical column names and the headers offices write for them.

Canonical names are English snake_case and are used everywhere inside the
package; Chinese names appear only at the edges (reading and reporting).
"""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------
# Street table columns
# --------------------------------------------------------------------------

#: canonical column -> accepted headers (compared after :func:`normalize_header`)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "street": (
        "街道",
        "街道名称",
        "乡镇(街道)",
        "乡镇街道",
        "乡镇",
        "镇街",
        "镇(街道)",
        "名称",
        "name",
    ),
    "population": ("常住人口", "常住人口数", "人口"),
    "registered_population": ("户籍人口", "户籍人口数"),
    "households": ("户数", "总户数"),
    "area_km2": ("面积", "辖区面积", "面积(平方公里)", "辖区面积(平方公里)", "面积(km2)", "area"),
    "communities": ("社区数", "社区数量", "村(社区)数"),
    "grids": ("网格数", "网格数量"),
    "duty_items": ("权责清单事项数", "权责事项", "权责事项数", "权责清单事项"),
    "enforcement_cases": ("执法案件数", "执法案件"),
    "hotline_tickets": ("12345工单数", "热线工单", "热线工单数", "12345工单"),
    "enterprises": ("市场主体数", "企业数", "市场主体"),
    "offices": ("内设机构数", "内设机构"),
    "units": ("事业单位数", "事业单位"),
    "current_admin": ("现有行政编制", "现有行政编制数", "行政编制"),
    "current_institutional": ("现有事业编制", "现有事业编制数", "事业编制"),
    "onboard_admin": ("行政实有人数", "行政编制实有人数", "行政在编人数"),
    "onboard_institutional": ("事业实有人数", "事业编制实有人数", "事业在编人数"),
}

#: street names that mark a totals row, which is dropped with a notice
TOTAL_ROW_NAMES: frozenset[str] = frozenset(
    {"合计", "总计", "小计", "总和", "total", "subtotal", "sum"}
)


def normalize_text(value: str) -> str:
    """Normalise a name or cell the same way wherever names are compared.

    NFKC folds full-width characters (``１２`` → ``12``, ``（东）`` → ``(东)``);
    surrounding and repeated inner whitespace is removed.
    """
    text = unicodedata.normalize("NFKC", value)
    return re.sub(r"\s+", " ", text).strip()


def normalize_header(value: str) -> str:
    """Key under which a header is looked up in the alias table (no spaces, lower case)."""
    return re.sub(r"\s+", "", normalize_text(value)).lower()


def build_alias_lookup() -> dict[str, str]:
    """Map every accepted header (normalised) to its canonical column name."""
    lookup: dict[str, str] = {}
    for canonical, aliases in COLUMN_ALIASES.items():
        lookup[normalize_header(canonical)] = canonical
        for alias in aliases:
            lookup[normalize_header(alias)] = canonical
    return lookup


ALIAS_LOOKUP: dict[str, str] = build_alias_lookup()


def canonical_column(header: str) -> str:
    """Canonical name of a source header; unknown headers keep their normalised text."""
    key = normalize_header(header)
    if key in ALIAS_LOOKUP:
        return ALIAS_LOOKUP[key]
    return normalize_text(header)


# --------------------------------------------------------------------------
# Allocation table (the CSV contract)
# --------------------------------------------------------------------------

#: columns of ``allocation.csv`` and ``Result.table``, in order
RESULT_COLUMNS: tuple[str, ...] = (
    "street",
    "kind",
    "current",
    "base",
    "quantified",
    "turnover",
    "total",
    "change",
    "onboard",
    "vacancy",
    "score",
    "ideal",
)

#: the per-kind count columns of the allocation table, in review order
KIND_COLUMNS: tuple[str, ...] = (
    "current",
    "base",
    "quantified",
    "turnover",
    "total",
    "change",
    "onboard",
    "vacancy",
)
