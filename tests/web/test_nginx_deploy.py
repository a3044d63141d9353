"""landing on the company's real domain beside its website, end to end: Debian's nginx
running deploy/nginx/*.conf as shipped, a static website, and gunicorn running landing.

Mode 1, website first (website-first.conf): the website answers what it has, landing what
it does not. Mode 2, landing first (landing-first.conf, LANDING_WEBSITE_UPSTREAM): landing
answers its prospects and passes the rest to the website. In both, a prospect's visit is
recorded with the visitor's address as nginx saw it, https is taken from nginx, and only
from nginx: a client that reaches gunicorn directly cannot claim another address."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from landing.data.db import make_engine
from landing.data.models import Prospect, Visit
from tests.gunicorn_server import free_port, gunicorn
from tests.nginx_server import nginx

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124"
VISITOR = "127.0.5.7"  # the prospect's address: recorded as 127.0.5.0 (its /24)
FORGED = {"X-Forwarded-For": "6.6.6.6", "User-Agent": BROWSER}
BEHIND_NGINX = {
    "TRUSTED_PROXIES": "1",
    "TRUSTED_PROXY_ADDRESSES": "127.0.0.1",
    "PUBLIC_BASE_URL": "https://acme.com",
    "VISIT_MAX_PER_MINUTE": "100000",  # the load test's hits are one address's
}


def visits(server) -> list[dict]:
    """Rob Mason's visits, newest first, read from the server's database (a `landing`
    command would take seconds to start on a busy machine)."""
    engine = make_engine(server.env["LANDING_DATABASE_URL"])
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Visit.ip).join(Prospect).where(Prospect.slug == "Rob-Mason")
                .order_by(Visit.id.desc())
            )  # fmt: skip
            return [{"ip": ip} for (ip,) in rows]
    finally:
        engine.dispose()


def visitor_cookie(headers: dict) -> str:
    return next(v for k, v in headers.items() if k.lower() == "set-cookie" and "lv=" in v)


def check_prospect_pages(server, proxy) -> None:
    """What both modes must do for a prospect: the page, its heard variants, the visit."""
    status, headers, body = proxy.get("/Rob-Mason", source=VISITOR, **FORGED)
    assert status == 200 and "Rob" in body and "X-Website" not in headers
    assert "; Secure" in visitor_cookie(headers)  # https, as nginx said
    [visit] = visits(server)
    assert visit["ip"] == "127.0.5.0"  # nginx's view of the client, not the forged 6.6.6.6
    for heard in ("/rob-mason", "/Rob_Mason", "/Rob-Masen", "/robmason"):
        status, headers, _ = proxy.get(heard, source=VISITOR, **FORGED)
        assert status in (301, 302), heard
        assert headers["Location"].endswith("/Rob-Mason"), heard


def check_landing_paths(proxy) -> None:
    status, headers, _ = proxy.get("/app/")
    assert status == 302 and "/login" in headers["Location"]  # landing's sign-in
    status, headers, body = proxy.get("/login")
    assert status == 200 and "X-Website" not in headers
    session = next(v for k, v in headers.items() if k.lower() == "set-cookie" and "session=" in v)
    assert "; Secure" in session
    status, headers, body = proxy.get("/api/v1/prospects")
    assert status == 401 and json.loads(body)["error"]["code"]
    status, _, body = proxy.get("/static/page.css")
    assert status == 200 and "X-Website" not in headers


def check_website_pages(proxy) -> None:
    for path, text in (("/", "Acme, the website"), ("/pricing", "Acme pricing"),
                       ("/blog/hello", "Hello from the blog")):  # fmt: skip
        status, headers, body = proxy.get(path)
        assert status == 200 and text in body, path
        assert headers.get("X-Website") == "yes", path


def check_direct_clients_are_not_believed(server) -> None:
    """A client reaching gunicorn itself, not through nginx, is taken as it came."""
    before = len(visits(server))
    # From another address of this machine, which is no configured proxy.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, source_address=("127.0.9.9", 0))
    conn.request("GET", "/Rob-Mason", headers={**FORGED, "X-Forwarded-Proto": "https"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200
    assert "; Secure" not in (response.getheader("Set-Cookie") or "")
    rows = visits(server)
    assert len(rows) == before + 1 and rows[0]["ip"] == "127.0.9.0"


def test_website_first(tmp_path, database_url):
    with gunicorn(tmp_path, workers=1, database_url=database_url, **BEHIND_NGINX) as server:
        with nginx(tmp_path, "website-first.conf", server.port) as proxy:
            check_website_pages(proxy)
            check_prospect_pages(server, proxy)
            check_landing_paths(proxy)
            # What neither has: landing's plain 404, which names no one.
            status, headers, body = proxy.get("/no-such-page")
            assert status == 404 and "There is no page at this address" in body
            status, headers, _ = proxy.get("/pricing", method="HEAD")
            assert status == 200 and headers.get("X-Website") == "yes"
            # Plain http is sent to https.
            plain = urllib.request.Request(f"http://127.0.0.1:{proxy.http_port}/Rob-Mason")
            with pytest.raises(urllib.error.HTTPError) as redirected:
                urllib.request.build_opener(NoRedirect).open(plain, timeout=5)
            assert redirected.value.code == 301
            assert redirected.value.headers["Location"].startswith("https://")
            check_direct_clients_are_not_believed(server)
        # The option the file offers: the website's own 404 page for what neither has.
        before = len(visits(server))
        option = "#proxy_intercept_errors on;\n        #error_page"
        edits = {option: option.replace("#", ""), "#recursive_error_pages": "recursive_error_pages"}
        with nginx(tmp_path / "own-404", "website-first.conf", server.port, **edits) as proxy:
            status, _, body = proxy.get("/no-such-page")
            assert status == 404 and "The website has no such page" in body
            status, _, body = proxy.get("/Rob-Mason", source=VISITOR, **FORGED)
            assert status == 200 and "Rob" in body
            assert len(visits(server)) == before + 1


def test_landing_first(tmp_path, database_url):
    website_port = free_port()
    with gunicorn(
        tmp_path,
        database_url=database_url,
        WEBSITE_UPSTREAM=f"http://127.0.0.1:{website_port}",
        **BEHIND_NGINX,
    ) as server:
        server.landing("site", "import", "-", stdin="https://www.acme.com/pricing\n/blog/x\n")
        with nginx(tmp_path, "landing-first.conf", server.port, website_port) as proxy:
            check_website_pages(proxy)
            check_prospect_pages(server, proxy)
            check_landing_paths(proxy)
            # What neither has: the website's own 404, through landing.
            status, headers, body = proxy.get("/no-such-page")
            assert status == 404 and "The website has no such page" in body
            assert headers.get("X-Website") == "yes"
            check_direct_clients_are_not_believed(server)
            check_load(server, proxy)


def check_load(server, proxy) -> None:
    """200 requests from 8 threads, half a prospect's page and half the website's: every
    one answered right, and every prospect hit recorded."""
    before = len(visits(server))
    paths = ["/Rob-Mason", "/pricing", "/Rob-Mason", "/blog/hello"] * 50

    def one(path: str) -> tuple[str, int, str]:
        status, _, body = proxy.get(path, source=VISITOR, **FORGED)
        return path, status, body

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(one, paths))
    assert [status for _, status, _ in answers] == [200] * 200
    for path, _, body in answers:
        expected = "Rob" if path == "/Rob-Mason" else "Acme" if path == "/pricing" else "blog"
        assert expected in body, path
    assert len(visits(server)) == before + 100


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
