"""Every label, header and short phrase of the outputs, in Chinese and English.

One table, :data:`LABELS`, maps a key to its text per language. Keys of the
allocation table's columns are the canonical column names (``current``,
``base``, ...), so ``label("base", "zh")`` is the Chinese column header.
Kinds have keys ``kind.<name>``; charts use ``chart.*``, ``axis.*``,
``legend.*`` and ``note.*`` keys. Phrases with ``{placeholders}`` are meant
for :meth:`str.format`.

The entries live in one module per topic (:mod:`~quota.locale.labels.tables`,
``charts``, ``plan``, ``report``, ``diagnostics``, ``explain``, ``workbook``,
``compare``), each an ``ENTRIES`` dict of ``key -> (zh, en)``. To add a label,
add one entry with both languages to its topic's module; the test suite checks
that every entry has every language, and a key defined twice stops the import.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from quota.errors import InputError
from quota.locale.labels import (
    app,
    charts,
    compare,
    compare_extra,
    decisions,
    diagnostics,
    document,
    explain,
    levels,
    plan,
    report,
    sweep,
    tables,
    workbook,
)

#: languages every label exists in; the first is the default
LANGUAGES: tuple[str, ...] = ("zh", "en")

#: accepted spellings of each language
_LANGUAGE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "zh": "zh",
        "zh-cn": "zh",
        "zh_cn": "zh",
        "zh-hans": "zh",
        "cn": "zh",
        "chinese": "zh",
        "中文": "zh",
        "en": "en",
        "en-us": "en",
        "en_us": "en",
        "en-gb": "en",
        "en_gb": "en",
        "english": "en",
    }
)


_PARTS = (
    tables,
    charts,
    plan,
    report,
    diagnostics,
    explain,
    workbook,
    compare,
    compare_extra,
    decisions,
    levels,
    document,
    app,
    sweep,
)


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in _PARTS:
        for key, texts in part.ENTRIES.items():
            if key in merged:
                raise RuntimeError(f"label key {key!r} is defined twice")
            merged[key] = texts
    return merged


_ENTRIES: dict[str, tuple[str, str]] = _merge()


#: key -> {language -> text}; read-only
LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        key: MappingProxyType(dict(zip(LANGUAGES, texts, strict=True)))
        for key, texts in _ENTRIES.items()
    }
)


def check_lang(lang: str) -> str:
    """Return the canonical code (``"zh"`` or ``"en"``) of a language name.

    Parameters
    ----------
    lang : str
        A language code such as ``"zh"``, ``"zh-CN"``, ``"en"`` or ``"en_US"``
        (case-insensitive).

    Returns
    -------
    str
        One of :data:`LANGUAGES`.

    Raises
    ------
    InputError
        If the language is not supported.
    """
    code = _LANGUAGE_ALIASES.get(str(lang).strip().lower())
    if code is None:
        from quota.locale.messages import msg

        raise InputError(msg("locale.language", lang=lang, choices=list(LANGUAGES)))
    return code


def label(key: str, lang: str) -> str:
    """Return the text of one label in one language.

    Parameters
    ----------
    key : str
        A key of :data:`LABELS`, e.g. ``"base"``, ``"kind.admin"``, ``"chart.stack"``.
    lang : str
        Language code, see :func:`check_lang`.

    Returns
    -------
    str
        The label text (may contain ``{placeholders}`` for :meth:`str.format`).

    Raises
    ------
    KeyError
        If the key is unknown (a programming error, not a user error).
    InputError
        If the language is not supported.
    """
    code = check_lang(lang)
    try:
        return LABELS[key][code]
    except KeyError:
        raise KeyError(f"no label with key {key!r}") from None


def kind_label(kind: str, lang: str) -> str:
    """Return the display name of a quota kind.

    Parameters
    ----------
    kind : str
        Quota kind name as used in scenarios, e.g. ``"admin"``.
    lang : str
        Language code, see :func:`check_lang`.

    Returns
    -------
    str
        ``行政编制`` / ``administrative`` for ``admin``, ``事业编制`` /
        ``institutional`` for ``institutional``; any other kind is returned as
        its own name.
    """
    code = check_lang(lang)
    entry = LABELS.get(f"kind.{kind}")
    return entry[code] if entry is not None else str(kind)


def column_labels(columns: list[str], lang: str) -> dict[str, str]:
    """Return display headers for table columns.

    Parameters
    ----------
    columns : list of str
        Canonical column names.
    lang : str
        Language code, see :func:`check_lang`.

    Returns
    -------
    dict
        Column name -> header; columns without a label keep their name (so the
        result can be passed to :meth:`pandas.DataFrame.rename` directly).
    """
    code = check_lang(lang)
    return {c: LABELS[c][code] if c in LABELS else c for c in columns}
