"""Recording and classifying hits on prospect pages, and reading them back."""

from __future__ import annotations

import ipaddress
import secrets
import time
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import Engine, and_, or_
from sqlmodel import Session, select

from landing.core.clock import iso, utcnow
from landing.data import visit_writer
from landing.data.models import Visit
from landing.pages import visit_gate
from landing.pages.agents import BOT, UNCONFIRMED, classify_agent
from landing.pages.scanners import match_scanner
from landing.pages.visit_gate import NO_LIMITS, VisitGate

# bot and unconfirmed are what the agent alone can tell (agents.py); the rest needs the hit.
ENGAGED, REP = "engaged", "rep"
BOT_METHODS = {"HEAD", "OPTIONS"}
LABELS = {
    ENGAGED: "a person",
    UNCONFIRMED: "unconfirmed",
    BOT: "a bot",
    REP: "you",
}
MOST_PER_PAGE = 1000  # visits on one page of the history (CLI, API): --after for the rest
# Headers browsers and proxies send when fetching a page nobody asked to see yet.
PREFETCH_HEADERS = {
    "Purpose": ("prefetch", "preview"),
    "Sec-Purpose": ("prefetch", "prerender"),
    "X-Purpose": ("prefetch", "preview"),
    "X-Moz": ("prefetch",),
}


class Hit(NamedTuple):
    """What the request told us, before it is stored (a tuple: made on every page hit)."""

    method: str
    user_agent: str
    ip: str
    referrer: str
    visitor_id: str = ""
    prefetch: str = ""  # the prefetch header as sent, when there was one
    # GPC or DNT sent: classified as any hit, stored without address, agent or visitor id.
    private: bool = False


def new_token() -> str:
    """A hit's token: 96 random bits after the time in microseconds (hex), so that new rows
    go at the end of the token index instead of anywhere in it (a page write less per hit)."""
    return f"{time.time_ns() // 1000:x}{secrets.token_urlsafe(12)}"


def referrer_host(referrer: str) -> str:
    """The host a visitor came from, and no more: a webmail or CRM link's path can name the
    prospect or carry someone's session."""
    if not referrer:
        return ""
    try:
        return (urlsplit(referrer).hostname or "")[:255]
    except ValueError:
        return ""


def without_nul(text: str) -> str:
    """Text as sent, but a NUL, which PostgreSQL cannot store, shown as U+FFFD."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def prefetch_header(header: Callable[[str], str | None]) -> str:
    """`Sec-Purpose: prefetch` and the like, or "" for an ordinary request; header(name)
    gives a request header's value or None."""
    for name, values in PREFETCH_HEADERS.items():
        value = header(name)
        if value:
            value = value.strip().lower()
            if any(v in value for v in values):
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
    address = (address or "").strip()
    octets = address.split(".")  # the usual dotted quad without ipaddress, 7 times faster
    if len(octets) == 4 and all(_octet(o) for o in octets):
        return f"{octets[0]}.{octets[1]}.{octets[2]}.0"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def _octet(text: str) -> bool:
    return text.isascii() and text.isdigit() and (text == "0" or text[0] != "0") and int(text) < 256


def record_visit(
    engine: Engine,
    prospect_id: int,
    hit: Hit,
    viewer_rep_id: int | None = None,
    scanner_ranges: tuple = (),
    token: str | None = None,
    gate: VisitGate = NO_LIMITS,
) -> str | None:
    """Store one hit as a single statement, committed before this returns (the prospect's
    request waits on it); its class. None when the gate (landing.pages.visit_gate) refused it:
    the prospect is not live or the address is past the miss limit, and the page must not
    be answered."""
    classification, reason = classify(hit, viewer_rep_id, scanner_ranges)
    now = utcnow()
    row = {
        "prospect_id": prospect_id,
        "at": now,
        "ip": "" if hit.private else truncate_ip(hit.ip),
        "user_agent": "" if hit.private else without_nul(hit.user_agent)[:512],
        "referrer": referrer_host(without_nul(hit.referrer)),
        "method": hit.method[:10],
        "classification": classification,
        "reason": reason[:200],
        "visitor_id": "" if hit.private else hit.visitor_id[:32],
        "token": token,
        "repeats": 0,
        **gate.params(hit.ip, now),
    }
    minute = int(now.timestamp() // 60)
    flooding = gate.flood.over(prospect_id, row["ip"], row["visitor_id"], minute)
    if flooding is None:
        return classification if _write(engine, "insert", row) else None
    summary = gate.flood.summaries.get(flooding)
    if summary is not None and _write(engine, "repeat", {**row, "summary_id": summary}):
        return BOT
    one = "address" if flooding[1] == "address" else "browser"
    row.update(
        classification=BOT,
        reason=f"over {gate.most_per_minute} hits a minute from one {one}: the rest counted here",
        token=None,
    )
    summary = _write(engine, "insert", row, returning=True)
    if summary is None:
        return None
    gate.flood.summaries[flooding] = summary
    return BOT


def _write(engine: Engine, which: str, row: dict, returning: bool = False) -> int | None:
    """One statement on the driver itself: for one row, SQLAlchemy's work per statement (a
    Connection, a transaction, an execution context) costs more than the database's. Alone
    in its transaction it needs no BEGIN IMMEDIATE on SQLite: it takes the write lock
    itself, waiting on busy_timeout, and holds it only while it runs."""
    statement = visit_gate.compiled(engine.dialect, which, returning)
    return visit_writer.insert(engine, statement.sql, statement.params(row), returning)


def history(session: Session, prospect_id: int, limit: int = 200) -> list[Visit]:
    """The prospect's hits, newest first, every class included."""
    return page_of(session, prospect_id, limit)[0]


def page_of(
    session: Session, prospect_id: int, limit: int, after: int | None = None
) -> tuple[list[Visit], int | None]:
    """One page of the prospect's hits, newest first, and the cursor of the next page (the
    id of this page's last hit) or None on the last. `after` is such a cursor: the page goes
    on below that hit, by time and then id, so hits stored meanwhile neither repeat nor go
    missing. A cursor whose hit retention has deleted ends the list (older hits went too)."""
    query = select(Visit).where(Visit.prospect_id == prospect_id)
    if after is not None:
        last = session.exec(
            select(Visit.at).where(Visit.id == after, Visit.prospect_id == prospect_id)
        ).first()
        if last is None:
            return [], None
        query = query.where(or_(Visit.at < last, and_(Visit.at == last, Visit.id < after)))
    rows = list(session.exec(query.order_by(Visit.at.desc(), Visit.id.desc()).limit(limit + 1)))
    page = rows[:limit]
    return page, (page[-1].id if len(rows) > limit else None)


def people(hits: list[Visit]) -> list[str]:
    """Visitor ids of the people (engaged hits) in hits, oldest first: person 1 is the
    prospect, the others most likely people the page was forwarded to."""
    ordered = sorted(hits, key=lambda h: (h.at, h.id or 0))
    return list(dict.fromkeys(h.visitor_id for h in ordered if h.classification == ENGAGED
                              and h.visitor_id))  # fmt: skip


def as_json(visit: Visit) -> dict:
    return {
        "id": visit.id,
        "at": iso(visit.at),
        "classification": visit.classification,
        "reason": visit.reason,
        "user_agent": visit.user_agent,
        "ip": visit.ip,
        "referrer": visit.referrer,
        "method": visit.method,
        "visitor": visit.visitor_id,
        "engaged_at": iso(visit.engaged_at) if visit.engaged_at else None,
        "repeats": visit.repeats,
    }
