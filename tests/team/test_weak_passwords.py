"""Issue 14, item 4: passwords long enough to pass the length rule but trivially guessed
(twelve spaces, one character repeated, a dressed-up common password) are refused wherever
a password is set: the join link, the reset link, the Password page and `landing rep add`."""

from __future__ import annotations

import html

import pytest
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Rep
from landing.team import passwords
from tests.conftest import PASSWORD, csrf_token
from tests.team.test_team import _admin, _invite, _link_in, _path

# What the attack run got accepted, and the same tricks a little dressed up.
WEAK = {
    " " * 12: "only spaces",
    "\t \t \t \t \t \t ": "only spaces",
    "000000000000": "different characters",
    "aaaaaaaaaaaa": "different characters",
    "AaAaAaAaAaAa": "different characters",
    "abababababab": "different characters",
    "123456789012": "not only digits and symbols",
    "!@#$%^&*()_+": "not only digits and symbols",
    "P@ssw0rd2024!": "most common",
    "$ecret123456": "most common",
    "p.a.s.s.w.o.r.d.": "most common",
    "pass word 1234": "most common",
    "!!Qwertyuiop!!": "most common",
}


@pytest.mark.parametrize(("weak", "message"), WEAK.items())
def test_weak_passwords_are_refused_with_a_reason(weak, message):
    with pytest.raises(ValueError, match=message):
        passwords.check_password(weak, email="sam@acme.com", name="Sam Ortiz")


@pytest.mark.parametrize("good", [PASSWORD, "Tr0ub4dor&3x", "a new passphrase", "7Kp#q2Lm9!vX"])
def test_ordinary_good_passwords_still_pass(good):
    passwords.check_password(good, email="sam@acme.com", name="Sam Ortiz")


def _error_shown(response) -> str:
    assert response.status_code == 400
    return html.unescape(response.get_data(as_text=True))


def test_the_join_link_refuses_twelve_spaces(app, client, auth, make_rep):
    _admin(make_rep, auth)
    link = _invite(auth)
    auth.logout()
    path = _path(link)
    page = client.post(
        path,
        data={"name": "Sam Ortiz", "password": " " * 12, "again": " " * 12,
              "csrf_token": csrf_token(client, path)},
    )  # fmt: skip
    assert "A password cannot be only spaces." in _error_shown(page)
    with app.app_context():
        assert get_session().exec(select(Rep).where(Rep.email == "sam@acme.com")).first() is None


def test_the_reset_link_refuses_one_repeated_character(app, client, auth, make_rep):
    _admin(make_rep, auth)
    sam = make_rep(email="sam@acme.com", name="Sam Ortiz")
    response = auth.post(f"/app/team/{sam.id}/reset", {}, form_page="/app/team")
    link = _link_in(response, "reset")
    auth.logout()
    path = _path(link)
    page = client.post(
        path,
        data={"password": "0" * 12, "again": "0" * 12, "csrf_token": csrf_token(client, path)},
    )
    assert "Use at least 5 different characters." in _error_shown(page)


def test_the_password_page_refuses_a_dressed_up_common_password(client, auth, make_rep):
    make_rep()
    auth.login()
    page = auth.post(
        "/app/password",
        {"current": PASSWORD, "new": "P@ssw0rd2024!", "again": "P@ssw0rd2024!"},
        form_page="/app/password",
    )
    assert "one of the most common passwords" in _error_shown(page)
    assert auth.logout().status_code == 302
    assert auth.login().status_code == 302  # the old password still works


def test_the_cli_refuses_a_whitespace_password(app, runner):
    result = runner.invoke(["rep", "add", "sam@acme.com", "--name", "Sam Ortiz"], input=" " * 12)
    assert result.exit_code != 0
    assert "password: A password cannot be only spaces." in result.output
    result = runner.invoke(["rep", "add", "sam@acme.com", "--name", "Sam"], input="a" * 12 + "\n")
    assert result.exit_code != 0
    assert "password: Use at least 5 different characters." in result.output
    with app.app_context():
        assert get_session().exec(select(Rep)).all() == []
