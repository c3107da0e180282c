"""The official layout of GB/T 9704-2012 (党政机关公文格式) for python-docx documents.

:func:`new_document` opens python-docx's built-in template and sets it up once:

- the page: A4 (210 × 297 mm), margins top 37 mm, bottom 35 mm, left 28 mm,
  right 26 mm, so the text block is 156 × 225 mm; 22 lines × 28 characters (a
  line grid of :data:`LINE_PITCH`, body characters condensed by
  :data:`CHAR_SPACING`);
- the styles: body 3号 (16 pt) in 仿宋 at a fixed line spacing of 28.95 pt,
  justified, first line indented by two characters; the title 2号 (22 pt) in
  小标宋, centred; headings 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋; table
  text in 仿宋 at 12 pt, off the grid;
- the fonts: every Chinese font is an East Asian font (``w:eastAsia`` on
  ``w:rFonts``; python-docx's ``font.name`` sets only the Latin ones), on the
  document defaults, on every style and on every run; the theme's East Asian
  fonts and the theme language are Chinese (``w:themeFontLang``), so no text
  falls back to a Japanese font;
- the page numbers: "— 1 —" in 4号 宋体, odd pages on the right and even pages on
  the left, one character in (odd and even footers, a ``PAGE`` field).

Fonts are referenced by name and never bundled (方正小标宋简体, 仿宋_GB2312 and
楷体_GB2312 are proprietary; the offices that print these documents have them).
A scenario's ``document: fonts:`` names other ones (:func:`resolve_fonts`).

Everything is an XML string built here, with the elements in the order the
schema asks (Word refuses files whose properties are out of order).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

from quota.locale import check_lang

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docx.document import Document
    from docx.section import Section

#: WordprocessingML's namespace
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: the namespace declaration of XML fragments parsed on their own
NSDECL = f'xmlns:w="{W_NS}"'

#: A4 [mm]
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0
#: margins of GB/T 9704-2012 [mm]: 天头 37, 订口 28; the text block is 156 × 225 mm
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37.0, 35.0, 28.0, 26.0
#: the text block [mm]
BLOCK_WIDTH_MM, BLOCK_HEIGHT_MM = 156.0, 225.0
#: footer distance from the page's lower edge [mm]: the number's line sits about 7 mm under the block
FOOTER_MM = 24.0
HEADER_MM = 15.0
#: lines per page and characters per line
LINES, CHARS = 22, 28
#: body size 3号 and title size 2号 [pt]; page numbers 4号; table text 小四
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT = 16.0, 22.0, 14.0, 12.0
#: fixed line spacing [pt]: 22 lines fill the 225 mm block (28.95 × 22 = 636.9 pt ≤ 637.8 pt)
LINE_PT = 28.95
#: the grid's line pitch [twentieths of a point]
LINE_PITCH = round(LINE_PT * 20)
#: spacing added to every character of the body size [twentieths of a point]: 28 to a line.
#: A 3号 character is 16 pt and the block 442.2 pt, 15.79 pt per character; characters
#: condensed by 0.25 pt (15.75 pt each) on a line grid fit 28 to a line whatever the
#: program (a character grid of 15.79 pt would in Word, but LibreOffice lets each 16 pt
#: character take two cells of it: 14 to a line).
CHAR_SPACING = math.floor((BLOCK_WIDTH_MM / 25.4 * 72 / CHARS - BODY_PT) * 20)
#: line spacing of table text [twentieths of a point]
TABLE_LINE = 320

#: East Asian fonts of each role in Chinese documents (referenced by name, never bundled)
ZH_FONTS: Mapping[str, str] = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "page_number": "宋体",
    "latin": "Times New Roman",
}
#: the roles of :class:`Fonts`
FONT_ROLES: tuple[str, ...] = ("title", "body", "heading1", "heading2", "page_number", "latin")


def pt_to_twips(pt: float) -> int:
    """Points as twentieths of a point."""
    return round(pt * 20)


@dataclass(frozen=True)
class Fonts:
    """The font names of a document, by role, and whether headings are bold.

    Attributes
    ----------
    title, body, heading1, heading2, page_number : str
        East Asian font of the title (小标宋), the body (仿宋), first-level headings
        (黑体), second-level headings (楷体) and page numbers (宋体).
    latin : str
        Font of Latin letters and digits in the body, the second-level headings
        and tables (Times New Roman); in English documents, of every role.
    lang : {"zh", "en"}
        Language: Chinese documents set the title's, the first-level headings'
        and the page numbers' digits in their own Chinese font and set quotes,
        dashes and ellipses in the Chinese font (:func:`runs_xml`); English
        ones use :attr:`latin` for every Latin character and bold headings.
    """

    title: str
    body: str
    heading1: str
    heading2: str
    page_number: str
    latin: str
    lang: str = "zh"

    def pair(self, role: str) -> tuple[str, str]:
        """``(latin font, East Asian font)`` of a role (``table`` is the body's)."""
        east = getattr(self, "body" if role == "table" else role)
        if self.lang == "zh" and role in ("title", "heading1", "page_number"):
            return east, east
        return self.latin, east

    @property
    def bold_headings(self) -> bool:
        """English documents mark headings in bold (黑体 and 楷体 do it in Chinese)."""
        return self.lang != "zh"


def resolve_fonts(overrides: Mapping[str, str] | None, lang: str) -> Fonts:
    """The fonts of a document in ``lang``, with a scenario's ``document: fonts:`` applied.

    Parameters
    ----------
    overrides : mapping, optional
        Role (``title``, ``body``, ``heading1``, ``heading2``, ``page_number``,
        ``latin``) -> font name, e.g. ``{"title": "Noto Serif CJK SC"}`` on a
        machine without the official fonts.
    lang : {"zh", "en"}
        Language of the document; English documents keep the Chinese fonts for
        Chinese text (street names) and Times New Roman for the rest.
    """
    code = check_lang(lang)
    names = {**ZH_FONTS, **dict(overrides or {})}
    return Fonts(**{role: names[role] for role in FONT_ROLES}, lang=code)


# --------------------------------------------------------------------------
# Properties as XML (elements in schema order)
# --------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Text as one line XML can hold: line breaks and tabs become spaces, control characters go.

    A reason typed over two lines in a scenario, or a street name with a stray
    control character, must not break the document.
    """
    return _NOT_XML.sub("", _BREAKS.sub(" ", text))


def escape_text(text: str) -> str:
    """Text as XML character data (:func:`clean_text`, then ``&``, ``<``, ``>`` escaped)."""
    cleaned = clean_text(text)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: line breaks and tabs, which a run's text would not show as such
_BREAKS = re.compile("\r\n|[\r\n\t]")


def rpr_xml(
    fonts: Fonts,
    role: str,
    size_pt: float,
    *,
    bold: bool = False,
    color: str | None = None,
    hint: bool = False,
) -> str:
    """Run properties: fonts (Latin, East Asian, complex script), bold, colour, size, language.

    ``hint`` marks the run ``w:hint="eastAsia"``: characters both scripts use
    (quotes, dashes) take the East Asian font. Only such characters get it
    (:func:`runs_xml`): LibreOffice breaks a hinted run anywhere, numbers too.
    """
    latin, east = fonts.pair(role)
    hint_attr = ' w:hint="eastAsia"' if hint else ""
    parts = [
        f"<w:rFonts w:ascii={quoteattr(latin)} w:hAnsi={quoteattr(latin)}"
        f" w:eastAsia={quoteattr(east)} w:cs={quoteattr(latin)}{hint_attr}/>"
    ]
    parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    parts.append('<w:i w:val="0"/><w:iCs w:val="0"/>')
    parts.append(f'<w:color w:val="{color or "000000"}"/>')
    if size_pt == BODY_PT:
        parts.append(f'<w:spacing w:val="{CHAR_SPACING}"/>')
    size = round(size_pt * 2)
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    # Latin text is English (numbers, names of methods); tagged Chinese, LibreOffice breaks
    # lines inside numbers such as 0.2 or 15
    parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


#: characters Chinese text shares with Latin text: set in the East Asian font in Chinese documents
_SHARED = re.compile("([\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7\u2013]+)")


def runs_xml(text: str, rpr: str, rpr_hint: str | None) -> str:
    """Runs of a text: its quotes, dashes and ellipses in runs of their own with ``rpr_hint``.

    Without ``rpr_hint`` (English documents) one run.
    """
    if not text:
        return ""
    if rpr_hint is None or not _SHARED.search(text):
        return f'<w:r>{rpr}<w:t xml:space="preserve">{escape_text(text)}</w:t></w:r>'
    out = []
    for i, piece in enumerate(_SHARED.split(text)):
        if piece:
            props = rpr_hint if i % 2 else rpr
            out.append(f'<w:r>{props}<w:t xml:space="preserve">{escape_text(piece)}</w:t></w:r>')
    return "".join(out)


@dataclass(frozen=True)
class Para:
    """Paragraph properties of a style or a paragraph (only what is set is written).

    Indents are in characters (the body's 16 pt, ``w:*Chars`` in hundredths with
    the twips beside them for programs that read only those); spacing in
    twentieths of a point.
    """

    align: str = "both"
    line: int | None = LINE_PITCH
    line_rule: str = "exact"
    first_chars: float = 0.0
    hanging_chars: float = 0.0
    left_chars: float = 0.0
    right_chars: float = 0.0
    keep_next: bool = False
    snap: bool = True
    outline: int | None = None
    before: int = 0
    after: int = 0
    #: colour of a 1.5 pt rule under the paragraph (the red line under the document number)
    rule: str | None = None
    char_pt: float = BODY_PT


def ppr_xml(p: Para, *, style: str | None = None) -> str:
    """Paragraph properties in schema order (``w:pStyle`` first when given)."""
    parts: list[str] = []
    if style:
        parts.append(f"<w:pStyle w:val={quoteattr(style)}/>")
    if p.keep_next:
        parts.append("<w:keepNext/><w:keepLines/>")
    parts.append('<w:widowControl w:val="0"/>')
    if p.rule:
        parts.append(
            f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{p.rule}"/></w:pBdr>'
        )
    if not p.snap:
        parts.append('<w:snapToGrid w:val="0"/>')
    spacing = f'<w:spacing w:before="{p.before}" w:beforeLines="0" w:after="{p.after}"'
    spacing += ' w:afterLines="0"'
    if p.line is not None:
        spacing += f' w:line="{p.line}" w:lineRule="{p.line_rule}"'
    parts.append(spacing + "/>")
    parts.append(_ind_xml(p))
    parts.append(f'<w:jc w:val="{p.align}"/>')
    if p.outline is not None:
        parts.append(f'<w:outlineLvl w:val="{p.outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _ind_xml(p: Para) -> str:
    twips = pt_to_twips(p.char_pt)

    def both(name: str, chars: float) -> str:
        return f' w:{name}Chars="{round(chars * 100)}" w:{name}="{round(chars * twips)}"'

    attrs = both("left", p.left_chars) + both("right", p.right_chars)
    if p.hanging_chars:
        attrs += both("hanging", p.hanging_chars)
    else:
        attrs += both("firstLine", p.first_chars)
    return f"<w:ind{attrs}/>"


# --------------------------------------------------------------------------
# The document: template, defaults, styles, theme, settings, page, footers
# --------------------------------------------------------------------------


def _style_specs(fonts: Fonts) -> dict[str, tuple[str, str, float, Para, bool]]:
    """Style id -> (name, font role, size [pt], paragraph properties, bold)."""
    bold = fonts.bold_headings
    body = Para(first_chars=2)
    heading = Para(first_chars=2, keep_next=True)
    return {
        "Normal": ("Normal", "body", BODY_PT, body, False),
        "Title": ("Title", "title", TITLE_PT, Para(align="center", snap=False), bold),
        "Heading1": ("heading 1", "heading1", BODY_PT, _outline(heading, 0), bold),
        "Heading2": ("heading 2", "heading2", BODY_PT, _outline(heading, 1), bold),
        "Heading3": ("heading 3", "body", BODY_PT, _outline(heading, 2), False),
        "Heading4": ("heading 4", "body", BODY_PT, _outline(heading, 3), False),
        "BodyPlain": ("Body Plain", "body", BODY_PT, Para(), False),
        "TableText": (
            "Table Text",
            "table",
            TABLE_PT,
            Para(align="center", line=TABLE_LINE, line_rule="auto", snap=False, char_pt=TABLE_PT),
            False,
        ),
        "Footer": (
            "footer",
            "page_number",
            PAGE_NUMBER_PT,
            Para(align="right", line=None, snap=False, char_pt=PAGE_NUMBER_PT),
            False,
        ),
    }


def _outline(p: Para, level: int) -> Para:
    return Para(first_chars=p.first_chars, keep_next=p.keep_next, outline=level)


def new_document(fonts: Fonts) -> Document:
    """A python-docx document set up to GB/T 9704-2012 (see the module docstring).

    The body is empty; its one section is the A4 portrait page with the odd and
    even page footers.
    """
    import docx

    document = docx.Document()
    _set_defaults(document, fonts)
    _set_styles(document, fonts)
    _set_theme_fonts(document, fonts)
    _set_settings(document)
    _drop_thumbnail(document)
    section = document.sections[0]
    set_page(section, landscape=False)
    add_page_numbers(document, section, fonts)
    return document


def _set_defaults(document: Document, fonts: Fonts) -> None:
    from docx.oxml import parse_xml

    styles = document.styles.element
    defaults = styles.find(f"{{{W_NS}}}docDefaults")
    if defaults is not None:
        styles.remove(defaults)
    rpr = rpr_xml(fonts, "body", BODY_PT)
    ppr = ppr_xml(Para(align="both"))
    xml = (
        f"<w:docDefaults {NSDECL}><w:rPrDefault>{rpr}</w:rPrDefault>"
        f"<w:pPrDefault>{ppr}</w:pPrDefault></w:docDefaults>"
    )
    styles.insert(0, parse_xml(xml))


def _set_styles(document: Document, fonts: Fonts) -> None:
    """Rewrite the layout's paragraph styles (the template's own ones lose their theme fonts)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    styles = document.styles
    existing = {s.style_id: s for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    for style_id, (name, role, size, para, bold) in _style_specs(fonts).items():
        style = existing.get(style_id)
        if style is None:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.set(f"{{{W_NS}}}styleId", style_id)
            if style_id != "Normal":
                style.base_style = styles["Normal"]
            style.quick_style = True
        element = style.element
        for child in list(element):
            if child.tag in (f"{{{W_NS}}}pPr", f"{{{W_NS}}}rPr"):
                element.remove(child)
        element.append(parse_xml(ppr_xml(para).replace("<w:pPr>", f"<w:pPr {NSDECL}>", 1)))
        rpr = rpr_xml(fonts, role, size, bold=bold)
        element.append(parse_xml(rpr.replace("<w:rPr>", f"<w:rPr {NSDECL}>", 1)))
    # character styles of the headings and the title carry theme fonts: give them ours
    for style in styles:
        if style.type == WD_STYLE_TYPE.CHARACTER and style.element.rPr is not None:
            _replace_theme_fonts(style.element.rPr, fonts)
    for style in styles:
        if style.type == WD_STYLE_TYPE.TABLE and style.element.rPr is not None:
            _replace_theme_fonts(style.element.rPr, fonts)


def _replace_theme_fonts(rpr: Any, fonts: Fonts) -> None:
    """Theme font references of a run property element become the body's named fonts."""
    found = rpr.find(f"{{{W_NS}}}rFonts")
    if found is None:
        return
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        found.attrib.pop(f"{{{W_NS}}}{attribute}", None)
    latin, east = fonts.pair("body")
    for attribute, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east)):
        found.set(f"{{{W_NS}}}{attribute}", value)


_THEME_EA = re.compile(rb'(<a:(major|minor)Font>.*?<a:ea typeface=")[^"]*(")', re.S)
_THEME_HANS = re.compile(rb'(<a:font script="(Hans|Jpan)" typeface=")[^"]*(")')


def _set_theme_fonts(document: Document, fonts: Fonts) -> None:
    """The theme's East Asian fonts (heading: the title's; body: the body's), Hans and Jpan too.

    Text that refers to the theme (a style pasted in from elsewhere) then falls
    back to the document's Chinese fonts, never to ＭＳ 明朝.
    """
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            part._blob = theme_with_fonts(bytes(part.blob), fonts)  # a plain part: its bytes


def theme_with_fonts(blob: bytes, fonts: Fonts) -> bytes:
    """A theme part's XML with its East Asian, Hans and Jpan fonts set to the document's."""
    major, minor = fonts.title.encode("utf-8"), fonts.body.encode("utf-8")

    def ea(match: re.Match[bytes]) -> bytes:
        name = major if match.group(2) == b"major" else minor
        return match.group(1) + _xml_attr(name) + match.group(3)

    return _split_fonts(_THEME_EA.sub(ea, blob), major, minor)


def _split_fonts(blob: bytes, major: bytes, minor: bytes) -> bytes:
    """Set the Hans and Jpan script fonts of the theme's major and minor font lists."""
    head, sep, tail = blob.partition(b"<a:minorFont>")
    if not sep:
        return blob

    def script(name: bytes) -> Any:
        return lambda m: m.group(1) + _xml_attr(name) + m.group(3)

    return _THEME_HANS.sub(script(major), head) + sep + _THEME_HANS.sub(script(minor), tail)


def _xml_attr(name: bytes) -> bytes:
    return name.replace(b"&", b"&amp;").replace(b'"', b"&quot;").replace(b"<", b"&lt;")


def _set_settings(document: Document) -> None:
    """Odd and even footers; Chinese theme language; no revision ids, no preview picture."""
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    element = settings.element
    for name in ("rsids", "savePreviewPicture", "proofState"):
        for found in element.findall(f"{{{W_NS}}}{name}"):
            element.remove(found)
    lang = element.find(f"{{{W_NS}}}themeFontLang")
    if lang is not None:
        lang.set(f"{{{W_NS}}}val", "zh-CN")
        lang.set(f"{{{W_NS}}}eastAsia", "zh-CN")
    control = element.find(f"{{{W_NS}}}characterSpacingControl")
    if control is not None:
        control.set(f"{{{W_NS}}}val", "compressPunctuation")


def _drop_thumbnail(document: Document) -> None:
    """The template's preview picture shows an empty page: leave it out."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def set_page(section: Section, *, landscape: bool) -> None:
    """A4 with the margins of GB/T 9704-2012 and the 22 × 28 grid; landscape turns the page.

    A landscape page (a wide table) keeps the 156 × 225 mm block, turned: its
    top edge is the portrait page's binding edge.
    """
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
        margins = (LEFT_MM, RIGHT_MM, BOTTOM_MM, TOP_MM)  # top, bottom, left, right
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        margins = (TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM)
    top, bottom, left, right = margins
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(HEADER_MM)
    section.footer_distance = Mm(FOOTER_MM if not landscape else FOOTER_MM * bottom / BOTTOM_MM)
    section.gutter = Mm(0)
    _set_grid(section)


def _set_grid(section: Section) -> None:
    """22 lines to a page: the line grid of the section (28 characters: :data:`CHAR_SPACING`)."""
    sect = section._sectPr
    grid = sect.find(f"{{{W_NS}}}docGrid")
    if grid is None:
        from docx.oxml import OxmlElement

        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(f"{{{W_NS}}}type", "lines")
    grid.set(f"{{{W_NS}}}linePitch", str(LINE_PITCH))
    grid.attrib.pop(f"{{{W_NS}}}charSpace", None)


def page_field_xml(fonts: Fonts) -> str:
    """The runs of a page number "— 1 —": dashes, a ``PAGE`` field (shown as 1 until updated)."""
    rpr = rpr_xml(fonts, "page_number", PAGE_NUMBER_PT)

    def run(inner: str) -> str:
        return f"<w:r>{rpr}{inner}</w:r>"

    return "".join(
        [
            run('<w:t xml:space="preserve">— </w:t>'),
            run('<w:fldChar w:fldCharType="begin"/>'),
            run('<w:instrText xml:space="preserve"> PAGE </w:instrText>'),
            run('<w:fldChar w:fldCharType="separate"/>'),
            run("<w:t>1</w:t>"),
            run('<w:fldChar w:fldCharType="end"/>'),
            run('<w:t xml:space="preserve"> —</w:t>'),
        ]
    )


def add_page_numbers(document: Document, section: Section, fonts: Fonts) -> None:
    """Odd pages: "— 1 —" on the right, one character in; even pages: on the left."""
    from docx.oxml import parse_xml

    one = Para(align="right", line=None, snap=False, right_chars=1, char_pt=PAGE_NUMBER_PT)
    even = Para(align="left", line=None, snap=False, left_chars=1, char_pt=PAGE_NUMBER_PT)
    for footer, para in ((section.footer, one), (section.even_page_footer, even)):
        footer.is_linked_to_previous = False
        container = footer._element
        for child in list(container):
            container.remove(child)
        xml = f"<w:p {NSDECL}>{ppr_xml(para, style='Footer')}{page_field_xml(fonts)}</w:p>"
        container.append(parse_xml(xml))
