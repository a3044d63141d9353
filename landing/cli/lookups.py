"""The rows a command names: a rep by email, or the first admin when the email is optional;
a prospect by slug. Each fails with a plain message and exit status 1."""

from __future__ import annotations

from landing.cli.terminal import fail
from landing.data.db import get_session
from landing.data.models import Prospect, Rep
from landing.prospects import service as prospects
from landing.team import reps


def rep_or_fail(email: str) -> Rep:
    rep = reps.get_by_email(get_session(), email)
    if rep is None:
        fail(f"no rep with email {email}")
    return rep


def rep_or_first_admin(email: str | None) -> Rep:
    """For commands whose --rep is optional: that rep, or the first admin."""
    if email:
        return rep_or_fail(email)
    rep = reps.first_admin(get_session())
    if rep is None:
        fail("no admin rep yet; run `landing init`")
    return rep


def prospect_or_fail(slug: str) -> Prospect:
    prospect = prospects.find_by_slug(get_session(), slug)
    if prospect is None:
        fail(f"no prospect with slug {slug}")
    return prospect
