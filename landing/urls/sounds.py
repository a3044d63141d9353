"""How a name sounds: Double Metaphone codes, so Mayson finds Mason and Catherine Katherine.

Double Metaphone reads spelling as English. Irish and Gaelic names are not spelt the way
they are said (Sean is said Shawn), so those are first respelled the way they sound."""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from doublemetaphone import doublemetaphone

from landing.urls.slugs import name_parts

# Spelling → an English spelling of the same sound. Only names Double Metaphone gets wrong.
SAID_AS = {
    "sean": "shawn",
    "seann": "shawn",
    "seamus": "shaymus",
    "siobhan": "shivawn",
    "sinead": "shinayd",
    "niamh": "neev",
    "aoife": "eefa",
    "caoimhe": "keeva",
    "saoirse": "seersha",
    "eoin": "owen",
    "ciaran": "keeran",
    "ciara": "keera",
    "roisin": "rosheen",
    "grainne": "grawnya",
    "aisling": "ashling",
    "padraig": "pawdrig",
    "oisin": "osheen",
    "meabh": "mave",
    "maeve": "mave",
    "eilish": "eylish",
    "sorcha": "surka",
}
MAX_PARTS = 4  # a longer name would give too many combinations to be worth indexing


@lru_cache(maxsize=1 << 16)  # names repeat: a list of 10,000 has a few thousand words
def of_word(word: str) -> frozenset[str]:
    """The codes a word may sound as (one or two); empty for a word with no letters."""
    word = word.lower()
    codes = doublemetaphone(SAID_AS.get(word, word))
    return frozenset(code for code in codes if code)


def of_parts(parts: list[str]) -> frozenset[str]:
    """Every way the name parts, in this order, may sound: `RP-MSN` for rob, mason."""
    if not parts or len(parts) > MAX_PARTS:
        return frozenset()
    codes = [of_word(part) for part in parts]
    if not all(codes):
        return frozenset()
    return frozenset("-".join(combo) for combo in product(*codes))


def slug_sounds(slug: str) -> frozenset[str]:
    """How the slug sounds said aloud, word by word: what the prospect heard."""
    return of_parts(name_parts(slug))


def sounds_of(slug: str, first_name: str, last_name: str) -> frozenset[str]:
    """The slug's sound, and the name's in either order (for a slug with a suffix)."""
    first, last = name_parts(first_name), name_parts(last_name)
    reverse = of_parts(last + first) if last else frozenset()
    return slug_sounds(slug) | of_parts(first + last) | reverse


def typed_sounds(typed: str) -> frozenset[str]:
    """How what was typed may sound, cut into two names where it has no separator."""
    parts = name_parts(typed)
    if len(parts) != 1:
        return of_parts(parts)
    key = parts[0]
    found: set[str] = set()
    for cut in range(2, len(key) - 1):
        found |= of_parts([key[:cut], key[cut:]])
    return frozenset(found)
