"""Redrawing only what changed (ui/damage.py): for every activity played by its bot, each
frame drawn in parts is the very picture a whole redraw gives, and every pixel that
changed since the last frame lies inside the rectangles sent to the display."""

from __future__ import annotations

import random

import numpy as np
import pygame
import pygame_gui
import pytest
from helpers import on_the_menu
from records import fill_device

from sensory_games.activities import REGISTRY
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.redraw import ConsoleChanges
from sensory_games.engine.scenes.activity_menu import ActivityMenuScene
from sensory_games.engine.scenes.calibration import CalibrationScene
from sensory_games.engine.scenes.calm_pause import CalmPauseScene
from sensory_games.engine.scenes.check_in import CheckInScene
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.engine.scenes.reward import RewardScene
from sensory_games.ui.damage import Damage, MovingParts, flat_backdrop
from sensory_games.ui.input import finger_event

SIZE = (800, 480)


def pixels(surface: pygame.Surface) -> np.ndarray:
    """The colour of each pixel of a 32-bit surface, a W x H array of its red, green and
    blue packed in one integer (the unused byte masked off): two pixels are equal exactly
    when their colours are, and comparing one integer a pixel costs a fraction of
    array3d's copy and its three channels (these tests compare every frame)."""
    red, green, blue, _alpha = surface.get_masks()
    return np.array(pygame.surfarray.pixels2d(surface)) & (red | green | blue)


def outside(changed: np.ndarray, rects: list[pygame.Rect]) -> int:
    """How many changed pixels (a W x H mask: `now != before` of two `pixels`) no
    rectangle covers."""
    covered = np.zeros_like(changed)
    for rect in rects:
        covered[rect.left : rect.right, rect.top : rect.bottom] = True
    return np.count_nonzero(changed & ~covered)


def whole_picture(app, scene) -> np.ndarray:
    """What the scene draws when told the screen shows nothing of it (into a spare
    surface: the window keeps its frame)."""
    spare = pygame.Surface(app.surface.get_size()).convert(app.surface)
    damage = app.window.damage
    damage.start(spare.get_size(), still_on_screen=False)
    scene.draw(spare)
    app.sensory.draw(spare, damage)  # (the caption and the sliders, when shown)
    return pixels(spare)


#: Levels played besides 1 and 3, for variants those do not show (tracing: guides fading
#: shape by shape, copy mode's boxes and model, the name in copy mode).
MORE_LEVELS = {"tracing": [13, 15, 18]}


def played(app, clock, scene, bot, frames: int):
    """The frame numbers of up to `frames` frames of `bot` playing `scene`, each drawn
    (stops when a frame is not drawn or the scene has gone); between frames the chores the
    real-time loop does in its spare time (layers composed ahead, scores)."""
    for frame in range(frames):
        clock.advance(app.step_s)
        for event in bot.events(clock.now()):
            pygame.event.post(event)
        if not app.frame() or scene is not app.top:
            return
        yield frame
        while app.spare_time_chore():
            pass


def levels_of(app, slug: str) -> list[int]:
    """Levels 1 and 3 (and MORE_LEVELS); for calming (a level there is the choice of
    scene) the first level of every scene and of every breathing shape."""
    if slug != "calming":
        return [1, 3, *MORE_LEVELS.get(slug, [])]
    first: dict[tuple[str, str], int] = {}
    for level in app.child.levels(slug):
        variant = level.parameters.get("variant", "breathing")
        shape = level.parameters.get("shape", "balloon") if variant == "breathing" else ""
        first.setdefault((variant, shape), level.number)
    return sorted(first.values())


@pytest.mark.parametrize(
    ("slug", "scale"),
    [*((slug, 1.0) for slug in sorted(REGISTRY)), ("bubbles", 0.75), ("tracing", 0.5)],
)
def test_frames_drawn_in_parts_match_the_whole_picture(slug, scale, make_app, clock, repository):
    """(At a render scale under 1 too: the canvas scaled up in parts, ui/scaled_canvas.py.)"""
    app = make_app(SIZE)
    app.render_scale.configured = app.render_scale.value = scale
    on_the_menu(app, repository)
    levels = [level for level in levels_of(app, slug) if level <= len(app.child.levels(slug))]
    if slug == "calming":  # (every scene and shape, not only the first few breathing levels)
        assert levels == [1, 2, 4, 6, 8, 9]
    for level in levels:
        drawn_in_parts = 0
        scene = ActivityScene(app.stage, slug, level, seed=level)
        app.push(scene)
        bot = scene.activity.bot_class(scene.activity, level, 0.6)
        before = None
        for frame in played(app, clock, scene, bot, 150):
            now = pixels(app.surface)
            rects = app.window.damage.rects()
            if rects is not None and before is not None:
                drawn_in_parts += 1
                changed = now != before
                assert outside(changed, rects) == 0, f"{slug} {level} frame {frame}"
                if frame % 10 == 0:  # (a whole redraw of the same moment, compared)
                    assert (whole_picture(app, scene) == now).all(), f"{slug} {level} {frame}"
                    app.request_redraw()  # (the window's frame is whole again next)
            before = now
        app.stack.pop_to(ActivityMenuScene)
        assert drawn_in_parts > 0, f"{slug} {level} never drew a frame in parts"


@pytest.mark.parametrize("screen", ["reward", "calm pause", "check-in", "calibration"])
def test_child_screens_drawn_in_parts_match_the_whole_picture(screen, make_app, clock, repository):
    app = make_app(SIZE)
    on_the_menu(app, repository)
    scene = {
        "reward": lambda: RewardScene(app.stage, 3, "bubbles", 0.9),
        "calm pause": lambda: CalmPauseScene(app.stage),
        "check-in": lambda: CheckInScene(app.stage, "before", lambda _: app.stage.pop()),
        "calibration": lambda: CalibrationScene(app.stage),  # (an adult's, drawn likewise)
    }[screen]()
    app.push(scene)
    rng = random.Random(4)
    in_parts = 0
    for frame in range(240):
        clock.advance(app.step_s)
        if frame % 45 == 44:  # (a finger down somewhere, held, lifted: not on a button)
            x, y = rng.uniform(30, 120), rng.uniform(20, 80)
            pygame.event.post(finger_event(app.metrics, "down", 1, x, y))
            pygame.event.post(finger_event(app.metrics, "up", 1, x, y))
        before = pixels(app.surface)
        if not app.frame() or scene is not app.top:
            break
        rects = app.window.damage.rects()
        if rects is not None:
            in_parts += 1
            assert outside(pixels(app.surface) != before, rects) == 0, frame
            if frame % 10 == 0:
                assert (whole_picture(app, scene) == pixels(app.surface)).all(), frame
                app.request_redraw()
    assert in_parts > 20


@pytest.mark.parametrize(("slug", "level"), [("bubbles", 3), ("tracing", 1)])
def test_the_sliders_over_a_scene_are_drawn_again_only_where_it_changed(
    slug, level, make_app, clock, repository
):
    """The sensory sliders stay open while an adult watches the child play: a frame draws
    the scene in parts and the sliders again only where the scene changed under them
    (the same pixels as drawn whole: every pixel they draw over the scene is opaque, their
    buttons lie on their own opaque card); the frame they open, move or close is whole."""
    app = make_app(SIZE)
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, slug, level, seed=5)
    app.push(scene)
    app.stage.open_overlay()
    overlay = app.sensory.overlay
    assert overlay is not None
    assert all(overlay.panel.contains(button.rect) for button in overlay.buttons)
    bot = scene.activity.bot_class(scene.activity, 5, 0.6)
    before, in_parts, under = None, 0, 0
    for frame in played(app, clock, scene, bot, 90):
        now, rects = pixels(app.surface), app.window.damage.rects()
        if frame == 0:
            assert rects is None  # (the sliders opened)
        elif rects is not None and before is not None:
            in_parts += 1
            under += any(rect.colliderect(overlay.panel) for rect in rects)
            assert outside(now != before, rects) == 0, frame
            if frame % 10 == 0:
                assert (whole_picture(app, scene) == now).all(), frame
                app.request_redraw()
        before = now
    assert in_parts > 40 and under > 0
    app.stage.set_intensity(
        app.child.sensory.intensity.with_overrides({"visual": 0.35}), clock.now()
    )
    list(played(app, clock, scene, bot, 1))
    assert app.window.damage.rects() is None  # (a slider moved: whole)
    app.stage.close_overlay()
    list(played(app, clock, scene, bot, 1))
    assert app.window.damage.rects() is None  # (closed: whole once)
    list(played(app, clock, scene, bot, 3))
    assert app.window.damage.rects() is not None


def test_a_new_scene_a_resize_or_new_colours_draw_the_whole_frame(make_app, clock, repository):
    app = make_app(SIZE)
    on_the_menu(app, repository)
    app.push(ActivityScene(app.stage, "bubbles", 1, seed=1))
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None  # a scene's first frame
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is not None  # then only what moved
    app.resize((640, 480))
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None
    app.stage.open_overlay()
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None


def test_a_screen_that_never_asks_is_sent_whole():
    damage = Damage()
    damage.start((100, 100), still_on_screen=True)
    damage.add(pygame.Rect(0, 0, 10, 10))  # (a scene that draws whole adds nothing)
    assert damage.rects() is None


def test_rects_clip_to_the_screen_and_most_of_it_is_sent_whole():
    damage = Damage()
    damage.start((100, 100), still_on_screen=True)
    assert damage.drawing_parts()
    damage.add(pygame.Rect(-5, -5, 10, 10))
    damage.add(pygame.Rect(200, 0, 10, 10))  # (off the screen: nothing)
    assert damage.rects() == [pygame.Rect(0, 0, 5, 5)]
    damage.add(pygame.Rect(0, 0, 90, 90))
    assert damage.rects() is None


def test_a_part_painted_over_and_drawn_again_counts_once_towards_most_of_the_screen():
    damage = Damage()
    damage.start((100, 100), still_on_screen=True)
    assert damage.drawing_parts()
    for _ in range(2):  # (last frame's part painted over, this frame's drawn: one place)
        damage.add(pygame.Rect(0, 0, 70, 70))
    assert damage.rects() == [pygame.Rect(0, 0, 70, 70)]  # 49% of the screen: in parts


def test_moving_parts_paint_last_frames_parts_over():
    surface = pygame.Surface((50, 50))
    damage, parts = Damage(), MovingParts()
    backdrop = flat_backdrop((0, 0, 0))
    damage.start((50, 50), still_on_screen=False)
    assert parts.begin(surface, damage, backdrop)  # whole
    parts.drew(surface.fill((255, 0, 0), pygame.Rect(5, 5, 5, 5)))
    parts.end()
    damage.start((50, 50), still_on_screen=True)
    assert not parts.begin(surface, damage, backdrop)
    parts.drew(surface.fill((255, 0, 0), pygame.Rect(20, 20, 5, 5)))
    parts.end()
    assert surface.get_at((6, 6))[:3] == (0, 0, 0)  # the old part is gone
    assert damage.rects() == [pygame.Rect(5, 5, 5, 5), pygame.Rect(20, 20, 5, 5)]


def test_the_share_of_the_screen_parts_would_paint_again_counts_only_changed_parts():
    surface = pygame.Surface((100, 100))
    damage, parts = Damage(), MovingParts()
    backdrop = flat_backdrop((0, 0, 0))
    looks = [("a", pygame.Rect(0, 0, 10, 10)), ("b", pygame.Rect(50, 50, 20, 20))]
    assert parts.repaint_share(surface, "step 1", looks) == 1.0  # (another backdrop)
    damage.start((100, 100), still_on_screen=False)
    parts.draw_changed(surface, damage, backdrop, looks, lambda i: None, shows="step 1")
    assert parts.repaint_share(surface, "step 1", looks) == 0.0  # nothing changed
    faded = [looks[0], ("b fainter", pygame.Rect(50, 50, 20, 20))]
    assert parts.repaint_share(surface, "step 1", faded) == 0.04  # b's square, once
    moved = [looks[0], ("b", pygame.Rect(60, 60, 20, 20))]
    assert parts.repaint_share(surface, "step 1", moved) == 0.08  # where it was and is
    assert parts.repaint_share(surface, "step 2", looks) == 1.0


def test_the_console_is_not_drawn_again_while_nothing_on_it_changes(
    make_app, clock, repository, monkeypatch
):
    from sensory_games.engine.console.scene import SETTLE_S, ConsoleScene

    app = make_app(SIZE)
    on_the_menu(app, repository)
    console = ConsoleScene(app.stage, "profiles")
    app.push(console)
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() is None  # its first frame: whole
    clock.advance(SETTLE_S + 0.1)
    app.frame()
    app.frame()
    assert app.window.damage.rects() == []  # still: nothing drawn, nothing sent
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(50, 50), rel=(1, 1), buttons=(0, 0, 0))
    )
    clock.advance(app.step_s)
    app.frame()
    assert app.window.damage.rects() == []  # an event that changed no widget: nothing
    tab = console.tabs["levels"].rect
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: tab.center)  # (where pygame_gui looks)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=tab.center, rel=(1, 1), buttons=(0, 0, 0))
    )
    for _ in range(3):  # (pygame_gui's hover look may take a frame or two)
        clock.advance(app.step_s)
        app.frame()
        if app.window.damage.rects():
            break
    assert app.window.damage.rects() == [tab]  # a tab hovered: that tab, drawn again


def test_a_flat_backdrop_copied_from_its_tile_paints_what_a_fill_does() -> None:
    screen = pygame.Surface((700, 600))
    screen.fill((200, 10, 10))
    paint = flat_backdrop((12, 34, 56))
    paint(screen, pygame.Rect(10, 10, 40, 30))  # (and a part larger than the tile: in a grid)
    paint(screen, pygame.Rect(100, 50, 550, 540))
    expected = pygame.Surface((700, 600))
    expected.fill((200, 10, 10))
    expected.fill((12, 34, 56), pygame.Rect(10, 10, 40, 30))
    expected.fill((12, 34, 56), pygame.Rect(100, 50, 550, 540))
    assert np.array_equal(pygame.surfarray.array3d(screen), pygame.surfarray.array3d(expected))
    other = flat_backdrop((1, 2, 3))  # a new colour: a new tile
    other(screen, pygame.Rect(0, 0, 5, 5))
    assert screen.get_at((2, 2))[:3] == (1, 2, 3)
    see_through = pygame.Surface((40, 30), pygame.SRCALPHA)  # (filled: alpha and all)
    paint(see_through, pygame.Rect(0, 0, 10, 10))
    assert see_through.get_at((5, 5)) == (12, 34, 56, 255)
    assert see_through.get_at((20, 20)) == (0, 0, 0, 0)


def test_console_frames_drawn_in_parts_match_the_whole_picture(
    make_app, clock, repository, monkeypatch
):
    """The console (pygame_gui, engine/console/redraw.py) draws only where a widget's look
    changed while it settles: every frame of hovering, pressing, typing, a drop-down and
    scrolling is compared with the whole picture."""
    fill_device(repository, "Mia")
    app = make_app((1024, 600))
    on_the_menu(app, repository)
    console = ConsoleScene(app.stage, "profiles")
    app.push(console)
    in_parts = 0
    mouse = [(0, 0)]  # (where pygame_gui and the scroll areas read the pointer)
    wholes: list[np.ndarray] = []
    drawn = console.draw

    def draw(surface: pygame.Surface) -> None:
        """The frame, then the whole picture of the same moment (the events polled after
        a frame is drawn change the console for the next one)."""
        drawn(surface)
        window_damage, app.window.damage = app.window.damage, Damage()
        spare = pygame.Surface(surface.get_size()).convert(surface)
        app.window.damage.start(spare.get_size(), still_on_screen=False)
        drawn(spare)
        wholes.append(pixels(spare))
        app.window.damage = window_damage

    monkeypatch.setattr(console, "draw", draw)
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: mouse[0])

    def frames(count: int, *events: pygame.event.Event) -> None:
        nonlocal in_parts
        for event in events:
            pygame.event.post(event)
        for frame in range(count):
            before, count_before = pixels(app.surface), len(wholes)
            clock.advance(app.step_s)
            app.frame()
            assert len(wholes) == count_before + 1  # (drawn: it moves for SETTLE_S)
            now, rects = pixels(app.surface), app.window.damage.rects()
            if rects is not None:
                in_parts += 1
                assert outside(now != before, rects) == 0, frame
            assert (wholes[-1] == now).all(), (console.page_name, frame)

    def moved(rect: pygame.Rect) -> pygame.event.Event:
        mouse[0] = rect.center
        return pygame.event.Event(
            pygame.MOUSEMOTION, pos=rect.center, rel=(1, 1), buttons=(0, 0, 0), touch=False
        )

    def clicked(rect: pygame.Rect) -> list[pygame.event.Event]:
        mouse[0] = rect.center
        return [
            pygame.event.Event(kind, pos=rect.center, button=1, touch=False)
            for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP)
        ]

    frames(3)
    for name in ("levels", "plans", "profiles"):  # (hovered, then pressed: a new page)
        frames(4, moved(console.tabs[name].rect))
        frames(6, *clicked(console.tabs[name].rect))
    page = console.page
    frames(4, *clicked(page.alias.rect))  # (a text field: focus, typing, its cursor)
    for letter in "Noor":
        frames(2, pygame.event.Event(pygame.TEXTINPUT, text=letter))
    frames(40)  # (the cursor blinks)
    scrolled = [area for area in page.scroll_areas() if area.max_offset]
    assert scrolled, "no page area scrolls at this size"
    frames(4, *clicked(scrolled[0].down.rect))
    assert scrolled[0].offset > 0
    frames(6, *clicked(console.tabs["levels"].rect))
    menu = console.page.level
    frames(6, *clicked(menu.rect))  # (a drop-down opens over the page)
    options = menu.menu_states["expanded"].options_selection_list
    assert options is not None
    row = options.item_list_container.elements[1].rect
    frames(4, moved(row))
    frames(6, *clicked(row))
    assert console.page.level.selected_option[0] == "2"
    assert in_parts > 80


def test_the_console_notes_a_widget_moved_hidden_clipped_or_restyled(make_app) -> None:
    """engine/console/redraw.py: a moved widget gives its old and new places; a hidden one
    its old; one whose image pygame_gui paints in place (clipped by its container) or
    replaces (a new look) its place; a scroll bar whose look changed, its rect."""
    manager = ConsoleScene(make_app(SIZE).stage).manager  # (its fonts, its theme)
    button = pygame_gui.elements.UIButton(pygame.Rect(10, 10, 80, 30), "Save", manager)
    changes, bar = ConsoleChanges(), pygame.Rect(780, 0, 20, 300)
    manager.update(0.1)  # (the console's tabs take their first looks)
    changes.note(manager, [(bar, 1)])
    assert changes.regions(manager, [(bar, 1)]) == []
    button.set_position((200, 100))
    assert changes.regions(manager, [(bar, 1)]) == [pygame.Rect(200, 100, 80, 30), (10, 10, 80, 30)]
    for width in (40, 20):  # (the same image, painted in place)
        button._set_image_clip(pygame.Rect(0, 0, width, 30))
        assert changes.regions(manager, [(bar, 1)]) == [pygame.Rect(200, 100, 80, 30)]
    button.select()
    manager.update(0.01)
    assert changes.regions(manager, [(bar, 1)]) == [pygame.Rect(200, 100, 80, 30)]
    button.hide()
    assert changes.regions(manager, [(bar, 2)]) == [pygame.Rect(200, 100, 80, 30), bar]


def test_parts_drawn_again_only_where_they_changed_or_all_when_most_did():
    """draw_changed paints again only where a part appeared, went or changed; when those
    places cover most of the parts' area (a reward's pictures fading out together) every
    part is drawn whole over last frame's places instead. The picture is the one drawn
    whole either way."""
    size = (120, 80)
    backdrop = flat_backdrop((10, 20, 30))
    colours = {"big": (200, 0, 0), "big fainter": (120, 0, 0), "dot": (0, 200, 0)}

    calls: list[int] = []  # (each part drawn, by number, this frame)

    def painter(surface, looks):  # type: ignore[no-untyped-def]
        return lambda i: (calls.append(i), surface.fill(colours[looks[i][0]], looks[i][1]))

    def whole(looks):  # type: ignore[no-untyped-def]
        picture = pygame.Surface(size)
        backdrop(picture, None)
        for index in range(len(looks)):
            painter(picture, looks)(index)
        return pixels(picture)

    surface, damage, parts = pygame.Surface(size), Damage(), MovingParts()
    frames = [
        [("big", pygame.Rect(20, 10, 60, 60)), ("dot", pygame.Rect(5, 5, 6, 6))],
        [("big", pygame.Rect(20, 10, 60, 60)), ("dot", pygame.Rect(90, 60, 6, 6))],
        [("big fainter", pygame.Rect(20, 10, 60, 60)), ("dot", pygame.Rect(95, 60, 6, 6))],
    ]
    sent, drawn = [], []
    for number, looks in enumerate(frames):
        damage.start(size, still_on_screen=number > 0)
        calls.clear()
        parts.draw_changed(surface, damage, backdrop, looks, painter(surface, looks), "one")
        sent.append(damage.rects())
        drawn.append(list(calls))
        assert (pixels(surface) == whole(looks)).all(), number
    assert sent[0] is None and drawn[0] == [0, 1]  # (the first frame: whole)
    assert sorted(map(tuple, sent[1])) == [(5, 5, 6, 6), (90, 60, 6, 6)]  # the dot alone
    assert drawn[1] == [1]  # (only where the dot is now: nothing lies where it was)
    assert drawn[2] == [0, 1]  # both drawn whole, once each (not region by region)
    assert {(5, 5, 6, 6), (20, 10, 60, 60)} & set(map(tuple, sent[2])) == {(20, 10, 60, 60)}
    assert (90, 60, 6, 6) in map(tuple, sent[2]) and (95, 60, 6, 6) in map(tuple, sent[2])
