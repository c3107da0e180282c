"""Files: regular files only, every read bounded whatever the file system says."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

import quota.io.files as qfiles
from quota.errors import InputError
from quota.io.files import check_file, hash_file, read_bytes_bounded
from quota.io.table import read_table

needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def test_read_bytes_bounded_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"x" * 100)
    assert read_bytes_bounded(path, 100, "matrix") == b"x" * 100


def test_read_bytes_bounded_refuses_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError) as info:
        read_bytes_bounded(
            path, 100, "pairwise-comparison (AHP) matrix", hint="; is it the right file?"
        )
    assert str(info.value) == (
        f"{path}: the file is 101 bytes, larger than the 100 bytes limit for a "
        "pairwise-comparison (AHP) matrix; is it the right file?"
    )


def test_missing_files_and_folders_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"^{tmp_path / 'nope.yaml'}: file not found$"):
        read_bytes_bounded(tmp_path / "nope.yaml", 100, "scenario")
    with pytest.raises(InputError, match="file not found"):
        read_bytes_bounded(tmp_path / "nope" / "deeper.yaml", 100, "scenario")
    with pytest.raises(InputError) as info:
        read_bytes_bounded(tmp_path, 100, "scenario")
    assert str(info.value) == (
        f"{tmp_path}: this is a folder, not a file; give the path of the scenario itself"
    )


@needs_posix
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "streets.csv"
    os.mkfifo(pipe)
    for call in (
        lambda: read_bytes_bounded(pipe, 100, "street table"),
        lambda: check_file(pipe),
        lambda: read_table(pipe),
    ):
        with pytest.raises(InputError) as info:
            call()
        assert str(info.value) == (
            f"{pipe}: this is a named pipe (FIFO), not a file; save the street table as a file "
            "and give its path"
        )


@needs_posix
def test_devices_are_refused(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    for path in (Path("/dev/zero"), link):
        with pytest.raises(InputError, match=r"this is a device, not a file"):
            read_table(path)
        with pytest.raises(InputError, match=r"this is a device, not a file"):
            hash_file(path)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_the_size_the_file_system_reports_is_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path("/proc/self/maps")  # a regular file that reports 0 bytes but holds more
    assert path.stat().st_size == 0
    with pytest.raises(InputError) as info:
        read_bytes_bounded(path, 100, "street table")
    assert str(info.value) == (
        f"{path}: the file is larger than the 100 bytes limit for a street table"
    )
    monkeypatch.setattr(qfiles, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError, match="larger than the 100 bytes limit for a street table"):
        read_table(path)
    with pytest.raises(InputError, match="larger than the 100 bytes limit"):
        hash_file(path, limit=100)


def test_a_file_that_grows_after_the_size_check_is_still_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("街道,人口\n" + "甲,1\n" * 100, encoding="utf-8")
    real_stat = Path.stat

    def small_stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(self, *args, **kwargs)  # type: ignore[arg-type]
        if self == path:  # what the size was when first looked at
            return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))
        return info

    monkeypatch.setattr(Path, "stat", small_stat)
    monkeypatch.setattr(qfiles, "MAX_FILE_BYTES", 50)
    with pytest.raises(InputError, match="larger than the 50 bytes limit for a street table"):
        read_table(path)


def test_the_table_is_read_once_and_hashed_from_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("街道,人口\n甲,1\n", encoding="utf-8")
    calls: list[Path] = []
    real = qfiles.read_bytes_bounded

    def counting(file: Path, limit: int, what: str, *, hint: str = "") -> bytes:
        calls.append(file)
        return real(file, limit, what, hint=hint)

    monkeypatch.setattr(qfiles, "read_bytes_bounded", counting)
    table = read_table(path)
    assert calls == [path]
    assert table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() == hash_file(path)


def test_a_workbook_is_read_from_the_bytes_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["街道", "人口"])
    sheet.append(["甲", "=SUM(3,4)"])  # a formula: the workbook is loaded twice
    path = tmp_path / "t.xlsx"
    book.save(path)
    calls: list[Path] = []
    real = qfiles.read_bytes_bounded

    def counting(file: Path, limit: int, what: str, *, hint: str = "") -> bytes:
        calls.append(file)
        return real(file, limit, what, hint=hint)

    monkeypatch.setattr(qfiles, "read_bytes_bounded", counting)
    table = read_table(path)
    assert calls == [path]
    assert table.streets == ["甲"]
