"""Names to speakable slugs (`Rob-Mason`), their lookup keys (`robmason`) and spoken form."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from slugify import slugify

MAX_LENGTH = 60
SLUG_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")

# First path segments the app owns or may own, compared as keys. A test checks that every
# route's first segment is in here, so a new route cannot shadow a prospect's page.
RESERVED = frozenset(
    {
        "login", "logout", "static", "api", "app", "admin", "healthz", "robotstxt",
        "faviconico", "sitemapxml", "wellknown", "settings", "account", "signup", "register",
        "dashboard", "index", "home", "www", "mail", "assets", "beacon", "b", "t", "p",
        "preview", "qr", "unsubscribe", "privacy", "terms", "help", "support", "status",
        "join", "reset", "brandcss",
    }
)  # fmt: skip


class SlugError(ValueError):
    """A name that cannot become a slug; the message is meant for the user."""


PLAIN = re.compile(r"[A-Za-z0-9 _.\-']*")
NOT_KEY = re.compile(r"[^a-z0-9]")


def slug_key(text: str) -> str:
    """The lookup key: transliterated, lowercase letters and digits only."""
    if PLAIN.fullmatch(text):
        # Plain ASCII gives what slugify gives, about 30 times sooner (a test checks both).
        return NOT_KEY.sub("", text.lower())
    return slugify(text, separator="")


def name_parts(text: str) -> list[str]:
    """The lookup keys of a name's or a typed path's words: `Rob-Mason` → rob, mason.

    Combining marks (vowel signs, viramas, harakat, tone marks) belong to their letter:
    split there, विष्णु would lose its vowels and match neither its slug nor its sound."""
    words = "".join(ch if _in_word(ch) else " " for ch in text).split()
    return [key for key in (slug_key(word) for word in words) if key]


def _in_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _display(text: str, max_length: int = MAX_LENGTH) -> str:
    # Apostrophes vanish rather than split a name: O'Brien is said "OBrien", not "O hyphen".
    text = re.sub(r"['\u2019`]", "", text)
    words = slugify(text, lowercase=False).split("-")
    # A name typed all in lowercase is still said and shown as a name: rob mason → Rob-Mason.
    slug = "-".join(w[:1].upper() + w[1:] if w.islower() else w for w in words if w)
    if len(slug) > max_length:
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    return slug.strip("-")


def base_slug(first_name: str, last_name: str = "") -> str:
    """`Rob-Mason` for Rob Mason; SlugError when the name has no letter or digit."""
    name = f"{first_name} {last_name}".strip()
    if not any(ch.isalnum() for ch in name):
        raise SlugError("A name needs at least one letter or digit.")
    slug = _display(name)
    if not slug:
        # Letters that have no Latin transliteration still deserve a working page.
        slug = "Prospect"
    return slug


def _candidates(base: str, company: str):
    """The base slug, then with the company's first word, the company, then numbers."""
    yield base
    company_slug = _display(company)
    if company_slug:
        words = company_slug.split("-")
        for suffix in dict.fromkeys([words[0], company_slug]):
            yield _join(base, suffix)
    n = 2
    while True:
        yield _join(base, str(n))
        n += 1


def _join(base: str, suffix: str) -> str:
    # A company's first word can be as long as a whole slug: half is left for the name.
    suffix = _display(suffix, max_length=MAX_LENGTH // 2)
    room = MAX_LENGTH - len(suffix) - 1
    return f"{_display(base, max_length=room)}-{suffix}"


def candidates(first_name: str, last_name: str, company: str):
    """Every speakable slug for this person, best first (an endless generator)."""
    return _candidates(base_slug(first_name, last_name), company)


def choose_slug(
    first_name: str, last_name: str, company: str, is_taken: Callable[[str], bool]
) -> str:
    """A speakable slug whose key is neither reserved nor taken (is_taken receives keys)."""
    for candidate in _candidates(base_slug(first_name, last_name), company):
        key = slug_key(candidate)
        if key and key not in RESERVED and not is_taken(key):
            return candidate
    raise AssertionError("unreachable: numbered candidates never run out")


def page_url(base_url: str, slug: str) -> str:
    return f"{base_url.rstrip('/')}/{slug}"


SLASH_WORDS = ("forward slash", "slash")
HYPHEN_WORDS = ("hyphen", "dash")


def spoken_url(
    base_url: str, slug: str, slash: str = "forward slash", hyphen: str = "hyphen"
) -> str:
    """How the URL is said aloud: `acme dot com forward slash Rob hyphen Mason`."""
    parts = urlsplit(base_url if "//" in base_url else f"//{base_url}")
    host = (parts.hostname or "").lower()
    words = _speak(host, hyphen)
    if parts.port:
        words += f" colon {parts.port}"
    for segment in [s for s in parts.path.split("/") if s] + [slug]:
        words += f" {slash} " + _speak(segment, hyphen)
    return words


def _speak(text: str, hyphen: str) -> str:
    return text.replace(".", " dot ").replace("-", f" {hyphen} ").replace("_", " underscore ")


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug)) and len(slug) <= MAX_LENGTH
