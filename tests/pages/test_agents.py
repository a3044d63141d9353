"""User agents as products send them: browsers stay unconfirmed, everything else is a bot."""

from __future__ import annotations

import pytest

from landing.pages.agents import BOT, UNCONFIRMED, UNUSUAL, classify_agent

IOS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko)"
)
ANDROID_WEBVIEW = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36"
)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)

BROWSERS = [
    pytest.param(CHROME_WINDOWS, id="Chrome Windows (and Brave, which sends the same)"),
    pytest.param(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        id="Chrome Mac",
    ),
    pytest.param(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        id="Chrome Android (and Gmail's Custom Tabs)",
    ),
    pytest.param(
        f"{IOS} CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
        id="Chrome iOS",
    ),
    pytest.param(
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36",
        id="Chromebook",
    ),
    pytest.param(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.6 Safari/605.1.15",
        id="Safari Mac",
    ),
    pytest.param(
        f"{IOS} Version/17.6 Mobile/15E148 Safari/604.1",
        id="Safari iPhone (and Gmail iOS, which opens links in Safari's view)",
    ),
    pytest.param(
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.6 Mobile/15E148 Safari/604.1",
        id="Safari iPad",
    ),
    pytest.param(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        id="Firefox Windows",
    ),
    pytest.param(
        "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
        id="Firefox Android",
    ),
    pytest.param(f"{IOS} FxiOS/133.0 Mobile/15E148 Safari/605.1.15", id="Firefox iOS"),
    pytest.param(f"{CHROME_WINDOWS} Edg/131.0.0.0", id="Edge Windows"),
    pytest.param(
        f"{IOS} Version/17.0 EdgiOS/131.2903.68 Mobile/15E148 Safari/605.1.15",
        id="Edge iOS",
    ),
    pytest.param(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
        id="Edge Android",
    ),
    pytest.param(
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        id="Samsung Internet",
    ),
    pytest.param(f"{CHROME_WINDOWS} OPR/115.0.0.0", id="Opera"),
    pytest.param(
        "Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16",
        id="Opera Mini",
    ),
    pytest.param(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Version/4.0 Chrome/131.0.0.0 Mobile DuckDuckGo/5 Safari/537.36",
        id="DuckDuckGo Android",
    ),
    pytest.param(
        f"{IOS} Version/17.6 Mobile/15E148 DuckDuckGo/7 Safari/605.1.15",
        id="DuckDuckGo iOS",
    ),
    pytest.param(
        "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
        id="Internet Explorer 11",
    ),
    pytest.param(
        f"{IOS} GSA/343.0.695551749 Mobile/15E148 Safari/604.1",
        id="Google app iOS",
    ),
    pytest.param(f"{IOS} Mobile/15E148", id="an app's own iOS web view (Outlook iOS among them)"),
    pytest.param(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Outlook-iOS/749.4.prod.iphone (4.2534.0)",
        id="Outlook iOS in-app browser with its token",
    ),
    pytest.param(ANDROID_WEBVIEW, id="an app's own Android web view (Outlook Android among them)"),
    pytest.param(f"{ANDROID_WEBVIEW} Outlook-Android/2.0", id="Outlook Android with its token"),
    pytest.param(f"{IOS} Mobile/15E148 [LinkedInApp]/9.30.1834", id="LinkedIn app iOS"),
    pytest.param(f"{ANDROID_WEBVIEW} [LinkedInApp]/4.1.881", id="LinkedIn app Android"),
    pytest.param(
        f"{IOS} Mobile/15E148 [FBAN/FBIOS;FBAV/480.0.0.36.107;FBBV/646466080;FBDV/iPhone14,5;"
        "FBMD/iPhone;FBSN/iOS;FBSV/17.6;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
        id="Facebook iOS",
    ),
    pytest.param(f"{ANDROID_WEBVIEW} [FB_IAB/FB4A;FBAV/490.0.0.46.109;]", id="Facebook Android"),
    pytest.param(
        f"{IOS} Mobile/15E148 Instagram 355.0.0.28.112 (iPhone14,5; iOS 17_6; en_US; en; "
        "scale=3.00; 1170x2532; 658290640)",
        id="Instagram iOS",
    ),
    pytest.param(f"{IOS} Mobile/15E148 Twitter for iPhone/10.60", id="X app iOS"),
    pytest.param(
        "Mozilla/5.0 (Linux; Android 14; OPPO A33) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36",
        id="a phone crawlerdetect lists by name",
    ),
]

BOTS = [
    pytest.param(
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 "
        "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "crawler or link preview: Googlebot",
        id="Googlebot smartphone",
    ),
    pytest.param(
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
        "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        "crawler or link preview: bingbot",
        id="bingbot",
    ),
    pytest.param(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        "crawler or link preview: Applebot",
        id="Applebot",
    ),
    pytest.param(
        "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
        "crawler or link preview",
        id="DuckDuckBot",
    ),
    pytest.param(
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "crawler or link preview",
        id="YandexBot",
    ),
    pytest.param(
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "link preview: Slack",
        id="Slackbot-LinkExpanding",
    ),
    pytest.param(
        "Slack-ImgProxy (+https://api.slack.com/robots)", "link preview: Slack", id="Slack-ImgProxy"
    ),
    pytest.param("Twitterbot/1.0", "link preview: X (Twitter)", id="Twitterbot"),
    pytest.param(
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "link preview: Facebook",
        id="facebookexternalhit",
    ),
    pytest.param(
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "link preview: LinkedIn",
        id="LinkedInBot",
    ),
    pytest.param("WhatsApp/2.23.20.0", "link preview: WhatsApp", id="WhatsApp"),
    pytest.param("WhatsApp/2.24.22.79 i", "link preview: WhatsApp", id="WhatsApp iOS"),
    pytest.param("TelegramBot (like TwitterBot)", "link preview: Telegram", id="TelegramBot"),
    pytest.param(
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "link preview: Discord",
        id="Discordbot",
    ),
    pytest.param(
        "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 "
        "skype-url-preview@microsoft.com",
        "link preview: Microsoft Teams",
        id="SkypeUriPreview",
    ),
    pytest.param(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/80.0.3987.163 Safari/537.36 Edg/80.0.361.111 MicrosoftPreview/2.0 "
        "+https://aka.ms/MicrosoftPreview",
        "link preview: Microsoft Teams",
        id="Microsoft Teams and Outlook preview",
    ),
    pytest.param(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) "
        "Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
        "link preview: iMessage",
        id="iMessage",
    ),
    pytest.param(
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 (compatible; "
        "Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/))",
        "link preview: Google",
        id="Google-PageRenderer",
    ),
    pytest.param(
        "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
        "link preview: Embedly",
        id="Embedly",
    ),
    pytest.param(
        "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)",
        "link preview: Reddit",
        id="redditbot",
    ),
    pytest.param(
        "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
        "link preview: Bluesky",
        id="Bluesky",
    ),
    pytest.param(
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
        "link preview: Microsoft Office",
        id="Outlook desktop fetching a link",
    ),
    pytest.param(
        "Mozilla/4.0 (compatible; ms-office; MSOffice 16)",
        "link preview: Microsoft Office",
        id="Office link check",
    ),
    pytest.param(
        "Outlook-iOS/709.2226530.prod.iphone (3.24.1)",
        "crawler or link preview: Outlook-iOS",
        id="the Outlook iOS app's own fetcher",
    ),
    pytest.param(
        "Barracuda Sentinel (EE)", "email security scanner: Barracuda", id="Barracuda Sentinel"
    ),
    pytest.param(
        "Google-Safety", "email security scanner: Google Safe Browsing", id="Google-Safety"
    ),
    pytest.param(
        "Kaspersky Lab CFR link resolver", "email security scanner: Kaspersky", id="Kaspersky"
    ),
    pytest.param(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.6778.33 Safari/537.36",
        "headless browser: HeadlessChrome",
        id="HeadlessChrome",
    ),
    pytest.param("python-requests/2.32.3", "HTTP library: python-requests", id="python-requests"),
    pytest.param("python-httpx/0.27.0", "HTTP library: httpx", id="httpx"),
    pytest.param("Python/3.11 aiohttp/3.9.5", "HTTP library: aiohttp", id="aiohttp"),
    pytest.param("curl/8.5.0", "HTTP library: curl", id="curl"),
    pytest.param("Go-http-client/1.1", "HTTP library: Go-http-client", id="Go-http-client"),
    pytest.param("Wget/1.21.4", "HTTP library: Wget", id="Wget"),
    pytest.param("okhttp/4.12.0", "HTTP library: okhttp", id="okhttp"),
    pytest.param("Java/17.0.9", "HTTP library: Java", id="Java"),
    pytest.param("Java-http-client/17.0.9", "HTTP library: Java", id="Java HttpClient"),
    pytest.param(
        "Apache-HttpClient/4.5.14 (Java/17.0.9)", "HTTP library: Java", id="Apache HttpClient"
    ),
    pytest.param("axios/1.7.7", "HTTP library: axios", id="axios"),
    pytest.param("node", "HTTP library: Node.js", id="Node.js fetch"),
    pytest.param("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "HTTP library: Node.js"),
    pytest.param("Deno/1.46.3", "HTTP library: Deno", id="Deno"),
    pytest.param("PostmanRuntime/7.39.0", "HTTP library: Postman", id="Postman"),
    pytest.param(
        "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240805.005)",
        "HTTP library: Android app (Dalvik)",
        id="an Android app's own request",
    ),
    pytest.param("Mozilla/5.0", "names no browser, system or device", id="Mozilla/5.0 alone"),
    pytest.param(
        "Mozilla/5.0 (compatible)", "names no browser, system or device", id="Mozilla compatible"
    ),
    pytest.param("Mozilla/4.0", "names no browser, system or device", id="Mozilla/4.0 alone"),
]


@pytest.mark.parametrize("agent", BROWSERS)
def test_browsers_and_in_app_browsers_are_unconfirmed(agent):
    assert classify_agent(agent) == (UNCONFIRMED, "browser user agent")


@pytest.mark.parametrize(("agent", "reason"), BOTS)
def test_crawlers_previews_scanners_and_libraries_are_bots_with_a_reason(agent, reason):
    classification, given = classify_agent(agent)
    assert classification == BOT
    assert given.startswith(reason), given


@pytest.mark.parametrize("agent", ["", "   ", "\t"])
def test_no_user_agent_is_a_bot(agent):
    assert classify_agent(agent) == (BOT, "no user agent")


@pytest.mark.parametrize(
    "agent",
    [
        "ExampleApp/1.0 (iPhone; iOS 17.6)",
        "Mozilla/5.0 (Windows NT 10.0)",
        "SAMSUNG-SGH-E700",
        "Nokia3120Classic/2.0 (06.20) Profile/MIDP-2.1 Configuration/CLDC-1.1",
        "SonyEricssonK510/R10CA Browser/NetFront/3.3 Profile/MIDP-2.0 Configuration/CLDC-1.1",
    ],
)
def test_an_odd_agent_that_names_a_device_or_system_is_unconfirmed_not_a_bot(agent):
    assert classify_agent(agent) == (UNCONFIRMED, UNUSUAL)


@pytest.mark.parametrize(
    "agent",
    [
        pytest.param(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Slack/4.33.73 Chrome/114.0.5735.289 Electron/25.8.1 Safari/537.36",
            id="Slack desktop (Electron), which crawlerdetect's 'Slack/' would call a bot",
        ),
        pytest.param(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Ddg/17.6 Safari/605.1.15",
            id="DuckDuckGo for Mac",
        ),
    ],
)
def test_desktop_apps_and_private_browsers_are_unconfirmed(agent):
    assert classify_agent(agent) == (UNCONFIRMED, "browser user agent")


@pytest.mark.parametrize("agent", ["ExampleCRM/2.1", "Hello World", "Datadog Agent/7.69.2"])
def test_an_agent_that_names_nothing_a_person_uses_is_a_bot(agent):
    assert classify_agent(agent) == (BOT, "names no browser, system or device")


def test_a_rep_reads_a_short_reason():
    for param in BOTS:
        agent, _ = param.values
        assert len(classify_agent(agent)[1]) <= 60, agent
