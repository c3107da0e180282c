"""Tests of quota.outputs.charts and quota.locale, from stored allocation tables (no solver)."""

from __future__ import annotations

import re
import string
import warnings
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from quota.errors import InputError
from quota.locale import LABELS, LANGUAGES, check_lang, column_labels, kind_label, label
from quota.outputs import charts as plot
from quota.outputs import fonts
from quota.outputs.charts.shares import _spread_labels as spread_labels

RESULTS = Path(__file__).resolve().parents[1] / "data" / "results"
INT_COLUMNS = ("current", "base", "quantified", "turnover", "total", "change", "onboard", "vacancy")
RESULT_COLUMNS = ("street", "kind", *INT_COLUMNS, "score", "ideal")
GLYPH_WARNING = re.compile(r"Glyph|missing from font", re.IGNORECASE)
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")

PlotFunction = Callable[..., Figure]
TABLE_CHARTS: dict[str, PlotFunction] = {
    "stack": plot.plot_stack,
    "shares": plot.plot_shares,
    "change": plot.plot_change,
    "onboard": plot.plot_onboard,
}


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


def read_result_table(path: Path) -> pd.DataFrame:
    """Read an allocation.csv into the dtypes of Result.table."""
    table = pd.read_csv(path, encoding="utf-8-sig", dtype={"street": "string", "kind": "string"})
    return table.astype(dict.fromkeys(INT_COLUMNS, "Int64"))


def build_large_table(n: int, *, seed: int = 7, group: str | None = "province") -> pd.DataFrame:
    """A consistent allocation table of ``n`` streets x 2 kinds (optionally with a group column)."""
    rng = np.random.default_rng(seed)
    frames = []
    for kind, per_street in (("admin", 30), ("institutional", 40)):
        weight = rng.lognormal(0.0, 0.6, n)
        score = weight / weight.sum()
        base = rng.integers(10, 20, n)
        pool = per_street * n - int(base.sum())
        quantified = np.floor(score * pool).astype(int)
        current = base + quantified + rng.integers(-6, 7, n)
        onboard = current - rng.integers(-2, 5, n)
        turnover = np.maximum(onboard - base - quantified, 0)
        total = base + quantified + turnover
        frame = pd.DataFrame(
            {
                "street": [f"街道{i:05d}" for i in range(n)],
                "kind": kind,
                "current": current,
                "base": base,
                "quantified": quantified,
                "turnover": turnover,
                "total": total,
                "change": total - current,
                "onboard": onboard,
                "vacancy": total - onboard,
                "score": score,
                "ideal": score * pool,
            }
        )
        if group is not None:
            frame[group] = [f"省{i:02d}" for i in rng.integers(0, 31, n)]
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table = table.astype(dict.fromkeys(INT_COLUMNS, "Int64"))
    return table.astype({"street": "string", "kind": "string"})


def build_wide_table(table: pd.DataFrame, shifts: dict[str, int]) -> pd.DataFrame:
    """A scenario comparison table: street, kind, one total column per scenario."""
    keep = [c for c in ("street", "kind", "province") if c in table.columns]
    wide = table[keep].copy()
    wide["基准"] = table["total"].astype("Int64")
    for offset, (name, shift) in enumerate(shifts.items()):
        pattern = np.resize(np.array([shift, 0, -shift, 1]), len(table))
        wide[name] = (table["total"] + np.roll(pattern, offset)).astype("Int64")
    return wide


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    return read_result_table(RESULTS / "xinzhou-baseline.csv")


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    return build_large_table(5000)


@pytest.fixture
def cjk() -> str:
    family = fonts.find_cjk_font()
    if family is None:
        pytest.skip("no Chinese font on this machine (pip install pylopdf-fonts-zh-cn)")
    return family


@pytest.fixture
def no_cjk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    yield


def render(figure: Figure) -> bytes:
    """Draw a figure the way write_charts does (glyph warnings are raised while drawing)."""
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=40, metadata={"Software": None})
    return buffer.getvalue()


def draw_and_record(make: Callable[[], Figure]) -> tuple[Figure, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = make()
        render(figure)
    return figure, [str(w.message) for w in caught]


def texts_of(figure: Figure) -> list[str]:
    found = [t.get_text() for t in figure.findobj(Text)]
    return [t for t in found if t.strip()]


# --------------------------------------------------------------------------
# Fixture sanity (the stored table keeps the allocation contract)
# --------------------------------------------------------------------------


def test_fixture_keeps_the_allocation_contract(small: pd.DataFrame) -> None:
    assert list(small.columns) == list(RESULT_COLUMNS)
    assert small.groupby("kind").size().to_dict() == {"admin": 12, "institutional": 12}
    assert (small["total"] == small["base"] + small["quantified"] + small["turnover"]).all()
    assert (small["change"] == small["total"] - small["current"]).all()
    assert (small["vacancy"] == small["total"] - small["onboard"]).all()
    sums = small.groupby("kind")["score"].sum()
    assert np.allclose(sums.to_numpy(), 1.0, atol=1e-5)
    assert "邾城街道" in set(small["street"])


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------


def test_every_label_exists_in_every_language_with_the_same_placeholders() -> None:
    for key, texts in LABELS.items():
        assert set(texts) == set(LANGUAGES), key
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name}
            for lang in LANGUAGES
        ]
        assert all(f == fields[0] for f in fields), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key


def test_table_headers_and_kinds_are_labelled() -> None:
    headers = {
        "current": "现有编制",
        "base": "基础编制",
        "quantified": "量化编制",
        "turnover": "周转编制",
        "total": "核定编制",
        "change": "增减",
        "onboard": "实有人数",
        "vacancy": "空编(超编)",
        "score": "工作量得分",
        "ideal": "理想量化编制",
        "street": "街道",
        "total_row": "合计",
    }
    for key, text in headers.items():
        assert label(key, "zh") == text
        assert label(key, "en").isascii()
    assert kind_label("admin", "zh") == "行政编制"
    assert kind_label("institutional", "en") == "institutional"
    assert kind_label("enforcement", "zh") == "enforcement"
    assert column_labels(["base", "population", "extra"], "zh") == {
        "base": "基础编制",
        "population": "常住人口",
        "extra": "extra",
    }


def test_language_codes_are_normalised_and_unknown_ones_refused() -> None:
    assert [check_lang(x) for x in ("zh", "zh-CN", "ZH_cn", " en ", "en-US")] == [
        "zh",
        "zh",
        "zh",
        "en",
        "en",
    ]
    with pytest.raises(InputError, match="not supported"):
        label("base", "de")
    with pytest.raises(KeyError, match="no label with key"):
        label("no.such.key", "zh")


# --------------------------------------------------------------------------
# Small tables: one bar or point per street
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TABLE_CHARTS))
def test_small_charts_draw_chinese_without_glyph_warnings(
    small: pd.DataFrame, cjk: str, name: str
) -> None:
    figure, messages = draw_and_record(lambda: TABLE_CHARTS[name](small, lang="zh"))
    assert not [m for m in messages if GLYPH_WARNING.search(m)]
    texts = texts_of(figure)
    assert "行政编制" in texts and "事业编制" in texts
    assert "邾城街道" in texts
    assert figure.get_suptitle() == label(f"chart.{name}", "zh")


def test_small_chart_with_recwarn_has_no_glyph_warning(
    small: pd.DataFrame, cjk: str, recwarn: pytest.WarningsRecorder
) -> None:
    warnings.simplefilter("always")
    render(plot.plot_shares(small, lang="zh"))
    assert not [w for w in recwarn if GLYPH_WARNING.search(str(w.message))]


def test_small_charts_show_one_entry_per_street(small: pd.DataFrame, cjk: str) -> None:
    figure = plot.plot_stack(small, "admin", lang="zh")
    (axis,) = figure.axes
    assert [t.get_text() for t in axis.get_yticklabels()] == list(small["street"][:12])
    bars = [p for p in axis.patches if p.get_width() > 0]
    assert len(bars) == 12 * 2 + 3  # base and quantified everywhere, turnover for 3 streets


def test_legend_fits_inside_a_one_panel_figure(small: pd.DataFrame, cjk: str) -> None:
    figure = plot.plot_onboard(small, "admin", lang="zh")
    render(figure)
    (legend,) = figure.legends
    box = legend.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= figure.bbox.width


def test_change_highlights_cuts_in_their_own_colour(small: pd.DataFrame) -> None:
    figure = plot.plot_change(small, "institutional", lang="en")
    (axis,) = figure.axes
    colours = {to_hex(p.get_facecolor()) for p in axis.patches if p.get_width() < 0}
    assert colours == {plot.COLORS["cut"].lower()}
    gains = {to_hex(p.get_facecolor()) for p in axis.patches if p.get_width() > 0}
    assert gains == {plot.COLORS["gain"].lower()}


def test_onboard_marks_streets_needing_turnover(small: pd.DataFrame, cjk: str) -> None:
    figure = plot.plot_onboard(small, "admin", lang="zh")
    (axis,) = figure.axes
    marked = [
        t.get_text()
        for t in axis.get_yticklabels()
        if to_hex(t.get_color()) == plot.COLORS["turnover"].lower()
    ]
    admin = small[small["kind"] == "admin"]
    needs = admin.loc[admin["onboard"] > admin["base"] + admin["quantified"], "street"]
    assert marked == list(needs) == ["仓埠街道", "旧街街道", "涨渡湖街道"]
    assert "满编" in texts_of(figure)


def test_charts_without_current_or_onboard_return_a_note(small: pd.DataFrame) -> None:
    bare = small.assign(
        current=pd.array([pd.NA] * len(small), dtype="Int64"),
        change=pd.array([pd.NA] * len(small), dtype="Int64"),
        onboard=pd.array([pd.NA] * len(small), dtype="Int64"),
        vacancy=pd.array([pd.NA] * len(small), dtype="Int64"),
    )
    change = plot.plot_change(bare, lang="en")
    assert label("note.no_current", "en") in texts_of(change)
    onboard = plot.plot_onboard(bare, lang="en")
    assert label("note.no_onboard", "en") in texts_of(onboard)
    assert plot.plot_stack(bare, lang="en").get_suptitle() == label("chart.stack", "en")
    assert plot.find_applicable_charts(bare) == ["stack", "shares"]


def test_plots_neither_mutate_the_table_nor_change_global_settings(
    small: pd.DataFrame,
) -> None:
    copy = small.copy(deep=True)
    before = dict(matplotlib.rcParams)
    for function in TABLE_CHARTS.values():
        function(small, lang="zh")
    pd.testing.assert_frame_equal(small, copy)
    assert dict(matplotlib.rcParams) == before


def test_drawing_into_a_given_axes_needs_one_kind(small: pd.DataFrame) -> None:
    figure = Figure()
    axis: Axes = figure.subplots()
    assert plot.plot_change(small, "admin", lang="en", ax=axis) is figure
    with pytest.raises(InputError, match="needs one quota kind"):
        plot.plot_stack(small, lang="en", ax=figure.subplots())


def test_drawing_into_a_callers_subfigure_uses_the_chinese_font(
    small: pd.DataFrame, cjk: str
) -> None:
    figure = Figure(layout="constrained")  # made outside the chart's rc_context
    left, right = figure.subfigures(1, 2)

    def draw() -> Figure:
        plot.plot_stack(small, "admin", lang="zh", ax=left.subplots())
        return plot.plot_change(small, "admin", lang="zh", ax=right.subplots())

    drawn, messages = draw_and_record(draw)
    assert drawn is figure
    assert not [m for m in messages if GLYPH_WARNING.search(m)]


def test_a_small_kind_beside_a_large_one_gets_one_panel(small: pd.DataFrame, cjk: str) -> None:
    big = build_large_table(100, group=None)
    mixed = pd.concat(
        [big[big["kind"] == "admin"], small[small["kind"] == "institutional"]],
        ignore_index=True,
    )
    figure = plot.plot_change(mixed, lang="zh")
    visible = [a for a in figure.axes if a.axison]
    assert len(visible) == 3 + 1
    assert "邾城街道" in texts_of(figure)


def test_unknown_kind_and_missing_columns_are_user_errors(small: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="quota kind 'police' is not in the table"):
        plot.plot_stack(small, "police")
    with pytest.raises(InputError, match="no column score"):
        plot.plot_shares(small.drop(columns=["score"]))


def test_chart_errors_speak_chinese_with_kind_names(small: pd.DataFrame) -> None:
    with pytest.raises(InputError) as caught:
        plot.plot_stack(small, "police")
    assert caught.value.render("zh") == [
        "表中没有编制类别“police”（表中的类别：行政编制、事业编制）"
    ]
    with pytest.raises(InputError) as caught:
        plot.plot_shares(small.drop(columns=["score"]))
    assert caught.value.render("zh")[0].startswith("编制分配表缺少列 score（现有的列：street、kind")


def test_unknown_kind_names_are_shown_as_they_are(small: pd.DataFrame) -> None:
    renamed = small.assign(kind=small["kind"].replace({"institutional": "enforcement"}))
    figure = plot.plot_stack(renamed, lang="en")
    assert "enforcement" in texts_of(figure)
    assert "administrative" in texts_of(figure)


def test_compute_shares_sum_to_one(small: pd.DataFrame) -> None:
    part = small[small["kind"] == "admin"]
    workload, quota = plot.compute_shares(part)
    assert workload.sum() == pytest.approx(1.0)
    assert quota.sum() == pytest.approx(1.0)
    kept = (part["base"] + part["quantified"]).to_numpy(dtype=float)
    assert quota == pytest.approx(kept / kept.sum())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=30),
    st.floats(min_value=0.001, max_value=0.2),
)
def test_spread_labels_keeps_order_and_spacing(values: list[float], gap: float) -> None:
    y = np.array(values)
    placed, block = spread_labels(y, gap)
    order = np.argsort(y, kind="stable")
    assert np.all(np.diff(placed[order]) >= gap - 1e-9)
    assert len(block) == len(y)
    # labels that need no room stay on their point
    if len(y) == 1:
        assert placed[0] == pytest.approx(y[0])


# --------------------------------------------------------------------------
# English fallback without a Chinese font
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TABLE_CHARTS))
def test_without_cjk_font_charts_are_english_and_warn_once(
    small: pd.DataFrame, no_cjk: None, name: str
) -> None:
    figure, messages = draw_and_record(lambda: TABLE_CHARTS[name](small, lang="zh"))
    assert not [m for m in messages if GLYPH_WARNING.search(m)]
    assert sum("no Chinese font" in m for m in messages) == 1
    texts = texts_of(figure)
    assert not [t for t in texts if CJK.search(t)], "Chinese text would render as boxes"
    assert figure.get_suptitle() == label(f"chart.{name}", "en")
    assert "administrative" in texts
    assert "#1" in texts  # the first street, named by its position
    assert label("note.street_numbers", "en") in texts


def test_without_cjk_font_write_charts_warns_once_and_writes_every_chart(
    small: pd.DataFrame, no_cjk: None, tmp_path: Path
) -> None:
    admin = small[small["kind"] == "admin"]
    with pytest.warns(fonts.FontFallbackWarning) as caught:
        written = plot.write_charts(admin, tmp_path, lang="zh")
    assert len(caught) == 1
    assert [p.name for p in written] == ["stack.png", "shares.png", "change.png", "onboard.png"]


# --------------------------------------------------------------------------
# Large tables: aggregates instead of one bar per street
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TABLE_CHARTS))
def test_large_charts_aggregate(large: pd.DataFrame, cjk: str, name: str) -> None:
    figure, messages = draw_and_record(lambda: TABLE_CHARTS[name](large, lang="zh"))
    assert not [m for m in messages if GLYPH_WARNING.search(m)]
    texts = texts_of(figure)
    named_streets = {t for t in texts if re.fullmatch(r"街道\d+", t)}
    assert len(named_streets) <= 2 * (2 * plot.TOP_N + plot.LABELLED_OUTLIERS)
    assert any("省份" in t for t in texts)  # the aggregate by the province column


def test_large_change_shows_distribution_top_lists_and_groups(
    large: pd.DataFrame, cjk: str
) -> None:
    figure = plot.plot_change(large, lang="zh")
    titles = [a.get_title() for a in figure.axes]
    assert (
        titles
        == [
            "增减分布",
            "增加最多的15个街道",
            "减少最多的15个街道",
            "按省份汇总的增减",
        ]
        * 2
    )
    top = figure.axes[1]
    assert len(top.get_yticklabels()) == plot.TOP_N
    assert sum(a.get_title() == "按省份汇总的增减" for a in figure.axes) == 2


def test_large_without_group_column_has_no_group_panel(cjk: str) -> None:
    table = build_large_table(300, group=None)
    change = plot.plot_change(table, lang="zh")
    assert len(change.axes) == 3 * 2
    shares = plot.plot_shares(table, "admin", lang="zh")
    assert len(shares.axes) == 1  # a scatter below the hexbin size: no colour bar


def test_large_onboard_legend_has_the_sums_entries_only_with_their_panel(cjk: str) -> None:
    """The bar and the diamond of the sums by group are in the legend only when drawn."""

    def legend(table: pd.DataFrame) -> list[str]:
        figure = plot.plot_onboard(table, lang="zh")
        return [t.get_text() for legend in figure.legends for t in legend.get_texts()]

    sums = ["核定编制", "实有人数"]
    grouped = legend(build_large_table(300))
    assert grouped[-2:] == sums and len(grouped) == 5
    plain = legend(build_large_table(300, group=None))
    assert len(plain) == 3 and not set(sums) & set(plain)


def test_huge_share_scatter_becomes_a_hexbin(large: pd.DataFrame, cjk: str) -> None:
    figure = plot.plot_shares(large, "admin", lang="zh")
    assert len(figure.axes) == 3  # scatter panel, its colour bar, group panel
    assert any(a.get_label() == "<colorbar>" for a in figure.axes)


def test_threshold_between_small_and_large(cjk: str) -> None:
    at = build_large_table(plot.LARGE_TABLE_STREETS, group=None)
    above = build_large_table(plot.LARGE_TABLE_STREETS + 1, group=None)
    assert len(plot.plot_change(at, "admin", lang="zh").axes) == 1
    assert len(plot.plot_change(above, "admin", lang="zh").axes) == 3


# --------------------------------------------------------------------------
# Scenario comparison
# --------------------------------------------------------------------------


def test_compare_small_has_one_marker_per_scenario_and_street(
    small: pd.DataFrame, cjk: str
) -> None:
    wide = build_wide_table(small, {"人口权重加大": 2, "市级再下放": 1})
    assert plot.find_scenario_columns(wide) == ["基准", "人口权重加大", "市级再下放"]
    figure, messages = draw_and_record(lambda: plot.plot_compare(wide, lang="zh"))
    assert not [m for m in messages if GLYPH_WARNING.search(m)]
    texts = texts_of(figure)
    assert {"基准", "人口权重加大", "市级再下放"} <= set(texts)
    assert "与“基准”的差值（名）" in texts
    assert len(figure.axes) == 2


def test_compare_large_and_without_scenarios(large: pd.DataFrame, cjk: str) -> None:
    wide = build_wide_table(large, {"population-heavy": 3})
    figure, messages = draw_and_record(lambda: plot.plot_compare(wide, lang="en"))
    assert not [m for m in messages if GLYPH_WARNING.search(m)]
    assert "Difference from “基准”, per street" in [a.get_title() for a in figure.axes]
    empty = plot.plot_compare(wide[["street", "kind", "province"]], lang="en")
    assert label("note.no_scenarios", "en") in texts_of(empty)


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def test_write_charts_writes_stable_names_and_identical_bytes(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    admin = small[small["kind"] == "admin"]  # one panel per chart keeps the test fast
    first = plot.write_charts(admin, tmp_path / "a", lang="zh")
    second = plot.write_charts(admin, tmp_path / "b", lang="zh")
    assert [p.relative_to(tmp_path / "a").as_posix() for p in first] == [
        "charts/stack.png",
        "charts/shares.png",
        "charts/change.png",
        "charts/onboard.png",
    ]
    for one, two in zip(first, second, strict=True):
        data = one.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert b"Matplotlib" not in data  # no version stamp in the metadata
        assert data == two.read_bytes(), one.name
    width, height = plot.plot_stack(admin, lang="zh").get_size_inches()
    header = first[0].read_bytes()
    size = (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big"))
    assert size == (round(width * plot.DPI), round(height * plot.DPI))


# --------------------------------------------------------------------------
# Names are plain text, never mathtext
# --------------------------------------------------------------------------

MATH_NAMES = ["A$x^{$", "$$", "50%"]


def test_charts_of_streets_with_dollars_and_percents_are_written(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    table = small[small["kind"] == "admin"].copy()
    streets = list(dict.fromkeys(table["street"].astype(str)))
    renamed = dict(zip(streets, MATH_NAMES, strict=False))
    table["street"] = table["street"].astype(str).replace(renamed).astype("string")
    written = plot.write_charts(table, tmp_path, lang="en")
    assert [p.name for p in written] == ["stack.png", "shares.png", "change.png", "onboard.png"]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    figure = plot.plot_stack(table, lang="en")
    render(figure)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()][:3]
    assert labels == ["A\\$x^{\\$", "\\$\\$", "50%"]  # escaped: drawn as they are


def test_large_charts_and_comparisons_draw_names_with_dollars(tmp_path: Path) -> None:
    table = build_large_table(plot.LARGE_TABLE_STREETS + 10, seed=3)
    table = table[table["kind"] == "admin"].reset_index(drop=True)
    table["street"] = ("$" + table["street"].astype(str) + "^{$").astype("string")
    table["province"] = ("$" + table["province"].astype(str)).astype("string")
    for name, function in TABLE_CHARTS.items():
        plot.write_figure(function(table, lang="en"), tmp_path / f"{name}.png", lang="en")
    wide = build_wide_table(table, {"$a$": 2, "b$^{": 1})
    plot.write_figure(plot.plot_compare(wide, lang="en"), tmp_path / "compare.png", lang="en")
    assert len(list(tmp_path.glob("*.png"))) == len(TABLE_CHARTS) + 1


def test_write_figure_makes_any_figure_plain_text(tmp_path: Path) -> None:
    figure = Figure(figsize=(3, 2))
    ax = figure.subplots()
    ax.barh([0, 1], [1, 2])
    ax.set_yticks([0, 1], labels=["A$x^{$", "$$"])
    ax.set_title("a $b^{$ title")
    ax.annotate("$", (1, 0))
    figure.legend(handles=[Line2D([], [], label="x$^{$")])
    plot.write_figure(figure, tmp_path / "f.png", lang="en")
    assert (tmp_path / "f.png").read_bytes().startswith(b"\x89PNG")
    assert ax.get_title() == "a \\$b^{\\$ title"
    assert plot.plain_text("a$b") == "a\\$b"


# --------------------------------------------------------------------------
# Writing fast: one drawing per figure, charts shared with a helper process
# --------------------------------------------------------------------------


def savefig_bytes(figure: Figure, lang: str = "zh") -> bytes:
    """What ``write_figure`` wrote before it drew on its own canvas: ``Figure.savefig``."""
    _, font_rc = fonts.build_rc_params(lang)
    plot.protect_figure_text(figure)
    buffer = BytesIO()
    with matplotlib.rc_context({**plot.STYLE_RC, **font_rc}):
        figure.savefig(buffer, dpi=plot.DPI, format="png", metadata={"Software": None})
    return buffer.getvalue()


def build_loose_figures() -> list[Figure]:
    """Figures not made by the chart functions: no layout engine, tight, subfigures."""
    plain = Figure(figsize=(3, 2))
    plain.subplots().plot([0, 1, 3], [2, 1, 4])
    tight = Figure(figsize=(3, 2), layout="tight")
    tight.subplots().set_title("tight $x$")
    nested = Figure(figsize=(4, 2), layout="constrained", facecolor="#EEEEEE")
    for sub in nested.subfigures(1, 2):
        sub.subplots().barh([0, 1], [3, 1])
    return [plain, tight, nested]


@pytest.mark.parametrize("size", ["small", "large"])
def test_write_figure_writes_the_bytes_savefig_writes(
    small: pd.DataFrame, cjk: str, size: str, tmp_path: Path
) -> None:
    table = small if size == "small" else build_large_table(2500)  # large: a hexbin too
    for name, function in TABLE_CHARTS.items():
        expected = savefig_bytes(function(table, lang="zh"))
        written = plot.write_figure(function(table, lang="zh"), tmp_path / f"{name}.png")
        assert written.read_bytes() == expected, name


def test_print_png_matches_savefig_and_puts_the_figure_back(tmp_path: Path) -> None:
    for index, figure in enumerate(build_loose_figures()):
        expected = savefig_bytes(build_loose_figures()[index], lang="en")
        canvas, engine, dpi = figure.canvas, figure.get_layout_engine(), figure.dpi
        color = figure.get_facecolor()
        plot.write_figure(figure, tmp_path / f"{index}.png", lang="en")
        assert (tmp_path / f"{index}.png").read_bytes() == expected, index
        assert figure.canvas is canvas and figure.get_layout_engine() is engine
        assert figure.dpi == dpi and figure.get_facecolor() == color


def test_tight_savefig_settings_are_honoured(tmp_path: Path) -> None:
    figure = Figure(figsize=(3, 2))
    figure.subplots().plot([0, 1], [0, 1])
    with matplotlib.rc_context({"savefig.bbox": "tight"}):
        path = plot.write_figure(figure, tmp_path / "tight.png", lang="en")
    header = path.read_bytes()
    width = int.from_bytes(header[16:20], "big")
    assert width < 3 * plot.DPI  # cropped, as savefig crops it


def test_charts_are_the_same_bytes_with_and_without_a_helper(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    alone = plot.write_charts(small, tmp_path / "alone", lang="zh", parallel=False)
    shared = plot.write_charts(small, tmp_path / "shared", lang="zh")
    assert [p.name for p in shared] == [p.name for p in alone]
    for one, two in zip(alone, shared, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_started_charts_are_drawn_while_the_caller_goes_on(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    with plot.start_charts(small, tmp_path, lang="en") as job:
        assert isinstance(job, plot.ChartJob)
        written = job.wait()
        assert job.wait() == written  # a second wait draws nothing again
    assert [p.name for p in written] == ["stack.png", "shares.png", "change.png", "onboard.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)


def test_a_chart_error_reaches_the_caller_with_a_helper(
    small: pd.DataFrame, tmp_path: Path
) -> None:
    broken = small.drop(columns=["turnover"])  # stack and onboard need it
    with pytest.raises(InputError, match="turnover"):
        plot.write_charts(broken, tmp_path, lang="en")


def test_a_log_colour_bar_keeps_its_powers_of_ten(
    large: pd.DataFrame, cjk: str, tmp_path: Path
) -> None:
    figure = plot.plot_shares(large, "admin", lang="zh")
    plot.write_figure(figure, tmp_path / "shares.png")
    bar = next(a for a in figure.axes if a.get_label() == "<colorbar>")
    shown = [t.get_text() for t in bar.get_yticklabels() if t.get_text()]
    assert shown and all(t.startswith("$\\mathdefault{10^{") for t in shown)  # drawn as 10³
    percent = figure.axes[0].xaxis.get_major_formatter()  # a FuncFormatter: may hold any text
    assert type(percent).__name__ == "_PlainTickFormatter"
