"""Backups: a consistent copy of the SQLite database while the app runs, and restoring one
into an empty instance. PostgreSQL has its own tools (pg_dump, pg_restore)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from landing.data import migrate, private_files

PG_GUIDANCE = (
    "This instance uses PostgreSQL: back it up with its own tools, e.g.\n"
    '  pg_dump --format=custom --file=landing.dump "$LANDING_DATABASE_URL"\n'
    "and restore into an empty database with\n"
    '  pg_restore --no-owner --dbname="$LANDING_DATABASE_URL" landing.dump'
)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the user."""


def _sqlite_file(engine: Engine) -> Path:
    if engine.dialect.name != "sqlite":
        raise BackupError(PG_GUIDANCE)
    return Path(engine.url.database)


def backup(engine: Engine, target: Path) -> int:
    """Copy the live database to target with SQLite's online backup; the pages copied.

    Writers may go on meanwhile: the copy is of one consistent moment."""
    source_path = _sqlite_file(engine)
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file (nothing was overwritten).")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder.")
    private_files.create(target)  # a copy of every rep's and prospect's data
    with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        return copy.execute("PRAGMA page_count").fetchone()[0]


def restore(engine: Engine, source: Path) -> tuple[str | None, str]:
    """Load a backup into this instance, which must be empty; then bring its schema up to
    date. (the backup's revision, the revision now)."""
    target_path = _sqlite_file(engine)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_db:
            status = backup_db.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a SQLite database: {exc}") from None
    if status != "ok" or "prospect" not in tables:
        raise BackupError(f"{source} is not a landing backup (or it is damaged).")
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        if "prospect" in present:
            rows = conn.execute(text("SELECT (SELECT count(*) FROM prospect) + "
                                     "(SELECT count(*) FROM rep)")).scalar()  # fmt: skip
            if rows:
                raise BackupError(
                    "This instance already has data; restore only into an empty one "
                    "(move its database away first). Nothing was changed."
                )
    engine.dispose()
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_db:
        with closing(sqlite3.connect(target_path)) as live:
            backup_db.backup(live)
    with engine.connect() as conn:
        before = migrate.current(conn) or migrate._unversioned(conn)
    return before, migrate.upgrade(engine)[1]
