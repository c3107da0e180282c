"""Lay out an :class:`~quota.outputs.docx.content.OfficialDocument` and save it, byte for byte the same.

The order on the page is GB/T 9704-2012's: the document number (发文字号) over a
red rule when the scenario gives one; the title (2号 小标宋, centred) and one
empty line; the 主送机关 flush left with a full-width colon; the body; the
closing (以上请示，妥否，请批示。); one empty line and the list of attachments
(附件：1. …, the names aligned); the issuing office centred over the date, the
date four characters in from the right; then each attachment on pages of its
own (附件1 in 黑体 at the top left, its title centred, its tables), landscape
when a table is wider than the portrait block.

Paragraphs are built as XML strings (:mod:`quota.outputs.docx.layout`) and
parsed once. :func:`save_docx` fixes what python-docx would vary between runs:
the core properties (created and modified at :data:`quota.outputs.xlsx.FIXED_DATE`,
revision 1) and the zip entries' dates and attributes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from copy import deepcopy
from pathlib import Path
from typing import TYPE_CHECKING

from quota.outputs.document import phrase
from quota.outputs.docx.content import (
    Attachment,
    Block,
    Heading,
    OfficialDocument,
    TableBlock,
    Text,
)
from quota.outputs.docx.layout import (
    BODY_PT,
    NSDECL,
    TABLE_PT,
    TITLE_PT,
    W_NS,
    Fonts,
    Para,
    new_document,
    ppr_xml,
    resolve_fonts,
    rpr_xml,
    runs_xml,
    set_page,
)
from quota.outputs.docx.tables import LANDSCAPE_PT, PORTRAIT_PT, needs_landscape, table_xml
from quota.outputs.xlsx import FIXED_DATE, compute_text_width

if TYPE_CHECKING:
    from docx.document import Document

#: date and time of every zip entry (the earliest a zip file can hold is 1980)
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: the red of the rule under the document number
RED = "FF0000"


class _Page:
    """Paragraph XML of one document: the fonts and their run properties, computed once."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self._rpr: dict[tuple[str, float, bool, bool], str] = {}

    def rpr(
        self, role: str, size: float = BODY_PT, *, bold: bool = False, hint: bool = False
    ) -> str:
        key = (role, size, bold, hint)
        if key not in self._rpr:
            self._rpr[key] = rpr_xml(self.fonts, role, size, bold=bold, hint=hint)
        return self._rpr[key]

    def run(self, text: str, role: str, size: float = BODY_PT, *, bold: bool = False) -> str:
        plain = self.rpr(role, size, bold=bold)
        hinted = self.rpr(role, size, bold=bold, hint=True) if self.fonts.lang == "zh" else None
        return runs_xml(text, plain, hinted)

    def paragraph(self, style: str, runs: str, para: Para | None = None) -> str:
        ppr = ppr_xml(para, style=style) if para else f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        return f"<w:p>{ppr}{runs}</w:p>"

    def empty(self) -> str:
        return '<w:p><w:pPr><w:pStyle w:val="BodyPlain"/></w:pPr></w:p>'

    def heading(self, block: Heading) -> str:
        role = {1: "heading1", 2: "heading2"}.get(block.level, "body")
        bold = self.fonts.bold_headings and block.level <= 2
        return self.paragraph(f"Heading{block.level}", self.run(block.text, role, bold=bold))

    def text(self, block: Text) -> str:
        if block.style == "note":
            para = Para(align="both", line=None, snap=False, char_pt=TABLE_PT, before=60)
            return self.paragraph("BodyPlain", self.run(block.text, "table", TABLE_PT), para)
        style = "BodyPlain" if block.style == "plain" else "Normal"
        lead = self.run(block.lead, "heading2", bold=self.fonts.bold_headings)
        return self.paragraph(style, lead + self.run(block.text, "body"))

    def table(self, block: TableBlock, block_pt: float) -> list[str]:
        out = []
        if block.caption and block.table.caption:
            para = Para(align="center", keep_next=True, before=120)
            bold = self.fonts.bold_headings
            caption = self.run(block.table.caption, "heading1", bold=bold)
            out.append(self.paragraph("BodyPlain", caption, para))
        if block.unit:
            para = Para(
                align="right", line=None, snap=False, char_pt=TABLE_PT, after=60, keep_next=True
            )
            out.append(self.paragraph("BodyPlain", self.run(block.unit, "table", TABLE_PT), para))
        out.append(table_xml(block.table, self.fonts, block_pt))
        out += [self.text(Text(note, "note")) for note in [block.table.note, *block.notes] if note]
        return out


def _blocks_xml(page: _Page, blocks: Iterable[Block], block_pt: float) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(page.heading(block))
        elif isinstance(block, Text):
            out.append(page.text(block))
        else:
            out += page.table(block, block_pt)
    return out


def _front_xml(page: _Page, doc: OfficialDocument) -> list[str]:
    """The document number over a red rule, the title, an empty line and the 主送机关."""
    front = doc.front
    out: list[str] = []
    if front.number:
        para = Para(align="center", rule=RED)
        out.append(page.paragraph("BodyPlain", page.run(front.number, "body"), para))
        out.append(page.empty())
    bold = page.fonts.bold_headings
    lines = front.title.splitlines() or [front.title]
    if len(lines) == 1 and doc.lang == "zh":
        lines = split_title(lines[0])
    for line in lines:
        out.append(page.paragraph("Title", page.run(line, "title", TITLE_PT, bold=bold)))
    out.append(page.empty())
    if front.addressee:
        line = phrase("docx.addressee.line", doc.lang, addressee=front.addressee)
        out.append(page.paragraph("BodyPlain", page.run(line, "body")))
    return out


#: characters of the title's size (2号, 22 pt) on a line of the block
TITLE_CHARS = 20
#: where a Chinese title may break: before these ...
_BREAK_BEFORE = ("《", "（", "的请示", "的方案", "的报告", "的说明", "的通知")
#: ... and after these
_BREAK_AFTER = ("关于", "》", "）", "、", "，")


def split_title(title: str, per_line: float = TITLE_CHARS) -> list[str]:
    """A Chinese title on two lines broken where the words allow, the lines as even as can be.

    ``关于《新洲区街道编制调剂方案（基准）》的请示`` becomes ``关于《新洲区街道编制调剂方案`` /
    ``（基准）》的请示`` instead of breaking 请示 (GB/T 9704: 回行时词意完整、排列对称).
    Titles that fit on one line, or that need more than two, are left as they are.
    """
    width = compute_text_width(title) / 2
    if width <= per_line:
        return [title]
    cuts = {i for mark in _BREAK_BEFORE for i in _find_all(title, mark)}
    cuts |= {i + len(mark) for mark in _BREAK_AFTER for i in _find_all(title, mark)}
    best: tuple[float, int] | None = None
    for cut in sorted(c for c in cuts if 0 < c < len(title)):
        top, bottom = compute_text_width(title[:cut]) / 2, compute_text_width(title[cut:]) / 2
        if top <= per_line and bottom <= per_line:
            score = (abs(top - bottom) + (0.5 if bottom > top else 0.0), cut)
            best = score if best is None or score < best else best
    return [title] if best is None else [title[: best[1]], title[best[1] :]]


def _find_all(text: str, mark: str) -> list[int]:
    found, start = [], text.find(mark)
    while start >= 0:
        found.append(start)
        start = text.find(mark, start + 1)
    return found


def _attachment_list(page: _Page, doc: OfficialDocument) -> list[str]:
    """附件：1. … with every name aligned under the first (GB/T 9704: after one empty line)."""
    if not doc.attachments:
        return []
    word = phrase("docx.attachments", doc.lang)
    lead = compute_text_width(word) / 2
    many = len(doc.attachments) > 1
    out = [page.empty()]
    for i, attachment in enumerate(doc.attachments, start=1):
        number = f"{i}. " if many else ""
        num = compute_text_width(number) / 2
        left = 2 + lead + num
        para = Para(left_chars=left, hanging_chars=lead + num if i == 1 else num)
        text = (word if i == 1 else "") + number + attachment.title
        out.append(page.paragraph("BodyPlain", page.run(text, "body"), para))
    return out


def _signature(page: _Page, doc: OfficialDocument) -> list[str]:
    """The issuing office centred over the date; the date four characters in from the right."""
    front = doc.front
    if not front.issuer and not front.date:
        return []
    out = [page.empty(), page.empty()]
    date_em = compute_text_width(front.date or "") / 2
    if front.issuer:
        issuer_em = compute_text_width(front.issuer) / 2
        right = max(0.0, 4 + (date_em - issuer_em) / 2) if front.date else 4.0
        para = Para(align="right", right_chars=right)
        out.append(page.paragraph("BodyPlain", page.run(front.issuer, "body"), para))
    if front.date:
        para = Para(align="right", right_chars=4)
        out.append(page.paragraph("BodyPlain", page.run(front.date, "body"), para))
    return out


_STYLE = re.compile(r'(<w:pStyle w:val="[^"]*"/>)(?!<w:keepNext/>)')


def keep_together(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs on one page: each keeps with the next (the last one ends the group).

    The end of a document (its last line, the closing, the list of attachments,
    the issuing office and the date) is never split: GB/T 9704-2012 wants no page
    that holds only the signature and the date.
    """
    return [_STYLE.sub(r"\1<w:keepNext/>", p, count=1) for p in paragraphs[:-1]] + list(
        paragraphs[-1:]
    )


def _attachment_xml(
    page: _Page, doc: OfficialDocument, number: int, attachment: Attachment, block_pt: float
) -> list[str]:
    """附件N at the top left in 黑体, an empty line, the title centred, the content."""
    many = len(doc.attachments) > 1
    label = (
        phrase("docx.attachment.n", doc.lang, n=number)
        if many
        else phrase("docx.attachment.one", doc.lang)
    )
    bold = page.fonts.bold_headings
    out = [page.paragraph("BodyPlain", page.run(label, "heading1", bold=bold))]
    out.append(page.empty())
    out.append(page.paragraph("Title", page.run(attachment.title, "title", TITLE_PT, bold=bold)))
    out.append(page.empty())
    out += _blocks_xml(page, attachment.blocks, block_pt)
    return out


def _append(document: Document, fragments: Sequence[str]) -> None:
    """Parse the fragments once and put them at the end of the body, before its sectPr."""
    from docx.oxml import parse_xml

    root = parse_xml(f"<w:body {NSDECL}>{''.join(fragments)}</w:body>")
    body = document.element.body
    final = body.find(f"{{{W_NS}}}sectPr")
    for child in list(root):
        if final is not None:
            final.addprevious(child)
        else:
            body.append(child)


def _break_section(document: Document) -> None:
    """End the current section at the body's last paragraph (a new one after a table).

    The final ``w:sectPr`` then describes the new section: it loses its footer
    references, so the new section keeps the page numbers of the first.
    """
    from docx.oxml import parse_xml

    body = document.element.body
    final = body.find(f"{{{W_NS}}}sectPr")
    last = final.getprevious() if final is not None else None
    if last is None or last.tag != f"{{{W_NS}}}p":
        _append(document, ['<w:p><w:pPr><w:pStyle w:val="BodyPlain"/></w:pPr></w:p>'])
        last = final.getprevious()  # type: ignore[union-attr]
    ppr = last.find(f"{{{W_NS}}}pPr")
    if ppr is None:
        ppr = parse_xml(f"<w:pPr {NSDECL}/>")
        last.insert(0, ppr)
    ppr.append(deepcopy(final))
    for ref in final.findall(f"{{{W_NS}}}footerReference") + final.findall(
        f"{{{W_NS}}}headerReference"
    ):  # type: ignore[union-attr]
        final.remove(ref)  # type: ignore[union-attr]


def build_docx(doc: OfficialDocument) -> Document:
    """The python-docx document of an :class:`OfficialDocument` (not saved)."""
    fonts = resolve_fonts(doc.fonts, doc.lang)
    document = new_document(fonts)
    page = _Page(fonts)
    body = _front_xml(page, doc)
    body += _blocks_xml(page, doc.blocks, PORTRAIT_PT)
    ending = [page.text(Text(doc.front.closing))] if doc.front.closing else []
    ending += _attachment_list(page, doc) + _signature(page, doc)
    if ending and body and body[-1].startswith("<w:p>"):  # the last line of the body comes along
        ending.insert(0, body.pop())
    _append(document, body + keep_together(ending))
    for number, attachment in enumerate(doc.attachments, start=1):
        tables = [b.table for b in attachment.blocks if isinstance(b, TableBlock)]
        landscape = needs_landscape(tables)
        _break_section(document)
        set_page(document.sections[-1], landscape=landscape)
        block_pt = LANDSCAPE_PT if landscape else PORTRAIT_PT
        _append(document, _attachment_xml(page, doc, number, attachment, block_pt))
    _set_core(document, doc)
    return document


def _set_core(document: Document, doc: OfficialDocument) -> None:
    core = document.core_properties
    core.title = doc.front.title
    core.author = doc.front.issuer or ""
    core.last_modified_by = ""
    core.comments = ""
    core.keywords = ""
    core.subject = ""
    core.category = ""
    core.revision = 1
    core.language = "zh-CN" if doc.lang == "zh" else "en-US"
    core.created = FIXED_DATE
    core.modified = FIXED_DATE


def save_docx(document: Document, path: Path) -> Path:
    """Save with fixed zip dates and attributes, so the same document gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return Path(path)


def write_official_docx(doc: OfficialDocument, path: Path | str) -> Path:
    """Lay out ``doc`` to GB/T 9704-2012 and save it at ``path``; returns the path."""
    return save_docx(build_docx(doc), Path(path))
