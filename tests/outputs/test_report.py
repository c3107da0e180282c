"""Tests of quota.outputs.report: report.md and report.html carry the numbers and follow the language."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import struct
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import quota
from quota.errors import Msg
from quota.outputs import document, render, report, report_tables
from quota.outputs.text import format_quotas, format_signed
from quota.results.result import Result
from tests.conftest import REPO

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
COLUMNS = ("current", "base", "quantified", "turnover", "total", "change", "onboard", "vacancy")


def tiny_png(color: int) -> bytes:
    """A valid 1x1 greyscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes([0, color])))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def xinzhou() -> Result:
    return quota.allocate(REPO / "scenarios" / "xinzhou-baseline.yaml")


@pytest.fixture(scope="module")
def written(xinzhou: Result, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """report.md/html in both languages, with stand-in chart files already in charts/."""
    folders = {}
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(f"report-{lang}")
        (folder / "charts").mkdir()
        for i, name in enumerate(report.CHART_NAMES):
            (folder / "charts" / f"{name}.png").write_bytes(tiny_png(40 * i))
        paths = report.write_reports(xinzhou, folder, lang=lang)
        assert [p.name for p in paths] == ["report.md", "report.html"]
        folders[lang] = folder
    return folders


def expected_row(record: Mapping[Any, object]) -> str:
    cells = [str(record["street"])]
    for column in COLUMNS:
        value = record[column]
        cells.append(format_signed(value) if column == "change" else format_quotas(value))  # type: ignore[arg-type]
    return "| " + " | ".join(cells) + " |"


def test_markdown_has_every_kind_summary_and_street_total(
    xinzhou: Result, written: dict[str, Path]
) -> None:
    md = (written["zh"] / "report.md").read_text(encoding="utf-8")
    # pool, base, quantified, turnover pool, turnover given, reserve, streets' total, current, on board
    assert "| 行政编制 | 392 | 186 | 186 | 20 | 7 | 13 | 379 | 355 | 335 |" in md
    assert "| 事业编制 | 491 | 216 | 250 | 25 | 14 | 11 | 480 | 491 | 431 |" in md
    assert "区级预留13名" in md and "区级预留11名" in md
    for record in xinzhou.table.to_dict(orient="records"):
        assert expected_row(record) in md, record["street"]
    admin = xinzhou.table[xinzhou.table["kind"] == "admin"]
    total = "| **合计** | " + " | ".join(
        f"**{format_signed(admin[c].sum()) if c == 'change' else format_quotas(admin[c].sum())}**"
        for c in COLUMNS
    )
    assert total in md


def test_markdown_has_method_fairness_binding_and_why(
    xinzhou: Result, written: dict[str, Path]
) -> None:
    md = (written["zh"] / "report.md").read_text(encoding="utf-8")
    for heading in ("一、总体情况", "二、方法与参数", "三、分配结果", "四、图表", "五、公平性"):
        assert f"## {heading}" in md
    assert "内设机构数 × 2 + 领导职数 4" in md and "事业单位数 × 6" in md
    assert "| 常住人口 | 0.35 | 无 |" in md
    assert "| 周转编制 | 5.0%，共20名 | 5.0%，共25名 |" in md
    fairness = xinzhou.fairness.set_index(["kind", "basis"])
    ratio = fairness.loc[("admin", "entitlement"), "max_min_ratio"]
    assert f"| 行政编制 | 基础+量化编制 | 12 | {ratio:.2f} |" in md
    assert "| 行政编制 | 涨渡湖街道 | 下限 | 基础+量化编制20名 = 下限20名 |" in md
    assert "| 事业编制 | 邾城街道 | 增加幅度上限 | 核定编制79名 = 现有64名 + 增加上限15名 |" in md
    assert "manual weights" not in md  # method remarks stay out of the binding list
    why = xinzhou.explain("zh")
    for text in why["text"]:
        assert f"- {text}" in md
    assert "![各街道编制构成（基础 + 量化 + 周转）](charts/stack.png)" in md


def test_english_report_has_no_chinese_but_names(xinzhou: Result, written: dict[str, Path]) -> None:
    for name in ("report.md", "report.html"):
        text = (written["en"] / name).read_text(encoding="utf-8")
        for street in xinzhou.table["street"].unique():
            text = text.replace(str(street), "")
        text = text.replace(str(xinzhou.scenario.title), "")
        # the CSS font list names Chinese fonts in Latin letters only
        assert not CJK.findall(text), CJK.findall(text)[:20]
    md = (written["en"] / "report.md").read_text(encoding="utf-8")
    assert "## 1. Summary" in md and "## 7. Why each street gets its number" in md
    assert "| administrative | 392 | 186 | 186 | 20 | 7 | 13 | 379 | 355 | 335 |" in md


def test_html_is_self_contained_with_embedded_charts(written: dict[str, Path]) -> None:
    html = (written["zh"] / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert html.count('src="data:image/png;base64,') == len(report.CHART_NAMES)
    assert "<style>" in html and '"Noto Sans CJK SC"' in html
    for external in ("http://", "https://", "<link", "<script", 'src="charts/', "@import"):
        assert external not in html, external
    assert '<td class="cut">-1</td>' in html  # cuts are marked
    assert '<tr class="total">' in html


def test_reports_are_deterministic(xinzhou: Result, written: dict[str, Path]) -> None:
    again = report.build_report_context(
        xinzhou,
        "zh",
        {n: (written["zh"] / "charts" / f"{n}.png").read_bytes() for n in report.CHART_NAMES},
    )
    assert report.render_markdown(again) == (written["zh"] / "report.md").read_text(
        encoding="utf-8"
    )
    assert report.render_html(again) == (written["zh"] / "report.html").read_text(encoding="utf-8")


def test_html_escapes_text_and_markdown_escapes_pipes() -> None:
    table = document.Table(headers=["<h>"], rows=[[document.Cell("a|b<script>", "text")]])
    env = render.build_environment(True)
    rendered = env.from_string("{% import '_macros.html.j2' as m %}{{ m.table(t) }}").render(
        t=table
    )
    assert "&lt;script&gt;" in rendered and "<script>" not in rendered
    assert render.escape_markdown("a|b\nc") == "a\\|b c"


def test_large_tables_list_only_the_largest_gains_and_cuts() -> None:
    n = 500
    change = np.arange(n) - 250
    part = pd.DataFrame(
        {"street": [f"S{i}" for i in range(n)], "change": pd.array(change, dtype="Int64")}
    )
    shown = report_tables.select_report_streets(part)
    assert len(shown) == 2 * report_tables.REPORT_TOP_N
    assert list(shown.index) == sorted(shown.index)  # table order
    assert set(shown["change"]) == set(range(-250, -235)) | set(range(235, 250))
    assert report_tables.select_report_streets(part.head(50)) is not None
    assert len(report_tables.select_report_streets(part.head(50))) == 50


def test_report_shows_wisn_required_staff_and_ratio(tmp_path: Path) -> None:
    import quota
    from quota.outputs.report import write_reports
    from tests.conftest import REPO

    result = quota.allocate(REPO / "scenarios" / "xinzhou-wisn.yaml")
    write_reports(result, tmp_path, lang="zh")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### 工作量标准（WISN）" in text
    required = result.scores.set_index("street").loc["邾城街道", "wisn_required_admin"]
    assert f"| 邾城街道 | {required:.2f} | 43 |" in text
    baseline = quota.allocate(REPO / "scenarios" / "xinzhou-baseline.yaml")
    (tmp_path / "b").mkdir()
    write_reports(baseline, tmp_path / "b", lang="en")
    assert "Workload standards (WISN)" not in (tmp_path / "b" / "report.md").read_text(
        encoding="utf-8"
    )


def test_markdown_escapes_html_in_every_value_and_pipes_in_table_cells() -> None:
    env = render.build_environment(False)
    table = document.Table(
        headers=["<h>"],
        rows=[[document.Cell("a|b<script>alert(1)</script>", "text")]],
        caption="<b>caption</b>",
        note="x & y",
    )
    source = (
        "{% import '_macros.md.j2' as m %}# {{ title }}\n\n{{ m.table(t)|trim }}\n- {{ quote }}\n"
    )
    rendered = env.from_string(source).render(
        title="<img src=x onerror=alert(1)>", t=table, quote='it\'s "quoted"'
    )
    assert "<img" not in rendered and "<script" not in rendered and "<b>" not in rendered
    assert rendered.startswith("# &lt;img src=x onerror=alert(1)&gt;\n")
    assert "**&lt;b&gt;caption&lt;/b&gt;**" in rendered
    assert "| &lt;h&gt; |" in rendered
    assert "| a\\|b&lt;script&gt;alert(1)&lt;/script&gt; |" in rendered
    assert "x &amp; y" in rendered and "&amp;amp;" not in rendered  # escaped once
    assert '- it\'s "quoted"\n' in rendered  # quotes need no escaping in Markdown
    assert render.escape_markdown_text("<a & b>") == "&lt;a &amp; b&gt;"


def test_charts_drawn_for_the_report_stay_in_its_folder(
    xinzhou: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))  # fails if used
    folder = tmp_path / "out"
    folder.mkdir()
    report.write_reports(xinzhou, folder, lang="en")  # no charts/ yet: they are drawn
    assert sorted(os.listdir(folder)) == ["report.html", "report.md"]


def with_notices(result: Result, *notices: str | Msg) -> Result:
    return dataclasses.replace(result, extra_notices=(*result.extra_notices, *notices))


NOTE = Msg(
    "test.note", ("第{row}行的合计行已忽略", "the totals row on row {row} was dropped"), {"row": 7}
)


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("zh", "第7行的合计行已忽略", "the totals row on row 7 was dropped"),
        ("en", "the totals row on row 7 was dropped", "第7行的合计行已忽略"),
    ],
)
def test_notes_on_the_data_follow_the_report_language(
    xinzhou: Result, tmp_path: Path, lang: str, shown: str, hidden: str
) -> None:
    result = with_notices(xinzhou, NOTE, "a plain note <kept>")
    context = report.build_report_context(result, lang)
    assert context.notices[-2:] == [shown, "a plain note <kept>"]
    (tmp_path / "charts").mkdir()
    for i, name in enumerate(report.CHART_NAMES):
        (tmp_path / "charts" / f"{name}.png").write_bytes(tiny_png(40 * i))
    report.write_reports(result, tmp_path, lang=lang)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    heading = "附：数据说明" if lang == "zh" else "Notes on the data"
    assert f"## {heading}" in md and f"<h2>{heading}</h2>" in html
    assert f"- {shown}\n" in md and f"<li>{shown}</li>" in html
    assert hidden not in md and hidden not in html
    assert "- a plain note &lt;kept&gt;\n" in md
    assert "<li>a plain note &lt;kept&gt;</li>" in html


def test_the_manifest_keeps_notices_in_english(xinzhou: Result) -> None:
    from quota.outputs.folder import build_manifest

    manifest = build_manifest(with_notices(xinzhou, NOTE, "plain"), [])
    assert manifest["notices"][-2:] == ["the totals row on row 7 was dropped", "plain"]
    json.dumps(manifest)  # every notice is text
