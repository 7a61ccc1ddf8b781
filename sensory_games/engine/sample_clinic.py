"""A realistic clinic to look at: what `make screenshots` and the layout check show every
screen with, so a layout is judged on a clinic's real data, not on five short names.

:func:`fill_sample_clinic` fills an empty log and configuration folder with:
- 40 children (:data:`ALIASES`): short names, long ones ("Maximilian-Benedikt",
  "Anna-Sophia Marie") and names in other scripts (山田花子, محمد, דניאל, अर्जुन), each
  with an animal and a colour;
- two children with a history (:data:`HISTORIES`): sessions twice a week, six weeks of
  them for the first child (40 attempts: tracing at levels 1 to 4, the drum at 1 and 2,
  a calm break now and then), two weeks for the second; each attempt really played by
  the activity's own bot (skill rising week by week, so the numbers, paths and samples are
  what the console and the report meet), the level changes a therapist would see (in the
  mastery rule's own words: :func:`sensory_games.domain.mastery.advance_reason`), and
  "before" / "after" check-ins around a calm break; the second child taps the drum less
  steadily (:data:`DRUM_UNSTEADINESS`);
- the history's device had a tap-along calibration (:data:`DEVICE_DELAY_MS`): the drum's
  touches reach the app that late, and the drum takes it off, as on a real tablet (the
  calibration is not saved as this device's);
- a session plan of :data:`PLAN_STEPS` steps (:data:`PLAN_NAME`) saved in the clinic's
  configuration folder and given to :data:`PLAN_CHILD`.

The same seed gives the same clinic (ids aside); it takes about a second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pygame

from sensory_games.activities import activity_class, level_counts, load_activity_levels
from sensory_games.activities.base import Activity, ActivityContext, Bot
from sensory_games.domain.beat_timing import DeviceLatency, expected_adult_habit_ms
from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import Clock, VirtualClock
from sensory_games.domain.config import Level
from sensory_games.domain.intensity import SensoryProfile
from sensory_games.domain.level_reasons import SET_BY_THERAPIST, level_reason
from sensory_games.domain.mastery import (
    COVERAGE,
    EXTRA_LIFTS,
    MasteryRule,
    advance_reason,
    step_back_reason,
)
from sensory_games.domain.pointer import PointerEvent
from sensory_games.domain.profile import AGE_BANDS, ANIMALS, Profile
from sensory_games.services.plans import Plan, PlanStep, give_plan, store_plan
from sensory_games.storage import AttemptRecord, Repository
from sensory_games.ui.input import PointerInput
from sensory_games.ui.screen import ScreenMetrics

#: The children's aliases: short, long, and in other scripts (40).
ALIASES: tuple[str, ...] = (
    "Oliver-Alexander",
    "Maximilian-Benedikt",
    "Anna-Sophia Marie",
    "Charlotte-Elisabeth",
    "山田花子",
    "محمد",
    "Nguyễn Thị Lan",
    "דניאל",
    "अर्जुन",
    "Sam",
    "Ada",
    "Noor",
    "Leo",
    "Mia",
    "Mary-Catherine Rose",
    "Nguyễn Thị Minh Khai",
    "Bartholomew-Alistair",
    "Ivy",
    "Finn",
    "Hana",
    "Ibrahim",
    "Jonas",
    "Layla",
    "Mateo",
    "Nia",
    "Oskar",
    "Priya",
    "Quinn",
    "Rosa",
    "Theo",
    "Uma",
    "Vera",
    "Yusuf",
    "Emil",
    "Greta",
    "Björn",
    "Chloé",
    "Amara",
    "Santiago",
    "Wen",
)
#: The children with a history (the Progress page's and the report's), each with their
#: tracing and drum levels week by week up to this week: six weeks for the first, two for
#: the second (new to the clinic).
HISTORIES: tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...] = (
    ("Oliver-Alexander", (1, 1, 2, 3, 3, 4), (1, 1, 1, 2, 2, 2)),
    ("Anna-Sophia Marie", (1, 2), (1, 1)),
)
#: How much less steady (bot skill, 0-1) a child with a history is on the drum than the
#: week's skill: the second child, new to the clinic, taps less steadily, so the demo's
#: drum timing (the gap between the hands on "both" beats among it) differs by child.
DRUM_UNSTEADINESS: dict[str, float] = {"Anna-Sophia Marie": 0.25}
HISTORY_CHILDREN: tuple[str, ...] = tuple(alias for alias, _tracing, _drum in HISTORIES)
#: The saved plan, how many steps it has, and who is given it.
PLAN_NAME, PLAN_STEPS, PLAN_CHILD = "long-morning", 30, "Maximilian-Benedikt"
#: The weekdays of the sessions (Mon = 0).
SESSION_WEEKDAYS = (0, 3)
#: The screen the history was played on: a 1280x800 tablet at 220 dpi.
PLAYED_ON = ScreenMetrics(1280, 800, 220 / 25.4)
#: The sample device's delay (ms: touch, sound and picture together) and the tap-along
#: that measured it (80 bpm, sound and glow, 16 taps, spread 12 ms): the drum's taps reach
#: the app this late in the history, and the drum takes it off (device_delay_ms).
DEVICE_DELAY_MS = 45.0
CALIBRATION_BPM, CALIBRATION_CUE = 80.0, "sound_and_glow"
#: One frame of the bot's play (s): the app's 60 Hz.
FRAME_S = 1 / 60
#: The activities the histories hold.
PLAYED = ("tracing", "bilateral_drum", "calming")
#: The mastery rule the histories' level changes follow (the clinic default).
RULE = MasteryRule()
#: Each played activity's levels (activity -> its levels, level 1 first).
Levels = dict[str, list[Level]]


@dataclass(frozen=True)
class SampleClinic:
    """What :func:`fill_sample_clinic` made: every child, the ones with a history, the
    plan's name and the child given it, and the attempts written."""

    children: tuple[Profile, ...]
    history: tuple[Profile, ...]
    plan: str
    plan_child: Profile
    attempts: int


def fill_sample_clinic(
    repository: Repository, config_dir: Path, clock: Clock, seed: int = 18
) -> SampleClinic:
    """Fill the empty log `repository` and the clinic folder `config_dir` (its plans/) with
    the sample clinic (see module); the history ends at `clock.wall_utc()`. Deterministic
    for a `seed`. Raises SchemaError if the log already holds one of the aliases."""
    rng = random.Random(seed)
    children = tuple(
        _add_child(repository, alias, index, rng) for index, alias in enumerate(ALIASES)
    )
    by_alias = {child.alias: child for child in children}
    history = tuple(by_alias[alias] for alias in HISTORY_CHILDREN)
    today = clock.wall_utc()
    levels = {slug: load_activity_levels(slug, config_dir) for slug in PLAYED}
    habit_ms = expected_adult_habit_ms(CALIBRATION_BPM, CALIBRATION_CUE)
    measured_at = (today - timedelta(weeks=8)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tap_along = (DEVICE_DELAY_MS, 12.0, 16, measured_at, CALIBRATION_BPM, CALIBRATION_CUE)
    # (the history's device: not saved as this one's, whose timing check then offers to
    # forget it and cuts that button's label at 1280x800 220 dpi)
    calibrations = (DeviceLatency(*tap_along, habit_ms),)
    attempts = sum(
        _play_history(
            repository,
            levels,
            child,
            {"tracing": tracing, "bilateral_drum": drum},
            today,
            9 + 2 * number,  # (one child after the other)
            rng.randrange(1 << 30),
            calibrations,
        )
        for number, (child, (_alias, tracing, drum)) in enumerate(
            zip(history, HISTORIES, strict=True)
        )
    )
    counts = level_counts(config_dir)
    plan = Plan(PLAN_NAME, _plan_steps(counts, rng))
    store_plan(repository, config_dir, plan, counts, "console", today)
    give_plan(repository, config_dir, by_alias[PLAN_CHILD], PLAN_NAME, "console", today)
    plan_child = repository.profile_by_alias(PLAN_CHILD)  # (as it is now: with the plan)
    assert plan_child is not None
    return SampleClinic(children, history, PLAN_NAME, plan_child, attempts)


def make_sample_clinic(folder: Path, clock: Clock) -> SampleClinic:
    """The sample clinic made in the empty `folder`: its log in folder/data, its
    configuration folder in folder/clinic (:func:`fill_sample_clinic`); the log is closed
    when it returns."""
    repository = Repository(folder / "data")
    try:
        return fill_sample_clinic(repository, folder / "clinic", clock)
    finally:
        repository.close()


def _add_child(repository: Repository, alias: str, index: int, rng: random.Random) -> Profile:
    return repository.add_profile(
        alias=alias,
        animal=ANIMALS[index % len(ANIMALS)],
        colour=(index * 5 + index // len(ANIMALS)) % 6,
        age_band=rng.choice(AGE_BANDS[:3]),
        dominant_hand=rng.choice(("right", "right", "right", "left")),
    )


def _session_days(today: datetime, weeks: int, hour: int) -> list[datetime]:
    """The session mornings of the last `weeks` weeks, oldest first: SESSION_WEEKDAYS
    at `hour` UTC, before `today`."""
    start = (today - timedelta(weeks=weeks)).replace(hour=hour, minute=0, second=0)
    days = (start + timedelta(days=n) for n in range(7 * weeks))
    return [day for day in days if day.weekday() in SESSION_WEEKDAYS and day < today]


def _play_history(
    repository: Repository,
    levels: Levels,
    child: Profile,
    weekly: dict[str, tuple[int, ...]],
    today: datetime,
    hour: int,
    seed: int,
    calibrations: tuple[DeviceLatency, ...],
) -> int:
    """`child`'s sessions, one week of `weekly` (activity -> its level each week) after
    another up to `today`, each at `hour` UTC: two tracing attempts and one of the drum
    each, a calm break every third; the bot's skill rises within a level; played on a
    device with these tap-along `calibrations`. Returns the attempts written."""
    rng = random.Random(seed)
    weeks = len(weekly["tracing"])
    level_now = dict.fromkeys(weekly, 0)
    measured: dict[str, set[str]] = {slug: set() for slug in weekly}  # latest attempt's
    written = 0
    days = _session_days(today, weeks, hour)
    for number, day in enumerate(days):
        week = number * weeks // len(days)
        session = repository.start_session(child.id, day)
        for slug, level in ((slug, by_week[week]) for slug, by_week in weekly.items()):
            if level_now[slug] != level:
                reason = _level_reason(level_now[slug], level, measured[slug])
                repository.set_level(child.id, slug, level, reason, day)
                level_now[slug] = level
        skill = 0.35 + 0.15 * (number % 4) + rng.uniform(-0.05, 0.05)
        moment = day
        for slug in ("tracing", "tracing", "bilateral_drum"):
            played = (slug, level_now[slug])
            unsteady = DRUM_UNSTEADINESS.get(child.alias, 0.0) if slug == "bilateral_drum" else 0.0
            attempt = _played(
                levels,
                child,
                session,
                played,
                moment,
                skill - unsteady,
                rng,
                calibrations=calibrations,
            )
            repository.save_attempt(attempt)
            measured[slug] = set(attempt.result.metrics)
            written += 1
            moment += timedelta(seconds=attempt.result.duration_s + 40)
        if number % 3 == 1:  # a calm break, with how the child felt before and after
            written += _calm_break(repository, levels, child, session, moment, rng)
        repository.end_session(session, moment + timedelta(minutes=2))
    return written


def _level_reason(before: int, after: int, measured: set[str]) -> str:
    """Why the level went from `before` to `after` (0: none yet), as the app writes it: a
    therapist sets the first; the mastery rule (the clinic default, RULE) the others, in
    its own words (a run as long as it asks for, over as many sessions; with coverage and
    lift bars when the attempts were `measured` by them)."""
    if not before:
        return level_reason(SET_BY_THERAPIST)
    if after < before:
        return step_back_reason(RULE, before, RULE.step_back_after)
    traced = bool({COVERAGE, EXTRA_LIFTS} & measured)
    return advance_reason(RULE, before, RULE.advance_after, RULE.advance_sessions, traced)


def _calm_break(
    repository: Repository,
    levels: Levels,
    child: Profile,
    session: str,
    moment: datetime,
    rng: random.Random,
) -> int:
    """A breathing break between "before" and "after" check-ins (the child feels calmer
    after, most days); returns the attempts written (1)."""
    feeling = rng.choice((1, 2, 2, 3))
    before = CheckIn(session, child.id, "before", feeling, moment, rng.uniform(2.0, 6.0))
    repository.save_check_in(before)
    start = moment + timedelta(seconds=10)
    attempt = _played(levels, child, session, ("calming", 1), start, 0.7, rng, (before.id,))
    repository.save_attempt(attempt)
    after_at = start + timedelta(seconds=attempt.result.duration_s + 5)
    calmer = min(feeling + rng.choice((0, 1, 1, 2)), 5)
    repository.save_check_in(
        CheckIn(session, child.id, "after", calmer, after_at, rng.uniform(1.5, 4.0), attempt.id)
    )
    return 1


def _played(
    levels: Levels,
    child: Profile,
    session: str,
    played: tuple[str, int],
    started: datetime,
    skill: float,
    rng: random.Random,
    check_in_ids: tuple[str, ...] = (),
    calibrations: tuple[DeviceLatency, ...] = (),
) -> AttemptRecord:
    """One attempt of `played` (activity, level) played to its end by the activity's own
    bot at `skill` (0-1) on PLAYED_ON with the device's tap-along `calibrations` (the
    drum's touches arrive DEVICE_DELAY_MS late), recorded as the play screen records it."""
    slug, level = played
    clock = VirtualClock()
    cls = activity_class(slug)
    parameters = levels[slug][level - 1].parameters
    seed = rng.randrange(1 << 30)
    context = ActivityContext(
        clock,
        PLAYED_ON,
        SensoryProfile(child.intensity),
        seed,
        child.dominant_hand,
        device_latencies=calibrations,
    )
    activity = cls(parameters, context)
    bot = cls.bot_class(activity, seed, min(max(skill, 0.0), 1.0))
    delay_s = DEVICE_DELAY_MS / 1000 if slug == "bilateral_drum" else 0.0
    samples = bot_plays_alone(activity, bot, clock, delay_s=delay_s)
    activity.close()
    result = activity.result
    assert result is not None  # (bot_plays_alone plays until there is one)
    return AttemptRecord(
        session_id=session,
        profile_id=child.id,
        activity=slug,
        variant=activity.variant,
        level=level,
        parameters=activity.parameters,
        intensity={"preset": child.intensity_preset, **child.intensity.as_dict()},
        started_at=started,
        result=result,
        samples=tuple(samples),
        samples_start=activity.started_at,
        px_per_mm=PLAYED_ON.px_per_mm,
        dominant_hand=child.dominant_hand,
        pointer=child.pointer,
        check_in_ids=check_in_ids,
    )


def bot_plays_alone(
    activity: Activity,
    bot: Bot,
    clock: VirtualClock,
    step_s: float = FRAME_S,
    delay_s: float = 0.0,
) -> list[PointerEvent]:
    """Play `activity` on its own (no app around it) with `bot`, through the pointer input
    as a finger would, on the virtual `clock` `step_s` seconds at a time, until it ends
    (its `result`); returns the pointer events it was given (the attempt's samples). A
    device that is `delay_s` seconds slow hands each touch on that much later."""
    if not pygame.display.get_init():
        pygame.display.init()  # (the pointer input reads the hand keys' codes)
    pointer_input = PointerInput(clock, activity.context.metrics)
    samples: list[PointerEvent] = []
    on_the_way: list[tuple[float, pygame.event.Event]] = []  # (when it arrives, touch)
    while activity.result is None:
        clock.advance(step_s)
        on_the_way += [(clock.now() + delay_s, event) for event in bot.events(clock.now())]
        arrived = [event for due, event in on_the_way if due <= clock.now() + 1e-9]
        on_the_way = [(due, event) for due, event in on_the_way if due > clock.now() + 1e-9]
        for event in arrived:
            for pointer in pointer_input.translate(event, clock.now()):
                samples.append(pointer)
                activity.handle(pointer)
        activity.update(step_s)
    return samples


def _plan_steps(counts: dict[str, int], rng: random.Random) -> tuple[PlanStep, ...]:
    """PLAN_STEPS steps: every activity in turn, at a level it has (every third step at
    the child's own level), 1 to 4 minutes each (a long morning of short steps)."""
    slugs = sorted(counts)
    steps = []
    for number in range(PLAN_STEPS):
        slug = slugs[number % len(slugs)]
        level = None if number % 3 == 2 else rng.randint(1, counts[slug])
        steps.append(PlanStep(slug, level, float(rng.choice((1, 1.5, 2, 3, 4)))))
    return tuple(steps)
