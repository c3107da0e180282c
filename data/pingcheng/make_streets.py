"""Write the Pingcheng example street table, ``streets.xlsx`` and ``streets.csv``.

The figures are invented to be plausible (see ``data/README.md``): 18 streets
as after Pingcheng's 2021 boundary reform (3 townships + 13 streets became 18
streets), 145 communities of about 3,000 households each, 5 party and
government offices (4 in two small streets that merged offices) and 3
public-service units per street.

Deterministic: the rows are literal, and the workbook's creation date is fixed,
so re-running the script reproduces both files byte for byte::

    python data/pingcheng/make_streets.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent

#: (Chinese header, canonical name), in column order
COLUMNS: tuple[tuple[str, str], ...] = (
    ("街道名称", "street"),
    ("常住人口", "population"),
    ("户籍人口", "registered_population"),
    ("户数", "households"),
    ("辖区面积", "area_km2"),
    ("社区数", "communities"),
    ("网格数", "grids"),
    ("权责清单事项数", "duty_items"),
    ("执法案件数", "enforcement_cases"),
    ("12345工单数", "hotline_tickets"),
    ("市场主体数", "enterprises"),
    ("内设机构数", "offices"),
    ("事业单位数", "units"),
    ("现有行政编制", "current_admin"),
    ("现有事业编制", "current_institutional"),
    ("行政实有人数", "onboard_admin"),
    ("事业实有人数", "onboard_institutional"),
)

Row = tuple[str, int, int, int, float, int, int, int, int, int, int, int, int, int, int, int, int]

#: one row per street, in the columns above; area in km2, everything else counts
ROWS: tuple[Row, ...] = (
    ("古城街道", 58400, 65400, 23640, 3.3, 8, 82, 158, 260, 8820, 8290, 5, 3, 31, 37, 29, 35),
    ("北关街道", 71800, 77500, 28840, 4.6, 9, 99, 161, 296, 9980, 8470, 5, 3, 32, 38, 30, 36),
    ("南关街道", 80900, 84900, 32230, 5.2, 10, 111, 163, 322, 11080, 9790, 5, 3, 29, 31, 26, 28),
    ("新华街街道", 63700, 70100, 26000, 3.9, 8, 90, 159, 275, 9300, 8660, 5, 3, 29, 34, 27, 31),
    ("向阳里街道", 86200, 87900, 34070, 4.8, 11, 117, 162, 318, 11030, 8960, 5, 3, 28, 30, 25, 26),
    ("新建南路街道", 75600, 74100, 30000, 5.6, 9, 103, 160, 290, 9900, 9600, 5, 3, 26, 29, 24, 26),
    ("新建北路街道", 67900, 68600, 27160, 4.1, 8, 94, 158, 255, 8760, 7600, 5, 3, 25, 28, 23, 25),
    ("老平旺街道", 87600, 85000, 34220, 7.4, 10, 118, 164, 308, 10690, 8410, 5, 3, 27, 30, 25, 27),
    ("大庆路街道", 52800, 54400, 20790, 6.3, 6, 72, 157, 178, 6230, 4650, 5, 3, 23, 26, 21, 23),
    ("振华街道", 78900, 75700, 30940, 6.8, 9, 107, 161, 285, 9780, 7970, 5, 3, 26, 29, 24, 26),
    ("开源街道", 70600, 65700, 27470, 9.6, 8, 95, 163, 245, 8260, 7700, 5, 3, 25, 28, 23, 25),
    ("新旺街道", 45900, 41800, 17520, 22.5, 6, 60, 176, 144, 4770, 3810, 5, 3, 22, 26, 20, 23),
    ("和阳街道", 57800, 54300, 22400, 11.2, 7, 77, 166, 192, 6470, 5430, 5, 3, 23, 27, 21, 24),
    ("曙光街道", 36900, 38400, 14640, 8.7, 5, 50, 154, 120, 4020, 2920, 4, 3, 20, 24, 19, 22),
    ("站东街道", 30800, 33000, 12370, 6.1, 4, 43, 152, 118, 3730, 2990, 4, 3, 19, 23, 18, 21),
    ("迎宾街道", 65800, 60500, 25500, 13.4, 8, 88, 167, 230, 7500, 7700, 5, 3, 24, 28, 22, 25),
    ("马军营街道", 23600, 27400, 8710, 58.7, 4, 30, 186, 66, 2030, 1440, 5, 3, 22, 25, 20, 23),
    (
        "水泊寺街道",
        117800,
        101300,
        45130,
        41.2,
        15,
        156,
        183,
        396,
        12840,
        14840,
        5,
        3,
        31,
        32,
        27,
        28,
    ),
)

SHEET_NAME = "街道基础数据"
#: fixed so that the workbook is reproducible byte for byte
CREATED = dt.datetime(2021, 3, 2)


def write_xlsx(path: Path, rows: tuple[Row, ...]) -> None:
    """Write the rows with a one-row Chinese header to the first sheet of ``path``.

    Parameters
    ----------
    path : Path
        Output workbook.
    rows : tuple of Row
        Street rows in :data:`COLUMNS` order.
    """
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": "平城区街道基础数据（示例）", "created": CREATED})
    sheet = workbook.add_worksheet(SHEET_NAME)
    header = workbook.add_format({"bold": True, "align": "center", "border": 1})
    integer = workbook.add_format({"num_format": "0", "border": 1})
    decimal = workbook.add_format({"num_format": "0.0", "border": 1})
    text = workbook.add_format({"border": 1})
    for col, (zh, _) in enumerate(COLUMNS):
        sheet.write_string(0, col, zh, header)
        sheet.set_column(col, col, 14 if col == 0 else 12)
    for r, row in enumerate(rows, start=1):
        sheet.write_string(r, 0, row[0], text)
        for col, value in enumerate(row[1:], start=1):
            sheet.write_number(r, col, value, decimal if col == 4 else integer)
    sheet.freeze_panes(1, 1)
    workbook.close()


def write_csv(path: Path, rows: tuple[Row, ...]) -> None:
    """Write the rows as UTF-8 CSV with the canonical English header.

    Parameters
    ----------
    path : Path
        Output CSV.
    rows : tuple of Row
        Street rows in :data:`COLUMNS` order.
    """
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([name for _, name in COLUMNS])
        for row in rows:
            writer.writerow([f"{v:.1f}" if i == 4 else v for i, v in enumerate(row)])


def main() -> None:
    """Write ``streets.xlsx`` and ``streets.csv`` next to this script."""
    write_xlsx(HERE / "streets.xlsx", ROWS)
    write_csv(HERE / "streets.csv", ROWS)


if __name__ == "__main__":
    main()
