"""The language the command line speaks: ``--lang``, else ``QUOTA_LANG``, else Chinese.

Every command and the group take ``--lang zh|en``; a command's own flag wins
over the group's (``quota --lang en run --lang zh`` speaks Chinese), and
without either the environment variable ``QUOTA_LANG`` decides, else ``zh``.
For the commands that write outputs it is also the outputs' language.

Help pages and click's usage errors are written before click has parsed the
line, so their language is read from the raw arguments first
(:func:`peek_lang`) and kept in the context's ``meta``; the ``--lang``
option's callback then replaces it with the language the command resolved.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import click

from quota.cli.usage import MsgUsageError
from quota.locale import msg

#: the languages of the command line, the first the default
LANGUAGES: tuple[str, ...] = ("zh", "en")
#: the environment variable that gives the default language
ENV_VAR = "QUOTA_LANG"
#: key of the language in :attr:`click.Context.meta` (shared by a context and its children)
META_KEY = "quota.lang"


def peek_lang(args: Sequence[str]) -> str:
    """The language of a command line before click parses it.

    The last valid ``--lang X`` or ``--lang=X`` (before a ``--``) wins, so a
    command's flag beats the group's; without one, ``QUOTA_LANG`` when it
    names a language, else ``zh``. Never fails: a bad value is reported by
    the option itself once click parses the line.
    """
    found: str | None = None
    items = iter(args)
    for arg in items:
        if arg == "--":
            break
        if arg == "--lang":
            value = next(items, None)
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        if value in LANGUAGES:
            found = value
    if found is not None:
        return found
    env = os.environ.get(ENV_VAR, "").strip().lower()
    return env if env in LANGUAGES else LANGUAGES[0]


def env_lang() -> str:
    """The language ``QUOTA_LANG`` names (case-insensitive), ``zh`` when it is unset or empty.

    Raises
    ------
    MsgUsageError
        If it is set to anything else than ``zh`` or ``en`` (exit code 2).
    """
    raw = os.environ.get(ENV_VAR)
    if raw is None or not raw.strip():
        return LANGUAGES[0]
    value = raw.strip().lower()
    if value not in LANGUAGES:
        raise MsgUsageError(msg("cli.env_lang", var=ENV_VAR, value=raw, choices=list(LANGUAGES)))
    return value


def context_lang(ctx: click.Context | None) -> str:
    """The language a context speaks (``zh`` when none is known yet)."""
    if ctx is None:
        return LANGUAGES[0]
    lang = ctx.meta.get(META_KEY)
    return lang if lang in LANGUAGES else LANGUAGES[0]


def current_lang() -> str:
    """The language of the command running now (``zh`` outside a command)."""
    return context_lang(click.get_current_context(silent=True))


def resolve_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """Callback of a command's ``--lang``: its flag, else the group's, else ``QUOTA_LANG``."""
    parent = ctx.parent
    while value is None and parent is not None:
        value = parent.params.get("lang")
        parent = parent.parent
    if value is None:
        value = context_lang(ctx) if ctx.resilient_parsing else env_lang()
    ctx.meta[META_KEY] = value
    return value


def remember_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Callback of the group's ``--lang``: kept for the commands, which decide."""
    if value is not None:
        ctx.meta[META_KEY] = value
    return value
