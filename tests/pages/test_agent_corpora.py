"""The bot rules measured on public corpora of real user agents, which ship as packages:
fake-useragent's agents of browsers in use (Apache-2.0, gathered from real traffic, in-app
browsers and DuckDuckGo among them) and crawler-user-agents' instances (MIT, named
crawlers, link previews, monitors, scrapers). Bot is for what names a bot: odd browsers
stay unconfirmed for the page's beacons to settle."""

from __future__ import annotations

import json
from importlib import resources

from landing.pages.agents import BOT, classify_agent

MOST_BROWSERS_AS_BOTS = 0.03
FEWEST_CRAWLERS_AS_BOTS = 0.90


def browsers() -> list[str]:
    text = (resources.files("fake_useragent") / "data" / "browsers.jsonl").read_text("utf-8")
    return sorted({json.loads(line)["useragent"] for line in text.splitlines() if line.strip()})


def crawlers() -> list[str]:
    text = (resources.files("crawleruseragents") / "crawler-user-agents.json").read_text("utf-8")
    return sorted({agent for entry in json.loads(text) for agent in entry.get("instances", [])})


def bots(agents: list[str]) -> list[str]:
    return [agent for agent in agents if classify_agent(agent)[0] == BOT]


def test_the_corpora_are_there_and_of_size():
    assert len(browsers()) > 500
    assert len(crawlers()) > 1500


def test_at_most_3_percent_of_browsers_are_called_bots():
    agents = browsers()
    wrong = bots(agents)
    assert len(wrong) <= MOST_BROWSERS_AS_BOTS * len(agents), wrong[:20]


def test_at_least_90_percent_of_crawlers_are_called_bots():
    agents = crawlers()
    found = bots(agents)
    missed = sorted(set(agents) - set(found))
    assert len(found) >= FEWEST_CRAWLERS_AS_BOTS * len(agents), missed[:20]


def test_in_app_and_private_browsers_in_the_corpus_are_not_bots():
    odd = [
        a for a in browsers() if any(k in a for k in ("DuckDuckGo", "Instagram", "FBAN", "Line/"))
    ]
    assert odd, "the corpus lost its in-app browsers"
    assert bots(odd) == []
