"""The tap-along timing check (adults): estimates this device's constant delay between a
beat and the tap the screen reports (touch latency plus sound and display delay), apart
from the adult's own habit of tapping a little early.

A steady beat at one of CALIBRATION_SETTINGS' tempi and cues (a click, a pulsing circle
or both; "Next beat" moves on); the adult taps anywhere (or a hand key) on every beat: 4
to get ready, then 16 that count. The median asynchrony of the counted taps, less the
typical adult habit for that tempo and cue (beat_timing.expected_adult_habit_ms), is the
device delay; it is stored for this device, tempo and cue (the log's meta table) and
taken off the drum's timing scores at the nearest tempo with that cue, with the raw
values kept beside the corrected ones. Definition in docs/metrics.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from sensory_games.domain.beat_timing import (
    CALIBRATION_MAX_SPREAD_MS,
    CALIBRATION_MIN_TAPS,
    BeatTrack,
    LatencyEstimate,
    click_lead,
    estimate_latency,
    expected_adult_habit_ms,
)
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.domain.language import N_
from sensory_games.domain.pointer import PointerEvent
from sensory_games.engine.scenes.adult_menu import (
    BUTTON_MM,
    adult_screen_boxes,
    column_of,
    labelled,
)
from sensory_games.engine.scenes.base import Scene
from sensory_games.storage import DeviceLatency
from sensory_games.ui import art
from sensory_games.ui.art import mix
from sensory_games.ui.audio import SoundPlayer, lead_bucket_ms
from sensory_games.ui.damage import StillPicture
from sensory_games.ui.layout_rules import LayoutBox
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.text import blit_centred, measure, wrapped
from sensory_games.ui.widgets import Button

if TYPE_CHECKING:
    from sensory_games.engine.stage import Stage

#: The beats a calibration can be made at: (tempo in bpm, cue). The drum's levels run at
#: about 50 to 150 bpm (by age band), all with the click, one without the glow; a level
#: uses the calibration of its cue at the nearest tempo.
CALIBRATION_SETTINGS: tuple[tuple[float, str], ...] = (
    (60.0, "sound_and_glow"),
    (90.0, "sound_and_glow"),
    (120.0, "sound_and_glow"),
    (140.0, "sound_and_glow"),
    (90.0, "sound"),
    (120.0, "sound"),
)
#: A cue in the adult's words.
CUE_WORDS = {
    "sound_and_glow": N_("click and glow"),
    "sound": N_("click only"),
    "glow": N_("glow only"),
}
COUNT_IN_BEATS = 4
BEATS = 16
#: Quiet time (s) before the first count-in beat.
LEAD_IN_S = 1.0


class CalibrationScene(Scene):
    """Tap along, then save, try again or leave; the current calibration is shown."""

    locks_when_idle = True  # (an adult screen: 5 minutes untouched, the PIN again)
    over_play = True

    def __init__(self, stage: Stage) -> None:
        super().__init__(stage)
        # A fixed, moderate sound: the check must be audible whatever the child's settings.
        self.sounds = SoundPlayer(SensoryProfile(preset("balanced"), stage.config.master_volume))
        self.buttons: list[Button] = []
        self._still = StillPicture()  # (the words and buttons, painted when they change)
        self.estimate: LatencyEstimate | None = None
        self.saved = False
        self.setting = 0  # index into CALIBRATION_SETTINGS
        self.click_starts: list[float] = []  # clock s at which each click is heard
        self._start(stage.clock.now())
        self.layout(stage.metrics)

    @property
    def tempo_bpm(self) -> float:
        return CALIBRATION_SETTINGS[self.setting][0]

    @property
    def cue(self) -> str:
        return CALIBRATION_SETTINGS[self.setting][1]

    def _start(self, now: float) -> None:
        interval = 60.0 / self.tempo_bpm
        self.track = BeatTrack(
            now + LEAD_IN_S + COUNT_IN_BEATS * interval, interval, (frozenset(),) * BEATS
        )
        self.taps: list[float] = []
        self.estimate = None
        self.saved = False
        self._next_click = -COUNT_IN_BEATS

    @property
    def finished(self) -> bool:
        return self.estimate is not None

    @property
    def counted_taps(self) -> int:
        """The taps shown on the circle: those after the count-in (from half a beat before
        the first counted beat), at most one per beat: the ones the estimate can use."""
        first = self.track.start - self.track.interval_s / 2
        return min(BEATS, sum(tap >= first for tap in self.taps))

    def layout(self, metrics: ScreenMetrics) -> None:
        width, height = BUTTON_MM
        top = metrics.height_mm - height - 10.0
        tr = self.stage.clinic_words.tr
        rtl = self.stage.clinic_words.right_to_left
        again = tr("Try again") if self.finished else tr("Start over")
        entries = [(again, art.backward_icon(rtl), self.again)]
        if not self.finished:  # (a result: try again first; at most four buttons a row)
            entries.append((tr("Next beat"), art.draw_timing_icon, self.next_setting))
        if self.finished and self.estimate is not None and self.estimate.trustworthy:
            entries.append((tr("Save"), art.onward_icon(rtl), self.save))
        if self.stage.child.device_latencies:
            entries.append((tr("Forget saved"), art.draw_exit_icon, self.forget))
        entries.append((tr("Done"), art.draw_home_icon, self.stage.pop))
        gap = 6.0
        # as many a row as leave each button room for its icon and its longest word at
        # 3 mm capitals (a portrait tablet takes two rows): a word is never cut
        size = metrics.font_px(3.0)
        words = [word for label, _, _ in entries for word in label.split()]
        least_mm = height + 4.0 + max(measure(w, size)[0] for w in words) / metrics.px_per_mm

        def button_mm(count: int) -> float:
            room = (metrics.width_mm - 8.0) / (count * width + (count - 1) * gap)
            return width * min(1.0, room)

        fitting = [n for n in range(1, len(entries) + 1) if button_mm(n) >= least_mm]
        per_row = max(fitting, default=1)
        rows = -(-len(entries) // per_row)
        scale = min(1.0, (metrics.width_mm - 8.0) / (per_row * width + (per_row - 1) * gap))
        if rows > 1 and metrics.width_mm > metrics.height_mm:  # a short landscape screen:
            height, top = 12.0, top + (height - 12.0)  # lower rows (adult targets >= 9 mm)
        self.buttons = []
        for k, (label, icon, action) in enumerate(entries):  # (the first at the right in ar)
            row, place = divmod(k, per_row)
            in_row = min(per_row, len(entries) - row * per_row)
            left = (metrics.width_mm - (in_row * width + (in_row - 1) * gap) * scale) / 2
            rect = metrics.rect_mm(
                left + column_of(place, in_row, rtl) * (width + gap) * scale,
                top - (rows - 1 - row) * (height + gap / 2),
                width * scale,
                height,
            )
            self.buttons.append(
                Button(rect, labelled(icon, label, metrics, rtl), action, label=label)
            )

    def resize(self, metrics: ScreenMetrics) -> None:
        self.layout(metrics)

    # -- actions --------------------------------------------------------------------------

    def again(self) -> None:
        self._start(self.stage.clock.now())
        self.layout(self.stage.metrics)

    def next_setting(self) -> None:
        """Move on to the next tempo and cue (after the last, the first) and start again."""
        self.setting = (self.setting + 1) % len(CALIBRATION_SETTINGS)
        self.again()

    def save(self) -> None:
        estimate = self.estimate
        if estimate is None or not estimate.trustworthy:
            return
        assert estimate.offset_ms is not None and estimate.spread_ms is not None
        self.stage.child.set_device_latency(
            DeviceLatency(
                round(estimate.offset_ms, 1),
                round(estimate.spread_ms, 1),
                estimate.taps_used,
                self.stage.clock.wall_utc().strftime("%Y-%m-%dT%H:%M:%SZ"),
                self.tempo_bpm,
                self.cue,
                round(estimate.habit_ms, 1),
            )
        )
        self.saved = True
        self.layout(self.stage.metrics)

    def forget(self) -> None:
        self.stage.child.set_device_latency(None)
        self.layout(self.stage.metrics)

    # -- input and time -------------------------------------------------------------------

    def handle(self, pointer: PointerEvent) -> bool:
        if any(button.handle(pointer, self.stage.metrics) for button in self.buttons):
            return True
        if pointer.phase == "down" and not self.finished:
            self.taps.append(pointer.t)
        return True

    def update(self, dt: float) -> None:
        now = self.stage.clock.now()
        if self.finished:
            return
        while self._next_click < BEATS:  # each click heard on its beat (beat_timing.click_lead)
            lead = click_lead(self.track.time_of(self._next_click), now, max(dt, 1 / 60))
            if lead is None:
                break
            if self.cue != "glow":
                self.sounds.play("beat", 0.8, cue=True, lead_s=lead)
                self.click_starts.append(now + lead_bucket_ms(lead) / 1000.0)
            self._next_click += 1
        if now >= self.track.end:
            habit = expected_adult_habit_ms(self.tempo_bpm, self.cue)
            self.estimate = estimate_latency(self.track, self.taps, habit, self.cue)
            self.layout(self.stage.metrics)

    # -- drawing --------------------------------------------------------------------------

    def _pulse(self, now: float) -> float:
        """0..1 brightness of the circle: 1 on a beat, fading over 0.3 s."""
        track = self.track
        beat = int((now - track.start) // track.interval_s)
        if beat < -COUNT_IN_BEATS or beat >= BEATS:
            return 0.0
        since = now - track.time_of(beat)
        return max(0.0, 1.0 - since / 0.3)

    @property
    def title(self) -> str:
        """The screen's title, in the clinic's language (the adult menu's button's words)."""
        return self.stage.clinic_words.tr("Timing check")

    def _lines(self) -> list[str]:
        """What the adult reads, in the clinic's language (numbers formatted first: a
        catalog's text carries only {fields})."""
        stored = [
            saved
            for saved in self.stage.child.device_latencies
            if (saved.tempo_bpm, saved.cue) == (self.tempo_bpm, self.cue)
        ]
        tr = self.stage.clinic_words.tr
        tempo = f"{self.tempo_bpm:g}"
        lines = [tr("Beat: {tempo} bpm, {cue}", tempo=tempo, cue=tr(CUE_WORDS[self.cue]))]
        if self.finished and self.estimate is not None:
            e = self.estimate
            if e.trustworthy and e.offset_ms is not None and e.measured_ms is not None:
                offset, measured, habit = (
                    f"{v:+.0f}" for v in (e.offset_ms, e.measured_ms, e.habit_ms)
                )
                result = tr(
                    "Device delay {offset} ms: taps {measured} ms, less a typical adult's "
                    "{habit} ms ({taps} taps)",
                    offset=offset,
                    measured=measured,
                    habit=habit,
                    taps=e.taps_used,
                )
                lines.append(tr("{result} - saved", result=result) if self.saved else result)
            elif e.taps_used < CALIBRATION_MIN_TAPS:
                lines.append(
                    tr(
                        "Too few taps on the beat: {taps} of {beats} beats had one "
                        "(need {need}). Try again.",
                        taps=e.taps_used,
                        beats=BEATS,
                        need=CALIBRATION_MIN_TAPS,
                    )
                )
            elif e.steady and e.offset_ms is not None:
                lines.append(
                    tr(
                        "A device delay of {offset} ms cannot be real (it lies between "
                        "{least} and {most} ms): were the taps on the clicks? Try again.",
                        offset=f"{e.offset_ms:+.0f}",
                        least=f"{e.least_ms:+.0f}",
                        most=f"{e.most_ms:+.0f}",
                    )
                )
            else:
                spread = tr("unknown") if e.spread_ms is None else f"{e.spread_ms:.0f} ms"
                most = f"{CALIBRATION_MAX_SPREAD_MS:.0f}"
                lines.append(
                    tr(
                        "Not steady enough to use: the taps' spread was {spread} "
                        "(at most {most} ms). Try again.",
                        spread=spread,
                        most=most,
                    )
                )
        else:
            lines.append(
                tr(
                    "Tap anywhere on every click: {count_in} to get ready, then {beats}.",
                    count_in=COUNT_IN_BEATS,
                    beats=BEATS,
                )
            )
        if stored:
            offset, uncertainty = f"{stored[0].offset_ms:+.0f}", f"{stored[0].uncertainty_ms:.0f}"
            lines.append(
                tr(
                    "Saved for this beat: {offset} ms, give or take {uncertainty} ms ({when})",
                    offset=offset,
                    uncertainty=uncertainty,
                    when=stored[0].measured_at[:10],  # the day (UTC), YYYY-MM-DD
                )
            )
        elif self.stage.child.device_latencies:
            lines.append(tr("Not calibrated at this beat: the nearest saved one is used."))
        else:
            lines.append(tr("No timing calibration saved for this device yet (0 ms is used)."))
        return lines

    def text_lines(self) -> list[tuple[str, int]]:
        """What the adult reads under the title, wrapped to the screen: lines and their
        heights (px)."""
        metrics = self.stage.metrics
        size, width = metrics.font_px(3.0), int(metrics.width_px * 0.92)
        lines = [line for text in self._lines() for line in wrapped(text, size, width)]
        return [(line, metrics.px(18 + 6.0 * index)) for index, line in enumerate(lines)]

    def circle(self, lines: list[tuple[str, int]]) -> tuple[tuple[int, int], int]:
        """The pulsing circle's centre and radius (px): in the room between the last of the
        text's `lines` and the buttons, at most 25 mm across the radius."""
        metrics = self.stage.metrics
        top = (lines[-1][1] if lines else metrics.px(10)) + metrics.px(5)
        bottom = min(button.rect.top for button in self.buttons) - metrics.px(3)
        radius = max(metrics.px(6.0), min(metrics.px(25.0), (bottom - top) // 2))
        return (metrics.width_px // 2, (top + bottom) // 2), radius

    def layout_boxes(self) -> list[LayoutBox]:
        lines = self.text_lines()
        (x, y), radius = self.circle(lines)
        count = LayoutBox(
            "the tap count", pygame.Rect(x - radius, y - radius, 2 * radius, 2 * radius), "text"
        )
        return [
            *adult_screen_boxes(
                self.stage.metrics,
                self.title,
                lines,
                self.buttons,
                self.stage.clinic_words.right_to_left,
            ),
            count,
        ]

    def draw(self, surface: pygame.Surface) -> None:
        """The words and buttons as a still picture (painted when they change); the
        circle, which glows with each beat and counts the taps, drawn over it every frame
        (opaque: drawn again over itself it stays the same) and sent alone."""
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        lines = self.text_lines()  # (once a frame: the words, then the circle below them)
        look = (
            metrics,
            palette,
            self.title,
            tuple(lines),
            tuple((b.label, b.pressed, tuple(b.rect)) for b in self.buttons),
        )
        self._still.draw(surface, self.stage.damage, look, lambda layer: self._paint(layer, lines))
        centre, radius = self.circle(lines)
        glow = 0.0 if self.finished or self.cue == "sound" else self._pulse(self.stage.clock.now())
        fill = mix(palette.surface, palette.calm, 0.25 + 0.35 * glow)
        pygame.draw.circle(surface, fill, centre, radius)
        ring = pygame.draw.circle(
            surface, palette.ink_soft, centre, radius, max(2, metrics.px(1.0))
        )
        blit_centred(surface, str(self.counted_taps), metrics.font_px(5.0), palette.ink, centre)
        self.stage.damage.add(ring)

    def _paint(self, surface: pygame.Surface, lines: list[tuple[str, int]]) -> None:
        """The still picture: background, title, the words and the buttons."""
        metrics, palette = self.stage.metrics, self.stage.child.sensory.palette
        surface.fill(palette.background_edge)
        centre_x, rtl = metrics.width_px // 2, self.stage.clinic_words.right_to_left
        title_at = (centre_x, metrics.px(10))
        blit_centred(surface, self.title, metrics.font_px(4.5), palette.ink, title_at, rtl)
        for line, y in lines:
            blit_centred(surface, line, metrics.font_px(3.0), palette.ink, (centre_x, y), rtl)
        for button in self.buttons:
            button.draw(surface, palette, metrics)
