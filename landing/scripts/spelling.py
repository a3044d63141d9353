"""A spelled-out aid for a name that is hard to get from hearing it once on a voicemail:
"Siobhan, S I O B H A N", said after the address so the prospect can type it."""

from __future__ import annotations

import re

from slugify import slugify

from landing.urls.latin import romanize

APOSTROPHES = re.compile(r"['\u2019`]")
_CONSONANT = "[b-df-hj-np-tv-xz]"

# Why a name is hard to hear, kept small enough to explain to a rep. Each rule reads the name
# as its address does (lowercase, transliterated, apostrophes dropped), one word at a time.
# A rule names letters that English spelling rarely uses, or that are said unlike written:
# the listener hears the name and would type something else.
LETTER_RULES = (
    # Siobhan ("shi-vawn"), Niamh ("neev"), Tadhg, Oldham: the h changes or silences the letter
    # before it. At the start (Dhillon, Bhatt) the h is said, so those are left alone.
    (re.compile(r"(?<=.)[bdm]h"), "an h after b, d or m that is not said as written"),
    # Aoife, Saoirse, Caoimhe, Paolo. At the end (Tao, Zhao, Joao) "ao" sounds as written.
    (re.compile(r"ao(?!$)"), "an 'ao' that is not said as written"),
    # Polish and Hungarian spellings: Czarnecki, Szabo, Zsofia, Przybylski, Brzezinski.
    (re.compile(r"cz|sz|zs|[bcdfgkpt]rz"), "Polish or Hungarian letters (cz, sz, zs, rz)"),
    # Silent or unfamiliar first letters: Xavier, Xu, Zhang, Nguyen, Lloyd, Knox, Psaki,
    # Pfeiffer, Tzvi. Inside or at the end a "tz" is said as written (Fitzgerald, Katz).
    (re.compile(r"^(?:x|zh|ng|ll|kn|ps|pf|tz)"), "a first letter that is silent or unfamiliar"),
    # Dutch ij (Dijkstra, Rijn); before a vowel it is said as written (Vijay).
    (re.compile(r"ij(?![aeiou])"), "the Dutch 'ij'"),
    # Hough, Gough, McCullough, Coughlin, McLaughlin, Vaughn: the gh is said five ways.
    (re.compile(r"[ao]ugh"), "an 'ough' or 'augh', said many ways"),
    # Louis, Eoin, Beau, Aoife, Leeann: three vowels in a row (y does not count).
    (re.compile(r"[aeiou]{3}"), "three vowels in a row"),
    # Hirschfeld, Rothschild, Mkrtchyan. Four is ordinary English (Christopher, Goldstein),
    # so the bar is five consonant letters, y not counting as one; a run ending in "str" is
    # said as written (Armstrong, Lindstrom).
    (re.compile(f"{_CONSONANT}{{5,}}(?<!str)(?!{_CONSONANT})"), "five consonants in a row"),
    # Tariq, Qiu, Iqbal: English listeners expect u after q.
    (re.compile(r"q(?!u)"), "a q without a u"),
    # Tiina, Tuula, Nikii. Not "aa": Aaron and Isaac are common and said as written.
    (re.compile(r"ii|uu"), "a doubled i or u"),
)

# Names that sound like another spelling of the same name: hearing one, the prospect cannot
# know which was meant, so the letters must be said.
SOUND_ALIKES = (
    ("sean", "shawn", "shaun"),
    ("katherine", "catherine", "kathryn", "katharine", "catharine", "kathrine"),
    ("jon", "john"),
    ("steven", "stephen"),
    ("sara", "sarah"),
    ("ann", "anne"),
    ("brian", "bryan"),
    ("philip", "phillip"),
    ("mathew", "matthew"),
    ("megan", "meghan", "meagan"),
    ("caitlin", "kaitlyn", "katelyn", "kaitlin", "caitlyn"),
    ("geoff", "jeff"),
    ("geoffrey", "jeffrey", "jeffery"),
    ("aidan", "aiden", "ayden"),
    ("eric", "erik"),
    ("carl", "karl"),
    ("lewis", "louis"),
    ("kieran", "ciaran"),
    ("ciara", "kiara", "keira", "kira"),
    ("neil", "neal", "niall"),
    ("sofia", "sophia"),
)
# Irish names said nothing like their letters that the rules above do not catch.
SAID_UNLIKE_SPELLED = frozenset({"sinead", "padraig", "roisin", "oisin", "aisling", "grainne"})

_SOUND_ALIKE = {name for group in SOUND_ALIKES for name in group}


def _words(name: str) -> list[str]:
    """The name's words as the address has them: lowercase ASCII letters and digits."""
    return [w for w in slugify(romanize(APOSTROPHES.sub("", name))).split("-") if w]


def why_hard(name: str) -> str:
    """Why the name is hard to get from hearing it once, in a few words; "" when it is not."""
    if APOSTROPHES.search(name):
        return "the address drops the apostrophe"
    if not name.isascii():
        return "the address spells accented or non-Latin letters differently"
    for word in _words(name):
        if word in _SOUND_ALIKE:
            return "it sounds like another spelling of the same name"
        if word in SAID_UNLIKE_SPELLED:
            return "it is said unlike its letters"
        for pattern, reason in LETTER_RULES:
            if pattern.search(word):
                return reason
    return ""


def spell(word: str) -> str:
    """`Siobhan, S I O B H A N`: the name, then the letters and digits of its address, with
    "hyphen" between its parts; apostrophes are skipped because the address drops them."""
    word = " ".join(word.split())
    if word.islower():
        # Typed all in lowercase, still said as a name (as slugs do): o'brien → O'Brien.
        word = word.title()
    parts = slugify(romanize(APOSTROPHES.sub("", word)), lowercase=False).split("-")
    letters = " hyphen ".join(" ".join(part.upper()) for part in parts if part)
    return f"{word}, {letters}" if letters else ""


def suggest_spelling(first_name: str, last_name: str) -> str:
    """The spelling aid for a prospect: "" when both names are easy to get, else the spelled
    hard one, or both joined by "; " when both are hard."""
    hard = [part for part in (first_name, last_name) if part.strip() and why_hard(part)]
    return "; ".join(spell(part) for part in hard)
