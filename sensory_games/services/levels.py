"""A child's levels: the current level of an activity, the range the mastery rule may
move between, and whose mastery rule applies, read and set in one place.

The command line (`sensory-games levels`) and the console's Levels page both call this
module, so a change is checked by the same rules, stored the same way and put on the audit
list with the same words, whichever screen an adult used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from sensory_games.domain import records
from sensory_games.domain.language import Words
from sensory_games.domain.mastery import MasteryRule
from sensory_games.domain.schema import SchemaError
from sensory_games.storage import Difficulty, LevelChange, Repository

#: Where an adult made the change (said on the audit list).
Source = Literal["command line", "console"]
#: Whose mastery rule a child follows: the clinic's, or their own switched on or off.
MasterySetting = Literal["clinic", "on", "off"]
#: How each setting is said, on the audit list and in the console's menu.
MASTERY_WORDS: dict[MasterySetting, str] = {
    "clinic": "the clinic's",
    "on": "on for this child",
    "off": "off for this child",
}
#: The action name of the audit entry a change makes.
AUDIT_ACTION = "levels set"


class LevelsError(SchemaError):
    """A change refused before anything was stored; its message is one plain line, e.g.
    `level = 9: tracing has levels 1 to 8` (printed by the command line, shown in the
    console's status line)."""


@dataclass(frozen=True)
class LevelsChange:
    """What an adult asks to change for one child in one activity; None leaves a value as
    it is. Levels are 1-based level numbers of the activity's level file."""

    activity: str
    reason: str
    level: int | None = None
    lowest: int | None = None
    highest: int | None = None
    mastery: MasterySetting | None = None


@dataclass(frozen=True)
class ActivityLevels:
    """What a child has in one activity: their current level (None before any attempt or
    change), the allowed range (`highest` already resolved to the activity's last level
    when none is set) and the mastery rule in force."""

    activity: str
    count: int
    level: int | None
    lowest: int
    highest: int
    mastery: MasterySetting
    rule: MasteryRule

    @property
    def whose(self) -> str:
        """`this child's` or `the clinic's` (whose rule `rule` is)."""
        return "the clinic's" if self.mastery == "clinic" else "this child's"

    def rule_text(self, words: Words) -> str:
        """Whose rule is in force and what it does, in `words`: `the clinic's: advance
        after 3 in a row with accuracy >= 0.80, ...` (the console's Levels page and
        `sensory-games levels` say it alike)."""
        whose = words.tr("the clinic's") if self.mastery == "clinic" else words.tr("this child's")
        return words.tr("{whose}: {rule}", whose=whose, rule=self.rule.describe(words))


class ChildLevels:
    """Reads and sets children's levels in the activities of `counts` (slug -> how many
    levels its file has), with `clinic_rule` the rule of a child who has none of their
    own (app.yaml's `mastery:`)."""

    def __init__(
        self, repository: Repository, counts: Mapping[str, int], clinic_rule: MasteryRule
    ) -> None:
        self.repository = repository
        self.counts = dict(counts)
        self.clinic_rule = clinic_rule

    def of(self, profile_id: str, activity: str) -> ActivityLevels:
        """The child's level, allowed range and rule in `activity` (one of `counts`)."""
        count = self._count(activity)
        allowed = self.repository.difficulty(profile_id, activity)
        return ActivityLevels(
            activity=activity,
            count=count,
            level=self.repository.last_level(profile_id, activity),
            lowest=allowed.lowest,
            highest=allowed.highest or count,
            mastery=_setting(allowed.rule),
            rule=MasteryRule.from_mapping(allowed.rule) if allowed.rule else self.clinic_rule,
        )

    def latest_changes(
        self, profile_id: str, count: int, activity: str | None = None
    ) -> list[LevelChange]:
        """The child's last `count` level changes in time order, in one activity or all."""
        changes = self.repository.level_changes(profile_id)
        if activity is not None:
            changes = [c for c in changes if c.activity == activity]
        return changes[-count:] if count > 0 else []

    def change(
        self,
        profile_id: str,
        change: LevelsChange,
        source: Source,
        at: datetime | None = None,
    ) -> str:
        """Check `change` whole, then store the range and rule, the level (only when it
        differs from the current one, with the reason) and one audit entry saying where it
        came from; `at`: when (default now, UTC). Returns the audit entry's detail.
        Raises LevelsError, with nothing stored, when any part is not allowed."""
        count = self._count(change.activity)
        _check_reason(change.reason)
        for key in ("level", "lowest", "highest"):
            value = getattr(change, key)
            if value is not None and not records.whole(1, count)(value):
                raise LevelsError(key, value, f"{change.activity} has levels 1 to {count}")
        if change.mastery is not None and change.mastery not in MASTERY_WORDS:
            raise LevelsError("mastery", change.mastery, "must be on, off or clinic")
        allowed = self.repository.difficulty(profile_id, change.activity)
        lowest = allowed.lowest if change.lowest is None else change.lowest
        highest = allowed.highest if change.highest is None else change.highest
        top = highest or count
        if lowest > top:
            raise LevelsError("lowest", lowest, f"must not be above highest ({top})")
        current = self.repository.last_level(profile_id, change.activity)
        level = current if change.level is None else change.level
        if level is not None and not lowest <= level <= top:
            if change.level is not None:
                raise LevelsError("level", level, f"must lie in the allowed range {lowest}..{top}")
            raise LevelsError(
                "current level",
                level,
                f"must lie in the new range {lowest}..{top} (set a level inside it too)",
            )
        rule = self._rule(allowed.rule, change.mastery)
        self.repository.set_difficulty(
            profile_id, change.activity, Difficulty(lowest, highest, rule)
        )
        detail = f"{change.activity}: range {lowest}..{top}, mastery rule "
        detail += MASTERY_WORDS[_setting(rule)]
        if change.level is not None and change.level != current:
            self.repository.set_level(profile_id, change.activity, change.level, change.reason, at)
            detail += f", level {change.level} ({change.reason})"
        detail += f"; from the {source}"
        self.repository.audit(AUDIT_ACTION, detail, profile_id, at)
        return detail

    def _count(self, activity: str) -> int:
        if activity not in self.counts:
            known = ", ".join(self.counts)
            raise LevelsError("activity", activity, f"known activities: {known}")
        return self.counts[activity]

    def _rule(
        self, own: dict[str, Any] | None, setting: MasterySetting | None
    ) -> dict[str, Any] | None:
        """The child's rule after `setting`: None is the clinic's; switching on or off keeps
        the child's own numbers (the clinic's when they have none)."""
        if setting is None:
            return own
        if setting == "clinic":
            return None
        return {**(own or asdict(self.clinic_rule)), "enabled": setting == "on"}


def _setting(rule: Mapping[str, Any] | None) -> MasterySetting:
    if not rule:
        return "clinic"
    return "on" if rule.get("enabled", True) else "off"


def _check_reason(reason: Any) -> None:
    """The rule a stored level change's reason follows (records.LEVEL_CHANGE), not empty."""
    one_line = records.plain_text(records.MAX_REASON)
    if not (isinstance(reason, str) and reason.strip() and one_line(reason)):
        raise LevelsError("reason", reason, records.REASON_ALLOWED + ", not empty")
