"""Templates for ``quota init``: a street table with Chinese headers and a commented scenario."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from quota.errors import InputError

#: template file -> place inside the new folder
TEMPLATE_FILES = {
    "streets.csv": Path("data/streets.csv"),
    "baseline.yaml": Path("scenarios/baseline.yaml"),
}


def write_template(folder: Path) -> list[Path]:
    """Create ``folder`` with the template files; refuse a folder that has files in it."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: exists and is not empty; choose a new folder")
    written = []
    for name, relative in TEMPLATE_FILES.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(resources.files(__package__).joinpath(name).read_bytes())
        written.append(target)
    return written
