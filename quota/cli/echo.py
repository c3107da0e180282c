"""What the commands print about problems and notices, in the user's language.

Errors go to stderr, one line per problem, titled 错误 / 无法满足 (``error`` /
``infeasible``); notices (dropped totals rows and the like) are counted and
listed once at the end of a command.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from quota.cli.lang import current_lang
from quota.errors import Msg, QuotaError, render
from quota.locale import msg

F = TypeVar("F", bound=Callable[..., Any])


def problem_title(exit_code: int) -> Msg:
    """错误 / ``error``, or 无法满足 / ``infeasible`` for exit code 3."""
    return msg("cli.title.infeasible" if exit_code == 3 else "cli.title.error")


def prefixed(where: object, text: str | Msg) -> Msg:
    """``where: text`` (``where：text`` in Chinese): a scenario's name or file before its message."""
    return msg("cli.prefixed", where=where, text=text)


def echo_problem(title: Msg, problem: str | Msg, lang: str, where: object | None = None) -> None:
    """Print one problem to stderr: ``[where: ]title: problem``."""
    line = msg("cli.problem", title=title, problem=problem)
    click.echo((line if where is None else prefixed(where, line)).render(lang), err=True)


def print_problems(exc: QuotaError, lang: str, where: object | None = None) -> None:
    """Print an error's problems, one per line, to stderr, in ``lang``."""
    title = problem_title(exc.exit_code)
    for problem in exc.render(lang):
        echo_problem(title, problem, lang, where)


def echo_notices(notices: Iterable[str | Msg], lang: str) -> None:
    """Print notices to stderr, counted, each once, in ``lang``."""
    unique = list(dict.fromkeys(render(notice, lang) for notice in notices))
    if not unique:
        return
    key = "cli.notice_count_one" if len(unique) == 1 else "cli.notice_count"
    click.echo(msg(key, count=len(unique)).render(lang), err=True)
    for notice in unique:
        click.echo(f"  - {notice}", err=True)


def report_errors(func: F) -> F:
    """Turn a QuotaError into its message on stderr (in the command's language) and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuotaError as exc:
            print_problems(exc, kwargs.get("lang") or current_lang())
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]
