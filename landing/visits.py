"""Recording and classifying hits on prospect pages, and reading them back."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert
from sqlmodel import Session, select

from landing.agents import classify_agent
from landing.models import Visit, utcnow
from landing.scanners import match_scanner

BOT, UNCONFIRMED, ENGAGED, REP = "bot", "unconfirmed", "engaged", "rep"
BOT_METHODS = {"HEAD", "OPTIONS"}
LABELS = {
    ENGAGED: "a person",
    UNCONFIRMED: "unconfirmed",
    BOT: "a bot",
    REP: "you",
}
# Headers browsers and proxies send when fetching a page nobody asked to see yet.
PREFETCH_HEADERS = {
    "Purpose": ("prefetch", "preview"),
    "Sec-Purpose": ("prefetch", "prerender"),
    "X-Purpose": ("prefetch", "preview"),
    "X-Moz": ("prefetch",),
}


@dataclass(frozen=True)
class Hit:
    """What the request told us, before it is stored."""

    method: str
    user_agent: str
    ip: str
    referrer: str
    visitor_id: str = ""
    prefetch: str = ""  # the prefetch header as sent, when there was one


def new_token() -> str:
    return secrets.token_urlsafe(16)


def prefetch_header(headers) -> str:
    """`Sec-Purpose: prefetch` and the like, or "" for an ordinary request."""
    for name, values in PREFETCH_HEADERS.items():
        value = headers.get(name, "").strip().lower()
        if value and any(v in value for v in values):
            return f"{name}: {value}"[:80]
    return ""


def classify(
    hit: Hit, viewer_rep_id: int | None = None, scanner_ranges: tuple = ()
) -> tuple[str, str]:
    """(classification, reason) of a hit when it arrives; beacons may promote it to engaged."""
    if viewer_rep_id is not None:
        return REP, f"rep #{viewer_rep_id}'s own view"
    if hit.method.upper() in BOT_METHODS:
        return BOT, f"{hit.method.upper()} request"
    if hit.prefetch:
        return BOT, f"prefetch ({hit.prefetch})"
    scanner = match_scanner(hit.ip, scanner_ranges)
    if scanner:
        return BOT, f"email security scanner range {scanner}"
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
    conn: Connection,
    prospect_id: int,
    hit: Hit,
    viewer_rep_id: int | None = None,
    scanner_ranges: tuple = (),
    token: str | None = None,
) -> str:
    """Store one hit as a single INSERT (the prospect's request waits on it); its class."""
    classification, reason = classify(hit, viewer_rep_id, scanner_ranges)
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
            visitor_id=hit.visitor_id[:32],
            token=token,
        )
    )
    return classification


def history(session: Session, prospect_id: int, limit: int = 200) -> list[Visit]:
    """The prospect's hits, newest first, every class included."""
    query = (
        select(Visit)
        .where(Visit.prospect_id == prospect_id)
        .order_by(Visit.at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return list(session.exec(query))


def people(hits: list[Visit]) -> list[str]:
    """Visitor ids of the people (engaged hits) in hits, oldest first: person 1 is the
    prospect, the others most likely people the page was forwarded to."""
    ordered = sorted(hits, key=lambda h: (h.at, h.id or 0))
    return list(dict.fromkeys(h.visitor_id for h in ordered if h.classification == ENGAGED
                              and h.visitor_id))  # fmt: skip


def as_json(visit: Visit) -> dict:
    return {
        "at": iso(visit.at),
        "classification": visit.classification,
        "reason": visit.reason,
        "user_agent": visit.user_agent,
        "ip": visit.ip,
        "referrer": visit.referrer,
        "method": visit.method,
        "visitor": visit.visitor_id,
        "engaged_at": iso(visit.engaged_at) if visit.engaged_at else None,
    }


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
