"""The first-party visitor cookie: tells one person's repeat visits from a forwarded page.

Random, HttpOnly, for a year; holds nothing but its own id."""

from __future__ import annotations

import secrets
import time
from functools import lru_cache

from werkzeug.http import dump_cookie, http_date

NAME = "lv"
SECONDS = 365 * 86400
_HEX = frozenset("0123456789abcdef")


def visitor_id(sent: str) -> str:
    """The id the browser sent when it is one of ours, else a new one."""
    if len(sent) == 16 and _HEX.issuperset(sent):
        return sent
    return secrets.token_hex(8)


def set_cookie_header(visitor: str, secure: bool) -> str:
    """The Set-Cookie value that gives this browser its visitor id (hex: nothing to quote)."""
    return f"{NAME}={visitor}{_attributes(int(time.time()), secure)}"


@lru_cache(maxsize=2)
def _attributes(now: int, secure: bool) -> str:
    """What follows the value in a cookie set in this second: building it costs more than
    the rest of the page's headers."""
    empty = dump_cookie(
        NAME, "", max_age=SECONDS, expires=http_date(now + SECONDS),
        httponly=True, samesite="Lax", secure=secure,
    )  # fmt: skip
    return empty.removeprefix(f"{NAME}=")
