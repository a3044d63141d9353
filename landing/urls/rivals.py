"""Slugs that compete for the same typos, and speakable ones that do not.

Two slugs one edit or one sound apart split their typos: a misheard /Rob-Masen is as near
to /Rob-Mason as to /Rob-Masen, so it reaches neither. Warn when a slug is chosen, while it
can still change (before a voicemail says it), and offer speakable alternatives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from rapidfuzz.distance import OSA
from sqlalchemy import Connection

from landing.urls import distinct, heard_index
from landing.urls.heard_index import Candidate
from landing.urls.slugs import candidates, slug_key

ALTERNATIVES = 3
LOOK_AT = 12  # candidates tried for alternatives; each costs one indexed query


@dataclass(frozen=True)
class SlugWarning:
    """What the prospect's own rep is told. Other reps' prospects are never named: their
    slugs are their prospects' names, so a near one is only "another URL on this site"."""

    slug: str
    rivals: list[str]  # the same rep's other prospects' slugs, one edit or one sound away
    alternatives: list[str]  # free, speakable, and rival to no one
    near_others: bool = False  # other reps' prospects' slugs are that near too
    website: list[str] = field(default_factory=list)  # the website's paths that near

    @property
    def message(self) -> str:
        named = [f"/{r}" for r in self.rivals]
        named += [f"the website's /{w}" for w in self.website]
        if self.near_others:
            named.append("another URL on this site" if not named else "another URL")
        text = (
            f"/{self.slug} is one letter or one sound from {_listed(named)}: "
            "a mistyped URL could be meant for either, so it will reach neither."
        )
        if self.alternatives:
            text += " Speakable alternatives: " + ", ".join(self.alternatives) + "."
        return text

    def as_json(self) -> dict:
        return {
            "rivals": self.rivals,
            "near_others": self.near_others,
            "website": [f"/{w}" for w in self.website],
            "alternatives": self.alternatives,
            "message": self.message,
        }


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def rivals(conn: Connection, slug: str, prospect_id: int | None = None) -> list[Candidate]:
    """Other prospects whose slugs are within one edit of this slug's key, or said the
    same way."""
    key = slug_key(slug)
    said = heard_index.slug_sounds(slug)
    found = []
    for other in heard_index.candidates(conn, heard_index.query_probes(slug)):
        if other.id == prospect_id:
            continue
        near = OSA.distance(key, other.keys.slug, score_cutoff=1) <= 1
        if near or said & heard_index.slug_sounds(other.slug):
            found.append(other)
    return found


def warning_for(
    conn: Connection,
    prospect_id: int,
    rep_id: int,
    slug: str,
    first_name: str,
    last_name: str,
    company: str,
    is_taken: Callable[[str], bool],
) -> SlugWarning | None:
    """The warning rep_id (the prospect's rep) sees for the prospect's slug, or None when
    nothing competes with it."""
    found = rivals(conn, slug, prospect_id)
    site = distinct.Checker(conn)
    near_site = _website_rivals(site, slug)
    if not found and not near_site:
        return None
    free = (
        candidate
        for candidate in islice(candidates(first_name, last_name, company), LOOK_AT)
        if candidate != slug
        and not site.kept(slug_key(candidate))
        and not is_taken(slug_key(candidate))
        and not rivals(conn, candidate, prospect_id)
        and not _website_rivals(site, candidate)
    )
    return SlugWarning(
        slug,
        sorted(other.slug for other in found if other.rep_id == rep_id),
        list(islice(free, ALTERNATIVES)),
        near_others=any(other.rep_id != rep_id for other in found),
        website=near_site,
    )


def _website_rivals(checker: distinct.Checker, slug: str) -> list[str]:
    """The website's paths one edit or one sound from slug (landing.urls.website): a typo
    meant for either reaches neither, and the website's own page must not be lost."""
    near = checker.website().near(slug_key(slug), distinct.said(slug))
    return sorted(r.slug for r in near)
