"""Retention: visits, misses and what hangs on them are kept VISIT_RETENTION_DAYS, then
deleted by `landing purge` and, once a day, by the worker.

Deletes go in batches, each its own short transaction: on SQLite one DELETE of a year of
hits would hold the only write lock for as long as it takes, and every prospect's page
waits on that lock to store its visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, or_, select
from sqlmodel import Session

from landing.core.clock import utcnow
from landing.data import attempts
from landing.data.models import (
    Attempt,
    Company,
    Engagement,
    MissedVisit,
    Notice,
    OutboxMessage,
    Rep,
    RetiredSlug,
    StoredImage,
    Visit,
)

BATCH = 1000
DAY = timedelta(days=1)
KINDS = (
    "visits", "engagement", "notices", "outbox", "misses", "retired_slugs", "attempts", "images",
)  # fmt: skip


def purge(
    session: Session,
    now: datetime | None = None,
    days: int | None = None,
    *,
    dry_run: bool = False,
    keep_going: Callable[[], bool] = lambda: True,
) -> dict[str, int]:
    """Delete what is older than `days` (rows per kind); dry_run only counts them.

    keep_going is asked between batches: False stops early (the worker has mail to send)."""
    now = now or utcnow()
    if days is None or days < 1:  # 0 would delete every visit
        raise ValueError(f"Keep visits 1 day or more, not {days!r}.")
    cutoff = now - timedelta(days=days)
    if dry_run:
        return _count(session, now, cutoff)
    counts = dict.fromkeys(KINDS, 0)
    steps = (
        (Visit.id, Visit.at < cutoff, _visit_rows),
        # Notices not about a visit (a webhook turned off) and any left by the visits' step.
        (Notice.id, Notice.at < cutoff, _notice_rows),
        (MissedVisit.id, MissedVisit.at < cutoff, _one("misses", MissedVisit)),
        (RetiredSlug.slug_key, RetiredSlug.until <= now, _one("retired_slugs", RetiredSlug)),
        (Attempt.id, Attempt.at < now - attempts.KEPT, _one("attempts", Attempt)),
    )
    for key, old, rows_of in steps:
        while keep_going():
            ids = list(session.execute(select(key).where(old).order_by(key).limit(BATCH)).scalars())
            if not ids:
                break
            for kind, statement in rows_of(ids):
                counts[kind] += session.execute(statement).rowcount
            session.commit()
    unused = _unused_images(session, now - DAY)
    for start in range(0, len(unused), BATCH):
        batch = unused[start : start + BATCH]
        counts["images"] += session.execute(
            delete(StoredImage).where(StoredImage.name.in_(batch))
        ).rowcount
        session.commit()
    return counts


def _unused_images(session: Session, before: datetime) -> list[str]:
    """Uploaded pictures no setting shows any more (a replaced photo or logo, an upload whose
    form was refused), stored before `before`, so one being saved right now is spared."""
    photos = session.execute(select(Rep.photo_url)).scalars().all()
    company = session.execute(
        select(Company.logo_url, Company.customers, Company.video_poster)
    ).all()
    shown = " ".join([*photos, *(text for row in company for text in row)])
    names = session.execute(select(StoredImage.name).where(StoredImage.created_at < before))
    return [name for name in names.scalars() if name not in shown]


def _visit_rows(ids: list[int]):
    """The visits and everything that points at them, children first."""
    notice_ids = select(Notice.id).where(Notice.visit_id.in_(ids))
    yield "outbox", delete(OutboxMessage).where(OutboxMessage.notice_id.in_(notice_ids))
    yield "notices", delete(Notice).where(Notice.visit_id.in_(ids))
    yield "engagement", delete(Engagement).where(Engagement.visit_id.in_(ids))
    yield "visits", delete(Visit).where(Visit.id.in_(ids))


def _notice_rows(ids: list[int]):
    yield "outbox", delete(OutboxMessage).where(OutboxMessage.notice_id.in_(ids))
    yield "notices", delete(Notice).where(Notice.id.in_(ids))


def _one(kind: str, model):
    key = model.__table__.primary_key.columns.values()[0]
    return lambda ids: [(kind, delete(model).where(key.in_(ids)))]


def _count(session: Session, now: datetime, cutoff: datetime) -> dict[str, int]:
    """What purge would delete now, counted without taking a write lock."""
    old_visits = select(Visit.id).where(Visit.at < cutoff)
    old_notices = select(Notice.id).where(or_(Notice.at < cutoff, Notice.visit_id.in_(old_visits)))

    def count(model, *where) -> int:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

    return {
        "visits": count(Visit, Visit.at < cutoff),
        "engagement": count(Engagement, Engagement.visit_id.in_(old_visits)),
        "notices": count(Notice, Notice.id.in_(old_notices)),
        "outbox": count(OutboxMessage, OutboxMessage.notice_id.in_(old_notices)),
        "misses": count(MissedVisit, MissedVisit.at < cutoff),
        "retired_slugs": count(RetiredSlug, RetiredSlug.until <= now),
        "attempts": count(Attempt, Attempt.at < now - attempts.KEPT),
        "images": len(_unused_images(session, now - DAY)),
    }


class DailyPurge:
    """The worker's purge: when it starts, then once a day, finished between deliveries."""

    def __init__(self, engine: Engine, days: int, clock: Callable[[], datetime] = utcnow):
        self.engine, self.days, self.clock = engine, days, clock
        self.last_run: datetime | None = None  # in memory: a restarted worker purges at once

    def due(self) -> bool:
        return self.last_run is None or self.clock() - self.last_run >= DAY

    def run_if_due(self, keep_going: Callable[[], bool] = lambda: True) -> dict[str, int] | None:
        """Purge when a day has passed; counts, or None when not due. Stopped early by
        keep_going, it is still due and carries on next time."""
        if not self.due():
            return None
        stopped = False

        def asked() -> bool:
            nonlocal stopped
            stopped = stopped or not keep_going()
            return not stopped

        with Session(self.engine) as session:
            counts = purge(session, self.clock(), self.days, keep_going=asked)
        if not stopped:
            self.last_run = self.clock()
        return counts
