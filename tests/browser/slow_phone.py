"""A prospect's page as a slow phone loads it: Chromium at 390×844 with DevTools' network
emulation (1.6 Mbit/s down, 150 ms round trip) and a 4× CPU slowdown, measured for Largest
Contentful Paint and the bytes transferred before the visitor does anything. Used by
tests/browser/test_slow_phone.py and bench/page_weight.py (`make bench`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from landing.pages import posters
from landing.pages.videos import parse_video
from tests.conftest import BROWSER_UA
from tests.pages.thumbnail_host import thumbnail
from tests.web.test_page_weight import TAILORING, _seed

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": BROWSER_UA,
}
# Chromium's DevTools presets call 1.6 Mbit/s with 150 ms "Fast 3G"-like; the upload is theirs.
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
# The page's largest paint so far, kept where Python can read it (polled: the page's CSP
# forbids what wait_for_function needs to poll).
LCP_OBSERVER = """
window.lcp = null;
new PerformanceObserver((list) => {
  const last = list.getEntries().at(-1);
  window.lcp = { at: last.startTime, tag: last.element ? last.element.tagName : "",
                 url: last.url || "", size: last.size };
}).observe({ type: "largest-contentful-paint", buffered: true });
"""


@dataclass
class Load:
    lcp_ms: float
    lcp_element: str
    transferred: int  # bytes on the wire, headers included, until the visitor acts
    sizes: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"LCP {self.lcp_ms:,.0f} ms ({self.lcp_element}), "
            f"{self.transferred / 1024:.1f} KB in {len(self.sizes)} responses"
        )


def seed_with_poster(app) -> str:
    """The realistic page of tests/web/test_page_weight.py, its YouTube video's poster stored
    as the server fetches it; the page's path."""
    path = _seed(app)
    video = parse_video(TAILORING["video_url"])
    posters.fetch_poster(app.instance_path, video, get=lambda *_: thumbnail())
    return path


def measure(chromium, base_url: str, path: str, settle: float = 1.5) -> Load:
    """Open the page once in a fresh throttled phone; read LCP and the bytes received once the
    page has loaded and been left alone for `settle` seconds."""
    context = chromium.new_context(**PHONE)
    # Nothing leaves 127.0.0.1 (a pattern: our own requests are not held up by this).
    context.route(_elsewhere(base_url), lambda route: route.abort())
    context.add_init_script(LCP_OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))  # fmt: skip
    cdp.on("Network.loadingFinished", lambda e: _add(sizes, urls, e))
    try:
        page.goto(base_url + path, wait_until="load", timeout=30_000)
        page.wait_for_timeout(settle * 1000)
        deadline = time.monotonic() + 10
        while not (lcp := page.evaluate("window.lcp")):
            assert time.monotonic() < deadline, "no largest-contentful-paint entry"
            page.wait_for_timeout(100)
    finally:
        context.close()
    element = lcp["tag"].lower() + (f" {urlsplit(lcp['url']).path}" if lcp["url"] else "")
    return Load(lcp["at"], element, sum(sizes.values()), sizes)


def _add(sizes: dict[str, int], urls: dict[str, str], event: dict) -> None:
    url = urls.get(event["requestId"], event["requestId"])
    parts = urlsplit(url)
    sizes[parts.path or url] = sizes.get(parts.path or url, 0) + int(event["encodedDataLength"])


def _elsewhere(base_url: str):
    import re

    return re.compile(rf"^(?!{re.escape(base_url)}/)")
