"""Strict safe YAML for scenario files, with the line of every key.

A key given twice, anchors and aliases (``&x``, ``*x``), merge keys (``<<:``)
and tags other than the plain YAML types are refused while the file is
parsed, before anything is expanded; nesting is bounded. The line of every key
is recorded (:class:`~quota.config.places.Where`).
"""

from __future__ import annotations

import re
import typing
from typing import Any

import yaml
from yaml.composer import Composer

from quota.config.places import Where, first_line, format_key_path, show_key, where_text
from quota.config.yaml_syntax import FULLWIDTH_KEY_VALUE, syntax_message
from quota.errors import InputError
from quota.locale import msg

#: deepest nesting of mappings and lists in a scenario file
MAX_NESTING = 32

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


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag


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
        return InputError(msg(message, file=self.file, line=mark.line + 1, **fields))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise self._refuse("config.yaml.anchor", event.start_mark)
        if self._depth >= MAX_NESTING:
            raise self._refuse("config.yaml.too_deep", event.start_mark, depth=MAX_NESTING)
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
            return self._build_mapping(node, path, where), where
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._refuse("config.yaml.tag", mark, tag=_show_tag(node.tag))
            items = []
            for index, item_node in enumerate(node.value):
                value, child = self._build(item_node, (*path, index))
                items.append(value)
                where.children[index] = child
            return items, where
        assert isinstance(node, yaml.ScalarNode)
        # a plain scalar has style None from PyYAML's parser and '' from libyaml's
        if not node.style and FULLWIDTH_KEY_VALUE.match(node.value) and self._starts_line(mark):
            raise self._refuse("config.yaml.fullwidth_colon", mark)
        return self._scalar(node), where

    def _build_mapping(
        self, node: yaml.MappingNode, path: tuple[Any, ...], where: Where
    ) -> dict[Any, Any]:
        if node.tag != _MAP_TAG:
            raise self._refuse("config.yaml.tag", node.start_mark, tag=_show_tag(node.tag))
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            key_mark = key_node.start_mark
            if key in mapping:
                first = where.children[key].line
                place = where_text(self.file, key_mark.line + 1, format_key_path((*path, key)))
                raise InputError(
                    msg(
                        "config.yaml.duplicate",
                        where=place,
                        key=show_key(key),
                        first=first,
                        second=key_mark.line + 1,
                    )
                )
            value, child = self._build(value_node, (*path, key))
            mapping[key] = value
            where.children[key] = Where(
                self.file, key_mark.line + 1, key_mark.column + 1, child.children, child.line
            )
        return mapping

    def _starts_line(self, mark: yaml.Mark) -> bool:
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        return mark.column == len(line) - len(line.lstrip(" "))

    def _key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self._refuse("config.yaml.bad_key", node.start_mark)
        if node.tag == _MERGE_TAG:
            raise self._refuse("config.yaml.merge_key", node.start_mark)
        if not node.style and "：" in node.value:
            raise self._refuse("config.yaml.fullwidth_colon", node.start_mark)
        return self._scalar(node)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _VALUE_TAG:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self._refuse("config.yaml.tag", node.start_mark, tag=_show_tag(node.tag))
        try:
            return self.construct_object(node)
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
            mark = node.start_mark
            raise InputError(
                msg(
                    "config.yaml.bad_scalar",
                    file=self.file,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    value=show_key(node.value),
                    reason=first_line(str(exc))
                    if isinstance(exc, ValueError)
                    else msg("config.yaml.not_a", tag=_show_tag(node.tag)),
                )
            ) from None


class PureScenarioLoader(StrictComposer, yaml.SafeLoader):
    """The strict scenario loader on PyYAML's own (Python) parser."""


#: the strict scenario loaders, fastest first: on libyaml's parser when PyYAML has it
#: (about five times faster on a 1 MB file), else on PyYAML's own
LOADERS: tuple[type[StrictComposer], ...] = (PureScenarioLoader,)
if getattr(yaml, "CSafeLoader", None) is not None:
    LOADERS = (type("FastScenarioLoader", (StrictComposer, yaml.CSafeLoader), {}), *LOADERS)


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
        raise InputError(
            msg("config.yaml.bad_character", file=file, line=line, character=character)
        )
    try:
        loader = (loader_class or LOADERS[0])(text, file)
    except yaml.YAMLError as exc:  # the reader checks the characters first
        raise InputError(syntax_message(exc, text, file)) from None
    try:
        return loader.load_located()
    except yaml.YAMLError as exc:
        raise InputError(syntax_message(exc, text, file)) from None
    finally:
        loader.dispose()
