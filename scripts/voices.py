"""Speak every prompt in every shipped language into the shipped voice clips.

    make voices                      -> sensory_games/assets/voice/<language>/<id>.wav and
                                        transcripts.yaml for every prompt (domain/prompts.py)
                                        in every language (domain/language.py)
    python scripts/voices.py --check -> exit 1 and list what is missing or stale, change nothing

The speech engine is eSpeak NG, offline: the `espeakng-loader` package (the `voices`
extra) ships its library and its data, driven here through ctypes, synchronously, with
nothing downloaded while it runs. Each clip is finished like a clinic's recording
(domain/voice_clip.py: trimmed, peak at -6 dBFS, 20 ms ramps, mono 16-bit 22,050 Hz);
the same words, voice and engine always give the same bytes, so a clip changes in git
only when its words (or the engine's pinned version) do. eSpeak keeps some of its sound
generator's state from one utterance to the next (seeding its noise and initialising it
again do not reset it), so each clip is spoken by a fresh engine in a process of its own:
a new prompt changes no other clip.
"""

from __future__ import annotations

import argparse
import ctypes
import multiprocessing
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
VOICE_DIR = ROOT / "sensory_games" / "assets" / "voice"
sys.path.insert(0, str(ROOT))

from sensory_games.domain.language import LANGUAGES, words  # noqa: E402
from sensory_games.domain.prompts import PROMPTS  # noqa: E402
from sensory_games.domain.voice_clip import finished_clip, wav_bytes  # noqa: E402

#: eSpeak NG's voice for each shipped language, with its soft female variant (+f3):
#: the clinic's own recordings are the warmer choice; these are the always-there default.
ENGINE_VOICES: dict[str, str] = {"en": "en+f3", "es": "es+f3", "ar": "ar+f3", "zh": "cmn+f3"}
#: Speaking rate (words per minute; eSpeak's default is 175): slow for young listeners.
RATE_WPM = 140
#: Pitch (0-100, default 50): a little higher, friendlier.
PITCH = 60

#: Seed of eSpeak's noise generator, set before every clip (reproducible bytes).
RANDOM_SEED = 19
AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
CHARS_UTF8 = 1
PARAMETER_RATE, PARAMETER_PITCH = 1, 3
SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class Speaker:
    """eSpeak NG from the espeakng-loader package, speaking into memory."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError:
            sys.exit("make voices needs the speech engine: pip install -e '.[voices]'")
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data = str(Path(espeakng_loader.get_data_path()).parent).encode()
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.rate = self.lib.espeak_Initialize(
            AUDIO_OUTPUT_SYNCHRONOUS, 0, data, INITIALIZE_DONT_EXIT
        )
        if self.rate <= 0:
            sys.exit(f"eSpeak NG did not start (data folder {data.decode()})")
        self.lib.espeak_Info.restype = ctypes.c_char_p
        self.version = self.lib.espeak_Info(None).decode()
        self._chunks: list[np.ndarray] = []
        # Kept on self: ctypes must not free the callback while eSpeak holds it.
        self._callback = SYNTH_CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: ctypes._Pointer, count: int, _events: int) -> int:
        if wav and count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0  # go on

    def speak(self, text: str, voice: str) -> np.ndarray:
        """The float samples (full scale 1.0, at `self.rate` Hz) of `text` in `voice`."""
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            sys.exit(f"eSpeak NG has no voice {voice!r}")
        self.lib.espeak_SetParameter(PARAMETER_RATE, RATE_WPM, 0)
        self.lib.espeak_SetParameter(PARAMETER_PITCH, PITCH, 0)
        # eSpeak's noise (breath, fricatives) comes from its own random generator, seeded
        # per clip: the same words give the same samples, whatever was spoken before.
        self.lib.espeak_ng_SetRandSeed(ctypes.c_long(RANDOM_SEED))
        self._chunks = []
        encoded = text.encode("utf-8") + b"\0"
        status = self.lib.espeak_Synth(encoded, len(encoded), 0, 0, 0, CHARS_UTF8, None, None)
        if status != 0:
            sys.exit(f"eSpeak NG could not speak {text!r} (error {status})")
        self.lib.espeak_Synchronize()
        samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0)
        return samples.astype(np.float64) / 32768.0


def spoken(job: tuple[str, str]) -> tuple[np.ndarray, int]:
    """The samples of `job`'s text in its voice and their rate (Hz), from an engine that
    has spoken nothing before (run in a process of its own: see the module docstring)."""
    text, voice = job
    speaker = Speaker()
    return speaker.speak(text, voice), speaker.rate


def transcript(language: str, engine: str) -> dict[str, object]:
    """What transcripts.yaml says of `language`: the engine, its voice, and each prompt's
    exact words."""
    return {
        "language": language,
        "engine": engine,
        "voice": ENGINE_VOICES[language],
        "rate_wpm": RATE_WPM,
        "pitch": PITCH,
        "prompts": {pid: words(language).tr(english) for pid, english in sorted(PROMPTS.items())},
    }


def transcript_text(content: dict[str, object]) -> str:
    return "# Made by `make voices` (scripts/voices.py); do not edit by hand.\n" + yaml.safe_dump(
        content, allow_unicode=True, sort_keys=False, width=100
    )


def build(check: bool) -> int:
    engine = f"eSpeak NG {Speaker().version}"
    stale: list[str] = []
    total = 0
    # One fresh process per clip (maxtasksperchild=1), two at a time.
    with multiprocessing.get_context("spawn").Pool(2, maxtasksperchild=1) as pool:
        for language in LANGUAGES:
            files = _language_files(pool, language, engine)
            total += sum(len(data) for data in files.values())
            stale += _compared(VOICE_DIR / language, files, check)
    verb = "stale" if check else "written"
    for line in stale:
        print(f"{verb}: {line}")
    print(
        f"{len(PROMPTS)} prompts x {len(LANGUAGES)} languages with {engine}; "
        f"{total / 1024:.0f} KiB in all; {len(stale)} {verb}"
    )
    return 1 if check and stale else 0


def _language_files(pool: Any, language: str, engine: str) -> dict[str, bytes]:
    """`language`'s folder as it should be: file name -> bytes (each clip and the
    transcript), each clip spoken in a process of its own from `pool`."""
    content = transcript(language, engine)
    said: dict[str, str] = content["prompts"]  # type: ignore[assignment]
    files = {"transcripts.yaml": transcript_text(content).encode()}
    jobs = [(text, ENGINE_VOICES[language]) for text in said.values()]
    for prompt_id, (samples, rate) in zip(said, pool.map(spoken, jobs, chunksize=1), strict=True):
        files[f"{prompt_id}.wav"] = wav_bytes(finished_clip(samples, rate))
    return files


def _compared(folder: Path, files: dict[str, bytes], check: bool) -> list[str]:
    """What in `folder` differs from `files` (missing, changed, or a clip of no prompt);
    written (and removed) unless `check`."""
    stale: list[str] = []
    for name, data in files.items():
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            continue
        stale.append(str(target.relative_to(ROOT)))
        if not check:
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for old in sorted(folder.glob("*.wav")):
        if old.name not in files:
            stale.append(f"{old.relative_to(ROOT)} (no such prompt)")
            if not check:
                old.unlink()
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    return build(parser.parse_args().check)


if __name__ == "__main__":
    raise SystemExit(main())
