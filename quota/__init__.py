"""quota: allocate staffing quotas (编制) across sub-districts (街道).

The public API, for notebooks and scripts::

    import quota
    scenario = quota.load_scenario("scenarios/xinzhou-baseline.yaml")
    result = quota.allocate(scenario)
    result.table          # one row per street and kind
    result.write("out/xinzhou-baseline")

``import quota`` itself is cheap: each name is imported from its module the first
time it is used (PEP 562 ``__getattr__``), so the command line's ``--help`` and
scripts that need one function do not pay for pandas, the solvers or matplotlib.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

    __version__: str

#: public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "InfeasibleError": "quota.errors",
    "InputError": "quota.errors",
    "QuotaError": "quota.errors",
    "Result": "quota.results.result",
    "Scenario": "quota.config.schema",
    "SolverError": "quota.errors",
    "allocate": "quota.pipeline",
    "change_scenario": "quota.config.scenario",
    "compare_scenarios": "quota.analysis.compare",
    "load_scenario": "quota.config.scenario",
    "plan_scenario": "quota.analysis.plan",
    "prepare_scenario": "quota.pipeline",
    "read_table": "quota.io.table",
    "run_sensitivity": "quota.analysis.sensitivity",
    "run_sweep": "quota.analysis.sweep",
}

#: the subpackages, importable as attributes (``quota.pipeline``) like before
_SUBPACKAGES = frozenset(
    {
        "analysis",
        "config",
        "errors",
        "io",
        "methods",
        "model",
        "outputs",
        "pipeline",
        "results",
        "solve",
    }
)
#: names of this module that are not part of the API and so not in ``dir(quota)``
_HIDDEN = frozenset(
    {"Any", "TYPE_CHECKING", "import_module", "__annotations__", "__dir__", "__getattr__"}
)

__all__ = [
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
]


def _read_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("quota")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0.0.0"


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it (PEP 562)."""
    if name == "__version__":
        value: Any = _read_version()
    elif name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
    elif name in _SUBPACKAGES:
        value = import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    """The same names as when every public name was imported up front."""
    names = {n for n in globals() if n not in _HIDDEN and not (n.startswith("_") and n[1] != "_")}
    return sorted({*names, *_EXPORTS, *_SUBPACKAGES, "__version__"})
