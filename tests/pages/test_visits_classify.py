"""Each hit is classified bot, unconfirmed or rep with a reason on arrival (beacons later make
it engaged); IPs are kept only as networks. The agent table itself is in test_agents.py."""

from __future__ import annotations

import pytest

from landing.pages.scanners import parse_ranges
from landing.pages.visits import BOT, REP, UNCONFIRMED, Hit, classify, truncate_ip
from tests.conftest import BROWSER_UA

BROWSERS = [
    BROWSER_UA,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
]

BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Twitterbot/1.0",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Go-http-client/1.1",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
]


def hit(user_agent: str, method: str = "GET") -> Hit:
    return Hit(method=method, user_agent=user_agent, ip="203.0.113.9", referrer="")


@pytest.mark.parametrize("agent", BROWSERS)
def test_browsers_are_unconfirmed_until_they_do_something(agent):
    assert classify(hit(agent)) == (UNCONFIRMED, "browser user agent")


@pytest.mark.parametrize("agent", BOTS)
def test_crawlers_and_link_previews_are_bots_with_a_reason(agent):
    classification, reason = classify(hit(agent))
    assert classification == BOT, agent
    assert reason


@pytest.mark.parametrize("agent", ["", "   "])
def test_no_user_agent_is_a_bot(agent):
    assert classify(hit(agent)) == (BOT, "no user agent")


@pytest.mark.parametrize("method", ["HEAD", "head", "OPTIONS"])
def test_head_and_options_are_bots_even_from_a_browser(method):
    assert classify(hit(BROWSER_UA, method)) == (BOT, f"{method.upper()} request")


def test_a_signed_in_rep_is_never_counted_as_the_prospect():
    assert classify(hit(BROWSER_UA), viewer_rep_id=7) == (REP, "rep #7's own view")


def test_scanner_addresses_and_prefetches_are_bots_whatever_the_agent():
    ranges = parse_ranges("203.0.113.0/24  # a scanner")
    assert classify(hit(BROWSER_UA), scanner_ranges=ranges) == (
        BOT,
        "email security scanner range 203.0.113.0/24",
    )
    assert classify(hit(BROWSER_UA), scanner_ranges=parse_ranges("198.51.100.0/24"))[0] == (
        UNCONFIRMED
    )
    prefetch = Hit("GET", BROWSER_UA, "198.51.100.1", "", prefetch="Sec-Purpose: prefetch")
    assert classify(prefetch) == (BOT, "prefetch (Sec-Purpose: prefetch)")


def test_an_overlong_agent_is_still_classified():
    assert classify(hit(BROWSER_UA + " x" * 2000))[0] == UNCONFIRMED


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("203.0.113.9", "203.0.113.0"),
        ("198.51.100.255", "198.51.100.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("::ffff:203.0.113.9", "203.0.113.0"),
        (" 203.0.113.9 ", "203.0.113.0"),
        ("", ""),
        ("not an address", ""),
        ("203.0.113.9, 10.0.0.1", ""),
    ],
)
def test_only_the_network_of_an_address_is_kept(address, kept):
    assert truncate_ip(address) == kept
