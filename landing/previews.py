"""Telling a rep's own views from prospects': signed preview links, and a cookie that marks
a browser a rep has signed in with (their views stay theirs after they sign out)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

PREVIEW_MAX_AGE = 7 * 86400
REP_BROWSER_COOKIE = "lrep"
REP_BROWSER_MAX_AGE = 365 * 86400


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"landing.{purpose}")


def preview_token(rep_id: int, prospect_id: int) -> str:
    return _signer("preview").dumps([rep_id, prospect_id])


def rep_of_preview(token: str, prospect_id: int) -> int | None:
    """The rep who made this preview link for this prospect, or None."""
    if not token:
        return None
    try:
        rep_id, for_prospect = _signer("preview").loads(token, max_age=PREVIEW_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return None
    return int(rep_id) if for_prospect == prospect_id else None


def rep_browser_cookie(rep_id: int) -> str:
    return _signer("rep-browser").dumps(rep_id)


def rep_of_browser(cookie: str) -> int | None:
    if not cookie:
        return None
    try:
        return int(_signer("rep-browser").loads(cookie, max_age=REP_BROWSER_MAX_AGE))
    except (BadSignature, ValueError, TypeError):
        return None
