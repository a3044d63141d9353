"""Us first, then the website: landing on acme.com answers its prospects' paths and its own
(/app, /api, /static, beacons) and hands every other request to the company's website
(WEBSITE_UPSTREAM, e.g. https://www.acme.com), as a reverse proxy would.

Why landing decides and not the proxy in front: prospect paths are arbitrary names, so only
landing knows whether /Rob-Masen is someone's page (a redirect to /Rob-Mason) or the
website's. A WSGI layer inside ProxyFix (it sees the client's address and scheme) and
outside the fast path:
- the website's known top-level paths (landing.urls.website), the root, robots.txt,
  favicon.ico and sitemap.xml, and any method but GET and HEAD outside landing's own
  paths (the website's forms) go straight to the website;
- /app, /api and /_ (the pages' beacons and images) are landing's, whatever it answers;
- any other request goes to landing first; what landing answers 404 (a miss, an unknown
  static file), or refuses with 429 past the miss limit (so a scanner sees the website's
  answer for every name, landing.web.public._to_website), is asked of the website instead;
  and a near match's redirect (a guess, 302) yields to a page the website has at that path,
  imported or not (the website is asked; its 404 lets the redirect go out);
- landing's own cookies (session, visitor, rep browser) are never passed to the website.
The website's answer is streamed through with its status and headers (hop-by-hop headers
dropped, its own redirects made relative), within a connect and a read timeout; 502 when it
cannot be reached, 504 when it does not answer in time.
"""

from __future__ import annotations

import http.client
import logging
from urllib.parse import quote, urlsplit

from landing.data.db import read_connection
from landing.pages import previews, visitor_cookie
from landing.urls import website
from landing.urls.slugs import slug_key
from landing.web import page_cache

log = logging.getLogger(__name__)
FALLBACK = "landing.website_fallback"  # set here: a 404 of landing's goes to the website
TO_WEBSITE = "landing.to_website"  # set by the view: the website answers this one
GUESS = "landing.near_guess"  # set by the view: its redirect yields to a page of the website
GATEWAY_TIMEOUT, BAD_GATEWAY = "504 Gateway Timeout", "502 Bad Gateway"
_ERRORS = {
    GATEWAY_TIMEOUT: "The website did not answer.",
    BAD_GATEWAY: "The website could not be reached.",
}
CHUNK = 64 * 1024
# Never forwarded either way (RFC 9110 7.6.1), and Host, which is the upstream's own.
HOP_BY_HOP = frozenset(
    "connection keep-alive proxy-authenticate proxy-authorization proxy-connection te "
    "trailer trailers transfer-encoding upgrade host".split()
)
# Landing's whatever it answers: the rep UI, the API and the pages' beacons and images
# (their 404s are landing's own).
LANDING_ONLY = frozenset({"app", "api", "_"})
# Landing answers these on its own domain; beside a website they are the website's.
WEBSITE_ALWAYS = frozenset({"", "robots.txt", "favicon.ico", "sitemap.xml"})


class WebsiteProxy:
    def __init__(self, app, wsgi_app, upstream: str, connect_timeout: float, read_timeout: float):
        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RuntimeError(
                f"LANDING_WEBSITE_UPSTREAM must be an http:// or https:// URL, not {upstream!r}"
            )
        self.app = app
        self.wsgi_app = wsgi_app
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.netloc = parts.netloc
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path.rstrip("/")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._own: frozenset[str] | None = None

    def __call__(self, environ: dict, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        first = path.lstrip("/").split("/", 1)[0]
        if first in LANDING_ONLY:
            return self.wsgi_app(environ, start_response)
        reading = environ.get("REQUEST_METHOD") in ("GET", "HEAD")
        if (
            first in WEBSITE_ALWAYS
            or (first not in self.own() and slug_key(first) in website_keys(self.app))
            or (not reading and first not in self.own())
        ):
            return self.forward(environ, start_response)
        if not reading:
            return self.wsgi_app(environ, start_response)
        return self._landing_then_website(environ, start_response)

    def own(self) -> frozenset[str]:
        """The first segments of landing's own routes (/static, /b, /privacy, ...), read
        from the app's rules once they are all registered."""
        if self._own is None:
            firsts = set()
            for rule in self.app.url_map.iter_rules():
                segment = rule.rule.lstrip("/").split("/", 1)[0]
                if segment and "<" not in segment:
                    firsts.add(segment)
            self._own = frozenset(firsts - WEBSITE_ALWAYS)
        return self._own

    def _landing_then_website(self, environ: dict, start_response):
        environ[FALLBACK] = True
        held = []

        def start(status: str, headers: list, exc_info=None):
            if environ.get(TO_WEBSITE) or environ.get(GUESS) or status.startswith("404"):
                held.append((status, headers))
                return lambda _data: None
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        if not held:
            return body
        if not environ.get(GUESS):
            _close(body)
            return self.forward(environ, start_response)
        # A near match's redirect is only a guess: a page the website has wins over it.
        answer = self._ask(environ)
        if isinstance(answer, tuple) and answer[1].status != 404:
            _close(body)
            return self._stream(answer, environ, start_response)
        if isinstance(answer, tuple):
            answer[0].close()
        start_response(*held[0])
        return body

    def forward(self, environ: dict, start_response):
        """The website's answer to this request, streamed."""
        answer = self._ask(environ)
        if isinstance(answer, str):
            return _error(start_response, answer, _ERRORS[answer])
        return self._stream(answer, environ, start_response)

    def _ask(self, environ: dict):
        """(connection, response) of the website for this request, its headers read; or the
        status line to answer when it cannot be asked (502) or does not answer (504)."""
        target = self.prefix + (environ.get("RAW_URI") or _path_and_query(environ))
        if not target.startswith("/"):
            target = "/" + target
        cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
        conn = cls(self.host, self.port, timeout=self.connect_timeout)
        try:
            conn.connect()
            conn.sock.settimeout(self.read_timeout)
            body, chunked = _request_body(environ)
            conn.putrequest(environ["REQUEST_METHOD"], target, skip_host=True)
            for name, value in self._request_headers(environ, chunked):
                conn.putheader(name, value)
            conn.endheaders(body, encode_chunked=chunked)
            return conn, conn.getresponse()
        except TimeoutError:
            conn.close()
            log.warning("website %s timed out for %s", self.origin, target[:200])
            return GATEWAY_TIMEOUT
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            log.warning("website %s unreachable for %s: %s", self.origin, target[:200], exc)
            return BAD_GATEWAY

    def _stream(self, answer: tuple, environ: dict, start_response):
        conn, response = answer
        headers = [
            (name, self._relative(value) if name.lower() == "location" else value)
            for name, value in response.getheaders()
            if name.lower() not in HOP_BY_HOP
        ]
        start_response(f"{response.status} {response.reason}", headers)
        return _Streamed(conn, response, environ["REQUEST_METHOD"] == "HEAD")

    def _request_headers(self, environ: dict, chunked: bool) -> list[tuple[str, str]]:
        headers = [("Host", self.netloc)]
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                name = key[5:].replace("_", "-").title()
                if name.lower() not in HOP_BY_HOP and not name.lower().startswith("x-forwarded"):
                    if name == "Cookie":
                        value = self._website_cookies(value)
                        if not value:
                            continue
                    headers.append((name, value))
        if environ.get("CONTENT_TYPE"):
            headers.append(("Content-Type", environ["CONTENT_TYPE"]))
        if environ.get("CONTENT_LENGTH") and not chunked:
            headers.append(("Content-Length", environ["CONTENT_LENGTH"]))
        # What ProxyFix trusted, not what the client claimed.
        headers.append(("X-Forwarded-For", environ.get("REMOTE_ADDR", "")))
        headers.append(("X-Forwarded-Proto", environ.get("wsgi.url_scheme", "http")))
        headers.append(("X-Forwarded-Host", environ.get("HTTP_HOST", "")))
        return headers

    def _website_cookies(self, header: str) -> str:
        """The Cookie header without landing's own (a rep's session, the visitor and rep
        browser cookies): the website has no use for them, and may be hosted by others."""
        ours = {self.app.config["SESSION_COOKIE_NAME"], visitor_cookie.NAME}
        ours.add(previews.REP_BROWSER_COOKIE)
        kept = [
            part.strip()
            for part in header.split(";")
            if part.strip() and part.split("=", 1)[0].strip() not in ours
        ]
        return "; ".join(kept)

    def _relative(self, location: str) -> str:
        """The website's redirect to its own upstream address, made one on this domain."""
        if location.startswith(self.origin + "/") or location == self.origin:
            location = location[len(self.origin) :] or "/"
            if self.prefix and location.startswith(self.prefix):
                location = location[len(self.prefix) :] or "/"
        return location


class _Streamed:
    """The website's body, read CHUNK at a time as the client takes it; closes the connection."""

    def __init__(self, conn: http.client.HTTPConnection, response, head: bool):
        self.conn, self.response, self.head = conn, response, head

    def __iter__(self):
        if self.head:
            return
        while True:
            try:
                data = self.response.read1(CHUNK)
            except (OSError, http.client.HTTPException) as exc:
                log.warning("website answer cut off: %s", exc)
                return
            if not data:
                return
            yield data

    def close(self) -> None:
        self.conn.close()


def website_keys(app) -> frozenset[str]:
    """The website's top-level paths (landing.urls.website), from this worker's page cache,
    which a new import clears like any change to what the pages show."""

    def load() -> frozenset[str]:
        with read_connection(app.extensions["landing.engine"]) as conn:
            return website.keys(conn)

    return page_cache.of(app).get("website", load)


def _close(body) -> None:
    if hasattr(body, "close"):
        body.close()


def _path_and_query(environ: dict) -> str:
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    path = quote(path.encode("latin-1").decode("utf-8", "replace"), safe="/%:@&=+$,;~!*'()")
    query = environ.get("QUERY_STRING", "")
    return path + ("?" + query if query else "")


def _request_body(environ: dict):
    """The request body to pass on, and whether it goes chunked (a chunked request, whose
    length nobody knows): a file object for http.client, or None."""
    length = environ.get("CONTENT_LENGTH") or ""
    stream = environ.get("wsgi.input")
    if length.isdigit() and int(length) > 0:
        return _Limited(stream, int(length)), False
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and stream is not None:
        return iter(lambda: stream.read(CHUNK), b""), True
    return None, False


class _Limited:
    """wsgi.input, read no further than Content-Length (reading past it may block)."""

    def __init__(self, stream, left: int):
        self.stream, self.left = stream, left

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data


def _error(start_response, status: str, text: str):
    body = (text + "\n").encode()
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [body]


def init_app(app) -> None:
    """Put the proxy in front of the app when WEBSITE_UPSTREAM names the website."""
    upstream = (app.config.get("WEBSITE_UPSTREAM") or "").strip()
    if upstream:
        app.wsgi_app = WebsiteProxy(
            app,
            app.wsgi_app,
            upstream,
            app.config["WEBSITE_CONNECT_TIMEOUT_SECONDS"],
            app.config["WEBSITE_READ_TIMEOUT_SECONDS"],
        )
