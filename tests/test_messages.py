"""The message catalog: every key used exists, both languages say the same fields."""

from __future__ import annotations

import ast
import string

import pytest

from quota.errors import InputError, Msg
from quota.locale import MESSAGES, msg
from tests.conftest import REPO

FORMATTER = string.Formatter()


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FORMATTER.parse(template) if name}


def used_keys() -> dict[str, list[str]]:
    """key -> where: every literal first argument of a ``msg(...)`` call in quota/."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "quota").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                found.setdefault(node.args[0].value, []).append(where)
    return found


def test_every_key_used_in_the_code_is_in_the_catalog() -> None:
    missing = {k: v for k, v in used_keys().items() if k not in MESSAGES}
    assert not missing


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_use_the_same_fields(key: str) -> None:
    zh, en = MESSAGES[key]
    assert fields(zh) == fields(en), key
    assert zh.strip() and en.strip()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_keys_are_named_after_their_module(key: str) -> None:
    prefix = key.split(".", 1)[0]
    assert prefix in {
        "locale",
        "io",
        "config",
        "methods",
        "model",
        "solve",
        "results",
        "analysis",
        "outputs",
        "cli",
    }, key


def test_a_message_renders_in_both_languages_with_kind_names() -> None:
    m = msg("locale.language", lang="fr", choices=["zh", "en"])
    assert isinstance(m, Msg)
    assert m.render("zh") == "不支持语言 'fr'：请使用 zh、en"
    assert str(m) == "language 'fr' is not supported: use one of zh, en"
    err = InputError([m, "plain"])
    assert err.render("zh") == ["不支持语言 'fr'：请使用 zh、en", "plain"]
    assert str(err).startswith("language 'fr'")


def test_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        msg("io.no_such_key")
