"""Whether a user agent is a bot or a plausible browser, with a reason a rep can read."""

from __future__ import annotations

import re
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from ua_parser import Parser, Result, basic, caching, loaders

BOT = "bot"
UNCONFIRMED = "unconfirmed"
# ua-parser with its pure-Python matcher, each rule compiled when first needed: its compiled
# Rust one (ua-parser[regex]) held 26 MB in every web worker, and only odd agents and the
# rep's visit history ask it anything.
_PARSER = Parser(caching.CachingResolver(basic.Resolver(loaders.load_lazy_builtins()),
                                         caching.Lru(512)))  # fmt: skip

LINK_PREVIEW = "link preview"
SCANNER = "email security scanner"
LIBRARY = "HTTP library"
HEADLESS = "headless browser"
# Why a hit that names no bot is still only unconfirmed: the agent alone proves nobody.
BROWSER = "browser user agent"
UNUSUAL = "unusual user agent, not a known bot"
NOTHING = "names no browser, system or device"

# Checked before crawlerdetect, so the rep reads "link preview: Slack" rather than a regex
# fragment, and in this order: Telegram says "like TwitterBot", LinkedIn's says Apache-HttpClient.
# Those marked "missed" are ones crawlerdetect 0.4 does not flag at all.
KNOWN_AGENTS: tuple[tuple[str, str, str], ...] = (
    # Apple Messages previews claim to be Facebook and Twitter at once.
    (LINK_PREVIEW, "iMessage", r"Facebot Twitterbot/"),
    (LINK_PREVIEW, "Slack", r"Slackbot|Slack-ImgProxy"),
    (LINK_PREVIEW, "Microsoft Teams", r"SkypeUriPreview|MicrosoftPreview"),
    # Office fetches a link itself before handing it to the browser (ms-office form: missed).
    (LINK_PREVIEW, "Microsoft Office", r"Microsoft Office|Microsoft Outlook|ms-office|MSOffice"),
    (LINK_PREVIEW, "Facebook", r"facebookexternalhit|facebookcatalog|Facebot"),
    (LINK_PREVIEW, "Telegram", r"TelegramBot"),
    (LINK_PREVIEW, "X (Twitter)", r"Twitterbot"),
    (LINK_PREVIEW, "LinkedIn", r"LinkedInBot"),
    (LINK_PREVIEW, "WhatsApp", r"^WhatsApp/"),
    (LINK_PREVIEW, "Discord", r"Discordbot"),
    (LINK_PREVIEW, "Google", r"Google-PageRenderer|GoogleMessages|/\+/web/snippet"),
    (LINK_PREVIEW, "Snapchat", r"Snap URL Preview"),
    (LINK_PREVIEW, "Bluesky", r"Bluesky Cardyb"),  # missed
    (LINK_PREVIEW, "KakaoTalk", r"kakaotalk-scrap"),  # missed
    (LINK_PREVIEW, "Reddit", r"redditbot"),
    (LINK_PREVIEW, "Pinterest", r"Pinterestbot"),
    (LINK_PREVIEW, "Embedly", r"Embedly"),
    (LINK_PREVIEW, "Iframely", r"Iframely"),
    (SCANNER, "Google Safe Browsing", r"Google-Safety"),  # missed when sent bare
    # Most scanners pose as a browser (see scanners.py); these catch the ones that sign.
    (SCANNER, "Barracuda", r"Barracuda"),
    (SCANNER, "Proofpoint", r"Proofpoint"),
    (SCANNER, "Mimecast", r"Mimecast"),
    (SCANNER, "Cisco", r"IronPort"),
    (SCANNER, "Trend Micro", r"Trend ?Micro"),
    (SCANNER, "Sophos", r"Sophos"),
    (SCANNER, "Symantec", r"Symantec|MessageLabs"),
    (SCANNER, "Forcepoint", r"Forcepoint"),
    (SCANNER, "Trellix", r"FireEye|Trellix"),
    (SCANNER, "Kaspersky", r"Kaspersky"),
    (SCANNER, "Norton Safe Web", r"Norton-Safeweb"),
    (HEADLESS, "HeadlessChrome", r"HeadlessChrome"),
    (HEADLESS, "PhantomJS", r"PhantomJS"),
    (LIBRARY, "python-requests", r"python-requests"),
    (LIBRARY, "httpx", r"python-httpx"),
    (LIBRARY, "aiohttp", r"aiohttp"),
    (LIBRARY, "urllib", r"Python-urllib"),
    (LIBRARY, "Scrapy", r"Scrapy"),
    (LIBRARY, "curl", r"curl/"),
    (LIBRARY, "Wget", r"Wget/"),
    (LIBRARY, "Go-http-client", r"Go-http-client"),
    (LIBRARY, "okhttp", r"okhttp"),
    (LIBRARY, "Java", r"^Java/|Java-http-client|Apache-HttpClient"),  # Java-http-client: missed
    (LIBRARY, "axios", r"axios/"),
    # Node's built-in fetch sends just "node" (missed); Deno and Bun: missed.
    (LIBRARY, "Node.js", r"^node$|node-fetch|undici"),
    (LIBRARY, "Deno", r"^Deno/"),
    (LIBRARY, "Bun", r"^Bun/"),
    # The HTTP stacks apps use on their own, not their web views (both missed).
    (LIBRARY, "Android app (Dalvik)", r"^Dalvik/"),
    (LIBRARY, "Apple app (CFNetwork)", r"CFNetwork/"),
    (LIBRARY, "Postman", r"PostmanRuntime"),
    (LIBRARY, "Insomnia", r"^insomnia/"),  # missed
    (LIBRARY, "Ruby", r"^Ruby|Faraday v"),
    (LIBRARY, "Perl", r"libwww-perl"),
    (LIBRARY, "Guzzle", r"GuzzleHttp"),
)
_KNOWN = tuple(
    (f"{kind}: {name}", re.compile(pattern, re.IGNORECASE)) for kind, name, pattern in KNOWN_AGENTS
)

# A browser names its platform in the first parentheses and a rendering engine after;
# Opera Mini and old UC Browser are the real browsers that do not start with "Mozilla/".
_BROWSER = re.compile(
    r"^Mozilla/\d\.\d \([^)]*\b(Windows|Macintosh|X11|Linux|Android|iPhone|iPad|iPod|CrOS|Mobile"
    r"|Tablet|BlackBerry|BB10|KAIOS|Tizen|PlayStation|Xbox|Nintendo|SMART-TV|Web0S)\b"
    r".*(AppleWebKit/|Gecko|Trident/|Presto/)",
    re.IGNORECASE,
)
_APP_BROWSER = re.compile(r"^(Opera|UCWEB)/")

# crawlerdetect lists these because fetchers send them too (Outlook's app alone sends
# "Outlook-iOS/…"); inside a full browser agent they are a person: Outlook's in-app browser
# adds its token to the web view's agent, and the OPPO A33 is a phone.
_PERSON_TOKENS = re.compile(r"Outlook-(iOS|Android)/|OPPO A33", re.IGNORECASE)
# A desktop app built on Electron (Slack, Teams, VS Code...) names itself with a word that
# crawler lists hold for that company's fetcher ("Slack/"); the fetchers are named above.
_APP_SHELL = re.compile(r"\bElectron/\d")


def plausible_browser(user_agent: str) -> bool:
    """True when the agent has the shape every real browser and in-app web view sends."""
    return bool(_BROWSER.search(user_agent) or _APP_BROWSER.search(user_agent))


def parse(user_agent: str) -> Result:
    """ua-parser's reading of an agent: its browser, system and device."""
    return _PARSER.parse(user_agent)


def names_nothing(user_agent: str) -> bool:
    """True when ua-parser finds no browser, system or device a person uses in the agent:
    "Hello World", "Datadog Agent/7.69", "Mozilla/5.0" alone. An old phone names its
    model ("SAMSUNG-SGH-E700"), an app its system, and those stay unconfirmed."""
    result = parse(user_agent)
    return all(
        part is None or part.family == "Other"
        for part in (result.user_agent, result.os, result.device)
    )


def _crawler_match(user_agent: str) -> str | None:
    if plausible_browser(user_agent):
        if _APP_SHELL.search(user_agent):
            return None
        user_agent = _PERSON_TOKENS.sub(" ", user_agent)
    # A fresh detector each time: it keeps the last match on the instance, and threads share.
    detector = CrawlerDetect()
    if detector.is_crawler(user_agent):
        return detector.get_matches() or "known agent"
    return None


@lru_cache(maxsize=4096)
def classify_agent(user_agent: str) -> tuple[str, str]:
    """(BOT, why) for an agent that names a bot or no browser at all; else (UNCONFIRMED, why):
    odd but not named is no bot, since a person may be behind it and the page's beacons
    will tell. Cached because agents repeat endlessly."""
    agent = user_agent.strip()
    if not agent:
        return BOT, "no user agent"
    for reason, pattern in _KNOWN:
        if pattern.search(agent):
            return BOT, reason
    match = _crawler_match(agent)
    if match:
        return BOT, f"crawler or link preview: {match}"
    if not plausible_browser(agent):
        if names_nothing(agent):
            return BOT, NOTHING
        return UNCONFIRMED, UNUSUAL
    return UNCONFIRMED, BROWSER
