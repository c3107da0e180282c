"""YAML syntax errors in plain words, with the likely cause where it is a common one.

PyYAML reports where its parser gave up (``mapping values are not allowed
here``); people need to hear what they wrote: a tab, a full-width colon
``：``, an indentation that does not match, a value holding ``: ``, a key
without its colon, a second document. :func:`syntax_message` looks at the
lines around the error for these and says the one it finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from quota.config.places import first_line
from quota.errors import Msg
from quota.locale import msg

#: a line whose first token ends in a full-width colon: ``pool：320``, ``- 人口：0.3``
FULLWIDTH_KEY_LINE = re.compile(r"^ *(?:- +)?[^\s#'\"\[\]{},:：|>&*!%@`][^\s:：#]*\s*：")
#: a plain value that is really a key with a full-width colon: ``pool：320``
FULLWIDTH_KEY_VALUE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*：")


def _leading(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _without_comment(line: str) -> str:
    return re.sub(r"(^|\s)#.*$", "", line)


def _previous_content_line(lines: list[str], number: int) -> int | None:
    """The number of the last line before ``number`` that holds more than a comment."""
    for previous in range(number - 1, 0, -1):
        if previous <= len(lines) and _without_comment(lines[previous - 1]).strip():
            return previous
    return None


@dataclass(frozen=True)
class _Spot:
    """Where PyYAML gave up, and what it said."""

    file: str
    lines: list[str]
    line: int
    column: int
    problem: str
    context: str
    #: the line PyYAML's context points at (the start of the construct), if any
    context_line: int | None

    def text_of(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    @property
    def window(self) -> range:
        """The error's line and the few above it (up to where the construct starts)."""
        first = min(self.line - 3, self.context_line if self.context_line else self.line)
        return range(max(first, 1), self.line + 1)


def _tab(spot: _Spot) -> Msg | None:
    file, line = spot.file, spot.line
    if "'\\t'" in spot.problem:
        if "\t" in _leading(spot.text_of(line)):
            return msg("config.yaml.tab_indent", file=file, line=line)
        return msg("config.yaml.tab", file=file, line=line, column=spot.column)
    for number in reversed(spot.window):
        if "\t" in _leading(spot.text_of(number)) and spot.text_of(number).strip():
            return msg("config.yaml.tab_indent", file=file, line=number)
    return None


def _fullwidth_colon(spot: _Spot) -> Msg | None:
    for number in reversed(spot.window):
        if FULLWIDTH_KEY_LINE.match(spot.text_of(number)):
            return msg("config.yaml.fullwidth_colon", file=spot.file, line=number)
    if "：" in spot.text_of(spot.line)[: max(spot.column, 1)] and spot.problem.startswith(
        ("mapping values", "could not find expected ':'")
    ):
        return msg("config.yaml.fullwidth_colon", file=spot.file, line=spot.line)
    return None


def _misplaced_colon(spot: _Spot) -> Msg:
    """``mapping values are not allowed here``: a colon in a value, a key without one, or indentation."""
    file, line = spot.file, spot.line
    before = spot.text_of(line)[: spot.column - 1]
    if re.search(r":(\s|$)", before):
        return msg("config.yaml.colon_in_value", file=file, line=line, column=spot.column)
    previous = _previous_content_line(spot.lines, line)
    if (
        previous
        and _indent(spot.text_of(previous)) == _indent(spot.text_of(line))
        and not re.search(r":(\s|$)", _without_comment(spot.text_of(previous)))
    ):
        return msg("config.yaml.missing_colon", file=file, line=previous)
    return msg("config.yaml.indent", file=file, line=line)


def _structure(spot: _Spot) -> Msg | None:
    file, line, problem = spot.file, spot.line, spot.problem
    if spot.context.startswith("expected a single document"):
        return msg("config.yaml.many_documents", file=file, line=line)
    if problem.startswith(
        ("expected <block end>", "did not find expected key", "did not find expected '-'")
    ):
        return msg("config.yaml.indent", file=file, line=line)
    if problem.startswith("mapping values are not allowed"):
        return _misplaced_colon(spot)
    if problem.startswith("could not find expected ':'") and spot.context_line is not None:
        return msg("config.yaml.missing_colon", file=file, line=spot.context_line)
    return None


#: the common causes, in the order they are looked for
_CAUSES: tuple[Callable[[_Spot], Msg | None], ...] = (_tab, _fullwidth_colon, _structure)


def syntax_message(exc: yaml.YAMLError, text: str, file: str) -> Msg:
    """A YAML syntax error in plain words, with the likely cause where it is a common one."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        return msg("config.yaml.bad_character", file=file, line=line, character=character)
    mark: Any = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    if mark is None:
        return msg("config.yaml.syntax_nowhere", file=file, problem=first_line(problem))
    context_mark = getattr(exc, "context_mark", None)
    spot = _Spot(
        file=file,
        lines=text.splitlines(),
        line=mark.line + 1,
        column=mark.column + 1,
        problem=problem,
        context=str(getattr(exc, "context", None) or ""),
        context_line=context_mark.line + 1 if context_mark is not None else None,
    )
    for cause in _CAUSES:
        found = cause(spot)
        if found is not None:
            return found
    return msg(
        "config.yaml.syntax",
        file=file,
        line=spot.line,
        column=spot.column,
        problem=first_line(problem),
    )
