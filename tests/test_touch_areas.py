"""Every activity declares what the child must touch (`Activity.touch_areas`), and at every
level, on every clinic screen (ui/screen_matrix.py), all of it is within reach: on
screen, clear of the calm-down button's corner and the adult corner, not on top of each
other, and at least MIN_TOUCH_MM on its short side (or the smaller size a level asks
for on purpose, which the area itself declares).

Child targets are laid out in millimetres, so `make test` checks each size at its lowest
and its highest density (its largest and its smallest physical screen), 23 of the 38
screens; `SENSORY_GAMES_FULL_TESTS=1` (`make test-full`) checks every density."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace

import pytest
from helpers import checked_screens, on_the_menu, run_frames, tap

from sensory_games.activities import REGISTRY, load_activity_levels
from sensory_games.activities.base import Activity, TouchArea
from sensory_games.activities.bubbles import BubblesActivity
from sensory_games.activities.shapes_in_turn import ITEM_PAUSE_S, ShapesInTurn
from sensory_games.activities.tracing import TracingActivity
from sensory_games.domain.clock import VirtualClock
from sensory_games.domain.config import DEFAULT_CONFIG_DIR, AppConfig
from sensory_games.engine.app import App
from sensory_games.engine.scenes.play import ActivityScene
from sensory_games.storage import Repository
from sensory_games.ui.screen import MIN_TOUCH_MM, ScreenMetrics
from sensory_games.ui.screen_matrix import SIZES, ClinicScreen
from sensory_games.ui.widgets import ADULT_CORNER_MM, calm_button_reserved_mm

CASES = [
    (slug, level.number)
    for slug in REGISTRY
    for level in load_activity_levels(slug, DEFAULT_CONFIG_DIR)
]
#: Play (s) before the areas are read: the first things have appeared.
SETTLE_S = 0.1
#: Seeds each level is laid out with (bubbles are placed at random).
SEEDS = (1, 2)


def corners(metrics: ScreenMetrics) -> dict[str, tuple[float, float, float, float]]:
    """The corners no child target may enter (mm), worked out here from the widgets."""
    adult = (metrics.width_mm - ADULT_CORNER_MM, 0.0, ADULT_CORNER_MM, ADULT_CORNER_MM)
    return {"calm button": calm_button_reserved_mm(metrics), "adult corner": adult}


def faults(areas: list[TouchArea], metrics: ScreenMetrics) -> list[str]:
    """What is wrong with `areas` on this screen, one line each."""
    found = []
    for area in areas:
        where = f"{area.name} at {tuple(round(v, 1) for v in area.box)}"
        if not area.inside(metrics):
            found.append(f"{where} is off the {metrics.width_mm:.0f}x{metrics.height_mm:.0f} mm")
        found += [
            f"{where} is under the {n}" for n, r in corners(metrics).items() if area.overlaps(r)
        ]
        if area.short_side_mm < area.min_mm - 1e-6:
            found.append(f"{where} is {area.short_side_mm:.1f} mm < {area.min_mm:.1f} mm")
    for a, b in itertools.combinations(areas, 2):
        if a.meets(b):
            found.append(f"{a.name} and {b.name} overlap")
    return found


def every_trial(activity: Activity, clock: VirtualClock) -> list[list[TouchArea]]:
    """The areas now and, for shapes shown in turn, those of every later shape (each is
    marked finished and the activity's own update shows the next) and, in tracing, of
    every stroke (each marked traced in turn)."""
    seen = [activity.touch_areas()]
    if isinstance(activity, ShapesInTurn):
        while True:
            if isinstance(activity, TracingActivity):  # each stroke's start in turn
                while activity.item.current_stroke is not None:
                    activity.item.done.add(activity.item.current_stroke)
                    seen.append(activity.touch_areas())
            if len(activity.shown) == len(activity.plan):
                break
            activity.item.completed_at = clock.now() - ITEM_PAUSE_S
            activity.update(0.0)
            seen.append(activity.touch_areas())
    return seen


def clinic_app(
    config: AppConfig, repository: Repository, clock: VirtualClock, screen: ClinicScreen
) -> App:
    """A headless app at `screen`'s size, its density as a clinic's app.yaml sets it."""
    display = replace(config.display, dpi=float(screen.dpi))
    size = (screen.width_px, screen.height_px)
    return App(replace(config, display=display), repository, clock, window_size=size, headless=True)


@pytest.mark.parametrize(
    "screen", [s for size in SIZES for s in checked_screens(size)], ids=lambda s: s.name
)
def test_what_the_child_must_touch_is_within_reach_at_every_level(
    config: AppConfig, repository: Repository, clock: VirtualClock, screen: ClinicScreen
) -> None:
    app = clinic_app(config, repository, clock, screen)
    assert app.metrics.size_px == screen.metrics.size_px
    assert app.metrics.px_per_mm == pytest.approx(screen.metrics.px_per_mm)
    on_the_menu(app, repository)
    found, declared = [], set()
    for (slug, level), seed in itertools.product(CASES, SEEDS):
        scene = ActivityScene(app.stage, slug, level, seed=seed)
        app.push(scene)
        run_frames(app, clock, SETTLE_S, render=False)
        for k, areas in enumerate(every_trial(scene.activity, clock)):
            found += [
                f"{slug} level {level} (seed {seed}, step {k + 1}): {f}"
                for f in faults(areas, app.metrics)
            ]
            if areas:
                declared.add(slug)
        app.stage.pop()
    assert found == []
    assert declared == set(REGISTRY)  # every activity asks for something somewhere


def test_an_oval_area_overlaps_only_where_its_ellipse_does() -> None:
    pad = TouchArea("pad", 10.0, 10.0, 40.0, 20.0, oval=True)  # centre (30, 20)
    corner = (0.0, 0.0, 12.0, 12.0)  # in the box's corner, outside the ellipse
    assert not pad.overlaps(corner)
    assert replace(pad, oval=False).overlaps(corner)
    assert pad.overlaps((29.0, 0.0, 2.0, 11.0))  # reaches the ellipse's top (y 10)
    assert not pad.overlaps((29.0, 0.0, 2.0, 10.0))  # touches it only
    assert pad.overlaps((49.0, 19.0, 5.0, 2.0))  # its right end (x 50)


def test_an_area_knows_whether_it_is_on_screen() -> None:
    metrics = ScreenMetrics(800, 480, 5.0)  # 160 x 96 mm
    assert TouchArea.around("dot", (80.0, 48.0), 20.0, 20.0).inside(metrics)
    assert not TouchArea.around("dot", (155.0, 48.0), 20.0, 20.0).inside(metrics)
    assert not TouchArea.around("dot", (80.0, 5.0), 20.0, 20.0).inside(metrics)
    assert TouchArea.around("dot", (80.0, 48.0), 30.0, 12.0).short_side_mm == 12.0
    assert TouchArea("dot", 0, 0, 20, 20).min_mm == MIN_TOUCH_MM


def test_the_check_finds_a_target_under_the_calm_button() -> None:
    metrics = ScreenMetrics(800, 480, 5.0)
    under = TouchArea.around("pad", (15.0, 85.0), 20.0, 20.0, oval=True)
    small = TouchArea.around("bubble", (80.0, 48.0), 10.0, 10.0, oval=True)
    assert faults([under, small], metrics) == [
        "pad at (5.0, 75.0, 20.0, 20.0) is under the calm button",
        "bubble at (75.0, 43.0, 10.0, 10.0) is 10.0 mm < 15.0 mm",
    ]


def test_bubbles_declare_where_a_tap_pops(
    make_app: Callable[..., App], repository: Repository, clock: VirtualClock
) -> None:
    """The declared areas are the activity's own: a tap at each one's centre pops one."""
    app = make_app((1280, 800))
    on_the_menu(app, repository)
    scene = ActivityScene(app.stage, BubblesActivity.slug, 2, seed=3)
    app.push(scene)
    run_frames(app, clock, 0.5)
    activity = scene.activity
    assert isinstance(activity, BubblesActivity)
    areas = activity.touch_areas()
    assert len(areas) == 2
    for area in areas:
        tap(app, clock, area.x_mm + area.w_mm / 2, area.y_mm + area.h_mm / 2)
    assert activity.popped == 2
