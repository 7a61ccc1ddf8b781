"""The adult menu's notes and warnings under its buttons: stacked by their measured heights,
always inside the screen and clear of the buttons; when they do not all fit, whole lines
and a last line saying where the rest can be read (errors.log, the console's Audit page)."""

from __future__ import annotations

import dataclasses

import pygame
import pytest

from sensory_games.domain.language import LANGUAGES, words
from sensory_games.engine.app import App
from sensory_games.engine.scenes.adult_menu import (
    AUDIT,
    LOG,
    MORE,
    SHOWN_WARNINGS,
    UNLOGGED,
    AdultMenuScene,
    fitted_notes,
)
from sensory_games.ui.layout_rules import check_boxes
from sensory_games.ui.text import cut_line, measure, wrapped

LONG_WARNING = (
    "the audit list could not be written (the log /var/lib/sensory-games/clinic-data/"
    "sensory_games.db could not be read (EIO: input/output error on the device, sector"
    " 123456789, after 3 retries; the disk may be failing and should be replaced soon))"
)
EXPORTED = (
    "Exported 4 attempts to /home/therapist/Documents/sensory-games/exports/Mia-2026-12-06"
    " (attempts.csv, attempts-excel.csv, attempts.json, check-ins.csv, report.pdf)"
)


def menu_at(config, repository, clock, size, dpi, language="en") -> tuple[App, AdultMenuScene]:  # type: ignore[no-untyped-def]
    display = dataclasses.replace(config.display, dpi=float(dpi))
    clinic = dataclasses.replace(config, display=display, language=language)
    app = App(clinic, repository, clock, window_size=size, headless=True)
    return app, AdultMenuScene(app.stage)


def more_line(language: str, *kept: str) -> str:
    return words(language).tr(MORE[frozenset(kept)])


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_very_long_warning_at_800x480_stays_on_screen_and_off_the_buttons(
    config, repository, clock, language: str
) -> None:
    app, menu = menu_at(config, repository, clock, (800, 480), 130, language)
    app.stage.errors.warn(LONG_WARNING)
    app.push(menu)
    app.frame()
    lines = menu.note_lines()
    assert check_boxes(menu.layout_boxes(), app.metrics, "adult menu") == []
    size = app.metrics.font_px(3.0)
    below_buttons = max(button.rect.bottom for button in menu.menu)
    tops = [y - measure(line, size)[1] // 2 for line, y in lines]
    assert tops[0] >= below_buttons
    for (line, y), next_top in zip(lines, [*tops[1:], app.metrics.height_px], strict=True):
        assert y + (measure(line, size)[1] + 1) // 2 <= next_top  # no line over the next
    width = int(app.metrics.width_px * 0.9)
    if language == "ar":  # (a line 1.5 times as tall as a Latin one: room for one line)
        # what happened, cut with "…", rather than where the rest is of nothing shown
        assert [line for line, _y in lines] == [cut_line(LONG_WARNING, size, width)]
        assert lines[0][0].endswith(" …") and measure(lines[0][0], size)[0] <= width
        return
    # whole lines from its start, and the last line says where the rest is, in words
    assert len(lines) >= 2
    assert [line for line, _y in lines[:-1]] == list(
        wrapped(LONG_WARNING, size, width)[: len(lines) - 1]
    )
    assert lines[-1][0] == more_line(language, LOG)


def test_the_picture_of_the_menu_shows_the_lines_whole_under_the_buttons(
    config, repository, clock, tmp_path
) -> None:
    """Drawn, not only declared: nothing but the background under the last line."""
    app, menu = menu_at(config, repository, clock, (800, 480), 130)
    app.stage.errors.warn(LONG_WARNING)
    app.push(menu)
    app.frame()
    [*_, (last, y)] = menu.note_lines()
    height = measure(last, app.metrics.font_px(3.0))[1]
    background = tuple(app.surface.get_at((2, app.metrics.height_px - 1)))
    bottom_row = {tuple(app.surface.get_at((x, app.metrics.height_px - 1))) for x in range(800)}
    assert bottom_row == {background}
    assert y + height // 2 < app.metrics.height_px


def test_everything_that_fits_is_shown_whole_with_no_more_line(config, repository, clock) -> None:
    app, menu = menu_at(config, repository, clock, (1280, 800), 130)
    app.stage.errors.warn("the picture tile-drum.svg is broken")
    app.stage.errors.warn(LONG_WARNING)
    app.push(menu)
    shown = [line for line, _y in menu.note_lines()]
    assert " ".join(shown).startswith(LONG_WARNING[:40])  # the latest first
    assert shown[-1] == "the picture tile-drum.svg is broken"
    assert not any(line.startswith("\u2026") for line in shown)
    assert check_boxes(menu.layout_boxes(), app.metrics, "adult menu") == []


def test_a_cut_export_line_sends_the_adult_to_the_audit_page(config, repository, clock) -> None:
    app, menu = menu_at(config, repository, clock, (800, 480), 130, "es")
    app.push(menu)
    menu.notes, menu.audited = [EXPORTED], EXPORTED
    lines = [line for line, _y in menu.note_lines()]
    assert lines[-1] == more_line("es", AUDIT)
    assert EXPORTED.startswith(lines[0])
    app.stage.errors.warn("the picture tile-drum.svg is broken")  # hidden now, too
    assert menu.note_lines()[-1][0] == more_line("es", AUDIT, LOG)


def test_warnings_older_than_the_listed_ones_are_pointed_to(config, repository, clock) -> None:
    """Only the latest SHOWN_WARNINGS are listed, even on a big screen: the rest are in
    errors.log, and the menu says so."""
    app, menu = menu_at(config, repository, clock, (1920, 1200), 130)
    for number in range(SHOWN_WARNINGS + 1):
        app.stage.errors.warn(f"warning {number}")
    app.push(menu)
    shown = [line for line, _y in menu.note_lines()]
    assert shown == [f"warning {n}" for n in range(SHOWN_WARNINGS, 0, -1)] + [more_line("en", LOG)]
    assert all(f"warning {n}" in app.errors.path.read_text("utf-8") for n in range(4))


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_warnings_errors_log_could_not_take_are_not_said_to_be_there(
    config, repository, clock, language: str
) -> None:
    """errors.log cannot be written (here a folder stands in its place; a full one is the
    same): the last line says more is not shown, never that it is in errors.log."""
    app, menu = menu_at(config, repository, clock, (1920, 1200), 130, language)
    app.errors.path.mkdir()
    for number in range(SHOWN_WARNINGS + 1):
        app.stage.errors.warn(f"warning {number}")
    app.push(menu)
    last = menu.note_lines()[-1][0]
    assert last == more_line(language, UNLOGGED)
    assert "errors.log" in last and last != more_line(language, LOG)


def test_a_failed_export_is_kept_in_errors_log(config, repository, clock, monkeypatch) -> None:
    """What the menu may have to cut must be readable in full where its MORE line says."""
    from sensory_games.services import session_export

    def refuse(*_args: object) -> None:
        raise OSError("No space left on device: '/media/usb/exports'")

    monkeypatch.setattr(session_export, "export_child", refuse)
    app, menu = menu_at(config, repository, clock, (800, 480), 130)
    app.push(menu)
    menu.export()
    menu.update(0.1)
    assert menu.notes[0].startswith("The export failed: No space left on device")
    assert "No space left on device: '/media/usb/exports'" in app.errors.path.read_text("utf-8")
    assert app.errors.warnings == []  # (a note, not a warning too: said once on the menu)


@pytest.mark.parametrize("size", [(1280, 800), (800, 480)])
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_failed_export_is_said_on_the_menu_in_every_language(
    config, repository, clock, monkeypatch, language: str, size: tuple[int, int]
) -> None:
    """However little room the notes have (Arabic lines are taller), the menu says that the
    export failed: never only where the rest of a note nobody sees is kept."""
    from sensory_games.services import session_export

    def refuse(*_args: object) -> None:
        raise OSError("No space left on device: '/media/usb/exports/20261207-0930-Mia'")

    monkeypatch.setattr(session_export, "export_child", refuse)
    app, menu = menu_at(config, repository, clock, size, 130 if size[1] < 600 else 220, language)
    app.push(menu)
    menu.export()
    menu.update(0.1)
    app.frame()
    failed = words(language).tr("The export failed: {error}", error="")
    assert menu.note_lines()[0][0].startswith(failed.strip()), menu.note_lines()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_note_that_starts_with_an_alias_reads_in_the_clinics_direction(
    config, repository, clock, language: str
) -> None:
    """ "Mia موجود هنا مسبقًا بهذه الإعدادات": in Arabic the alias that starts the note is
    read first, at the right; "محمد is already here..." in English starts at the left. The
    line on the screen is the one drawn in the clinic's direction, not in its first
    letter's."""
    from sensory_games.ui.text import text_surface

    said = words(language)
    alias = "Mia" if said.right_to_left else "محمد"
    app, menu = menu_at(config, repository, clock, (1280, 800), 220, language)
    menu.notes = [said.tr("{alias} is already here with these settings", alias=alias)]
    app.push(menu)
    app.frame()
    (line, y), *_rest = menu.note_lines()
    size, ink = app.metrics.font_px(3.0), app.stage.child.sensory.palette.ink
    ways = {rtl: text_surface(line, size, ink, rtl) for rtl in (said.right_to_left, None)}
    pictures = {rtl: pygame.image.tobytes(way, "RGBA") for rtl, way in ways.items()}
    assert pictures[None] != pictures[said.right_to_left]  # (two ways to draw it)
    drawn = ways[said.right_to_left]
    rect = drawn.get_rect(center=(app.metrics.width_px // 2, y))
    expected = app.surface.copy()
    expected.fill(app.surface.get_at((rect.x - 1, rect.y)), rect)
    expected.blit(drawn, rect)
    shown = app.surface.subsurface(rect)
    assert pygame.image.tobytes(shown, "RGB") == pygame.image.tobytes(
        expected.subsurface(rect), "RGB"
    )


def test_one_lines_room_shows_what_the_adult_did_and_that_more_is_hidden() -> None:
    """Room for one line: the text at `lead` (the adult's note under a server line), cut with
    "…" when anything else is hidden (another text, or older warnings)."""
    said = words("en")
    size = 20
    room = measure("The", size)[1] + 1
    texts = [("Clinic server: syncing…", LOG), ("The export failed", LOG)]
    assert fitted_notes(texts, None, size, 2000, room, said, lead=1) == ["The export failed …"]
    alone = [("The export failed", LOG)]
    assert fitted_notes(alone, LOG, size, 2000, room, said) == ["The export failed …"]
