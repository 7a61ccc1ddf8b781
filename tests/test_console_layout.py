"""The therapist console fits the clinic's screens: at a 6.9-inch 1280x800 tablet, the same
tablet in portrait and a small 800x480 kiosk panel, every page's widgets lie on screen or
in a scroll viewport that reaches them, none overlap, text is at least 3 mm, the scroll
bars are adult targets, Save is reached by scrolling and works, and pygame_gui warns of
nothing. The clinic is a real one: 40 children (long aliases), a level history, a 30-step
plan."""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from datetime import datetime, timezone

import pygame
import pygame_gui
import pytest
from helpers import run_frames

from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.app import App
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.scroll import ScrollArea
from sensory_games.engine.console.widgets import select
from sensory_games.services.plans import PlanStep

#: (width px, height px, dpi): the shipped tablet, the same in portrait, a kiosk panel.
SCREENS = [(1280, 800, 220), (800, 1280, 220), (800, 480, 130)]
#: The pages laid out here (the progress page has its own layout).
PAGES = ("profiles", "levels", "plans", "audit")
LONG = ("Oliver-Alexander", "Maximilian-Benedikt", "Anna-Sophia Marie", "Charlotte-Elisabeth")


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start_wall=datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))


def clinic_console(config, repository, clock, screen: tuple[int, int, int]) -> ConsoleScene:
    """The console open on a screen of `screen` (w, h, dpi) over a clinic of 40 children,
    the first with 12 level changes in tracing."""
    width, height, dpi = screen
    display = dataclasses.replace(config.display, dpi=float(dpi))
    app = App(
        dataclasses.replace(config, display=display),
        repository,
        clock,
        window_size=(width, height),
        headless=True,
    )
    for n in range(40):
        alias = LONG[n] if n < len(LONG) else f"{LONG[n % 4].split('-')[0]}-Child {n:02d}"
        repository.add_profile(alias=alias, animal="cat", colour=n % 6)
    first = repository.profile_by_alias(LONG[0])
    for day in range(12):
        when = datetime(2026, 3, 1 + day, 10, tzinfo=timezone.utc)
        repository.set_level(first.id, "tracing", 1 + day % 8, "mastered: 4 of 5 accurate", when)
    console = ConsoleScene(app.stage)
    app.push(console)
    console.app = app  # (for the clicks below)
    return console


def open_page(console: ConsoleScene, name: str) -> None:
    """Open a page as a therapist would find it: the plan with 30 steps, the levels of
    the child with a history."""
    console.show(name)
    page = console.page
    if name == "plans":
        page.steps = [PlanStep("tracing", 1 + i % 5, 5.0) for i in range(30)]
        page.show_steps()
    elif name == "levels":
        select(page.child, LONG[0])
        select(page.activity, "Trace the path")
        page.load()


def click(console: ConsoleScene, clock: VirtualClock, rect: pygame.Rect) -> None:
    """A mouse click at the middle of `rect`, as SDL would queue it."""
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=rect.center, button=1, touch=False))
        run_frames(console.app, clock, 0.05)
    run_frames(console.app, clock, 0.05)


def check_layout(console: ConsoleScene, where: str) -> None:
    """Every scroll position of every area: shown widgets wholly in their viewport, no two
    shown widgets (tabs and bars included) overlapping; every widget shown at some
    position; fixed widgets on screen; bars and tabs adult targets."""
    metrics = console.stage.metrics
    screen = pygame.Rect((0, 0), metrics.size_px)
    areas: tuple[ScrollArea, ...] = console.page.scroll_areas()
    assert areas, where
    fixed = [tab.rect for tab in console.tabs.values()]
    for area in areas:
        if area.max_offset:
            fixed += [area.up.rect, area.down.rect]
            assert min(area.up.rect.size) >= metrics.px(9.0), where
            assert area.track.w >= metrics.px(9.0), where
    assert all(screen.contains(rect) for rect in fixed), where
    assert min(min(t.rect.size) for t in console.tabs.values()) >= metrics.px(9.0), where
    for a, b in itertools.combinations(fixed, 2):
        assert not a.colliderect(b), (where, a, b)
    seen: set[int] = set()
    for positions in itertools.product(*(area.scroll_positions() for area in areas)):
        shown = list(fixed)
        for area, offset in zip(areas, positions, strict=True):
            area.scroll_to(offset)
            for item in area.placed:
                if item.passive or not item.widget.visible:
                    continue
                assert area.viewport.contains(item.widget.rect), (where, item.widget)
                seen.add(id(item.widget))
                shown.append(item.widget.rect)
        for a, b in itertools.combinations(shown, 2):
            assert not a.colliderect(b), (where, a, b)
    for area in areas:
        unseen = [p.home for p in area.placed if not p.passive and id(p.widget) not in seen]
        assert not unseen, (where, area.viewport, area.max_offset, unseen)
        area.scroll_to(0)


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}@{s[2]}dpi")
def test_every_page_fits_or_scrolls_without_a_warning(config, repository, clock, screen):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # ("Label Rect is too small" and every other)
        console = clinic_console(config, repository, clock, screen)
        assert console.font_px >= console.stage.metrics.font_px(3.0)
        for name in PAGES:
            open_page(console, name)
            run_frames(console.app, clock, 0.1)
            check_layout(console, f"{screen} {name}")


@pytest.mark.parametrize(
    ("screen", "rows"),
    [
        ((1024, 600, 160), 2),  # 163 mm wide: eight tabs (with Goals) take two rows
        ((1920, 1080, 300), 2),  # the same width at a finer density
        ((800, 480, 130), 2),
        ((800, 1280, 220), 2),  # 92 mm wide: four tabs, then four
    ],
)
def test_the_tabs_share_the_width_each_as_wide_as_its_label_needs(
    config, repository, clock, screen, rows
) -> None:
    console = clinic_console(config, repository, clock, screen)
    metrics = console.stage.metrics
    tabs = list(console.tabs.values())
    assert console.tab_rows == rows == len({tab.rect.y for tab in tabs})
    margin = metrics.px(3.0)
    for y in {tab.rect.y for tab in tabs}:
        row = sorted((tab.rect for tab in tabs if tab.rect.y == y), key=lambda r: r.x)
        assert (
            abs(row[0].left - margin) <= 1 and abs(row[-1].right - (metrics.width_px - margin)) <= 1
        )
        assert all(
            b.left - a.right == pytest.approx(margin, abs=1) for a, b in itertools.pairwise(row)
        )
    for tab in tabs:  # each label whole inside its tab, the tab an adult's target
        assert tab.font.size(tab.text)[0] + metrics.px(4.0) <= tab.rect.w + 1, tab.text
        assert min(tab.rect.size) >= metrics.px(9.0)
    widths = {tab.text: tab.rect.w for tab in tabs}
    assert widths["Progress"] > widths["Plans"]  # (one row, its spare width shared equally)


def test_an_open_list_that_scrolls_keeps_rows_an_adult_can_tap(config, repository, clock) -> None:
    """Every drop-down of the level and profile pages, opened into too little room to
    show all its options (its list scrolls, beside the 11 mm bar), keeps rows at least
    9 mm on their short side: the narrowest (a level's number) too."""
    console = clinic_console(config, repository, clock, (1024, 600, 160))
    metrics = console.stage.metrics
    for name in ("levels", "profiles", "plans"):
        open_page(console, name)
        page = console.page
        menus = [
            p.widget
            for p in page.area.placed
            if isinstance(p.widget, pygame_gui.elements.UIDropDownMenu)
        ]
        assert menus, name
        for menu in menus:
            page.area.reveal(menu)
            run_frames(console.app, clock, 0.05)
            menu.expansion_height_limit = metrics.px(20.0)  # (room for two rows)
            menu.menu_states["expanded"].expand_direction = "down"
            menu.current_state.finish()
            menu.current_state = menu.menu_states["expanded"]
            menu.current_state.selected_option = menu.selected_option
            menu.current_state.start()
            console.update(0.05)  # (its list gets the wide bar)
            listed = menu.current_state.options_selection_list
            if len(menu.options_list) > 2:
                assert listed.scroll_bar is not None, (name, menu.options_list)
            rows = [item["button_element"] for item in listed.item_list if item["button_element"]]
            assert rows, (name, menu.options_list)
            for row in rows:
                assert min(row.rect.size) >= metrics.px(9.0) - 1, (name, row.text, row.rect)
            menu.current_state.finish()
            menu.current_state = menu.menu_states["closed"]
            menu.current_state.selected_option = menu.selected_option
            menu.current_state.start()


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}@{s[2]}dpi")
def test_save_is_reached_by_scrolling_and_saves(config, repository, clock, screen) -> None:
    console = clinic_console(config, repository, clock, screen)
    page = console.page
    page.alias.set_text("Noor-Josephine")
    page.area.reveal(page.save)
    assert page.save.visible and page.area.viewport.contains(page.save.rect)
    click(console, clock, page.save.rect)
    assert page.status.text == "Saved Noor-Josephine"
    assert repository.profile_by_alias("Noor-Josephine") is not None
    open_page(console, "levels")
    page = console.page
    select(page.level, "3")
    page.area.reveal(page.save)
    click(console, clock, page.save.rect)
    assert page.status.text == f"Saved {LONG[0]}'s tracing"
    assert repository.last_level(repository.profile_by_alias(LONG[0]).id, "tracing") == 3


def drag(console, clock, start: tuple[int, int], end: tuple[int, int]) -> None:
    """A finger pressed at `start`, moved to `end` and lifted there (px), as SDL queues it."""
    for kind, pos in (
        (pygame.MOUSEBUTTONDOWN, start),
        (pygame.MOUSEMOTION, end),
        (pygame.MOUSEBUTTONUP, end),
    ):
        fields = {"button": 1} if kind != pygame.MOUSEMOTION else {"buttons": (1, 0, 0)}
        pygame.event.post(pygame.event.Event(kind, pos=pos, rel=(0, 0), touch=True, **fields))
        run_frames(console.app, clock, 0.05)


def test_the_bar_the_wheel_and_a_finger_scroll_the_page(config, repository, clock) -> None:
    console = clinic_console(config, repository, clock, (1280, 800, 220))
    open_page(console, "plans")
    area = console.page.area
    assert area.max_offset > 0
    click(console, clock, area.down.rect)
    assert area.offset == int(area.viewport.h * 0.8)
    click(console, clock, area.up.rect)
    assert area.offset == 0
    pygame.mouse.set_pos(area.viewport.center)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2, flipped=False))
    run_frames(console.app, clock, 0.05)
    assert area.offset == 2 * console.stage.metrics.px(10.0)
    area.scroll_to(0)
    list_box = console.page.list  # (passive text: a finger on it drags the page)
    start = (list_box.rect.centerx, min(list_box.rect.centery, area.viewport.bottom - 5))
    end = (start[0], start[1] - console.stage.metrics.px(30.0))
    drag(console, clock, start, end)
    assert area.offset == start[1] - end[1]
    click(console, clock, pygame.Rect(area.track.centerx, area.track.bottom - 2, 1, 1))
    assert area.offset == area.max_offset  # (the track's foot: the page's end)


def test_an_open_list_keeps_the_wheel_and_has_a_bar_a_finger_can_use(
    config, repository, clock
) -> None:
    """40 children in the Plans page's child list: open, the wheel scrolls neither the page
    nor closes the list, and its scroll bar is the console's 11 mm one, not a 2 mm one."""
    console = clinic_console(config, repository, clock, (1280, 800, 220))
    open_page(console, "plans")
    page, area = console.page, console.page.area
    area.reveal(page.child)
    offset = area.offset
    click(console, clock, page.child.rect)
    expanded = page.child.menu_states["expanded"]
    assert page.child.current_state is expanded
    listed = expanded.options_selection_list
    assert listed.scroll_bar is not None
    assert listed.scroll_bar.rect.w >= console.stage.metrics.px(9.0)
    pygame.mouse.set_pos(listed.rect.center)
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2, flipped=False))
    run_frames(console.app, clock, 0.05)
    assert area.offset == offset  # (the page stayed)
    assert page.child.current_state is expanded  # (and the list is still open)


def test_what_save_did_is_scrolled_into_view(config, repository, clock) -> None:
    """At 1280x800 (220 dpi) the status line lies below Save: after the press the page
    scrolls so the therapist sees "Saved ..."."""
    console = clinic_console(config, repository, clock, (1280, 800, 220))
    page = console.page
    page.alias.set_text("Noor-Josephine")
    page.area.reveal(page.save)
    click(console, clock, page.save.rect)
    assert page.status.text == "Saved Noor-Josephine"
    visible = page.area.viewport.clip(page.status.rect)
    assert visible.h == page.status.rect.h  # (wholly in view)


def test_a_finger_dragged_over_the_childrens_list_scrolls_it_and_picks_nobody(
    config, repository, clock
) -> None:
    """The Profiles list of 40 children is all buttons: a drag that starts on one scrolls
    the list and never loads that child; a tap still does."""
    console = clinic_console(config, repository, clock, (1280, 800, 220))
    page = console.page
    area = page.roster.area
    assert area.max_offset > 0
    button = page.child_buttons[2]
    start = button.rect.center
    end = (start[0], start[1] - console.stage.metrics.px(20.0))
    drag(console, clock, start, end)
    assert area.offset == start[1] - end[1]
    assert page.selected is None  # (nobody loaded by the drag)
    assert button.drawable_shape.active_state.state_id != "active"  # (not left looking pressed)
    click(console, clock, page.child_buttons[3].rect)
    assert page.selected is not None


@pytest.mark.parametrize(
    "text",
    ["7. Trace the line from the star to the moon", "محمد عبد الرحمن بن سليمان", "山田花子 Nguyễn"],
)
def test_a_text_cut_short_keeps_its_longest_start_that_fits(
    config, repository, clock, text: str
) -> None:
    """Cut to a width, a text keeps the start a letter-at-a-time trim would keep: it fits
    with its ellipsis, one letter more would not (at least one letter stays)."""
    page = clinic_console(config, repository, clock, (800, 480, 130)).page
    whole_mm = page.text_mm(text)
    for width_mm in (0.0, whole_mm / 3, whole_mm * 0.7, whole_mm - 0.1, whole_mm):
        kept = text
        if page.text_mm(kept) > width_mm:
            while len(kept) > 1 and page.text_mm(kept + "…") > width_mm:
                kept = kept[:-1]
            kept = kept.rstrip() + "…"
        assert page.fitted(text, width_mm) == kept, width_mm
    cut = page.fitted(text, whole_mm * 0.7)
    assert cut.endswith("…") and page.text_mm(cut) <= whole_mm * 0.7 < whole_mm


def test_an_open_list_that_scrolls_has_a_finger_wide_bar_and_a_short_one_none(
    config, repository, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 40 children's list scrolls with a BAR_MM-wide bar (its rows made again for it);
    a short list (a choice on the Profiles page) has no bar, rows the list's whole width,
    and its rows are made once, as pygame_gui opens it."""
    from pygame_gui.elements import UISelectionList

    from sensory_games.engine.console.scroll import BAR_MM

    made: list[int] = []  # (the list of each set of rows made: its id)
    original = UISelectionList.set_item_list

    def making(self: UISelectionList, items: list[str]) -> None:
        made.append(id(self))
        original(self, items)

    monkeypatch.setattr(UISelectionList, "set_item_list", making)
    console = clinic_console(config, repository, clock, (1280, 800, 220))
    kinds = []
    for page in ("levels", "profiles"):
        open_page(console, page)
        kinds += opened_lists(console, console.stage.metrics.px(BAR_MM), made)
    assert {"scrolls", "short"} == set(kinds)


def opened_lists(console: ConsoleScene, bar_px: int, made: list[int]) -> list[str]:
    """Each drop-down of the page opened: "scrolls" for a list with a bar (`bar_px` wide,
    its rows made twice: by pygame_gui, then for the bar), "short" for one without (rows
    its whole width, made once); neither made again while open."""
    from pygame_gui.elements.ui_drop_down_menu import UIExpandedDropDownState

    from sensory_games.engine.console.layout import open_pop_ups

    kinds = []
    for menu, listed_at in open_pop_ups(console.manager, console.update, set()):
        assert listed_at is not None
        expanded = menu.menu_states["expanded"]
        assert isinstance(expanded, UIExpandedDropDownState)
        listed = expanded.options_selection_list
        console.update(0.05)  # (another frame with the list open)
        rows = [item["button_element"] for item in listed.item_list]
        if listed.scroll_bar is not None:
            assert listed.scroll_bar.rect.w == bar_px
            assert made.count(id(listed)) == 2
            kinds.append("scrolls")
        else:
            inner = listed.item_list_container.rect
            assert all(row.rect.w == inner.w for row in rows if row is not None)
            assert made.count(id(listed)) == 1
            kinds.append("short")
        made.clear()  # (the next list may be given this one's id)
    return kinds
