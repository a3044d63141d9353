"""Passwords are stored as scrypt hashes: made when a rep is created, joins, resets or changes
a password, checked on sign-in. Elsewhere the suite hashes with one cheap round (see
tests/conftest.py); these tests use the app's own method."""

from __future__ import annotations

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Rep
from landing.team import membership, passwords, reps
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase"

pytestmark = pytest.mark.usefixtures("real_password_hashing")


def _stored(app, email: str = "dana@acme.com") -> str:
    with app.app_context():
        return get_session().exec(select(Rep).where(Rep.email == email)).one().password_hash


def test_the_app_hashes_with_scrypt():
    assert passwords.HASH_METHOD == "scrypt"
    assert passwords.hash_password(PASSWORD).startswith("scrypt:32768:8:1$")


def test_a_rep_signs_in_with_their_scrypt_hashed_password_and_no_other(app, client, auth, make_rep):
    make_rep()
    stored = _stored(app)
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    assert auth.login(password="not the password").status_code == 401
    assert auth.login().status_code == 302
    assert client.get("/app/").status_code == 200


def test_an_unknown_email_is_checked_against_a_hash_of_the_same_cost(app, make_rep):
    make_rep()
    assert passwords.dummy_hash().split("$")[0] == _stored(app).split("$")[0]
    with app.app_context():
        assert reps.authenticate(get_session(), "nobody@acme.com", PASSWORD) is None


def test_a_changed_or_reset_password_is_stored_with_scrypt(app, make_rep):
    dana = make_rep()
    with app.app_context():
        session = get_session()
        rep = session.get(Rep, dana.id)
        membership.change_password(session, rep, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
        changed = rep.password_hash
        token = membership.force_reset(session, None, rep)
        unusable = rep.password_hash
        membership.use_reset(session, token, PASSWORD, PASSWORD)
        assert reps.authenticate(session, "dana@acme.com", PASSWORD) is not None
    for stored in (changed, unusable, _stored(app)):
        assert stored.startswith("scrypt:")
    assert len({changed, unusable, _stored(app)}) == 3
