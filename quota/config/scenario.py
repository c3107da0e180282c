"""Load scenario files: strict safe YAML, ``extends`` with a deep merge, validation.

Merge order, written down once: a scenario's own keys override those of the
file it ``extends`` (recursively: mappings merge key by key; scalars and lists
replace). Relative paths are resolved against the file that states them.

Reading is strict and bounded: the file must be a regular file of at most
:data:`MAX_SCENARIO_BYTES`; a key given twice, anchors and aliases (``&x``,
``*x``), merge keys (``<<:``) and tags other than the plain YAML types are
refused while the file is parsed, before anything is expanded. The line of
every key is recorded (:class:`Where`), so every error names the file, the
line and the key path, e.g. ``xinzhou.yaml, line 12 (kinds.admin.pool): ...``;
a key that comes from the file an ``extends`` names points at that file's line.

Every message is a format string in :data:`MESSAGES`, filled in by :func:`say`.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer

from quota.config.schema import (
    ActivityConfig,
    AvailableTimeConfig,
    BaseRule,
    ConstraintsConfig,
    DataSource,
    IndicatorSpec,
    KindConfig,
    PlanConfig,
    Scenario,
    SensitivityConfig,
    SolverConfig,
    WeightsConfig,
    WorkloadConfig,
)
from quota.errors import InputError

MAX_SCENARIO_BYTES = 1024 * 1024
MAX_EXTENDS_DEPTH = 10
#: deepest nesting of mappings and lists in a scenario file
MAX_NESTING = 32
#: most problems reported for one scenario (the rest are counted)
MAX_PROBLEMS = 20

# --------------------------------------------------------------------------
# Messages (one place, so that a catalog can replace them)
# --------------------------------------------------------------------------

MESSAGES: dict[str, str] = {
    # where a problem is
    "where.file": "{file}",
    "where.line": "{file}, line {line}",
    "where.path": "{file} ({path})",
    "where.line_path": "{file}, line {line} ({path})",
    # the file itself
    "file.not_found": "{path}: scenario file not found",
    "file.folder": "{path}: is a folder, not a scenario file",
    "file.not_regular": (
        "{path}: is not a regular file (a device, a pipe or a socket); a scenario is a YAML file"
    ),
    "file.unreadable": "{path}: the scenario file cannot be read ({reason})",
    "file.too_large": "{file}: larger than 1 MB; a scenario file is a few lines of YAML",
    "file.not_utf8": "{file}: a scenario file must be UTF-8 text",
    "file.empty": "{file}: the scenario file is empty",
    "file.not_mapping": ("{file}: a scenario must be a mapping of keys (name:, data:, kinds: ...)"),
    # YAML syntax
    "yaml.syntax": "{file}, line {line}, column {column}: not valid YAML ({problem})",
    "yaml.syntax_nowhere": "{file}: not valid YAML ({problem})",
    "yaml.fullwidth_colon": (
        "{file}: line {line} uses a full-width colon '：'; write an ASCII colon ':' followed"
        " by a space"
    ),
    "yaml.tab_indent": "{file}: line {line} is indented with a tab; use spaces",
    "yaml.tab": "{file}: line {line}, column {column} has a tab; use spaces",
    "yaml.indent": "{file}: line {line}: the indentation does not match the lines above",
    "yaml.colon_in_value": (
        "{file}: line {line}, column {column}: a value holds ': '; put the whole value in"
        " quotes, e.g. title: 'a: b'"
    ),
    "yaml.missing_colon": (
        "{file}: line {line}: expected 'key: value'; is the ':' or the space after it missing?"
    ),
    "yaml.many_documents": (
        "{file}: line {line}: a scenario file holds one YAML document; remove the '---' line"
    ),
    "yaml.bad_character": (
        "{file}, line {line}: the character {character} cannot appear in a scenario file"
    ),
    "yaml.anchor": (
        "{file}: anchors and aliases are not allowed in a scenario file (line {line}); write"
        " the value out, or put shared settings in a file named by extends:"
    ),
    "yaml.merge_key": (
        "{file}: merge keys '<<' are not allowed in a scenario file (line {line}); write the"
        " keys out, or put shared settings in a file named by extends:"
    ),
    "yaml.tag": (
        "{file}, line {line}: not valid YAML (the tag {tag} is not allowed in a scenario file)"
    ),
    "yaml.too_deep": "{file}, line {line}: the scenario nests deeper than {depth} levels",
    "yaml.duplicate": (
        "{where}: the key {key} is given twice in the same mapping, on lines {first} and"
        " {second}; keep one"
    ),
    "yaml.bad_key": (
        "{file}, line {line}: a key must be a plain word or number, not a list or a mapping"
    ),
    "yaml.bad_scalar": "{file}, line {line}, column {column}: {value} cannot be read ({reason})",
    "yaml.not_a": "it is not a valid {tag}",
    # extends and paths
    "extends.type": "{where}: 'extends' must be the path of another scenario file",
    "extends.circle": "{file}: 'extends' goes round in a circle ({chain})",
    "extends.depth": "{file}: 'extends' nests deeper than {depth} files",
    "extends.named_by": "{problem} (named by 'extends' in {where})",
    "data.bad_path": "{where}: the path of the street table cannot be used ({reason})",
    # validation
    "key.unknown": "{where}: unknown key {path!r}{hint}",
    "key.did_you_mean": "; did you mean {suggestion!r}?",
    "key.belongs_under": "; {key!r} belongs under {place}",
    "key.allowed": "; the keys allowed here are: {keys}",
    "key.missing": "{where}: key {path!r} is required",
    "value.problem": "{where}: {text}{got}",
    "value.more": "... and {count} more problems; fix these first",
    "value.got": " (got {shown})",
    "value.got_text_number": (
        " (got the text {shown}: a number is written without quotes, in plain digits)"
    ),
    "value.got_flag": " (got {shown}, a yes/no value)",
    "type.needed": "{what} is needed",
    "type.or": "{first} or {second}",
    "type.int": "a whole number",
    "type.float": "a number",
    "type.bool": "true or false",
    "type.str": "a text",
    "type.mapping": "a mapping of keys (key: value, one per line)",
    "type.list": "a list",
    "limit.ge": "must be at least {limit}",
    "limit.gt": "must be more than {limit}",
    "limit.le": "must be at most {limit}",
    "limit.lt": "must be less than {limit}",
    "limit.finite": "must be a finite number, not .nan or .inf",
    "limit.empty": "must not be empty",
    "limit.too_long": "must be at most {limit} characters long",
    "limit.choice": "must be one of {choices}",
    "shown.mapping": "a mapping",
    "shown.list": "a list",
    "shown.long_number": "a number of {digits} digits",
}


def say(message: str, /, **fields: Any) -> str:
    """The message named ``message`` in :data:`MESSAGES` with ``fields`` filled in."""
    return MESSAGES[message].format(**fields)


# --------------------------------------------------------------------------
# Where keys are written
# --------------------------------------------------------------------------


@dataclass
class Where:
    """Where a key (or a list item) is written: file name, line and column (from 1).

    ``children`` holds the keys of the mapping (or the indexes of the list)
    under it. The root stands for the whole file.
    """

    file: str
    line: int
    column: int
    children: dict[Any, Where] = field(default_factory=dict)
    #: the line the value under the key starts on (a block value starts below its key)
    value_line: int | None = None

    def find(self, path: Iterable[Any]) -> Where | None:
        """The deepest known place along ``path``; None if not even its first key is known."""
        found: Where | None = None
        node = self
        for part in path:
            child = node.children.get(part) if _hashable(part) else None
            if child is None:
                break
            found = node = child
        return found


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def where_text(file: str, line: int | None = None, path: str = "") -> str:
    """``file``, ``file, line 12``, ``file (a.b)`` or ``file, line 12 (a.b)``."""
    if line is not None and path:
        return say("where.line_path", file=file, line=line, path=path)
    if line is not None:
        return say("where.line", file=file, line=line)
    if path:
        return say("where.path", file=file, path=path)
    return say("where.file", file=file)


def _show_key(key: Any) -> str:
    text = key if isinstance(key, str) else str(key)
    return text if len(text) <= 40 else text[:37] + "…"


def format_key_path(path: Iterable[Any]) -> str:
    """``kinds.admin.pool``; long keys are cut short."""
    return ".".join(_show_key(part) for part in path)


# --------------------------------------------------------------------------
# Strict YAML
# --------------------------------------------------------------------------

_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG_PREFIX + t for t in ("null", "bool", "int", "float", "str", "timestamp")}
_MAP_TAG = _TAG_PREFIX + "map"
_SEQ_TAG = _TAG_PREFIX + "seq"
_MERGE_TAG = _TAG_PREFIX + "merge"
_VALUE_TAG = _TAG_PREFIX + "value"
#: characters YAML does not allow in a document (as PyYAML's reader checks them)
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)

#: a line whose first token ends in a full-width colon: ``pool：320``, ``- 人口：0.3``
_FULLWIDTH_KEY_LINE = re.compile(r"^ *(?:- +)?[^\s#'\"\[\]{},:：|>&*!%@`][^\s:：#]*\s*：")
#: a plain value that is really a key with a full-width colon: ``pool：320``
_FULLWIDTH_KEY_VALUE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\s*：")


def _show_tag(tag: str) -> str:
    return repr("!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag)


if typing.TYPE_CHECKING:
    _LoaderBase = yaml.SafeLoader
else:
    _LoaderBase = object


class StrictComposer(_LoaderBase):
    """A safe loader's composer that refuses what a scenario file never needs and records lines.

    Mixed into a safe loader (libyaml's ``CSafeLoader`` or PyYAML's own
    ``SafeLoader``); the composer is always PyYAML's, so every parser event is
    seen here before it is composed. Anchors and aliases are refused at the
    event level (before a "billion laughs" file could expand), nesting is
    bounded; merge keys, duplicated keys and tags other than the plain YAML
    types are refused. :meth:`load_located` returns the data and a
    :class:`Where` tree with the line of every key.
    """

    get_single_node = Composer.get_single_node
    compose_document = Composer.compose_document
    compose_scalar_node = Composer.compose_scalar_node
    compose_sequence_node = Composer.compose_sequence_node
    compose_mapping_node = Composer.compose_mapping_node

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.anchors: dict[Any, yaml.Node] = {}
        self.file = file
        self.lines = text.splitlines()
        self._depth = 0

    def _refuse(self, message: str, mark: yaml.Mark, **fields: Any) -> InputError:
        return InputError(say(message, file=self.file, line=mark.line + 1, **fields))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self._refuse("yaml.anchor", event.start_mark)
        if self._depth >= MAX_NESTING:
            raise self._refuse("yaml.too_deep", event.start_mark, depth=MAX_NESTING)
        self._depth += 1
        try:
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1

    def load_located(self) -> tuple[Any, Where]:
        """The document's data and where each of its keys is written."""
        root = Where(self.file, 1, 1)
        node = self.get_single_node()
        if node is None:
            return None, root
        value, where = self._build(node, ())
        root.children = where.children
        return value, root

    def _build(self, node: yaml.Node, path: tuple[Any, ...]) -> tuple[Any, Where]:
        mark = node.start_mark
        where = Where(self.file, mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self._refuse("yaml.tag", mark, tag=_show_tag(node.tag))
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node)
                key_mark = key_node.start_mark
                if key in mapping:
                    first = where.children[key].line
                    place = where_text(self.file, key_mark.line + 1, format_key_path((*path, key)))
                    raise InputError(
                        say(
                            "yaml.duplicate",
                            where=place,
                            key=repr(_show_key(key)),
                            first=first,
                            second=key_mark.line + 1,
                        )
                    )
                value, child = self._build(value_node, (*path, key))
                mapping[key] = value
                where.children[key] = Where(
                    self.file, key_mark.line + 1, key_mark.column + 1, child.children, child.line
                )
            return mapping, where
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._refuse("yaml.tag", mark, tag=_show_tag(node.tag))
            items = []
            for index, item_node in enumerate(node.value):
                value, child = self._build(item_node, (*path, index))
                items.append(value)
                where.children[index] = child
            return items, where
        assert isinstance(node, yaml.ScalarNode)
        # a plain scalar has style None from PyYAML's parser and '' from libyaml's
        if not node.style and _FULLWIDTH_KEY_VALUE.match(node.value) and self._starts_line(mark):
            raise self._refuse("yaml.fullwidth_colon", mark)
        return self._scalar(node), where

    def _starts_line(self, mark: yaml.Mark) -> bool:
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        return mark.column == len(line) - len(line.lstrip(" "))

    def _key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self._refuse("yaml.bad_key", node.start_mark)
        if node.tag == _MERGE_TAG:
            raise self._refuse("yaml.merge_key", node.start_mark)
        if not node.style and "：" in node.value:
            raise self._refuse("yaml.fullwidth_colon", node.start_mark)
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _VALUE_TAG:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self._refuse("yaml.tag", node.start_mark, tag=_show_tag(node.tag))
        try:
            return self.construct_object(node)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            mark = node.start_mark
            raise InputError(
                say(
                    "yaml.bad_scalar",
                    file=self.file,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    value=repr(_show_key(node.value)),
                    reason=_first_line(str(exc))
                    if isinstance(exc, ValueError)
                    else say("yaml.not_a", tag=_show_tag(node.tag)),
                )
            ) from None


class PureScenarioLoader(StrictComposer, yaml.SafeLoader):
    """The strict scenario loader on PyYAML's own (Python) parser."""


#: the strict scenario loaders, fastest first: on libyaml's parser when PyYAML has it
#: (about five times faster on a 1 MB file), else on PyYAML's own
LOADERS: tuple[type[StrictComposer], ...] = (PureScenarioLoader,)
if getattr(yaml, "CSafeLoader", None) is not None:
    LOADERS = (type("FastScenarioLoader", (StrictComposer, yaml.CSafeLoader), {}), *LOADERS)


def _first_line(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0][:200] if text else ""


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


def _syntax_message(exc: yaml.YAMLError, text: str, file: str) -> str:
    """A YAML syntax error in plain words, with the likely cause where it is a common one."""
    lines = text.splitlines()
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        return say("yaml.bad_character", file=file, line=line, character=character)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    context_text = str(getattr(exc, "context", None) or "")
    if mark is None:
        return say("yaml.syntax_nowhere", file=file, problem=_first_line(problem))
    line, column = mark.line + 1, mark.column + 1
    context = getattr(exc, "context_mark", None)
    first = min(line - 3, context.line + 1 if context else line)
    window = range(max(first, 1), line + 1)

    def text_of(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    if "'\\t'" in problem:
        if "\t" in _leading(text_of(line)):
            return say("yaml.tab_indent", file=file, line=line)
        return say("yaml.tab", file=file, line=line, column=column)
    for number in reversed(window):
        if "\t" in _leading(text_of(number)) and text_of(number).strip():
            return say("yaml.tab_indent", file=file, line=number)
    for number in reversed(window):
        if _FULLWIDTH_KEY_LINE.match(text_of(number)):
            return say("yaml.fullwidth_colon", file=file, line=number)
    if "：" in text_of(line)[: max(column, 1)] and problem.startswith(
        ("mapping values", "could not find expected ':'")
    ):
        return say("yaml.fullwidth_colon", file=file, line=line)
    if context_text.startswith("expected a single document"):
        return say("yaml.many_documents", file=file, line=line)
    if problem.startswith(("expected <block end>", "did not find expected key")) or (
        problem.startswith("did not find expected '-'")
    ):
        return say("yaml.indent", file=file, line=line)
    if problem.startswith("mapping values are not allowed"):
        before = text_of(line)[: mark.column]
        if re.search(r":(\s|$)", before):
            return say("yaml.colon_in_value", file=file, line=line, column=column)
        previous = _previous_content_line(lines, line)
        if (
            previous
            and _indent(text_of(previous)) == _indent(text_of(line))
            and not re.search(r":(\s|$)", _without_comment(text_of(previous)))
        ):
            return say("yaml.missing_colon", file=file, line=previous)
        return say("yaml.indent", file=file, line=line)
    if problem.startswith("could not find expected ':'") and context is not None:
        return say("yaml.missing_colon", file=file, line=context.line + 1)
    return say("yaml.syntax", file=file, line=line, column=column, problem=_first_line(problem))


def parse_scenario_text(
    text: str, file: str, loader_class: type[StrictComposer] | None = None
) -> tuple[Any, Where]:
    """Parse one scenario document strictly; the data and where its keys are.

    ``loader_class``: one of :data:`LOADERS` (default: the fastest).
    """
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        character = f"U+{ord(bad.group()):04X}"
        raise InputError(say("yaml.bad_character", file=file, line=line, character=character))
    try:
        loader = (loader_class or LOADERS[0])(text, file)
    except yaml.YAMLError as exc:  # the reader checks the characters first
        raise InputError(_syntax_message(exc, text, file)) from None
    try:
        return loader.load_located()
    except yaml.YAMLError as exc:
        raise InputError(_syntax_message(exc, text, file)) from None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------


def show_path(path: Path | str) -> str:
    """A path as text, with control characters (a NUL byte, a newline) written as escapes."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(path))


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or _first_line(str(exc)) or type(exc).__name__


def read_scenario_bytes(path: Path, limit: int = MAX_SCENARIO_BYTES) -> bytes:
    """The bytes of a scenario file: a regular file, read at most ``limit + 1`` bytes.

    Folders, devices (``/dev/zero``), pipes and sockets are refused before they
    are opened; the size is not taken from ``st_size`` (0 for a device).
    """
    try:
        status = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(say("file.not_found", path=show_path(path))) from None
    except (OSError, ValueError) as exc:
        raise InputError(
            say("file.unreadable", path=show_path(path), reason=_reason(exc))
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(say("file.folder", path=show_path(path)))
    if not stat.S_ISREG(status.st_mode):
        raise InputError(say("file.not_regular", path=show_path(path)))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
        with open(descriptor, "rb", closefd=True) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(say("file.not_regular", path=show_path(path)))
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(
            say("file.unreadable", path=show_path(path), reason=_reason(exc))
        ) from None
    if len(raw) > limit:
        raise InputError(say("file.too_large", file=path.name))
    return raw


def read_located(path: Path) -> tuple[dict[str, Any], Where]:
    """Read a scenario file's mapping and where each of its keys is written."""
    raw = read_scenario_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(say("file.not_utf8", file=path.name)) from None
    loaded, where = parse_scenario_text(text, path.name)
    if loaded is None:
        raise InputError(say("file.empty", file=path.name))
    if not isinstance(loaded, dict):
        raise InputError(say("file.not_mapping", file=path.name))
    return loaded, where


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping with the strict safe loader."""
    return read_located(path)[0]


# --------------------------------------------------------------------------
# extends and paths
# --------------------------------------------------------------------------


def merge_deep(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key, everything else replaces. Returns a new dict."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_deep(merged[key], value)
        else:
            merged[key] = value
    return merged


def merge_where(
    base: Mapping[Any, Any], base_where: Where, override: Mapping[Any, Any], where: Where
) -> Where:
    """The places of ``merge_deep(base, override)``: a key stated by the override is its."""
    merged = Where(
        where.file, where.line, where.column, dict(base_where.children), where.value_line
    )
    for key, value in override.items():
        child = where.children.get(key)
        if child is None:
            continue
        base_child = base_where.children.get(key)
        if isinstance(value, dict) and isinstance(base.get(key), dict) and base_child is not None:
            merged.children[key] = merge_where(base[key], base_child, value, child)
        else:
            merged.children[key] = child
    return merged


def _place(where: Where | None, file: str, path: Iterable[Any]) -> str:
    found = where.find(path) if where is not None else None
    shown = format_key_path(path)
    if found is None:
        return where_text(file, None, shown)
    return where_text(found.file, found.line, shown)


def _absolute(folder: Path, text: str, where: Where, path: tuple[str, ...]) -> str:
    try:
        return str((folder / text).resolve())
    except (OSError, ValueError, RuntimeError) as exc:
        place = _place(where, where.file, path)
        raise InputError(say("data.bad_path", where=place, reason=_reason(exc))) from None


def _resolve_data(raw: dict[str, Any], folder: Path, where: Where | None = None) -> dict[str, Any]:
    """Make the ``data`` path of one file absolute, relative to that file's folder."""
    where = where or Where("scenario", 1, 1)
    data = raw.get("data")
    if isinstance(data, str):
        return {**raw, "data": _absolute(folder, data, where, ("data",))}
    if isinstance(data, dict) and isinstance(data.get("path"), str):
        path = _absolute(folder, data["path"], where, ("data", "path"))
        return {**raw, "data": {**data, "path": path}}
    return raw


class _Plain(InputError):
    """An error about the ``extends`` chain itself: reported without "named by"."""


def load_located(
    path: Path, _seen: tuple[Path, ...] = (), _named_by: str | None = None
) -> tuple[dict[str, Any], Where]:
    """Read a scenario file and everything it extends, merged, paths resolved, keys located."""
    try:
        try:
            path = path.resolve()
        except (OSError, ValueError, RuntimeError) as exc:
            shown = show_path(path)
            raise InputError(say("file.unreadable", path=shown, reason=_reason(exc))) from None
        if path in _seen:
            chain = " -> ".join(p.name for p in (*_seen, path))
            raise _Plain(say("extends.circle", file=path.name, chain=chain))
        if len(_seen) >= MAX_EXTENDS_DEPTH:
            raise _Plain(say("extends.depth", file=path.name, depth=MAX_EXTENDS_DEPTH))
        raw, where = read_located(path)
    except _Plain as exc:
        raise InputError(exc.problems) from None
    except InputError as exc:
        if _named_by is None:
            raise
        raise InputError(
            [say("extends.named_by", problem=p, where=_named_by) for p in exc.problems]
        ) from None
    raw = _resolve_data(raw, path.parent, where)
    parent = raw.pop("extends", None)
    stated = where.children.pop("extends", None)
    if parent is None:
        return raw, where
    named_by = where_text(path.name, stated.line if stated else None)
    if not isinstance(parent, str) or not parent.strip():
        place = where_text(path.name, stated.line if stated else None, "extends")
        raise InputError(say("extends.type", where=place))
    base, base_where = load_located(path.parent / parent, (*_seen, path), named_by)
    return merge_deep(base, raw), merge_where(base, base_where, raw, where)


def load_scenario_dict(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario file and everything it extends, merged, paths resolved."""
    return load_located(path, _seen)[0]


# --------------------------------------------------------------------------
# Validation messages
# --------------------------------------------------------------------------

#: where the keys of each model go in a scenario file (for "belongs under" hints)
MODEL_PLACES: dict[type[BaseModel], str] = {
    Scenario: "the top level",
    DataSource: "data",
    KindConfig: "kinds.<kind>",
    BaseRule: "kinds.<kind>.base",
    IndicatorSpec: "kinds.<kind>.indicators.<indicator>",
    WeightsConfig: "weights",
    WorkloadConfig: "kinds.<kind>.workload",
    AvailableTimeConfig: "kinds.<kind>.workload.available_time",
    ActivityConfig: "kinds.<kind>.workload.activities.<activity>",
    ConstraintsConfig: "constraints",
    SolverConfig: "solver",
    PlanConfig: "plan",
    SensitivityConfig: "sensitivity",
}
#: keys set by the loader, never by a file
_HIDDEN_KEYS = {"source"}

_TYPE_ERRORS: dict[str, str] = {
    "int_type": "type.int",
    "float_type": "type.float",
    "bool_type": "type.bool",
    "string_type": "type.str",
    "dict_type": "type.mapping",
    "model_type": "type.mapping",
    "model_attributes_type": "type.mapping",
    "list_type": "type.list",
}
_LIMIT_ERRORS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("limit.ge", "ge"),
    "greater_than": ("limit.gt", "gt"),
    "less_than_equal": ("limit.le", "le"),
    "less_than": ("limit.lt", "lt"),
    "string_too_long": ("limit.too_long", "max_length"),
}
_NUMBER_TYPES = {"type.int", "type.float"}
_NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d[\d_,]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _is_internal(part: Any) -> bool:
    """A part of a pydantic location that names a union member or a validator, not a key."""
    if not isinstance(part, str):
        return False
    return (
        part in {"int", "str", "float", "bool", "none", "weight", "spec", "number", "column"}
        or part[:1].isupper()
        or any(c in part for c in "[](),-")
    )


def _child(value: Any, part: Any) -> tuple[bool, Any]:
    """Whether ``part`` is a key (or index) of ``value``, and what is under it."""
    if isinstance(value, dict) and _hashable(part) and part in value:
        return True, value[part]
    if isinstance(value, dict) and isinstance(part, str):
        # pydantic writes a key that is not a text (null, 1, true) as its str()
        for key, item in value.items():
            if not isinstance(key, str) and str(key) == part:
                return True, item
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return True, value[part]
    return False, None


def _data_keys(raw: Any, found: list[Any]) -> list[Any]:
    """``found`` with each part replaced by the key the data really holds (None, not 'None')."""
    keys: list[Any] = []
    value = raw
    for part in found:
        actual = part
        if isinstance(value, dict) and not (_hashable(part) and part in value):
            actual = next((k for k in value if not isinstance(k, str) and str(k) == part), part)
        keys.append(actual)
        _, value = _child(value, part)
    return keys


def _locate(raw: Any, loc: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """The key path of ``loc`` in the data, and the path to show (without union members)."""
    value = raw
    in_data = True
    found: list[Any] = []
    shown: list[Any] = []
    for part in loc:
        inside, child = _child(value, part) if in_data else (False, None)
        if inside:
            found.append(part)
            shown.append(part)
            value = child
        elif not _is_internal(part):
            in_data = False
            shown.append(part)
    return found, shown


def _leaves(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaves(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [leaf for arg in typing.get_args(annotation) for leaf in _leaves(arg)]
    return [annotation]


def _models_at(path: Iterable[Any]) -> list[type[BaseModel]]:
    """The models that a key path of a scenario can lead to."""
    current: list[Any] = [Scenario]
    for part in path:
        following: list[Any] = []
        for annotation in current:
            for leaf in _leaves(annotation):
                if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                    info = leaf.model_fields.get(part) if isinstance(part, str) else None
                    if info is not None:
                        following.append(info.annotation)
                elif typing.get_origin(leaf) is dict:
                    following.append(typing.get_args(leaf)[1])
                elif typing.get_origin(leaf) is list:
                    following.append(typing.get_args(leaf)[0])
        current = following
    return [
        leaf
        for annotation in current
        for leaf in _leaves(annotation)
        if isinstance(leaf, type) and issubclass(leaf, BaseModel)
    ]


def unknown_key_hint(parent: Iterable[Any], key: Any) -> str:
    """``; did you mean 'turnover_share'?`` (or where the key belongs, or the keys allowed)."""
    models = _models_at(parent)
    allowed = sorted({name for m in models for name in m.model_fields} - _HIDDEN_KEYS)
    if not allowed:
        return ""
    text = str(key)
    close = difflib.get_close_matches(text, allowed, n=1)
    if close:
        return say("key.did_you_mean", suggestion=close[0])
    for model, place in MODEL_PLACES.items():
        if model not in models and text in model.model_fields and text not in _HIDDEN_KEYS:
            return say("key.belongs_under", key=text, place=place)
    return say("key.allowed", keys=", ".join(allowed))


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def show_value(value: Any) -> str:
    """A value as a YAML file writes it, kept short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        if value.bit_length() > 130:
            digits = math.floor(value.bit_length() * math.log10(2)) + 1
            return say("shown.long_number", digits=digits)
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "…")
    if isinstance(value, dict):
        return say("shown.mapping")
    if isinstance(value, list | tuple):
        return say("shown.list")
    return repr(value)[:40]


def _got(value: Any, needs: set[str]) -> str:
    if isinstance(value, dict | BaseModel):
        return ""
    shown = show_value(value)
    if needs & _NUMBER_TYPES:
        if isinstance(value, str) and _NUMBER_TEXT.match(value):
            return say("value.got_text_number", shown=shown)
        if isinstance(value, bool):
            return say("value.got_flag", shown=shown)
    return say("value.got", shown=shown)


def _describe(items: list[Any]) -> tuple[str, bool]:
    """One sentence for the errors of one key (several when a union tried each member)."""
    for item in items:
        kind = item["type"]
        if kind in _TYPE_ERRORS:
            continue
        ctx = item.get("ctx") or {}
        if kind in _LIMIT_ERRORS:
            key, name = _LIMIT_ERRORS[kind]
            return say(key, limit=_number_text(ctx.get(name))), True
        if kind == "finite_number":
            return say("limit.finite"), True
        if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
            return say("limit.empty"), True
        if kind == "literal_error":
            return say("limit.choice", choices=ctx.get("expected", "")), True
        return str(item["msg"]).removeprefix("Value error, "), kind not in ("scenario",)
    needs = [_TYPE_ERRORS[item["type"]] for item in items]
    unique = list(dict.fromkeys(needs))
    what = say(unique[0])
    for other in unique[1:]:
        what = say("type.or", first=what, second=say(other))
    return say("type.needed", what=what), True


def format_validation_error(
    error: ValidationError,
    source: str,
    raw: Mapping[str, Any] | None = None,
    where: Where | None = None,
) -> list[str]:
    """Turn pydantic's errors into one plain sentence each, naming file, line and key path.

    ``raw`` is the mapping that was validated and ``where`` the places of its
    keys; without them the messages name the key path only.
    """
    data: Any = raw if raw is not None else {}
    groups: dict[tuple[str, ...], list[Any]] = {}
    places: dict[tuple[str, ...], list[Any]] = {}
    errors = error.errors(include_url=False)
    left = 0
    for index, item in enumerate(errors):
        loc = list(item["loc"])
        ctx = item.get("ctx") or {}
        if item["type"] == "scenario" and ctx.get("at"):
            loc.append(ctx["at"])
        found, shown = _locate(data, loc)
        key = tuple(str(part) for part in shown)
        if key not in groups and len(groups) == MAX_PROBLEMS:
            # pydantic lists the errors of one key together: the rest are other problems
            left = len(errors) - index
            break
        groups.setdefault(key, []).append(item)
        places.setdefault(key, _data_keys(data, found))
    messages: list[str] = []
    for key, items in groups.items():
        found = places[key]
        shown_path = key or tuple(items[0]["loc"])
        path_text = format_key_path(key)
        located = where.find(found) if where is not None and found else None
        file = located.file if located else source
        line = located.line if located else None
        kinds = {item["type"] for item in items}
        if kinds & {"extra_forbidden", "invalid_key"}:
            hint = unknown_key_hint(key[:-1], shown_path[-1] if shown_path else "")
            place = where_text(file, line)
            messages.append(say("key.unknown", where=place, path=path_text, hint=hint))
            continue
        if "missing" in kinds:
            messages.append(say("key.missing", where=where_text(file, line), path=path_text))
            continue
        value = items[0].get("input")
        if (
            kinds <= set(_TYPE_ERRORS)
            and "type.mapping" in {_TYPE_ERRORS[k] for k in kinds}
            and isinstance(value, str)
            and "：" in value
        ):
            value_line = located.value_line if located else None
            messages.append(say("yaml.fullwidth_colon", file=file, line=value_line or line or "?"))
            continue
        text, with_value = _describe(items)
        needs = {_TYPE_ERRORS[k] for k in kinds if k in _TYPE_ERRORS}
        got = _got(value, needs) if with_value and "input" in items[0] else ""
        place = where_text(file, line, path_text)
        messages.append(say("value.problem", where=place, text=text, got=got))
    messages = list(dict.fromkeys(messages))
    if left:
        messages.append(say("value.more", count=left))
    return messages


def build_scenario(
    raw: dict[str, Any], source: str = "scenario", where: Where | None = None
) -> Scenario:
    """Validate a merged scenario mapping; ``where``: the places of its keys, if known."""
    full = {**raw, "source": source}
    try:
        return Scenario.model_validate(full)
    except ValidationError as exc:
        raise InputError(format_validation_error(exc, Path(source).name, full, where)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file (following ``extends``).

    Parameters
    ----------
    path : str or Path
        The YAML file.

    Returns
    -------
    Scenario
        Frozen, validated; ``data.path`` is absolute.

    Raises
    ------
    InputError
        The file, a file it extends or the merged scenario is not valid; the
        message names the file, the line and the key path.
    """
    file = Path(path)
    raw, where = load_located(file)
    return build_scenario(raw, str(file.resolve()), where)


def _plain(value: Any) -> Any:
    """NumPy scalars (``np.int64(412)``) as Python numbers, inside mappings and lists too."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    return value


def change_scenario(scenario: Scenario, changes: dict[str, Any]) -> Scenario:
    """A new scenario with ``changes`` merged in the way ``extends:`` merges files.

    Mappings merge key by key, scalars and lists replace; the result is
    validated like a loaded file. ``scenario`` itself is not changed. NumPy
    numbers in ``changes`` are taken as the Python numbers they hold.

    Examples
    --------
    >>> more = change_scenario(base, {"name": "more", "kinds": {"admin": {"pool": 412}}})
    """
    raw = scenario.model_dump(mode="json", exclude={"source"})
    return build_scenario(merge_deep(raw, _plain(changes)), scenario.source or "scenario")
