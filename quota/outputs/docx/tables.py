"""Tables of the official documents, written as WordprocessingML directly.

python-docx's table API looks cells up one by one, which is slow for long
tables; here a :class:`quota.outputs.document.Table` becomes one XML string
(:func:`table_xml`), parsed once. Every row keeps together on a page
(``w:cantSplit``) and the header row repeats on every page (``w:tblHeader``);
the totals row (合计) is set in the heading font. Column widths follow what the
cells need (:func:`measure_columns`): a table wider than the portrait text
block is set on a landscape page (:func:`needs_landscape`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from quota.outputs.document import Cell, Table
from quota.outputs.docx.layout import (
    BLOCK_HEIGHT_MM,
    BLOCK_WIDTH_MM,
    TABLE_PT,
    Fonts,
    pt_to_twips,
    rpr_xml,
    runs_xml,
)
from quota.outputs.xlsx import compute_text_width

#: the text block's width, portrait and landscape [pt]
PORTRAIT_PT = BLOCK_WIDTH_MM / 25.4 * 72
LANDSCAPE_PT = BLOCK_HEIGHT_MM / 25.4 * 72
#: left and right padding of a cell [twips] and what both take together [pt]
CELL_MARGIN = 85
_PADDING_PT = 2 * CELL_MARGIN / 20 + 2.0
#: a header wraps onto at most this many lines before its column grows
HEADER_LINES = 2
#: text cells wider than this wrap [characters of the table's size]
WIDEST_TEXT_EM = 9.0
#: headers up to this wide stay on one line [characters]
SHORT_HEADER_EM = 2.0
#: a header longer than two lines of this many characters wraps onto more lines
WIDEST_HEADER_EM = 6.0


def _em(text: str) -> float:
    """Width of a text in characters of its size (a CJK character is 1, a digit ½)."""
    return compute_text_width(text) / 2


def _is_wide(text: str) -> bool:
    """Whether a text has CJK characters (it may break between any two of them)."""
    return compute_text_width(text) > len(text)


def _header_em(text: str) -> float:
    """Width a header needs when it may wrap onto :data:`HEADER_LINES` lines.

    At most :data:`WIDEST_HEADER_EM` (a longer header takes more lines); words of
    Latin letters do not break: the longest one sets the least width.
    """
    balanced = min(math.ceil(_em(text) / HEADER_LINES * 2) / 2, WIDEST_HEADER_EM)
    balanced = max(balanced, min(_em(text), SHORT_HEADER_EM))  # 减员 stays on one line
    if _is_wide(text):
        return balanced
    return max(max((_em(w) for w in text.split()), default=0.0), balanced)


def measure_columns(table: Table, size_pt: float = TABLE_PT) -> list[float]:
    """The width each column needs [pt]: its header on two lines, its widest cell on one.

    Text cells wider than :data:`WIDEST_TEXT_EM` characters wrap instead.
    """
    count = len(table.headers)
    needs = [_header_em(h) for h in table.headers]
    rows = [*table.rows, *([table.total] if table.total else [])]
    for row in rows:
        for j, cell in enumerate(row[:count]):
            width = _em(cell.text)
            if cell.cls == "text":
                width = min(width, WIDEST_TEXT_EM)
            if width > needs[j]:
                needs[j] = width
    return [n * size_pt + _PADDING_PT for n in needs]


def split_header(text: str, available_em: float) -> list[str]:
    """A header without spaces on as few balanced lines as fit ``available_em`` characters.

    ``现有编制`` in a column of three characters gives ``现有`` / ``编制`` (Word would
    give ``现有编`` / ``制``); a bracket starts a line when it can (``空编`` / ``(超编)``).
    Headers with spaces or without CJK characters are left to the word processor.
    """
    width = _em(text)
    if width <= available_em + 1e-9 or " " in text or len(text) < 2 or not _is_wide(text):
        return [text]
    lines = math.ceil(width / max(available_em, 0.5))
    for bracket in ("(", "（"):
        cut = text.find(bracket)
        if lines == 2 and cut > 0 and max(_em(text[:cut]), _em(text[cut:])) <= available_em:
            return [text[:cut], text[cut:]]
    target = width / lines
    out: list[str] = []
    line = ""
    for char in text:
        if line and len(out) < lines - 1 and _em(line + char) > target + 1e-9:
            out.append(line)
            line = ""
        line += char
    return [*out, line]


def needs_landscape(tables: Sequence[Table]) -> bool:
    """Whether one of the tables is wider than the portrait text block."""
    return any(sum(measure_columns(t)) > PORTRAIT_PT + 0.5 for t in tables)


def fit_widths(needs: Sequence[float], block_pt: float) -> list[int]:
    """Column widths [twips] filling the block.

    When the columns need less than the block, each gets what it needs and the
    rest in proportion. When they need more, the widest ones give way first:
    every column keeps what it needs up to a common cap, so a column of street
    names is not squeezed into one character per line by a long header
    elsewhere.
    """
    total = sum(needs) or 1.0
    if total <= block_pt:
        widths = [pt_to_twips(n * block_pt / total) for n in needs]
    else:
        cap = _common_cap(needs, block_pt)
        widths = [pt_to_twips(min(n, cap)) for n in needs]
    widths[-1] += pt_to_twips(block_pt) - sum(widths)  # rounding: the block exactly
    return widths


def _common_cap(needs: Sequence[float], block_pt: float) -> float:
    """The largest ``c`` with ``sum(min(n, c)) <= block_pt`` (water filling)."""
    ordered = sorted(needs)
    left, count = block_pt, len(ordered)
    for i, need in enumerate(ordered):
        share = left / (count - i)
        if need > share:
            return share
        left -= need
    return ordered[-1] if ordered else block_pt


def table_xml(table: Table, fonts: Fonts, block_pt: float) -> str:
    """One table as a ``w:tbl`` element (namespace declared), full width of the block.

    Parameters
    ----------
    table : Table
        Headers, rows, an optional totals row; text cells (``cls == "text"``)
        are left-aligned, numbers centred.
    fonts : Fonts
        Fonts of the document: cells in the body font, the header row and the
        totals row's label in the first-level heading font.
    block_pt : float
        Width of the text block [pt] (portrait or landscape).
    """
    widths = fit_widths(measure_columns(table), block_pt)
    zh, bold = fonts.lang == "zh", fonts.bold_headings
    body = (
        rpr_xml(fonts, "table", TABLE_PT),
        rpr_xml(fonts, "table", TABLE_PT, hint=True) if zh else None,
    )
    strong = (
        rpr_xml(fonts, "heading1", TABLE_PT, bold=bold),
        rpr_xml(fonts, "heading1", TABLE_PT, bold=bold, hint=True) if zh else None,
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    margins = (
        f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
    )
    parts = [
        '<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
        f'<w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar>{margins}</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>',
        f"<w:tblGrid>{grid}</w:tblGrid>",
    ]
    available = [(w / 20 - _PADDING_PT) / TABLE_PT for w in widths]
    header = [
        Cell("\n".join(split_header(h, room)), "head")
        for h, room in zip(table.headers, available, strict=False)
    ]
    parts.append(_row_xml(header, widths, strong, strong, header=True))
    for row in table.rows:
        parts.append(_row_xml(row, widths, body, body))
    if table.total:
        parts.append(_row_xml(table.total, widths, strong, body))
    parts.append("</w:tbl>")
    return "".join(parts)


def _row_xml(
    cells: Sequence[Cell],
    widths: Sequence[int],
    first: tuple[str, str | None],
    rest: tuple[str, str | None],
    *,
    header: bool = False,
) -> str:
    """A row that keeps together on a page; the header row repeats on every page."""
    props = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    out = [f"<w:tr><w:trPr>{props}</w:trPr>"]
    for j, width in enumerate(widths):
        cell = cells[j] if j < len(cells) else Cell("", "text")
        rpr = first if j == 0 else rest
        align = "left" if cell.cls == "text" and not header else "center"
        brk = f"<w:r>{rpr[0]}<w:br/></w:r>"
        run = brk.join(runs_xml(line, *rpr) for line in cell.text.split("\n"))
        out.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
            f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="{align}"/>'
            f"</w:pPr>{run}</w:p></w:tc>"
        )
    out.append("</w:tr>")
    return "".join(out)
