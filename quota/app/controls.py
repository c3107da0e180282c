"""The settings of one kind on the meeting page: pool, turnover share, cap, floor, weights.

Each setting is a slider with an exact number beside it (bound together); a number
applies on Enter or when the field is left, a slider when it is released. The
controls show the meeting's settings after every change (also one made on another
tab), and the weights as typed and as normalised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

# the page is NiceGUI through and through; only `quota serve` imports it, when it runs
from nicegui import ui

from quota.app.view import MeetingView, describe_bound, method_choices
from quota.locale import kind_label, label

if TYPE_CHECKING:
    from quota.app.page import MeetingPage


class KindControls:
    """The settings of one kind: pool, turnover share, cap, floor, weight method, weights."""

    def __init__(self, page: MeetingPage, kind: str) -> None:
        self.page = page
        self.kind = kind
        self.lang = page.lang
        self.weights: dict[str, tuple[Any, Any, Any]] = {}
        #: numbers the user changed whose value may still be on its way to the server
        self.touched: set[int] = set()
        self.build()

    def build(self) -> None:
        meeting, lang, kind = self.page.hub.meeting, self.lang, self.kind
        now = meeting.settings(kind)
        ui.label(kind_label(kind, lang)).classes("text-subtitle1 text-weight-bold")
        self.pool = self._number_slider(
            label("pool", lang),
            now.pool,
            low=1,
            high=max(now.pool * 2, 20),
            step=1,
            marker=f"pool-{kind}",
            apply=lambda v: meeting.set_pool(kind, int(v)),
        )
        self.share = self._number_slider(
            label("app.turnover_percent", lang),
            round(now.turnover_share * 100, 4),
            low=0,
            high=30,
            step=0.5,
            marker=f"share-{kind}",
            apply=lambda v: meeting.set_turnover_share(kind, round(float(v) / 100, 6)),
        )
        self.cap = self._bound("max_change", now.max_change, meeting.set_max_change)
        self.floor = self._bound("floor", now.floor, meeting.set_floor)
        self._weights(now)

    def _number_slider(
        self,
        text: str,
        value: float,
        *,
        low: float,
        high: float,
        step: float,
        marker: str,
        apply: Callable[[float], Any],
    ) -> tuple[Any, Any]:
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            number = ui.number(text, value=value, step=step, min=low).classes("w-40 shrink-0")
            number.props("dense outlined").mark(marker)
            slider = ui.slider(min=low, max=max(high, value), step=step, value=value)
            slider.classes("grow").mark(f"{marker}-slider")
        number.bind_value(slider, "value")

        def send(_: Any = None) -> Awaitable[None] | None:
            if number.value is None:
                return None
            value = float(number.value)
            self.touched.add(number.id)
            return self.page.apply(lambda: apply(value))

        def released(event: Any) -> Awaitable[None] | None:
            _take_released(event, number)
            return send()

        number.on("keydown.enter", send)
        number.on("blur", send)
        slider.on("change", released)
        return number, slider

    def _bound(self, key: str, value: int | str | None, setter: Callable[..., Any]) -> Any:
        meeting, lang, kind = self.page.hub.meeting, self.lang, self.kind
        loaded = getattr(meeting.loaded.kinds[kind], key)
        modes = {"number": label("app.bound.number", lang), "none": label("app.bound.none", lang)}
        if isinstance(loaded, str):
            modes["column"] = describe_bound(loaded, lang)
        mode = "none" if value is None else "column" if isinstance(value, str) else "number"
        number_value = value if isinstance(value, int) else 0
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            select = ui.select(modes, value=mode, label=label(key, lang)).classes("w-40 shrink-0")
            select.props("dense outlined").mark(f"{key}-mode-{kind}")
            number = ui.number(value=number_value, min=0, step=1).classes("grow")
            number.props("dense outlined").mark(f"{key}-{kind}")
        number.set_enabled(mode == "number")

        def send(_: Any = None) -> Awaitable[None] | None:
            chosen = select.value
            number.set_enabled(chosen == "number")
            if chosen == "none":
                return self.page.apply(lambda: setter(kind, None))
            if chosen == "column":
                return self.page.apply(lambda: setter(kind, loaded))
            if number.value is None:
                return None
            value = int(number.value)
            self.touched.add(number.id)
            return self.page.apply(lambda: setter(kind, value))

        select.on_value_change(send)
        number.on("keydown.enter", send)
        number.on("blur", send)
        return select, number

    def _weights(self, now: Any) -> None:
        meeting, lang, kind = self.page.hub.meeting, self.lang, self.kind
        ui.label(label("app.weights", lang)).classes("text-caption text-grey-8 q-mt-sm")
        self.method = (
            ui.select(
                method_choices(meeting, kind, lang),
                value=now.method,
                label=label("app.weight_method", lang),
            )
            .props("dense outlined")
            .classes("w-full")
            .mark(f"method-{kind}")
        )
        self.method.on_value_change(lambda e: self._method(str(e.value)))
        self.derived = ui.label("").classes("text-caption text-grey-7")
        top = max([1.0, *(2 * w for w in now.typed.values())])
        ui.label(
            f"{label('indicator', lang)} · {label('app.weight_typed', lang)} → "
            f"{label('app.weight_normalised', lang)}"
        ).classes("text-caption text-grey-7")
        for column, typed in now.typed.items():
            with ui.row().classes("w-full items-center no-wrap gap-2 q-mt-xs"):
                name = ui.label(column).classes("grow text-body2")
                used = ui.label("").classes("text-body2 text-weight-medium")
                used.mark(f"normalised-{kind}-{column}")
            with ui.row().classes("w-full items-center no-wrap gap-2"):
                number = ui.number(value=typed, min=0, step=0.01).classes("w-28 shrink-0")
                number.props("dense outlined").mark(f"weight-{kind}-{column}")
                slider = ui.slider(min=0, max=top, step=0.01, value=typed).classes("grow")
                slider.mark(f"weight-{kind}-{column}-slider")
            number.bind_value(slider, "value")
            self.weights[column] = (name, number, used)

            def send(
                _: Any = None, column: str = column, number: Any = number
            ) -> Awaitable[None] | None:
                if number.value is None:
                    return None
                value = float(number.value)
                self.touched.add(number.id)
                return self.page.apply(lambda: meeting.set_weight(kind, column, value))

            def released(
                event: Any, number: Any = number, send: Callable[..., Any] = send
            ) -> Awaitable[None] | None:
                _take_released(event, number)
                return send()

            number.on("keydown.enter", send)
            number.on("blur", send)
            slider.on("change", released)

    def _method(self, method: str) -> Awaitable[None] | None:
        meeting = self.page.hub.meeting
        if method == meeting.settings(self.kind).method:
            return None
        return self.page.apply(lambda: meeting.set_method(self.kind, method))

    def show(self, view: MeetingView) -> None:
        """Put the meeting's current settings and the normalised weights into the controls."""
        meeting, lang = self.page.hub.meeting, self.lang
        now = meeting.settings(self.kind)
        # while more changes are queued, a number the user moved keeps what they moved it to
        # (else the slider they are still pressing would jump back to an older value)
        busy = self.page.hub.busy
        if not busy:
            self.touched.clear()

        def put(element: Any, value: Any) -> None:
            if not (busy and element.id in self.touched):
                _set(element, value)

        put(self.pool[0], now.pool)
        put(self.share[0], round(now.turnover_share * 100, 4))
        for (select, number), value in ((self.cap, now.max_change), (self.floor, now.floor)):
            mode = "none" if value is None else "column" if isinstance(value, str) else "number"
            _set(select, mode)
            number.set_enabled(mode == "number")
            if isinstance(value, int):
                put(number, value)
        _set(self.method, now.method)
        manual = now.method == "manual"
        names = method_choices(meeting, self.kind, lang)
        self.derived.set_text(
            "" if manual else label("app.weights_derived", lang).format(method=names[now.method])
        )
        rows = {row["indicator"]: row for row in view.kinds[self.kind].weights}
        for column, (name, number, used) in self.weights.items():
            row = rows[column]
            name.set_text(row["label"])
            put(number, row["typed"])
            number.set_enabled(manual)
            used.set_text(row["normalised_text"])


def _take_released(event: Any, number: Any) -> None:
    """A slider's ``change`` carries its final value: take it (the value updates are throttled).

    Without this, a release that reaches the server before the slider's last throttled
    value update would apply the value before it.
    """
    value = event.args[0] if isinstance(event.args, list) and event.args else event.args
    if isinstance(value, int | float) and not isinstance(value, bool):
        number.value = value


def _set(element: Any, value: Any) -> None:
    if element.value != value:
        element.value = value
