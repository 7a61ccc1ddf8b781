"""Dates and times typed on the command line (`--since`, `--until`), read strictly.

The log keeps every time as UTC text in one form, `2026-11-28T09:30:05.123Z` (see
:func:`sensory_games.domain.clock.utc_iso`), and the filters compare those texts. A typed value
must therefore become text in exactly that form, or a plain `YYYY-MM-DD` day (which
compares correctly as a prefix): a lenient reading of `2026-1-5` would sort after
`2026-03-...` and silently drop March. Two forms are accepted and nothing else:

* a day, `YYYY-MM-DD` (zero-padded): that whole UTC day;
* an instant, `YYYY-MM-DDTHH:MM:SS` with an optional fraction and an explicit zone
  (`Z` or `+01:00`): converted to UTC and counted to the millisecond, as the log
  stores times (a longer fraction is cut to the millisecond, as the log cuts it).

Years 2000 to 2100 (in UTC) only: anything else is a typing slip, not a clinic's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sensory_games.domain.clock import utc_iso
from sensory_games.domain.language import N_
from sensory_games.domain.sentence import Sentence

#: What every refusal says is allowed.
FORMS = Sentence(
    N_("must be a date like {date} or a UTC time like {time}"),
    date="2026-11-27",
    time="2026-11-27T09:30:00Z",
)
FIRST_YEAR = 2000
LAST_YEAR = 2100

#: The log's resolution: a typed instant stands for this much time.
MILLISECOND = timedelta(milliseconds=1)

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)", re.ASCII)
_INSTANT = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)", re.ASCII
)


class DateError(ValueError):
    """A typed date or time that is refused; the message says why, in one line."""


@dataclass(frozen=True)
class When:
    """The span of UTC time a typed date or time stands for: a whole day, or one
    millisecond. `start` is its first instant, `end` the first instant after it."""

    typed: str
    start: datetime
    end: datetime
    whole_day: bool

    @property
    def since_text(self) -> str:
        """The inclusive lower bound as the log's text: `2026-03-05` for a day (every
        time that day sorts after it), `2026-03-05T09:00:00.000Z` for an instant."""
        return self.start.date().isoformat() if self.whole_day else utc_iso(self.start)

    @property
    def before_text(self) -> str:
        """The exclusive upper bound as the log's text, so that `--until` includes the
        whole span: the next day for a day, the next millisecond for an instant."""
        return self.end.date().isoformat() if self.whole_day else utc_iso(self.end)

    def __str__(self) -> str:
        return self.typed


def parse(text: str) -> When:
    """Read a typed day (`2026-03-05`) or zoned instant (`2026-03-05T10:00:00+01:00`);
    raises DateError saying what is allowed (the caller adds which option it was)."""
    day = _DAY.fullmatch(text)
    if day:
        start = _utc_datetime(*day.groups())
        return When(text, start, start + timedelta(days=1), whole_day=True)
    instant = _INSTANT.fullmatch(text)
    if not instant:
        raise DateError(FORMS)
    year, month, day_of_month, hour, minute, second, fraction, zone = instant.groups()
    local = _utc_datetime(year, month, day_of_month, hour, minute, second, fraction or "")
    start = local - _offset(zone)
    _in_range(start.year)  # e.g. 2100-12-31T23:00:00-05:00 is in 2101 in UTC
    return When(text, start, start + MILLISECOND, whole_day=False)


def _utc_datetime(
    year: str,
    month: str,
    day: str,
    hour: str = "0",
    minute: str = "0",
    second: str = "0",
    fraction: str = "",
) -> datetime:
    """The written date and time of day, cut to the millisecond, tagged UTC (the caller
    applies the typed zone); refuses impossible dates and times and far-off years."""
    _in_range(int(year))
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        raise DateError(Sentence(N_("there is no such date"))) from None
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        raise DateError(Sentence(N_("there is no such time of day")))
    milliseconds = int((fraction + "000")[:3])
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        milliseconds * 1000,
        tzinfo=timezone.utc,
    )


def _offset(zone: str) -> timedelta:
    """`Z` or `+HH:MM`/`-HH:MM` as the time to subtract to reach UTC."""
    if zone == "Z":
        return timedelta(0)
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    if hours > 23 or minutes > 59:
        raise DateError(Sentence(N_("there is no such time zone offset as {zone}"), zone=zone))
    offset = timedelta(hours=hours, minutes=minutes)
    return -offset if zone[0] == "-" else offset


def _in_range(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(
            Sentence(
                N_("must be in the years {first} to {last} (UTC)"), first=FIRST_YEAR, last=LAST_YEAR
            )
        )
