"""The database, its WAL, backups and uploaded call lists are the app's account's only
(issue 14, item 15b): made 0644 under the usual umask, anyone on the machine could copy
every rep's password hash and every prospect."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from landing import create_app
from landing.data.db import get_engine
from tests.conftest import Runner
from tests.prospects.test_csv_import import upload

pytestmark = pytest.mark.sqlite_only  # PostgreSQL keeps its files itself


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most machines start services with, whatever this one's is."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def fresh_app(instance: Path):
    return create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "x", "TESTING": True})


def test_a_new_database_and_its_wal_are_private(tmp_path):
    instance = tmp_path / "instance"
    app = fresh_app(instance)
    result = Runner(app).invoke(["init"])
    assert result.exit_code == 0, result.output
    database = instance / "landing.sqlite3"
    with app.app_context(), get_engine().connect() as conn:
        # While a connection is open the WAL and shared-memory files exist.
        conn.execute(text("SELECT count(*) FROM prospect"))
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    with app.app_context():
        get_engine().dispose()


def test_an_older_world_readable_database_is_made_private(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    database = instance / "landing.sqlite3"
    database.touch(mode=0o644)
    Path(f"{database}-wal").touch(mode=0o644)
    os.chmod(database, 0o644)
    app = fresh_app(instance)
    with app.app_context():
        get_engine().connect().close()  # the first request's connection
        get_engine().dispose()
    assert mode(database) == 0o600
    assert mode(Path(f"{database}-wal")) == 0o600


def test_a_backup_is_private(app, runner, make_rep, tmp_path):
    make_rep(admin=True)
    target = tmp_path / "copy.sqlite3"
    result = runner.invoke(["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o600


def test_an_uploaded_call_list_is_private(app, client, auth, make_rep):
    make_rep()
    auth.login()
    assert upload(client, b"First Name,Last Name\nAnn,Lee\n").status_code == 200
    folder = Path(app.instance_path) / "imports"
    [kept] = folder.glob("*.csv")
    assert mode(folder) == 0o700
    assert mode(kept) == 0o600
    assert kept.read_bytes() == b"First Name,Last Name\nAnn,Lee\n"
