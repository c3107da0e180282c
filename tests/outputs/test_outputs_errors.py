"""Writing outputs when things go wrong: full disk, no permission, a bad --out, temp files."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import quota
from quota.cli import cli
from quota.errors import InputError, OutputError, QuotaError
from quota.outputs import folder as outputs
from quota.outputs import workbook
from quota.results.result import Result
from tests.conftest import REPO, SMALL_CSV, small_scenario, write_scenario

NAME = "small"


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def written(district: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """The small scenario, OUT holding its complete folder, and that folder's bytes."""
    out = tmp_path / "out"
    result = run_cli("run", str(district), "--out", str(out))
    assert result.exit_code == 0, result.output
    return district, out, folder_bytes(out / NAME)


@pytest.fixture(scope="module")
def small_result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    folder = tmp_path_factory.mktemp("district")
    (folder / "streets.csv").write_text(SMALL_CSV, encoding="utf-8")
    return quota.allocate(write_scenario(folder, small_scenario()))


# --------------------------------------------------------------------------
# Full disk and missing permissions
# --------------------------------------------------------------------------


def raise_os_error(code: int) -> Any:
    def writer(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return writer


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT], ids=["ENOSPC", "EDQUOT"])
def test_a_full_disk_is_a_plain_output_error_and_the_old_folder_stays(
    written: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    district, out, before = written
    monkeypatch.setattr(outputs, "write_csv_text", raise_os_error(code))
    result = run_cli("run", str(district), "--out", str(out), "--lang", "en")
    assert result.exit_code == 1
    assert re.search(
        rf"error: the disk is full: about \d+ MB are needed in {re.escape(str(out))};",
        result.output,
    )
    assert "free some space or choose another --out" in result.output
    assert "Traceback" not in result.output
    assert folder_bytes(out / NAME) == before
    assert sorted(os.listdir(out)) == [NAME]


def test_a_full_disk_inside_xlsxwriter_is_found_behind_its_wrapper(
    small_result: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)  # XlsxWriter: FileCreateError(OSError)
    with pytest.raises(OutputError, match=r"^the disk is full: about \d+ MB are needed in "):
        small_result.write(tmp_path / "out" / NAME)
    assert os.listdir(tmp_path / "out") == []


@pytest.mark.parametrize(
    "code", [errno.EACCES, errno.EPERM, errno.EROFS], ids=["EACCES", "EPERM", "EROFS"]
)
def test_no_permission_is_a_plain_output_error_and_the_old_folder_stays(
    written: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    district, out, before = written
    monkeypatch.setattr(workbook, "write_workbook", raise_os_error(code))
    result = run_cli("run", str(district), "--out", str(out), "--lang", "en")
    assert result.exit_code == 1
    expected = f"error: cannot write to {out}: permission denied (read-only folder?)"
    assert expected in result.output
    assert "Traceback" not in result.output
    assert folder_bytes(out / NAME) == before
    assert sorted(os.listdir(out)) == [NAME]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders"
)
def test_a_read_only_out_folder_is_a_plain_output_error(
    written: tuple[Path, Path, dict[str, bytes]],
) -> None:
    district, out, before = written
    out.chmod(0o500)
    try:
        result = run_cli("run", str(district), "--out", str(out), "--lang", "en")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1
    assert f"cannot write to {out}: permission denied (read-only folder?)" in result.output
    assert folder_bytes(out / NAME) == before


def test_output_error_is_a_quota_error_with_exit_code_1() -> None:
    error = outputs.disk_full("out", 3)
    assert isinstance(error, OutputError) and isinstance(error, QuotaError)
    assert error.exit_code == 1
    assert str(error) == (
        "the disk is full: about 3 MB are needed in out; free some space or choose another --out"
    )
    assert str(outputs.permission_denied("out")) == (
        "cannot write to out: permission denied (read-only folder?)"
    )


def test_output_errors_speak_chinese_too() -> None:
    assert outputs.disk_full(Path("out"), 3).render("zh") == [
        "磁盘已满：out 约需 3 MB 空间；请清理磁盘空间，或另选 --out"
    ]
    assert outputs.permission_denied("out").render("zh") == [
        "无法写入 out：没有写入权限（文件夹是否只读？）"
    ]
    with pytest.raises(InputError) as caught:
        outputs.check_output_folder(Path("/dev/null"), NAME)
    assert caught.value.render("zh") == ["--out /dev/null 不是文件夹"]
    assert str(caught.value) == "--out /dev/null is not a folder"


def test_other_system_failures_are_a_sentence_too(small_result: Result, tmp_path: Path) -> None:
    def broken(temp: Path) -> None:
        raise OSError(errno.EIO, "I/O error")

    with pytest.raises(OutputError, match=r"cannot write to .*: I/O error \(errno 5\)"):
        outputs.write_folder_atomically(tmp_path / NAME, broken)
    assert os.listdir(tmp_path) == []


def test_bugs_are_not_dressed_up_as_output_errors(small_result: Result, tmp_path: Path) -> None:
    def broken(temp: Path) -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        outputs.write_folder_atomically(tmp_path / NAME, broken)
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------
# --out that is not a folder
# --------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["/dev/null", "file", "below-file", "/proc", "/proc/self/x"])
def test_out_that_is_not_a_folder_is_refused(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    out = {"file": tmp_path / "file", "below-file": tmp_path / "file" / "sub"}.get(
        where, Path(where)
    )
    with pytest.raises(InputError, match=rf"^--out {out} is not a folder"):
        outputs.check_output_folder(out, NAME)


def test_out_dev_null_is_refused_before_solving(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quota.pipeline

    def no_solving(*args: object, **kwargs: object) -> None:
        raise AssertionError("solved although --out is not a folder")

    monkeypatch.setattr(quota.pipeline, "allocate", no_solving)
    result = run_cli("run", str(district), "--out", "/dev/null", "--lang", "en")
    assert result.exit_code == 2
    assert "error: --out /dev/null is not a folder" in result.output
    assert "Traceback" not in result.output


def test_a_file_in_place_of_the_scenario_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / NAME).write_text("a file", encoding="utf-8")
    with pytest.raises(InputError, match="exists and is not a folder"):
        outputs.check_output_folder(tmp_path, NAME)
    with pytest.raises(InputError, match="exists and is not a folder"):
        outputs.write_folder_atomically(tmp_path / NAME, lambda temp: None)
    assert (tmp_path / NAME).read_text(encoding="utf-8") == "a file"
    assert sorted(os.listdir(tmp_path)) == [NAME]


def test_an_ordinary_out_folder_is_accepted(tmp_path: Path) -> None:
    assert (
        outputs.check_output_folder(tmp_path / "new" / "out", NAME)
        == (tmp_path / "new" / "out" / NAME).resolve()
    )


# --------------------------------------------------------------------------
# Temporary files: only beside the output, none left after a failure
# --------------------------------------------------------------------------


def test_a_run_writes_nothing_to_the_system_temp_folder(district: Path, tmp_path: Path) -> None:
    empty = tmp_path / "tmpdir"
    empty.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(empty), "MPLBACKEND": "Agg", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "quota", "run", str(district), "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert os.listdir(empty) == []
    assert sorted(os.listdir(out)) == [NAME]


def test_a_failing_workbook_leaves_nothing_anywhere(
    small_result: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "tmpdir"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))

    def broken_sheet(*args: object) -> None:
        raise RuntimeError("a sheet failed")

    first, *_ = workbook.SHEET_WRITERS
    monkeypatch.setattr(workbook, "SHEET_WRITERS", (first, broken_sheet))
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="a sheet failed"):
        small_result.write(out / NAME)
    assert os.listdir(empty) == []
    assert os.listdir(out) == []


def test_write_workbook_alone_removes_its_unfinished_file(
    small_result: Result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_sheet(*args: object) -> None:
        raise RuntimeError("a sheet failed")

    first, *_ = workbook.SHEET_WRITERS
    monkeypatch.setattr(workbook, "SHEET_WRITERS", (first, broken_sheet))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "unused"))  # would fail if used
    with pytest.raises(RuntimeError, match="a sheet failed"):
        workbook.write_workbook(small_result, tmp_path / "allocation.xlsx")
    assert os.listdir(tmp_path) == []
