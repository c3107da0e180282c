"""The meeting page in NiceGUI: settings on the left, the allocation, charts and decisions.

Every page open on the server shows the same :class:`~quota.app.state.Meeting`
(one meeting, one state): a change made on one is re-solved once and shown on
all. The numbers and words come from :mod:`quota.app.view`; this module only
lays them out and turns clicks and typed numbers into calls of the meeting.
Nothing here loads anything from another host: NiceGUI serves Vue, Quasar,
ECharts and the fonts from its own package.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# the page is NiceGUI through and through; only `quota serve` imports it, when it runs
from nicegui import run, ui

from quota.app.controls import KindControls
from quota.app.saving import default_save_name, export_outputs, save_meeting
from quota.app.state import Meeting
from quota.app.view import MeetingView, build_view, signed
from quota.errors import QuotaError
from quota.locale import kind_label, label

#: the page's own style: the table's signs, pinned rows, a CJK font stack (no web fonts)
CSS = """
body { font-family: Roboto, "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       "PingFang SC", "WenQuanYi Micro Hei", sans-serif; }
.quota-table thead tr th { position: sticky; top: 0; z-index: 1; background: #f5f7fa; }
.quota-table td, .quota-table th { padding: 2px 8px !important; height: 28px !important; }
.quota-cut { background: #fde2e1; color: #b3261e; font-weight: 600; }
.quota-plus { color: #1f5fa8; }
.quota-minus { color: #b3261e; }
.quota-total-row td { font-weight: 700; background: #eef2f7; }
.quota-pinned { font-weight: 700; }
.quota-problem { border-left: 4px solid #b3261e; background: #fdecea; }
"""

#: one row of the allocation table: totals row bold, decided streets pinned, cuts against
#: current quotas shaded, the other differences in blue (more) or red (fewer); a click on a
#: street's row asks what the committee decides for it
ROW_SLOT = r"""
<q-tr :props="props" :class="props.row.i < 0 ? 'quota-total-row' : 'cursor-pointer'"
      @click="() => { if (props.row.i >= 0) $parent.$emit('pick', props.row.i) }">
  <q-td v-for="col in props.cols" :key="col.name" :props="props"
        :class="props.row.i < 0 ? '' :
                col.name === 'change' ? (props.row.change_n < 0 ? 'quota-cut' : '') :
                ['vs_loaded', 'vs_saved', 'vs_proposal', 'vacancy'].includes(col.name) ?
                  (props.row[col.name + '_n'] < 0 ? 'quota-minus' :
                   props.row[col.name + '_n'] > 0 ? 'quota-plus' : '') :
                col.name === 'street' && props.row.pinned ? 'quota-pinned' : ''">
    <q-icon v-if="col.name === 'street' && props.row.pinned" name="push_pin" size="xs"
            color="primary" class="q-mr-xs"></q-icon>{{ col.value }}
  </q-td>
</q-tr>
"""


def tell_problem(exc: QuotaError, lang: str) -> None:
    """Show an error's sentences as notifications (no traceback, nothing changed)."""
    for line in exc.render(lang):
        ui.notify(line, type="negative", multi_line=True, timeout=10000)


@dataclass
class Hub:
    """The meeting shared by every open page, and the pages to refresh after a change."""

    meeting: Meeting
    lang: str
    out_dir: Path
    pages: list[MeetingPage] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: seconds the last change took on the server: solve and build the view
    last_seconds: float = 0.0
    #: changes sent and not yet shown (the one being solved included)
    queued: int = 0

    async def change(self, action: Callable[[], Any]) -> None:
        """Run one change of the meeting (in a worker thread) and refresh every page."""
        self.queued += 1
        try:
            async with self.lock:
                started = time.perf_counter()
                version = self.meeting.version
                failed = False
                try:
                    await run.io_bound(action)
                except QuotaError as exc:
                    tell_problem(exc, self.lang)
                    failed = True
                # the same value again (Enter, then leaving the field) changes nothing:
                # redrawing then could swallow the click that made the field lose focus
                if failed or self.meeting.version != version:
                    self.refresh(started)
        finally:
            self.queued -= 1

    @property
    def busy(self) -> bool:
        """Whether more changes wait behind the one being shown."""
        return self.queued > 1

    def refresh(self, started: float | None = None) -> None:
        """Show the meeting's state on every open page."""
        started = time.perf_counter() if started is None else started
        views: dict[tuple[tuple[str, str], ...], MeetingView] = {}
        for page in list(self.pages):
            key = tuple(sorted(page.searches.items()))
            if key not in views:
                views[key] = build_view(self.meeting, self.lang, dict(page.searches))
            self.last_seconds = time.perf_counter() - started
            page.show(views[key], self.last_seconds)


class KindPanel:
    """The allocation of one kind: totals, the table, the charts, the fairness figures."""

    def __init__(self, page: MeetingPage, kind: str) -> None:
        self.page = page
        self.kind = kind
        lang = page.lang
        view = page.first_view.kinds[kind]
        self.balance = ui.label(view.balance).classes(
            f"quota-balance-{kind} text-subtitle1 text-weight-medium"
        )
        self.balance.mark(f"balance-{kind}")
        self.split = ui.label(view.split).classes("text-body2 text-grey-8")
        self.note = ui.label(view.note).classes("text-caption text-grey-8")
        self.note.set_visibility(view.aggregated)
        if view.aggregated:
            search = ui.input(label("app.search", lang)).props("dense outlined clearable")
            search.classes("w-64").mark(f"search-{kind}")
            search.on("keydown.enter", lambda: page.search(kind, search.value or ""))
            search.on("clear", lambda: page.search(kind, ""))
        ui.label(label("app.click_hint", lang)).classes("text-caption text-grey-7")
        self.table = (
            ui.table(
                columns=view.columns,
                rows=[*view.rows, view.total_row],
                row_key="i",
                pagination=0,
            )
            .classes(f"quota-table quota-alloc quota-alloc-{kind} w-full")
            .props("dense flat bordered hide-bottom")
        )
        self.table.style("max-height: 560px").mark(f"table-{kind}")
        self.table.add_slot("body", ROW_SLOT)
        self.table.on("pick", self._clicked)
        self.groups = ui.table(columns=view.group_columns, rows=view.groups, row_key="group")
        self.groups.props("dense flat bordered hide-bottom").classes("quota-table w-full")
        self.groups.style("max-height: 320px")
        self.groups.set_visibility(bool(view.groups))
        with ui.row().classes("w-full no-wrap gap-4"):
            height = min(len(view.stack["yAxis"]["data"]), 40) * 22 + 130
            self.stack = ui.echart(view.stack).classes("w-1/2").style(f"height: {height}px")
            self.stack.mark(f"stack-{kind}")
            self.shares = ui.echart(view.shares).classes("w-1/2").style("height: 460px")
            self.shares.mark(f"shares-{kind}")
        ui.label(label("app.fairness", lang)).classes("text-subtitle2 q-mt-sm")
        self.fairness = (
            ui.table(columns=view.fairness_columns, rows=view.fairness, row_key="basis")
            .props("dense flat bordered hide-bottom")
            .classes("w-full")
            .mark(f"fairness-{kind}")
        )

    def _clicked(self, event: Any) -> None:
        index = event.args[0] if isinstance(event.args, list) and event.args else event.args
        if isinstance(index, int) and 0 <= index < len(self.page.hub.meeting.streets):
            self.page.open_pin(self.kind, index)

    def show(self, view: MeetingView) -> None:
        part = view.kinds[self.kind]
        self.balance.set_text(part.balance)
        self.split.set_text(part.split)
        self.note.set_text(part.note)
        self.table.columns = part.columns
        self.table.rows = [*part.rows, part.total_row]
        self.groups.rows = part.groups
        self.stack.options.clear()
        self.stack.options.update(part.stack)
        self.stack.update()
        self.shares.options.clear()
        self.shares.options.update(part.shares)
        self.shares.update()
        self.fairness.rows = part.fairness


class MeetingPage:
    """One browser tab's page of the meeting."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.lang = hub.lang
        self.searches: dict[str, str] = {}
        self.first_view = build_view(hub.meeting, hub.lang)
        self.controls: dict[str, KindControls] = {}
        self.panels: dict[str, KindPanel] = {}

    # ----------------------------------------------------------------- layout

    def build(self) -> None:
        meeting, lang = self.hub.meeting, self.lang
        ui.add_css(CSS)
        ui.page_title(f"{label('app.title', lang)} · {meeting.loaded.title or meeting.loaded.name}")
        self._header()
        with ui.left_drawer(value=True, fixed=True).props("width=400 bordered").classes("q-pa-md"):
            ui.label(label("app.settings", lang)).classes("text-h6")
            for kind in meeting.kinds:
                with ui.card().classes("w-full q-pa-sm q-mb-sm"):
                    self.controls[kind] = KindControls(self, kind)
        with ui.column().classes("w-full q-pa-md gap-2"):
            self.problem = ui.card().classes("quota-problem w-full")
            with self.problem:
                ui.label(label("app.infeasible", lang)).classes("text-subtitle1 text-weight-bold")
                self.problem_lines = ui.column().classes("gap-1").mark("problem")
                ui.label(label("app.last_feasible", lang)).classes("text-caption")
                ui.button(label("app.undo", lang), on_click=self.undo).props(
                    "outline color=negative"
                )
            self.problem.set_visibility(False)
            with ui.tabs().props("no-caps").classes("w-full") as tabs:
                kind_tabs = {k: ui.tab(k, label=kind_label(k, lang)) for k in meeting.kinds}
            with ui.tab_panels(tabs, value=kind_tabs[meeting.kinds[0]]).classes("w-full"):
                for kind in meeting.kinds:
                    with ui.tab_panel(kind_tabs[kind]):
                        self.panels[kind] = KindPanel(self, kind)
            self._decisions()
            self._dialogs()
            ui.label(label("app.offline", lang)).classes("text-caption text-grey-6 q-mt-md")
        self.hub.pages.append(self)
        ui.context.client.on_disconnect(lambda: self._gone())
        self.show(self.first_view, self.hub.last_seconds)

    def _header(self) -> None:
        meeting, lang = self.hub.meeting, self.lang
        with ui.header().classes("items-center bg-white text-black shadow-1 q-px-md gap-3"):
            with ui.column().classes("gap-0"):
                ui.label(meeting.loaded.title or meeting.loaded.name).classes("text-h6")
                ui.label(
                    label("app.subtitle", lang).format(
                        title=label("app.title", lang),
                        streets=len(meeting.streets),
                        file=meeting.path.name,
                    )
                ).classes("text-caption text-grey-7")
            ui.space()
            self.status = ui.label("").classes("text-body2 text-grey-8").mark("status")
            ui.button(label("app.undo", lang), on_click=self.undo).props("flat no-caps").mark(
                "undo"
            )
            ui.button(label("app.reset", lang), on_click=self.reset).props("flat no-caps").mark(
                "reset"
            )
            ui.button(label("app.save", lang), on_click=self.open_save).props("no-caps").mark(
                "save"
            )
            self.export_button = ui.button(label("app.export", lang), on_click=self.export)
            self.export_button.props("outline no-caps").mark("export")

    def _decisions(self) -> None:
        lang = self.lang
        ui.label(label("app.decisions", lang)).classes("text-h6 q-mt-md")
        self.decision_list = ui.column().classes("w-full gap-2").mark("decisions")

    def _gone(self) -> None:
        if self in self.hub.pages:
            self.hub.pages.remove(self)

    # ----------------------------------------------------------------- showing

    def show(self, view: MeetingView, seconds: float) -> None:
        """Put a view of the meeting on the page."""
        server = label("app.update_ms", self.lang).format(ms=f"{seconds * 1000:.0f}")
        self.status.set_text(f"{view.status} · {server}" if seconds else view.status)
        self.problem.set_visibility(bool(view.problem))
        self.problem_lines.clear()
        with self.problem_lines:
            for line in view.problem:
                ui.label(line).classes("text-body1")
        for kind, panel in self.panels.items():
            panel.table.set_visibility(not view.problem)
            panel.show(view)
            self.controls[kind].show(view)
        self._show_decisions(view)

    def _show_decisions(self, view: MeetingView) -> None:
        lang = self.lang
        self.decision_list.clear()
        with self.decision_list:
            if not view.decisions:
                ui.label(label("app.no_decisions", lang)).classes("text-body2 text-grey-7")
            for row in view.decisions:
                with ui.card().classes("w-full q-pa-sm"), ui.row().classes("w-full items-center"):
                    with ui.column().classes("gap-0 grow"):
                        ui.label(row["title"]).classes("text-subtitle2")
                        if row["detail"]:
                            ui.label(row["detail"]).classes("text-body2")
                        if row["payers"]:
                            ui.label(row["payers"]).classes("text-body2 text-grey-8")
                        if row["reason"]:
                            ui.label(row["reason"]).classes("text-caption text-grey-7")
                    kind, index = row["kind"], row["index"]
                    ui.button(
                        label("app.unpin", lang),
                        on_click=lambda k=kind, i=index: self.apply(
                            lambda: self.hub.meeting.unpin(k, i)
                        ),
                    ).props("flat dense color=negative").mark(f"unpin-{kind}-{index}")

    # ----------------------------------------------------------------- actions

    def apply(self, action: Callable[[], Any]) -> Awaitable[None]:
        """Run a change of the meeting, then refresh every page (NiceGUI awaits the result)."""
        return self.hub.change(action)

    def undo(self) -> Awaitable[None]:
        return self.apply(self.hub.meeting.undo)

    def reset(self) -> Awaitable[None]:
        return self.apply(self.hub.meeting.reset)

    def search(self, kind: str, text: str) -> None:
        self.searches[kind] = text
        self.hub.refresh()

    def open_pin(self, kind: str, index: int) -> None:
        """The dialog that pins a street: a number, keep current, or remove its decision."""
        meeting, lang = self.hub.meeting, self.lang
        solved = meeting.solved
        kin = solved.inputs[kind]
        total = int(solved.totals[kind][index])
        current = None if kin.current is None else int(kin.current[index])
        onboard = None if kin.onboard is None else int(kin.onboard[index])
        street = meeting.streets[index]
        self.pin_body.clear()
        with self.pin_body:
            ui.label(
                label("app.pin_title", lang).format(street=street, kind=kind_label(kind, lang))
            ).classes("text-h6")
            ui.label(
                label("app.pin_facts", lang).format(
                    current="—" if current is None else current,
                    total=total,
                    onboard="—" if onboard is None else onboard,
                )
            ).classes("text-body2")
            number = ui.number(label("app.pin_total", lang), value=total, min=0, step=1)
            number.props("outlined autofocus").classes("w-full").mark("pin-total")
            reason = ui.input(label("app.reason", lang)).props("outlined maxlength=500")
            reason.classes("w-full").mark("pin-reason")

            def pin(keep: bool = False) -> Awaitable[None]:
                self.pin_dialog.close()
                value = None if number.value is None else int(number.value)
                text = (reason.value or "").strip() or None
                return self.apply(
                    lambda: meeting.pin(kind, index, value, keep_current=keep, reason=text)
                )

            def unpin() -> Awaitable[None]:
                self.pin_dialog.close()
                return self.apply(lambda: meeting.unpin(kind, index))

            number.on("keydown.enter", lambda: pin())
            with ui.row().classes("gap-2 q-mt-sm"):
                ui.button(label("app.pin", lang), on_click=lambda: pin()).mark("pin-confirm")
                if current is not None:
                    ui.button(label("app.keep", lang), on_click=lambda: pin(True)).props(
                        "outline"
                    ).mark("pin-keep")
                if meeting.decision_at(kind, index) is not None:
                    ui.button(label("app.unpin", lang), on_click=unpin).props(
                        "outline color=negative"
                    ).mark("pin-remove")
                ui.button(label("app.cancel", lang), on_click=self.pin_dialog.close).props("flat")
        self.pin_dialog.open()

    def open_save(self) -> None:
        """The dialog that saves the meeting as a new scenario next to the loaded one."""
        self.save_name.value = default_save_name(self.hub.meeting)
        self.save_dialog.open()

    def _dialogs(self) -> None:
        lang = self.lang
        with ui.dialog() as self.pin_dialog, ui.card().classes("q-pa-md").style("min-width: 440px"):
            self.pin_body = ui.column().classes("w-full gap-2")
        with (
            ui.dialog() as self.save_dialog,
            ui.card().classes("q-pa-md").style("min-width: 520px"),
        ):
            ui.label(label("app.save_title", lang)).classes("text-subtitle1")
            self.save_name = ui.input(label("app.save_file", lang)).props("outlined")
            self.save_name.classes("w-full").mark("save-name")
            ui.label(str(self.hub.meeting.path.parent)).classes("text-caption text-grey-7")

            async def save() -> None:
                self.save_dialog.close()
                await self._save(str(self.save_name.value or ""))

            with ui.row().classes("gap-2 q-mt-sm"):
                ui.button(label("app.confirm_save", lang), on_click=save).mark("save-confirm")
                ui.button(label("app.cancel", lang), on_click=self.save_dialog.close).props("flat")

    async def _save(self, name: str) -> None:
        meeting, lang = self.hub.meeting, self.lang
        async with self.hub.lock:
            try:
                saved = await run.io_bound(save_meeting, meeting, name, lang)
            except QuotaError as exc:
                tell_problem(exc, lang)
                return
        if saved is None:  # the server is stopping
            return
        ui.notify(saved.message.render(lang), type="positive", multi_line=True, timeout=10000)
        self.hub.refresh()

    async def export(self) -> None:
        """Save when needed, then write the full output folder as ``quota run`` does."""
        meeting, lang = self.hub.meeting, self.lang
        self.export_button.props("loading")
        try:
            async with self.hub.lock:
                done = await run.io_bound(export_outputs, meeting, self.hub.out_dir, lang)
        except QuotaError as exc:
            tell_problem(exc, lang)
            return
        finally:
            self.export_button.props(remove="loading")
        if done is None:
            return
        for message in done.messages:
            ui.notify(message.render(lang), type="positive", multi_line=True, timeout=10000)
        self.hub.refresh()


def build_root(meeting: Meeting, lang: str, out_dir: Path) -> Callable[[], None]:
    """The root page function for ``ui.run``: one :class:`MeetingPage` per browser tab."""
    hub = Hub(meeting, lang, out_dir)
    ui.button.default_props("no-caps")  # buttons as written, not in capitals

    def root() -> None:
        MeetingPage(hub).build()

    root.hub = hub  # type: ignore[attr-defined]
    return root


__all__ = ["Hub", "MeetingPage", "build_root", "signed"]
