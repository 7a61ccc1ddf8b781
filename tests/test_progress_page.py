"""The console's progress page on every clinic screen: dated charts with labelled level
changes, a list of at least ten attempts, nothing overlapping or off screen, and an open
drop-down drawn over the charts."""

from __future__ import annotations

import dataclasses
import warnings
from datetime import timezone
from itertools import combinations

import pygame
import pytest
from helpers import run_frames
from progress_child import ATTEMPTS, six_weeks
from records import at, log_attempt

from sensory_games.engine.app import App
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.progress_chart import INK, PAD_MM, draw_charts, label_px
from sensory_games.engine.console.progress_list import LEAST_SHOWN
from sensory_games.engine.console.widgets import chosen, select
from sensory_games.services.report.data import Series, level_changes
from sensory_games.storage import Selection
from sensory_games.ui.screen import ScreenMetrics
from sensory_games.ui.screen_matrix import ClinicScreen, clinic_screens
from sensory_games.ui.text import font, measure, text_surface

#: The screens the brief names: the shipped tablet, portrait, the smallest kiosk.
NAMED = (ClinicScreen(1280, 800, 220), ClinicScreen(800, 1280, 220), ClinicScreen(800, 480, 130))
DAY = 24 * 60  # minutes


def app_of(config, repository, clock, screen: ClinicScreen) -> App:
    """A headless app of `screen` (its size at its density)."""
    display = dataclasses.replace(config.display, dpi=float(screen.dpi))
    return App(
        dataclasses.replace(config, display=display),
        repository,
        clock,
        window_size=(screen.width_px, screen.height_px),
        headless=True,
    )


def progress_app(
    config, repository, clock, screen: ClinicScreen, activity: str = "Pop the bubbles"
) -> tuple[App, ConsoleScene]:
    """A headless app of `screen` with the console's progress page open on `activity` of
    the child in the log."""
    app = app_of(config, repository, clock, screen)
    console = ConsoleScene(app.stage, page="progress")
    app.push(console)
    select(console.page.activity, activity)
    console.page.load()
    run_frames(app, clock, 0.1)
    return app, console


def test_the_days_under_the_charts_are_the_attempts_days_and_each_change_says_its_level(
    repository,
) -> None:
    """Six attempts: three on Mon 2 Mar, two on Tue 3 Mar (level 2 from the fourth), one
    on Thu 5 Mar at level 3. Days at attempts 1, 4, 6; L2 half way between attempts 3
    and 4, L3 between 5 and 6."""
    child = repository.add_profile(alias="Mia", animal="cat", colour=1)
    session = repository.start_session(child.id, at(0))
    for minutes, level in ((1, 1), (2, 1), (3, 1), (DAY + 1, 2), (DAY + 2, 2), (3 * DAY, 3)):
        log_attempt(repository, child, session, minutes, level=level)
    attempts = tuple(repository.attempts(selection=Selection(activity="bubbles")))
    metrics = ScreenMetrics(1280, 800, 220 / 25.4)
    surface = pygame.Surface((600, 480))
    drawn = draw_charts(
        surface, Series("bubbles", "Pop", attempts), level_changes(attempts), metrics, timezone.utc
    )
    for axis, days in zip(drawn.axes, drawn.days, strict=True):
        assert [text for text, _rect in days] == ["2 Mar", "3 Mar", "5 Mar"]
        assert [rect.centerx for _text, rect in days] == [axis.x(1), axis.x(4), axis.x(6)]
        assert all(rect.top > axis.plot.bottom for _text, rect in days)  # under the axis
    accuracy = drawn.axes[0]
    assert [(text, rect.centerx) for text, rect in drawn.levels] == [
        ("L2", accuracy.x(3.5)),
        ("L3", accuracy.x(5.5)),
    ]
    assert accuracy.x(3) < accuracy.x(3.5) < accuracy.x(4)
    assert all(rect.bottom <= accuracy.plot.top for _text, rect in drawn.levels)  # above
    size = label_px(metrics)
    assert size >= metrics.font_px(3.0)
    placed = [label for days in drawn.days for label in days] + drawn.levels
    assert all(rect.size == text_surface(text, size, INK).get_size() for text, rect in placed)
    every = [rect for _text, rect in placed]
    assert all(surface.get_rect().contains(rect) for rect in every)  # none clipped
    assert not any(a.colliderect(b) for a, b in combinations(every, 2))


@pytest.mark.parametrize("screen", clinic_screens(), ids=lambda s: s.name)
def test_the_page_fits_every_clinic_screen_and_lists_ten_attempts(
    config, repository, clock, screen: ClinicScreen
) -> None:
    """40 attempts over six weeks at four levels: at least ten listed, charts and list
    and the widgets apart and on screen, every label inside its chart, no warning."""
    six_weeks(repository)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        app, console = progress_app(config, repository, clock, screen)
    assert [str(w.message) for w in caught] == []
    page = console.page
    assert len(page.lines) == ATTEMPTS and page.shown >= LEAST_SHOWN
    screen_rect = pygame.Rect((0, 0), app.metrics.size_px)
    (area,) = page.scroll_areas()
    shown = [page.child, page.activity, page.replay, page.chart_image, page.list_image]
    for widget in shown:  # (a short screen scrolls to the list: each is seen whole)
        area.reveal(widget)
        assert screen_rect.contains(widget.rect), type(widget).__name__
    area.scroll_to(0)
    placed = [pygame.Rect(widget.rect) for widget in shown]
    assert not any(a.colliderect(b) for a, b in combinations(placed, 2))
    line = font(label_px(app.metrics)).get_linesize()
    assert all(axis.plot.h >= 2 * line for axis in page.drawn.axes)  # room for 0 and top
    labels = [r for days in page.drawn.days for _t, r in days] + [r for _t, r in page.drawn.levels]
    assert all(pygame.Rect((0, 0), page.chart.size).contains(r) for r in labels)
    assert [text for text, _r in page.drawn.levels] == ["L2", "L3", "L4"]


@pytest.mark.parametrize("screen", NAMED, ids=lambda s: s.name)
def test_an_open_drop_down_is_drawn_over_the_charts(
    config, repository, clock, screen: ClinicScreen
) -> None:
    """The activity list, open (down or up, where there is room), lies over the page;
    what the screen shows in its rect is the list alone: the same with the charts hidden
    (inside its translucent shadow)."""
    six_weeks(repository)
    app, console = progress_app(config, repository, clock, screen)
    page = console.page
    menu = page.activity
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=menu.rect.center, button=1, touch=False)
    )
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=menu.rect.center, button=1, touch=False)
    )
    run_frames(app, clock, 0.2)
    options = menu.current_state.options_selection_list
    assert options is not None and options.visible
    shown = options.rect.inflate(-2 * options.shadow_width, -2 * options.shadow_width)
    assert pygame.Rect((0, 0), app.metrics.size_px).contains(shown)  # entirely visible
    assert shown.colliderect(page.page.area.viewport)  # (over the page's charts or rows)
    over_charts = app.surface.subsurface(shown).copy()
    page.chart_image.hide()
    page.list_image.hide()
    alone = pygame.Surface(app.surface.get_size())
    console.manager.draw_ui(alone)  # the UI without the charts, and nothing painted after
    assert pygame.image.tobytes(over_charts, "RGB") == pygame.image.tobytes(
        alone.subsurface(shown), "RGB"
    )


def test_the_page_opens_on_the_child_playing_and_says_when_there_is_nothing(
    config, repository, clock
) -> None:
    """Ada (first in the alphabet, no attempts) and the child with six weeks: the page opens
    on the child whose session is running, and an activity never played says so."""
    repository.add_profile(alias="Ada", animal="owl")
    child = six_weeks(repository)
    app = app_of(config, repository, clock, ClinicScreen(1280, 800, 220))
    app.stage.start_session(child)
    console = ConsoleScene(app.stage, page="progress")
    app.push(console)
    page = console.page
    assert chosen(page.child) == child.alias
    select(page.activity, "Drum to the beat")
    page.load()
    assert page.lines == [] and page.shown == 0


@pytest.mark.parametrize("screen", NAMED, ids=lambda s: s.name)
def test_a_long_chart_title_stays_inside_its_panel(
    config, repository, clock, screen: ClinicScreen
) -> None:
    """Calm's "Touches not asked for, per minute" in the narrow panel of a landscape page:
    inside the panel, from its padding, whole where it fits and else cut with "…" (it ran
    over the panel's edge, "per minut")."""
    app, console = progress_app(config, repository, clock, screen, "Calm")
    inside = pygame.Rect((0, 0), console.page.chart.size).inflate(-2, -2)  # (its border)
    size = label_px(app.metrics)
    titles = console.page.drawn.titles
    assert len(titles) == 2
    for text, rect in titles:  # (drawn whole: not clipped by the panel's surface)
        assert inside.contains(rect) and rect.w >= measure(text, size)[0], (text, rect, inside)
    assert titles[1][0].startswith("Touches not asked for")


def test_an_arabic_chart_title_starts_where_its_lines_start_at_the_right(
    config, repository, clock
) -> None:
    app = app_of(dataclasses.replace(config, language="ar"), repository, clock, NAMED[0])
    console = ConsoleScene(app.stage, page="progress")
    app.push(console)
    run_frames(app, clock, 0.1)
    panel = pygame.Rect((0, 0), console.page.chart.size)
    pad = app.metrics.px(PAD_MM)
    for text, rect in console.page.drawn.titles:
        assert rect.right == panel.right - pad, (text, rect, panel)
