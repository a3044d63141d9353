"""Checks on what users type, shared by forms, the CLI and (later) the API."""

from __future__ import annotations

import re
from datetime import time
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones as _zones

import phonenumbers
from email_validator import EmailNotValidError, validate_email


class InputError(ValueError):
    """Bad input, as {field: message}; shown as form errors, JSON errors or CLI messages."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in errors.items()))


class AdminOnly(PermissionError):
    """Something only an admin may change, asked for by a rep who is not one. Every rep knows
    it exists (the team's templates and the built-ins are in their library, the admin pages
    are no secret), so they are told why not, the same way everywhere (403), rather than that
    it is not there (404 is for what is hidden from them, such as another rep's prospect)."""

    def __init__(self, message: str = "Only an admin can change this.") -> None:
        super().__init__(message)


class Checker:
    """Collects field errors so the user sees all of them at once, not one per try."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def run(self, field: str, check, value: str, *args):
        try:
            return check(value, *args)
        except ValueError as exc:
            self.errors[field] = str(exc)
            return value

    def done(self) -> None:
        if self.errors:
            raise InputError(self.errors)


# Characters nobody types on purpose that change what text around them shows: C0 and C1
# controls and DEL (a terminal takes ESC [31m as a colour, BEL as a beep), and the bidi
# embeddings, overrides, isolates and marks (U+202E shows "Rob gnp.exe" as "Rob exe.png",
# and reorders a rep's list).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
# Lone surrogates (JSON's \ud800, a command line's undecodable bytes) are not text at all:
# no UTF-8 encoder takes them, so neither database can store them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: str) -> str:
    """value, unless it holds what no database stores: a NUL or a lone surrogate."""
    if "\x00" in value:  # PostgreSQL refuses it in any text
        raise ValueError("Contains a NUL character, which cannot be stored.")
    if found := _SURROGATE.search(value):
        raise ValueError(f"Contains U+{ord(found.group()):04X}, which is not a valid character.")
    return value


def visible(value: str, keep: str = "") -> str:
    """value, unless it holds a control or bidi character listed above (other than those
    in keep, e.g. a newline in a multi-line text); the message names it."""
    for found in _INVISIBLE.finditer(value):
        if found.group() not in keep:
            code = ord(found.group())
            raise ValueError(f"Contains an invisible control character (U+{code:04X}); remove it.")
    return value


def text(value: str | None, max_length: int, required: bool = False) -> str:
    """One line: runs of whitespace (tabs, newlines too) become one space; controls refused."""
    value = visible(storable(" ".join((value or "").split())))
    if required and not value:
        raise ValueError("Required.")
    if len(value) > max_length:
        raise ValueError(f"At most {max_length} characters.")
    return value


def choice(value: str | None, options: tuple[str, ...], allow_empty: bool = False) -> str:
    value = (value or "").strip()
    if (allow_empty and not value) or value in options:
        return value
    raise ValueError(f"Choose one of: {', '.join(options)}.")


def integer(value: str | int | None, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"A whole number from {low} to {high}.") from None
    if not low <= number <= high:
        raise ValueError(f"A whole number from {low} to {high}.")
    return number


def multiline(value: str | None, max_length: int) -> str:
    """Lines and tabs kept (any line end read as a newline); other controls refused."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    value = visible(storable(value), keep="\n\t")
    if len(value) > max_length:
        raise ValueError(f"At most {max_length} characters.")
    return value


def email(value: str | None, required: bool = False) -> str:
    value = storable((value or "").strip())
    if not value:
        if required:
            raise ValueError("Required.")
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"Not a valid email address: {exc}") from None


def phone(value: str | None, region: str = "US") -> str:
    """E.164 (`+15551234567`), so tel: links dial from anywhere."""
    number = _parsed(value, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else ""


def _parsed(value: str | None, region: str) -> phonenumbers.PhoneNumber | None:
    """The number, None for nothing; ValueError when it cannot be one (wrong length)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise ValueError("Not a phone number; include the country code, e.g. +1 415 555 0199.")
    return number


def valid_phone(value: str | None, region: str = "US") -> str:
    """E.164 of a number that exists in its country's numbering plan, not merely one of a
    possible length: `0452 382 284` (an Australian mobile) read in the US is +10452382284,
    which no one answers, so it is refused rather than stored."""
    number = _parsed(value, region)
    if number is None:
        return ""
    # Most numbers are of the rep's own country: checked against its plan alone first, as
    # is_valid_number would try every country sharing the code (25 share +1) to find it.
    local = phonenumbers.is_valid_number_for_region(number, region)
    if not local and not phonenumbers.is_valid_number(number):
        if (value or "").strip().startswith("+"):
            raise ValueError("No such number in its country's numbering plan.")
        raise ValueError(
            f"Not a {region} number; write it with its country code, e.g. +61 452 382 284."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def https_url(value: str | None, max_length: int = 500) -> str:
    """An https:// link or "": never javascript:, data: or plain http, which pages would
    otherwise put in an href or src."""
    value = storable((value or "").strip())
    if not value:
        return ""
    if urlsplit(value).scheme != "https" or not one_link(value):
        raise ValueError("Must be an https:// link.")
    visible(value)  # C1 and bidi controls: one_link refused the rest
    if len(value) > max_length:
        raise ValueError(f"At most {max_length} characters.")
    return value


def one_link(value: str) -> bool:
    """A host, and no whitespace or control characters: urlsplit drops tabs and newlines
    silently, so a link with them would be stored as something other than what it reads."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    try:
        return bool(urlsplit(value).hostname)
    except ValueError:  # e.g. an unclosed [ in the host
        return False


def clock(value: str | None) -> str:
    """A time of day as HH:MM (24-hour), or "" for none."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise ValueError("A time like 20:00 (24-hour clock).") from None
    return parsed.strftime("%H:%M")


def timezone(value: str | None) -> str:
    value = (value or "").strip() or "UTC"
    if value not in available_timezones() and value != "UTC":
        raise ValueError("A time zone like Europe/Berlin or America/New_York.")
    return value


@cache
def available_timezones() -> frozenset[str]:
    return frozenset(_zones())


def base_url(value: str | None) -> str:
    """The public base URL said in scripts: http(s), a host, an optional path, no query."""
    value = visible(storable((value or "").strip().rstrip("/")))
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("Must look like https://acme.com")
    if parts.query or parts.fragment:
        raise ValueError("No ? or # part: this is the start of every prospect's URL.")
    return value


def display_phone(value: str) -> str:
    """+15550100199 → +1 555-010-0199 for people to read."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
