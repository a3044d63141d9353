"""Time as the product counts it: UTC instants, UTC days and working days.

Callback days and "today" are UTC days, the same on every worker whatever its zone, so a
page cached by one worker and a script rendered by another promise the same day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(UTC).date()


def iso(moment: datetime) -> str:
    """ISO 8601 with a Z, as the API, the CSV export and the live feed write instants."""
    return moment.isoformat().replace("+00:00", "Z")


def next_business_day(start: date, days: int) -> date:
    """The day `days` working days after start, skipping Saturday and Sunday."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
