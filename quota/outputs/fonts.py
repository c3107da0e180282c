"""Find a font that renders Chinese in matplotlib charts.

The search, in order:

1. a CJK family already known to matplotlib (system fonts: Microsoft YaHei,
   PingFang SC, Noto Sans CJK SC, Source Han Sans SC, SimHei, WenQuanYi, ...);
2. a font file shipped inside an installed pip package carrying an openly
   licensed (SIL OFL 1.1) Simplified Chinese font: ``pylopdf-fonts-zh-cn``
   (Noto Sans SC), located through :mod:`importlib.resources` /
   :mod:`importlib.metadata` and registered with
   ``matplotlib.font_manager.fontManager.addfont`` (nothing is copied anywhere).

Importing this module changes nothing. :func:`build_rc_params` returns the
settings the chart functions apply inside :func:`matplotlib.rc_context`;
:func:`configure_matplotlib` is the one function that changes matplotlib's
global ``rcParams``, for notebooks that want Chinese in their own plots.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import logging
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import matplotlib
from matplotlib import font_manager, ft2font

from quota.errors import Msg
from quota.locale import check_lang, msg

logger = logging.getLogger(__name__)

#: system families tried first, in order
SYSTEM_CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "SimHei",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Sarasa Gothic SC",
    "Droid Sans Fallback",
)

#: (distribution, import package, font file inside it) tried after the system fonts
PACKAGED_CJK_FONTS: tuple[tuple[str, str, str], ...] = (
    ("pylopdf-fonts-zh-cn", "pylopdf_fonts_zh_cn", "NotoSansSC-Regular.otf"),
)

#: family used for Latin text and for any glyph the CJK font lacks (ships with matplotlib)
LATIN_FAMILY = "DejaVu Sans"

#: characters a candidate font must have to count as a Chinese font
PROBE_TEXT = "街道编制行政事业合计增减"


class FontFallbackWarning(UserWarning):
    """No Chinese font was found; charts fall back to English.

    Its text is the English one; :attr:`message` holds the message, for a
    caller that prints it in the user's language (``message.render("zh")``).
    """

    def __init__(self, message: str | Msg) -> None:
        super().__init__(str(message))
        self.message: str | Msg = message


def find_family_file(family: str) -> str | None:
    """Return the font file matplotlib uses for a family, if it knows the family.

    Parameters
    ----------
    family : str
        Font family name, e.g. ``"Noto Sans CJK SC"``.

    Returns
    -------
    str or None
        Path of the font file, or None when matplotlib has no such family.
    """
    props = font_manager.FontProperties(family=family)
    try:
        return str(font_manager.findfont(props, fallback_to_default=False))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _read_charmap(path: str) -> frozenset[int]:
    return frozenset(ft2font.FT2Font(path).get_charmap())


def check_covers(path: str, text: str = PROBE_TEXT) -> bool:
    """Tell whether a font file has a glyph for every character of a text.

    Parameters
    ----------
    path : str
        Font file (TTF, OTF or the first face of a TTC).
    text : str
        Characters to look for.

    Returns
    -------
    bool
        True when every character is in the font's character map; False when
        one is missing or the file cannot be read.
    """
    try:
        charmap = _read_charmap(path)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(char) in charmap for char in text)


def find_missing_glyphs(text: str, families: Sequence[str]) -> frozenset[str]:
    """Return the characters of a text that none of the given families can draw.

    Parameters
    ----------
    text : str
        Text to be drawn.
    families : sequence of str
        Font families, as in ``rcParams["font.family"]``; unknown families are
        skipped.

    Returns
    -------
    frozenset of str
        Characters without a glyph (whitespace and control characters excluded).
    """
    charmaps = [_read_charmap(path) for path in _family_files(families)]
    return frozenset(
        char
        for char in text
        if char.isprintable()
        and not char.isspace()
        and not any(ord(char) in charmap for charmap in charmaps)
    )


def _family_files(families: Iterable[str]) -> list[str]:
    return [path for path in (find_family_file(f) for f in families) if path is not None]


def find_packaged_font_files() -> list[Path]:
    """Return the Chinese font files shipped by installed pip packages.

    Looks for each entry of :data:`PACKAGED_CJK_FONTS` through
    :func:`importlib.resources.files`, then through the distribution's file
    list (:func:`importlib.metadata.files`).

    Returns
    -------
    list of Path
        Existing font files, in :data:`PACKAGED_CJK_FONTS` order.
    """
    found: list[Path] = []
    for distribution, package, filename in PACKAGED_CJK_FONTS:
        path = _locate_resource(package, filename) or _locate_in_distribution(
            distribution, filename
        )
        if path is not None:
            found.append(path)
    return found


def _locate_resource(package: str, filename: str) -> Path | None:
    try:
        resource = importlib.resources.files(package) / filename
    except (ModuleNotFoundError, TypeError):
        return None
    path = Path(str(resource))
    return path if path.is_file() else None


def _locate_in_distribution(distribution: str, filename: str) -> Path | None:
    try:
        files = importlib.metadata.files(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for entry in files:
        if entry.name == filename:
            path = Path(str(entry.locate()))
            if path.is_file():
                return path
    return None


def load_font_file(path: Path) -> str | None:
    """Register a font file with matplotlib and return its family name.

    Registering adds the file to matplotlib's font list for this process only
    (``fontManager.addfont``); it copies nothing and changes no ``rcParams``.

    Parameters
    ----------
    path : Path
        Font file.

    Returns
    -------
    str or None
        The family name matplotlib now knows it by, or None when the file is
        not a usable Chinese font.
    """
    if not check_covers(str(path)):
        return None
    family = font_manager.FontProperties(fname=str(path)).get_name()
    if find_family_file(family) is None:
        font_manager.fontManager.addfont(str(path))
    return family if find_family_file(family) is not None else None


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """Return the family name of a font that renders Simplified Chinese.

    System fonts come first (:data:`SYSTEM_CJK_FAMILIES`), then the fonts shipped
    by pip packages (:data:`PACKAGED_CJK_FONTS`), registered with matplotlib on
    first use. The answer is cached for the process
    (``find_cjk_font.cache_clear()`` searches again).

    Returns
    -------
    str or None
        A family name usable in ``rcParams["font.family"]``, or None when no
        Chinese font is available.
    """
    for family in SYSTEM_CJK_FAMILIES:
        system_file = find_family_file(family)
        if system_file is not None and check_covers(system_file):
            logger.debug("Chinese font: system family %s (%s)", family, system_file)
            return family
    for packaged_file in find_packaged_font_files():
        packaged = load_font_file(packaged_file)
        if packaged is not None:
            logger.debug("Chinese font: packaged family %s (%s)", packaged, packaged_file)
            return packaged
    return None


def build_rc_params(lang: str) -> tuple[str, dict[str, Any]]:
    """Return the language charts can use and the matplotlib settings for it.

    Parameters
    ----------
    lang : str
        Requested language, ``"zh"`` or ``"en"`` (see :func:`quota.locale.check_lang`).

    Returns
    -------
    lang : str
        ``"zh"`` when requested and a Chinese font exists; ``"en"`` otherwise.
    rc : dict
        Settings for :func:`matplotlib.rc_context`: ``font.family`` as a list of
        real family names (the Chinese one first for Chinese charts, so Latin and
        Chinese characters come from one design; second for English charts,
        where it only draws Chinese street names) and ``axes.unicode_minus=False``.

    Warns
    -----
    FontFallbackWarning
        When Chinese was requested and no Chinese font is available.
    """
    code = check_lang(lang)
    cjk = find_cjk_font()
    if cjk is None:
        families = [LATIN_FAMILY]
        if code == "zh":
            warnings.warn(FontFallbackWarning(msg("outputs.fonts.no_chinese_font")), stacklevel=2)
            code = "en"
    elif code == "zh":
        families = [cjk, LATIN_FAMILY]
    else:
        families = [LATIN_FAMILY, cjk]
    rc: dict[str, Any] = {"font.family": families, "axes.unicode_minus": False}
    return code, rc


def configure_matplotlib(lang: str) -> str:
    """Set matplotlib's global settings so that plots can show Chinese.

    For notebooks and scripts: the chart functions of :mod:`quota.outputs.charts` do not
    need it (they apply :func:`build_rc_params` in an ``rc_context``).

    Parameters
    ----------
    lang : str
        Requested language, ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The language actually usable: ``"zh"``, or ``"en"`` when no Chinese font
        was found (one :class:`FontFallbackWarning` is issued then).
    """
    code, rc = build_rc_params(lang)
    matplotlib.rcParams.update(cast(Any, rc))
    return code
