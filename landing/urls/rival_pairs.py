"""Rival pairs already in the database: slugs one edit or one sound apart, from before
new slugs were kept distinct (or kept on purpose), each with the rename that would part them.

Only a URL no voicemail has said yet can change without breaking anything, so the rename is
suggested for that one (the newer, when neither was said); when both were said, nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from landing.core.clock import utcnow
from landing.data.models import Prospect, RetiredSlug, Voicemail
from landing.urls.distinct import CHUNK, Checker


@dataclass(frozen=True)
class Side:
    id: int
    rep_id: int
    slug: str
    name: str
    archived: bool
    said: bool  # a voicemail has said this URL aloud

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "rep_id": self.rep_id,
            "archived": self.archived,
            "said": self.said,
        }


@dataclass(frozen=True)
class Pair:
    first: Side  # the older prospect
    second: Side
    rename: Side | None  # the one to rename, or None when both URLs were said
    to: str  # the suggested slug

    @property
    def note(self) -> str:
        if self.rename is None:
            return "Both URLs were said in voicemails: neither can change without breaking it."
        return f"Rename /{self.rename.slug} to /{self.to} (not said in a voicemail yet)."

    def as_json(self) -> dict:
        return {
            "slugs": [self.first.slug, self.second.slug],
            "prospects": [self.first.as_json(), self.second.as_json()],
            "rename": {"from": self.rename.slug, "to": self.to} if self.rename else None,
            "note": self.note,
        }


def find(conn: Connection) -> list[Pair]:
    """Every rival pair of prospects, in a few indexed queries per CHUNK prospects."""
    checker, now = Checker(conn), utcnow()
    columns = (
        Prospect.id, Prospect.rep_id, Prospect.slug, Prospect.first_name, Prospect.last_name,
        Prospect.company, Prospect.archived_at, Prospect.voicemails_left,
    )  # fmt: skip
    rows = list(conn.execute(select(*columns).order_by(Prospect.id)))
    said = set()
    for start in range(0, len(rows), CHUNK):
        ids = [row.id for row in rows[start : start + CHUNK]]
        said.update(
            conn.scalars(select(Voicemail.prospect_id).where(Voicemail.prospect_id.in_(ids)))
        )
    by_id = {
        row.id: Side(
            row.id, row.rep_id, row.slug, f"{row.first_name} {row.last_name}".strip(),
            row.archived_at is not None, row.id in said or row.voicemails_left > 0,
        )
        for row in rows
    }  # fmt: skip
    pairs: dict[tuple[int, int], tuple[Side, Side]] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        checker.prefetch(row.slug for row in chunk)
        for row in chunk:
            for rival in checker.rivals(row.slug, exclude_id=row.id):
                if rival.prospect_id is not None and rival.prospect_id in by_id:
                    a, b = sorted((row.id, rival.prospect_id))
                    pairs[(a, b)] = (by_id[a], by_id[b])
    found = []
    details = {row.id: row for row in rows}
    for first, second in (pairs[key] for key in sorted(pairs)):
        rename = second if not second.said else first if not first.said else None
        to = ""
        if rename is not None:
            row = details[rename.id]
            to = checker.choose(
                row.first_name, row.last_name, row.company, _is_taken(conn, now), rename.id
            ).slug
            checker.add(to, rename.rep_id)  # two suggestions must not rival each other
        found.append(Pair(first, second, rename, to))
    return found


def _is_taken(conn: Connection, now):
    def is_taken(key: str) -> bool:
        held = select(Prospect.id).where(Prospect.slug_key == key)
        retired = select(RetiredSlug.slug_key).where(
            RetiredSlug.slug_key == key, RetiredSlug.until > now
        )
        return conn.execute(held).first() is not None or conn.execute(retired).first() is not None

    return is_taken
