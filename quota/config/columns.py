"""Canonical column names and the headers offices write for them.

Canonical names are English snake_case and are used everywhere inside the
package; Chinese names appear only at the edges (reading and reporting).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

# --------------------------------------------------------------------------
# Street table columns
# --------------------------------------------------------------------------

#: words that name a kind of quota in a header, by kind (行政 → admin, 事业 → institutional)
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "admin": ("行政", "行政编制", "行政类", "行政类编制"),
    "institutional": ("事业", "事业编制", "事业类", "事业类编制"),
}

#: words that name what a per-kind column counts, by role: ``current`` quotas (编制) or
#: staff ``onboard`` (人数); written after a kind (行政在编人数), before it in brackets
#: (在编人数(行政)) or under a kind's group cell in a two-row header (行政编制 / 在编人数)
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "current": (
        "现有编制",
        "现有编制数",
        "核定编制",
        "核定编制数",
        "编制核定数",
        "核定数",
        "编制数",
        "编制",
        "现有",
        "核定",
    ),
    "onboard": (
        "实有人数",
        "实有人员",
        "实有人员数",
        "在编人数",
        "在编人员",
        "在编人员数",
        "在岗人数",
        "在岗人员",
        "实配人数",
        "实配人员",
        "实有",
        "在编",
    ),
}

#: first words of a kind's column written around the kind (现有行政编制, 在编行政人员), by role,
#: with the words that may follow the kind
_ROLE_AROUND_KIND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "current": (("现有", "核定"), ("编制", "编制数")),
    "onboard": (("实有", "在编", "在岗", "实配"), ("人数", "人员", "人员数")),
}

#: canonical column -> accepted headers written out; see :data:`COLUMN_ALIASES`
_LISTED_ALIASES: dict[str, tuple[str, ...]] = {
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
    "district": (
        "区县",
        "区县名称",
        "所属区县",
        "所属区",
        "所属县区",
        "县区",
        "县(市、区)",
        "县(市,区)",
        "县市区",
        "区(县)",
        "区(县、市)",
        "区县(市)",
    ),
    "province": (
        "省",
        "省份",
        "省份名称",
        "所属省",
        "所属省份",
        "省(区、市)",
        "省区市",
        "省(自治区、直辖市)",
    ),
    "city": ("市", "地市", "城市", "所属市", "所属地市", "地级市", "市(州)", "市州", "地市名称"),
    "county": ("县", "县名", "县名称", "所属县", "县(市)", "县市"),
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


def kind_role_headers(kind: str, role: str) -> tuple[str, ...]:
    """Every header generated for a kind's column of a role (``admin``, ``onboard``).

    The kind word goes before the role word (行政在编人数, 行政编制核定数), after it in
    brackets (在编人数(行政)), or inside it (现有行政编制数, 在编行政人员).
    """
    headers: list[str] = []
    kinds = KIND_WORDS[kind]
    for word in kinds:
        for role_word in ROLE_WORDS[role]:
            headers.append(word + role_word)
            headers.append(f"{role_word}({word})")
    before, after = _ROLE_AROUND_KIND[role]
    for first in before:
        for word in kinds:
            for last in after:
                if word.endswith("编制") and last.startswith("编制"):
                    continue
                headers.append(first + word + last)
    return tuple(dict.fromkeys(headers))


def _with_generated_aliases(listed: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The listed aliases, each canonical's generated kind headers appended (listed ones first)."""
    aliases = dict(listed)
    for kind in KIND_WORDS:
        for role in ROLE_WORDS:
            canonical = f"{role}_{kind}"
            present = {normalize_header(a) for a in aliases.get(canonical, ())}
            extra = [h for h in kind_role_headers(kind, role) if normalize_header(h) not in present]
            aliases[canonical] = (*aliases.get(canonical, ()), *extra)
    return aliases


#: street names that mark a totals row, which is dropped with a notice
TOTAL_ROW_NAMES: frozenset[str] = frozenset(
    {"合计", "总计", "小计", "总和", "total", "subtotal", "sum"}
)


#: invisible characters removed from every name and header: byte order marks (a file
#: saved twice with a BOM starts with two), zero-width spaces and joiners, word joiners
INVISIBLE_CHARACTERS: str = "\ufeff\u200b\u200c\u200d\u2060\u180e\ufffe"
_INVISIBLE_TABLE = str.maketrans("", "", INVISIBLE_CHARACTERS)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE_CHARACTERS}]")


def normalize_text(value: str) -> str:
    """Normalise a name or cell the same way wherever names are compared.

    NFKC folds full-width characters (``１２`` → ``12``, ``（东）`` → ``(东)``);
    invisible characters (:data:`INVISIBLE_CHARACTERS`) and surrounding and
    repeated inner whitespace are removed.
    """
    if _INVISIBLE_RE.search(value):
        value = value.translate(_INVISIBLE_TABLE)
    text = unicodedata.normalize("NFKC", value)
    return re.sub(r"\s+", " ", text).strip()


def normalize_header(value: str) -> str:
    """Key under which a header is looked up in the alias table (no spaces, lower case)."""
    return re.sub(r"\s+", "", normalize_text(value)).lower()


#: canonical column -> accepted headers (compared after :func:`normalize_header`): the
#: listed ones, then for ``current_<kind>`` and ``onboard_<kind>`` every combination of
#: :data:`KIND_WORDS` and :data:`ROLE_WORDS` (see :func:`kind_role_headers`)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = _with_generated_aliases(_LISTED_ALIASES)


def alias_conflicts(aliases: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Headers that two canonical columns both claim (empty when the table is sound)."""
    owner: dict[str, str] = {}
    conflicts: list[str] = []
    for canonical, names in (aliases or COLUMN_ALIASES).items():
        for name in (canonical, *names):
            key = normalize_header(name)
            if owner.setdefault(key, canonical) != canonical:
                conflicts.append(f"{name!r} means both {owner[key]!r} and {canonical!r}")
    return conflicts


def build_alias_lookup() -> dict[str, str]:
    """Map every accepted header (normalised) to its canonical column name.

    A header two canonical columns claim goes to the first (see :func:`alias_conflicts`).
    """
    lookup: dict[str, str] = {}
    for canonical, aliases in COLUMN_ALIASES.items():
        lookup.setdefault(normalize_header(canonical), canonical)
        for alias in aliases:
            lookup.setdefault(normalize_header(alias), canonical)
    return lookup


ALIAS_LOOKUP: dict[str, str] = build_alias_lookup()

_KIND_OF_WORD: dict[str, str] = {
    normalize_header(word): kind for kind, words in KIND_WORDS.items() for word in words
}
_ROLE_OF_WORD: dict[str, str] = {
    normalize_header(word): role for role, words in ROLE_WORDS.items() for word in words
}


def canonical_column(header: str) -> str:
    """Canonical name of a source header; unknown headers keep their normalised text."""
    key = normalize_header(header)
    if key in ALIAS_LOOKUP:
        return ALIAS_LOOKUP[key]
    return normalize_text(header)


def aliases_of(canonical: str) -> tuple[str, ...]:
    """The headers accepted for a canonical column, listed ones first (empty when unknown)."""
    return COLUMN_ALIASES.get(canonical, ())


def kind_role_column(group: str, column: str) -> str | None:
    """The canonical column of a two-row header cell whose group names a kind.

    ``kind_role_column("行政编制", "现有编制") == "current_admin"``,
    ``kind_role_column("事业", "在岗人数") == "onboard_institutional"``; ``None`` when the
    group is not a kind (行政, 行政编制, 事业, 事业编制, ...) or the column not a role word.
    """
    kind = _KIND_OF_WORD.get(normalize_header(group))
    role = _ROLE_OF_WORD.get(normalize_header(column))
    if kind is None or role is None:
        return None
    return f"{role}_{kind}"


def suggest_header(
    name: str,
    headers: Iterable[str],
    cutoff: float = 0.6,
    *,
    known_as: Mapping[str, str] | None = None,
    same_column: bool = True,
) -> str | None:
    """The header closest to ``name`` (for "did you mean ...?" messages), or ``None``.

    ``name`` may be a header, a canonical column or one of its accepted headers; it is
    compared (after :func:`normalize_header`) with each header, and a canonical or known
    name also through the headers accepted for it. Returns the header as given, the one
    with the highest similarity ratio (at least ``cutoff``, 0 to 1); on a tie the one
    matched by ``name`` itself, then by the accepted headers listed first, then the
    header listed first.

    Parameters
    ----------
    name : str
        What was asked for.
    headers : iterable of str
        The headers to choose from.
    cutoff : float
        Least similarity ratio of a suggestion [-]; the street table's checks use 0.6,
        the scenario's roles 0.5 (``staff_admin`` for ``onboard_admin``).
    known_as : mapping, optional
        Header -> another name of its column (the canonical name the reader gave it),
        compared like the header itself.
    same_column : bool
        A header that means the same column as ``name`` (the same canonical column) is
        the answer outright.
    """
    names = known_as or {}
    choices: dict[str, str] = {}
    for header in headers:
        choices.setdefault(normalize_header(header), header)
        if header in names:
            choices.setdefault(normalize_header(names[header]), header)
    target = normalize_header(name)
    if not target or not choices:
        return None
    canonical = canonical_column(name)
    if same_column:
        for key, header in choices.items():
            if key == target or (
                canonical in COLUMN_ALIASES and canonical_column(header) == canonical
            ):
                return header
    forms = dict.fromkeys([target, *(normalize_header(a) for a in aliases_of(canonical))])
    best: tuple[float, str] | None = None
    for form in forms:
        for key, header in choices.items():
            ratio = difflib.SequenceMatcher(None, form, key).ratio()
            if ratio >= cutoff and (best is None or ratio > best[0]):
                best = (ratio, header)
    return best[1] if best else None


# --------------------------------------------------------------------------
# Allocation table (the CSV contract)
# --------------------------------------------------------------------------

#: the levels a scenario may name (``levels:``), top first; each upper level is a column of
#: the street table (a street's province, city, county or district) and, with levels, of
#: ``allocation.csv`` and ``Result.table``, before ``street``
LEVEL_NAMES: tuple[str, ...] = ("province", "city", "county", "district", "street")
#: the levels above the streets, in the order their columns come in ``allocation.csv``
UPPER_LEVELS: tuple[str, ...] = LEVEL_NAMES[:-1]

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
