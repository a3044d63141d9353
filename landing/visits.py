"""Recording and classifying requests for prospect pages, and reading them back."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from sqlalchemy import Connection, insert
from sqlmodel import Session, select

from landing.models import Visit, utcnow

HUMAN, BOT, REP = "human", "bot", "rep"
BOT_METHODS = {"HEAD", "OPTIONS"}
_detector = CrawlerDetect()


@dataclass(frozen=True)
class Hit:
    """What the request told us, before it is stored."""

    method: str
    user_agent: str
    ip: str
    referrer: str


@lru_cache(maxsize=4096)
def classify_agent(user_agent: str) -> tuple[str, str]:
    """(classification, reason) for a user agent; cached because agents repeat endlessly."""
    if not user_agent.strip():
        return BOT, "no user agent"
    if _detector.isCrawler(user_agent):
        return BOT, f"crawler or link preview: {_detector.getMatches() or 'known agent'}"
    return HUMAN, "browser user agent"


def classify(hit: Hit, viewer_rep_id: int | None = None) -> tuple[str, str]:
    if viewer_rep_id is not None:
        return REP, f"rep #{viewer_rep_id} signed in"
    if hit.method.upper() in BOT_METHODS:
        return BOT, f"{hit.method.upper()} request"
    return classify_agent(hit.user_agent[:512])


def truncate_ip(address: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network address: enough for place, not for person."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def record_visit(
    conn: Connection, prospect_id: int, hit: Hit, viewer_rep_id: int | None = None
) -> str:
    """Store one visit as a single INSERT (the prospect's request waits on it); its class."""
    classification, reason = classify(hit, viewer_rep_id)
    conn.execute(
        insert(Visit.__table__).values(
            prospect_id=prospect_id,
            at=utcnow(),
            ip=truncate_ip(hit.ip),
            user_agent=hit.user_agent[:512],
            referrer=hit.referrer[:512],
            method=hit.method[:10],
            classification=classification,
            reason=reason[:200],
        )
    )
    return classification


def history(session: Session, prospect_id: int, limit: int = 200) -> list[Visit]:
    """The prospect's visits, newest first, every class included."""
    query = (
        select(Visit)
        .where(Visit.prospect_id == prospect_id)
        .order_by(Visit.at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return list(session.exec(query))


def as_json(visit: Visit) -> dict:
    return {
        "at": iso(visit.at),
        "classification": visit.classification,
        "reason": visit.reason,
        "user_agent": visit.user_agent,
        "ip": visit.ip,
        "referrer": visit.referrer,
        "method": visit.method,
    }


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
