"""A team's look on prospects' pages: the layout, the brand colour with a text colour readable
on it, and the customers the page names."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from landing.core import validate

LAYOUTS = ("classic", "spotlight")
MAX_CUSTOMERS = 12
COLOUR = re.compile(r"^#[0-9a-f]{6}$")
BLACK, WHITE = "#000000", "#ffffff"
INK = "#1b1f24"  # page.css's text colour, for links when the brand colour is too light
# page.css's dark scheme: its background, and its ink for links when the brand is too dark.
DARK_BG, DARK_INK = "#15181c", "#e8eaed"
# WCAG 2.x AA for normal text.
READABLE = 4.5


@dataclass(frozen=True)
class Customer:
    name: str
    logo_url: str = ""


def check_colour(value: str | None) -> str:
    """ "#rrggbb" in lower case, or "" for none; ValueError for anything else."""
    value = (value or "").strip().lower()
    if value and not value.startswith("#"):
        value = "#" + value
    if not value:
        return ""
    if not COLOUR.match(value):
        raise ValueError("A colour like #1f6feb: a # and six hex digits.")
    return value


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on colour (a button's label on its fill)."""
    return BLACK if contrast(colour, BLACK) >= contrast(colour, WHITE) else WHITE


def ink_on_white(colour: str) -> str:
    """The colour itself where it reads as text on the white page; the page's ink if not."""
    return colour if contrast(colour, WHITE) >= READABLE else INK


def ink_on_dark(colour: str) -> str:
    """The colour itself where it reads as text on the dark page; the dark page's ink if not."""
    return colour if contrast(colour, DARK_BG) >= READABLE else DARK_INK


def stylesheet(colour: str) -> str:
    """The few custom properties page.css takes the brand from; empty with no colour."""
    if not colour:
        return ""
    return (
        f":root{{--accent:{colour};--on-accent:{text_on(colour)};"
        f"--accent-ink:{ink_on_white(colour)}}}\n"
        f"@media (prefers-color-scheme:dark){{:root{{--accent-ink:{ink_on_dark(colour)}}}}}\n"
    )


def _first_letter(word: str) -> str:
    """The word's first letter or digit with the marks that sit on it ("É", "김", "王")."""
    for i, char in enumerate(word):
        if unicodedata.category(char)[0] in "LN":
            end = i + 1
            while end < len(word) and unicodedata.combining(word[end]):
                end += 1
            letter = unicodedata.normalize("NFC", word[i:end])
            upper = letter.upper()
            return upper if len(upper) == len(letter) else letter  # "ß" stays, not "SS"
    return ""


def initials(name: str) -> str:
    """What stands in for the rep's photo: the first letters of the first and last names
    ("Dana Reyes" → "DR", "Jean-Luc Picard" → "JP", "Madonna" → "M"). Names written without spaces
    in scripts that have no capitals ("王小明") give their first character."""
    letters = [letter for letter in map(_first_letter, (name or "").split()) if letter]
    return "".join(letters[:1] + letters[1:][-1:])


def version(colour: str) -> str:
    """Changes with the colour, so a page's link to the stylesheet can be cached for good."""
    return hashlib.sha256(stylesheet(colour).encode()).hexdigest()[:12]


def check_layout(value: str | None) -> str:
    return validate.choice(value or "classic", LAYOUTS)


def parse_customers(text: str) -> tuple[Customer, ...]:
    """Customers as stored, one a line: "Name" or "Name | https logo URL"."""
    found = []
    for line in (text or "").splitlines():
        name, _bar, logo = (part.strip() for part in line.partition("|"))
        if name:
            found.append(Customer(name, logo))
    return tuple(found)


def check_customers(value: str | None) -> str:
    """The customers list tidied (blank lines dropped); ValueError naming the bad line."""
    lines = []
    for number, line in enumerate((value or "").replace("\r\n", "\n").splitlines(), 1):
        name, bar, logo = (part.strip() for part in line.partition("|"))
        if not name and not logo:
            continue
        if not name:
            raise ValueError(f"Line {number}: a name comes first, e.g. Northwind | https://...")
        try:
            name = validate.text(name, 120)
            logo = validate.https_url(logo)
        except ValueError as exc:
            raise ValueError(f"Line {number}: {exc}") from None
        lines.append(f"{name} | {logo}" if logo else name)
    if len(lines) > MAX_CUSTOMERS:
        raise ValueError(f"At most {MAX_CUSTOMERS} customers.")
    return validate.multiline("\n".join(lines), 4000)
