"""The layout helpers of the Word documents: numbering, widths, titles, dates, text as XML."""

from __future__ import annotations

import math

import docx
import pytest
from docx.oxml import parse_xml
from hypothesis import given
from hypothesis import strategies as st

from quota.outputs.document import Cell, Table
from quota.outputs.docx.content import Outline, chinese_number, format_date, heading_number
from quota.outputs.docx.layout import (
    NSDECL,
    clean_text,
    escape_text,
    resolve_fonts,
    rpr_xml,
    runs_xml,
    theme_with_fonts,
)
from quota.outputs.docx.tables import _em, fit_widths, measure_columns, split_header
from quota.outputs.docx.writer import TITLE_CHARS, split_title

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80)
TEXT = st.text(st.one_of(CJK, st.sampled_from("()（）0123456789+")), min_size=1, max_size=30)


def test_chinese_numbers_of_headings() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
    ]
    assert [heading_number(level, 2, "zh") for level in (1, 2, 3, 4)] == [
        "二、",
        "（二）",
        "2.",
        "（2）",
    ]
    assert [heading_number(level, 4, "en") for level in (1, 2, 3, 4)] == [
        "4. ",
        "(4) ",
        "d. ",
        "(iv) ",
    ]


def test_an_outline_restarts_the_levels_below() -> None:
    outline = Outline("zh")
    texts = [outline.heading(level, "x").text for level in (1, 2, 2, 1, 2)]
    assert texts == ["一、x", "（一）x", "（二）x", "二、x", "（一）x"]


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99))
def test_heading_numbers_differ_for_different_counts(a: int, b: int) -> None:
    assert (heading_number(1, a, "zh") == heading_number(1, b, "zh")) == (a == b)


@given(TEXT, st.floats(min_value=0.5, max_value=8))
def test_split_header_keeps_every_character_in_order(text: str, room: float) -> None:
    lines = split_header(text, room)
    assert "".join(lines) == text and all(lines)
    if len(lines) > 1:
        assert len(lines) <= math.ceil(_em(text) / room) + 1


@given(
    st.lists(st.floats(min_value=5, max_value=300), min_size=1, max_size=20),
    st.floats(min_value=100, max_value=700),
)
def test_widths_fill_the_block_and_keep_narrow_columns(needs: list[float], block: float) -> None:
    widths = fit_widths(needs, block)
    assert sum(widths) == round(block * 20)
    if sum(needs) <= block:
        assert all(w >= round(n * 20) - 1 for w, n in zip(widths[:-1], needs, strict=False))
    else:
        cap = max(widths[:-1], default=0)
        narrow = [(w, n) for w, n in zip(widths[:-1], needs, strict=False) if n * 20 < cap - 1]
        assert all(abs(w - round(n * 20)) <= 1 for w, n in narrow)


def test_measure_columns_wraps_long_text_but_not_numbers() -> None:
    table = Table(
        headers=["街道", "现有编制"],
        rows=[[Cell("很长很长很长很长很长很长的街道名称", "text"), Cell("1,234,567")]],
    )
    street, number = measure_columns(table, 12)
    assert street < 20 * 12  # wraps after WIDEST_TEXT_EM characters
    assert number >= _em("1,234,567") * 12


@given(st.text(st.one_of(CJK, st.sampled_from("《》（）的请示关于")), min_size=1, max_size=40))
def test_split_title_keeps_the_title(title: str) -> None:
    lines = split_title(title)
    assert "".join(lines) == title and 1 <= len(lines) <= 2
    if len(lines) == 2:
        assert all(_em(line) <= TITLE_CHARS for line in lines)


def test_split_title_breaks_where_the_words_allow() -> None:
    assert split_title("关于《新洲区街道编制调剂方案（基准）》的请示") == [
        "关于《新洲区街道编制调剂方案",
        "（基准）》的请示",
    ]
    assert split_title("关于调整街道编制的请示") == ["关于调整街道编制的请示"]


def test_dates_as_printed() -> None:
    assert format_date("2026-12-01", "zh") == "2026年12月1日"
    assert format_date("2026-12-01", "en") == "1 December 2026"
    assert format_date("2026年12月", "zh") == "2026年12月"
    assert format_date("2026-02-30", "zh") == "2026-02-30"  # not a date: as written


@given(st.text(max_size=40))
def test_any_text_becomes_valid_xml_runs(text: str) -> None:
    fonts = resolve_fonts(None, "zh")
    xml = runs_xml(text, rpr_xml(fonts, "body", 16), rpr_xml(fonts, "body", 16, hint=True))
    element = parse_xml(f"<w:p {NSDECL}>{xml}</w:p>")
    written = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
    assert written == clean_text(text) and "\n" not in written


def test_quotes_and_dashes_take_the_east_asian_font_in_runs_of_their_own() -> None:
    fonts = resolve_fonts(None, "zh")
    xml = runs_xml(
        "按照“基础”—0.2", rpr_xml(fonts, "body", 16), rpr_xml(fonts, "body", 16, hint=True)
    )
    element = parse_xml(f"<w:p {NSDECL}>{xml}</w:p>")
    runs = [r for r in element if r.tag.endswith("}r")]
    hinted = [
        "".join(t.text for t in r.iter() if t.tag.endswith("}t"))
        for r in runs
        if 'w:hint="eastAsia"' in r.xml
    ]
    assert hinted == ["“", "”—"]


def test_fonts_overridden_by_role() -> None:
    fonts = resolve_fonts({"title": "Noto Serif CJK SC", "latin": "Arial"}, "zh")
    assert fonts.pair("title") == ("Noto Serif CJK SC", "Noto Serif CJK SC")
    assert fonts.pair("body") == ("Arial", "仿宋_GB2312")
    english = resolve_fonts(None, "en")
    assert english.pair("heading1") == ("Times New Roman", "黑体") and english.bold_headings


def test_the_theme_names_the_document_fonts() -> None:
    template = docx.Document()
    theme = next(p for p in template.part.package.iter_parts() if "theme" in str(p.partname))
    blob = theme_with_fonts(bytes(theme.blob), resolve_fonts(None, "zh")).decode("utf-8")
    assert '<a:ea typeface="方正小标宋简体"/>' in blob and '<a:ea typeface="仿宋_GB2312"/>' in blob
    assert "ＭＳ" not in blob


@pytest.mark.parametrize("text", ["a\x00b", "街道\x0b名", "x\ufffey"])
def test_characters_xml_cannot_hold_are_dropped(text: str) -> None:
    cleaned = escape_text(text)
    parse_xml(f"<w:t {NSDECL}>{cleaned}</w:t>")
    assert len(cleaned) == len(text) - 1
