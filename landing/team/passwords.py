"""The password policy: long enough, varied enough, not a common password (however it is
dressed up), not the rep's own email or name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from werkzeug.security import generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 200  # a passphrase fits; a megabyte pasted by mistake (or malice) does not
# Different characters (case ignored) a password needs: "aaaaaaaaaaaa" and "000000000000"
# are long enough, yet one guess each.
MIN_DISTINCT = 5
# The 10,000 most common passwords of zxcvbn's list (MIT; from leaked password sets, most
# common first), lowercased. Offline, so the policy needs no network and leaks nothing.
COMMON_FILE = Path(__file__).parent / "common-passwords.txt"
_DIGITS_AND_SYMBOLS = "0123456789!@#$%^&*()-_=+.,;:?~`'\"/\\|[]{}<> \t"
# The usual letter-for-look-alike swaps: "P@ssw0rd" is "password" to anyone guessing.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
     "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"}
)  # fmt: skip

COMMON = "This is one of the most common passwords; choose another."

# werkzeug's scrypt (n=2**15, r=8, p=1): about 0.1 s a hash, which is the point. The test
# suite swaps a cheap method in (tests/conftest.py), but for the tests of this one.
HASH_METHOD = "scrypt"


def hash_password(password: str) -> str:
    """The stored form of a password; check_password_hash reads the method back from it."""
    return generate_password_hash(password, method=HASH_METHOD)


def dummy_hash() -> str:
    """A hash to check a password against when the email is unknown: of the same method as
    a rep's, so both failures cost the same."""
    return _dummy_hash(HASH_METHOD)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("landing-timing-equaliser", method=method)


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
    if not password.strip():
        raise ValueError("A password cannot be only spaces.")
    lowered = password.lower()
    if len(set(lowered)) < MIN_DISTINCT:
        raise ValueError(f"Use at least {MIN_DISTINCT} different characters.")
    if not any(c.isalpha() for c in password):
        # Digits and symbols alone are a date, a phone number or a keyboard row far more
        # often than they are random.
        raise ValueError("Use some letters too, not only digits and symbols.")
    if _forms(lowered) & common_passwords():
        raise ValueError(COMMON)
    email, name = email.strip().lower(), "".join(name.lower().split())
    own = {email, email.split("@")[0], name} - {""}
    if lowered in own or "".join(lowered.split()) in own:
        raise ValueError("Your email or name cannot be your password.")


def _forms(lowered: str) -> set[str]:
    """The ways a guesser would try a common password: as typed, without spaces, without
    the counter people pad one with ("password123456"), with look-alikes swapped back
    ("p@ssw0rd!"), and its letters alone ("p.a.s.s.w.o.r.d")."""
    joined = "".join(lowered.split())
    core = joined.strip(_DIGITS_AND_SYMBOLS)
    forms = {
        lowered,
        joined,
        core,
        core.translate(_LEET),
        # Counter first, then look-alikes: "$ecret2024" is "secret", not "secretezoza".
        joined.rstrip(_DIGITS_AND_SYMBOLS).translate(_LEET).strip(_DIGITS_AND_SYMBOLS),
        "".join(c for c in lowered if c.isalpha()),
    }
    return forms - {""}
