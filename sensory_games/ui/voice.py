"""The spoken prompts played to the child, under every audio cap, one at a time.

A prompt (domain/prompts.py) is said from the clinic's own recording of it in the child's
language when there is one (``<data folder>/voice/<language>/<id>.wav``), else from the
shipped clip (``sensory_games/assets/voice/<language>/<id>.wav``).

The caps, as for every other sound (ui/audio.py, docs/safety.md):

- loudness is :meth:`SensoryProfile.volume`: the child's sound channel times the master
  volume (itself capped at 0.8); at sound 0, or with the child's voice off (their
  profile's ``voice``), nothing reaches the mixer;
- the peak is checked when a clip is loaded: a clip over -6 dBFS is scaled down to it
  (never played loud), then every clip is given one voice's share of the mix
  (:data:`~sensory_games.ui.audio.PEAK_AMPLITUDE`), so a prompt with every other sound at
  once still peaks under -6 dBFS;
- 20 ms ramps in and out are laid on every clip as it loads (no click, whatever the file);
- prompts have their own mixer voice (VOICE_CHANNEL): a prompt never overlaps another.
  A prompt asked for while one is being said *waits* and follows it (SDL's channel
  queue): the child hears both sentences whole ("follow the path" then "start at the
  green dot"); only the newest waits (one asked for while another waits replaces it), and
  the prompt already being said is not started again.
- a *timed* cue (``say(..., timed=True)``: "breathe in…" as the in-breath starts, anything
  tied to what is on the screen now) never waits: whatever is being said is faded out
  over 20 ms (FADE_MS) and the cue follows at once, the prompt waiting is dropped. Still
  one voice at a time: the cue starts when the fade has ended (a prompt asked for in
  those 20 ms is held and follows the cue: :meth:`VoicePlayer.tick`).
- leaving a screen (:meth:`VoicePlayer.screen_changed`) fades out its prompt, so nothing
  said for one screen goes on over the next; only a prompt said *for* the next screen
  (``leads_on=True``: the calm-down invitation, said as its button opens the calm
  screen) carries over it, once.

A clip that is missing, unreadable or shorter than MIN_CLIP_S (a file cut short) is
broken: nothing is said for it (the child is never kept waiting for it) and `warn` tells
the adult once per clip (the adult menu's warnings).

`caption` gives the words being said (the adult's caption, app.yaml
``clinic.voice_captions``), in the child's language, until the clip has ended or is cut.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np
import pygame

from sensory_games.domain.intensity import SensoryProfile
from sensory_games.domain.language import LANGUAGES, N_, words
from sensory_games.domain.prompts import PROMPTS, check_prompt
from sensory_games.domain.sentence import Sentence, sentence
from sensory_games.domain.voice_clip import (
    Clip,
    ClipError,
    cap_amplitude,
    ramped,
    resampled,
    sayable_clip,
)
from sensory_games.ui.audio import PEAK_AMPLITUDE, VOICE_CHANNEL, mixer_sound, start_mixer

#: A prompt cut short (by a timed cue, or its screen left) fades out over this (ms).
FADE_MS = 20


def shipped_voice_dir() -> Path:
    """The shipped clips (sensory_games/assets/voice/), wherever the package is installed."""
    return Path(str(resources.files("sensory_games") / "assets" / "voice"))


def clip_file(prompt_id: str, language: str, recordings: Path | None) -> Path | None:
    """The file a prompt is said from: the clinic's recording (in `recordings`, the data
    folder's voice/) when there is one, else the shipped clip; None when neither exists."""
    for folder in (recordings, shipped_voice_dir()):
        if folder is not None and (folder / language / f"{prompt_id}.wav").is_file():
            return folder / language / f"{prompt_id}.wav"
    return None


def clip_or_problem(
    prompt_id: str, language: str, recordings: Path | None
) -> tuple[Sentence, Clip | None]:
    """The clip `prompt_id` is said from in `language` (the clinic's recording in
    `recordings` first), or what is wrong with it (as the adult reads it)."""
    path = clip_file(prompt_id, language, recordings)
    if path is None:
        return Sentence(N_("no clip recorded or shipped")), None
    try:
        return Sentence(""), sayable_clip(path)
    except ClipError as error:
        return sentence(error), None


def clip_problems(recordings: Path | None) -> list[Sentence]:
    """What keeps a prompt from being said, each prompt in each shipped language (for
    `sensory-games doctor`: the player finds one only when it is about to say it)."""
    found = []
    for language in LANGUAGES:
        for prompt_id in PROMPTS:
            problem, clip = clip_or_problem(prompt_id, language, recordings)
            if clip is None:
                found.append(
                    Sentence(
                        N_("{prompt} ({language}): {problem}"),
                        prompt=prompt_id,
                        language=language,
                        problem=problem,
                    )
                )
    return found


def playable_samples(samples: np.ndarray, rate: int, mixer_rate: int) -> np.ndarray:
    """A clip's float samples as the mixer gets them: at `mixer_rate` (Hz), a peak over
    the -6 dBFS cap scaled down to it, then scaled to one voice's share of the mix
    (PEAK_AMPLITUDE), with 20 ms ramps."""
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    cap = cap_amplitude()
    gain = PEAK_AMPLITUDE / cap * (min(peak, cap) / peak) if peak > 0 else 0.0
    return ramped(resampled(samples * gain, rate, mixer_rate), mixer_rate)


class VoicePlayer:
    """Says prompts in `language` at the child's sensory settings (`sensory`), when
    `enabled` (their profile's voice) and there is an audio device. `recordings` is the
    data folder's voice/ (the clinic's own clips); `now` the app's clock (s)."""

    def __init__(
        self,
        sensory: SensoryProfile,
        language: str,
        *,
        enabled: bool = True,
        recordings: Path | None = None,
        now: Callable[[], float] = lambda: 0.0,
        warn: Callable[[str], None] = lambda problem: None,
    ) -> None:
        self.sensory, self.language = sensory, language
        self.enabled = enabled
        self.recordings = recordings
        self._now = now
        self._warn = warn
        self._sounds: dict[str, tuple[pygame.mixer.Sound, float]] = {}  # id -> (sound, s)
        self._broken: set[str] = set()  # prompts whose clip is broken (told once)
        self._captions: deque[tuple[str, float, float]] = deque(maxlen=2)  # words, from, to s
        self._cut: pygame.mixer.Sound | None = None  # fading out on the voice: said again
        self._leads_on: pygame.mixer.Sound | None = None  # said for the next screen
        self._quiet: pygame.mixer.Sound | None = None  # see _silence
        self._cue: pygame.mixer.Sound | None = None  # a timed cue waiting for a fade to end
        self._held: pygame.mixer.Sound | None = None  # the prompt to follow it (see tick)
        self.available = start_mixer()
        self.said: deque[tuple[str, float]] = deque(maxlen=100)  # (prompt id, volume)
        #: What `say` was asked while held back (see hold_back): its arguments, in order.
        self._held_back: list[tuple[tuple[str, ...], float, bool, bool]] | None = None

    def _sound(self, prompt_id: str) -> tuple[pygame.mixer.Sound, float] | None:
        """The mixer Sound of a prompt and its length (s), loaded once; None when its
        clip is broken (the adult is told, once)."""
        if prompt_id in self._broken:
            return None
        if prompt_id not in self._sounds:
            problem, clip = self._clip(prompt_id)
            if clip is None:
                self._broken.add(prompt_id)
                self._warn(
                    Sentence(
                        N_("voice prompt {prompt} ({language}) is not said: {problem}"),
                        prompt=prompt_id,
                        language=self.language,
                        problem=problem,
                    )
                )
                return None
            sound = mixer_sound(lambda rate: playable_samples(clip.samples, clip.rate, rate))
            self._sounds[prompt_id] = (sound, clip.duration_s)
        return self._sounds[prompt_id]

    def _clip(self, prompt_id: str) -> tuple[Sentence, Clip | None]:
        """The clip a prompt is said from, or what is wrong with it (missing, or as
        domain/voice_clip.sayable_clip judges it)."""
        return clip_or_problem(prompt_id, self.language, self.recordings)

    def preload(self, *prompt_ids: str) -> None:
        """Load the clips of prompts a screen is about to say (when it starts), so saying
        one later costs no file reading and resampling inside a frame (a clip takes
        several ms to load). Nothing is loaded when this child hears no prompts."""
        if not self.enabled or not self.available:
            return
        for prompt_id in prompt_ids:
            check_prompt(prompt_id)
            self._sound(prompt_id)

    def forget(self, prompt_id: str | None = None) -> None:
        """Load `prompt_id` (or every prompt) from its file again next time: a recording
        was kept or discarded."""
        if prompt_id is None:
            self._sounds.clear()
            self._broken.clear()
        else:
            self._sounds.pop(prompt_id, None)
            self._broken.discard(prompt_id)

    def hold_back(self) -> None:
        """Keep what `say` is asked until `let_through`: the launcher draws its first frame
        before numpy, which reads and resamples a clip, is loaded (cli/deferred_imports.py);
        "who is playing?" is said right after that frame instead of before it."""
        self._held_back = []

    def let_through(self) -> None:
        """Say what was asked while held back, in the order asked, and say at once again."""
        held, self._held_back = self._held_back or [], None
        for prompt_ids, loudness, timed, leads_on in held:
            self.say(*prompt_ids, loudness=loudness, timed=timed, leads_on=leads_on)

    def say(
        self, *prompt_ids: str, loudness: float = 1.0, timed: bool = False, leads_on: bool = False
    ) -> bool:
        """Say the prompts (keys of PROMPTS) one after the other at `loudness` (0..1)
        under the caps: at once when no prompt is being said, else right after the one
        being said (see the module's docstring; two at most: one says, one waits). A
        `timed` cue cuts short what is being said instead of waiting; a prompt that
        `leads_on` is the next screen's (it goes on when the screen changes). True when
        the last was handed to the mixer."""
        for prompt_id in prompt_ids:
            check_prompt(prompt_id)
        if self._held_back is not None:
            self._held_back.append((prompt_ids, loudness, timed, leads_on))
            return False
        volume = self.sensory.volume(loudness)
        if not self.enabled or volume <= 0 or not self.available:
            return False
        handed = False
        for prompt_id in prompt_ids:
            handed = self._say(prompt_id, volume, timed)
            if handed and leads_on:
                self._leads_on = self._sounds[prompt_id][0]
        return handed

    def _say(self, prompt_id: str, volume: float, timed: bool) -> bool:
        try:
            loaded = self._sound(prompt_id)
            if loaded is None:
                return False
            sound, duration_s = loaded
            channel = pygame.mixer.Channel(VOICE_CHANNEL)
            start = self._now()
            if timed:
                self._cut_short(channel)
            if channel.get_busy():
                if channel.get_sound() is sound and sound is not self._cut:
                    return False  # already being said: not again over itself
                if not timed and self._cue is not None and channel.get_queue() is self._cue:
                    self._held = sound  # a cue waits for a fade to end: this follows it
                else:
                    channel.queue(sound)
                    self._held = None
                    self._cue = sound if timed else None
                start = max(start, self._captions[-1][2] if self._captions else start)
            else:
                channel.play(sound)
                self._cut = None
            sound.set_volume(volume)
        except pygame.error:
            self.available = False  # device went away: carry on silently
            return False
        self.said.append((prompt_id, volume))
        said = words(self.language).tr(PROMPTS[prompt_id])
        self._captions.append((said, start, start + duration_s))
        return True

    def _cut_short(self, channel: pygame.mixer.Channel) -> None:
        """Fade out (FADE_MS) the prompt being said and drop the one waiting; their
        captions end now."""
        now = self._now()
        self._held = None
        self._captions = deque(
            ((said, start, min(end, now)) for said, start, end in self._captions if start < now),
            maxlen=self._captions.maxlen,
        )
        if channel.get_busy():
            self._cut = channel.get_sound()
            channel.fadeout(FADE_MS)
            # SDL's queue cannot be emptied, only replaced: a moment of silence takes the
            # place of the prompt waiting (a timed cue then replaces the silence).
            channel.queue(self._silence())

    def _silence(self) -> pygame.mixer.Sound:
        """One millisecond of silence (made once)."""
        if self._quiet is None:
            self._quiet = mixer_sound(lambda rate: np.zeros(max(1, rate // 1000)))
        return self._quiet

    def stop(self) -> None:
        """Stop the prompt being said with a FADE_MS fade (and drop the one waiting)."""
        self._captions.clear()
        self._leads_on = None
        if not self.available:
            return
        try:
            self._cut_short(pygame.mixer.Channel(VOICE_CHANNEL))
        except pygame.error:
            self.available = False

    def screen_changed(self) -> None:
        """Another screen comes up: what was said for the one left is faded out, unless
        it was said for this one (``leads_on``; carried once)."""
        if not self.available:
            return
        try:
            channel = pygame.mixer.Channel(VOICE_CHANNEL)
            lead = self._leads_on
            carried = lead is not None and lead in (channel.get_sound(), channel.get_queue())
        except pygame.error:
            self.available = False
            return
        self._leads_on = None
        if not carried:
            self.stop()

    def tick(self) -> None:
        """Once a frame: a prompt asked for while a timed cue waited for a fade to end
        (SDL queues one sound only) is queued as soon as the cue has started."""
        if self._held is None or not self.available:
            return
        try:
            channel = pygame.mixer.Channel(VOICE_CHANNEL)
            if channel.get_queue() is None:
                held, self._held, self._cue = self._held, None, None
                if channel.get_busy():
                    channel.queue(held)
                else:
                    channel.play(held)
        except pygame.error:
            self.available = False

    def caption(self) -> str | None:
        """The words of the prompt being said now (None between prompts)."""
        now = self._now()
        for said, start, end in reversed(self._captions):
            if start <= now < end:
                return said
        return None


def preview(samples: np.ndarray, rate: int, volume: float) -> bool:
    """Play a clip's float `samples` at `rate` (Hz) on the prompts' voice at `volume`
    (0..1; the console gives the clinic's master volume), under the same caps as a
    prompt: the adult's preview of a shipped clip or a take. A preview playing is faded
    out (FADE_MS) first. False without an audio device or at volume 0."""
    if volume <= 0 or not samples.size or not start_mixer():
        return False
    try:
        sound = mixer_sound(lambda mixer_rate: playable_samples(samples, rate, mixer_rate))
        sound.set_volume(volume)
        channel = pygame.mixer.Channel(VOICE_CHANNEL)
        if channel.get_busy():
            channel.fadeout(FADE_MS)
            channel.queue(sound)
        else:
            channel.play(sound)
    except pygame.error:
        return False
    return True
