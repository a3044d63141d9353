"""Issue 14.1: no request body is read past its limit, chunked or not, so a stranger cannot
exhaust a worker's memory. Over the limit: 413 with a body the sender can read."""

from __future__ import annotations

import io
import socket
import threading
import time

import pytest

from tests.conftest import csrf_token
from tests.gunicorn_server import gunicorn, peak_rss_mb

# What gunicorn says of a chunked body it de-chunks: the stream ends where the body does.
TERMINATED = {"wsgi.input_terminated": True}


def chunked(client, path: str, size: int, content_type: str):
    """A POST whose body has no Content-Length, as a chunked upload sends it."""
    return client.post(
        path,
        input_stream=io.BytesIO(b"x" * size),
        headers={"Transfer-Encoding": "chunked", "Content-Type": content_type},
        environ_overrides=TERMINATED,
    )


def test_a_beacon_over_4_kb_is_refused_with_json(client):
    response = client.post("/_/b", data={"t": "x" * 5000, "k": "visible"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert "4 KB" in response.get_json()["error"]["message"]


def test_a_chunked_beacon_over_4_kb_is_refused(client):
    response = chunked(client, "/_/b", 50_000, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_chunked_sign_in_over_4_kb_is_refused_in_plain_text(client):
    response = chunked(client, "/login", 50_000, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/plain"
    assert "at most 4 KB" in response.get_data(as_text=True)


def test_a_normal_sign_in_still_fits(client, make_rep):
    make_rep()
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        data={"email": "dana@acme.com", "password": "correct horse battery", "csrf_token": token},
    )
    assert response.status_code == 302


def test_every_other_route_stops_at_one_megabyte(client, make_rep, auth):
    make_rep()
    auth.login()
    response = chunked(
        client, "/app/notifications/settings", 2 * 1024 * 1024, "application/octet-stream"
    )
    assert response.status_code == 413


def test_the_photo_and_logo_forms_stop_past_5_mb_and_their_form(client, make_rep, auth):
    """They take an image upload of up to 5 MB (landing/pages/images.py) with the form."""
    make_rep(admin=True)
    auth.login()
    for path in ("/app/profile", "/app/company"):
        fits = chunked(client, path, 2 * 1024 * 1024, "application/octet-stream")
        assert fits.status_code == 400, path  # read, then refused by CSRF: not a 413
        over = chunked(client, path, 5 * 1024 * 1024 + 65 * 1024, "application/octet-stream")
        assert over.status_code == 413, path
        assert "at most 5 MB" in over.get_data(as_text=True)


def test_the_api_stops_a_chunked_body_at_64_kb(client, make_rep, runner):
    make_rep()
    token = runner.invoke(["token", "create", "dana@acme.com", "--name", "crm"]).output.split()[-1]
    response = client.post(
        "/api/v1/prospects",
        input_stream=io.BytesIO(b'{"first_name": "' + b"a" * 100_000 + b'"}'),
        headers={
            "Transfer-Encoding": "chunked",
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
        },
        environ_overrides=TERMINATED,
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_csv_upload_may_be_5_mb_but_not_more(client, make_rep, auth):
    make_rep()
    auth.login()
    token = csrf_token(client, "/app/import")
    rows = "first_name,last_name\n" + "Ann,Lee\n" * 600_000  # 4.8 MB
    ok = client.post(
        "/app/import",
        data={"csrf_token": token, "file": (io.BytesIO(rows.encode()), "list.csv")},
        content_type="multipart/form-data",
    )
    assert ok.status_code != 413
    too_big = client.post(
        "/app/import",
        data={"csrf_token": token, "file": (io.BytesIO(b"a" * 6 * 1024 * 1024), "list.csv")},
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 413


def send_chunked(port: int, path: str, megabytes: int) -> tuple[int, bytes]:
    """POST megabytes of chunked body to path, until the server stops reading; the bytes
    sent and what the server answered."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    answer = b""
    sent = 0
    try:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n\r\n".encode()
        )
        piece = b"t=" + b"a" * (64 * 1024 - 2)
        chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        for _ in range(megabytes * 16):
            sock.sendall(chunk)
            sent += len(piece)
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed: what it had not read, it never will
    try:
        sock.settimeout(5)
        answer = sock.recv(2000)
    except OSError:
        pass
    sock.close()
    return sent, answer


@pytest.mark.sqlite_only  # the web layer's memory, whatever the database
def test_a_200_mb_chunked_body_leaves_a_worker_within_20_mb(tmp_path):
    with gunicorn(tmp_path, workers=1) as server:
        worker = server.workers()[0]
        for path in ("/_/b", "/login"):  # warm: every module loaded, every page rendered once
            send_chunked(server.port, path, 0)
        time.sleep(0.2)
        resting = peak_rss_mb(worker)
        results = {}

        def attack(path: str) -> None:
            results[path] = send_chunked(server.port, path, 200)

        for path in ("/_/b", "/login"):
            thread = threading.Thread(target=attack, args=(path,))
            thread.start()
            thread.join(timeout=60)
        peak = peak_rss_mb(worker)
        assert server.workers() == [worker]  # not killed and replaced either
    assert peak - resting < 20, f"worker grew from {resting:.0f} MB to {peak:.0f} MB"
    for sent, answer in results.values():
        assert sent < 200 * 1024 * 1024 or answer.startswith(b"HTTP/1.1 413")
