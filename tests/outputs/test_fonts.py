"""Tests of quota.outputs.fonts: finding a Chinese font without touching global state."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import pytest

from quota.errors import InputError, render
from quota.outputs import fonts

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cjk() -> str:
    family = fonts.find_cjk_font()
    if family is None:
        pytest.skip("no Chinese font on this machine (pip install pylopdf-fonts-zh-cn)")
    return family


def test_find_cjk_font_gives_a_family_matplotlib_can_draw_chinese_with(cjk: str) -> None:
    path = fonts.find_family_file(cjk)
    assert path is not None
    assert fonts.check_covers(path, "邾城街道行政编制事业编制合计")


def test_find_cjk_font_is_cached_and_stable(cjk: str) -> None:
    assert fonts.find_cjk_font() == cjk
    fonts.find_cjk_font.cache_clear()
    assert fonts.find_cjk_font() == cjk


def test_find_family_file_returns_none_for_an_unknown_family() -> None:
    assert fonts.find_family_file("No Such Family 1234") is None


def test_packaged_font_is_located_through_package_metadata() -> None:
    files = fonts.find_packaged_font_files()
    if not files:
        pytest.skip("pylopdf-fonts-zh-cn is not installed")
    assert files[0].name == "NotoSansSC-Regular.otf"
    assert files[0].is_file()
    assert fonts.check_covers(str(files[0]))
    assert fonts.load_font_file(files[0]) == "Noto Sans SC"
    assert fonts.find_family_file("Noto Sans SC") is not None


def test_load_font_file_refuses_a_font_without_chinese() -> None:
    dejavu = fonts.find_family_file("DejaVu Sans")
    assert dejavu is not None
    assert not fonts.check_covers(dejavu)
    assert fonts.load_font_file(Path(dejavu)) is None


def test_check_covers_is_false_for_a_file_that_is_not_a_font(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.otf"
    bogus.write_bytes(b"not a font")
    assert not fonts.check_covers(str(bogus))


def test_find_missing_glyphs_names_the_characters_no_family_has(cjk: str) -> None:
    assert fonts.find_missing_glyphs("邾城 street 1", ["DejaVu Sans"]) == {"邾", "城"}
    assert fonts.find_missing_glyphs("邾城 street 1", ["DejaVu Sans", cjk]) == frozenset()
    assert fonts.find_missing_glyphs("x", ["No Such Family 1234"]) == {"x"}


def test_build_rc_params_chinese_puts_the_cjk_family_first(cjk: str) -> None:
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lang, rc = fonts.build_rc_params("zh")
    assert lang == "zh"
    assert rc["font.family"] == [cjk, fonts.LATIN_FAMILY]
    assert rc["axes.unicode_minus"] is False
    assert dict(matplotlib.rcParams) == before


def test_build_rc_params_english_keeps_cjk_as_fallback_for_street_names(cjk: str) -> None:
    lang, rc = fonts.build_rc_params("en")
    assert lang == "en"
    assert rc["font.family"] == [fonts.LATIN_FAMILY, cjk]


def test_without_a_cjk_font_chinese_falls_back_to_english_with_one_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    with pytest.warns(fonts.FontFallbackWarning, match="no Chinese font") as caught:
        lang, rc = fonts.build_rc_params("zh")
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, fonts.FontFallbackWarning)
    assert render(warning.message, "zh").startswith("未找到中文字体")
    assert lang == "en"
    assert rc["font.family"] == [fonts.LATIN_FAMILY]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fonts.build_rc_params("en")[0] == "en"


def test_configure_matplotlib_sets_global_fonts_and_reports_the_language(cjk: str) -> None:
    with matplotlib.rc_context():
        assert fonts.configure_matplotlib("zh-CN") == "zh"
        assert list(matplotlib.rcParams["font.family"]) == [cjk, fonts.LATIN_FAMILY]
        assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_configure_matplotlib_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    with matplotlib.rc_context(), pytest.warns(fonts.FontFallbackWarning):
        assert fonts.configure_matplotlib("zh") == "en"


def test_unknown_language_is_a_user_error() -> None:
    with pytest.raises(InputError, match="language 'fr' is not supported"):
        fonts.build_rc_params("fr")


def test_importing_quota_changes_no_matplotlib_setting() -> None:
    code = (
        "import matplotlib\n"
        "before = dict(matplotlib.rcParams)\n"
        "import quota, quota.outputs.fonts, quota.outputs.charts, quota.locale\n"
        "assert dict(matplotlib.rcParams) == before\n"
        "print('same')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "same"
