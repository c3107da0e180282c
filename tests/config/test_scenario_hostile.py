"""Hostile scenario files: each is refused with exit code 2 and a message naming file and line.

One table, every row a scenario file (text) with a fragment of the message it
must give. Each row is loaded twice: through :func:`quota.load_scenario`
(``InputError``) and through ``quota validate`` (exit code 2, no traceback).
The line numbers refer to :data:`BASE` as edited by the row.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import quota.config.strict_yaml
from quota.cli import cli
from quota.config.scenario import load_scenario
from quota.config.schema import OPT_OUT
from quota.config.strict_yaml import LOADERS
from quota.errors import InputError
from tests.conftest import SMALL_CSV

#: a valid scenario over SMALL_CSV; the comments give the line numbers the table uses
BASE = """\
name: small
title: 测试方案
data: streets.csv
kinds:
  admin:
    pool: 140
    turnover_share: 0.05
    base: {per_office: 2, leaders: 5}
    indicators: {population: 0.5, area_km2: 0.2, duty_items: 0.3}
    max_change: 8
  institutional:
    pool: 190
    turnover_share: 0.05
    base: {per_unit: 6}
    indicators:
      population: 0.4
      enforcement_cases: 0.6
"""
#: line 1 name, 2 title, 3 data, 4 kinds, 5 admin, 6 pool, 7 turnover_share, 8 base,
#: 9 indicators, 10 max_change, 11 institutional, 12 pool, ... 17 enforcement_cases

#: a "billion laughs" file of well under 1 KB: 9**9 strings if it were expanded
LAUGHS = "name: lol\n" + "".join(
    f"{a}: &{a} [{', '.join([f'*{b}'] * 9) if b else ', '.join(['lol'] * 9)}]\n"
    for a, b in zip("abcdefghi", ["", *"abcdefgh"], strict=True)
)


def edit(old: str, new: str) -> str:
    """BASE with its first ``old`` replaced by ``new``."""
    assert old in BASE, old
    return BASE.replace(old, new, 1)


@dataclass(frozen=True)
class Case:
    """A hostile file and a fragment of the message it must give."""

    id: str
    text: str | bytes
    message: str


HOSTILE = [
    # types: booleans and texts where numbers are expected
    Case(
        "pool-flag",
        edit("pool: 140", "pool: true"),
        "small.yaml, line 6 (kinds.admin.pool): a whole number is needed (got true, a yes/no value)",
    ),
    Case(
        "pool-quoted",
        edit("pool: 140", "pool: '60'"),
        "small.yaml, line 6 (kinds.admin.pool): a whole number is needed (got the text '60'",
    ),
    Case(
        "pool-1e29",
        edit("pool: 140", "pool: 1e29"),
        "line 6 (kinds.admin.pool): a whole number is needed",
    ),
    Case(
        "pool-10^29",
        edit("pool: 140", "pool: 10^29"),
        "line 6 (kinds.admin.pool): a whole number is needed",
    ),
    Case(
        "pool-huge",
        edit("pool: 140", "pool: " + "1" + "0" * 29),
        "line 6 (kinds.admin.pool): must be at most 1000000000",
    ),
    Case(
        "pool-5000-digits",
        edit("pool: 140", "pool: " + "9" * 5000),
        "small.yaml, line 6, column 11:",
    ),
    Case(
        "pool-zero", edit("pool: 140", "pool: 0"), "line 6 (kinds.admin.pool): must be at least 1"
    ),
    Case(
        "pool-negative",
        edit("pool: 140", "pool: -3"),
        "line 6 (kinds.admin.pool): must be at least 1",
    ),
    Case(
        "weight-flag",
        edit("population: 0.5", "population: {weight: true}"),
        "line 9 (kinds.admin.indicators.population.weight): a number is needed (got true",
    ),
    Case(
        "short-weight-negative",
        edit("population: 0.5", "population: -0.2"),
        "line 9 (kinds.admin.indicators.population): must be at least 0 (got -0.2)",
    ),
    Case(
        "short-weight-nan",
        edit("population: 0.5", "population: .nan"),
        "line 9 (kinds.admin.indicators.population): must be a finite number",
    ),
    Case(
        "short-weight-huge",
        edit("population: 0.4", "population: 2.0e+6"),
        "line 16 (kinds.institutional.indicators.population): must be at most 1000000",
    ),
    Case(
        "short-weight-flag",
        edit("population: 0.5", "population: true"),
        "line 9 (kinds.admin.indicators.population): an indicator needs a weight",
    ),
    Case(
        "turnover-text",
        edit("turnover_share: 0.05", "turnover_share: '0.1'"),
        "line 7 (kinds.admin.turnover_share): a number is needed (got the text '0.1'",
    ),
    Case(
        "turnover-above-one",
        edit("turnover_share: 0.05", "turnover_share: 1.5"),
        "line 7 (kinds.admin.turnover_share): must be less than 1",
    ),
    Case(
        "floor-flag",
        edit("max_change: 8", "max_change: 8\n    floor: true"),
        "line 11 (kinds.admin.floor): a whole number (at most 1000000000) or the name of a column",
    ),
    Case(
        "floor-decimal",
        edit("max_change: 8", "max_change: 8\n    floor: 2.5"),
        "line 11 (kinds.admin.floor): a whole number",
    ),
    Case(
        "floor-above-ceiling",
        edit("max_change: 8", "max_change: 8\n    floor: 30\n    ceiling: 20"),
        "line 12 (kinds.admin.ceiling): the floor 30 is above the ceiling 20",
    ),
    Case(
        "share-above-one",
        BASE + "constraints:\n  street_share_min: 1.5\n  district_total: 900\n",
        "line 19 (constraints.street_share_min): must be at most 1",
    ),
    Case(
        "flag-text",
        BASE + "constraints:\n  no_dismissal: 'yes'\n",
        "line 19 (constraints.no_dismissal): true or false is needed",
    ),
    Case(
        "current-number",
        edit("max_change: 8", "max_change: 8\n    current: 5"),
        "line 11 (kinds.admin.current): a text is needed",
    ),
    # keys
    Case(
        "typo",
        edit("turnover_share: 0.05", "turnover_shar: 0.05"),
        "small.yaml, line 7: unknown key 'kinds.admin.turnover_shar'; did you mean 'turnover_share'?",
    ),
    Case(
        "key-in-the-wrong-place",
        BASE + "pool: 3\n",
        "small.yaml, line 18: unknown key 'pool'; 'pool' belongs under kinds.<kind>",
    ),
    Case(
        "missing-pool",
        edit("    pool: 140\n", ""),
        "small.yaml, line 5: key 'kinds.admin.pool' is required",
    ),
    Case(
        "duplicate-key",
        edit("max_change: 8", "max_change: 8\n    pool: 150"),
        "small.yaml, line 11 (kinds.admin.pool): the key 'pool' is given twice in the same"
        " mapping, on lines 6 and 11",
    ),
    Case(
        "duplicate-top-key",
        BASE + "name: other\n",
        "line 18 (name): the key 'name' is given twice in the same mapping, on lines 1 and 18",
    ),
    # anchors, aliases, merge keys
    Case(
        "alias",
        edit("pool: 190", "pool: *p").replace("pool: 140", "pool: &p 140"),
        "small.yaml: anchors and aliases are not allowed in a scenario file (line 6)",
    ),
    Case(
        "undefined-alias",
        edit("pool: 190", "pool: *p"),
        "anchors and aliases are not allowed in a scenario file (line 12)",
    ),
    Case(
        "billion-laughs", LAUGHS, "anchors and aliases are not allowed in a scenario file (line 2)"
    ),
    Case(
        "merge-key",
        edit("  institutional:\n", "  institutional:\n    <<: {pool: 1}\n"),
        "small.yaml: merge keys '<<' are not allowed in a scenario file (line 12)",
    ),
    # YAML syntax
    Case(
        "full-width-colon",
        edit("pool: 140", "pool：140"),
        "small.yaml: line 6 uses a full-width colon '：'; write an ASCII colon ':' followed by"
        " a space",
    ),
    Case(
        "full-width-colon-last-line",
        edit("enforcement_cases: 0.6", "enforcement_cases：0.6"),
        "line 17 uses a full-width colon '：'",
    ),
    Case(
        "full-width-colon-only-key",
        "name: small\ndata: streets.csv\nkinds:\n  admin:\n    pool：320\n",
        "line 5 uses a full-width colon '：'",
    ),
    Case(
        "full-width-colon-flow",
        edit("{per_office: 2", "{per_office：2"),
        "line 8 uses a full-width colon '：'",
    ),
    Case(
        "full-width-colon-chinese-key",
        edit(
            "    indicators:\n      population: 0.4\n      enforcement_cases: 0.6\n",
            "    indicators:\n      常住人口：0.4\n",
        ),
        "line 16 uses a full-width colon '：'",
    ),
    Case(
        "tab",
        edit("    pool: 140", "\tpool: 140"),
        "small.yaml: line 6 is indented with a tab; use spaces",
    ),
    Case(
        "tab-after-spaces",
        edit("    turnover_share: 0.05", "  \tturnover_share: 0.05"),
        "line 7 is indented with a tab; use spaces",
    ),
    Case(
        "indent-shallower",
        edit("    turnover_share: 0.05", "   turnover_share: 0.05"),
        "small.yaml: line 7: the indentation does not match the lines above",
    ),
    Case(
        "indent-deeper",
        edit("    turnover_share: 0.05", "      turnover_share: 0.05"),
        "line 7: the indentation does not match the lines above",
    ),
    Case(
        "missing-colon",
        edit("    pool: 140", "    pool 140"),
        "line 6: expected 'key: value'; is the ':' or the space after it missing?",
    ),
    Case(
        "colon-in-value",
        edit("title: 测试方案", "title: plan: one"),
        "line 2, column 12: a value holds ': '; put the whole value in quotes",
    ),
    Case(
        "unclosed-flow",
        edit("{per_unit: 6}", "{per_unit: 6"),
        "small.yaml, line 15, column",
    ),
    Case(
        "python-tag",
        "name: !!python/object/apply:os.system ['echo hi']\n",
        "line 1: not valid YAML (the tag '!!python/object/apply:os.system' is not allowed",
    ),
    Case("binary-tag", "name: !!binary aGk=\n", "the tag '!!binary' is not allowed"),
    Case(
        "two-documents", BASE + "---\nname: b\n", "line 18: a scenario file holds one YAML document"
    ),
    Case("nul-character", edit("small", "sm\x00all"), "line 1: the character U+0000 cannot appear"),
    Case("deep-nesting", "name: " + "[" * 500 + "]" * 500 + "\n", "nests deeper than 32 levels"),
    Case(
        "bad-date",
        edit("title: 测试方案", "title: 2024-13-45"),
        "line 2, column 8: '2024-13-45' cannot be read (month must be in 1..12)",
    ),
    Case("complex-key", BASE + "? [a, b]\n: 1\n", "line 18: a key must be a plain word or number"),
    # names
    Case(
        "name-300-bytes",
        edit("name: small", "name: " + "街" * 100),
        "line 1 (name): name becomes a folder name and may take at most 200 bytes in UTF-8; this"
        " one takes 300 bytes (100 characters",
    ),
    Case(
        "name-escapes",
        edit("name: small", "name: ../../etc"),
        "line 1 (name): name becomes a folder name",
    ),
    Case(
        "title-too-long",
        edit("title: 测试方案", "title: " + "长" * 201),
        "line 2 (title): must be at most 200 characters long",
    ),
    Case(
        "kind-name-too-long",
        edit("  institutional:", "  " + "k" * 101 + ":"),
        "line 11 (kinds.kkkk",
    ),
    Case(
        "indicator-name-too-long",
        edit("population: 0.4", "p" * 101 + ": 0.4"),
        "line 16 (kinds.institutional.indicators.pppp",
    ),
    # files
    Case(
        "extends-folder",
        "extends: .\n" + BASE,
        "is a folder, not a scenario file (named by 'extends' in small.yaml, line 1)",
    ),
    Case(
        "extends-dev-zero",
        "extends: /dev/zero\n" + BASE,
        "/dev/zero: is not a regular file (a device, a pipe or a socket)",
    ),
    Case(
        "extends-dev-urandom",
        "extends: /dev/urandom\n" + BASE,
        "/dev/urandom: is not a regular file",
    ),
    Case(
        "extends-missing",
        "extends: nowhere.yaml\n" + BASE,
        "nowhere.yaml: scenario file not found (named by 'extends' in small.yaml, line 1)",
    ),
    Case(
        "extends-itself",
        "extends: small.yaml\n" + BASE,
        "goes round in a circle (small.yaml -> small.yaml)",
    ),
    Case(
        "extends-list",
        "extends: [a.yaml]\n" + BASE,
        "small.yaml, line 1 (extends): 'extends' must be the path of another scenario file",
    ),
    Case("empty", "# nothing here\n", "small.yaml: the scenario file is empty"),
    Case("not-a-mapping", "- a\n- b\n", "small.yaml: a scenario must be a mapping of keys"),
    Case("not-utf8", BASE.encode("gb18030"), "small.yaml: a scenario file must be UTF-8 text"),
    Case("too-large", "# " + "x" * (1024 * 1024) + "\n" + BASE, "small.yaml: larger than 1 MB"),
]


def write(folder: Path, text: str | bytes, name: str = "small.yaml") -> Path:
    (folder / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(params=LOADERS, ids=lambda c: c.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Each strict loader in turn (libyaml's parser and PyYAML's own give the same messages)."""
    monkeypatch.setattr(quota.config.strict_yaml, "LOADERS", (request.param,))
    return request.param


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.id)
def test_hostile_scenario_is_refused_with_file_line_and_key(
    tmp_path: Path, case: Case, loader: type
) -> None:
    path = write(tmp_path, case.text)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert case.message in message
    assert "Input should" not in message and "pydantic" not in message
    result = CliRunner().invoke(cli, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert case.message in result.output
    assert "Traceback" not in result.output


FINE = [
    (edit("max_change: 8", "floor: population"), "floor", "population"),
    (edit("max_change: 8", "floor: 0\n    ceiling: 0"), "ceiling", 0),
    (edit("max_change: 8", "max_change: max_change_admin"), "max_change", "max_change_admin"),
    (edit("pool: 140", "pool: 1000000000"), "pool", 10**9),
    (edit("turnover_share: 0.05", "turnover_share: 0"), "turnover_share", 0.0),
    (edit("population: 0.5", "population: 0"), "indicators", None),
    (edit("population: 0.5", "population: {weight: 2, transform: sqrt}"), "indicators", None),
]


@pytest.mark.parametrize(("text", "key", "expected"), FINE)
def test_values_that_look_odd_but_are_fine(
    tmp_path: Path, text: str, key: str, expected: object
) -> None:
    admin = load_scenario(write(tmp_path, text)).kinds["admin"]
    if expected is not None:
        assert getattr(admin, key) == expected
    assert admin.indicator_specs()["population"].weight in (0.0, 0.5, 2.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("none", OPT_OUT), ("None", OPT_OUT), ("NONE", OPT_OUT), ("~", None), ("null", None)],
)
def test_current_and_onboard_opt_out(tmp_path: Path, text: str, expected: str | None) -> None:
    scenario = load_scenario(
        write(
            tmp_path,
            edit("max_change: 8", f"max_change: 8\n    current: {text}\n    onboard: {text}"),
        )
    )
    assert scenario.kinds["admin"].current == expected
    assert scenario.kinds["admin"].onboard == expected


def test_names_are_bounded_in_bytes_not_characters(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, edit("name: small", "name: " + "街" * 66)))
    assert len(scenario.name.encode("utf-8")) == 198
    long_ascii = load_scenario(write(tmp_path, edit("name: small", "name: " + "a" * 200)))
    assert len(long_ascii.name) == 200


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    assert len(LAUGHS.encode()) < 1024
    path = write(tmp_path, LAUGHS)
    start = time.process_time()
    with pytest.raises(InputError, match="anchors and aliases are not allowed"):
        load_scenario(path)
    assert time.process_time() - start < 0.5


def test_a_negative_short_weight_no_longer_escapes_as_a_traceback(tmp_path: Path) -> None:
    # before: accepted by the schema, then IndicatorSpec(weight=-0.2) raised in the pipeline
    path = write(tmp_path, edit("population: 0.5", "population: -0.2"))
    result = CliRunner().invoke(
        cli, ["run", str(path), "--out", str(tmp_path / "out"), "--lang", "en"]
    )
    assert result.exit_code == 2, result.output
    assert "line 9 (kinds.admin.indicators.population): must be at least 0" in result.output
