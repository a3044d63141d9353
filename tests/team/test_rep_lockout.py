"""Issue 14, item 5: every page shows a rep's email, and five wrong passwords from anywhere
used to lock that rep out for 15 minutes. Now a stranger's failures block only the
stranger's address; failures for the email from everywhere slow every answer for it (a
little, boundedly, never blocking); and the rep is told about the failures on signing in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from landing.core.clock import utcnow
from landing.data import attempts
from landing.data.db import get_session
from landing.team import sign_ins
from tests.conftest import Auth
from tests.team.test_sign_in_limits import from_address, sign_in

STRANGER = "203.0.113.7"
REP_ADDRESS = "198.51.100.9"


@pytest.fixture
def waits(monkeypatch):
    """The seconds each slowed answer would have waited; none is waited here."""
    waited: list[float] = []
    monkeypatch.setattr(sign_ins, "sleep", waited.append)
    return waited


def test_a_stranger_cannot_lock_the_rep_out(app, make_rep, waits):
    make_rep()
    stranger = from_address(app, STRANGER)
    for _ in range(5):
        assert sign_in(stranger, password="guess").status_code == 401
    assert sign_in(stranger, password="guess").status_code == 429  # the stranger is stopped
    assert sign_in(stranger).status_code == 429  # even with the right password, from there
    rep = from_address(app, REP_ADDRESS)
    signed_in = sign_in(rep)
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/app/"
    assert rep.get("/app/").status_code == 200


def test_failures_from_many_addresses_slow_every_answer_for_the_email_but_never_block(
    app, make_rep, waits
):
    make_rep()
    for n in range(5):  # within the limit: nobody waits
        assert sign_in(from_address(app, f"203.0.113.{n}"), password="guess").status_code == 401
    assert waits == []
    for n in range(5):
        assert sign_in(from_address(app, f"192.0.2.{n}"), password="guess").status_code == 401
    assert waits == [0.25, 0.5, 1.0, 2.0, 2.0]  # doubling, never past two seconds
    # The rep, from an address that has not failed, waits as long, and is let in.
    assert sign_in(from_address(app, REP_ADDRESS)).status_code == 302
    assert waits[-1] == 2.0


def test_an_unknown_email_is_slowed_the_same_as_a_rep(app, make_rep, waits):
    make_rep()
    for email in ("dana@acme.com", "nobody@acme.com"):
        for n in range(6):
            sign_in(from_address(app, f"192.0.2.{n}"), email=email, password="guess")
    assert waits == [0.25, 0.25]


def test_the_delay_follows_the_window_and_the_setting(app, make_rep):
    with app.app_context():
        db = get_session()
        b = sign_ins.buckets("k", "dana@acme.com", STRANGER)
        limits = sign_ins.Limits(per_pair=5, per_address=20, window=timedelta(minutes=15),
                                 delay_max=2.0)  # fmt: skip
        now = utcnow()
        for _ in range(7):
            attempts.record(db, b.account, now - timedelta(minutes=1))
        assert sign_ins.delay(db, b, limits, now) == 1.0
        assert sign_ins.delay(db, b, limits, now + timedelta(minutes=15)) == 0.0
        off = sign_ins.Limits(per_pair=5, per_address=20, window=limits.window, delay_max=0)
        assert sign_ins.delay(db, b, off, now) == 0.0
    app.config["SIGNIN_DELAY_MAX_MS"] = 500
    assert sign_ins.Limits.from_config(app.config).delay_max == 0.5


def test_the_rep_is_told_of_failed_sign_ins_since_their_last_visit(app, make_rep, waits):
    make_rep()
    rep = Auth(from_address(app, REP_ADDRESS))
    assert rep.login().status_code == 302
    first = rep.client.get("/app/").get_data(as_text=True)
    assert "failed sign-in" not in first
    rep.logout()
    stranger = from_address(app, STRANGER)
    for _ in range(3):
        sign_in(stranger, password="guess")
    assert rep.login().status_code == 302
    told = rep.client.get("/app/").get_data(as_text=True)
    assert "3 failed sign-ins to your account since your last visit." in told
    rep.logout()
    assert rep.login().status_code == 302
    assert "failed sign-in" not in rep.client.get("/app/").get_data(as_text=True)


def test_without_a_recent_sign_in_the_count_covers_the_last_day(app, make_rep, waits):
    make_rep()
    sign_in(from_address(app, STRANGER), password="guess")
    rep = Auth(from_address(app, REP_ADDRESS))
    assert rep.login().status_code == 302
    told = rep.client.get("/app/").get_data(as_text=True)
    assert "1 failed sign-in to your account in the last day." in told
