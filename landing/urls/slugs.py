"""Names to speakable slugs (`Rob-Mason`), their lookup keys (`robmason`) and spoken form."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from urllib.parse import urlsplit

from slugify import slugify

from landing.urls.latin import romanize

# python-slugify's "auto" backend tries Unidecode before text-unidecode on every call with a
# letter outside ASCII; without Unidecode installed each try searches sys.path afresh (80 µs,
# a few thousand times a list). Marked absent once, the try fails at once, as it would anyway.
if find_spec("unidecode") is None:
    sys.modules.setdefault("unidecode", None)

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


# Names repeat (a list has a few thousand first and last names), and slugify costs about
# 30 µs a call: a 10,000-row import asks for the same keys and slugs 100,000 times.
CACHED = 1 << 16


@lru_cache(maxsize=CACHED)
def slug_key(text: str) -> str:
    """The lookup key: transliterated, lowercase letters and digits only."""
    if PLAIN.fullmatch(text):
        # Plain ASCII gives what slugify gives, about 30 times sooner (a test checks both).
        return NOT_KEY.sub("", text.lower())
    return slugify(romanize(text), separator="")


def name_parts(text: str) -> list[str]:
    """The lookup keys of a name's or a typed path's words: `Rob-Mason` → rob, mason.

    Combining marks (vowel signs, viramas, harakat, tone marks) belong to their letter:
    split there, विष्णु would lose its vowels and match neither its slug nor its sound."""
    return list(_name_parts(text))


@lru_cache(maxsize=CACHED)
def _name_parts(text: str) -> tuple[str, ...]:
    words = "".join(ch if _in_word(ch) else " " for ch in text).split()
    return tuple(key for key in (slug_key(word) for word in words) if key)


def _in_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


# Name particles written in lowercase (van der Berg, de la Cruz, von Trapp, dos Santos).
PARTICLES = frozenset(
    "van der den de del della di da dos das do du la le von zu ter ten bin binti al el y e".split()
)


@lru_cache(maxsize=CACHED)
def _display(text: str, max_length: int = MAX_LENGTH) -> str:
    # Apostrophes vanish rather than split a name: O'Brien is said "OBrien", not "O hyphen".
    text = re.sub(r"['\u2019`]", "", text)
    words = [w for w in slugify(romanize(text), lowercase=False).split("-") if w]
    # A name typed all in lowercase is still said and shown as a name: rob mason → Rob-Mason;
    # but a particle inside it stays as written, as its owner writes it: Anna-van-der-Berg.
    slug = "-".join(
        w if not w.islower() or (i and w in PARTICLES) else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )
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


@dataclass(frozen=True)
class Marks:
    """How one language says the marks of an address. The company chooses in English
    ("forward slash" or "slash", "hyphen" or "dash"): the long, formal word or the short,
    casual one, which each language says its own way."""

    dot: str
    slash: dict[str, str]  # by the company's choice in SLASH_WORDS
    hyphen: dict[str, str]  # by the company's choice in HYPHEN_WORDS
    underscore: str
    colon: str


# What a native speaker says reading a web address aloud to someone writing it down.
MARKS = {
    "en": Marks("dot", {"forward slash": "forward slash", "slash": "slash"},
                {"hyphen": "hyphen", "dash": "dash"}, "underscore", "colon"),
    "de": Marks("punkt", {"forward slash": "Schrägstrich", "slash": "Slash"},
                {"hyphen": "Bindestrich", "dash": "Minus"}, "Unterstrich", "Doppelpunkt"),
    "fr": Marks("point", {"forward slash": "barre oblique", "slash": "slash"},
                {"hyphen": "tiret", "dash": "tiret"}, "tiret bas", "deux-points"),
    "es": Marks("punto", {"forward slash": "barra", "slash": "barra"},
                {"hyphen": "guion", "dash": "guion"}, "guion bajo", "dos puntos"),
    "nl": Marks("punt", {"forward slash": "schuine streep", "slash": "slash"},
                {"hyphen": "streepje", "dash": "min"}, "liggend streepje", "dubbele punt"),
    "pt": Marks("ponto", {"forward slash": "barra", "slash": "barra"},
                {"hyphen": "hífen", "dash": "traço"}, "underscore", "dois pontos"),
}  # fmt: skip


def spoken_url(
    base_url: str,
    slug: str,
    slash: str = "forward slash",
    hyphen: str = "hyphen",
    language: str = "en",
) -> str:
    """How the URL is said aloud: `acme dot com forward slash Rob hyphen Mason`, or in the
    prospect's language `acme punkt com Schrägstrich Rob Bindestrich Mason`."""
    marks = MARKS.get(language, MARKS["en"])
    said_slash = marks.slash.get(slash, slash)
    parts = urlsplit(base_url if "//" in base_url else f"//{base_url}")
    host = (parts.hostname or "").lower()
    words = _speak(host, marks, hyphen)
    if parts.port:
        words += f" {marks.colon} {parts.port}"
    for segment in [s for s in parts.path.split("/") if s] + [slug]:
        words += f" {said_slash} " + _speak(segment, marks, hyphen)
    return words


def _speak(text: str, marks: Marks, hyphen: str) -> str:
    said_hyphen = marks.hyphen.get(hyphen, hyphen)
    return (
        text.replace(".", f" {marks.dot} ")
        .replace("-", f" {said_hyphen} ")
        .replace("_", f" {marks.underscore} ")
    )


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug)) and len(slug) <= MAX_LENGTH
