"""The adult menu, opened by holding the top-right corner for 3 s and typing the PIN.

Continue, the live sensory sliders, the tap-along timing check, export the child's log,
change child, or close the app (and Sync now, with a clinic server); storage warnings,
what an export wrote and the clinic server's line are listed here, never on a child's
screen. The PIN keypad (scenes/pin_pad.py) comes first.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.intensity import Palette
from sensory_games.domain.language import N_, SOURCE_LANGUAGE, Words, words
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.sentence import render
from sensory_games.engine.scenes.base import Scene
from sensory_games.services.sync_status import clinic_server_line, server_extra_installed
from sensory_games.ui import art
from sensory_games.ui.damage import StillPicture
from sensory_games.ui.layout_rules import LayoutBox, line_box, text_box
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred, cut_line, fitted_size, measure, wrapped
from sensory_games.ui.widgets import Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

BUTTON_MM = (72.0, 20.0)
#: The screen's title (translated where it is drawn).
TITLE = N_("Adult menu")


#: Continue, Sensory settings, Console, Timing check, Export, Change child, Close the app
#: (and Sync now before Change child, with a clinic server).
ENTRY_COUNT = 7
#: The line said while the background sync runs.
SYNCING = N_("Clinic server: syncing…")
#: The title above the buttons, the notes below them, the space between buttons (mm).
TITLE_MM, NOTES_MM, GAP_MM = 18.0, 14.0, 6.0
#: Buttons are never lower than this (mm), nor closer together: still easy targets.
MIN_BUTTON_MM, MIN_GAP_MM = 12.0, 3.0


def menu_rects(
    metrics: ScreenMetrics, count: int = ENTRY_COUNT, right_to_left: bool = False
) -> list[pygame.Rect]:
    """Big buttons in the middle of the screen, 6 mm apart, in reading order (the first at
    the right in a language read right to left): one column
    when it fits at full height, else two columns (a short landscape screen) when the
    screen is wide enough for two columns of words, else one column of lower buttons (a
    narrow portrait); buttons get lower (never under 12 mm) and closer (never under 3 mm)
    so that all of them and the notes fit."""
    room = metrics.height_mm - TITLE_MM - NOTES_MM
    full_height = count * (BUTTON_MM[1] + GAP_MM) - GAP_MM <= room
    lowest = count * (MIN_BUTTON_MM + MIN_GAP_MM) - MIN_GAP_MM <= room
    wide_pair = (metrics.width_mm - 3 * GAP_MM) / 2 >= BUTTON_MM[0] * 0.8
    columns = 1 if full_height or (lowest and not wide_pair) else 2
    rows = -(-count // columns)
    height = max(MIN_BUTTON_MM, min(BUTTON_MM[1], (room - (rows - 1) * GAP_MM) / rows))
    gap = GAP_MM if rows == 1 else max(MIN_GAP_MM, min(GAP_MM, (room - rows * height) / (rows - 1)))
    width = min(BUTTON_MM[0], (metrics.width_mm - (columns + 1) * GAP_MM) / columns)
    block_w = columns * width + (columns - 1) * GAP_MM
    block_h = rows * height + (rows - 1) * gap
    left = (metrics.width_mm - block_w) / 2
    top = max(TITLE_MM, TITLE_MM + (room - block_h) / 2)
    return [
        metrics.rect_mm(
            left + column_of(index, columns, right_to_left) * (width + GAP_MM),
            top + (index // columns) * (height + gap),
            width,
            height,
        )
        for index in range(count)
    ]


def column_of(index: int, columns: int, right_to_left: bool) -> int:
    """The column of the `index`-th button, counted from the left."""
    column = index % columns
    return columns - 1 - column if right_to_left else column


#: Where the full text of a note or warning the menu has no room for can be read: the
#: console's Audit page (what an export wrote) or errors.log in the data folder (warnings,
#: failed exports; ErrorLog.record), or nowhere for sure (UNLOGGED: errors.log could not
#: take everything, ErrorLog.all_written).
AUDIT, LOG, UNLOGGED = "audit", "log", "unlogged"
#: The last line when not all notes and warnings fit, by where the rest is.
MORE = {
    frozenset({LOG}): N_("… the rest is in errors.log in the data folder"),
    frozenset({AUDIT}): N_("… the rest is on the console's Audit page"),
    frozenset({LOG, AUDIT}): N_("… the rest is on the console's Audit page and in errors.log"),
    frozenset({UNLOGGED}): N_("… more not shown (errors.log is full or could not be written)"),
    frozenset({UNLOGGED, AUDIT}): N_(
        "… more not shown; exports are on the console's Audit page (errors.log is full or "
        "could not be written)"
    ),
}
#: How many of the latest warnings are listed (errors.log has them all, when it could take them).
SHOWN_WARNINGS = 3
#: Space (mm) between the lowest button and the first note, and under the last one.
NOTES_GAP_MM, NOTES_MARGIN_MM = 1.0, 0.5


def fitted_notes(
    texts: list[tuple[str, str]],
    older: str | None,
    size_px: int,
    width_px: int,
    room_px: int,
    said: Words,
    lead: int = 0,
) -> list[str]:
    """The lines of `texts` (each with where its full text is kept: AUDIT, LOG or UNLOGGED), wrapped
    at `width_px` and `size_px`, that fit in `room_px` stacked by their measured heights:
    all of them, or as many whole lines as fit and then the MORE line (in `said`) naming
    where the rest is. `older` is where texts left out before these are kept (None: none).
    Where the MORE line would leave no line of the texts (one line's room: an Arabic line
    is half as tall again as a Latin one), the first line of texts[`lead`] is shown
    instead, cut with "…" when anything else is hidden: what the adult just did ("The
    export failed: …") matters more than where the rest is (errors.log and the audit list
    keep every text whole)."""
    lines = [(line, kept) for text, kept in texts for line in wrapped(text, size_px, width_px)]
    words_only = [line for line, _kept in lines]
    count = fitting(words_only, size_px, room_px)
    if count == len(lines) and older is None:
        return words_only
    hidden: set[str] = set()
    more: list[str] = []
    for _ in range(len(MORE)):  # (fewer lines shown may hide more kinds: a longer MORE)
        now = {kept for _line, kept in lines[count:]} | ({older} if older else set())
        if now == hidden:
            break
        hidden = now
        more = list(wrapped(said.tr(MORE[frozenset(hidden)]), size_px, width_px))
        more = more[: fitting(more, size_px, room_px)]  # (a screen with no room at all)
        count = fitting(words_only, size_px, room_px - stacked_height(more, size_px))
    if count == 0 and words_only and fitting(words_only[:1], size_px, room_px):
        hidden_too = len(texts) > 1 or older is not None
        return [cut_line(texts[lead][0], size_px, width_px, hidden_too)]
    return words_only[:count] + more


def fitting(lines: list[str], size_px: int, room_px: int) -> int:
    """How many of `lines`, from the first, fit in `room_px` stacked by their heights."""
    used = 0
    for count, line in enumerate(lines):
        used += measure(line, size_px)[1]
        if used > room_px:
            return count
    return len(lines)


def stacked_height(lines: list[str], size_px: int) -> int:
    """The height (px) of `lines` stacked one under the other."""
    return sum(measure(line, size_px)[1] for line in lines)


def stacked(lines: list[str], size_px: int, top_px: int) -> list[tuple[str, int]]:
    """`lines` stacked downward from `top_px`, each with the height (px) it is centred at."""
    placed = []
    for line in lines:
        height = measure(line, size_px)[1]
        placed.append((line, top_px + height // 2))
        top_px += height
    return placed


class AdultMenuScene(Scene):
    """Large labelled buttons for adults, plus any warnings."""

    animated = False
    locks_when_idle = True  # (5 minutes untouched: the PIN again)
    over_play = True

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        self.menu: list[Button] = []
        self._still = StillPicture()  # (its picture, painted when it changes)
        self.notes: list[str] = []  # what the last export did
        self.audited = ""  # the note the audit list keeps too (what the export wrote)
        self.exporting = False
        self.sync_seen = self.sync_state()  # (a change redraws the server's line)
        self._server_line: tuple[tuple[bool, int], str | None] | None = None
        self.layout(stage.metrics)
        stage.spare_time.add(self._prepare_sliders)  # ("Sensory settings" opens at once)
        self._to_sliders = False  # (left for the sliders: they keep what was made ahead)
        self._left = False

    def resize(self, metrics: ScreenMetrics) -> None:
        self.layout(metrics)

    @property
    def title(self) -> str:
        """The screen's title, in the clinic's language."""
        return self.stage.clinic_words.tr(TITLE)

    def layout(self, metrics: ScreenMetrics) -> None:
        entries = (
            (
                N_("Continue"),
                art.backward_icon(self.stage.clinic_words.right_to_left),
                self.stage.pop,
            ),
            (N_("Sensory settings"), art.draw_sliders_icon, self.sensory_settings),
            (N_("Therapist console"), art.draw_console_icon, self.console),
            (N_("Timing check"), art.draw_timing_icon, self.timing_check),
            (N_("Export"), art.draw_export_icon, self.export),
            *(
                [(N_("Sync now"), art.draw_sync_icon, self.sync_now)]
                if self.stage.clinic_sync is not None
                else []
            ),
            (N_("Change child"), art.draw_home_icon, self.stage.change_child),
            (N_("Close the app"), art.draw_exit_icon, self.stage.quit),
        )
        said = self.stage.clinic_words
        rtl = said.right_to_left
        self.menu = [
            Button(rect, labelled(icon, said.tr(label), metrics, rtl), action, label=said.tr(label))
            for rect, (label, icon, action) in zip(
                menu_rects(metrics, len(entries), right_to_left=rtl), entries, strict=True
            )
        ]

    def sensory_settings(self) -> None:
        """Back to the child's screen with the live sensory sliders open over it."""
        self._to_sliders = True
        self.stage.pop()
        self.stage.open_overlay()

    def _prepare_sliders(self) -> None:
        """A chore: the sliders made ahead, while this menu still shows."""
        if not self._left:
            self.stage.prepare_overlay()

    def exit(self) -> None:
        """Left for anything but the sliders: those made ahead go (a few MB of pictures)."""
        self._left = True
        if not self._to_sliders:
            self.stage.drop_prepared_overlay()

    def export(self) -> None:
        """Write the child's log (everyone's for the Guest) to the export folder: shown as
        "Exporting..." for a frame, then done in the next update."""
        self.exporting = True
        self.notes = [self.stage.clinic_words.tr("Exporting...")]
        self.stage.request_redraw()

    def sync_now(self) -> None:
        """Ask the background sync for a sync now (it runs on its own thread: the menu
        says "syncing…" meanwhile, then what it did)."""
        if self.stage.clinic_sync is not None:
            self.stage.clinic_sync.sync_now()

    def sync_state(self) -> tuple[bool, int]:
        """Whether a background sync runs, and how many have ended (each change redraws)."""
        sync = self.stage.clinic_sync
        return (sync.running, sync.finished) if sync is not None else (False, 0)

    def server_line(self) -> str | None:
        """The clinic server's line in the clinic's language (None: no server), read from
        the log once each time the sync's state changes (not at every draw)."""
        if self._server_line is None or self._server_line[0] != self.sync_seen:
            self._server_line = (self.sync_seen, self._read_server_line())
        return self._server_line[1]

    def _read_server_line(self) -> str | None:
        sync, said = self.stage.clinic_sync, self.stage.clinic_words
        if sync is None:
            return None
        if sync.running:
            return said.tr(SYNCING)
        summary = self.stage.repository.last_sync()
        if summary is not None and not summary.get("ok"):  # (the rest of a cut line)
            self.stage.errors.record(f"the clinic server sync failed: {summary.get('error')}")
        line = clinic_server_line(
            summary, extra_installed=server_extra_installed(), now=datetime.now(timezone.utc)
        )
        return render(line, said)

    def update(self, dt: float) -> None:
        state = self.sync_state()
        if state != self.sync_seen:
            self.sync_seen = state
            self.stage.request_redraw()
        if not self.exporting:
            return
        from sensory_games.activities import showing
        from sensory_games.services.session_export import export_child

        self.exporting = False
        profile = self.stage.child.profile
        child_id = profile.id if profile else None
        try:
            done = export_child(
                self.stage.repository,
                profile,
                self.stage.child.export_dir,
                self.stage.clock.wall_utc(),
                showing(),
                self.stage.child.config.export,
                self.stage.config.language,  # the report in the clinic's language
            )
        except Exception as error:  # (disk, database, report drawing): a note, never a crash
            said = self.stage.clinic_words
            self.notes = [said.tr("The export failed: {error}", error=render(error, said))]
            self.stage.errors.record(f"the export failed: {error}")  # (the rest of a cut note)
            self.stage.child.audit("export failed", render(error, words(SOURCE_LANGUAGE)), child_id)
        else:
            said = self.stage.clinic_words
            self.notes = [render(line, said) for line in (done.describe(), done.note) if line]
            self.audited = self.notes[0]
            self.stage.child.audit("export", done.describe(), child_id)
            if done.note:
                self.stage.errors.record(done.note)
        self.stage.request_redraw()

    def console(self) -> None:
        """Profiles, levels and the audit list (pygame_gui screens)."""
        from sensory_games.engine.console import ConsoleScene

        self.stage.push(ConsoleScene(self.stage))

    def timing_check(self) -> None:
        """The tap-along that measures this device's touch and sound delay."""
        from sensory_games.engine.scenes.calibration import CalibrationScene

        self.stage.push(CalibrationScene(self.stage))

    def handle(self, pointer: PointerEvent) -> bool:
        return any(button.handle(pointer, self.stage.metrics) for button in self.menu)

    def draw(self, surface: pygame.Surface) -> None:
        """The menu's picture, painted only when what it shows changed (ui/damage.py
        StillPicture)."""
        look = (
            self.stage.metrics,
            self.stage.child.sensory.palette,
            self.title,
            tuple(self.note_lines()),
            tuple((b.label, b.pressed, tuple(b.rect)) for b in self.menu),
        )
        self._still.draw(surface, self.stage.damage, look, self._paint)

    def pause(self) -> None:
        self._still.forget()  # (8 MB at 1920x1080, while the console covers it)

    def _paint(self, surface: pygame.Surface) -> None:
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        rtl = self.stage.clinic_words.right_to_left  # (a note starting "Mia" reads from the right)
        surface.fill(palette.background_edge)
        middle = metrics.width_px // 2
        blit_centred(
            surface, self.title, metrics.font_px(4.5), palette.ink, (middle, metrics.px(10)), rtl
        )
        for button in self.menu:
            button.draw(surface, palette, metrics)
        for line, y in self.note_lines():
            blit_centred(surface, line, metrics.font_px(3.0), palette.ink, (middle, y), rtl)

    def note_lines(self) -> list[tuple[str, int]]:
        """The notes (what the last export did) and the latest warnings under the buttons,
        as lines and the height (px) each is centred at; see :func:`fitted_notes`."""
        metrics, said = self.stage.metrics, self.stage.clinic_words
        size = metrics.font_px(3.0)
        top = max(button.rect.bottom for button in self.menu) + metrics.px(NOTES_GAP_MM)
        room = metrics.height_px - metrics.px(NOTES_MARGIN_MM) - top
        warnings = self.stage.errors.warnings
        latest = [render(warning, said) for warning in warnings[: -SHOWN_WARNINGS - 1 : -1]]
        log = LOG if self.stage.errors.all_written else UNLOGGED  # (never a false promise)
        server = self.server_line()
        texts = [
            *([(server, log)] if server else []),
            *((note, AUDIT if note == self.audited else log) for note in self.notes),
            *((warning, log) for warning in latest),
        ]
        older = log if len(warnings) > SHOWN_WARNINGS else None
        lead = 1 if server and self.notes else 0  # (one line's room: what the adult did)
        lines = fitted_notes(texts, older, size, int(metrics.width_px * 0.9), room, said, lead)
        return stacked(lines, size, top)

    def layout_boxes(self) -> list[LayoutBox]:
        return adult_screen_boxes(
            self.stage.metrics,
            self.title,
            self.note_lines(),
            self.menu,
            self.stage.clinic_words.right_to_left,
        )


def labelled(
    icon: art.IconDrawer, label: str, metrics: ScreenMetrics, right_to_left: bool = False
) -> art.IconDrawer:
    """A button face: icon first, then the words (adults read): the icon on the left, or
    on the right in a language read right to left."""

    def face(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
        icon_x = rect.right - rect.h if right_to_left else rect.x
        icon(surface, pygame.Rect(icon_x, rect.y, rect.h, rect.h), palette)
        size, lines = label_lines(label, rect, metrics, right_to_left)
        for line, area in lines:
            blit_centred(surface, line, size, palette.ink, area.center, right_to_left)

    return face


def label_lines(
    label: str, rect: pygame.Rect, metrics: ScreenMetrics, right_to_left: bool = False
) -> tuple[int, list[tuple[str, pygame.Rect]]]:
    """The font size (px) of a labelled button's words and their lines, each with the
    band it is centred in (px): one line, or, when even 3 mm capitals are too wide beside
    the icon (a long translation on a narrow screen), wrapped onto lines centred together."""
    size = label_size(label, rect, metrics)
    area = label_area(rect, right_to_left)
    lines = wrapped(label, size, area.w - metrics.px(2.0))
    pitch = max(measure(line, size)[1] for line in lines)  # (the tallest script's line)
    top = area.centery - len(lines) * pitch // 2
    return size, [
        (line, pygame.Rect(area.x, top + index * pitch, area.w, pitch))
        for index, line in enumerate(lines)
    ]


def label_size(label: str, rect: pygame.Rect, metrics: ScreenMetrics) -> int:
    """The font size (px) of a labelled button's words: 2/7 of its height, smaller when
    they would not fit beside the icon, capitals never under 3 mm."""
    smallest = metrics.font_px(3.0)
    largest = max(smallest, rect.h * 2 // 7)
    return fitted_size(label, largest, label_area(rect).w - metrics.px(2.0), smallest)


def label_area(rect: pygame.Rect, right_to_left: bool = False) -> pygame.Rect:
    """Where a labelled button's words go: beside its square icon (right of it, or left of
    it in a language read right to left)."""
    left = rect.x if right_to_left else rect.x + rect.h
    return pygame.Rect(left, rect.y, rect.w - rect.h, rect.h)


def adult_screen_boxes(
    metrics: ScreenMetrics,
    title: str,
    lines: list[tuple[str, int]],
    buttons: list[Button],
    right_to_left: bool = False,
) -> list[LayoutBox]:
    """An adult screen's boxes: its title (4.5 mm capitals, 10 mm from the top), its lines
    of text (3 mm; each with its height, px) and its labelled buttons."""
    return [
        line_box("title", title, metrics.font_px(4.5), metrics.px(10), metrics),
        *(line_box("text", line, metrics.font_px(3.0), y, metrics) for line, y in lines),
        *labelled_boxes(buttons, metrics, right_to_left),
    ]


def labelled_boxes(
    buttons: list[Button], metrics: ScreenMetrics, right_to_left: bool = False
) -> list[LayoutBox]:
    """Adult targets for `labelled` buttons, and their words as texts."""
    return [
        box
        for button in buttons
        for box in (
            LayoutBox(f"button {button.label!r}", button.rect, "adult"),
            *(
                text_box("label", line, size, band.clip(label_area(button.rect, right_to_left)))
                for size, lines in [label_lines(button.label, button.rect, metrics, right_to_left)]
                for line, band in lines
            ),
        )
    ]
