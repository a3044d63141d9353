"""Row ids typed into URLs and forms: ASCII digits that fit the database's id columns.

Werkzeug's `int` converter takes any run of Unicode digits and any size; a 23-digit id then
fails inside the database driver (SQLite cannot bind it, PostgreSQL's INTEGER overflows) and
the rep gets a 500 instead of "not found". Every id is checked here first instead."""

from __future__ import annotations

# Ids are INTEGER columns: 32-bit on PostgreSQL, so no row has a larger id on either database.
MAX_ID = 2**31 - 1


def parse_id(value: object) -> int:
    """value as an id; ValueError unless it is ASCII digits from 0 to MAX_ID ("²" and "٣"
    are digits to str.isdigit, and int() takes "٣", but neither names a row)."""
    text = str(value).strip()
    # The length check first: int() of a 100,000-digit string takes real time.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))):
        raise ValueError(f"Not an id: a whole number from 0 to {MAX_ID}.")
    number = int(text)
    if number > MAX_ID:
        raise ValueError(f"Not an id: a whole number from 0 to {MAX_ID}.")
    return number
