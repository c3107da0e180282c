"""One "did you mean ...?" helper for both of its uses: the table's checks and the scenario's roles.

:func:`quota.config.columns.suggest_header` answers the street table's checks
(cut-off 0.6; a header meaning the same column is the answer outright) and,
through :func:`quota.model.inputs.suggest_column`, the scenario's roles and
indicators (cut-off 0.5, headers also compared through the canonical name the
reader gave their column, known columns only for indicators).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quota.config.columns import suggest_header
from quota.io.table import StreetTable, read_table
from quota.model.inputs import suggest_column

HEADERS = ["街道名称", "常住人口", "内设机构个数", "辖区面积"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("常注人口", "常住人口"),  # a typo
        ("offices", "内设机构个数"),  # through the headers accepted for it
        ("population", "常住人口"),  # the same column outright
        (" 辖区 面积 ", "辖区面积"),  # spaces do not count
        ("hotline_tickets", None),  # nothing close
    ],
)
def test_the_table_checks_use(name: str, expected: str | None) -> None:
    assert suggest_header(name, HEADERS) == expected


def test_nothing_to_choose_from() -> None:
    assert suggest_header("x", []) is None
    assert suggest_header("", HEADERS) is None


def test_the_cut_off_and_the_names_a_header_is_known_as() -> None:
    # staff_admin for onboard_admin needs the roles' lower cut-off
    assert suggest_header("onboard_admin", ["staff_admin"]) is None
    assert suggest_header("onboard_admin", ["staff_admin"], 0.5) == "staff_admin"
    # a header is compared through the canonical name of its column too
    assert suggest_header("populatoin", ["常住人口"], 0.5) is None
    known = {"常住人口": "population"}
    assert suggest_header("populatoin", ["常住人口"], 0.5, known_as=known) == "常住人口"


def test_a_tie_goes_to_the_accepted_header_listed_first() -> None:
    # 编制 matches 行政编制 and 编数制数 matches 行政编制数 equally well (2/3); 行政编制 is
    # listed before 行政编制数 among the headers accepted for current_admin
    for headers in (["编数制数", "编制"], ["编制", "编数制数"]):
        assert suggest_header("current_admin", headers) == "编制"


CSV = (
    "街道,常住人口,辖区面积,12345工单数,现有行政编制,staff_admin\n"
    "东城,100,5,30,10,9\n西城,300,2,50,12,13\n南湖,600,9,20,8,8\n"
)


@pytest.fixture
def table(tmp_path: Path) -> StreetTable:
    path = tmp_path / "d.csv"
    path.write_text(CSV, encoding="utf-8")
    return read_table(path)


def test_the_roles_use(table: StreetTable) -> None:
    # a staff role: only headers the reader did not recognise, at the lower cut-off
    assert suggest_column("onboard_admin", table) == "staff_admin"
    assert suggest_column("staff_admn", table) == "staff_admin"
    # an indicator may be any column, compared through its canonical name too
    assert suggest_column("populaton", table, recognised=True) == "常住人口"
    assert suggest_column("populaton", table) is None
    assert suggest_column("hotline_ticket", table, recognised=True) == "12345工单数"
