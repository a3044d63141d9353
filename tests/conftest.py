"""Fixtures: a fresh app and database per test, a client, a CLI runner, rep/prospect makers.
Browser tests (Playwright, Debian's chromium) have their own in tests/browser/conftest.py.

The database is a new SQLite file per test (a copy of one made with the schema once per
run), or, when LANDING_TEST_DATABASE_URL names a PostgreSQL database (the second pass of
`make test`, through tests/pg_server.py), that database, emptied before each test.
Everything in it is deleted. Under pytest-xdist (`make test` runs `-n auto`) each worker has
a database of its own next to it, `<name>_gw0`, ..., made when missing and emptied the same
way.

Passwords are hashed with one round of PBKDF2 here, not scrypt (0.1 s a hash, twice for
most tests: the rep made, then signed in); tests/team/test_password_hashing.py checks scrypt
itself through the `real_password_hashing` fixture."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from landing import create_app
from landing.cli import cli
from landing.core import catalogs
from landing.data import private_files
from landing.data.db import create_tables, get_engine, get_session, make_engine
from landing.pages import beacon_keys
from landing.prospects import service as prospects
from landing.team import passwords, reps

PASSWORD = "correct horse battery"
BROWSER_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per worker for every app the tests make, not once per app
    (each new app has a Jinja environment of its own, which would compile every template
    it renders: a fifth to a quarter of a page test's time). A template whose source
    changed is compiled again, by its checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        checksum, code = self.compiled.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


# Every app's environment, the ones tests make with create_app themselves too. Each app is
# still built fresh: only the Python code of the templates is shared, as .pyc files are.
Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": CompiledTemplates()}

REAL_HASH_METHOD = passwords.HASH_METHOD
# Tests only: what the app stores is checked by check_password_hash whatever its method.
passwords.HASH_METHOD = "pbkdf2:sha256:1"

# Set by `make test`'s second pass (tests/pg_server.py), or by hand to use a server of yours.
SERVER_URL = os.environ.get("LANDING_TEST_DATABASE_URL", "")


def _worker_url(url: str, worker: str) -> str:
    """The database of this pytest-xdist worker: `<database>_gw0`, `<database>_gw1`, ... on
    the same server, since each worker empties its database before every test and ends the
    other connections to it. Without xdist (or -n 0): the database named, as it is."""
    if not url or not worker:
        return url
    base = make_url(url)
    named = base.database or base.username  # none named: the server's default, the user's
    return base.set(database=f"{named}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = _worker_url(SERVER_URL, os.environ.get("PYTEST_XDIST_WORKER", ""))
if POSTGRES_URL:
    # Tests that read the variable themselves, and commands they start, get this worker's.
    os.environ["LANDING_TEST_DATABASE_URL"] = POSTGRES_URL


def pytest_configure(config):
    catalogs.compile_catalogs()  # `make install` does; this covers a .po edited since
    config.addinivalue_line("markers", "sqlite_only: checks SQLite itself; not on PostgreSQL")
    config.addinivalue_line("markers", "postgresql_only: checks PostgreSQL itself")


_unmade: list[str] = []  # why this worker's database could not be made


def pytest_sessionstart(session):
    """A worker's database is made on the server when missing (through the database named,
    as its superuser can), before any test, as some connect to it without a fixture."""
    if POSTGRES_URL == SERVER_URL:
        return
    name = make_url(POSTGRES_URL).database
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not found:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except DBAPIError as error:
        # Said by every test's `postgres` fixture: pytest.exit in a worker is an xdist
        # internal error, and the error of a hook a traceback in the middle of the dots.
        _unmade.append(
            f"could not make the worker database {name} on LANDING_TEST_DATABASE_URL's server"
            f" (its user needs CREATEDB; or run with -n 0): {error.orig}"
        )
    finally:
        server.dispose()


def pytest_collection_modifyitems(config, items):
    other = "postgresql_only" if not POSTGRES_URL else "sqlite_only"
    skip = pytest.mark.skip(reason=f"{other}: this pass is on the other database")
    # What a browser shows and does is the same whatever the database; the PostgreSQL pass
    # keeps `make test` within its time by leaving Chromium to the first.
    once = pytest.mark.skip(reason="browser: runs on the SQLite pass")
    for item in items:
        if other in item.keywords:
            item.add_marker(skip)
        elif POSTGRES_URL and "browser" in item.keywords:
            item.add_marker(once)


@pytest.fixture(scope="session")
def postgres():
    """The PostgreSQL test database with the current schema, made once per run, and the SQL
    that empties it; None on the SQLite pass."""
    if not POSTGRES_URL:
        yield None
        return
    if _unmade:
        pytest.fail(_unmade[0], pytrace=False)
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as conn:
        _end_other_connections(conn)
    SQLModel.metadata.drop_all(engine)
    create_tables(engine)
    with engine.connect() as conn:
        sequences = conn.execute(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        ).scalars()
        restarts = [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
    # Rows deleted (children first) and ids counting from 1 again, as in a new database. On
    # tables this small that takes a few milliseconds; TRUNCATE, which makes new files for
    # every table, takes 40, and a new schema per test longer still.
    tables = reversed(SQLModel.metadata.sorted_tables)
    deletes = [f'DELETE FROM "{table.name}"' for table in tables]  # noqa: S608  (our tables)
    empty = "; ".join(deletes + restarts)
    yield engine, empty
    engine.dispose()


def _end_other_connections(conn) -> None:
    """Connections a previous test or run left open (a server thread, a leaked session) are
    ended, so none holds a lock that emptying the database would wait on."""
    conn.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    )


@pytest.fixture
def real_password_hashing(monkeypatch):
    """The app's own password hashing (scrypt), for the tests of it."""
    monkeypatch.setattr(passwords, "HASH_METHOD", REAL_HASH_METHOD)


@pytest.fixture(autouse=True)
def no_thumbnail_hosts(monkeypatch):
    """Video posters are fetched when a video link is saved: in tests from a closed local
    port (refused at once), never from YouTube or Vimeo; tests of posters serve their own."""
    from landing.pages import posters

    monkeypatch.setattr(posters, "YOUTUBE_THUMBNAIL", "http://127.0.0.1:9/{id}.jpg")
    monkeypatch.setattr(posters, "VIMEO_OEMBED", "http://127.0.0.1:9/{id}.json")


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> bytes:
    """An empty SQLite database with the current schema, as bytes: made once per worker,
    copied for every test (a copy takes a millisecond, create_all 20 to 40)."""
    path = tmp_path_factory.mktemp("schema") / "empty.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    create_tables(engine)
    engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
    assert not path.with_name(path.name + "-wal").exists(), "the schema is still in the WAL"
    return path.read_bytes()


@pytest.fixture
def database_url(postgres, sqlite_schema, tmp_path):
    """A URL to an empty database with the tables for this test: a new SQLite file, or the
    PostgreSQL database emptied."""
    if postgres is None:
        path = tmp_path / "test.sqlite3"
        private_files.write_bytes(path, sqlite_schema)
        return f"sqlite:///{path}"
    engine, empty = postgres
    with engine.begin() as conn:
        _end_other_connections(conn)
        conn.exec_driver_sql(empty)
    return POSTGRES_URL


@pytest.fixture
def app(tmp_path, database_url):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "PUBLIC_BASE_URL": "https://acme.com",
            "COMPANY_NAME": "Acme",
        }
    )
    yield app
    with app.app_context():
        get_engine().dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def prospect_client(app):
    """A second client with a phone browser's user agent: the prospect."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = BROWSER_UA
    return client


@pytest.fixture
def view_calls(app):
    """How many requests the Flask view of prospect pages answered; the rest were answered
    by the fast path (replays and first visits from a page's shape)."""
    calls = []
    view = app.view_functions["public.prospect_page"]

    def counted(*args, **kwargs):
        calls.append(1)
        return view(*args, **kwargs)

    app.view_functions["public.prospect_page"] = counted
    return calls


class Runner:
    """Runs the `landing` command against the test app."""

    def __init__(self, app):
        self._runner = app.test_cli_runner()

    def invoke(self, args, **kwargs):
        return self._runner.invoke(cli, args=args, **kwargs)


@pytest.fixture
def runner(app):
    return Runner(app)


@pytest.fixture
def make_rep(app):
    def make(email="dana@acme.com", name="Dana Reyes", admin=False, **profile):
        with app.app_context():
            session = get_session()
            rep = reps.create_rep(
                session, email=email, name=name, password=PASSWORD, is_admin=admin
            )
            if profile:
                fields = {
                    k: getattr(rep, k)
                    for k in ("name", "email", "phone", "booking_url", "photo_url")
                }
                reps.update_profile(session, rep, **{**fields, **profile})
            return rep

    return make


@pytest.fixture
def make_prospect(app):
    def make(rep, first_name="Rob", last_name="Mason", **fields):
        with app.app_context():
            return prospects.create_prospect(
                get_session(), rep, first_name=first_name, last_name=last_name, **fields
            )

    return make


def engage(client, path: str = "/Rob-Mason", kind: str = "visible"):
    """Open a page the way a person does: the page, then "visible" from its script three
    seconds later, then what was asked for."""
    response = client.get(path)
    token = re.search(r'data-hit="([^"]+)"', response.get_data(as_text=True)).group(1)
    for each in dict.fromkeys(["visible", kind]):
        assert beacon(client, token, each).status_code == 204
    return response


def beacon(client, token: str, kind: str = "visible", *, after: float = 5):
    """A beacon as page.js sends it, with the hit's key, `after` seconds after page.js was
    given it: a key stamped that long ago, rather than the test waiting. after=0: the key
    asked for now, from /_/b/key, as page.js asks."""
    if after:
        given = datetime.now(UTC) - timedelta(seconds=after)
        key = beacon_keys.key_for(client.application.config["SECRET_KEY"], token, given)
    else:
        key = client.post("/_/b/key", data={"t": token}).get_json()["key"]
    return client.post("/_/b", data={"t": token, "k": kind, "s": key})


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email="dana@acme.com", password=PASSWORD):
        token = csrf_token(self.client, "/login")
        return self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )

    def logout(self):
        token = csrf_token(self.client, "/app/")
        return self.client.post("/logout", data={"csrf_token": token})

    def post(self, path, data, form_page="/app/"):
        """A form post with the CSRF token a signed-in rep's page carries."""
        return self.client.post(
            path, data={**data, "csrf_token": csrf_token(self.client, form_page)}
        )


@pytest.fixture
def auth(client):
    return Auth(client)
