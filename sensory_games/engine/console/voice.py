"""The console's Voice page: every spoken prompt in each language, its shipped clip, and
the clinic's own recording of it, so a child hears their therapist or parent in the
family's language.

Choose a language and a prompt; play the shipped clip; record a take from the microphone
(ui/microphone.py), play it back, keep it or discard it; go back to the shipped clip. A
take is finished to the audio caps as soon as it stops (trimmed, peak -6 dBFS, 20 ms
ramps), so what is played back is what a child will hear; kept, it is stored in the data
folder, where it wins over the shipped clip from the next time the prompt is said. Going
back to the shipped clip sets the recording aside (renamed, never deleted) and says
where. Finishing, keeping and going back (with their audit entries) are the use cases of
services/clinic_voice.py. A take stops by itself at ui/microphone.MAX_TAKE_S and says so.
Without a microphone the page says so and plays only.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from sensory_games.domain.language import LANGUAGES, N_, words
from sensory_games.domain.prompts import PROMPTS
from sensory_games.domain.voice_clip import CLIP_RATE_HZ, ClipError, finished_clip, read_wav
from sensory_games.engine.console.widgets import ROW_MM, Widgets, chosen
from sensory_games.services.clinic_voice import ClinicVoice
from sensory_games.storage import StorageError
from sensory_games.ui.microphone import MAX_TAKE_S, TAKE_FULL, Recorder, find_microphone
from sensory_games.ui.voice import preview, shipped_voice_dir

if TYPE_CHECKING:
    from sensory_games.engine.console.scene import ConsoleScene

#: The page's buttons: name -> label (marked for the catalogs; shown in the clinic's
#: language), in the order they are laid out.
BUTTONS: dict[str, str] = {
    "shipped": N_("Play shipped"),
    "clinics": N_("Play clinic's"),
    "record": N_("Record"),
    "stop": N_("Stop"),
    "take": N_("Play take"),
    "keep": N_("Keep"),
    "discard": N_("Discard"),
    "back": N_("Use shipped clip"),
}
NO_MICROPHONE = N_("No microphone found on this device: recordings cannot be made here.")
#: How wide (mm) a prompt's words may be in the prompt menu before they are cut short
#: with an ellipsis (the listing below gives them whole).
PROMPT_MM = 55.0


class VoicePage(Widgets):
    """One prompt in one language: its clips, and a take being recorded or looked at."""

    def __init__(self, console: ConsoleScene) -> None:
        super().__init__(console)
        stage = console.stage
        self.recordings = ClinicVoice(stage.repository)
        self.microphone: Recorder | None = find_microphone()
        self.recording = False
        self.take: np.ndarray | None = None  # int16 at CLIP_RATE_HZ, finished to the caps
        self.languages = {name: code for code, name in LANGUAGES.items()}  # (each its own)
        # (each prompt numbered, as in the listing, in the clinic's words, cut short on a
        # narrow screen: the listing gives the words whole, in the chosen language)
        prompts = {
            prompt_id: self.fitted(f"{number}. {self.tr(english)}", PROMPT_MM)
            for number, (prompt_id, english) in enumerate(PROMPTS.items(), start=1)
        }
        fields = [
            (self.tr("Language"), self.menu_mm(self.languages, 40.0)),
            (self.tr("Prompt"), self.menu_mm(prompts.values(), 50.0)),
        ]
        rects, y = self.fields(0.0, fields)
        first = LANGUAGES.get(stage.config.language, next(iter(self.languages)))
        self.language_menu = self.drop_down(list(self.languages), rects[0], first)
        self.prompt_menu = self.choice(prompts, rects[1], next(iter(PROMPTS)))
        labels = [self.tr(label) for label in BUTTONS.values()]
        places, y = self.flow(y, [self.text_mm(label) for label in labels])
        self.buttons = {
            name: self.add(UIButton(rect, label, self.manager))
            for name, label, rect in zip(BUTTONS, labels, places, strict=True)
        }
        self.status = self.status_line(y)
        self.listing = self.text_box("", y + ROW_MM + 3.0)
        if self.microphone is None:
            self.status.set_text(self.tr(NO_MICROPHONE))
        self.show()

    # -- what is chosen --------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.languages[chosen(self.language_menu)]

    @property
    def prompt_id(self) -> str:
        return self.value(self.prompt_menu)

    def show(self) -> None:
        """The prompts of the chosen language (the chosen one in bold), where each is said
        from, and which buttons can be used now."""
        said = words(self.language)
        lines = []
        for number, (prompt_id, english) in enumerate(PROMPTS.items(), start=1):
            line = f"{number}. {said.tr(english)}"
            if self.recordings.has(self.language, prompt_id):
                line = self.tr("{prompt} (clinic's recording)", prompt=line)
            line = html.escape(line, quote=False)
            lines.append(f"<b>{line}</b>" if prompt_id == self.prompt_id else line)
        self.listing.set_text("<br>".join(lines))
        self.refit(self.listing)
        recorded = self.recordings.has(self.language, self.prompt_id)
        usable = {
            "shipped": not self.recording,
            "clinics": recorded and not self.recording,
            "record": self.microphone is not None and not self.recording,
            "stop": self.recording,
            "take": self.take is not None,
            "keep": self.take is not None,
            "discard": self.take is not None,
            "back": recorded and not self.recording,
        }
        for name, button in self.buttons.items():
            if usable[name]:
                button.enable()
            else:
                button.disable()

    # -- what the buttons do ---------------------------------------------------------------

    def play_file(self, shipped: bool) -> None:
        """Play the shipped clip, or the clinic's recording, of the chosen prompt."""
        path = (
            shipped_voice_dir() / self.language / f"{self.prompt_id}.wav"
            if shipped
            else self.recordings.path(self.language, self.prompt_id)
        )
        try:
            clip = read_wav(path.read_bytes(), path.name)
        except (OSError, ClipError) as error:
            said = self.tr("Cannot play {file}: {error}", file=path.name, error=error)
            self.status.set_text(said)
            return
        self.play(clip.samples, clip.rate)

    def play(self, samples: np.ndarray, rate: int) -> None:
        if not preview(samples, rate, self.console.stage.config.master_volume):
            self.status.set_text(
                self.tr("No sound output: the clip cannot be heard on this device.")
            )

    def play_take(self) -> None:
        if self.take is not None:
            self.play(self.take / 32768, CLIP_RATE_HZ)

    def record(self) -> None:
        """Start a take (the one not kept yet is dropped)."""
        if self.microphone is None:
            self.status.set_text(self.tr(NO_MICROPHONE))
            return
        try:
            self.microphone.start()
        except pygame.error as error:
            said = self.tr("The microphone could not be opened: {error}", error=error)
            self.status.set_text(said)
            return
        self.take, self.recording = None, True
        self.status.set_text(self.tr("Recording… say the words below, then press Stop."))

    def stop(self, full: bool = False) -> None:
        """End the take (`full`: it reached MAX_TAKE_S and the microphone stopped taking
        it) and finish it to the caps, ready to play back, keep or discard."""
        if self.microphone is None or not self.recording:
            return
        self.recording = False
        samples, rate = self.microphone.stop()
        try:
            self.take = finished_clip(samples, rate)
        except ClipError as error:
            self.status.set_text(self.tr("Nothing to keep: {error}. Record again.", error=error))
            return
        seconds = f"{self.take.size / CLIP_RATE_HZ:.1f}"
        said = self.tr(
            "Recorded {seconds} s: play it back, then keep or discard it.", seconds=seconds
        )
        if full:
            most = f"{MAX_TAKE_S:g}"
            limit = self.tr("The take stopped by itself at the {limit} s limit.", limit=most)
            said = self.tr("{first} {then}", first=limit, then=said)
        self.status.set_text(said)

    def keep(self) -> None:
        """Store the take as the clinic's recording of this prompt in this language."""
        if self.take is None:
            return
        prompt_id, at = self.prompt_id, self.console.stage.clock.wall_utc()
        try:
            self.recordings.keep(self.language, prompt_id, self.take, at)
        except (OSError, StorageError, ClipError) as error:
            self.status.set_text(self.tr("Not kept: {error}", error=error))
            return
        self.take = None
        self.console.stage.voice.forget(prompt_id)
        self.status.set_text(self.tr("Kept: children now hear this recording."))

    def discard(self) -> None:
        self.take = None
        self.status.set_text(self.tr("Discarded."))

    def back_to_shipped(self) -> None:
        """Set the clinic's recording aside (renamed, kept in its folder: one tap never
        deletes a voice) and say where: the shipped clip is said again."""
        prompt_id, at = self.prompt_id, self.console.stage.clock.wall_utc()
        try:
            where = self.recordings.back_to_shipped(self.language, prompt_id, at)
        except (OSError, StorageError) as error:
            self.status.set_text(self.tr("Not changed: {error}", error=error))
            return
        if where is None:
            return
        self.console.stage.voice.forget(prompt_id)
        self.status.set_text(
            self.tr(
                "The shipped clip is said again. The recording is kept aside in the data "
                "folder as {file}.",
                file=where,
            )
        )

    # -- the page's hooks ------------------------------------------------------------------

    @property
    def moving(self) -> bool:
        """While recording, the page is drawn every frame (what it shows may follow the
        microphone, not an event)."""
        return self.recording

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == TAKE_FULL:
            if not self.recording:
                return
            self.stop(full=True)
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if self.recording:
                self.stop()
            self.take = None
            self.status.set_text("")
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            actions = {
                "shipped": lambda: self.play_file(shipped=True),
                "clinics": lambda: self.play_file(shipped=False),
                "record": self.record,
                "stop": self.stop,
                "take": self.play_take,
                "keep": self.keep,
                "discard": self.discard,
                "back": self.back_to_shipped,
            }
            for name, button in self.buttons.items():
                if event.ui_element is button:
                    actions[name]()
        else:
            return
        self.show()

    def kill(self) -> None:
        if self.recording and self.microphone is not None:
            self.microphone.stop()
            self.recording = False
        super().kill()
