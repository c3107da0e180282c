"""Templates for ``quota init``: a street table with Chinese headers and a commented scenario.

With ``form=True`` the folder also gets the collection form (填报表, see
:mod:`quota.outputs.form`) and the scenario reads its data from it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from quota.errors import InputError
from quota.locale import msg

#: template file -> place inside the new folder
TEMPLATE_FILES = {
    "streets.csv": Path("data/streets.csv"),
    "baseline.yaml": Path("scenarios/baseline.yaml"),
}
#: the scenario template's data line (the street table, relative to the scenario)
DATA_LINE = "data: ../data/streets.csv"


def form_path(folder: Path, lang: str = "zh") -> Path:
    """Where ``quota init --xlsx`` puts the form: ``data/填报表.xlsx`` (English: ``collection-form.xlsx``)."""
    from quota.locale import check_lang
    from quota.outputs.form import FORM_FILE_NAMES

    return folder / "data" / FORM_FILE_NAMES[check_lang(lang)]


def point_scenario_at(text: str, data: str) -> str:
    """The scenario template with its ``data:`` line naming ``data`` (relative to the scenario)."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith(DATA_LINE):
            comment = (
                "# 填报表，各街道填好后即可运行 / the collection form, run once it is filled in"
            )
            lines[number] = f"{f'data: {data}':<36}{comment}\n"
            return "".join(lines)
    raise RuntimeError(f"the scenario template has no line starting with {DATA_LINE!r}")


def write_template(folder: Path, *, form: bool = False, lang: str = "zh") -> list[Path]:
    """Create ``folder`` with the template files; refuse a folder that has files in it.

    Parameters
    ----------
    folder : pathlib.Path
        The new working folder.
    form : bool
        Also write the collection form (:func:`form_path`) and point the
        scenario's ``data:`` at it; ``data/streets.csv`` stays as an example of
        filled-in figures.
    lang : {"zh", "en"}
        Language of the form's headers (only with ``form``).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(msg("io.init_folder_not_empty", folder=folder))
    sheet = form_path(folder, lang) if form else None
    written = []
    for name, relative in TEMPLATE_FILES.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        content = resources.files(__package__).joinpath(name).read_bytes()
        if sheet is not None and name == "baseline.yaml":
            text = point_scenario_at(content.decode("utf-8"), f"../data/{sheet.name}")
            content = text.encode("utf-8")
        target.write_bytes(content)
        written.append(target)
    if sheet is not None:
        from quota.outputs.form import write_collection_form

        written.append(write_collection_form(sheet, lang=lang))
    return written
