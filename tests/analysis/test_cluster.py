"""Dask clusters: sweeps and sensitivity runs on a LocalCluster of two workers give the local bytes.

One cluster (two worker processes, one thread each, no dashboard, 127.0.0.1) is
shared by the module; the command line reaches it through ``--scheduler``, as it
would a cluster on other machines.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from quota.analysis.cluster import (
    ClusterExecutor,
    connect_cluster,
    open_cluster,
    parse_address,
    read_file_digest,
)
from quota.analysis.sensitivity import run_sensitivity
from quota.analysis.sensitivity_writer import format_sensitivity_csv
from quota.analysis.sweep import run_sweep
from quota.analysis.sweep_grid import build_grid
from quota.cli import cli
from quota.errors import InputError
from quota.io.files import hash_file

distributed = pytest.importorskip("distributed")

GRID = "kinds.admin.pool: [120, 130, 140]\nkinds.admin.turnover_share: [0.05, 0.1]\n"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two worker processes, for the whole module."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        silence_logs=logging.ERROR,
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def invoke(*args: str) -> Result:
    return CliRunner(env={"QUOTA_LANG": None}).invoke(cli, list(args), catch_exceptions=False)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, the manifest without where and how long it ran."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for key in ("timings_s", "ran_on", "workers"):
        manifest.pop(key, None)
    found["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return found


# --------------------------------------------------------------------------
# On the cluster
# --------------------------------------------------------------------------


def test_sweep_on_the_cluster_gives_the_local_bytes(
    scheduler: str, district: Path, tmp_path: Path
) -> None:
    grid = tmp_path / "grid.yaml"
    grid.write_text(GRID, encoding="utf-8")
    local = run_sweep(district, grid)
    with connect_cluster(scheduler) as cluster:
        assert cluster.workers == 2 and cluster.executor.remote
        remote = run_sweep(district, grid, executor=cluster.executor, workers=cluster.workers)
    assert remote.ran_on == f"dask:{scheduler}"
    for lang in ("zh", "en"):
        here = folder_bytes(local.write(tmp_path / f"local-{lang}", lang=lang))
        there = folder_bytes(remote.write(tmp_path / f"dask-{lang}", lang=lang))
        assert here == there


def test_sensitivity_on_the_cluster_gives_the_local_bytes(
    scheduler: str, district: Path, tmp_path: Path
) -> None:
    local = run_sensitivity(district, 60, seed=7, noise=0.1, workers=1)
    with connect_cluster(scheduler) as cluster:
        remote = run_sensitivity(
            district, 60, seed=7, noise=0.1, executor=cluster.executor, workers=cluster.workers
        )
        # the numbers of the draws went to the cluster once, not once per chunk
        assert len(cluster.executor._shared) == 1
    assert format_sensitivity_csv(local.table) == format_sensitivity_csv(remote.table)
    assert folder_bytes(local.write(tmp_path / "local")) == folder_bytes(
        remote.write(tmp_path / "dask")
    )


def test_the_command_line_on_a_scheduler_writes_the_local_files(
    scheduler: str, district: Path, tmp_path: Path
) -> None:
    grid = tmp_path / "grid.yaml"
    grid.write_text(GRID, encoding="utf-8")
    here = invoke("sweep", str(district), "--grid", str(grid), "--out", str(tmp_path / "a"))
    there = invoke(
        "sweep",
        str(district),
        "--grid",
        str(grid),
        "--out",
        str(tmp_path / "b"),
        "--scheduler",
        scheduler,
    )
    assert here.exit_code == there.exit_code == 0, there.output
    assert f"Dask 集群 {scheduler}：2 个计算节点" in there.output
    assert f"（Dask 集群 {scheduler}）" in there.output
    assert folder_bytes(tmp_path / "a" / "small-sweep") == folder_bytes(
        tmp_path / "b" / "small-sweep"
    )
    args = ["sensitivity", str(district), "--draws", "40", "--seed", "3", "--lang", "en"]
    here = invoke(*args, "--out", str(tmp_path / "a"))
    there = invoke(*args, "--out", str(tmp_path / "b"), "--scheduler", scheduler)
    assert here.exit_code == there.exit_code == 0, there.output
    assert f"Dask cluster {scheduler}: 2 workers" in there.output
    a, b = tmp_path / "a" / "small-sensitivity", tmp_path / "b" / "small-sensitivity"
    assert folder_bytes(a) == folder_bytes(b)


def test_workers_check_the_data_files(scheduler: str, district: Path, tmp_path: Path) -> None:
    data = district.parent / "streets.csv"
    assert read_file_digest(str(data)) == hash_file(data)
    assert read_file_digest(str(tmp_path / "none.csv")).startswith("!")
    with connect_cluster(scheduler) as cluster:
        cluster.executor.check_files([data])  # the same machine: the same bytes


def test_dask_flag_starts_a_local_cluster(district: Path, tmp_path: Path) -> None:
    args = ["sensitivity", str(district), "--draws", "30", "--seed", "5", "--lang", "en"]
    here = invoke(*args, "--out", str(tmp_path / "a"))
    there = invoke(*args, "--out", str(tmp_path / "b"), "--dask", "--workers", "2")
    assert here.exit_code == there.exit_code == 0, there.output
    assert "Dask cluster tcp://127.0.0.1:" in there.output and ": 2 workers" in there.output
    a, b = tmp_path / "a" / "small-sensitivity", tmp_path / "b" / "small-sensitivity"
    assert folder_bytes(a) == folder_bytes(b)


# --------------------------------------------------------------------------
# Without a cluster: addresses, versions, files
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "parsed"),
    [
        ("tcp://10.0.0.5:8786", ("tcp", "10.0.0.5", 8786)),
        ("scheduler.example:8786", ("tcp", "scheduler.example", 8786)),
        ("tls://[::1]:8786", ("tls", "::1", 8786)),
    ],
)
def test_parse_address(address: str, parsed: tuple[str, str, int]) -> None:
    assert parse_address(address) == parsed


@pytest.mark.parametrize("address", ["tcp://host", "http://host:80", "host:0", "host:99999", ""])
def test_parse_address_refuses_what_is_not_an_address(address: str) -> None:
    with pytest.raises(InputError) as error:
        parse_address(address)
    assert "tcp://host:8786" in str(error.value)


class FakeClient:
    """What ClusterExecutor asks of a client, answering as a worker would."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers

    def run(self, fn: Any, *args: Any, on_error: str = "raise") -> dict[str, Any]:
        return self.answers


def test_files_that_a_worker_cannot_read_or_reads_differently_are_named(district: Path) -> None:
    data = district.parent / "streets.csv"
    answers = {
        "tcp://w1:1": hash_file(data),
        "tcp://w2:1": "0" * 64,
        "tcp://w3:1": "!No such file or directory",
    }
    executor = ClusterExecutor(FakeClient(answers), "dask:tcp://s:1", 3, remote=True)
    with pytest.raises(InputError) as error:
        executor.check_files([data])
    text = "\n".join(error.value.render("en"))
    assert "worker tcp://w2:1 has a different file at" in text
    assert "worker tcp://w3:1 cannot read" in text and "No such file or directory" in text
    assert "tcp://w1:1" not in text
    ClusterExecutor(FakeClient(answers), "dask:local:3", 3, remote=False).check_files([data])


def test_workers_without_this_version_of_quota_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from quota.analysis import cluster as module

    answers = {"tcp://w1:1": "0.0.1", "tcp://w2:1": ModuleNotFoundError("quota")}
    with pytest.raises(InputError) as error:
        module._check_versions(FakeClient(answers), "tcp://s:8786")
    text = "\n".join(error.value.render("en"))
    assert "worker tcp://w1:1 has quota 0.0.1" in text
    assert "worker tcp://w2:1 does not have quota installed" in text
    assert "every worker of tcp://s:8786 needs the same quota version" in text


def test_open_cluster_needs_one_choice() -> None:
    with pytest.raises(InputError, match="not both"):
        open_cluster("tcp://127.0.0.1:1", local=True)
    with pytest.raises(InputError, match="give a scheduler address"):
        open_cluster()


def test_a_grid_built_in_code_runs_on_the_cluster(scheduler: str, district: Path) -> None:
    grid = build_grid({"kinds.institutional.pool": [180, 190]})
    with open_cluster(scheduler) as cluster:
        result = run_sweep(district, grid, executor=cluster.executor, workers=cluster.workers)
    assert [o.point for o in result.outcomes] == [1, 2]
    assert result.summary.loc[result.summary["kind"] == "institutional", "pool"].tolist() == [
        180,
        190,
    ]
