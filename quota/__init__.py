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

from quota.compare import compare_scenarios
from quota.errors import InfeasibleError, InputError, QuotaError, SolverError
from quota.io import read_table
from quota.pipeline import allocate, prepare_scenario
from quota.planning import plan_scenario
from quota.result import Result
from quota.scenario import change_scenario, load_scenario
from quota.schema import Scenario
from quota.sensitivity import run_sensitivity

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
