"""The connection each worker thread holds for the one INSERT a page hit makes (and the one
SELECT of a first visit's page, see landing.data.held_reads) and, on SQLite, the kernel
lock that lines those inserts up across workers.

Why held: checking a connection out of SQLAlchemy's pool and back in cost more per hit than
the INSERT itself. Why the lock: when another worker holds SQLite's write lock, SQLite's
busy handler sleeps a whole millisecond before it looks again, and the worker sits idle; a
blocked flock() wakes as soon as the lock is released. bench/page_vs_hello.py measures both.
Other writers (beacons, the rep's pages) are not lined up here: SQLite's own locking still
orders everything, the lock only spares visit inserts the sleep.
"""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from contextlib import nullcontext
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import PoolProxiedConnection

from landing.data.pg_prepared import Prepared

_local = threading.local()


@dataclass
class _Writer:
    pid: int  # a connection must not cross a fork (gunicorn --preload)
    connection: PoolProxiedConnection  # detached from the pool: ours until closed
    lock: IO[bytes] | None
    cursor: Any = None  # the driver's, kept: one per insert cost a round of allocations
    prepared: Prepared | None = None  # PostgreSQL: statements run on libpq itself

    def close(self) -> None:
        if self.pid != os.getpid():
            return  # the parent's: closing it here would disturb the parent
        try:
            self.connection.close()
        finally:
            if self.lock is not None:
                self.lock.close()


def insert(engine: Engine, sql: str, params, returning: bool = False) -> int | None:
    """Run one INSERT (or UPDATE) in its own transaction, committed when this returns; the
    rows it wrote, or with returning (the SQL ends in RETURNING id) the new row's id or None.
    A connection the database dropped (a restart) is replaced and the write tried once more."""
    dbapi = engine.dialect.loaded_dbapi
    for attempt in (1, 2):
        writer = _writer(engine)
        cursor = None
        try:
            with _locked(writer.lock):
                if writer.prepared is not None:
                    return writer.prepared.run(sql, params, returning)
                cursor = writer.cursor
                cursor.execute(sql, params)
                if returning:
                    # All of it: SQLite ends the statement, and its write, only then.
                    rows = cursor.fetchall()
                    return rows[0][0] if rows else None
            return cursor.rowcount
        except dbapi.Error as exc:
            gone = engine.dialect.is_disconnect(exc, writer.connection.dbapi_connection, cursor)
            _drop(engine)  # whatever state a failure left, the next insert starts afresh
            if gone and attempt == 1:
                continue
            raise DBAPIError.instance(
                sql, params, exc, dbapi.Error, connection_invalidated=gone, dialect=engine.dialect
            ) from exc


def _writers() -> weakref.WeakKeyDictionary[Engine, _Writer]:
    if not hasattr(_local, "writers"):
        _local.writers = weakref.WeakKeyDictionary()
    return _local.writers


def held(engine: Engine) -> _Writer:
    """This thread's held connection to engine, made on first use (and after a fork)."""
    return _writer(engine)


def drop(engine: Engine) -> None:
    """Close this thread's held connection: a failure left it in an unknown state."""
    _drop(engine)


def _writer(engine: Engine) -> _Writer:
    writers = _writers()
    writer = writers.get(engine)
    if writer is not None and writer.pid == os.getpid():
        return writer
    connection = engine.raw_connection()  # configured as every connection of the engine is
    connection.detach()
    # Autocommit: the statement is its own transaction, committed (and on PostgreSQL flushed
    # to disk) before the driver returns, in one round trip instead of BEGIN, INSERT and
    # COMMIT. SQLite's connections already run so (landing.data.db leaves BEGIN to SQLAlchemy).
    if engine.dialect.name != "sqlite":
        connection.dbapi_connection.autocommit = True
    writer = _Writer(os.getpid(), connection, _lock_file(engine))
    writer.cursor = connection.dbapi_connection.cursor()
    if engine.dialect.driver == "psycopg":
        writer.prepared = Prepared(connection.dbapi_connection)
    writers[engine] = writer
    if not event.contains(engine, "engine_disposed", _on_dispose):
        event.listen(engine, "engine_disposed", _on_dispose)
    return writer


def _drop(engine: Engine) -> None:
    writer = _writers().pop(engine, None)
    if writer is not None:
        try:
            writer.close()
        except Exception:  # noqa: BLE001, S110  # nosec B110 # a broken connection may fail to close; it is gone either way
            pass


def _on_dispose(engine: Engine) -> None:
    _drop(engine)


def _lock_file(engine: Engine) -> IO[bytes] | None:
    """A file beside the SQLite database to flock(), or None (PostgreSQL, a database in
    memory, a folder we may not write in)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    try:
        return open(  # noqa: SIM115  (held open for the life of the writer)
            f"{database}-visits.lock", "ab", opener=lambda path, flags: os.open(path, flags, 0o600)
        )
    except OSError:
        return None


def _locked(lock: IO[bytes] | None):
    return _FileLock(lock) if lock is not None else nullcontext()


class _FileLock:
    def __init__(self, lock: IO[bytes]):
        self.fd = lock.fileno()

    def __enter__(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *_exc) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)
