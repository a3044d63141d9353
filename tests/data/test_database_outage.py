"""PostgreSQL stopped for 10 seconds: pages answer a plain 503, nothing stored is lost, and
service resumes by itself. Its own throwaway server on 127.0.0.1, stopped at the end."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from landing import create_app
from landing.data.db import create_tables, get_engine, get_session
from landing.prospects import service as prospects
from landing.team import reps
from tests import pg_server
from tests.conftest import BROWSER_UA, PASSWORD

# The PostgreSQL pass has the server package for sure; once is enough.
pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def cluster():
    """(url, stop, start) of a fresh cluster of our own."""
    bin_, user = pg_server.bindir(), pg_server.server_user()
    root = Path(tempfile.mkdtemp(prefix="landing-outage-"))
    data, log = root / "data", root / "server.log"
    if user:
        entry = pg_server.pwd.getpwnam(user)
        pg_server.os.chown(root, entry.pw_uid, entry.pw_gid)
    pg_server.run_as(user, bin_ / "initdb", "-D", data, "-U", pg_server.SUPERUSER,
                     "--auth=trust", "--no-sync", "--no-instructions")  # fmt: skip
    port = pg_server.free_port()
    options = " ".join(f"-c {k}={v}" for k, v in {**pg_server.SETTINGS, "port": port}.items())
    options += f" -c unix_socket_directories={root}"

    def start():
        pg_server.run_as(user, bin_ / "pg_ctl", "-D", data, "-l", log, "-w", "-o", options,
                         "start")  # fmt: skip

    def stop():
        pg_server.run_as(user, bin_ / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")

    start()
    subprocess.run([bin_ / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U",
                    pg_server.SUPERUSER, "outage"], check=True)  # fmt: skip
    try:
        yield f"postgresql+psycopg://{pg_server.SUPERUSER}@127.0.0.1:{port}/outage", stop, start
    finally:
        command = [str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        if user:
            command = ["runuser", "-u", user, "--", *command]
        subprocess.run(command, capture_output=True)  # already stopped is fine
        shutil.rmtree(root, ignore_errors=True)


def test_ten_seconds_without_postgresql(cluster, tmp_path):
    url, stop, start = cluster
    app = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": url,
         "SECRET_KEY": "outage", "PAGE_CACHE_SECONDS": 0, "LOG_REQUESTS": False}
    )  # fmt: skip
    with app.app_context():
        create_tables(get_engine())
        rep = reps.create_rep(get_session(), email="dana@acme.com", name="Dana", password=PASSWORD)
        prospects.create_prospect(get_session(), rep, first_name="Rob", last_name="Mason")
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    assert client.get("/Rob-Mason").status_code == 200

    stop()
    away_until = time.monotonic() + 10
    answers = []
    while time.monotonic() < away_until:
        response = client.get("/Rob-Mason")
        answers.append(response.status_code)
        assert response.status_code == 503, response.data[:300]
        assert b"Back in a moment" in response.data and b"Traceback" not in response.data
        time.sleep(0.5)
    assert client.get("/healthz").status_code == 503
    start()

    # The next request after it returns is served, and what was stored before is there.
    assert client.get("/Rob-Mason").status_code == 200
    assert client.get("/healthz").status_code == 503  # the schema was made without Alembic
    with app.app_context():
        from sqlmodel import select

        from landing.data.models import Visit

        visits = get_session().exec(select(Visit)).all()
    assert len(visits) == 2 and len(answers) >= 15
