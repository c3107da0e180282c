"""What an official document says, before it is laid out: blocks, attachments, the 版头 and 落款.

A writer of a product (:mod:`quota.outputs.docx.report_docx`, the comparison's
and the plan's in :mod:`quota.analysis`) builds an :class:`OfficialDocument`
in one language; :func:`quota.outputs.docx.writer.write_official_docx` lays it
out. Headings are numbered here the way 公文 number them (一、 （一） 1. （1）, or
1. (1) a. (i) in English) by an :class:`Outline`, so a section that is left out
(no committee decisions) leaves no gap.

The scenario's ``document:`` section (:class:`quota.config.schema.DocumentConfig`)
is read by :func:`resolve_front_matter`: the title (关于《方案标题》的请示 by default),
the 主送机关, the issuing office, the date and the document number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quota.locale import check_lang
from quota.outputs.document import Table, phrase

if TYPE_CHECKING:
    from quota.config.schema import DocumentConfig


@dataclass(frozen=True)
class Heading:
    """A heading; ``text`` already carries its number (``一、总体情况``)."""

    level: int
    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph.

    ``style``: ``body`` (indented two characters), ``plain`` (no indent) or
    ``note`` (table text size, under a table). ``lead`` is set in the font of a
    second-level heading before the text, on the same line (（一）分配方法。……).
    """

    text: str
    style: str = "body"
    lead: str = ""


@dataclass(frozen=True)
class TableBlock:
    """A table, with its caption and unit line above it (单位：名) and notes under it.

    The caption (the table's own when ``caption`` is True) is centred in the
    first-level heading's font.
    """

    table: Table
    unit: str = ""
    notes: tuple[str, ...] = ()
    caption: bool = False


Block = Heading | Text | TableBlock


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件): its title and content, on pages of its own.

    It is set on landscape pages when one of its tables is wider than the
    portrait text block.
    """

    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FrontMatter:
    """Title and the parts around the body that the scenario's ``document:`` section sets."""

    title: str
    addressee: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None
    closing: str | None = None


@dataclass(frozen=True)
class OfficialDocument:
    """A 请示 / 方案 / 说明: front matter, body blocks and attachments, in one language."""

    lang: str
    front: FrontMatter
    blocks: tuple[Block, ...]
    attachments: tuple[Attachment, ...] = ()
    fonts: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------
# Numbering
# --------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (numbers of headings)."""
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, text in numerals:
        while n >= value:
            out, n = out + text, n - value
    return out


def heading_number(level: int, n: int, lang: str) -> str:
    """The number of the ``n``-th heading of a level: 一、 （一） 1. （1） / 1. (1) a. (i)."""
    if check_lang(lang) == "zh":
        return (f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.", f"（{n}）")[
            level - 1
        ]
    letter = chr(ord("a") + (n - 1) % 26)
    return (f"{n}. ", f"({n}) ", f"{letter}. ", f"({_roman(n)}) ")[level - 1]


def item_number(n: int, lang: str) -> str:
    """The number of an item in a list of the body: ``1.`` (``1. `` in English)."""
    return f"{n}." if check_lang(lang) == "zh" else f"{n}. "


class Outline:
    """Numbers headings in order: a heading restarts the count of the levels below it."""

    def __init__(self, lang: str) -> None:
        self.lang = check_lang(lang)
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        """The number of the next heading of ``level`` (1 to 4)."""
        self.counts[level - 1] += 1
        for below in range(level, 4):
            self.counts[below] = 0
        return heading_number(level, self.counts[level - 1], self.lang)

    def heading(self, level: int, text: str) -> Heading:
        """A numbered heading."""
        return Heading(level, self.next(level) + text)

    def lead(self, text: str) -> str:
        """A numbered second-level heading set at the start of a paragraph: （一）分配方法。"""
        return self.next(2) + text + ("。" if self.lang == "zh" else ". ")


# --------------------------------------------------------------------------
# Front matter from the scenario's document: section
# --------------------------------------------------------------------------

#: genres and how they may be spelled in a scenario
GENRES: dict[str, str] = {"请示": "request", "request": "request", "方案": "plan", "plan": "plan"}

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def format_date(text: str | None, lang: str) -> str | None:
    """An ISO date as printed (2026年12月1日 / 1 December 2026); other text as written."""
    if text is None:
        return None
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        return text
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return text
    if check_lang(lang) == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def document_genre(config: DocumentConfig, default: str = "request") -> str:
    """``request`` (请示) or ``plan`` (方案)."""
    return GENRES.get(config.genre or "", default)


def build_title(subject: str, genre: str, lang: str) -> str:
    """The default title: 关于《subject》的请示; for a 方案 the subject itself when it is one."""
    code = check_lang(lang)
    if genre == "plan" and ("方案" in subject if code == "zh" else True):
        return subject
    return phrase(f"docx.title.{genre}", code, subject=subject)


def resolve_front_matter(
    config: DocumentConfig, subject: str, lang: str, *, genre: str | None = None
) -> FrontMatter:
    """Title, 主送机关, number, issuer, date and closing of a document.

    Parameters
    ----------
    config : DocumentConfig
        The scenario's ``document:`` section; whatever it sets wins.
    subject : str
        What the document is about (the scenario's title).
    lang : {"zh", "en"}
        Language.
    genre : {"request", "plan"}, optional
        Overrides the section's genre (the comparison and the plan are 说明 of
        their own kind and pass ``plan``).

    Returns
    -------
    FrontMatter
        A 请示 has a 主送机关 (default 区委机构编制委员会) and closes with
        以上请示，妥否，请批示。; a 方案 has a 主送机关 only when one is given.
    """
    code = check_lang(lang)
    kind = genre or document_genre(config)
    title = config.title or build_title(subject, kind, code)
    addressee = config.addressee
    if addressee is None and kind == "request":
        addressee = phrase("docx.addressee.default", code)
    closing = phrase("docx.closing.request", code) if kind == "request" else None
    return FrontMatter(
        title=title,
        addressee=addressee,
        number=config.number,
        issuer=config.issuer,
        date=format_date(config.date, code),
        closing=closing,
    )
