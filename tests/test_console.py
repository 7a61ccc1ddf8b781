"""The therapist console (pygame_gui), driven headless with posted clicks."""

from __future__ import annotations

from datetime import datetime, timezone

import pygame
import pygame_gui
import pytest
from helpers import TRACING_LEVELS, run_frames, tap_rect, wait
from records import at, fill_device, log_attempt

from sensory_games.domain.clock import VirtualClock
from sensory_games.engine.console import ConsoleScene
from sensory_games.engine.console.scene import TABS
from sensory_games.engine.console.widgets import chosen, select
from sensory_games.engine.scenes.adult_menu import AdultMenuScene
from sensory_games.engine.scenes.profile_picker import ProfilePickerScene


def click(app, clock, rect: pygame.Rect) -> None:
    """A mouse click at the middle of `rect`, as SDL would queue it."""
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=rect.center, button=1, touch=False))
        run_frames(app, clock, 0.05)
    run_frames(app, clock, 0.05)  # the widget's own event comes back through the queue


def press(app, clock, page, widget) -> None:
    """Scroll the page until `widget` is wholly in view (as a therapist would), then click
    it."""
    page.area.reveal(widget)
    assert widget.visible
    click(app, clock, widget.rect)


@pytest.fixture
def clock() -> VirtualClock:
    """The console is used after the attempts of records.fill_device (March 2026)."""
    return VirtualClock(start_wall=datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def app(make_app, clock, repository):
    """A kiosk with the therapist console open over the adult menu."""
    fill_device(repository, "Mia")
    app = make_app(kiosk=True)
    app.push(ProfilePickerScene(app.stage))
    menu = AdultMenuScene(app.stage)
    app.push(menu)
    tap_rect(app, clock, next(b for b in menu.menu if b.label == "Therapist console").rect)
    assert isinstance(app.top, ConsoleScene)
    return app


@pytest.fixture
def console(app) -> ConsoleScene:
    return app.top


def test_a_new_child_is_added_from_the_console(app, console, clock, repository) -> None:
    page = console.page
    page.alias.set_text("Noor")
    page.notes.set_text("prefers the left hand for the drum")
    press(app, clock, page, page.save)
    noor = repository.profile_by_alias("Noor")
    assert noor is not None and noor.notes == "prefers the left hand for the drum"
    assert page.status.text == "Saved Noor"
    assert [e.action for e in repository.audit_entries()] == ["profile added"]


def test_editing_and_archiving_a_child(app, console, clock, repository) -> None:
    page = console.page
    page.load(repository.profile_by_alias("Mia"))
    page.alias.set_text("Mia R")
    press(app, clock, page, page.save)
    assert repository.profile_by_alias("Mia R").animal == "cat"
    press(app, clock, page, page.archive)
    assert repository.profile_by_alias("Mia R") is None  # not on "who is playing?"
    assert repository.profile_by_alias("Mia R", include_archived=True).archived
    assert [e.action for e in repository.audit_entries()] == ["profile edited", "profile archived"]


def test_a_taken_alias_is_refused_with_a_line_and_nothing_changes(app, console, clock, repository):
    page = console.page
    page.alias.set_text("MIA")
    press(app, clock, page, page.save)
    assert page.status.text == "alias = 'MIA': is already used by another profile"
    assert len(repository.list_profiles(include_archived=True)) == 2  # Mia and the Guest


def test_setting_a_level_range_and_rule_in_the_console(app, console, clock, repository) -> None:
    click(app, clock, console.tabs["levels"].rect)
    page = console.page
    select(page.activity, "Trace the path")
    page.load()
    for menu, value in ((page.level, "4"), (page.lowest, "2"), (page.rule, "off for this child")):
        select(menu, value)
    press(app, clock, page, page.save)
    mia = repository.profile_by_alias("Mia")
    assert repository.last_level(mia.id, "tracing") == 4
    allowed = repository.difficulty(mia.id, "tracing")
    assert (allowed.lowest, allowed.highest, allowed.rule["enabled"]) == (2, TRACING_LEVELS, False)
    assert repository.level_changes(mia.id)[-1].reason == "set in the console"
    assert repository.audit_entries()[-1].detail == (
        f"tracing: range 2..{TRACING_LEVELS}, mastery rule off for this child, level 4 "
        "(set in the console); "
        "from the console"
    )


def test_the_audit_page_and_done(app, console, clock, repository) -> None:
    repository.audit("PIN set", "chosen on the keypad")
    click(app, clock, console.tabs["audit"].rect)
    assert "PIN set" in console.page.entries.html_text
    click(app, clock, console.tabs["done"].rect)
    assert isinstance(app.top, AdultMenuScene)


def test_the_progress_page_charts_an_activity_and_replays_a_trace(app, console, clock) -> None:
    click(app, clock, console.tabs["progress"].rect)
    page = console.page
    assert page.series.slug == "calming" and len(page.series.attempts) == 1  # (played last)
    assert not page.replay.is_enabled  # nothing traced in this activity
    select(page.activity, "Both together")  # (never played: shown as chosen, empty)
    page.load()
    assert page.series.slug == "bilateral_both" and page.series.attempts == ()
    select(page.activity, "Trace the path")
    page.load()
    assert [a.activity for a in page.series.attempts] == ["tracing"]
    assert len(page.lines) == 1 and page.shown == 1  # (listed: one compact line each)
    assert page.replay.is_enabled
    click(app, clock, page.replay.rect)
    assert page.replaying is not None and page.replaying["target"]["kind"] == "trace"
    run_frames(app, clock, 2.0)  # the finger is drawn over the path as it moved
    select(page.activity, "Pop the bubbles")
    page.load()
    assert page.replaying is None and len(page.series.attempts) == 2
    assert [line[3] for line in page.lines] == ["stopped", "20.0 s"]  # latest first


def choose_child(page, alias: str) -> None:
    """The therapist picks `alias` in the progress page's child drop-down."""
    select(page.child, alias)
    event = {"ui_element": page.child, "text": alias}
    page.handle(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, event))


def test_the_progress_page_opens_on_what_the_chosen_child_played(
    app, console, clock, repository
) -> None:
    """Another child chosen: the activity shown stays when they played it too, else it
    becomes the one they played last (never an empty chart for a child who played)."""
    noor = repository.add_profile(alias="Noor", animal="owl", colour=1)
    session = repository.start_session(noor.id, at(500))
    log_attempt(repository, noor, session, 501, activity="tracing", tracing=True)
    log_attempt(repository, noor, session, 503, activity="bilateral_drum")
    click(app, clock, console.tabs["progress"].rect)
    page = console.page
    assert chosen(page.child) == "Mia" and page.series.slug == "calming"

    choose_child(page, "Noor")  # (never played Calm: their latest, the drum)
    assert page.series.slug == "bilateral_drum" and len(page.series.attempts) == 1
    select(page.activity, "Trace the path")
    page.load()
    choose_child(page, "Mia")  # (played tracing too: it stays)
    assert page.series.slug == "tracing" and len(page.series.attempts) == 1


def test_a_child_whose_latest_game_is_gone_opens_on_one_still_offered(
    app, console, clock, repository
) -> None:
    """An activity no longer offered (an attempt of a removed game, merged in) is passed
    over: the latest one the page can show."""
    noor = repository.add_profile(alias="Noor", animal="owl", colour=1)
    session = repository.start_session(noor.id, at(500))
    log_attempt(repository, noor, session, 501, activity="bilateral_drum")
    log_attempt(repository, noor, session, 503, activity="retired_game")
    click(app, clock, console.tabs["progress"].rect)
    page = console.page
    choose_child(page, "Noor")
    assert page.series.slug == "bilateral_drum" and len(page.series.attempts) == 1


def test_a_childs_five_channels_are_set_and_kept(app, console, clock, repository) -> None:
    page = console.page
    mia = repository.profile_by_alias("Mia")
    page.load(mia)
    assert [chosen(m) for m in page.channels.values()] == ["0.60", "0.50", "0.50", "0.60", "0.60"]
    shown = [m.current_state.selected_option_button.text for m in (page.colour, page.hand)]
    assert shown == ["2", "left"]  # what the adult sees, not only the value kept
    select(page.pointer, "stylus")
    select(page.preset, "calm")
    page.handle(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=page.preset))
    assert [chosen(m) for m in page.channels.values()] == ["0.30", "0.20", "0.20", "0.25", "0.30"]
    select(page.channels["motion"], "0.00")  # and no motion at all
    press(app, clock, page, page.save)
    stored = repository.profile_by_alias("Mia")
    assert (stored.intensity_preset, stored.pointer) == ("calm", "stylus")
    assert stored.intensity.as_dict() == {
        "visual": 0.3, "motion": 0.0, "sound": 0.2, "complexity": 0.25, "feedback": 0.3,
    }  # fmt: skip
    app.stage.start_session(stored)  # her next session starts with them
    assert app.child.sensory.intensity == stored.intensity


def test_the_console_left_alone_locks_itself_after_5_minutes(app, console, clock, repository):
    from sensory_games.domain.pin import hash_pin
    from sensory_games.engine.scenes.pin_pad import PinPadScene

    repository.set_pin_hash(hash_pin("1357"))
    wait(app, clock, 290.0)
    assert app.top is console
    wait(app, clock, 15.0)
    assert isinstance(app.top, PinPadScene)
    assert [type(s).__name__ for s in app.scenes] == ["ProfilePickerScene", "PinPadScene"]


def test_notes_too_long_for_a_new_child_save_nothing(app, console, clock, repository) -> None:
    page = console.page
    page.alias.set_text("Noor")
    page.notes.set_text("n" * 2001)
    press(app, clock, page, page.save)
    assert page.status.text == "Notes: at most 2000 characters; nothing saved"
    assert repository.profile_by_alias("Noor") is None


def test_the_replay_follows_the_activitys_declaration(app, console, clock, monkeypatch) -> None:
    """An activity that does not declare itself replayable gets no replay, traced or not."""
    from sensory_games.activities.tracing import TracingActivity

    monkeypatch.setattr(TracingActivity, "replayable", False)
    click(app, clock, console.tabs["progress"].rect)
    page = console.page
    select(page.activity, "Trace the path")
    page.load()
    assert [a.activity for a in page.series.attempts] == ["tracing"]
    assert not page.replay.is_enabled


def test_the_plans_page_refuses_a_level_the_activity_does_not_have(app, console, clock) -> None:
    click(app, clock, console.tabs["plans"].rect)
    page = console.page
    select(page.activity, "Pop the bubbles")
    select(page.level, "9")  # the menu reaches the longest activity's last level
    press(app, clock, page, page.add_step)
    assert page.status.text == "Pop the bubbles has levels 1 to 6" and page.steps == []
    select(page.activity, "Trace the path")
    select(page.level, str(TRACING_LEVELS))
    press(app, clock, page, page.add_step)
    assert page.status.text == "" and [s.level for s in page.steps] == [TRACING_LEVELS]


def test_a_childs_changes_in_the_console_are_audited_as_from_the_console(
    app, console, clock, repository
) -> None:
    page = console.page
    page.load(repository.profile_by_alias("Mia"))
    press(app, clock, page, page.archive)
    press(app, clock, page, page.archive)
    assert [(e.action, e.detail) for e in repository.audit_entries()] == [
        ("profile archived", "archived Mia; from the console"),
        ("profile restored", "restored Mia; from the console"),
    ]


def test_every_tab_opens_its_page_and_done_goes_back(app, console, clock) -> None:
    """Each line of the tab table opens its page (a new page is covered here as soon as
    it has its line), draws, and leaves no widget behind when the next one opens."""
    for name, _label, page in TABS:
        if page is None:
            continue
        click(app, clock, console.tabs[name].rect)
        assert type(console.page) is page and console.page_name == name
        run_frames(app, clock, 2)
        widgets = len(console.manager.get_root_container().elements)
        click(app, clock, console.tabs["audit" if name != "audit" else "profiles"].rect)
        click(app, clock, console.tabs[name].rect)
        assert len(console.manager.get_root_container().elements) == widgets
    click(app, clock, console.tabs["done"].rect)
    assert app.top is not console and not isinstance(app.top, ConsoleScene)


def test_the_progress_page_draws_one_trend_per_level_never_one_across(
    app, console, clock, repository, monkeypatch
) -> None:
    """Mia at bubbles: level 1 rising (0.4 0.5 0.6), then level 2, harder, rising again
    (0.3 0.4 0.5, after an unscored attempt). One line across both would fall."""
    mia = repository.profile_by_alias("Mia")
    early, late = (
        repository.start_session(mia.id, at(-20)),
        repository.start_session(mia.id, at(200)),
    )
    for minutes, accuracy in ((-12, 0.4), (-11, 0.5)):
        log_attempt(repository, mia, early, minutes, accuracy=accuracy)
    for minutes, accuracy in ((201, 0.3), (202, 0.4), (203, 0.5)):
        log_attempt(repository, mia, late, minutes, level=2, accuracy=accuracy)
    click(app, clock, console.tabs["progress"].rect)
    page = console.page
    select(page.activity, "Pop the bubbles")
    page.load()
    assert [a.level for a in page.series.attempts] == [1, 1, 1, 2, 2, 2, 2]
    drawn: list[tuple[tuple[int, int], tuple[int, int]]] = []
    line = pygame.draw.line

    def spy(surface, colour, start, end, width=1):
        if width == 2:  # the trend lines (axes and level marks are 1 px)
            drawn.append((tuple(start), tuple(end)))
        return line(surface, colour, start, end, width)

    monkeypatch.setattr(pygame.draw, "line", spy)
    page._draw_charts()
    first, second = drawn[:2]  # the accuracy chart's: level 1, then level 2
    assert first[0][0] < first[1][0] < second[0][0] < second[1][0]  # never across the change
    assert first[1][1] < first[0][1] and second[1][1] < second[0][1]  # both rise (y down)
    assert len(drawn) == 4  # and one per level on the completion-time chart


def test_give_plan_with_no_name_never_takes_a_childs_plan_away(
    app, console, clock, repository
) -> None:
    """The therapist presses Give plan with the name empty: Mia keeps her plan; only No plan
    takes it away. A plan just saved is in the Plan list at once."""
    click(app, clock, console.tabs["plans"].rect)
    page = console.page
    select(page.activity, "Trace the path")
    press(app, clock, page, page.add_step)
    page.name.set_text("monday")
    press(app, clock, page, page.save)
    assert page.status.text == "Saved plan monday"
    assert "monday" in [o[0] if isinstance(o, tuple) else o for o in page.plan.options_list]
    select(page.child, "Mia")
    press(app, clock, page, page.give)
    assert repository.profile_by_alias("Mia").plan == "monday"
    page.name.set_text("")
    press(app, clock, page, page.give)
    assert "No plan takes one away" in page.status.text
    assert repository.profile_by_alias("Mia").plan == "monday"
    press(app, clock, page, page.take)
    assert repository.profile_by_alias("Mia").plan is None


def test_the_child_being_edited_is_shown_selected_in_the_list(
    app, console, clock, repository
) -> None:
    page = console.page
    assert page.child_buttons[0].is_selected  # (+ New child, on opening)
    page.load(repository.profile_by_alias("Mia"))
    mia = next(b for b in page.child_buttons if b.text == "Mia")
    assert mia.is_selected
    assert [b for b in page.child_buttons if b.is_selected] == [mia]


def test_the_console_opened_during_a_session_opens_on_the_child_playing(
    make_app, clock, repository
) -> None:
    """Levels, Plans and Progress show the child playing, not the first in the list."""
    for alias in ("Ada", "Ben", "Mia"):
        repository.add_profile(alias=alias, animal="cat", colour=1)
    app = make_app(kiosk=True)
    app.stage.start_session(repository.profile_by_alias("Ben"))
    console = ConsoleScene(app.stage)
    app.push(console)
    app.frame()
    for tab in ("levels", "plans", "progress"):
        click(app, clock, console.tabs[tab].rect)
        assert chosen(console.page.child) == "Ben", tab
