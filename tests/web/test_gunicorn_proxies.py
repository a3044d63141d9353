"""Forwarded headers under the real gunicorn (issue 14, item 15a): with
LANDING_TRUSTED_PROXIES=0 a client on 127.0.0.1 that says X-Forwarded-Proto: https gets
links and cookies for http, as it came; with a trusted proxy the app follows the header."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.gunicorn_server import gunicorn

pytestmark = pytest.mark.sqlite_only  # the database plays no part


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPEN = urllib.request.build_opener(NoRedirect).open


def forwarded(base: str, path: str) -> tuple[int, dict]:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"}
    try:
        with OPEN(urllib.request.Request(base + path, headers=headers), timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as exc:  # the 302 itself, not followed
        return exc.code, exc.headers


@pytest.mark.parametrize(("trusted", "scheme"), [("0", "http"), ("1", "https")])
def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(tmp_path, trusted, scheme):
    # Started as the Procfile starts it, from the repository's top folder (gunicorn.conf.py).
    with gunicorn(tmp_path, workers=1, seed=False, TRUSTED_PROXIES=trusted) as server:
        status, headers = forwarded(server.base, "/login")
        assert status == 200
        [cookie] = [c for c in headers.get_all("Set-Cookie") if c.startswith("session=")]
        # Marked Secure, a cookie set over plain http never comes back: no one could sign in.
        assert ("; Secure" in cookie) is (scheme == "https")
