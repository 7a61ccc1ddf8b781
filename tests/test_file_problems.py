"""Problems nobody heard about: a broken picture or a broken catalog file the app works
around (a plainer drawing, English words) is told to the adult, once, in the warnings
and errors.log, and named by `sensory-games doctor`; a broken tile picture falls back to
the activity's own drawn icon, not a tile with only Pip on it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pygame
import pytest
from helpers import run_loop

from sensory_games.domain import catalog_check
from sensory_games.domain.catalog_check import catalog_problems, file_problem
from sensory_games.domain.intensity import SensoryProfile, preset
from sensory_games.domain.language import locale_dir, words
from sensory_games.domain.sentence import render
from sensory_games.engine.app import App
from sensory_games.services.doctor_assets import check_pictures, check_translations
from sensory_games.services.findings import Status
from sensory_games.ui import guide, pictures

GOOD = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "Hello"\nmsgstr "Hola"\n'


@pytest.fixture()
def broken_tile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped art, with the tracing tile's file cut short (SDL_image reads it without
    an error, and draws nothing)."""
    art = tmp_path / "art"
    shutil.copytree(pictures.art_dir(), art)
    tile = art / "tile-tracing.svg"
    text = tile.read_text(encoding="utf-8")
    tile.write_text(text[: text.index(">", text.index("<svg")) + 1], encoding="utf-8")
    monkeypatch.setattr(pictures, "art_dir", lambda: art)
    monkeypatch.setattr(pictures, "_failures", {})
    pictures._svg_text.cache_clear()
    pictures._drawn.cache_clear()
    yield tile
    pictures._svg_text.cache_clear()
    pictures._drawn.cache_clear()


def test_a_cut_short_picture_is_refused_and_reported(broken_tile: Path) -> None:
    assert pictures.picture("tile-tracing", (80, 80)) is None
    assert pictures.problems() == {"tile-tracing": pictures.DRAWS_NOTHING}
    (said,) = pictures.problem_sentences(pictures.problems())
    assert render(said, words("en")) == (
        f"picture {broken_tile} cannot be drawn: it draws nothing (cut short or broken?); "
        "a plainer drawing stands in"
    )
    assert "无法绘制图片" in render(said, words("zh"))


def test_a_broken_tile_picture_falls_back_to_the_activitys_own_icon(broken_tile: Path) -> None:
    drawn: list[pygame.Rect] = []

    def icon(surface: pygame.Surface, rect: pygame.Rect, palette: object) -> None:
        drawn.append(rect)
        pygame.draw.circle(surface, (200, 0, 0), rect.center, rect.w // 3)

    surface = pygame.Surface((200, 200), pygame.SRCALPHA)
    guide.tile_face("tracing", icon)(
        surface, surface.get_rect(), SensoryProfile(preset("balanced")).palette
    )
    assert drawn == [surface.get_rect()]  # the activity's own icon, on the whole tile
    assert tuple(surface.get_at((100, 100)))[:3] == (200, 0, 0)


def test_the_app_tells_the_adult_of_a_broken_picture_once(
    broken_tile: Path, make_app: Callable[..., object]
) -> None:
    app = make_app()
    pictures.picture("tile-tracing", (80, 80))
    for _ in range(3):
        app.window.needs_redraw = True
        app.frame()
    told = [w for w in app.errors.warnings if "tile-tracing.svg" in w]
    assert len(told) == 1 and "a plainer drawing stands in" in told[0]
    assert app.errors.path.read_text(encoding="utf-8").count("tile-tracing.svg") == 1


def po_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "locale"
    (folder / "es").mkdir(parents=True)
    for name, text in files.items():
        (folder / "es" / name).write_text(text, encoding="utf-8")
    return folder


def test_a_broken_line_and_an_emptied_catalog_are_named_with_file_and_line(
    tmp_path: Path,
) -> None:
    broken = GOOD + '\nmsgid "Bye\nmsgstr "Adiós"\n'
    folder = po_folder(tmp_path, {"cli.po": broken, "report.po": "", "screens.po": GOOD})
    found = [render(p, words("en")) for p in catalog_problems("es", folder)]
    cli, report = folder / "es" / "cli.po", folder / "es" / "report.po"
    assert found == [
        f'{cli}, line 8: not a catalog line (msgid "Bye); the words after it may show in English',
        f"{report} has no translations (emptied?): its words show in English",
    ]
    assert catalog_problems("en", folder) == []
    assert file_problem(folder / "es" / "screens.po") is None


def test_the_shipped_catalogs_and_pictures_have_no_problem() -> None:
    assert [p for code in ("es", "ar", "zh") for p in catalog_problems(code)] == []
    assert check_translations().status is Status.OK
    assert check_pictures([]).status is Status.OK
    assert locale_dir().is_dir()


def test_the_app_tells_the_adult_of_a_broken_catalog_in_the_clinics_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_app: Callable[..., object]
) -> None:
    folder = po_folder(tmp_path, {"screens.po": ""})
    monkeypatch.setattr(catalog_check, "locale_dir", lambda: folder)
    app = make_app()
    assert not app.spare_time_chore()  # (nothing before the first frame is on screen)
    app.window.needs_redraw = True
    app.frame()  # (the clinic's language, English, has no catalog; the others are read
    app.frame()  # a file at a time in the spare time between frames)
    assert not [w for w in app.errors.warnings if "screens.po" in w]
    while app.spare_time_chore():  # (the sounds are built first, then es/screens.po)
        pass
    app.frame()
    told = [w for w in app.errors.warnings if "screens.po" in w]
    assert told == [f"{folder / 'es' / 'screens.po'} has no translations (emptied?): its words "
                    "show in English"]  # fmt: skip
    assert "screens.po" in app.errors.path.read_text(encoding="utf-8")


def test_the_real_loop_reads_the_other_catalogs_between_frames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_app: Callable[..., object]
) -> None:
    folder = po_folder(tmp_path, {"cli.po": "", "screens.po": GOOD})
    monkeypatch.setattr(catalog_check, "locale_dir", lambda: folder)
    app = make_app()
    chores: list[bool] = []
    real_chore = app.spare_time_chore

    def counted_chore() -> bool:
        chores.append(real_chore())
        return chores[-1]

    monkeypatch.setattr(app, "spare_time_chore", counted_chore)
    run_loop(app, monkeypatch, 5)
    done = chores.index(False)  # (the sounds built, both files read: nothing left)
    assert done >= 2 and not any(chores[done:])
    assert [w for w in app.errors.warnings if "cli.po" in w]


def test_the_clinics_own_catalog_is_read_before_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config, repository, clock
) -> None:
    folder = po_folder(tmp_path, {"screens.po": ""})
    monkeypatch.setattr(catalog_check, "locale_dir", lambda: folder)
    app = App(replace(config, language="es"), repository, clock, headless=True)
    app.frame()
    assert [w for w in app.errors.warnings if "screens.po" in w]


def test_doctor_names_a_broken_catalog_and_picture(tmp_path: Path) -> None:
    folder = po_folder(tmp_path, {"cli.po": GOOD + "garbage\n"})
    finding = check_translations(folder)
    assert finding.status is Status.WARN
    assert f"{folder / 'es' / 'cli.po'}, line 7" in render(finding.detail, words("en"))
    assert "reinstall" in render(finding.action, words("en"))
    problems = pictures.problem_sentences({"a": "x", "b": "y", "c": "z", "d": "w"})
    shown = render(check_pictures(problems).detail, words("es"))
    assert "a.svg" in shown and "d.svg" not in shown and shown.endswith("(y 1 más)")


@pytest.mark.parametrize("fps", [144, 240])
def test_a_high_frame_rate_leaves_spare_time_for_the_catalogs_too(
    fps: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config, repository, clock
) -> None:
    """At a frame rate whose frames leave less than 8 ms, half a frame is time enough."""
    folder = po_folder(tmp_path, {"cli.po": "", "screens.po": GOOD})
    monkeypatch.setattr(catalog_check, "locale_dir", lambda: folder)
    display = replace(config.display, fps=fps)
    app = App(replace(config, display=display), repository, clock, headless=True)
    run_loop(app, monkeypatch, 20)
    assert [w for w in app.errors.warnings if "cli.po" in w]
