"""The console's Voice page: the clinic records its own prompts (a fake microphone feeds
it samples), plays them back, keeps or discards them, and goes back to the shipped clip;
with no microphone it says so."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pygame
import pytest
from helpers import run_frames, tap_rect

from sensory_games.domain.intensity import MAX_PEAK_DBFS
from sensory_games.domain.language import words
from sensory_games.domain.prompts import HOW_DO_YOU_FEEL, PROMPTS
from sensory_games.domain.voice_clip import (
    CLIP_RATE_HZ,
    ClipError,
    finished_clip,
    peak_dbfs,
    read_wav,
)
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console import voice as voice_page
from sensory_games.engine.console.voice import NO_MICROPHONE, VoicePage
from sensory_games.engine.console.widgets import select
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene
from sensory_games.ui.audio import VOICE_CHANNEL
from sensory_games.ui.microphone import MAX_TAKE_S, TAKE_FULL, Microphone, find_microphone


class FakeMicrophone:
    """Records what the test gives it: 2 s of a loud 48 kHz tone between room noise."""

    name = "test microphone"

    def __init__(self) -> None:
        self.started = 0
        rate = 48_000
        t = np.arange(2 * rate) / rate
        room = np.full(rate // 2, 0.001)
        self.take = np.concatenate([room, 0.9 * np.sin(2 * np.pi * 180 * t), room])

    def start(self) -> None:
        self.started += 1

    def stop(self) -> tuple[np.ndarray, int]:
        return self.take, 48_000


def click(app, clock, widget) -> None:
    """A mouse click on a console widget, as SDL would queue it."""
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pos = widget.rect.center
        pygame.event.post(pygame.event.Event(kind, pos=pos, button=1, touch=False))
        run_frames(app, clock, 0.05)
    run_frames(app, clock, 0.05)


def open_voice_page(
    make_app, clock, monkeypatch, microphone, language: str = "en"
) -> tuple[object, VoicePage]:
    """The console's Voice page, its adults' screens in the clinic `language`."""
    monkeypatch.setattr(voice_page, "find_microphone", lambda: microphone)
    app = make_app(kiosk=True)
    app.stage.config = replace(app.stage.config, language=language)
    app.push(ProfilePickerScene(app.stage))
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    console_label = words(language).tr("Therapist console")
    tap_rect(app, clock, next(b for b in menu.menu if b.label == console_label).rect)
    console = app.top
    assert isinstance(console, ConsoleScene)
    click(app, clock, console.tabs["voice"])
    assert isinstance(console.page, VoicePage)
    return app, console.page


def choose(app, clock, page: VoicePage, language: str, prompt_id: str) -> None:
    select(page.language_menu, language)
    page.set_value(page.prompt_menu, prompt_id)
    page.show()
    run_frames(app, clock, 0.05)


def test_a_recording_is_made_kept_said_and_taken_back(
    make_app, clock, monkeypatch, repository
) -> None:
    microphone = FakeMicrophone()
    app, page = open_voice_page(make_app, clock, monkeypatch, microphone)
    choose(app, clock, page, "Español", HOW_DO_YOU_FEEL)
    number = list(PROMPTS).index(HOW_DO_YOU_FEEL) + 1  # (numbered as in the prompt menu)
    assert f"<b>{number}. ¿Cómo te sientes?</b>" in page.listing.html_text
    assert all(words("es").tr(english) in page.listing.html_text for english in PROMPTS.values())
    assert not page.buttons["keep"].is_enabled and not page.buttons["back"].is_enabled
    click(app, clock, page.buttons["record"])
    assert microphone.started == 1 and page.recording
    assert page.buttons["stop"].is_enabled and not page.buttons["record"].is_enabled
    click(app, clock, page.buttons["stop"])
    assert page.take is not None
    assert page.take.size / CLIP_RATE_HZ == pytest.approx(2.0, abs=0.1)  # room noise trimmed
    assert "Recorded 2.1 s" in page.status.html_text  # 2 s and 30 ms each side
    click(app, clock, page.buttons["take"])  # played back (the dummy driver mixes it)
    assert pygame.mixer.Channel(VOICE_CHANNEL).get_busy()
    pygame.mixer.Channel(VOICE_CHANNEL).stop()
    click(app, clock, page.buttons["keep"])
    kept = repository.data_dir / "voice" / "es" / f"{HOW_DO_YOU_FEEL}.wav"
    clip = read_wav(kept.read_bytes())
    assert clip.rate == CLIP_RATE_HZ
    assert peak_dbfs(clip.samples) == pytest.approx(MAX_PEAK_DBFS, abs=0.01)  # the caps
    assert clip.samples[0] == 0 and clip.samples[-1] == 0
    assert "(clinic's recording)" in page.listing.html_text
    assert page.buttons["back"].is_enabled and page.take is None
    entries = [(e.action, e.detail) for e in repository.audit_entries()]
    assert ("voice recording kept", f"es {HOW_DO_YOU_FEEL}") in entries
    # a Spanish-speaking child now hears the clinic's recording
    app.stage.voice.language = "es"
    assert app.stage.voice.say(HOW_DO_YOU_FEEL)
    heard = pygame.mixer.Channel(VOICE_CHANNEL).get_sound().get_length()
    assert heard == pytest.approx(clip.duration_s, abs=0.01)
    pygame.mixer.Channel(VOICE_CHANNEL).stop()
    recorded = kept.read_bytes()
    click(app, clock, page.buttons["back"])
    assert not kept.exists()
    [aside] = kept.parent.glob(f"{kept.name}.set-aside-*")  # kept, never deleted
    assert aside.read_bytes() == recorded
    assert f"voice/es/{aside.name}" in page.status.html_text
    assert "(clinic's recording)" not in page.listing.html_text
    assert ("voice recording set aside", f"es {aside.name}") in [
        (e.action, e.detail) for e in repository.audit_entries()
    ]


def test_a_take_can_be_discarded_and_silence_is_not_kept(
    make_app, clock, monkeypatch, repository
) -> None:
    microphone = FakeMicrophone()
    app, page = open_voice_page(make_app, clock, monkeypatch, microphone)
    click(app, clock, page.buttons["record"])
    click(app, clock, page.buttons["stop"])
    click(app, clock, page.buttons["discard"])
    assert page.take is None and not page.buttons["keep"].is_enabled
    microphone.take = np.zeros(48_000)  # nothing was said
    click(app, clock, page.buttons["record"])
    click(app, clock, page.buttons["stop"])
    assert page.take is None
    assert "Nothing to keep: the clip is silent" in page.status.html_text
    assert not (repository.data_dir / "voice").exists()


def test_without_a_microphone_the_page_says_so(make_app, clock, monkeypatch) -> None:
    app, page = open_voice_page(make_app, clock, monkeypatch, None)
    assert NO_MICROPHONE in page.status.html_text
    assert not page.buttons["record"].is_enabled
    assert page.buttons["shipped"].is_enabled
    click(app, clock, page.buttons["shipped"])  # the shipped clip still plays
    assert "Cannot play" not in page.status.html_text


def test_the_sdl_microphone_records_into_memory() -> None:
    """The real capture path (SDL's dummy driver has a capture device that hears
    silence): samples arrive at the device's rate, and silence is refused as a take."""
    microphone = find_microphone()
    if microphone is None:
        pytest.skip("no SDL capture device, not even the dummy one")
    microphone.start()
    deadline = time.monotonic() + 2.0
    while not microphone._chunks and time.monotonic() < deadline:
        time.sleep(0.02)
    samples, rate = microphone.stop()
    assert rate > 0 and samples.size > 0 and samples.dtype == np.float64
    assert microphone.stop()[0].size == samples.size  # stopped: nothing more comes in
    with pytest.raises(ClipError, match="silent"):
        finished_clip(samples, rate)


def test_a_take_stops_by_itself_at_the_limit_and_says_so(
    make_app, clock, monkeypatch, repository
) -> None:
    """The microphone posts TAKE_FULL at MAX_TAKE_S: the page stops the take (no Stop
    pressed), keeps what was heard ready to play back, and says why it stopped."""
    microphone = FakeMicrophone()
    app, page = open_voice_page(make_app, clock, monkeypatch, microphone)
    click(app, clock, page.buttons["record"])
    assert page.recording
    pygame.event.post(pygame.event.Event(TAKE_FULL, microphone=microphone.name))
    run_frames(app, clock, 0.05)
    assert not page.recording and page.take is not None
    assert f"at the {MAX_TAKE_S:g} s limit" in page.status.html_text
    assert "Recorded 2.1 s" in page.status.html_text
    assert page.buttons["keep"].is_enabled and page.buttons["record"].is_enabled
    pygame.event.post(pygame.event.Event(TAKE_FULL, microphone=microphone.name))
    run_frames(app, clock, 0.05)  # (a late one, with no take running, changes nothing)
    assert page.take is not None and "limit" in page.status.html_text


def test_the_microphone_keeps_at_most_the_limit_and_posts_take_full_once() -> None:
    """SDL's chunks up to MAX_TAKE_S are kept (the one reaching it cut at the limit),
    then nothing more; TAKE_FULL is posted once, and a new take starts empty."""
    pygame.display.init()  # (the event queue the audio thread posts to)
    pygame.event.clear()
    microphone = Microphone("test")
    microphone._rate = 1000  # (Hz: 30 s is 30 000 samples)
    chunk = np.full(7_000, 0.5, dtype=np.float32).tobytes()
    for _ in range(6):  # 42 000 samples offered
        microphone._heard(None, memoryview(chunk))
    samples, rate = microphone.stop()
    assert rate == 1000 and samples.size == round(MAX_TAKE_S * 1000)
    assert len(pygame.event.get(TAKE_FULL)) == 1


@pytest.mark.parametrize("language", ["zh", "ar"])
def test_why_a_take_is_refused_is_said_in_the_clinics_language(
    make_app, clock, monkeypatch, language: str
) -> None:
    """A silent take, and a take over the cap handed to Keep, are refused in the
    console's language: no English inside the translated line."""
    microphone = FakeMicrophone()
    microphone.take = np.zeros(48_000)  # (the room, and nobody speaking)
    app, page = open_voice_page(make_app, clock, monkeypatch, microphone, language)
    said = words(language)
    click(app, clock, page.buttons["record"])
    click(app, clock, page.buttons["stop"])
    silent = said.tr("the clip is silent: nothing was heard")
    assert silent != "the clip is silent: nothing was heard"
    assert said.tr("Nothing to keep: {error}. Record again.", error=silent) in (
        page.status.html_text
    )
    page.take = np.full(2_000, 30_000, dtype=np.int16)  # (louder than the cap)
    page.show()
    click(app, clock, page.buttons["keep"])
    louder = said.tr("the take is louder than {cap} dBFS", cap="-6")
    assert louder != "the take is louder than -6 dBFS"
    assert said.tr("Not kept: {error}", error=louder) in page.status.html_text
    assert "louder" not in page.status.html_text
