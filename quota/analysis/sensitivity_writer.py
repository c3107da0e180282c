"""Write a sensitivity run's folder: ``sensitivity.csv``, the chart and ``manifest.json``.

:func:`write_sensitivity` writes the folder complete or not at all; the CSV and
the chart are the same for the same seed and draws, the manifest records the
settings, the infeasible draws, the timings and the package versions.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.analysis.sensitivity import SENSITIVITY_COLUMNS

if TYPE_CHECKING:
    from quota.analysis.sensitivity import SensitivityResult


def format_sensitivity_csv(table: pd.DataFrame) -> str:
    """``sensitivity.csv`` as text: fixed columns, ``p_change`` with 4 decimals, ``\\n`` lines."""
    out = table.loc[:, list(SENSITIVITY_COLUMNS)].copy()
    out["p_change"] = [
        "" if not math.isfinite(v) else f"{v:.4f}" for v in out["p_change"].to_numpy(dtype=float)
    ]
    from quota.outputs.folder import protect_csv_frame

    return protect_csv_frame(out).to_csv(index=False, lineterminator="\n")


def build_sensitivity_manifest(result: SensitivityResult, files: list[str]) -> dict[str, Any]:
    """The run's settings, infeasible draws, timings and package versions."""
    from quota.outputs.folder import package_versions

    return {
        "scenario": result.scenario.name,
        "scenario_file": result.scenario.source,
        "method": result.scenario.method,
        "draws": result.draws,
        "seed": result.seed,
        "concentration": result.concentration,
        "noise": result.noise,
        "infeasible_draws": result.infeasible,
        "workers": result.workers,
        "timings_s": {k: round(v, 4) for k, v in result.timings.items()},
        "versions": package_versions(),
        "files": files,
    }


def write_sensitivity(result: SensitivityResult, folder: Path, *, lang: str = "zh") -> Path:
    """Write ``sensitivity.csv``, ``charts/sensitivity.png`` and ``manifest.json``, complete or not at all."""
    from quota.outputs.charts import write_figure
    from quota.outputs.folder import write_csv_text, write_folder_atomically

    def fill(temp: Path) -> None:
        write_csv_text(temp / "sensitivity.csv", format_sensitivity_csv(result.table))
        (temp / "charts").mkdir()
        write_figure(result.plot(lang=lang), temp / "charts" / "sensitivity.png", lang=lang)
        files = ["charts/sensitivity.png", "manifest.json", "sensitivity.csv"]
        manifest = build_sensitivity_manifest(result, files)
        (temp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    return write_folder_atomically(folder, fill)
