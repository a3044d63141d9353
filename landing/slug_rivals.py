"""Slugs that compete for the same typos, and speakable ones that do not.

Two slugs one edit or one sound apart split their typos: a misheard /Rob-Masen is as near
to /Rob-Mason as to /Rob-Masen, so it reaches neither. Warn when a slug is chosen, while it
can still change (before a voicemail says it), and offer speakable alternatives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from rapidfuzz.distance import OSA
from sqlalchemy import Connection

from landing import heard_index
from landing.slugs import RESERVED, candidates, slug_key

ALTERNATIVES = 3
LOOK_AT = 12  # candidates tried for alternatives; each costs one indexed query


@dataclass(frozen=True)
class SlugWarning:
    slug: str
    rivals: list[str]  # other prospects' slugs, one edit or one sound away
    alternatives: list[str]  # free, speakable, and rival to no one

    @property
    def message(self) -> str:
        others = ", ".join(f"/{r}" for r in self.rivals)
        text = (
            f"/{self.slug} is one letter or one sound from {others}: "
            "a mistyped URL could be meant for either, so it will reach neither."
        )
        if self.alternatives:
            text += " Speakable alternatives: " + ", ".join(self.alternatives) + "."
        return text

    def as_json(self) -> dict:
        return {"rivals": self.rivals, "alternatives": self.alternatives, "message": self.message}


def rivals(conn: Connection, slug: str, prospect_id: int | None = None) -> list[str]:
    """Other prospects' slugs within one edit of this slug's key, or said the same way."""
    key = slug_key(slug)
    said = heard_index.slug_sounds(slug)
    found = []
    for other in heard_index.candidates(conn, heard_index.query_probes(slug)):
        if other.id == prospect_id:
            continue
        near = OSA.distance(key, other.keys.slug, score_cutoff=1) <= 1
        if near or said & heard_index.slug_sounds(other.slug):
            found.append(other.slug)
    return sorted(found)


def warning_for(
    conn: Connection,
    prospect_id: int,
    slug: str,
    first_name: str,
    last_name: str,
    company: str,
    is_taken: Callable[[str], bool],
) -> SlugWarning | None:
    """The warning for a prospect's slug, or None when nothing competes with it."""
    found = rivals(conn, slug, prospect_id)
    if not found:
        return None
    free = (
        candidate
        for candidate in islice(candidates(first_name, last_name, company), LOOK_AT)
        if candidate != slug
        and slug_key(candidate) not in RESERVED
        and not is_taken(slug_key(candidate))
        and not rivals(conn, candidate, prospect_id)
    )
    return SlugWarning(slug, found, list(islice(free, ALTERNATIVES)))
