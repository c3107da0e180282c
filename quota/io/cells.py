"""What one cell's text means: numbers, units, value ranges, notes; cell addresses.

Text is folded with NFKC (full-width digits and punctuation); thousands
separators, stray spaces and a unit suffix that matches the column ("12.5平方公里"
in an area column) are removed. A different unit, a multiplier (万, 亿), an
Excel error value, a value that is not finite (inf, nan, 1e400) or larger than
:data:`MAX_ABS_VALUE` either way is refused with the reason
(:func:`parse_cell`). Numbers stored as text are numbers. Counts (staff,
quotas, offices, units) are at most :data:`MAX_COUNT`. The units a column is
in when the file does not say are :data:`DEFAULT_UNITS`.

This module reads single texts only; it knows nothing of files, headers or rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from quota.config.columns import normalize_text
from quota.errors import Msg
from quota.locale import msg

#: largest size of a number in a cell; beyond it a value is a typing or unit error, and a
#: float no longer holds every whole number exactly [same unit as the cell]
MAX_ABS_VALUE = 1e15
#: most staff, quotas, offices or units one cell may count
#: (:func:`quota.io.table.check_integer_columns`) [count]
MAX_COUNT = 10**9
#: a cell longer than this is never read as a number (bounds the work on junk) [characters]
MAX_NUMBER_CHARS = 100
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
#: a column of plain numbers, one a line (:func:`parse_plain_column`)
_NUMBER_LINES_RE = re.compile(rf"(?:{_NUMBER}\n)*{_NUMBER}")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
#: the number at the start of a cell such as "12.5平方公里" (one way to match: linear time)
_NUMBER_HEAD_RE = re.compile(r"[+-]?[\d.,]+")
_EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    }
)
_EMPTY_TEXTS = frozenset({"", "-", "--", "—", "——", "/"})
_NOTE_RE = re.compile(
    r"^(注|备注|说明|附注|附[:：]|填表|填报|制表|审核|审批|复核|负责人|单位负责人|联系人|联系电话|电话|"
    r"数据来源|资料来源|来源[:：]|统计时间|统计口径|截至|截止|以上|日期[:：]|单位[:：]|note|source)",
    re.IGNORECASE,
)
#: unit spellings -> one key (after NFKC: ``km²`` becomes ``km2``)
_UNIT_SYNONYMS: dict[str, str] = {
    "平方公里": "平方公里",
    "平方千米": "平方公里",
    "km2": "平方公里",
    "km^2": "平方公里",
    "sqkm": "平方公里",
    "人": "人",
    "名": "人",
    "个": "个",
    "户": "户",
    "家": "家",
    "件": "件",
    "起": "件",
    "单": "单",
    "条": "条",
    "项": "项",
    "次": "次",
    "所": "所",
    "处": "处",
    "公顷": "公顷",
    "亩": "亩",
    "平方米": "平方米",
    "m2": "平方米",
    "元": "元",
    "万元": "万元",
    "亿元": "亿元",
    "万人": "万人",
    "万户": "万户",
    "%": "%",
}
_MULTIPLIERS = {"万": 1e4, "亿": 1e8}
#: units a canonical column is in when the file does not say
DEFAULT_UNITS: dict[str, tuple[str, ...]] = {
    "population": ("人",),
    "registered_population": ("人",),
    "households": ("户",),
    "area_km2": ("平方公里",),
    "communities": ("个",),
    "grids": ("个",),
    "duty_items": ("项", "个", "条", "件"),
    "enforcement_cases": ("件", "个"),
    "hotline_tickets": ("件", "单", "条", "个"),
    "enterprises": ("户", "家", "个"),
    "offices": ("个",),
    "units": ("个",),
    "current_admin": ("人", "个"),
    "current_institutional": ("人", "个"),
    "onboard_admin": ("人",),
    "onboard_institutional": ("人",),
}

# --------------------------------------------------------------------------
# Numbers in messages, cell addresses
# --------------------------------------------------------------------------


def format_number(value: float) -> str:
    """A number for a message: whole numbers without a decimal point."""
    if math.isfinite(value) and value == round(value) and abs(value) < 1e15:
        return str(int(round(value)))
    return f"{value:.10g}"


def column_letter(position: int) -> str:
    """Excel's letter of a 0-based column position (0 -> A, 26 -> AA)."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_position(letters: str) -> int:
    """0-based position of an Excel column letter (A -> 0)."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------


def _parse_plain(cleaned: str) -> float | None:
    """A plain number (optionally with thousands separators or a percent sign)."""
    text = cleaned.replace(" ", "").replace("\u2212", "-")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if "," in text:
        if not _GROUPED_RE.match(text):
            return None
        text = text.replace(",", "")
    if not _NUMBER_RE.match(text):
        return None
    value = float(text)
    if not math.isfinite(value):
        return None
    return value / 100.0 if percent else value


def _bounded(text: str) -> str | None:
    """The cell, stripped when it is long; ``None`` when it is too long to be a number."""
    if len(text) <= MAX_NUMBER_CHARS:
        return text
    stripped = text.strip()
    return stripped if len(stripped) <= MAX_NUMBER_CHARS else None


def parse_number(text: str) -> float | None:
    """Parse a cell as a number; ``None`` when it is not one.

    Full-width digits and separators are folded (NFKC); thousands separators
    (in groups of three) and spaces are removed; empty cells are NaN. Infinite
    values and texts longer than :data:`MAX_NUMBER_CHARS` are not numbers.
    """
    bounded = _bounded(text)
    if bounded is None:
        return None
    if _NUMBER_RE.match(bounded):  # the common case, without normalising
        value = float(bounded)
        return value if math.isfinite(value) else None
    cleaned = normalize_text(bounded)
    if cleaned in _EMPTY_TEXTS:
        return math.nan
    return _parse_plain(cleaned)


def is_numeric_text(text: str) -> bool:
    value = parse_number(text)
    return value is not None and not math.isnan(value)


def normalize_unit(text: str) -> str | None:
    """The key of a unit spelling (``平方千米`` -> ``平方公里``), or ``None`` when unknown."""
    key = re.sub(r"^(单位|计量单位)[:：]?", "", normalize_text(text)).strip(" ()[]【】").lower()
    return _UNIT_SYNONYMS.get(key)


def parse_cell(text: str, units: tuple[str, ...] = ()) -> tuple[float | None, str | Msg]:
    """Parse a cell as a number, or say why it is not one.

    Parameters
    ----------
    text : str
        The cell as text.
    units : tuple of str
        Unit keys (see :func:`normalize_unit`) the column is in; a number
        followed by one of them is read as the number.

    Returns
    -------
    value : float or None
        The number (NaN for an empty cell), or ``None`` when the cell is not one:
        not a number, not finite (``inf``, ``nan``, ``1e400``), larger than
        :data:`MAX_ABS_VALUE` either way, or a text longer than :data:`MAX_NUMBER_CHARS`.
    complaint : str or Msg
        Empty when the value is usable, else what was expected and found (a
        message that renders in the user's language).
    """
    if len(text) <= MAX_NUMBER_CHARS and _NUMBER_RE.match(text):  # the common case, fast
        plain = float(text)
        if math.isfinite(plain) and abs(plain) <= MAX_ABS_VALUE:
            return plain, ""
    bounded = _bounded(text)
    if bounded is None:
        return None, msg("io.cell_text_too_long", count=len(text.strip()))
    value, complaint = _parse_cell(bounded, units)
    if value is not None and abs(value) > MAX_ABS_VALUE:
        return None, msg("io.cell_out_of_range", text=normalize_text(bounded))
    return value, complaint


def parse_plain_column(texts: Sequence[str]) -> Sequence[float] | None:
    """The numbers of a column whose every cell is a plain number, or ``None`` when one is not.

    What :func:`parse_cell` gives each cell, when every cell takes its common
    case (a plain number, at most :data:`MAX_NUMBER_CHARS` long, finite and at
    most :data:`MAX_ABS_VALUE` either way), checked for the whole column at
    once: one regular expression over the cells joined by line breaks, then
    ``float`` of each. ``None`` sends the caller to :func:`parse_cell`, cell by
    cell (an empty cell, a unit, a thousands separator, a cell with a line break).
    """
    if not texts:
        return []
    lengths = list(map(len, texts))
    if min(lengths) == 0 or max(lengths) > MAX_NUMBER_CHARS:
        return None
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return None  # a cell with a line break
    digits = joined.replace("\n", "")
    if not (digits.isascii() and digits.isdigit()) and not _NUMBER_LINES_RE.fullmatch(joined):
        return None  # whole numbers need no regular expression
    values = list(map(float, texts))
    if not -MAX_ABS_VALUE <= min(values) <= max(values) <= MAX_ABS_VALUE:  # inf too
        return None
    return values


def _parse_cell(text: str, units: tuple[str, ...]) -> tuple[float | None, str | Msg]:
    if _NUMBER_RE.match(text):  # the common case, without normalising
        value = float(text)
        if math.isfinite(value):
            return value, ""
    cleaned = normalize_text(text)
    if cleaned in _EMPTY_TEXTS:
        return math.nan, ""
    plain = _parse_plain(cleaned)
    if plain is not None:
        return plain, ""
    if cleaned.upper() in _EXCEL_ERRORS:
        return None, msg("io.cell_excel_error", error=cleaned)
    head = _NUMBER_HEAD_RE.match(cleaned)
    suffix = cleaned[head.end() :].strip() if head else ""
    number = _parse_plain(head.group()) if head and suffix and not suffix[0].isdigit() else None
    if number is None:
        return None, msg("io.cell_not_number", text=cleaned)
    unit = normalize_unit(suffix)
    if unit is not None and unit in units:
        return number, ""
    if suffix[:1] in _MULTIPLIERS:
        whole = format_number(number * _MULTIPLIERS[suffix[0]])
        return None, msg("io.cell_multiplier", text=cleaned, whole=whole)
    if unit is not None and units:
        return None, msg("io.cell_wrong_unit", text=cleaned, unit=units[0])
    if unit is not None:
        return None, msg("io.cell_unit_not_allowed", text=cleaned)
    return None, msg("io.cell_not_number", text=cleaned)


def holds_number(text: str, units: tuple[str, ...]) -> bool:
    """Whether a cell holds a number: plain, with a unit (12000人) or a multiplier (3万)."""
    value, _ = parse_cell(text, units)
    if value is not None:
        return not math.isnan(value)
    bounded = _bounded(text)
    if bounded is None:
        return False
    cleaned = normalize_text(bounded)
    head = _NUMBER_HEAD_RE.match(cleaned)
    if head is None or not any(ch.isdigit() for ch in head.group()):
        return False
    suffix = cleaned[head.end() :].strip()
    if not suffix:
        return True  # a number that is out of range or malformed (1,2,3) is still numbers
    return suffix[0] in _MULTIPLIERS or normalize_unit(suffix) is not None


# --------------------------------------------------------------------------
# Notes
# --------------------------------------------------------------------------


def is_note_text(text: str) -> bool:
    """Whether a cell reads like a note under a table (注：..., 填表人：..., 数据来源：...)."""
    return is_note_folded(normalize_text(text))


def is_note_folded(folded: str) -> bool:
    """:func:`is_note_text` of a text already through :func:`normalize_text`."""
    return bool(_NOTE_RE.match(folded))
