"""Fuzzing ``load_scenario`` with mutated scenario files.

Every outcome must be a :class:`~quota.config.schema.Scenario` or an
:class:`~quota.errors.InputError` with plain messages: never another
exception, never pydantic's own wording, never more than a few seconds.
Mutations start from a valid scenario (the small test district, or a bundled
scenario that ``extends`` another) and change its structure (drop, rename or
duplicate keys, values turned into booleans, texts, lists, huge, negative or
NaN numbers, ``extends`` pointed at a folder, a device, a pipe, a missing file
or the file itself) and its text (aliases and anchors, merge keys, tabs,
full-width colons, broken indentation, duplicated lines, truncation, flipped
bytes). Hypothesis runs derandomised, so the examples are the same on every
run; raise ``QUOTA_YAML_FUZZ_EXAMPLES`` for a longer session.

The nastiest files are also loaded by ``quota validate`` in a subprocess
limited to 2 GB of address space: each must exit with code 2 within 5 s of CPU
time (CPU, not wall-clock time, so that a busy machine does not fail the test;
a wall-clock timeout stops a load that blocks).
"""

from __future__ import annotations

import copy
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quota.config.reading import MAX_SCENARIO_BYTES
from quota.config.scenario import load_scenario
from quota.config.schema import Scenario
from quota.errors import InputError, render
from tests.config.test_scenario_hostile import LAUGHS
from tests.conftest import REPO, small_scenario

EXAMPLES = int(os.environ.get("QUOTA_YAML_FUZZ_EXAMPLES", "200"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: one load may take this long at most [s]
TIME_LIMIT = 5.0
#: address space of the subprocess that loads the nastiest files [bytes]
MEMORY_LIMIT = 2 * 1024**3

NASTY_VALUES: list[Any] = [
    True,
    False,
    None,
    "60",
    "0.1",
    "",
    "none",
    "population",
    "x" * 300,
    "街" * 100,
    "../../etc",
    "a\x00b",
    [],
    [1, "a", None],
    {},
    {"weight": True},
    {"pool": 1},
    10**29,
    2**63,
    10**9 + 1,
    -5,
    0,
    1,
    1.5,
    -0.2,
    float("nan"),
    float("inf"),
    -float("inf"),
    "1e29",
    "10^29",
]
KEY_EDITS: list[Callable[[str], str]] = [
    lambda key: key[:-1] or "k",
    lambda key: key + "x",
    str.upper,
    lambda key: "<<",
    lambda key: "1",
    lambda key: "pool",
    lambda key: "turnover_shar",
    lambda key: "source",
    lambda key: "extends",
    lambda key: "k" * 150,
]
EXTENDS_TARGETS = [
    ".",
    "/",
    "/dev/zero",
    "/dev/urandom",
    "/dev/null",
    "missing.yaml",
    "small.yaml",
    "parent.yaml",
    "pipe.yaml",
    "folder",
    "",
    "parent.yaml\x00",
    "../" * 40 + "etc/passwd",
]
BUNDLED = REPO / "scenarios"
BUNDLED_CHILD = "xinzhou-wisn.yaml"
BUNDLED_PARENT = "xinzhou-baseline.yaml"


def key_paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path (and list index) in a nested structure."""
    paths: list[tuple[Any, ...]] = []
    items = (
        tree.items()
        if isinstance(tree, dict)
        else enumerate(tree)
        if isinstance(tree, list)
        else []
    )
    for key, value in items:
        paths.append((*prefix, key))
        paths.extend(key_paths(value, (*prefix, key)))
    return paths


def parent_of(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


def mutate_structure(data: st.DataObject, tree: dict[str, Any]) -> dict[str, Any]:
    """Drop, rename, duplicate or retype keys of a scenario mapping."""
    tree = copy.deepcopy(tree)
    for _ in range(data.draw(st.integers(0, 3), label="structure edits")):
        paths = key_paths(tree)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths), label="path")
        parent, last = parent_of(tree, path), path[-1]
        edit = data.draw(st.sampled_from(["drop", "value", "rename", "copy"]), label="edit")
        if edit == "drop":
            del parent[last]
        elif edit == "value":
            parent[last] = copy.deepcopy(data.draw(st.sampled_from(NASTY_VALUES), label="value"))
        elif edit == "rename" and isinstance(parent, dict):
            new = data.draw(st.sampled_from(KEY_EDITS), label="key edit")(str(last))
            parent[new] = parent.pop(last)
        elif edit == "copy":
            parent[last] = copy.deepcopy(tree)
    if data.draw(st.booleans(), label="extends?"):
        tree = {"extends": data.draw(st.sampled_from(EXTENDS_TARGETS), label="extends"), **tree}
    return tree


#: the ways a line of YAML text is damaged, in the order Hypothesis draws them
TEXT_EDITS = [
    "duplicate",
    "anchor",
    "alias",
    "merge",
    "tab",
    "fullwidth",
    "indent",
    "dedent",
    "document",
    "laughs",
    "flow",
    "tag",
    "nul",
    "delete",
]
#: edits that replace a line (None: the line is left as it is)
LINE_REPLACEMENTS: dict[str, Callable[[str], str | None]] = {
    "anchor": lambda line: line.replace(": ", ": &a ", 1) if ": " in line else None,
    "alias": lambda line: line.split(": ", 1)[0] + ": *a" if ": " in line else None,
    "tab": lambda line: "\t" + line.lstrip(" "),
    "fullwidth": lambda line: line.replace(": ", "：", 1),
    "indent": lambda line: " " + line,
    "dedent": lambda line: line[1:],
    "tag": lambda line: line.replace(": ", ": !!python/name:os.system ", 1),
    "nul": lambda line: line + "\x00",
}


def edit_line(data: st.DataObject, lines: list[str], index: int, edit: str) -> None:
    """Apply one text edit to ``lines`` at ``index`` (in place)."""
    line = lines[index]
    indent = line[: len(line) - len(line.lstrip(" "))]
    inserted = {"duplicate": [line], "merge": [indent + "<<: {pool: 1}"], "document": ["---"]}
    if edit in inserted:
        lines[index:index] = inserted[edit]
    elif edit == "laughs":
        lines[index:index] = LAUGHS.splitlines()[1:]
    elif edit == "flow":
        lines[index] = line + " {" if data.draw(st.booleans()) else line + " ["
    elif edit == "delete":
        del lines[index]
    else:
        replaced = LINE_REPLACEMENTS[edit](line)
        if replaced is not None:
            lines[index] = replaced


def damage_bytes(data: st.DataObject, raw: bytes) -> bytes:
    """Sometimes cut the file short, sometimes flip a byte."""
    if data.draw(st.integers(0, 9), label="bytes?") == 0:
        cut = data.draw(st.integers(0, len(raw)), label="cut")
        raw = raw[:cut]
    if data.draw(st.integers(0, 9), label="flip?") == 0 and raw:
        at = data.draw(st.integers(0, len(raw) - 1), label="flip at")
        raw = raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1 :]
    return raw


def mutate_text(data: st.DataObject, text: str) -> bytes:
    """Damage the YAML text the way people (and editors) do."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(0, 3), label="text edits")):
        index = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="line")
        edit = data.draw(st.sampled_from(TEXT_EDITS), label="text edit")
        edit_line(data, lines, index, edit)
    return damage_bytes(data, "\n".join(lines).encode("utf-8"))


def prepare_folder(folder: Path) -> None:
    """The files the ``extends`` targets name: a valid parent, a folder, a FIFO."""
    (folder / "parent.yaml").write_text(
        yaml.safe_dump(small_scenario(name="parent"), allow_unicode=True), encoding="utf-8"
    )
    (folder / "folder").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
    (folder / BUNDLED_PARENT).write_bytes((BUNDLED / BUNDLED_PARENT).read_bytes())


def check_outcome(path: Path) -> None:
    """Load ``path``: a Scenario or an InputError in plain words, quickly."""
    start = time.perf_counter()
    try:
        outcome: Any = load_scenario(path)
    except InputError as exc:
        outcome = exc
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"loading took {elapsed:.1f} s"
    if isinstance(outcome, InputError):
        assert outcome.problems
        for problem in outcome.problems:
            text = str(problem)  # the English text; the Chinese must render too
            assert text.strip() and render(problem, "zh").strip()
            assert "Input should" not in text and "pydantic" not in text, text
            assert "Traceback" not in text
    else:
        assert isinstance(outcome, Scenario)
        for kind in outcome.kinds.values():
            assert kind.pool >= 1
            for spec in kind.indicator_specs().values():
                assert math.isfinite(spec.weight) and spec.weight >= 0


@SETTINGS
@given(data=st.data())
def test_mutated_scenarios_load_or_raise_input_error(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        prepare_folder(folder)
        if data.draw(st.integers(0, 4), label="bundled?") == 0:
            text = (BUNDLED / BUNDLED_CHILD).read_text(encoding="utf-8")
        else:
            tree = mutate_structure(data, small_scenario())
            text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
        path = folder / "small.yaml"
        path.write_bytes(mutate_text(data, text))
        check_outcome(path)


# --------------------------------------------------------------------------
# The nastiest files, in a subprocess with bounded memory
# --------------------------------------------------------------------------

CHILD = f"""
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))
from quota.cli import cli
start = time.process_time()
try:
    cli.main(["validate", sys.argv[1], "--lang", "en"])
finally:
    print(f"elapsed {{time.process_time() - start:.3f}}", file=sys.stderr)
"""


def many_keys() -> str:
    keys = []
    size = 0
    index = 0
    while size < MAX_SCENARIO_BYTES - 100:
        keys.append(f"key{index}: {index}\n")
        size += len(keys[-1])
        index += 1
    return "".join(keys)


NASTY: dict[str, Callable[[Path], Path]] = {
    "billion-laughs": lambda folder: write(folder, LAUGHS),
    "dev-zero": lambda folder: Path("/dev/zero"),
    "extends-dev-zero": lambda folder: write(folder, "extends: /dev/zero\nname: x\n"),
    "extends-dev-urandom": lambda folder: write(folder, "extends: /dev/urandom\nname: x\n"),
    "fifo": lambda folder: fifo(folder),
    "deep-brackets": lambda folder: write(folder, "a: " + "[" * (MAX_SCENARIO_BYTES - 10)),
    "many-keys": lambda folder: write(folder, many_keys()),
    "long-number": lambda folder: write(folder, "pool: " + "9" * (MAX_SCENARIO_BYTES - 10)),
    "too-large": lambda folder: write(folder, "#" * (MAX_SCENARIO_BYTES + 1)),
}


def write(folder: Path, text: str) -> Path:
    path = folder / "nasty.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="needs resource limits and /dev/zero")
@pytest.mark.parametrize("case", sorted(NASTY))
def test_the_nastiest_files_exit_2_quickly_within_2_gb(tmp_path: Path, case: str) -> None:
    path = NASTY[case](tmp_path)
    env = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "error: " in result.stderr
    elapsed = float(result.stderr.rsplit("elapsed ", 1)[1].split()[0])
    assert elapsed < TIME_LIMIT, f"{case}: {elapsed:.1f} s"
