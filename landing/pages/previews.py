"""Telling a rep's own views from prospects': a cookie that marks a browser a rep has
signed in with (their views stay theirs after they sign out).

There are no preview links any more: a link that marks whoever opens it as the rep was
one a stranger could be forwarded, and every view of theirs was logged as the rep's own.
A rep previews a page in their own browser, where their session (or this cookie) already
says who they are; a link with the old `?preview=` value is just the prospect's page."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

REP_BROWSER_COOKIE = "lrep"
REP_BROWSER_MAX_AGE = 365 * 86400


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"landing.{purpose}")


def rep_browser_cookie(rep_id: int) -> str:
    return _signer("rep-browser").dumps(rep_id)


def rep_of_browser(cookie: str) -> int | None:
    if not cookie:
        return None
    try:
        return int(_signer("rep-browser").loads(cookie, max_age=REP_BROWSER_MAX_AGE))
    except (BadSignature, ValueError, TypeError):
        return None
