"""Faults under real gunicorn on 127.0.0.1: a worker killed mid-load loses no answered
visit, and the database file stays whole. Each test stops by itself within seconds."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import BROWSER_UA, PASSWORD

# Runs gunicorn on its own SQLite file: the PostgreSQL pass would repeat it unchanged.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.update(int(p) for p in text)
    return found


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn serving a seeded instance on a free port, as the Procfile runs it."""
    env = {
        **os.environ,
        "LANDING_INSTANCE_PATH": str(tmp_path / "instance"),
        "LANDING_DATABASE_URL": f"sqlite:///{tmp_path / 'landing.sqlite3'}",
        "LANDING_SECRET_KEY": "faults",
        "LANDING_LOG_REQUESTS": "0",
        # One address under load: every hit stored, as the visits of many people would be.
        "LANDING_VISIT_MAX_PER_MINUTE": "1000000",
    }
    landing = [str(BIN / "landing")]

    def run(*args, stdin=None):
        subprocess.run(landing + list(args), env=env, input=stdin, text=True, check=True,
                       capture_output=True)  # fmt: skip

    run("db", "upgrade")
    run("rep", "add", "dana@acme.com", "--name", "Dana", "--admin", stdin=PASSWORD)
    run("prospect", "add", "--first", "Rob", "--last", "Mason")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "landing:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    try:
        yield server, f"http://127.0.0.1:{port}", tmp_path / "landing.sqlite3"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def test_a_worker_killed_under_load_loses_no_answered_visit(gunicorn):
    server, base, database = gunicorn
    answered: list[str] = []  # the hit token of every page that reached the browser
    failed = []
    stop = threading.Event()

    def browse():
        request = urllib.request.Request(f"{base}/Rob-Mason", headers={"User-Agent": BROWSER_UA})
        while not stop.is_set():
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    html = response.read().decode()
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                failed.append(exc)  # the killed worker's request in flight: never answered
                continue
            answered.append(re.search(r'data-hit="([^"]+)"', html).group(1))

    browsers = [threading.Thread(target=browse) for _ in range(4)]
    for b in browsers:
        b.start()
    time.sleep(1.5)
    before = children(server.pid)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    time.sleep(2.5)
    stop.set()
    for b in browsers:
        b.join()

    after = children(server.pid)
    assert victim not in after and len(after) == len(before)  # gunicorn replaced it
    assert len(answered) > 50 and len(failed) <= 4
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT token FROM visit")}
    missing = set(answered) - stored
    assert not missing, f"{len(missing)} answered visits were lost"
    assert len(answered) == len(set(answered))  # one row per answer, no token twice
