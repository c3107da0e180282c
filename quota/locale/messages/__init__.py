"""The program's messages: errors, notices, CLI summaries and help, in zh and en.

One module per package that speaks (``io``, ``config``, ...), each a
``MESSAGES`` dict of ``key -> (zh, en)``; keys start with the module's name
(``io.file_missing``). :func:`msg` makes a :class:`~quota.errors.Msg` of a
key and its values.

Placeholders are :meth:`str.format` fields. A field with the format spec
``kind`` (``{kind:kind}``) is a quota kind: it renders as 行政编制 in Chinese
and as ``admin``'s English label in English. A field with the spec ``label``
renders through :func:`quota.locale.label`. Lists and tuples are joined
(``、`` / ``, ``). The test suite checks that every key used in the code
exists, that both texts use the same fields, and that no key is defined twice.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from quota.errors import Msg
from quota.locale.messages import (
    analysis,
    app,
    cli,
    config,
    decisions,
    document,
    io,
    levels,
    methods,
    model,
    outputs,
    results,
    solve,
    sweep,
)

_PARTS = (
    io,
    config,
    methods,
    model,
    solve,
    results,
    analysis,
    outputs,
    cli,
    decisions,
    levels,
    document,
    app,
    sweep,
)


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    locale_own = {
        "locale.language": (
            "不支持语言 {lang!r}：请使用 {choices}",
            "language {lang!r} is not supported: use one of {choices}",
        ),
    }
    for part in (locale_own, *(m.MESSAGES for m in _PARTS)):
        for key, texts in part.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} is defined twice")
            merged[key] = texts
    return merged


#: key -> (zh, en); read-only
MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(_merge())

_FORMATTER = string.Formatter()


def _special_fields(template: str) -> dict[str, str]:
    """Fields of a template with a ``kind`` or ``label`` spec: name -> spec."""
    fields: dict[str, str] = {}
    for _, name, spec, _ in _FORMATTER.parse(template):
        if name and spec in ("kind", "label"):
            fields[name] = spec
    return fields


def msg(key: str, /, **params: Any) -> Msg:
    """The message ``key`` with its values, renderable in every language.

    Parameters
    ----------
    key : str
        A key of :data:`MESSAGES`, e.g. ``"io.file_missing"``.
    **params
        The values of its placeholders. A value for a ``{name:kind}`` field is
        a kind's name (``"admin"``); for ``{name:label}`` a label key.

    Raises
    ------
    KeyError
        If the key is unknown (a programming error, not a user's).
    """
    try:
        texts = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message with key {key!r}") from None
    special = _special_fields(texts[0]) | _special_fields(texts[1])
    if special:
        from quota.locale.labels import LABELS

        params = dict(params)
        for name, spec in special.items():
            value = params.get(name)
            entry_key = f"kind.{value}" if spec == "kind" else str(value)
            entry = LABELS.get(entry_key)
            zh_en = (entry["zh"], entry["en"]) if entry is not None else (str(value),) * 2
            params[name] = Msg(
                entry_key, tuple(t.replace("{", "{{").replace("}", "}}") for t in zh_en), {}
            )
        texts = tuple(t.replace(":kind}", "}").replace(":label}", "}") for t in texts)  # type: ignore[assignment]
    return Msg(key, texts, params)


def kind_name(kind: str) -> Msg:
    """A kind as a message value: 行政编制 in Chinese, its own name (``admin``) in English.

    For messages whose English text names the kind as the scenario spells it
    (``kind 'admin'``) while the Chinese names it as people do.
    """
    from quota.locale.labels import LABELS

    entry = LABELS.get(f"kind.{kind}")
    zh = entry["zh"] if entry is not None else str(kind)
    return Msg(f"kind.{kind}", (_literal(zh), _literal(str(kind))), {})


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
