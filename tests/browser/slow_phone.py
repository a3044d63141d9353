"""A prospect's page as a slow phone loads it: Chromium at 390×844 with DevTools' network
emulation (1.6 Mbit/s down, 150 ms round trip) and a 4× CPU slowdown, measured for Largest
Contentful Paint and the bytes transferred before the visitor does anything. Used by
tests/browser/test_slow_phone.py and bench/page_weight.py (`make bench`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.conftest import BROWSER_UA

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
    sizes: dict[str, int] = field(default_factory=dict)  # by path for ours, else by URL
    requested: list[str] = field(default_factory=list)  # every URL asked for, other sites' too

    def summary(self) -> str:
        return (
            f"LCP {self.lcp_ms:,.0f} ms ({self.lcp_element}), "
            f"{self.transferred / 1024:.1f} KB in {len(self.sizes)} responses"
        )


def typical_load(chromium, base_url: str, path: str, runs: int = 3) -> Load:
    """The median of a few throttled loads (by LCP: the machine may be busy with other work),
    after one unthrottled load: the server compiles its templates on its first page and the
    browser starts its renderer on its first, neither of which a prospect's phone waits for."""
    warm = chromium.new_context(**PHONE)
    warm.new_page().goto(base_url + path, wait_until="load")
    warm.close()
    loads = sorted((measure(chromium, base_url, path) for _ in range(runs)), key=_by_lcp)
    return loads[len(loads) // 2]


def _by_lcp(load: Load) -> float:
    return load.lcp_ms


def measure(chromium, base_url: str, path: str, settle: float = 1.5) -> Load:
    """Open the page once in a fresh throttled phone; read LCP and the bytes received once the
    page has loaded and been left alone for `settle` seconds."""
    context = chromium.new_context(**PHONE)
    # No route() to keep the page offline: Playwright would then hold every request, ours
    # too, for a word from this process, which a throttled load must not measure. The page's
    # other sites are .example names (tests/web/test_page_weight.py), which never resolve.
    context.add_init_script(LCP_OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda e: _remember(urls, e))
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
    return Load(lcp["at"], element, sum(sizes.values()), sizes, list(urls.values()))


def _remember(urls: dict[str, str], event: dict) -> None:
    urls[event["requestId"]] = event["request"]["url"]


def _add(sizes: dict[str, int], urls: dict[str, str], event: dict) -> None:
    url = urls.get(event["requestId"], event["requestId"])
    parts = urlsplit(url)
    name = parts.path if parts.hostname == "127.0.0.1" else url
    sizes[name] = sizes.get(name, 0) + int(event["encodedDataLength"])
