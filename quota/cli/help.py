"""Commands, options and the group that speak the user's language, help pages included.

Help texts are catalog keys (``cli.cmd.<command>``, ``cli.opt.<name>``),
resolved when the help page is written: click keeps the English text (so
everything that reads ``.help`` gets today's words) and the Chinese is put in
its place on a Chinese page, along with click's own words (``用法：``,
``选项：``, ``[默认：out]``, ``显示本帮助并退出。``).

:meth:`QuotaCommand.main` prints click's usage errors in the same language
(:mod:`quota.cli.usage`) and keeps their exit code, 2.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from quota.cli.formatter import QuotaFormatter, display_width, short_help
from quota.cli.lang import (
    LANGUAGES,
    META_KEY,
    context_lang,
    peek_lang,
    remember_lang,
    resolve_lang,
)
from quota.cli.usage import show_click_error, translate
from quota.locale import msg

#: click's metavars of the usage line -> catalog keys
METAVARS = {
    "[OPTIONS]": "cli.help.options_metavar",
    "COMMAND [ARGS]...": "cli.help.command_metavar",
}
#: the items click lists in brackets after an option's help: prefix -> catalog key
EXTRAS = {"default: ": "cli.click.default", "env var: ": "cli.click.env_var"}


class QuotaContext(click.Context):
    """A context whose help pages are written in its language."""

    def make_formatter(self) -> click.HelpFormatter:
        return QuotaFormatter(
            context_lang(self), width=self.terminal_width, max_width=self.max_content_width
        )


def _extra(item: str, lang: str) -> str:
    """One bracketed item of an option's help (``default: out``) in ``lang``."""
    if item == "required":
        return msg("cli.click.required").render(lang)
    for prefix, key in EXTRAS.items():
        if item.startswith(prefix):
            value = item[len(prefix) :]
            if value == "(dynamic)":
                value = msg("cli.click.dynamic").render(lang)
            return msg(key, **{"default" if "default" in key else "var": value}).render(lang)
    return item


def localize_help(text: str, english: str, zh: str, lang: str) -> str:
    """An option's help as click wrote it (``english`` and its ``[extras]``), in ``lang``."""
    rest = text[len(english) :] if text.startswith(english) else text
    found = re.fullmatch(r"(\s*)\[(.*)\]", rest, re.DOTALL)
    if found is None:
        return zh + rest
    items = [_extra(item, lang) for item in found.group(2).split("; ")]
    joined = msg("cli.help.extra_sep").render(lang).join(items)
    return f"{zh}{found.group(1)}[{joined}]"


class QuotaOption(click.Option):
    """An option whose help is the catalog entry ``help_key``."""

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any) -> None:
        if help_key is not None:
            kwargs["help"] = msg(help_key).render("en")
        super().__init__(*args, **kwargs)
        self.help_key = help_key

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        lang = context_lang(ctx)
        if record is None or lang == "en":
            return record
        english = self.help or ""
        zh = msg(self.help_key).render(lang) if self.help_key else translate(english, lang)
        return record[0], localize_help(record[1], english, zh, lang)


class QuotaCommand(click.Command):
    """A command whose help is the catalog entry ``help_key`` and which speaks the user's language."""

    context_class = QuotaContext

    def __init__(self, *args: Any, help_key: str | None = None, **kwargs: Any) -> None:
        if help_key is not None:
            kwargs["help"] = msg(help_key).render("en")
        super().__init__(*args, **kwargs)
        self.help_key = help_key

    def help_text(self, lang: str) -> str:
        """The command's description in ``lang``."""
        if self.help_key is not None:
            return msg(self.help_key).render(lang)
        return self.help or ""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # help pages and usage errors come before --lang is parsed: read it from the line
        ctx.meta.setdefault(META_KEY, peek_lang(args))
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        lang = context_lang(ctx)
        if lang == "en":
            return pieces
        return [msg(METAVARS[p]).render(lang) if p in METAVARS else p for p in pieces]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = context_lang(ctx)
        if lang == "en" or self.help_key is None:
            super().format_help_text(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self.help_text(lang))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = context_lang(ctx)
        if lang == "en":
            super().format_options(ctx, formatter)
            return
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            if not isinstance(param, QuotaOption):  # click's own -h/--help
                record = record[0], translate(record[1], lang)
            rows.append(record)
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; click's own errors are printed in the user's language.

        With ``standalone_mode`` (the default) this never returns: it exits
        with the command's code, 2 for a usage error, 1 when interrupted.
        """
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        line = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            known = ctx is not None and META_KEY in ctx.meta
            show_click_error(exc, context_lang(ctx) if known else peek_lang(line))
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(msg("cli.click.aborted").render(peek_lang(line)), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class QuotaGroup(QuotaCommand, click.Group):
    """The ``quota`` group: its commands listed with their short help in the user's language."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = context_lang(ctx)
        if lang == "en":
            super().format_commands(ctx, formatter)
            return
        commands = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if not commands:
            return
        limit = formatter.width - 6 - max(display_width(name) for name, _ in commands)
        rows = []
        for name, command in commands:
            if isinstance(command, QuotaCommand):
                rows.append((name, short_help(command.help_text(lang), limit)))
            else:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def command(name: str) -> Callable[[Callable[..., Any]], QuotaCommand]:
    """Decorator: the command ``name``, its help the catalog entry ``cli.cmd.<name>``."""
    return click.command(name, cls=QuotaCommand, help_key=f"cli.cmd.{name}")


def group(name: str, **attrs: Any) -> Callable[[Callable[..., Any]], QuotaGroup]:
    """Decorator: the group ``name`` (``quota``), its help ``cli.cmd.<name>``."""
    return click.group(name, cls=QuotaGroup, help_key=f"cli.cmd.{name}", **attrs)


def option(*decls: str, help_key: str | None = None, **attrs: Any) -> Callable[[Any], Any]:
    """Decorator: an option whose help is the catalog entry ``help_key``."""
    return click.option(*decls, cls=QuotaOption, help_key=help_key, **attrs)


def lang_option(help_key: str) -> Callable[[Any], Any]:
    """``--lang zh|en`` of a command: its flag, else the group's, else ``QUOTA_LANG``, else zh."""
    return option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        callback=resolve_lang,
        help_key=help_key,
    )


def group_lang_option() -> Callable[[Any], Any]:
    """``--lang zh|en`` of the group, for every command (a command's own flag wins)."""
    return option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=None,
        callback=remember_lang,
        help_key="cli.opt.lang_group",
    )
