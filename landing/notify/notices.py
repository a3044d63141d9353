"""What the rep is told: one notice per engaged visit, in the app at once and by email or
webhook through the outbox (written in the same transaction, delivered by the worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, update
from sqlmodel import Session, select

from landing.core.clock import utcnow
from landing.core.validate import display_phone
from landing.data.models import Notice, OutboxMessage, Prospect, Rep, Visit

ENGAGED_VISIT, WEBHOOK_DISABLED = "engaged_visit", "webhook_disabled"
EMAIL, WEBHOOK = "email", "webhook"


@dataclass(frozen=True)
class NoticeLimits:
    """How often a rep is told: one notice per prospect per quiet spell, and at most so many
    an hour in all, so that a burst of visits (or a forged one) cannot flood their phone,
    inbox or Slack channel. The call-next list still shows every engaged visit."""

    per_prospect: timedelta = timedelta(minutes=10)
    per_rep_per_hour: int = 30

    @classmethod
    def of(cls, config) -> NoticeLimits:
        return cls(
            per_prospect=timedelta(minutes=config["NOTICE_EVERY_MINUTES"]),
            per_rep_per_hour=config["NOTICES_PER_HOUR"],
        )


def engaged_text(prospect: Prospect) -> str:
    phone = f" {display_phone(prospect.phone)}" if prospect.phone else ""
    return f"{prospect.full_name} is on their page now — call{phone}"


def channels_for(rep: Rep, available: frozenset[str]) -> list[str]:
    """The channels this rep wants that this installation can deliver."""
    chosen = []
    if rep.notify_email and rep.email and EMAIL in available:
        chosen.append(EMAIL)
    if rep.webhook_url and not rep.webhook_disabled:
        chosen.append(WEBHOOK)
    return chosen


def notify_engaged_visit(
    session: Session,
    rep: Rep,
    prospect: Prospect,
    visit: Visit,
    available: frozenset[str],
    now: datetime | None = None,
    limits: NoticeLimits | None = None,
) -> Notice | None:
    """The notice for a new engaged visit and its outbox rows; none for do-not-contact, nor
    within the limits' quiet spell after the prospect's last notice, nor past the rep's
    hourly number."""
    if prospect.do_not_contact:
        return None
    now = now or utcnow()
    limits = limits or NoticeLimits()
    if _told_since(session, now - limits.per_prospect, prospect_id=prospect.id):
        return None
    if _told_since(session, now - timedelta(hours=1), rep_id=rep.id) >= limits.per_rep_per_hour:
        return None
    notice = Notice(
        rep_id=rep.id,
        prospect_id=prospect.id,
        visit_id=visit.id,
        kind=ENGAGED_VISIT,
        text=engaged_text(prospect),
        at=now,
    )
    session.add(notice)
    session.flush()
    due = quiet_until(rep, now)
    for channel in channels_for(rep, available):
        session.add(OutboxMessage(notice_id=notice.id, rep_id=rep.id, channel=channel, due_at=due))
    session.flush()
    return notice


def _told_since(session: Session, since: datetime, **whose: int) -> int:
    """Engaged-visit notices since then, of one prospect or one rep."""
    column = Notice.prospect_id if "prospect_id" in whose else Notice.rep_id
    query = select(func.count(Notice.id)).where(
        column == next(iter(whose.values())), Notice.kind == ENGAGED_VISIT, Notice.at >= since
    )
    return session.exec(query).one()


def rep_zone(rep: Rep) -> ZoneInfo:
    try:
        return ZoneInfo(rep.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def quiet_until(rep: Rep, now: datetime) -> datetime:
    """now, or the end of the rep's quiet hours when now falls inside them."""
    if not rep.quiet_start or not rep.quiet_end or rep.quiet_start == rep.quiet_end:
        return now
    zone = rep_zone(rep)
    local = now.astimezone(zone)
    start, end = time.fromisoformat(rep.quiet_start), time.fromisoformat(rep.quiet_end)
    clock = local.time().replace(tzinfo=None)
    overnight = start > end  # 20:00 to 07:00
    inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return now
    day = local.date() + timedelta(days=1) if overnight and clock >= start else local.date()
    return datetime.combine(day, end, tzinfo=zone).astimezone(now.tzinfo)


def unread_count(session: Session, rep: Rep) -> int:
    return session.exec(
        select(func.count(Notice.id)).where(Notice.rep_id == rep.id, Notice.read_at.is_(None))
    ).one()


def recent(session: Session, rep: Rep, limit: int = 50) -> list[tuple[Notice, Prospect | None]]:
    """The rep's newest notices with their prospects."""
    query = (
        select(Notice, Prospect)
        .join(Prospect, Prospect.id == Notice.prospect_id, isouter=True)
        .where(Notice.rep_id == rep.id)
        .order_by(Notice.id.desc())
        .limit(limit)
    )
    return list(session.exec(query))


def since(session: Session, rep: Rep, after_id: int, limit: int = 20) -> list[Notice]:
    """Notices newer than after_id, oldest first: what an open dashboard has not shown yet."""
    query = (
        select(Notice)
        .where(Notice.rep_id == rep.id, Notice.id > after_id)
        .order_by(Notice.id)
        .limit(limit)
    )
    return list(session.exec(query))


def latest_id(session: Session, rep: Rep) -> int:
    return session.exec(select(func.max(Notice.id)).where(Notice.rep_id == rep.id)).one() or 0


def mark_read(session: Session, rep: Rep, up_to_id: int, now: datetime | None = None) -> None:
    """Mark as read what the rep was shown; a notice arriving meanwhile stays unread."""
    session.execute(
        update(Notice.__table__)
        .where(Notice.rep_id == rep.id, Notice.id <= up_to_id, Notice.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    session.commit()


def outbox_for(session: Session, notice_ids: list[int]) -> dict[int, list[OutboxMessage]]:
    """Delivery state of each notice, for the notifications page."""
    found: dict[int, list[OutboxMessage]] = {i: [] for i in notice_ids}
    if notice_ids:
        query = select(OutboxMessage).where(OutboxMessage.notice_id.in_(notice_ids))
        for message in session.exec(query):
            found[message.notice_id].append(message)
    return found
