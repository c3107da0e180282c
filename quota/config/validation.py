"""Pydantic's validation errors of a scenario as plain sentences naming file, line and key.

One sentence per key: an unknown key (with "did you mean", where the key
belongs, or the keys allowed), a missing key, or a value out of its domain
(what is needed and what was written). Every sentence is a message of the
catalog (``config.*`` in :mod:`quota.locale.messages.config`).
"""

from __future__ import annotations

import difflib
import math
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from quota.config.places import Where, format_key_path, is_hashable, where_text
from quota.config.schema import (
    CUSTOM_ERRORS,
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
from quota.errors import Msg
from quota.locale import msg

#: most problems reported for one scenario (the rest are counted)
MAX_PROBLEMS = 20

#: where the keys of each model go in a scenario file (for "belongs under" hints)
MODEL_PLACES: dict[type[BaseModel], str | Msg] = {
    Scenario: msg("config.place.top"),
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
    "int_type": "config.type.int",
    "float_type": "config.type.float",
    "bool_type": "config.type.bool",
    "string_type": "config.type.str",
    "dict_type": "config.type.mapping",
    "model_type": "config.type.mapping",
    "model_attributes_type": "config.type.mapping",
    "list_type": "config.type.list",
}
_LIMIT_ERRORS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("config.limit.ge", "ge"),
    "greater_than": ("config.limit.gt", "gt"),
    "less_than_equal": ("config.limit.le", "le"),
    "less_than": ("config.limit.lt", "lt"),
    "string_too_long": ("config.limit.too_long", "max_length"),
}
_NUMBER_TYPES = {"config.type.int", "config.type.float"}
_NUMBER_TEXT = re.compile(r"^\s*[-+]?(\d[\d_,]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


# --------------------------------------------------------------------------
# Which key an error is about
# --------------------------------------------------------------------------


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
    if isinstance(value, dict) and is_hashable(part) and part in value:
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
        if isinstance(value, dict) and not (is_hashable(part) and part in value):
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


# --------------------------------------------------------------------------
# Unknown keys
# --------------------------------------------------------------------------


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


def unknown_key_hint(parent: Iterable[Any], key: Any) -> Msg | str:
    """``; did you mean 'turnover_share'?`` (or where the key belongs, or the keys allowed)."""
    models = _models_at(parent)
    allowed = sorted({name for m in models for name in m.model_fields} - _HIDDEN_KEYS)
    if not allowed:
        return ""
    text = str(key)
    close = difflib.get_close_matches(text, allowed, n=1)
    if close:
        return msg("config.key.did_you_mean", suggestion=close[0])
    for model, place in MODEL_PLACES.items():
        if model not in models and text in model.model_fields and text not in _HIDDEN_KEYS:
            return msg("config.key.belongs_under", key=text, place=place)
    return msg("config.key.allowed", keys=allowed)


# --------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def show_value(value: Any) -> str | Msg:
    """A value as a YAML file writes it, kept short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        if value.bit_length() > 130:
            digits = math.floor(value.bit_length() * math.log10(2)) + 1
            return msg("config.shown.long_number", digits=digits)
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
        return msg("config.shown.mapping")
    if isinstance(value, list | tuple):
        return msg("config.shown.list")
    return repr(value)[:40]


def _got(value: Any, needs: set[str]) -> Msg | str:
    if isinstance(value, dict | BaseModel):
        return ""
    shown = show_value(value)
    if needs & _NUMBER_TYPES:
        if isinstance(value, str) and _NUMBER_TEXT.match(value):
            return msg("config.value.got_text_number", shown=shown)
        if isinstance(value, bool):
            return msg("config.value.got_flag", shown=shown)
    return msg("config.value.got", shown=shown)


def _choices(expected: str) -> Msg | str:
    """Pydantic's ``'a', 'b' or 'c'`` as a message (``或`` in Chinese), when it reads back."""
    head, _, last = expected.rpartition(" or ")
    if not head:
        return expected
    choices = msg("config.limit.choices", head=head.split(", "), last=last)
    return choices if str(choices) == expected else expected


def _describe_one(item: Any) -> tuple[Msg | str, bool]:
    """The sentence for an error that is not about a value's type."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in _LIMIT_ERRORS:
        key, name = _LIMIT_ERRORS[kind]
        return msg(key, limit=_number_text(ctx.get(name))), True
    if kind == "finite_number":
        return msg("config.limit.finite"), True
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return msg("config.limit.empty"), True
    if kind == "literal_error":
        return msg("config.limit.choice", choices=_choices(str(ctx.get("expected", "")))), True
    if kind == "scenario" and isinstance(ctx.get("message"), Msg):
        return ctx["message"], False
    if kind in CUSTOM_ERRORS:
        return CUSTOM_ERRORS[kind], True
    return str(item["msg"]).removeprefix("Value error, "), kind not in ("scenario",)


def _describe(items: list[Any]) -> tuple[Msg | str, bool]:
    """One sentence for the errors of one key (several when a union tried each member)."""
    for item in items:
        if item["type"] not in _TYPE_ERRORS:
            return _describe_one(item)
    needs = [_TYPE_ERRORS[item["type"]] for item in items]
    unique = list(dict.fromkeys(needs))
    what = msg(unique[0])
    for other in unique[1:]:
        what = msg("config.type.or", first=what, second=msg(other))
    return msg("config.type.needed", what=what), True


# --------------------------------------------------------------------------
# All the errors of a scenario
# --------------------------------------------------------------------------


def _group(
    errors: list[Any], data: Any
) -> tuple[dict[tuple[str, ...], list[Any]], dict[tuple[str, ...], list[Any]], int]:
    """The errors by the key they are about, the data's keys of each, and how many are left."""
    groups: dict[tuple[str, ...], list[Any]] = {}
    places: dict[tuple[str, ...], list[Any]] = {}
    for index, item in enumerate(errors):
        loc = list(item["loc"])
        ctx = item.get("ctx") or {}
        if item["type"] == "scenario" and ctx.get("at"):
            loc.append(ctx["at"])
        found, shown = _locate(data, loc)
        key = tuple(str(part) for part in shown)
        if key not in groups and len(groups) == MAX_PROBLEMS:
            # pydantic lists the errors of one key together: the rest are other problems
            return groups, places, len(errors) - index
        groups.setdefault(key, []).append(item)
        places.setdefault(key, _data_keys(data, found))
    return groups, places, 0


def _sentence(
    key: tuple[str, ...], items: list[Any], found: list[Any], source: str, where: Where | None
) -> Msg:
    """The sentence for the errors of one key."""
    shown_path = key or tuple(items[0]["loc"])
    path_text = format_key_path(key)
    located = where.find(found) if where is not None and found else None
    file = located.file if located else source
    line = located.line if located else None
    kinds = {item["type"] for item in items}
    if kinds & {"extra_forbidden", "invalid_key"}:
        hint = unknown_key_hint(key[:-1], shown_path[-1] if shown_path else "")
        place = where_text(file, line)
        return msg("config.key.unknown", where=place, path=path_text, hint=hint)
    if "missing" in kinds:
        return msg("config.key.missing", where=where_text(file, line), path=path_text)
    value = items[0].get("input")
    if (
        kinds <= set(_TYPE_ERRORS)
        and "config.type.mapping" in {_TYPE_ERRORS[k] for k in kinds}
        and isinstance(value, str)
        and "：" in value
    ):
        value_line = located.value_line if located else None
        return msg("config.yaml.fullwidth_colon", file=file, line=value_line or line or "?")
    text, with_value = _describe(items)
    needs = {_TYPE_ERRORS[k] for k in kinds if k in _TYPE_ERRORS}
    got = _got(value, needs) if with_value and "input" in items[0] else ""
    place = where_text(file, line, path_text)
    return msg("config.value.problem", where=place, text=text, got=got)


def format_validation_error(
    error: ValidationError,
    source: str,
    raw: Mapping[str, Any] | None = None,
    where: Where | None = None,
) -> list[Msg]:
    """Turn pydantic's errors into one plain sentence each, naming file, line and key path.

    ``raw`` is the mapping that was validated and ``where`` the places of its
    keys; without them the messages name the key path only.
    """
    data: Any = raw if raw is not None else {}
    groups, places, left = _group(error.errors(include_url=False), data)
    messages: dict[str, Msg] = {}
    for key, items in groups.items():
        sentence = _sentence(key, items, places[key], source, where)
        messages.setdefault(str(sentence), sentence)
    found = list(messages.values())
    if left:
        found.append(msg("config.value.more", count=left))
    return found
