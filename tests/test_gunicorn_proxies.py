"""Forwarded headers under the real gunicorn (issue 14, item 15a): with
LANDING_TRUSTED_PROXIES=0 a client on 127.0.0.1 that says X-Forwarded-Proto: https gets
links and cookies for http, as it came; with a trusted proxy the app follows the header."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.test_faults import BIN, ROOT, free_port

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


def serve(tmp_path, trusted_proxies: str):
    """gunicorn started as the Procfile starts it, from the repository's top folder."""
    env = {
        **os.environ,
        "LANDING_INSTANCE_PATH": str(tmp_path / "instance"),
        "LANDING_DATABASE_URL": f"sqlite:///{tmp_path / 'landing.sqlite3'}",
        "LANDING_SECRET_KEY": "proxies",
        "LANDING_LOG_REQUESTS": "0",
        "LANDING_TRUSTED_PROXIES": trusted_proxies,
    }
    env.pop("FORWARDED_ALLOW_IPS", None)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "landing:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            OPEN(base + "/robots.txt", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    return server, base


def stop(server) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.mark.parametrize(("trusted", "scheme"), [("0", "http"), ("1", "https")])
def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(tmp_path, trusted, scheme):
    server, base = serve(tmp_path, trusted)
    try:
        status, headers = forwarded(base, "/login")
        assert status == 200
        [cookie] = [c for c in headers.get_all("Set-Cookie") if c.startswith("session=")]
        # Marked Secure, a cookie set over plain http never comes back: no one could sign in.
        assert ("; Secure" in cookie) is (scheme == "https")
    finally:
        stop(server)
