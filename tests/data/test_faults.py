"""Faults under real gunicorn on 127.0.0.1: a worker killed mid-load loses no answered
visit, and the database file stays whole. Each test stops by itself within seconds."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import BROWSER_UA
from tests.gunicorn_server import gunicorn

# Runs gunicorn on its own SQLite file: the PostgreSQL pass would repeat it unchanged.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def server(tmp_path):
    """gunicorn with 2 workers on a seeded SQLite file, as the Procfile runs it."""
    # One address under load: every hit stored, as the visits of many people would be.
    with gunicorn(tmp_path, workers=2, VISIT_MAX_PER_MINUTE="1000000") as running:
        yield running


def test_a_worker_killed_under_load_loses_no_answered_visit(server, tmp_path):
    base, database = server.base, tmp_path / "landing.sqlite3"
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
    before = set(server.workers())
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    time.sleep(2.5)
    stop.set()
    for b in browsers:
        b.join()

    after = set(server.workers())
    assert victim not in after and len(after) == len(before)  # gunicorn replaced it
    assert len(answered) > 50 and len(failed) <= 4
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT token FROM visit")}
    missing = set(answered) - stored
    assert not missing, f"{len(missing)} answered visits were lost"
    assert len(answered) == len(set(answered))  # one row per answer, no token twice
