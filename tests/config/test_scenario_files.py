"""The scenario path and every file it extends must be a regular file, read with a bound.

Folders, devices and pipes are refused before they are opened (a FIFO would
block a plain ``open``, ``/dev/zero`` would be read for ever, and their
``st_size`` is 0, so it cannot be trusted). ``data:`` paths are left to the
table reader, as before.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from quota.cli import cli
from quota.config.reading import MAX_SCENARIO_BYTES, read_scenario_bytes
from quota.config.scenario import load_scenario
from quota.errors import InputError
from tests.conftest import SMALL_CSV, small_scenario, write_scenario

DEVICES = [p for p in ("/dev/zero", "/dev/urandom", "/dev/null") if os.path.exists(p)]


def load_within(path: Path, seconds: float = 5.0) -> BaseException | None:
    """Load ``path`` in a thread; the exception it raised (fails if it takes too long)."""
    outcome: list[BaseException | None] = []

    def target() -> None:
        try:
            load_scenario(path)
            outcome.append(None)
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"loading {path} did not finish within {seconds} s"
    return outcome[0]


@pytest.mark.parametrize("device", DEVICES)
def test_a_device_is_not_a_scenario(device: str) -> None:
    error = load_within(Path(device))
    assert isinstance(error, InputError)
    assert str(error) == (
        f"{device}: is not a regular file (a device, a pipe or a socket); a scenario is a YAML file"
    )


@pytest.mark.parametrize("device", DEVICES)
def test_a_device_cannot_be_extended(tmp_path: Path, device: str) -> None:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    path = write_scenario(tmp_path, {"extends": device, **small_scenario()})
    error = load_within(path)
    assert isinstance(error, InputError)
    assert f"{device}: is not a regular file" in str(error)
    assert "(named by 'extends' in small.yaml, line 1)" in str(error)


def test_a_folder_is_not_a_scenario(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder, not a scenario file$"):
        load_scenario(tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2 and "is a folder" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    error = load_within(fifo)
    assert isinstance(error, InputError) and "is not a regular file" in str(error)
    path = write_scenario(tmp_path, {"extends": "pipe.yaml", **small_scenario()})
    error = load_within(path)
    assert isinstance(error, InputError) and "pipe.yaml: is not a regular file" in str(error)


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    error = load_within(link)
    assert isinstance(error, InputError) and "is not a regular file" in str(error)


def test_a_symlink_to_a_scenario_is_fine(tmp_path: Path) -> None:
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    real = write_scenario(tmp_path, small_scenario())
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert load_scenario(link).name == "small"


def test_reads_are_bounded(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_SCENARIO_BYTES + 1))
    with pytest.raises(InputError, match="big.yaml: larger than 1 MB"):
        read_scenario_bytes(big)
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"#" * MAX_SCENARIO_BYTES)
    assert len(read_scenario_bytes(exact)) == MAX_SCENARIO_BYTES
    with pytest.raises(InputError, match="larger than 1 MB"):
        read_scenario_bytes(exact, limit=10)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
def test_a_file_whose_size_says_zero_is_still_read_with_a_bound() -> None:
    # /proc files are regular files with st_size 0: the size is never trusted
    assert os.stat("/proc/self/status").st_size == 0
    assert b"Name:" in read_scenario_bytes(Path("/proc/self/status"))
    with pytest.raises(InputError):
        load_scenario("/proc/self/status")


def test_a_missing_scenario_and_a_nul_in_its_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="scenario file not found"):
        load_scenario(tmp_path / "none.yaml")
    with pytest.raises(InputError, match=r"a\\x00b.yaml: the scenario file cannot be read"):
        load_scenario(str(tmp_path / "a\x00b.yaml"))


def test_data_paths_are_still_left_to_the_reader(tmp_path: Path) -> None:
    # a data path that does not exist (or is a folder) loads; the table reader reports it
    scenario = load_scenario(write_scenario(tmp_path, small_scenario(data="nowhere.csv")))
    assert Path(scenario.data.path) == (tmp_path / "nowhere.csv").resolve()
    folder = load_scenario(write_scenario(tmp_path, small_scenario(data=".")))
    assert Path(folder.data.path) == tmp_path.resolve()
    with pytest.raises(InputError, match=r"small.yaml, line 3 \(data\): the path of the street"):
        load_scenario(write_scenario(tmp_path, small_scenario(data="a\x00b.csv")))
