"""Signing in gives nothing away and cannot be guessed at: the same answer and the same work
for unknown emails and wrong passwords, failures limited per account from one address and
per address in the database (so across workers), and `next` only ever a path on this site.
How a stranger is kept from locking a rep out: tests/team/test_rep_lockout.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from landing import create_app
from landing.core.clock import utcnow
from landing.data import attempts
from landing.data.db import get_engine, get_session
from landing.data.models import Attempt
from landing.team import reps, sign_ins
from tests.conftest import PASSWORD, csrf_token

TOO_MANY = "Too many sign-in attempts. Try again in 15 minutes."


def sign_in(client, email="dana@acme.com", password=PASSWORD, next_=None):
    token = csrf_token(client, "/login")
    path = "/login" + (f"?next={next_}" if next_ else "")
    return client.post(path, data={"email": email, "password": password, "csrf_token": token})


def page_of(response, email: str) -> str:
    """The page as any email would get it: the email typed and the CSRF token taken out."""
    html = response.get_data(as_text=True).replace(email, "<email>")
    return re.sub(r'(name="csrf[-_]token"[^>]*?)(value|content)="[^"]*"', r"\1", html)


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture(autouse=True)
def waits(monkeypatch):
    """The seconds each slowed answer would have waited; none is waited here."""
    waited: list[float] = []
    monkeypatch.setattr(sign_ins, "sleep", waited.append)
    return waited


@pytest.fixture
def hash_checks(monkeypatch):
    """Every password-hash check reps.authenticate makes."""
    checked = []
    real = reps.check_password_hash

    def counted(stored: str, password: str) -> bool:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(reps, "check_password_hash", counted)
    return checked


def test_unknown_email_and_wrong_password_look_and_cost_the_same(client, make_rep, hash_checks):
    make_rep()
    wrong = sign_in(client, password="not the password")
    assert len(hash_checks) == 1
    unknown = sign_in(client, email="nobody@acme.com")
    assert len(hash_checks) == 2  # a hash of the same cost, checked for nobody
    assert hash_checks[1].split("$")[0] == hash_checks[0].split("$")[0]  # method and rounds
    assert wrong.status_code == unknown.status_code == 401
    page = wrong.get_data(as_text=True)
    assert "Wrong email or password." in page
    assert page_of(unknown, "nobody@acme.com") == page_of(wrong, "dana@acme.com")


def test_sixth_try_on_an_account_from_one_address_is_refused_even_with_the_right_password(
    app, client, make_rep, hash_checks
):
    make_rep()
    for _ in range(4):
        assert sign_in(client, password="guess").status_code == 401
    # Failures within the limit do not lock out the rep who then remembers.
    assert sign_in(client).status_code == 302
    client = app.test_client()
    assert sign_in(client, email="DANA@acme.com ", password="guess").status_code == 401
    checked = len(hash_checks)
    refused = sign_in(client)
    assert refused.status_code == 429
    assert TOO_MANY in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "900"
    assert len(hash_checks) == checked  # the password was not even tried
    assert client.get("/app/").status_code == 302
    # Another address is not refused: the account and address together are what is
    # limited, or anyone could lock a rep out (tests/team/test_rep_lockout.py).
    assert sign_in(from_address(app, "198.51.100.9")).status_code == 302


def test_a_locked_unknown_email_looks_like_a_locked_rep(app, make_rep):
    make_rep()
    known, unknown = app.test_client(), from_address(app, "198.51.100.20")
    for _ in range(5):
        sign_in(known, password="guess")
        sign_in(unknown, email="nobody@acme.com", password="guess")
    a, b = sign_in(known, password="guess"), sign_in(unknown, email="nobody@acme.com")
    assert a.status_code == b.status_code == 429
    assert page_of(a, "dana@acme.com") == page_of(b, "nobody@acme.com")


def test_the_account_limit_passes_after_fifteen_minutes(app, client, make_rep):
    make_rep()
    for _ in range(5):
        sign_in(client, password="guess")
    assert sign_in(client).status_code == 429
    with app.app_context():
        session = get_session()
        for attempt in session.exec(select(Attempt)):
            attempt.at -= timedelta(minutes=16)
            session.add(attempt)
        session.commit()
    assert sign_in(client).status_code == 302


def test_twenty_failures_from_one_address_lock_that_address(app, make_rep):
    make_rep()
    scanner = from_address(app, "203.0.113.7")
    for n in range(20):
        assert sign_in(scanner, email=f"guess{n}@acme.com", password="guess").status_code == 401
    assert sign_in(scanner).status_code == 429  # right password, untried account
    assert scanner.get("/app/").status_code == 302
    assert sign_in(from_address(app, "198.51.100.9")).status_code == 302


def test_an_ipv6_host_cannot_rotate_through_its_own_addresses(app, make_rep):
    make_rep()
    for n in range(20):
        client = from_address(app, f"2001:db8:1:2::{n + 1:x}")
        sign_in(client, email=f"guess{n}@acme.com", password="guess")
    assert sign_in(from_address(app, "2001:db8:1:2::ff")).status_code == 429
    assert sign_in(from_address(app, "2001:db8:1:3::1")).status_code == 302


def test_limits_hold_across_workers(app, tmp_path, make_rep):
    """Two apps on one database are two gunicorn workers."""
    make_rep()
    other = create_app({**app.config, "INSTANCE_PATH": str(tmp_path / "worker2")})
    try:
        first, second = app.test_client(), other.test_client()
        for client in (first, second, first, second, first):
            assert sign_in(client, password="guess").status_code == 401
        assert sign_in(second).status_code == 429
        assert sign_in(first).status_code == 429
    finally:
        with other.app_context():
            get_engine().dispose()


def test_buckets_name_neither_email_nor_address(app, make_rep):
    make_rep()
    sign_in(from_address(app, "203.0.113.7"), password="guess")
    with app.app_context():
        buckets = [a.bucket for a in get_session().exec(select(Attempt))]
    assert len(buckets) == 3  # the account, the account from this address, the address
    for bucket in buckets:
        assert "dana" not in bucket and "203.0.113" not in bucket
        assert len(bucket) <= 100


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "//evil.com/app/",
        "https://evil.com",
        "https://evil.com/app/",
        "/\\evil.com",
        "/%5Cevil.com",
        "javascript:alert(1)",
        "evil.com",
        "",
    ],
)
def test_next_after_sign_in_is_never_another_site(client, make_rep, target):
    make_rep()
    response = sign_in(client, next_=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/app/"


def test_next_after_sign_in_keeps_a_local_path(client, make_rep):
    make_rep()
    response = sign_in(client, next_="/app/profile")
    assert response.headers["Location"] == "/app/profile"


def test_attempts_older_than_a_day_are_deleted_now_and_then(app, make_rep, monkeypatch):
    make_rep()
    with app.app_context():
        session = get_session()
        session.add(Attempt(bucket="signin-account:old", at=utcnow() - timedelta(days=2)))
        session.add(Attempt(bucket="signin-account:recent", at=utcnow() - timedelta(hours=2)))
        session.commit()
    monkeypatch.setattr(attempts, "_next_purge", 0.0)
    sign_in(app.test_client(), password="guess")
    kept = {a.bucket for a in get_all(app)}
    assert "signin-account:old" not in kept and "signin-account:recent" in kept
    assert len(kept) == 4  # the recent one and the failure's three buckets


def get_all(app) -> list[Attempt]:
    with app.app_context():
        return list(get_session().exec(select(Attempt)))
