"""`landing backup` while the app writes, and `landing restore` into an empty instance."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from landing import create_app
from landing.data import backup, migrate
from landing.data.db import make_engine
from tests.conftest import BROWSER_UA, PASSWORD, Runner

# SQLite online backup; PostgreSQL backups are pg_dump (checked below on SQLite too).
pytestmark = pytest.mark.sqlite_only


def instance(tmp_path, name: str):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / name),
            "DATABASE_URL": f"sqlite:///{tmp_path / name / 'landing.sqlite3'}",
            "SECRET_KEY": "test",
            "LOG_REQUESTS": False,
        }
    )
    return app, Runner(app)


def seeded(tmp_path):
    app, runner = instance(tmp_path, "live")
    assert runner.invoke(["db", "upgrade"]).exit_code == 0
    runner.invoke(["rep", "add", "dana@acme.com", "--name", "Dana", "--admin"], input=PASSWORD)
    runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason"])
    return app, runner


def test_a_backup_taken_while_visits_are_written_is_whole(tmp_path):
    app, runner = seeded(tmp_path)
    stop = threading.Event()

    def visits():
        client = app.test_client()
        client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
        while not stop.is_set():
            assert client.get("/Rob-Mason").status_code == 200

    writer = threading.Thread(target=visits)
    writer.start()
    try:
        result = runner.invoke(["backup", str(tmp_path / "copy.sqlite3")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0 and "one consistent moment" in result.output
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT slug FROM prospect").fetchall() == [("Rob-Mason",)]
    again = runner.invoke(["backup", str(tmp_path / "copy.sqlite3")])
    assert again.exit_code == 1 and "exists" in again.output


def test_restore_into_an_empty_instance_and_the_pages_work(tmp_path):
    _app, runner = seeded(tmp_path)
    runner.invoke(["backup", str(tmp_path / "copy.sqlite3")])
    fresh, fresh_runner = instance(tmp_path, "fresh")
    result = fresh_runner.invoke(["restore", str(tmp_path / "copy.sqlite3")])
    assert result.exit_code == 0, result.output
    assert f"-> {migrate.head()}" in result.output
    visitor = fresh.test_client()
    assert visitor.get("/Rob-Mason").status_code == 200
    assert visitor.get("/healthz").status_code == 200


def test_restore_refuses_an_instance_with_data_and_changes_nothing(tmp_path):
    _app, runner = seeded(tmp_path)
    runner.invoke(["backup", str(tmp_path / "copy.sqlite3")])
    runner.invoke(["prospect", "add", "--first", "Kim", "--last", "Lee"])
    result = runner.invoke(["restore", str(tmp_path / "copy.sqlite3")])
    assert result.exit_code == 1 and "already has data" in result.output
    with sqlite3.connect(tmp_path / "live" / "landing.sqlite3") as live:
        assert live.execute("SELECT count(*) FROM prospect").fetchone()[0] == 2


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    _fresh, runner = instance(tmp_path, "fresh")
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all " * 100)
    result = runner.invoke(["restore", str(junk)])
    assert result.exit_code == 1 and "not a" in result.output
    missing = runner.invoke(["restore", str(tmp_path / "nothing.sqlite3")])
    assert missing.exit_code == 1 and "is not a file" in missing.output


def test_postgresql_gets_pg_dump_guidance(tmp_path):
    engine = make_engine("postgresql+psycopg://landing@127.0.0.1:1/landing")
    try:
        backup.backup(engine, tmp_path / "x")
    except backup.BackupError as exc:
        assert "pg_dump" in str(exc) and "pg_restore" in str(exc)
    else:
        raise AssertionError("a PostgreSQL backup must point to pg_dump")
