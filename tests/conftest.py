"""Shared fixtures: a small district written to a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ.setdefault("MPLBACKEND", "Agg")

SMALL_CSV = """街道名称,常住人口,辖区面积,权责清单事项数,执法案件数,内设机构数,事业单位数,现有行政编制,现有事业编制,行政实有人数,事业实有人数
东城街道,86000,6.5,212,640,6,3,28,40,27,38
西城街道,54000,4.1,205,410,6,3,24,34,25,33
南湖街道,121000,18.7,218,890,6,3,30,44,29,41
北山街道,23000,46.2,190,150,5,3,20,28,21,26
滨江街道,68000,9.8,210,520,6,3,26,38,24,35
"""


def small_scenario(data: str = "streets.csv", **overrides: Any) -> dict[str, Any]:
    """A feasible two-kind scenario over SMALL_CSV."""
    scenario: dict[str, Any] = {
        "name": "small",
        "title": "测试方案",
        "data": data,
        "kinds": {
            "admin": {
                "pool": 140,
                "turnover_share": 0.05,
                "base": {"per_office": 2, "leaders": 5},
                "indicators": {"population": 0.5, "area_km2": 0.2, "duty_items": 0.3},
                "max_change": 8,
            },
            "institutional": {
                "pool": 190,
                "turnover_share": 0.05,
                "base": {"per_unit": 6},
                "indicators": {"population": 0.4, "enforcement_cases": 0.6},
            },
        },
    }
    scenario.update(overrides)
    return scenario


def write_scenario(folder: Path, scenario: dict[str, Any], name: str = "small.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """A folder with streets.csv (UTF-8) and small.yaml; returns the scenario path."""
    (tmp_path / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    return write_scenario(tmp_path, small_scenario())


REPO = Path(__file__).resolve().parents[1]
