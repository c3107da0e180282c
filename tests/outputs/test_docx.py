"""report.docx read back with python-docx: GB/T 9704-2012 page, fonts, footers, tables, content."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from quota.cli import cli
from quota.config.scenario import load_scenario
from quota.outputs.docx.layout import CHAR_SPACING, LINE_PITCH
from quota.outputs.docx.report_docx import build_attachment_table, write_report_docx
from quota.outputs.docx.writer import ZIP_DATE_TIME
from quota.outputs.xlsx import FIXED_DATE
from quota.pipeline import allocate
from quota.results.result import Result
from tests.conftest import REPO, small_scenario, write_scenario

GOLDEN = REPO / "tests" / "data" / "golden"


@pytest.fixture(scope="module")
def plain() -> Result:
    return allocate(load_scenario(GOLDEN / "small.yaml"))


@pytest.fixture(scope="module")
def decided() -> Result:
    return allocate(load_scenario(GOLDEN / "small-decisions.yaml"))


@pytest.fixture(scope="module")
def written(plain: Result, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docx")
    return {
        lang: write_report_docx(plain, folder / f"report-{lang}.docx", lang=lang)
        for lang in ("zh", "en")
    }


def east_asian(run: Any) -> str | None:
    """The ``w:eastAsia`` font of a run's own properties."""
    rpr = run._element.rPr
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def runs_of(document: Any) -> list[Any]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return [run for p in paragraphs for run in p.runs]


def headings(document: Any, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.lower() == f"heading {level}"]


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------


def test_the_page_is_a4_with_the_margins_of_gb_t_9704(written: dict[str, Path]) -> None:
    for path in written.values():
        document = docx.Document(str(path))
        section = document.sections[0]
        assert section.page_width.mm == pytest.approx(210, abs=0.1)
        assert section.page_height.mm == pytest.approx(297, abs=0.1)
        assert section.top_margin.mm == pytest.approx(37, abs=0.1)
        assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
        assert section.left_margin.mm == pytest.approx(28, abs=0.1)
        assert section.right_margin.mm == pytest.approx(26, abs=0.1)
        block_width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
        block_height = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
        assert (block_width, block_height) == (
            pytest.approx(156, abs=0.2),
            pytest.approx(225, abs=0.2),
        )
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == str(LINE_PITCH)


def test_22_lines_of_28_characters_fit_the_block() -> None:
    block_pt = 156 / 25.4 * 72
    assert 22 * LINE_PITCH / 20 <= 225 / 25.4 * 72 < 23 * LINE_PITCH / 20
    pitch = 16 + CHAR_SPACING / 20  # a 3号 character and its condensed spacing
    assert 28 * pitch <= block_pt < 29 * pitch


def test_body_title_and_headings_have_their_sizes_and_east_asian_fonts(
    written: dict[str, Path],
) -> None:
    document = docx.Document(str(written["zh"]))
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = [p for p in document.paragraphs if p.style.name == "Title"][0]
    assert title.text.startswith("关于《测试方案》的请示")
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {east_asian(r) for r in title.runs} == {"方正小标宋简体"}
    assert {r.font.size for r in title.runs} == {Pt(22)}
    body = [p for p in document.paragraphs if p.style.name == "Normal" and p.text][0]
    assert {east_asian(r) for r in body.runs} == {"仿宋_GB2312"}
    assert {r.font.size for r in body.runs} == {Pt(16)}
    first = [p for p in document.paragraphs if p.style.name.lower() == "heading 1"][0]
    assert {east_asian(r) for r in first.runs} == {"黑体"}
    second = [p for p in document.paragraphs if p.style.name.lower() == "heading 2"][0]
    assert {east_asian(r) for r in second.runs} == {"楷体_GB2312"}
    assert {r.font.size for r in second.runs} == {Pt(16)}


def test_every_run_names_its_east_asian_font(written: dict[str, Path]) -> None:
    for path in written.values():
        runs = [r for r in runs_of(docx.Document(str(path))) if r.text]
        assert runs and all(east_asian(r) for r in runs)


def test_no_text_can_fall_back_to_a_japanese_font(written: dict[str, Path]) -> None:
    with zipfile.ZipFile(written["zh"]) as package:
        theme = package.read("word/theme/theme1.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert "ＭＳ" not in theme and 'script="Jpan" typeface="仿宋_GB2312"' in theme
    assert '<a:ea typeface="仿宋_GB2312"/>' in theme
    assert 'w:themeFontLang w:val="zh-CN" w:eastAsia="zh-CN"' in settings
    defaults = styles[styles.index("<w:docDefaults") : styles.index("</w:docDefaults>")]
    assert "eastAsiaTheme" not in defaults and 'w:eastAsia="仿宋_GB2312"' in defaults


def test_page_numbers_odd_right_even_left_with_a_page_field(written: dict[str, Path]) -> None:
    document = docx.Document(str(written["zh"]))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        xml = paragraph._element.xml
        assert "PAGE" in "".join(t.text for t in paragraph._element.iter(qn("w:instrText")))
        assert xml.count('w:fldCharType="begin"') == 1 and xml.count('w:fldCharType="end"') == 1
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert {east_asian(r) for r in paragraph.runs} == {"宋体"}
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}
    assert odd.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    ind_odd = odd._element.pPr.find(qn("w:ind"))
    ind_even = even._element.pPr.find(qn("w:ind"))
    assert ind_odd.get(qn("w:rightChars")) == "100" and ind_even.get(qn("w:leftChars")) == "100"
    # the attachments' sections keep the same footers
    assert all(s.footer.is_linked_to_previous for s in document.sections[1:])


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------


def test_sections_in_the_order_a_fang_an_is_written(written: dict[str, Path]) -> None:
    document = docx.Document(str(written["zh"]))
    assert headings(document, 1) == [
        "一、基本情况和原则",
        "二、测算方法和参数",
        "三、测算结果",
        "四、有关承诺的核验",
    ]
    assert headings(document, 2)[:3] == ["（二）各类编制参数", "（一）行政编制", "（二）事业编制"]
    texts = [p.text for p in document.paragraphs]
    assert texts[[p.style.name for p in document.paragraphs].index("Title") + 2] == (
        "区委机构编制委员会："
    )
    assert "以上请示，妥否，请批示。" in texts
    assert any(t.startswith("附件：1. 行政编制核定表") for t in texts)
    assert "2. 事业编制核定表" in [t.strip() for t in texts]
    assert not any("编委会决定事项" in t for t in texts)
    assert any("（一）分配方法。" in t for t in texts)


def test_numbers_come_from_the_result(plain: Result, written: dict[str, Path]) -> None:
    text = "\n".join(p.text for p in docx.Document(str(written["zh"])).paragraphs)
    for record in plain.kinds.to_dict(orient="records"):
        assert f"总量{int(record['pool'])}名" in text
        assert f"街道核定合计{int(record['streets_total'])}名" in text
        assert f"区级预留周转编制{int(record['reserve'])}名" in text
    assert "不减人（核定编制不低于实有人数）：行政编制、事业编制" in text


def test_allocation_tables_with_totals_rows_and_signed_changes(
    plain: Result, written: dict[str, Path]
) -> None:
    document = docx.Document(str(written["zh"]))
    assert len(document.tables) == 2
    for table, kind in zip(document.tables, ("admin", "institutional"), strict=True):
        header = [c.text.replace("\n", "") for c in table.rows[0].cells]  # headers may wrap
        assert header[0] == "街道" and header[header.index("增减") - 1] == "核定编制"
        total = [c.text for c in table.rows[-1].cells]
        assert total[0] == "合计"
        part = plain.table.loc[plain.table["kind"] == kind]
        assert total[header.index("核定编制")] == str(int(part["total"].sum()))
        changes = [r.cells[header.index("增减")].text for r in table.rows[1:-1]]
        expected = [f"{int(v):+d}" if v else "0" for v in part["change"]]
        assert changes == expected
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)


def test_small_tables_stay_portrait_and_wide_ones_turn_landscape(
    plain: Result, written: dict[str, Path]
) -> None:
    from quota.outputs.document import Cell, Table
    from quota.outputs.docx.content import Attachment, FrontMatter, OfficialDocument, TableBlock
    from quota.outputs.docx.writer import build_docx

    document = docx.Document(str(written["zh"]))
    assert [s.orientation for s in document.sections] == [0, 0, 0]  # portrait
    wide = Table(
        headers=["街道", *[f"第{i}项指标数值" for i in range(14)]],
        rows=[[Cell("东城街道", "text"), *[Cell("1,234") for _ in range(14)]]],
    )
    doc = OfficialDocument(
        lang="zh",
        front=FrontMatter(title="测试"),
        blocks=(),
        attachments=(Attachment("宽表", (TableBlock(wide),)),),
    )
    sections = build_docx(doc).sections
    assert sections[1].orientation == 1 and sections[1].page_width.mm == pytest.approx(297, abs=0.1)
    assert sections[0].orientation == 0


def test_decisions_section_with_reasons(decided: Result, tmp_path: Path) -> None:
    path = write_report_docx(decided, tmp_path / "report.docx")
    document = docx.Document(str(path))
    assert "四、编委会决定事项" in headings(document, 1)
    assert headings(document, 1)[-1] == "五、有关承诺的核验"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "1.东城街道行政编制：核定30名（测算方案27名，核定30名）。" in text
    assert "理由：承担新区建设任务。依据：区委编委会2026年第3次会议。" in text
    assert "决定已执行：东城街道行政编制核定30名，核定结果30名。" in text
    header = [c.text.replace("\n", "") for c in document.tables[0].rows[0].cells]
    assert "测算方案" in header


def test_english_keeps_the_layout_with_ordinary_fonts(written: dict[str, Path]) -> None:
    document = docx.Document(str(written["en"]))
    assert headings(document, 1)[0] == "1. Background and principles"
    assert document.paragraphs[0].text.startswith("Request for approval of")
    runs = [r for r in runs_of(document) if r.text]
    latin = {r._element.rPr.find(qn("w:rFonts")).get(qn("w:ascii")) for r in runs}
    assert latin == {"Times New Roman"}
    assert document.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)
    assert [c.text for c in document.tables[0].rows[-1].cells][0] == "Total"


def test_the_document_section_sets_title_addressee_issuer_date_number_and_fonts(
    district: Path,
) -> None:
    scenario = small_scenario(
        data=str(district.parent / "streets.csv"),
        document={
            "genre": "方案",
            "addressee": "新洲区委编委",
            "issuer": "新洲区委编办",
            "date": "2026-12-01",
            "number": "新编办〔2026〕12号",
            "fonts": {"title": "Noto Serif CJK SC", "body": "Source Han Serif SC"},
        },
    )
    result = allocate(load_scenario(write_scenario(district.parent, scenario, "doc.yaml")))
    document = docx.Document(str(write_report_docx(result, district.parent / "r.docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "新编办〔2026〕12号"
    title = [p for p in document.paragraphs if p.style.name == "Title"][0]
    assert title.text == "测试方案"  # a 方案 whose subject is one keeps its name
    assert {east_asian(r) for r in title.runs} == {"Noto Serif CJK SC"}
    assert "新洲区委编委：" in texts
    assert texts.index("新洲区委编办") + 1 == texts.index("2026年12月1日")
    assert "以上请示，妥否，请批示。" not in texts  # a 方案 has no closing of a 请示
    body = [p for p in document.paragraphs if p.style.name == "Normal" and p.text][0]
    assert {east_asian(r) for r in body.runs} == {"Source Han Serif SC"}
    assert document.core_properties.author == "新洲区委编办"


def test_a_whole_title_from_the_scenario(district: Path) -> None:
    scenario = small_scenario(
        data=str(district.parent / "streets.csv"), document={"title": "关于调整街道编制的请示"}
    )
    result = allocate(load_scenario(write_scenario(district.parent, scenario, "t.yaml")))
    document = docx.Document(str(write_report_docx(result, district.parent / "t.docx")))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == [
        "关于调整街道编制的请示",
        "行政编制核定表",
        "事业编制核定表",
    ]  # and attachments


def test_large_tables_list_the_largest_changes_with_a_note(
    plain: Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quota.outputs.docx.report_docx as module
    import quota.outputs.report_tables as tables

    monkeypatch.setattr(module, "DOCX_MAX_STREETS", 2)
    monkeypatch.setattr(tables, "REPORT_TOP_N", 1)
    table = build_attachment_table(plain, "admin")
    assert len(table.rows) == 2 and "allocation.xlsx" in table.note
    part = plain.table.loc[plain.table["kind"] == "admin"]
    column = table.headers.index("核定编制")
    assert table.total is not None and table.total[column].text == str(int(part["total"].sum()))


# --------------------------------------------------------------------------
# The same result, the same bytes
# --------------------------------------------------------------------------


def test_the_same_result_gives_the_same_bytes(plain: Result, tmp_path: Path) -> None:
    first = write_report_docx(plain, tmp_path / "a.docx").read_bytes()
    second = write_report_docx(plain, tmp_path / "b.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        assert {i.date_time for i in package.infolist()} == {ZIP_DATE_TIME}
        assert "docProps/thumbnail.jpeg" not in package.namelist()
    core = docx.Document(str(tmp_path / "a.docx")).core_properties
    assert core.created is not None and core.modified is not None
    assert core.created.replace(tzinfo=None) == FIXED_DATE == core.modified.replace(tzinfo=None)
    assert core.revision == 1


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quota_run_writes_report_docx(tmp_path: Path, lang: str) -> None:
    result = CliRunner().invoke(
        cli, ["run", str(GOLDEN / "small.yaml"), "--out", str(tmp_path), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "small" / "report.docx"
    document = docx.Document(str(path))
    first = headings(document, 1)[0]
    assert first == ("一、基本情况和原则" if lang == "zh" else "1. Background and principles")
    manifest = (tmp_path / "small" / "manifest.json").read_text(encoding="utf-8")
    assert '"report.docx"' in manifest


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("document", "where"),
    [({"fonts": {"titel": "X"}}, "document.fonts"), ({"genre": "通知"}, "document.genre")],
)
def test_a_bad_document_section_is_exit_2(
    district: Path, lang: str, document: dict[str, Any], where: str
) -> None:
    scenario = small_scenario(data=str(district.parent / "streets.csv"), document=document)
    path = write_scenario(district.parent, scenario, "bad.yaml")
    out = district.parent / "out"
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", lang])
    assert result.exit_code == 2, result.output
    assert where in result.output and "Traceback" not in result.output
    assert not (out / "small" / "report.docx").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_infeasible_scenario_is_exit_3_and_writes_no_document(district: Path, lang: str) -> None:
    scenario = small_scenario(data=str(district.parent / "streets.csv"))
    scenario["kinds"]["admin"]["pool"] = 40  # the bases alone need 83
    path = write_scenario(district.parent, scenario, "tight.yaml")
    out = district.parent / "out"
    result = CliRunner().invoke(cli, ["run", str(path), "--out", str(out), "--lang", lang])
    assert result.exit_code == 3, result.output
    assert not (out / "small").exists()
