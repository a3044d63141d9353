"""Schema migrations (Alembic, in landing/data/migrations): bring any released schema to this one.

`landing db upgrade` (and `landing init`, and the Procfile's release step) call upgrade().
A database from before migrations existed has no alembic_version table: it is recognised
by its tables and stamped with the revision it matches before upgrading."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from landing.data import prospect_search

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def head() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def is_current(engine: Engine) -> bool:
    with engine.connect() as conn:
        return current(conn) == head()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate to revision; (the revision before, the revision after)."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite migrations copy tables; foreign keys must be off while they do, and
            # the pragma only takes effect outside a transaction.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        before = current(conn) or _unversioned(conn)
        config = _config(conn)
        if before and current(conn) is None:
            command.stamp(config, before)
        command.upgrade(config, revision)
        after = current(conn)
        conn.commit()
        if sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            conn.rollback()
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"foreign keys broken after the upgrade: {broken[:5]}")
    return before, after


def _unversioned(conn: Connection) -> str | None:
    """The revision a database made before migrations matches; None for an empty one."""
    tables = set(inspect(conn).get_table_names())
    if "prospect" not in tables:
        return None
    # Made by create_all (a development database): matched by what each revision added.
    # Otherwise it is the first released schema, the core loop's.
    if "heardkey" not in tables:
        return FIRST
    if prospect_search.present(conn):
        return "0022"
    if "video_max_seconds" in {column["name"] for column in inspect(conn).get_columns("company")}:
        return "0021"
    if "draft" in {column["name"] for column in inspect(conn).get_columns("scripttemplate")}:
        return "0020"
    if "default_video_id" in {column["name"] for column in inspect(conn).get_columns("company")}:
        return "0019"
    if "exportjob" in tables:
        return "0018"
    if "ix_visit_engaged_at" in {index["name"] for index in inspect(conn).get_indexes("visit")}:
        return "0017"
    if "websitepath" in tables:
        return "0016"
    if "phone_order" in {column["name"] for column in inspect(conn).get_columns("company")}:
        return "0015"
    if "video" in tables:
        return "0014"
    if "video_poster" in {column["name"] for column in inspect(conn).get_columns("company")}:
        return "0013"
    if "language" in {column["name"] for column in inspect(conn).get_columns("scripttemplate")}:
        return "0012"
    if "storedimage" in tables:
        return "0011"
    if "heard_recent_days" in {column["name"] for column in inspect(conn).get_columns("company")}:
        return "0010"
    if "website_url" in {column["name"] for column in inspect(conn).get_columns("company")}:
        return "0009"
    if "title" in {column["name"] for column in inspect(conn).get_columns("rep")}:
        return "0008"
    if "language" in {column["name"] for column in inspect(conn).get_columns("prospect")}:
        return "0007"
    if "repeats" in {column["name"] for column in inspect(conn).get_columns("visit")}:
        return "0006"
    if "apitoken" in tables:
        return "0005"
    if "repsession" in tables:
        return "0004"
    indexes = {index["name"] for index in inspect(conn).get_indexes("visit")}
    return "0003" if "ix_visit_engaged" in indexes else "0002"
