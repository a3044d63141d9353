"""A hit as the rep reads it: device and browser in words, the reason as a sentence, what
the visitor did as a timeline."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest

from landing.data.models import Engagement, Visit
from landing.pages.agents import classify_agent
from landing.pages.visit_story import describe_agent, reason_in_words, steps
from landing.pages.visits import Hit, classify

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("agent", "words"),
    [
        (IPHONE, "iPhone · Safari · iOS 17.4"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36",
            "Chrome · Windows 10",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
            "Chrome/135.0.0.0 Mobile DuckDuckGo/5 Safari/537.36",
            "DuckDuckGo · Android 14",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.6 Safari/605.1.15",
            "Safari · macOS 10.15",
        ),
        ("", ""),
    ],
)
def test_the_agent_in_words(agent, words):
    assert describe_agent(agent) == words


def _hit(agent: str = IPHONE, method: str = "GET", prefetch: str = "", ranges: tuple = ()):
    classification, reason = classify(
        Hit(method, agent, "40.92.1.2", "", "", prefetch), None, ranges
    )
    return Visit(prospect_id=1, at=AT, classification=classification, reason=reason)


def test_every_reason_reads_as_a_sentence():
    told = {
        "browser": reason_in_words(_hit()),
        "slack": reason_in_words(
            _hit("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
        ),
        "curl": reason_in_words(_hit("curl/8.5.0")),
        "googlebot": reason_in_words(_hit("Googlebot/2.1 (+http://www.google.com/bot.html)")),
        "head": reason_in_words(_hit(method="HEAD")),
        "prefetch": reason_in_words(_hit(prefetch="Sec-Purpose: prefetch")),
        "range": reason_in_words(_hit(ranges=(ipaddress.ip_network("40.92.0.0/15"),))),
        "odd": reason_in_words(_hit("SAMSUNG-SGH-E700")),
        "nothing": reason_in_words(_hit("Hello World")),
        "rep": reason_in_words(
            Visit(prospect_id=1, classification="rep", reason="rep #3's own view")
        ),
    }
    assert told == {
        "browser": "Opened in a browser; nobody has read it yet (3 seconds on screen or a tap)",
        "slack": "Slack made a link preview; not a person",
        "curl": "A program (curl), not a browser",
        "googlebot": "A crawler or link preview (Googlebot)",
        "head": "Only checked that the page exists (HEAD)",
        "prefetch": "Fetched ahead by a browser or mail app, not opened (Sec-Purpose: prefetch)",
        "range": "Came from an email security scanner's addresses (40.92.0.0/15)",
        "odd": "An unusual browser or app; a person if they read the page",
        "nothing": "Names no browser, system or device: a program",
        "rep": "You, signed in: never counted",
    }
    assert classify_agent("SAMSUNG-SGH-E700")[0] == "unconfirmed"


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("beacon: visible", "Read it: the page stayed on their screen for 3 seconds"),
        ("beacon: click_booking", "Tapped Book a meeting on the page"),
        ("followed the hidden trap link", "Followed a link no person can see: a scanner"),
        (
            "opened every link on the page within 2 seconds",
            "Opened every link on the page within 2 seconds: a scanner",
        ),
    ],
)
def test_what_the_page_saw_reads_as_a_sentence(reason, words):
    assert reason_in_words(Visit(prospect_id=1, classification="bot", reason=reason)) == words


def test_the_beacons_make_a_short_timeline_in_order():
    hit = Visit(id=7, prospect_id=1, at=AT, classification="engaged", reason="beacon: visible")
    done = [
        Engagement(visit_id=7, prospect_id=1, kind="click_booking", at=AT + timedelta(seconds=41)),
        Engagement(visit_id=7, prospect_id=1, kind="visible", at=AT + timedelta(seconds=3)),
        Engagement(visit_id=7, prospect_id=1, kind="scroll", at=AT + timedelta(seconds=12)),
        Engagement(visit_id=7, prospect_id=1, kind="video_50", at=AT + timedelta(hours=2)),
    ]
    told = [(step.clock, step.what) for step in steps(hit, done)]
    assert told == [
        ("0:03", "on screen"),
        ("0:12", "scrolled"),
        ("0:41", "tapped Book a meeting"),
        ("2 h", "watched half"),
    ]
