"""Reading an AHP matrix file: the encodings a street table may have, and a bounded read."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

from quota.errors import InputError
from quota.methods.ahp_file import MAX_MATRIX_BYTES, read_ahp_matrix

CSV = "指标,常住人口,辖区面积,权责清单事项数\n常住人口,1,3,2\n辖区面积,1/3,1,1/2\n权责清单事项数,1/2,2,1\n"
EXPECTED = [[1.0, 3.0, 2.0], [1 / 3, 1.0, 0.5], [0.5, 2.0, 1.0]]
NAMES = ["常住人口", "辖区面积", "权责清单事项数"]


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "gb18030"]
)
def test_csv_in_every_encoding_of_a_street_table(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "matrix.csv"
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + CSV.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + CSV.encode("utf-16-be")
    else:
        data = CSV.encode(encoding)
    path.write_bytes(data)
    names, matrix = read_ahp_matrix(path)
    assert names == NAMES
    np.testing.assert_allclose(matrix, EXPECTED)


def test_yaml_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "matrix.yaml"
    text = "indicators: [常住人口, 辖区面积]\nmatrix: [[1, 3], [1/3, 1]]\n"
    path.write_bytes(text.encode("utf-16"))
    names, matrix = read_ahp_matrix(path)
    assert names == ["常住人口", "辖区面积"]
    np.testing.assert_allclose(matrix, [[1.0, 3.0], [1 / 3, 1.0]])


def test_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(CSV.encode("utf-8") + b"," * (MAX_MATRIX_BYTES + 1 - len(CSV.encode())))
    with pytest.raises(
        InputError,
        match=r"big.csv: the file is .*larger than the 1.0 MB limit for a pairwise-comparison \(AHP\) matrix; a 15 x 15",
    ):
        read_ahp_matrix(path)
    exactly = tmp_path / "exact.csv"
    body = CSV.encode("utf-8")
    exactly.write_bytes(body + b"\n" * (MAX_MATRIX_BYTES - len(body)))
    assert read_ahp_matrix(exactly)[0] == NAMES
    assert MAX_MATRIX_BYTES == 1024 * 1024


def test_a_folder_is_not_a_matrix(tmp_path: Path) -> None:
    folder = tmp_path / "m.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="m.csv: this is a folder, not a file"):
        read_ahp_matrix(folder)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and pipes")
def test_devices_and_pipes_are_refused_without_reading_them(tmp_path: Path) -> None:
    endless = tmp_path / "zero.csv"
    endless.symlink_to("/dev/zero")  # read_bytes() would never return
    with pytest.raises(InputError, match="zero.csv: this is a device, not a file"):
        read_ahp_matrix(endless)
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    with pytest.raises(InputError, match=r"pipe.yaml: this is a named pipe \(FIFO\), not a file"):
        read_ahp_matrix(pipe)


def test_undecodable_and_binary_files(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"\x81\x30\xff\xfe\x00\x80" * 10)  # not UTF-8, not GB18030
    with pytest.raises(InputError, match="cannot decode the AHP matrix"):
        read_ahp_matrix(path)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"a,b\x00\n")
    with pytest.raises(InputError, match="binary data"):
        read_ahp_matrix(binary)


def test_yaml_entries_must_be_numbers_or_fractions(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("indicators: [a, b]\nmatrix: [[1, [2]], [0.5, 1]]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cell \(a, b\) must be a number or a fraction"):
        read_ahp_matrix(path)
    names = tmp_path / "n.yaml"
    names.write_text("indicators: [a, [b]]\nmatrix: [[1, 2], [0.5, 1]]\n", encoding="utf-8")
    with pytest.raises(InputError, match="'indicators' must be a list of names"):
        read_ahp_matrix(names)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="none.yaml: file not found"):
        read_ahp_matrix(tmp_path / "none.yaml")
    with pytest.raises(InputError, match="AHP matrix file not found"):
        read_ahp_matrix(tmp_path / "none.txt")
