"""Write a result's output folder: complete or not at all.

Files are written into a temporary sibling folder which replaces the target
only once everything is in it; a failure leaves the previous folder as it was.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from quota.errors import InputError
from quota.schema import RESULT_COLUMNS

if TYPE_CHECKING:
    from quota.result import Result

_FLOAT_FORMATS = {"score": "{:.6f}", "ideal": "{:.4f}"}


def format_allocation_csv(table: pd.DataFrame) -> str:
    """The allocation table as CSV text: canonical columns, fixed float formats, ``\\n`` lines."""
    out = table.loc[:, list(RESULT_COLUMNS)].copy()
    for column, fmt in _FLOAT_FORMATS.items():
        out[column] = [fmt.format(v) for v in out[column].to_numpy(dtype=float)]
    return out.to_csv(index=False, lineterminator="\n")


def write_csv_text(path: Path, text: str) -> None:
    """Write UTF-8 with BOM (Excel opens it with Chinese intact)."""
    path.write_bytes(("\ufeff" + text).encode("utf-8"))


def package_versions() -> dict[str, str]:
    """Versions of the packages a result depends on."""
    versions = {"python": platform.python_version()}
    for name in (
        "quota",
        "pulp",
        "highspy",
        "pandas",
        "numpy",
        "matplotlib",
        "XlsxWriter",
        "pydantic",
    ):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build_manifest(result: Result, files: list[str]) -> dict[str, Any]:
    """The manifest: resolved scenario, input hashes, versions, status, objective, timings."""
    scenario = result.scenario.model_dump(mode="json")
    kinds = result.kinds.astype(object).where(result.kinds.notna(), None).to_dict(orient="records")
    return {
        "scenario": scenario,
        "inputs": {
            "data": {
                "path": str(result.data.path),
                "sheet": result.data.sheet,
                "sha256": result.data.sha256,
            },
            "scenario_file": _hash_scenario(result.scenario.source),
        },
        "versions": package_versions(),
        "platform": {
            "system": platform.system(),
            "machine": platform.machine(),
            "python": sys.version.split()[0],
        },
        "status": result.status,
        "objective": float(result.kinds["objective"].sum()),
        "kinds": kinds,
        "weights": {
            kind: {
                "method": wr.method,
                "weights": {name: round(float(w), 10) for name, w in wr.weights.items()},
                "details": {key: round(float(v), 10) for key, v in wr.details.items()},
                "transforms": result.transforms.get(kind, {}),
            }
            for kind, wr in result.weights.items()
        },
        "notices": list(result.notices),
        "timings_s": {k: round(v, 4) for k, v in result.timings.items()},
        "files": files,
    }


def _hash_scenario(source: str | None) -> dict[str, str] | None:
    if not source:
        return None
    from quota.io import hash_file

    path = Path(source)
    if not path.exists():
        return None
    return {"path": str(path), "sha256": hash_file(path)}


def check_output_folder(out_dir: Path, name: str) -> Path:
    """The scenario's folder inside ``out_dir``; refuse names that would escape it."""
    target = (out_dir / name).resolve()
    if target.parent != out_dir.resolve() or name in ("", ".", ".."):
        raise InputError(f"scenario name {name!r} cannot be used as a folder name inside {out_dir}")
    return target


def write_folder_atomically(target: Path, fill: Callable[[Path], None]) -> Path:
    """Create ``target`` by letting ``fill`` write into a temporary folder, then renaming it.

    A previous ``target`` is replaced only after ``fill`` succeeded.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    try:
        fill(temp)
        if target.exists():
            target.rename(old)
        temp.rename(target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return target


def write_result(result: Result, folder: Path, *, lang: str = "zh") -> Path:
    """Write every output file of a result into ``folder`` (complete or not at all)."""

    def fill(temp: Path) -> None:
        files: list[str] = []
        write_csv_text(temp / "allocation.csv", format_allocation_csv(result.table))
        files.append("allocation.csv")
        from quota.workbook import write_workbook

        write_workbook(result, temp / "allocation.xlsx", lang=lang)
        files.append("allocation.xlsx")
        files += write_extras(result, temp, lang=lang)
        manifest = build_manifest(result, sorted(files))
        (temp / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
            encoding="utf-8",
        )

    return write_folder_atomically(folder, fill)


def write_extras(result: Result, folder: Path, *, lang: str) -> list[str]:
    """Charts and reports; returns the relative paths written."""
    from quota.plot import write_charts

    written = [
        p.relative_to(folder).as_posix() for p in write_charts(result.table, folder, lang=lang)
    ]
    from quota.report import write_reports

    written += [p.relative_to(folder).as_posix() for p in write_reports(result, folder, lang=lang)]
    return written
