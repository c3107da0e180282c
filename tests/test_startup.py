"""Start-up stays fast: ``import quota`` and ``quota --help`` load none of the heavy libraries.

Each check runs in a fresh interpreter (this test process has imported everything
already). The public API is imported lazily (PEP 562) and must behave as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

#: slow to import; never at start-up (the ruff rule TID253 keeps them out of module level)
HEAVY = ("matplotlib", "pulp", "jinja2", "xlsxwriter", "highspy", "openpyxl")
#: not needed by ``import quota`` or ``--help`` either
DATA_LIBRARIES = ("pandas", "numpy", "pydantic", "yaml", "scipy", "tqdm")
#: the only modules of the package ``--help`` may import (choices: typing only), besides
#: the command line's own modules and the catalog of what it says (HELP_PACKAGES)
HELP_MODULES = {
    "quota",
    "quota.__main__",
    "quota.errors",
    "quota.config",
    "quota.config.choices",
}
#: packages ``--help`` may import whole: the command line and the catalog (plain dicts)
HELP_PACKAGES = ("quota.cli", "quota.locale")


def help_may_import(module: str) -> bool:
    """Whether ``quota --help`` may load this module of the package."""
    return module in HELP_MODULES or any(
        module == p or module.startswith(p + ".") for p in HELP_PACKAGES
    )


PUBLIC = (
    "InfeasibleError",
    "InputError",
    "QuotaError",
    "Result",
    "Scenario",
    "SolverError",
    "allocate",
    "change_scenario",
    "compare_scenarios",
    "load_scenario",
    "plan_scenario",
    "prepare_scenario",
    "read_table",
    "run_sensitivity",
    "run_sweep",
)

#: prints the modules loaded after running the code before it
REPORT = (
    "\nimport json, sys\n"
    "print(json.dumps(sorted(m for m in sys.modules if not m.startswith('_')"
    " and m.split('.')[0] not in sys.stdlib_module_names)))\n"
)


def python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (or ``python ARGS``) in a fresh interpreter; ``env`` adds variables."""
    base = {k: v for k, v in os.environ.items() if k != "QUOTA_LANG"}
    return subprocess.run(
        [sys.executable, *args, "-c", code] if code else [sys.executable, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**base, "MPLBACKEND": "Agg", **env},
        check=False,
        timeout=300,
    )


def loaded_after(code: str) -> list[str]:
    """Third-party and quota modules in sys.modules after ``code`` ran in a fresh process."""
    done = python(code + REPORT)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout.splitlines()[-1]))


def tops(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def cli_code(*argv: str) -> str:
    """Run ``quota ARGV`` through the console-script entry point and swallow its exit."""
    return (
        f"import sys\nsys.argv = ['quota', *{list(argv)!r}]\n"
        "from quota.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )


def test_import_quota_loads_no_heavy_library() -> None:
    modules = loaded_after("import quota")
    assert sorted(tops(modules) & {*HEAVY, *DATA_LIBRARIES}) == []
    assert [m for m in modules if m.startswith("quota")] == ["quota"]


def test_import_quota_report_like_the_issue() -> None:
    """The issue's own check, verbatim: prints []."""
    names = set(HEAVY)
    done = python(
        f"import quota, sys; print(sorted(m for m in sys.modules if m.split('.')[0] in {names!r}))"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("run", "--help"),
        ("validate", "--help"),
        ("compare", "--help"),
        ("weights", "--help"),
        ("sensitivity", "--help"),
        ("plan", "--help"),
        ("init", "--help"),
        ("synth", "--help"),
        ("--version",),
    ],
)
def test_help_loads_only_click(argv: tuple[str, ...]) -> None:
    modules = loaded_after(cli_code(*argv))
    assert tops(modules) - {"quota"} <= {"click", "colorama"}  # colorama: click on Windows
    assert [m for m in modules if m.split(".")[0] == "quota" and not help_may_import(m)] == []


@pytest.mark.parametrize(("lang", "usage"), [("zh", "用法："), ("en", "Usage:")])
def test_python_m_quota_help_imports_nothing_heavy(lang: str, usage: str) -> None:
    """``python -m quota --help`` as users run it, every import listed by ``-X importtime``."""
    env = {"QUOTA_LANG": lang} if lang == "en" else {}
    done = python("", "-X", "importtime", "-m", "quota", "--help", **env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert usage in done.stdout
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert {m.split(".")[0] for m in imported} & {*HEAVY, *DATA_LIBRARIES} == set()
    assert [m for m in imported if m.split(".")[0] == "quota" and not help_may_import(m)] == []


def test_lazy_api_allocates(tmp_path: Path) -> None:
    """``quota.allocate`` and friends work when first touched through the lazy module."""
    scenario = REPO / "scenarios" / "xinzhou-baseline.yaml"
    code = (
        "import quota\n"
        f"scenario = quota.load_scenario({str(scenario)!r})\n"
        "assert isinstance(scenario, quota.Scenario)\n"
        "result = quota.allocate(scenario)\n"
        "assert isinstance(result, quota.Result)\n"
        "from quota import prepare_scenario, read_table\n"
        "assert callable(prepare_scenario) and callable(read_table)\n"
        "print(result.status)\n"
    )
    done = python(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[0] == "optimal"


def test_public_api_is_unchanged() -> None:
    import quota
    from quota.analysis.compare import compare_scenarios
    from quota.analysis.plan import plan_scenario
    from quota.analysis.sensitivity import run_sensitivity
    from quota.analysis.sweep import run_sweep
    from quota.config.scenario import change_scenario, load_scenario
    from quota.config.schema import Scenario
    from quota.errors import InfeasibleError, InputError, QuotaError, SolverError
    from quota.io.table import read_table
    from quota.pipeline import allocate, prepare_scenario
    from quota.results.result import Result

    expected = {
        "InfeasibleError": InfeasibleError,
        "InputError": InputError,
        "QuotaError": QuotaError,
        "Result": Result,
        "Scenario": Scenario,
        "SolverError": SolverError,
        "allocate": allocate,
        "change_scenario": change_scenario,
        "compare_scenarios": compare_scenarios,
        "load_scenario": load_scenario,
        "plan_scenario": plan_scenario,
        "prepare_scenario": prepare_scenario,
        "read_table": read_table,
        "run_sensitivity": run_sensitivity,
        "run_sweep": run_sweep,
    }
    assert sorted(quota.__all__) == sorted(PUBLIC) == sorted(expected)
    for name, value in expected.items():
        assert getattr(quota, name) is value, name
    assert isinstance(quota.__version__, str) and quota.__version__
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = quota.not_a_name  # type: ignore[attr-defined]


def test_dir_and_star_import_in_a_fresh_process() -> None:
    """``dir(quota)`` lists the API and the subpackages before anything is imported."""
    code = (
        "import json, quota\n"
        "before = dir(quota)\n"
        "namespace = {}\n"
        "exec('from quota import *', namespace)\n"
        "print(json.dumps({'dir': before, 'star': sorted(k for k in namespace if k[0] != '_'),"
        " 'version': quota.__version__, 'pipeline': quota.pipeline.__name__}))\n"
    )
    done = python(code)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["star"] == sorted(PUBLIC)
    assert set(PUBLIC) | {"__version__", "__all__"} <= set(found["dir"])
    subpackages = {"analysis", "config", "errors", "io", "methods", "model", "outputs"}
    assert subpackages | {"pipeline", "results", "solve"} <= set(found["dir"])
    assert not {"Any", "TYPE_CHECKING", "import_module"} & set(found["dir"])
    assert found["pipeline"] == "quota.pipeline"
    from importlib import metadata

    try:
        assert found["version"] == metadata.version("quota")
    except metadata.PackageNotFoundError:
        assert found["version"] == "0.0.0"


def test_starting_the_charts_imports_no_matplotlib(tmp_path: Path) -> None:
    """The run's process forks the chart helper before it ever imports matplotlib."""
    code = (
        "import pandas as pd\n"
        "from quota.outputs.charts.job import start_charts\n"
        "import quota.outputs.charts, quota.outputs.folder\n"
        "table = pd.DataFrame({'kind': ['admin'], 'street': ['A'], 'total': [3]})\n"
        f"job = start_charts(table, {str(tmp_path)!r}, parallel=False)\n"
        "job.__exit__(None, None, None)\n"
    )
    modules = loaded_after(code)
    assert "matplotlib" not in tops(modules)


@pytest.mark.parametrize("scenario", ["xinzhou-baseline", "yangquan-levels"])
def test_a_run_draws_its_charts_without_matplotlib_here(scenario: str, tmp_path: Path) -> None:
    """With the warm chart process, ``quota run`` (with levels too) never imports matplotlib.

    The reports name every chart, the charts by level too, from the catalog
    (:func:`quota.outputs.level_view.level_chart_title`), not from the chart modules.
    """
    # the command runs in a fresh process of one thread: only the machine decides (a test
    # worker's own threads would keep helper_available() false here)
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("no helper process on this machine: the charts are drawn here")
    code = cli_code("run", str(REPO / "scenarios" / f"{scenario}.yaml"), "--out", str(tmp_path))
    modules = loaded_after(code)
    assert (tmp_path / scenario / "report.html").is_file()
    assert "matplotlib" not in tops(modules)
