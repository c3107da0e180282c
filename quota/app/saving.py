"""Save the meeting as a scenario that ``extends:`` the loaded one, and export its outputs.

The saved file holds only what the meeting changed (the overridden keys, in
the loaded file's spelling) and, when they changed, the decisions; everything
else comes from the loaded scenario through ``extends``. Before the file is
kept it is loaded with :func:`quota.load_scenario` and solved with
:func:`quota.allocate`, as ``quota run`` would, and every street's total is
compared with the page's: a file that would not reproduce the meeting's numbers
is removed and the save fails.

"Export" writes ``OUT/<name>/`` with the same writers as ``quota run``
(:meth:`quota.results.result.Result.write`): of the saved scenario when the
meeting changed something (it saves first when the state is not saved yet),
else of the loaded one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from quota.app.state import Meeting, count_changes
from quota.config.decisions import Decision
from quota.config.reading import describe_reason
from quota.config.scenario import load_scenario
from quota.config.schema import MAX_TITLE, Scenario
from quota.errors import InputError, Msg, OutputError, SolverError
from quota.locale import label, msg
from quota.results.result import Result

#: a saved file's name: a scenario name (letters, digits, _ - .) and .yaml
_NAME = re.compile(r"^[\w\-.]+\.ya?ml$", re.UNICODE)


@dataclass(frozen=True)
class Saved:
    """A scenario file written by "Save", its scenario and its solved result."""

    path: Path
    scenario: Scenario
    result: Result
    message: Msg


@dataclass(frozen=True)
class Exported:
    """The output folder "Export" wrote, and what to tell the user."""

    folder: Path
    messages: tuple[Msg, ...]


def default_save_name(meeting: Meeting) -> str:
    """``<loaded name>-meeting-<n>.yaml``, the first one not taken in the scenario's folder."""
    folder = meeting.path.parent
    n = 1
    while (folder / f"{meeting.loaded.name}-meeting-{n}.yaml").exists():
        n += 1
    return f"{meeting.loaded.name}-meeting-{n}.yaml"


def check_save_name(name: str) -> str:
    """A file name for "Save": no folders, ``.yaml`` added when missing.

    Raises
    ------
    InputError
        A name with a folder, or that cannot be a scenario name.
    """
    clean = name.strip()
    if clean and not clean.lower().endswith((".yaml", ".yml")):
        clean += ".yaml"
    stem = clean.rsplit(".", 1)[0]
    if (
        not _NAME.match(clean)
        or stem.strip(".") == ""
        or stem.startswith(".")
        or len(stem.encode("utf-8")) > 200
    ):
        raise InputError(msg("cli.serve.save_name", name=name))
    return clean


def _decision_entry(decision: Decision) -> dict[str, Any]:
    entry = decision.model_dump(exclude_none=True, exclude_defaults=True)
    entry.pop("origin", None)
    return {"street": decision.street, "kind": decision.kind, **entry}


def saved_mapping(meeting: Meeting, path: Path, lang: str) -> dict[str, Any]:
    """What a saved file holds: name, title, ``extends``, the changed keys, the decisions."""
    loaded = meeting.loaded
    title = label("app.meeting_title", lang).format(title=loaded.title or loaded.name)
    raw: dict[str, Any] = {
        "name": path.name.rsplit(".", 1)[0],
        "title": title[:MAX_TITLE],
        "extends": Path(os.path.relpath(meeting.path, path.parent)).as_posix(),
    }
    raw.update(meeting.overrides)
    before = [d.model_dump_json() for d in loaded.decisions]
    now = [d.model_dump_json() for d in meeting.decisions]
    if before != now:
        raw["decisions"] = [_decision_entry(d) for d in meeting.decisions]
    return raw


def _write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist yet (complete or not at all)."""
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temp.write_text(text, encoding="utf-8")
        os.link(temp, path)
    except FileExistsError:
        raise InputError(msg("cli.serve.save_exists", path=path)) from None
    except OSError as exc:
        raise OutputError(
            msg("cli.serve.save_failed", path=path, reason=describe_reason(exc))
        ) from None
    finally:
        temp.unlink(missing_ok=True)


def _compare(meeting: Meeting, result: Result, path: Path) -> None:
    """Every street's total of the file's result is the page's, or the save fails."""
    table = result.table
    for kind, totals in meeting.solved.totals.items():
        file_totals = table.loc[table["kind"] == kind, "total"].to_numpy(dtype=np.int64)
        differ = np.flatnonzero(file_totals != np.asarray(totals))
        if len(file_totals) != len(totals) or len(differ):
            i = int(differ[0]) if len(differ) else 0
            raise SolverError(
                msg(
                    "cli.serve.save_mismatch",
                    path=path,
                    street=meeting.streets[i],
                    kind=kind,
                    page=int(totals[i]),
                    file=int(file_totals[i]) if i < len(file_totals) else "—",
                )
            )


def save_meeting(meeting: Meeting, name: str, lang: str = "zh") -> Saved:
    """Write the meeting as a new scenario next to the loaded one, and check it reproduces.

    Raises
    ------
    InputError
        The state cannot be solved, the name cannot be used or the file exists.
    SolverError
        The saved file solves to other numbers than the page shows (the file is removed).
    """
    import yaml

    from quota.pipeline import allocate

    if not meeting.feasible:
        raise InputError(msg("cli.serve.save_infeasible"))
    path = meeting.path.parent / check_save_name(name)
    raw = saved_mapping(meeting, path, lang)
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)
    _write_new(path, text)
    try:
        scenario = load_scenario(path)
        result = allocate(scenario)
        _compare(meeting, result, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    meeting.mark_saved(path)
    return Saved(path, scenario, result, msg("cli.serve.saved", path=path))


def export_outputs(meeting: Meeting, out_dir: Path, lang: str = "zh") -> Exported:
    """Write the full output folder of the meeting's state, as ``quota run`` does.

    Raises
    ------
    InputError
        The state cannot be solved, or the output folder cannot be used.
    """
    from quota.outputs.folder import check_output_folder
    from quota.pipeline import allocate

    if not meeting.feasible:
        raise InputError(msg("cli.serve.save_infeasible"))
    messages: list[Msg] = []
    if count_changes(meeting) == 0:
        scenario = meeting.loaded
        result = allocate(scenario)
    elif meeting.saved_path is not None and meeting.saved is meeting.solved:
        scenario = load_scenario(meeting.saved_path)
        result = allocate(scenario)
    else:
        saved = save_meeting(meeting, default_save_name(meeting), lang)
        messages.append(saved.message)
        scenario, result = saved.scenario, saved.result
    target = check_output_folder(out_dir, scenario.name)
    folder = result.write(target, lang=lang)
    messages.append(msg("cli.serve.exported", path=folder))
    return Exported(folder, tuple(messages))
