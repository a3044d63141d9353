"""The per-hit key a beacon must carry: asked for by the page's script (POST /_/b/key), never
in the page itself, and stamped with when it was given.

Why: the hit token is in the HTML, so a script that fetched the page could report anything
on it. Needing a second request that only page.js makes, and then the page's own timing
from the moment the key was given (landing.pages.engagement), makes a forged "engaged" visit cost
what a real browser's costs; what one network can add to the score is bounded by
landing.calls.ranking, and how often the rep is told by landing.notify.notices."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime

PURPOSE = b"landing.beacon-key\x00"


def key_for(secret: str, token: str, given: datetime) -> str:
    """`<milliseconds since 1970, hex>.<MAC>`: 128 bits of HMAC over the token and the time."""
    stamp = f"{int(given.timestamp() * 1000):x}"
    return f"{stamp}.{_mac(secret, token, stamp)}"


def given_at(secret: str, token: str, key: str) -> datetime | None:
    """When the key was given, if it is this token's key; else None (in constant time)."""
    stamp, _, mac = (key or "").partition(".")
    if not token or not stamp or len(stamp) > 12:
        return None
    if not hmac.compare_digest(_mac(secret, token, stamp), mac):
        return None
    return datetime.fromtimestamp(int(stamp, 16) / 1000, UTC)


def _mac(secret: str, token: str, stamp: str) -> str:
    message = PURPOSE + token.encode() + b"\x00" + stamp.encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")
