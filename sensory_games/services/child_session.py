"""The child at the screen: who is playing, their session, their plan, their levels and
their sensory settings, and the saving of what they do.

Every attempt and check-in goes through the outbox (sensory_games.services.outbox): a log that
refuses a write (a full disk, another program's write) never stops the child; the record
waits in the outbox and its fallback file, the adult is warned, and it is written with the
next record or at closing. After each attempt the log took, the mastery rule may move the
child's level and the plan counts it.

The engine (sensory_games.engine.app) holds one ChildSession and the scenes ask it; it loads no
pygame, no activity and no scene, so the rules of a session can be tested without a screen.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from sensory_games.domain.check_in import CheckIn
from sensory_games.domain.clock import Clock
from sensory_games.domain.config import AppConfig, Level
from sensory_games.domain.intensity import Intensity, SensoryProfile, preset
from sensory_games.domain.language import N_
from sensory_games.domain.mastery import LevelDecision, MasteryRule, decide
from sensory_games.domain.profile import GUEST_ALIAS, Profile
from sensory_games.domain.records import RecordError
from sensory_games.domain.sentence import Sentence
from sensory_games.services.outbox import Outbox, fallback_folders, waiting_notices
from sensory_games.services.plans import PlanProgress, load_plan
from sensory_games.storage import AttemptRecord, DeviceLatency, Repository

#: How long a write from a child's screen waits for another program's write (s): longer
#: would freeze the screen; a write refused is kept by the outbox and made later.
CHILD_WRITE_WAIT_S = 1.0
#: The ids of this many most recently saved attempts are kept (a day's play is far fewer;
#: the bound keeps a kiosk left running for weeks from growing).
SAVED_IDS_KEPT = 1000


#: Told to the adult when the log could not be flushed to the disk beside a save.
FLUSH_FAILED = N_(
    "the log could not be flushed to the disk ({problem}): the last saves may be lost in a"
    " power cut; each save now waits for the disk"
)


class ActivityKind(Protocol):
    """What the session needs to know of a registered activity (its class)."""

    #: True when its levels are steps of difficulty the mastery rule may move between.
    levels_are_steps: bool


class ChildSession:
    """The current child and their session on this device.

    `activities`: the registered activities by slug; `read_levels(slug, config_dir)`: the
    validated levels of an activity's level file in the config folder; `warn(text)`: tell
    the adult (the adult menu's warnings); `log_error(trace)`: write an internal error to
    errors.log."""

    def __init__(
        self,
        config: AppConfig,
        repository: Repository,
        clock: Clock,
        *,
        activities: Mapping[str, ActivityKind],
        read_levels: Callable[[str, Path], list[Level]],
        warn: Callable[[str], None],
        log_error: Callable[[str], None],
    ) -> None:
        self.config = config
        self.repository = repository
        self.clock = clock
        self.activities = activities
        self.warn = warn
        self._read_levels = read_levels
        self._log_error = log_error
        self.profile: Profile | None = None
        self.session_id: str | None = None
        #: Who plays: "child", or "autoplay" for a simulated child (no mastery, no check-in).
        self.origin = "child"
        self.sensory = self._default_sensory()
        self.intensity_preset = config.intensity_preset
        self.plan_progress: PlanProgress | None = None
        #: Levels an adult chose for this session (slug -> level), e.g. --launch bubbles:2.
        self.level_overrides: dict[str, int] = {}
        self.saved_attempt_ids: deque[str] = deque(maxlen=SAVED_IDS_KEPT)
        #: Told of each attempt the log took (benchmarks, tests).
        self.on_attempt_saved: Callable[[AttemptRecord], None] | None = None
        self._levels: dict[str, list[Level]] = {}
        repository.set_write_wait(CHILD_WRITE_WAIT_S)
        self.outbox = Outbox(
            repository, fallback_folders(repository.data_dir, self.export_dir), clock.wall_utc
        )
        for notice in waiting_notices(self.outbox.folders, repository.device_id):
            warn(notice)
        self.device_latencies: list[DeviceLatency] = self._read_device_latencies()

    # -- the child and their session -------------------------------------------------------

    def start(self, profile: Profile) -> None:
        """A child picked their avatar: their sensory settings apply from now on. The
        session is written to the log through the outbox: a log that refuses it (a full
        disk) never stops the child."""
        self.end()
        self.profile = profile
        self.sensory = SensoryProfile(profile.intensity, self.config.master_volume)
        self.intensity_preset = profile.intensity_preset
        self.session_id = self.outbox.start_session(profile, self.clock.wall_utc())
        self._warn_if_waiting()
        self.plan_progress = self._plan_of(profile)

    def who_plays(self, needed_by: str) -> tuple[Profile, str]:
        """The child playing now and their session's id. A screen that needs them
        (`needed_by`, e.g. "an activity") opened before a child picked their avatar is a
        mistake in the engine: RuntimeError."""
        if self.profile is None or self.session_id is None:
            raise RuntimeError(f"{needed_by} needs a child's profile and session first")
        return self.profile, self.session_id

    def end(self) -> None:
        """The child's session ends (written through the outbox; never raises); the
        clinic's default sensory settings apply until the next child."""
        if self.session_id is not None:
            self.outbox.end_session(self.session_id, self.clock.wall_utc())
        self.profile, self.session_id = None, None
        self.plan_progress = None
        self.sensory = self._default_sensory()

    def forget(self) -> None:
        """End the session and forget the child, touching nothing else: after an error in
        `end`, when the engine goes back to "who is playing?" whatever happens."""
        if self.session_id is not None:
            self.outbox.end_session(self.session_id, self.clock.wall_utc())
        self.profile, self.session_id = None, None

    def close(self) -> Sentence | None:
        """At closing: write what waits. Returns what to tell whoever closed the app when
        records still could not be written (None: everything is in the log)."""
        self.flush()
        if not self.outbox.pending:
            return None
        count, where = self.outbox.pending, self.outbox.kept_in
        if where:
            return Sentence.tr_n(
                "{count} record could not be written to the log and was kept in {file}"
                " (bring it back with: {command})",
                "{count} records could not be written to the log and were kept in {file}"
                " (bring them back with: {command})",
                count,
                count=count,
                file=where,
                command="sensory-games recover",
            )
        return Sentence.tr_n(
            "{count} record could not be written to the log and could not be saved anywhere"
            " ({problem})",
            "{count} records could not be written to the log and could not be saved anywhere"
            " ({problem})",
            count,
            count=count,
            problem=self.outbox.problem,
        )

    def _plan_of(self, profile: Profile) -> PlanProgress | None:
        """The child's session plan from its first step (None: none, or it cannot be read,
        which the adult menu then says)."""
        if not profile.plan:
            return None
        try:
            counts = self.level_counts()
            return PlanProgress(load_plan(self.config.config_dir, profile.plan, counts))
        except Exception as error:  # (a plan that cannot be used never stops the child)
            self.warn(
                Sentence(
                    N_("{alias}'s plan {plan} was not used: {error}"),
                    alias=profile.alias,
                    plan=repr(profile.plan),
                    error=error,
                )
            )
            return None

    def level_counts(self) -> dict[str, int]:
        """How many levels each installed activity has here (its levels file)."""
        return {slug: len(self.levels(slug)) for slug in self.activities}

    @property
    def asks_check_ins(self) -> bool:
        """A calm is framed by "how do you feel?" (app.yaml), for a child, not
        for autoplay's simulated ones."""
        return self.config.check_in_calming and self.origin == "child"

    # -- sensory settings --------------------------------------------------------------------

    def _default_sensory(self) -> SensoryProfile:
        """Before a child is chosen: the clinic's default preset (and motion setting)."""
        intensity = preset(self.config.intensity_preset, self.config.new_profile_overrides())
        return SensoryProfile(intensity, self.config.master_volume)

    def set_intensity(self, intensity: Intensity, preset_name: str | None = None) -> None:
        """Change the sensory channels for the rest of the session (`preset_name`: the
        preset chosen, None for slider values of the adult's own: "custom")."""
        self.sensory.set_intensity(intensity)
        self.intensity_preset = preset_name or "custom"

    # -- levels ------------------------------------------------------------------------------

    def levels(self, slug: str) -> list[Level]:
        """Validated levels of an activity (read once from activities/)."""
        if slug not in self._levels:
            self._levels[slug] = self._read_levels(slug, self.config.config_dir)
        return self._levels[slug]

    def level_for(self, slug: str) -> int:
        """The level to offer this child: an override, else their last level, else 1."""
        count = len(self.levels(slug))
        level = self.level_overrides.get(slug)
        step = self.plan_progress.current if self.plan_progress else None
        if level is None and step is not None and step.activity == slug:
            level = step.level  # (None: the child's own level)
        if level is None and self.profile is not None:
            try:
                level = self.repository.last_level(self.profile.id, slug)
            except Exception as error:  # a log that cannot be read now: start at level 1
                self.warn(
                    Sentence(N_("the child's level could not be read ({error})"), error=error)
                )
        return min(max(level or 1, 1), count)

    def apply_mastery(self, attempt: AttemptRecord) -> LevelDecision | None:
        """After a child's saved attempt: move their level if the mastery rule (theirs,
        else the clinic's) says so, inside the range their therapist allows, and store
        the change with its reason. Not for simulated children, the shared Guest, or
        activities whose levels are not steps."""
        if attempt.origin != "child" or not self._kind(attempt.activity).levels_are_steps:
            return None
        step = self.plan_progress.current if self.plan_progress else None
        planned = step is not None and step.activity == attempt.activity and step.level
        if planned or attempt.activity in self.level_overrides:
            return None  # (a level an adult chose for this session, not the child's own)
        profile = self.profile
        if profile is None or profile.id != attempt.profile_id or profile.alias == GUEST_ALIAS:
            return None
        try:
            allowed = self.repository.difficulty(profile.id, attempt.activity)
            rule = MasteryRule.from_mapping(allowed.rule) if allowed.rule else self.config.mastery
            count = len(self.levels(attempt.activity))
            current = self.repository.last_level(profile.id, attempt.activity) or attempt.level
            decision = decide(
                rule,
                current,
                max(1, allowed.lowest),
                min(count, allowed.highest or count),
                self.repository.attempts_since_level_set(profile.id, attempt.activity),
            )
            if decision is not None:
                self.repository.set_level(
                    profile.id,
                    attempt.activity,
                    decision.to_level,
                    decision.reason,
                    self.clock.wall_utc(),
                )
        except Exception as error:  # the attempt is saved; a level is not worth a crash
            self.warn(Sentence(N_("the mastery rule could not be applied ({error})"), error=error))
            return None
        return decision

    def _kind(self, slug: str) -> ActivityKind:
        """The registered activity called `slug` (KeyError names the known ones)."""
        try:
            return self.activities[slug]
        except KeyError:
            known = ", ".join(self.activities)
            raise KeyError(f"no activity {slug!r}; known: {known}") from None

    # -- saving ------------------------------------------------------------------------------

    def save_attempt(self, attempt: AttemptRecord) -> bool:
        """Commit an attempt now (one transaction), with any earlier records the log
        refused. What still cannot be written waits in the outbox and its fallback file,
        the adult is warned, and it is tried again with the next record and at closing.
        True when `attempt` is on disk."""
        try:
            self.outbox.add_attempt(attempt)
        except RecordError as error:  # (a bug: kept in its own file, never in the log)
            self.warn(
                Sentence(
                    N_("an attempt of {activity} was not saved: {error}"),
                    activity=attempt.activity,
                    error=error,
                )
            )
            self._log_error(f"RecordError: {error}")
            return False
        self.flush()
        return all(a.id != attempt.id for a in self.outbox.attempts)

    def save_check_in(self, check_in: CheckIn) -> bool:
        """Commit a check-in now; if the log refuses, it waits in the outbox (and its
        fallback file) and is written with the next record. True when it is on disk."""
        self.outbox.add_check_in(check_in)
        self.flush()
        return all(c.id != check_in.id for c in self.outbox.check_ins)

    @property
    def unsaved_attempts(self) -> list[AttemptRecord]:
        """Attempts the log has not taken yet (kept in the outbox and its fallback file)."""
        return self.outbox.attempts

    @property
    def unsaved_check_ins(self) -> list[CheckIn]:
        return self.outbox.check_ins

    def flush(self) -> None:
        """Write what waits; after each attempt the log took, the mastery rule, the plan
        and any listener hear of it. Warn the adult of what still waits, and where."""
        for record in self.outbox.flush():
            self.saved_attempt_ids.append(record.id)
            self.apply_mastery(record)
            if self.plan_progress is not None and record.session_id == self.session_id:
                self.plan_progress.played(record.activity, record.result.duration_s)
            if self.on_attempt_saved is not None:
                self.on_attempt_saved(record)
        self._warn_if_waiting()
        unflushed = self.repository.take_flush_problem()
        if unflushed is not None:  # (storage/flush_behind.py: saves now wait for the disk)
            self.warn(Sentence(FLUSH_FAILED, problem=unflushed))

    def _warn_if_waiting(self) -> None:
        outbox = self.outbox
        problem = outbox.problem
        if not outbox.pending:
            outbox.keep()  # (removes a fallback file whose records are all in the log now)
            if problem is not None:
                self.warn(
                    Sentence(
                        N_("the log refused a write ({problem}); it is kept and retried"),
                        problem=problem,
                    )
                )
            return
        kept = outbox.keep()
        where = (
            Sentence(N_("kept in {file}; they are saved again with the next record"), file=kept)
            if kept
            else Sentence(
                N_(
                    "and could not be saved anywhere else ({problem}): they are kept in "
                    "memory until the app closes — free some space"
                ),
                problem=outbox.problem,
            )
        )
        self.warn(
            Sentence(
                N_("{records} not yet saved in the log ({problem}); {where}"),
                records=_waiting(len(outbox.attempts), len(outbox.check_ins)),
                problem=problem,
                where=where,
            )
        )

    @property
    def export_dir(self) -> Path:
        """Where the adult menu's Export writes (and the outbox's first fallback folder):
        storage.export_dir, else exports/ in the data folder."""
        return self.config.export_folder(self.repository.data_dir)

    def audit(self, action: str, detail: str, profile_id: str | None = None) -> None:
        """Put what an adult did on the audit list; a log that refuses it is a warning."""
        try:
            self.repository.audit(action, detail, profile_id, self.clock.wall_utc())
        except Exception as error:
            self.warn(Sentence(N_("the audit list could not be written ({error})"), error=error))

    # -- this device's timing ----------------------------------------------------------------

    def _read_device_latencies(self) -> list[DeviceLatency]:
        try:
            return self.repository.device_latencies()
        except Exception as error:  # a log that cannot be read must not stop the app
            self.warn(
                Sentence(N_("the timing calibration could not be read ({error})"), error=error)
            )
            return []

    def set_device_latency(self, latency: DeviceLatency | None) -> bool:
        """Store a new calibration in place of the one for its tempo and cue (None: forget
        them all); False (and a warning) if the log refused it, in which case it still
        applies until the app closes."""
        kept = [
            old
            for old in self.device_latencies
            if latency is not None and (old.tempo_bpm, old.cue) != (latency.tempo_bpm, latency.cue)
        ]
        self.device_latencies = sorted(
            kept + ([latency] if latency is not None else []),
            key=lambda saved: (saved.tempo_bpm, saved.cue),
        )
        try:
            self.repository.set_device_latency(latency)
        except Exception as error:
            self.warn(
                Sentence(N_("the timing calibration could not be saved ({error})"), error=error)
            )
            return False
        return True


def _waiting(attempts: int, check_ins: int) -> Sentence:
    """What waits for the log, counted in words: "2 attempts and 1 check-in"."""
    counted = [
        Sentence.tr_n("{count} attempt", "{count} attempts", attempts, count=attempts),
        Sentence.tr_n("{count} check-in", "{count} check-ins", check_ins, count=check_ins),
    ]
    said = [text for text, number in zip(counted, (attempts, check_ins), strict=True) if number]
    if len(said) == 1:
        return said[0]
    return Sentence(N_("{first} and {second}"), first=said[0], second=said[1])
