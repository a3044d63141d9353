"""Running it: one log line per request, a clear 503 while the database is away, and the
prospect's page served even when the visit cannot be written (disk full, read-only)."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import event

from landing import create_app
from landing.data.db import create_tables, get_engine
from tests.conftest import BROWSER_UA, PASSWORD
from tests.conftest import beacon as send_beacon


def test_one_json_line_per_request_without_personal_data(
    app, make_rep, make_prospect, prospect_client, capsys
):
    rob = make_prospect(make_rep())
    capsys.readouterr()
    prospect_client.get("/Rob-Mason")
    prospect_client.get("/Rob-Mason")  # the second from the page cache, outside Flask
    prospect_client.get("/rob-mason")
    prospect_client.get("/Nobody-Here")
    prospect_client.get("/login")
    request_lines = capsys.readouterr().err.splitlines()
    assert len(request_lines) == 5
    hit, again, redirect, miss, login = (json.loads(line) for line in request_lines)
    assert again == {**hit, "ms": again["ms"]}
    assert hit["event"] == "request" and hit["route"] == "/<path:typed>"
    assert (hit["status"], hit["page"], hit["prospect"]) == (200, "hit", rob.id)
    assert hit["ms"] > 0 and hit["method"] == "GET"
    assert (redirect["status"], redirect["page"]) == (301, "redirect")
    assert (miss["status"], miss["page"]) == (404, "miss") and "prospect" not in miss
    assert (login["route"], login["status"]) == ("/login", 200) and "page" not in login
    text = "\n".join(request_lines)
    for private in ("Rob", "Mason", "Nobody", "127.0.0", "iPhone"):
        assert private not in text


def _app(tmp_path, url: str, **config):
    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": url,
            "SECRET_KEY": "test",
            **config,
        }
    )


@pytest.mark.sqlite_only  # SQLite's own failure modes
def test_database_away_gives_a_clear_503_and_service_comes_back_by_itself(tmp_path):
    home = tmp_path / "moved"
    app = _app(tmp_path, f"sqlite:///{home / 'landing.sqlite3'}")  # the folder is not there
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    page = client.get("/Rob-Mason")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert b"Back in a moment" in page.data and b"Traceback" not in page.data
    live = client.get("/app/live")
    assert live.status_code in (302, 503)  # signed out: the login redirect needs no database
    beacon = send_beacon(client, "x")  # with its key: past the check, at the database
    assert beacon.status_code == 503 and beacon.get_json()["error"]["code"] == "unavailable"

    home.mkdir()  # the database is back
    with app.app_context():
        create_tables(get_engine())
    assert client.get("/Rob-Mason").status_code == 404  # answered from the database again
    assert client.get("/healthz").status_code == 503  # reachable, schema not migrated


def _seeded(tmp_path, make_url=None):
    """An app with Rob Mason and one recorded visit; its database file."""
    path = tmp_path / "landing.sqlite3"
    app = _app(tmp_path, f"sqlite:///{path}")
    with app.app_context():
        create_tables(get_engine())
        from landing.data.db import get_session
        from landing.prospects import service as prospects
        from landing.team import reps

        rep = reps.create_rep(get_session(), email="dana@acme.com", name="Dana", password=PASSWORD)
        prospects.create_prospect(get_session(), rep, first_name="Rob", last_name="Mason")
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    assert client.get("/Rob-Mason").status_code == 200
    return app, path


def _count_visits(path) -> int:
    import sqlite3

    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT count(*) FROM visit").fetchone()[0]


@pytest.mark.sqlite_only  # SQLite's own failure modes
def test_disk_full_the_prospect_still_gets_their_page(tmp_path, caplog):
    app, path = _seeded(tmp_path)
    with app.app_context():
        engine = get_engine()
        engine.dispose()

        @event.listens_for(engine, "connect")
        def _full(dbapi_connection, _record):
            # No page may be added: every write that needs one fails with SQLITE_FULL.
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    for _ in range(30):  # enough visits to need a new page
        response = client.get("/Rob-Mason")
        assert response.status_code == 200 and b"Rob" in response.data
    assert any(
        "visit NOT recorded" in r.getMessage() and r.levelno == logging.ERROR
        for r in caplog.records
    )
    assert 1 <= _count_visits(path) < 31  # what was stored is intact; the rest was refused


@pytest.mark.sqlite_only  # SQLite's own failure modes
def test_read_only_database_the_prospect_still_gets_their_page(tmp_path, caplog):
    _app_rw, path = _seeded(tmp_path)
    before = _count_visits(path)
    app = _app(tmp_path, f"sqlite:///file:{path}?mode=ro&uri=true")
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    response = client.get("/Rob-Mason")
    assert response.status_code == 200 and b"Rob" in response.data
    assert any("visit NOT recorded" in r.getMessage() for r in caplog.records)
    assert _count_visits(path) == before
