"""A hit told as a rep would say it: "iPhone · Safari · iOS 17", why we class it so in a
sentence, and what the visitor did as a short timeline ("0:03 on screen · 0:41 tapped Book a
meeting"). The stored row keeps the raw agent and reason; this is only how they read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlmodel import Session, select

from landing.core.clock import iso
from landing.data.models import Engagement, Visit
from landing.pages import agents, visits

# ua-parser's names, as people say them: nobody calls their phone's browser "Mobile Safari".
BROWSER_NAMES = {
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "an app's browser",
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "an app's browser",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Edge Mobile": "Edge",
    "DuckDuckGo Mobile": "DuckDuckGo",
    "Facebook": "Facebook's in-app browser",
    "Instagram": "Instagram's in-app browser",
    "LinkedIn": "LinkedIn's in-app browser",
    "Google": "the Google app",
    "IE": "Internet Explorer",
}
SYSTEM_NAMES = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}
# Devices ua-parser names by kind rather than model: the system says more.
GENERIC_DEVICES = {"Other", "Generic Smartphone", "Generic Feature Phone", "Generic Tablet"}

ACTIONS = {
    "visible": "on screen",
    "scroll": "scrolled",
    "video_play": "played the video",
    "video_25": "watched a quarter",
    "video_50": "watched half",
    "video_75": "watched three quarters",
    "video_100": "watched it all",
    "click_call": "tapped Call",
    "click_email": "tapped Email",
    "click_booking": "tapped Book a meeting",
    "click_offer": "tapped the offer",
    "link_booking": "opened the booking link",
    "trap": "followed the hidden link",
}
PROMOTED = {
    "visible": "Read it: the page stayed on their screen for 3 seconds",
    "click_call": "Tapped Call on the page",
    "click_email": "Tapped Email on the page",
    "click_booking": "Tapped Book a meeting on the page",
    "click_offer": "Tapped the offer on the page",
}
_PREFIXES = (
    # (how the stored reason starts, the sentence; {} is the rest of the stored reason)
    (agents.LINK_PREVIEW + ": ", "{} made a link preview; not a person"),
    (agents.SCANNER + ": ", "{}'s email security scanner checked the link"),
    ("email security scanner range ", "Came from an email security scanner's addresses ({})"),
    (agents.LIBRARY + ": ", "A program ({}), not a browser"),
    (agents.HEADLESS + ": ", "A browser driven by a program ({})"),
    ("crawler or link preview: ", "A crawler or link preview ({})"),
    ("prefetch (", "Fetched ahead by a browser or mail app, not opened ({}"),
    ("before beacons: ", "Before we watched for readers: {}"),
)
_FIXED = {
    agents.BROWSER: "Opened in a browser; nobody has read it yet (3 seconds on screen or a tap)",
    agents.UNUSUAL: "An unusual browser or app; a person if they read the page",
    agents.NOTHING: "Names no browser, system or device: a program",
    "no user agent": "Sent no browser name: a program",
    "HEAD request": "Only checked that the page exists (HEAD)",
    "OPTIONS request": "Only asked what the page allows (OPTIONS)",
    "followed the hidden trap link": "Followed a link no person can see: a scanner",
    "opened every link on the page within 2 seconds": (
        "Opened every link on the page within 2 seconds: a scanner"
    ),
}
_REP = re.compile(r"rep #\d+'s own view")


@lru_cache(maxsize=4096)
def describe_agent(user_agent: str) -> str:
    """ "iPhone · Safari · iOS 17.6", "Windows · Chrome", or "" when nothing is recognised."""
    if not user_agent.strip():
        return ""
    result = agents.parse(user_agent)
    device = result.device.family if result.device else "Other"
    system = result.os
    system_name = SYSTEM_NAMES.get(system.family, system.family) if system else "Other"
    version = ".".join(p for p in (system.major, system.minor) if p) if system else ""
    browser = result.user_agent.family if result.user_agent else "Other"
    parts = []
    if device not in GENERIC_DEVICES and device not in ("Mac", "Spider"):
        parts.append(device)
    if browser != "Other":
        parts.append(BROWSER_NAMES.get(browser, browser))
    if system_name != "Other":
        parts.append(f"{system_name} {version}".strip())
    return " · ".join(dict.fromkeys(parts))


def reason_in_words(visit: Visit) -> str:
    """Why the hit is in its class, as a sentence."""
    reason = visit.reason or ""
    if reason.startswith("beacon: "):
        return PROMOTED.get(reason.removeprefix("beacon: "), "Did something on the page")
    if _REP.fullmatch(reason):
        return "You, signed in: never counted"
    if reason in _FIXED:
        return _FIXED[reason]
    for prefix, sentence in _PREFIXES:
        if reason.startswith(prefix):
            return sentence.format(reason.removeprefix(prefix))
    return reason[:1].upper() + reason[1:]


@dataclass(frozen=True)
class Step:
    """One thing the visitor did, so many seconds after the page arrived."""

    seconds: int
    kind: str
    at: datetime

    @property
    def what(self) -> str:
        return ACTIONS.get(self.kind, self.kind.replace("_", " "))

    @property
    def clock(self) -> str:
        """ "0:03", "12:40", or "2 h" for a page left open."""
        if self.seconds >= 3600:
            return f"{self.seconds // 3600} h"
        return f"{self.seconds // 60}:{self.seconds % 60:02d}"


def steps(visit: Visit, done: list[Engagement]) -> list[Step]:
    """What the visitor did, in order, timed from the hit."""
    ordered = sorted(done, key=lambda e: (e.at, e.id or 0))
    return [Step(max(0, int((e.at - visit.at).total_seconds())), e.kind, e.at) for e in ordered]


@dataclass(frozen=True)
class Story:
    """One hit as the visit history shows it."""

    visit: Visit
    device: str  # "iPhone · Safari · iOS 17.6"
    why: str
    steps: list[Step]

    @property
    def timeline(self) -> str:
        """ "0:03 on screen · 0:41 tapped Book a meeting" """
        return " · ".join(f"{step.clock} {step.what}" for step in self.steps)

    def as_json(self) -> dict:
        """The stored hit (landing.pages.visits.as_json) and how it reads."""
        return {
            **visits.as_json(self.visit),
            "device": self.device,
            "why": self.why,
            "timeline": [
                {
                    "at": iso(step.at),
                    "after_seconds": step.seconds,
                    "kind": step.kind,
                    "what": step.what,
                }
                for step in self.steps
            ],  # fmt: skip
        }


def stories(session: Session, hits: list[Visit]) -> list[Story]:
    """The hits told, with their beacons read in one query."""
    ids = [hit.id for hit in hits if hit.id is not None]
    done: dict[int, list[Engagement]] = {}
    if ids:
        for event in session.exec(select(Engagement).where(Engagement.visit_id.in_(ids))):
            done.setdefault(event.visit_id, []).append(event)
    return [
        Story(
            visit=hit,
            device=describe_agent(hit.user_agent or ""),
            why=reason_in_words(hit),
            steps=steps(hit, done.get(hit.id, [])),
        )
        for hit in hits
    ]
