"""The engine, a session per request, and the SQLite settings the design calls for."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from landing.data import private_files, prospect_search


def database_url(url: str) -> str:
    """Hosting platforms hand out postgres:// or postgresql:// URLs; both mean psycopg 3
    here (SQLAlchemy would otherwise look for psycopg2, which is not installed)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_engine(url: str) -> Engine:
    """An engine for url; on SQLite, WAL with write transactions that begin IMMEDIATE."""
    url = database_url(url)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 10})
    if engine.url.database not in (None, "", ":memory:") and not engine.url.query.get("uri"):
        database = Path(engine.url.database)

        @event.listens_for(engine, "do_connect")
        def _private(_dialect, _record, _cargs, _cparams) -> None:
            # Before SQLite opens (and may create) the file: it is made 0600 first.
            private_files.sqlite_files(database)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # The driver's own transaction handling is off so the "begin" hook below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "busy_timeout=10000",
            "synchronous=NORMAL",
            "foreign_keys=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A deferred read that later writes fails at once when another writer got in first;
        # IMMEDIATE takes the write lock up front and waits on busy_timeout instead. Pure
        # reads ask for DEFERRED through the sqlite_begin execution option.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def read_connection(engine: Engine) -> Connection:
    """A connection for reads only: on SQLite its transactions do not take the write lock."""
    return engine.connect().execution_options(sqlite_begin="DEFERRED")


def get_engine() -> Engine:
    return current_app.extensions["landing.engine"]


def get_session() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def create_tables(engine: Engine) -> None:
    """The schema without migrations (tests, benchmarks, a first development database)."""
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        # Not a table of the models: an FTS5 table and triggers, or a pg_trgm index.
        prospect_search.create(conn)


def init_app(app: Flask) -> None:
    app.extensions["landing.engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)
