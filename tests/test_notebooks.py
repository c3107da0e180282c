"""The analysts' notebooks (issue 8) are documentation that runs.

Every notebook in ``notebooks/`` is executed top to bottom in a fresh kernel on the
bundled data, from the ``notebooks/`` folder, with ``MPLBACKEND=Agg``; a cell that raises
fails the test and the message names the cell. The notebooks are committed without
outputs, and running them writes nothing into ``notebooks/`` (they write into temporary folders).

The kernel is this interpreter: a ``python3`` kernelspec written for ``sys.executable``
into a temporary folder, so that a ``python3`` kernelspec elsewhere on the machine (say,
in ``~/.local/share/jupyter``, pointing at another Python) cannot be picked instead of
the virtual environment the tests run in.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from tests.conftest import REPO

NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = [
    "01_quickstart.ipynb",
    "02_weights_and_sensitivity.ipynb",
    "03_scenarios_and_transition.ipynb",
    "04_methods.ipynb",
]
#: seconds one cell may take before the run fails
CELL_TIMEOUT = 120
KERNEL_NAME = "python3"


def list_files(folder: Path) -> set[str]:
    """Files under ``folder`` (relative paths), leaving out caches Jupyter may write."""
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and ".ipynb_checkpoints" not in path.parts
    }


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a ``python3`` kernelspec that starts this interpreter."""
    folder = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(folder / KERNEL_NAME)
    return folder


def test_every_notebook_is_tested() -> None:
    assert [path.name for path in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == KERNEL_NAME
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {index} has outputs; clear them"
            assert cell.execution_count is None, f"{path.name}: cell {index} has an execution count"


def test_kernel_is_this_interpreter(kernel_dir: Path) -> None:
    spec = KernelSpecManager(kernel_dirs=[str(kernel_dir)]).get_kernel_spec(KERNEL_NAME)
    assert spec.argv[0] == sys.executable
    assert spec.language == "python"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_top_to_bottom(
    path: Path, kernel_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    before = list_files(NOTEBOOK_DIR)
    notebook = nbformat.read(path, as_version=4)
    manager = AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)]),
    )
    client = NotebookClient(
        notebook,
        km=manager,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error

    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    assert all(cell.execution_count for cell in notebook.cells if cell.cell_type == "code")
    after = list_files(NOTEBOOK_DIR)
    assert after == before, f"{path.name} wrote into the repository: {sorted(after - before)}"
