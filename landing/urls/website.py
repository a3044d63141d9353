"""The company website's paths, on the domain it shares with landing (acme.com/pricing beside
acme.com/Rob-Mason).

Prospect paths are arbitrary names, so a proxy cannot route "only the prospects" to landing:
instead landing learns which top-level segments the website has (from its sitemap.xml or a
list of URLs) and keeps them for the website, as it keeps its own words (app, api): no slug
takes one, and a misheard URL is never redirected to a prospect when a website path is as
near (landing.urls.resolve). Only the first segment counts: /blog/2024/x is the website's
because /blog is.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rapidfuzz.distance import OSA
from sqlalchemy import Connection, delete, insert, select

from landing.core.clock import utcnow
from landing.data.models import Prospect, WebsitePath
from landing.urls.slugs import RESERVED, slug_key

MAX_SEGMENTS = 5000
MAX_BYTES = 5 * 1024 * 1024  # a sitemap holds at most 50,000 URLs in 50 MB; paths are fewer
# <loc> of a sitemap (or a sitemap index): read as text, never parsed as XML, so that no
# entity or DTD in an uploaded file is expanded.
LOC = re.compile(r"<(?:\w+:)?loc>\s*(.*?)\s*</(?:\w+:)?loc>", re.IGNORECASE | re.DOTALL)


class WebsitePathsError(ValueError):
    """A list of the website's paths that cannot be read; the message is meant for the user."""


@dataclass(frozen=True)
class Imported:
    """What an import stored, and the prospects whose slugs are now the website's."""

    segments: list[str]
    clashes: list[str]  # prospects' slugs equal to a website path: rename them

    def as_json(self) -> dict:
        return {"paths": [f"/{s}" for s in self.segments], "clashes": self.clashes}


def decode(data: bytes) -> str:
    """An uploaded sitemap or list as text: UTF-8 (a byte-order mark allowed), not too big."""
    if len(data) > MAX_BYTES:
        raise WebsitePathsError(f"The file is over {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WebsitePathsError("The file is not UTF-8 text (a sitemap.xml or URLs).") from None


def parse(text: str) -> list[str]:
    """The top-level path segments named in a sitemap.xml or a list of URLs or paths (one a
    line, # comments), in their first order and spelling, without the root and duplicates."""
    if "<" in text[:2000] and "loc>" in text:
        entries = LOC.findall(text)
        if not entries:
            raise WebsitePathsError("The sitemap names no <loc> URLs.")
        entries = [html.unescape(e) for e in entries]
        if re.search(r"<(?:\w+:)?sitemapindex\b", text[:5000]):
            raise WebsitePathsError(
                "This is a sitemap index: import the sitemaps it lists, all at once: "
                + ", ".join(entries[:5])
            )
    else:
        entries = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    found: dict[str, str] = {}
    for entry in entries:
        if not entry:
            continue
        segment = _first_segment(entry)
        key = slug_key(segment) if segment else ""
        if key and key not in found:
            found[key] = segment
    if len(found) > MAX_SEGMENTS:
        raise WebsitePathsError(f"More than {MAX_SEGMENTS} top-level paths: is this the website?")
    return list(found.values())


def _first_segment(entry: str) -> str:
    """/pricing of https://acme.com/pricing/plans?x=1, pricing or /pricing alone."""
    if "://" in entry:
        path = urlsplit(entry).path
    else:
        path = entry.split("?", 1)[0].split("#", 1)[0]
    segment = unquote(path.strip("/").split("/", 1)[0])
    # No path of a website holds control characters (and PostgreSQL text cannot hold NUL).
    return "".join(ch for ch in segment if ch.isprintable())[:200]


def replace(conn: Connection, segments: list[str]) -> Imported:
    """Store segments as the website's paths, instead of the ones imported before."""
    table = WebsitePath.__table__
    rows = {slug_key(s): s for s in segments if slug_key(s)}
    conn.execute(delete(table))
    now = utcnow()
    if rows:
        conn.execute(
            insert(table),
            [{"key": k[:60], "segment": s, "imported_at": now} for k, s in rows.items()],
        )
    clashes = conn.execute(
        select(Prospect.slug).where(Prospect.slug_key.in_(list(rows))).order_by(Prospect.slug)
    ).scalars()
    return Imported(list(rows.values()), list(clashes))


def listed(conn: Connection) -> list[str]:
    """The website's stored top-level segments, in alphabetical order."""
    return list(conn.execute(select(WebsitePath.segment).order_by(WebsitePath.key)).scalars())


def keys(conn: Connection) -> frozenset[str]:
    """The keys (as slug_key gives them) of the website's top-level segments."""
    return frozenset(conn.execute(select(WebsitePath.key)).scalars())


def kept(key: str, website: frozenset[str]) -> bool:
    """Whether a key is the app's own word or the website's path: never a slug."""
    return key in RESERVED or key in website


def near(key: str, website: frozenset[str], edits: int = 1) -> list[str]:
    """The website's keys within `edits` of key: a slug that near competes with the website
    for the typos of both."""
    return sorted(w for w in website if OSA.distance(key, w, score_cutoff=edits) <= edits)
