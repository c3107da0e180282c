"""Exception types and the exit codes the CLI maps them to.

Every error a user can cause is a :class:`QuotaError` subclass carrying a
plain-language message; the CLI prints the message (never a traceback) and
exits with :attr:`QuotaError.exit_code`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

#: the languages a :class:`Msg` is written in, in the order of its texts
MSG_LANGUAGES: tuple[str, ...] = ("zh", "en")

#: how a list or tuple parameter is joined, per language
_LIST_SEPARATORS: Mapping[str, str] = MappingProxyType({"zh": "、", "en": ", "})


class Msg:
    """One message for a person, in every language, rendered when it is printed.

    A message is a catalog key, its text per language (``{placeholders}`` for
    :meth:`str.format`) and its values. Values that are messages themselves
    (a kind's name, a role) render in the same language; lists and tuples are
    joined (``、`` in Chinese, ``, `` in English). ``str(msg)`` is the English
    text, as Python's own exceptions are; the CLI, the reports and the workbook
    render in the language they were asked for.

    Messages are made by :func:`quota.locale.msg`, which looks the texts up in
    the one catalog (``quota/locale/messages``); code never writes a sentence
    for a person inline.
    """

    __slots__ = ("key", "params", "texts")

    def __init__(self, key: str, texts: tuple[str, ...], params: Mapping[str, Any]) -> None:
        self.key = key
        self.texts = texts
        self.params = dict(params)

    def render(self, lang: str = "en") -> str:
        """The text in ``lang`` (``"zh"`` or ``"en"``), values filled in."""
        index = MSG_LANGUAGES.index(lang) if lang in MSG_LANGUAGES else 1
        values = {name: render_value(value, lang) for name, value in self.params.items()}
        return self.texts[index].format(**values)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Msg):
            return self.key == other.key and self.params == other.params
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))


def render_value(value: Any, lang: str) -> Any:
    """A message parameter as it is printed in ``lang`` (messages and lists rendered)."""
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return _LIST_SEPARATORS.get(lang, ", ").join(str(render_value(v, lang)) for v in value)
    return value


def render(text: str | Msg, lang: str) -> str:
    """Render a message, or return a plain string (a name, a path) as it is."""
    return text.render(lang) if isinstance(text, Msg) else str(text)


class QuotaError(Exception):
    """Base class of the errors the CLI reports without a traceback.

    ``problems`` are :class:`Msg` (or, for text that needs no translation,
    plain strings); :meth:`render` gives them in one language.
    """

    exit_code: int = 1

    def __init__(self, problems: str | Msg | Iterable[str | Msg]) -> None:
        items: list[str | Msg] = [problems] if isinstance(problems, (str, Msg)) else list(problems)
        if not items:
            items = ["unknown error"]
        self.problems: list[str | Msg] = items
        super().__init__("\n".join(str(item) for item in items))

    def render(self, lang: str) -> list[str]:
        """The problems as text in ``lang``, one per item."""
        return [render(item, lang) for item in self.problems]


class InputError(QuotaError):
    """Bad data, bad scenario or bad usage: exit code 2, nothing written."""

    exit_code = 2


class InfeasibleError(QuotaError):
    """The scenario's requirements cannot all hold at once: exit code 3."""

    exit_code = 3


class SolverError(QuotaError):
    """The solver failed or stopped without a usable solution: exit code 1."""

    exit_code = 1


class OutputError(QuotaError):
    """The outputs could not be written for a reason in the machine, not in the input.

    A full disk or a folder without write permission: exit code 1, a plain
    sentence (no traceback); the previous output folder is left as it was.
    :func:`quota.outputs.folder.disk_full` and
    :func:`~quota.outputs.folder.permission_denied` make the two common ones.
    """

    exit_code = 1
