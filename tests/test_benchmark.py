"""The benchmark script runs (quick mode); its figures are read, not asserted."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def test_benchmark_quick_mode_runs() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--quick", "--repeat", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for heading in (
        "Solve phase",
        "Apportionment",
        "End to end",
        "Sensitivity",
        "Start-up",
        "Commands at scale",
    ):
        assert heading in done.stdout
    startup = done.stdout.split("## Start-up")[1].split("## Commands at scale")[0]
    for command in ('python -c "import click"', 'python -c "import quota"', "quota --help"):
        assert command in startup
    scale = done.stdout.split("## Commands at scale")[1]
    for command in ("quota plan", "quota compare", "quota sensitivity", "quota run"):
        assert command in scale
    assert "False" not in done.stdout.split("## Apportionment")[0]  # same allocation as the MILP
