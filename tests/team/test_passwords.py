"""The password policy: length, common passwords, the rep's own email or name."""

import pytest

from landing.core.validate import InputError
from landing.data.db import get_session
from landing.team import passwords
from landing.team.reps import create_rep
from tests.conftest import PASSWORD


def test_the_test_password_passes():
    passwords.check_password(PASSWORD, email="dana@acme.com", name="Dana Reyes")


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_under_twelve_characters_is_refused(password):
    with pytest.raises(ValueError, match="At least 12 characters."):
        passwords.check_password(password)


@pytest.mark.parametrize(
    "password",
    ["1qaz2wsx3edc", "QWERTY123456", "qwertyuiop123", "Password123456!", "leavemealone"],
)
def test_common_passwords_are_refused_whatever_their_case_or_counter(password):
    with pytest.raises(ValueError, match="one of the most common passwords"):
        passwords.check_password(password)


def test_the_list_is_shipped_and_large():
    common = passwords.common_passwords()
    assert len(common) == 10_000
    assert {"password", "123456", "qwerty", "iloveyou"} <= common


def test_own_email_or_name_is_refused():
    with pytest.raises(ValueError, match="email or name"):
        passwords.check_password("Dana.Reyes@Acme.com", email="dana.reyes@acme.com")
    with pytest.raises(ValueError, match="email or name"):
        passwords.check_password("danareyesmorales", name="Dana Reyes Morales")
    with pytest.raises(ValueError, match="email or name"):
        passwords.check_password("Dana Reyes Morales", name="Dana Reyes Morales")


def test_very_long_passwords_are_refused():
    passwords.check_password("a long passphrase " * 11)
    with pytest.raises(ValueError, match="At most 200"):
        passwords.check_password("x" * 201)


def test_create_rep_applies_the_policy_on_the_password_field(app):
    with app.app_context():
        session = get_session()
        for weak, message in (
            ("short", "At least 12 characters."),
            ("password1234", "most common"),
        ):
            with pytest.raises(InputError) as caught:
                create_rep(session, email="x@acme.com", name="X", password=weak)
            assert message in caught.value.errors["password"]
        assert create_rep(session, email="x@acme.com", name="X", password=PASSWORD).id
