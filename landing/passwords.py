"""The password policy: long enough, not a common password, not the rep's own email or name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 200  # a passphrase fits; a megabyte pasted by mistake (or malice) does not
# The 10,000 most common passwords of zxcvbn's list (MIT; from leaked password sets, most
# common first), lowercased. Offline, so the policy needs no network and leaks nothing.
COMMON_FILE = Path(__file__).parent / "data" / "common-passwords.txt"
_DIGITS_AND_SYMBOLS = "0123456789!@#$%^&*()-_=+.,;:?~`'\"/\\|[]{}<> "


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(COMMON_FILE.read_text(encoding="utf-8").split())


def check_password(password: str, *, email: str = "", name: str = "") -> None:
    """ValueError, with a message for the rep, unless the password may be used."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"At least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"At most {MAX_LENGTH} characters.")
    lowered = password.lower()
    # "Password123456" is "password" with a counter: people pad a common one to the length.
    core = lowered.strip(_DIGITS_AND_SYMBOLS)
    common = common_passwords()
    if lowered in common or core in common:
        raise ValueError("This is one of the most common passwords; choose another.")
    email, name = email.strip().lower(), "".join(name.lower().split())
    own = {email, email.split("@")[0], name} - {""}
    if lowered in own or "".join(lowered.split()) in own:
        raise ValueError("Your email or name cannot be your password.")
