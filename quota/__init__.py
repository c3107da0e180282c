"""quota: allocate staffing quotas (编制) across sub-districts (街道).

The public API, for notebooks and scripts::

    import quota
    scenario = quota.load_scenario("scenarios/xinzhou-baseline.yaml")
    result = quota.allocate(scenario)
    result.table          # one row per street and kind
    result.write("out/xinzhou-baseline")
"""

from __future__ import annotations

from importlib import metadata

from quota.analysis.compare import compare_scenarios
from quota.analysis.plan import plan_scenario
from quota.analysis.sensitivity import run_sensitivity
from quota.config.scenario import change_scenario, load_scenario
from quota.config.schema import Scenario
from quota.errors import InfeasibleError, InputError, QuotaError, SolverError
from quota.io.table import read_table
from quota.pipeline import allocate, prepare_scenario
from quota.results.result import Result

try:
    __version__ = metadata.version("quota")
except metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

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
]
