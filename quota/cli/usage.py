"""Click's usage errors in the user's language, and usage errors that carry a message.

Click writes its own messages in English (``Missing argument 'SCENARIOS...'.``,
``'x' is not a valid integer.``). In English they are printed exactly as click
prints them; in Chinese they are said again from the exception's attributes
(the parameter, the option's name, the choices) and, for the sentences click
builds itself, by recognising click's English text: the ``cli.click.*``
entries of the catalog hold click's words with their Chinese.

Errors the command line raises itself carry a :class:`~quota.errors.Msg`
(:class:`MsgUsageError`, :class:`MsgBadParameter`).
"""

from __future__ import annotations

import re
import string
from functools import cache

import click

from quota.errors import Msg
from quota.locale import MESSAGES, msg

#: catalog keys whose English text is a sentence click writes itself
CLICK_SENTENCES: tuple[str, ...] = (
    "cli.click.help_option",
    "cli.click.missing_command",
    "cli.click.extra_argument",
    "cli.click.extra_arguments",
    "cli.click.requires_argument",
    "cli.click.requires_arguments",
    "cli.click.takes_no_value",
    "cli.click.argument_nargs",
    "cli.click.not_integer",
    "cli.click.not_integer_range",
    "cli.click.not_float",
    "cli.click.not_float_range",
    "cli.click.not_in_range",
    "cli.click.not_boolean",
    "cli.click.not_one_of",
    "cli.click.not_choice",  # last: "is not {choice}" would match the sentences above
)


class MsgUsageError(click.UsageError):
    """A usage error (exit code 2) whose text is a message in every language."""

    def __init__(self, message: Msg, ctx: click.Context | None = None) -> None:
        super().__init__(str(message), ctx)
        self.msg = message


class MsgBadParameter(click.BadParameter):
    """A bad value of one parameter (exit code 2), its reason a message in every language."""

    def __init__(
        self,
        message: Msg,
        ctx: click.Context | None = None,
        param: click.Parameter | None = None,
        param_hint: str | None = None,
    ) -> None:
        super().__init__(str(message), ctx, param, param_hint)
        self.msg = message


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Click's sentences as regular expressions, each with its catalog key."""
    formatter = string.Formatter()
    found = []
    for key in CLICK_SENTENCES:
        parts = []
        for literal, name, _, _ in formatter.parse(MESSAGES[key][1]):
            parts.append(re.escape(literal))
            if name:
                parts.append(f"(?P<{name}>.+?)")
        found.append((re.compile("".join(parts), re.DOTALL), key))
    return tuple(found)


def translate(text: str, lang: str) -> str:
    """One of click's own sentences in ``lang``; any other text as it is."""
    if lang == "en":
        return text
    for pattern, key in _patterns():
        match = pattern.fullmatch(text)
        if match:
            return msg(key, **match.groupdict()).render(lang)
    return text


def _hint(exc: click.BadParameter) -> str | None:
    """The parameter an error is about, as click names it (``'--out'``, ``'SCENARIOS...'``)."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx)  # type: ignore[arg-type]
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint


def _missing(exc: click.MissingParameter, lang: str) -> str:
    hint = _hint(exc) or ""
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
    key = {"argument": "cli.click.missing_argument", "option": "cli.click.missing_option"}
    parts = [msg(key.get(kind, "cli.click.missing_parameter"), hint=hint).render(lang)]
    if exc.message:
        parts.append(translate(exc.message, lang))
    if exc.param is not None and isinstance(exc.param.type, click.Choice):
        choices = [str(c) for c in exc.param.type.choices]
        parts.append(msg("cli.click.choose_from", choices=choices).render(lang))
    return "".join(parts)


def _did_you_mean(exc: click.UsageError, lang: str) -> str:
    names = [repr(p) for p in sorted(getattr(exc, "possibilities", None) or [])]
    return msg("cli.click.did_you_mean", names=names).render(lang) if names else ""


def describe(exc: click.ClickException, lang: str) -> str:
    """What went wrong, in ``lang``: the text after ``Error:``."""
    own = getattr(exc, "msg", None)
    if lang == "en":
        return exc.format_message()
    if isinstance(exc, click.MissingParameter):
        return _missing(exc, lang)
    if isinstance(exc, click.BadParameter):
        reason = own.render(lang) if isinstance(own, Msg) else translate(exc.message, lang)
        hint = _hint(exc)
        if hint is None:
            return msg("cli.click.invalid_value", message=reason).render(lang)
        return msg("cli.click.invalid_value_for", hint=hint, message=reason).render(lang)
    if isinstance(own, Msg):
        return own.render(lang)
    if isinstance(exc, click.NoSuchOption):
        text = msg("cli.click.no_such_option", name=exc.option_name).render(lang)
        return text + _did_you_mean(exc, lang)
    no_such_command = getattr(click.exceptions, "NoSuchCommand", None)
    if no_such_command is not None and isinstance(exc, no_such_command):
        text = msg("cli.click.no_such_command", name=exc.command_name).render(lang)
        return text + _did_you_mean(exc, lang)
    if isinstance(exc, click.FileError):
        reason = translate(exc.message, lang)
        return msg("cli.click.could_not_open", filename=exc.ui_filename, message=reason).render(
            lang
        )
    return translate(exc.message, lang)


def show_click_error(exc: click.ClickException, lang: str) -> None:
    """Print a click error to stderr as click does (usage, hint, ``Error: ...``), in ``lang``."""
    no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
    if lang == "en" or isinstance(exc, no_args):
        exc.show()
        return
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            names = ctx.command.get_help_option_names(ctx)
            option = max(names, key=len)
            text = msg("cli.click.try_help", command=ctx.command_path, option=option)
            hint = text.render(lang) + "\n"
        click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    click.echo(msg("cli.click.error", message=describe(exc, lang)).render(lang), err=True)
