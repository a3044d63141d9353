"""The index behind the prospect search: the trigrams (three-letter pieces) of each
prospect's name, company, email and URL, so that finding "acme" among 100,000 prospects
reads the few rows that hold it, and a word is still found in the middle of a name
("mason" in "Rob Mason", "globex" in "sam@globex.com").

Trigrams rather than a table of word prefixes: the search keeps its meaning (a field
*contains* each word), both databases ship them, and nothing in Python has to keep them in
step. PostgreSQL: pg_trgm, part of Debian's postgresql package and a trusted extension
since PostgreSQL 13 (the database's owner may add it); a GIN index on the searched text,
which `ILIKE '%acme%'` uses as it is. SQLite: an FTS5 table with the trigram tokenizer
(SQLite 3.34 and later), filled by triggers on every write, bulk ones included. A word
under three letters has no trigram: the caller matches it by LIKE among the rows the other
words leave. Typos are the heard-URL index's (landing.urls.heard_index), not this one's."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, column, literal_column, select, table
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

TABLE = "prospect_search"  # SQLite's FTS5 table; its rowid is the prospect's id
INDEX = "ix_prospect_search"  # PostgreSQL's GIN index
TRIGGERS = ("prospect_search_insert", "prospect_search_update", "prospect_search_delete")
SHORTEST = 3  # letters in a trigram: shorter words cannot use the index
FIELDS = ("first_name", "last_name", "company", "email", "slug")
# One text of the fields, spaced so that no typed word (words have no spaces) runs from one
# field into the next. PostgreSQL uses the index only for this very expression.
SEARCHED = " || ' ' || ".join(f"prospect.{name}" for name in FIELDS)
_OWN = " || ' ' || ".join(FIELDS)  # the same, as an index on prospect names it
_NEW = " || ' ' || ".join(f"new.{name}" for name in FIELDS)

# Our own table and column names throughout, never input: nothing to inject.
_SQLITE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, tokenize = 'trigram')",
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON prospect BEGIN "  # noqa: S608  # nosec B608
    f"INSERT INTO {TABLE} (rowid, body) VALUES (new.id, {_NEW}); END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER UPDATE OF {', '.join(FIELDS)} ON prospect BEGIN "  # noqa: S608  # nosec B608
    f"UPDATE {TABLE} SET body = {_NEW} WHERE rowid = old.id; END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER DELETE ON prospect BEGIN "  # noqa: S608  # nosec B608
    f"DELETE FROM {TABLE} WHERE rowid = old.id; END",
    f"INSERT INTO {TABLE} (rowid, body) SELECT id, {_OWN} FROM prospect",  # noqa: S608  # nosec B608
)
_POSTGRESQL = f"CREATE INDEX {INDEX} ON prospect USING gin (({_OWN}) gin_trgm_ops)"

_fts = table(TABLE, column("rowid"), column(TABLE))


def create(conn: Connection) -> bool:
    """Make the index for the prospects there are (anew: a stale one is dropped first);
    False when PostgreSQL has no pg_trgm to offer, and the search reads the rep's rows."""
    drop(conn)
    if conn.dialect.name == "sqlite":
        for statement in _SQLITE:
            conn.exec_driver_sql(statement)
        return True
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as exc:
        log.warning("prospect search without an index: pg_trgm unavailable (%s)", exc.orig)
        return False
    conn.exec_driver_sql(_POSTGRESQL)
    return True


def drop(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
    else:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {INDEX}")


def present(conn: Connection) -> bool:
    """Whether this database has the index (a development database made by create_all)."""
    if conn.dialect.name == "sqlite":
        found = "SELECT 1 FROM sqlite_master WHERE name = ?"
        return conn.exec_driver_sql(found, (TABLE,)).first() is not None
    found = "SELECT 1 FROM pg_indexes WHERE indexname = %(name)s"
    return conn.exec_driver_sql(found, {"name": INDEX}).first() is not None


def containing(dialect: str, words: list[str]):
    """A condition on prospect: its text contains every word (any case), through the index
    for the words of three letters or more; None when no word is that long."""
    long = [w for w in words if len(w) >= SHORTEST]
    if not long:
        return None
    if dialect == "sqlite":
        # Each word a quoted phrase: for the trigram tokenizer, "a substring of the text".
        phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in long)
        found = select(_fts.c.rowid).where(_fts.c[TABLE].op("MATCH")(phrases))
        return literal_column("prospect.id").in_(found)
    searched = literal_column(f"({SEARCHED})")
    patterns = [f"%{_escaped(word)}%" for word in long]
    condition = searched.ilike(patterns[0], escape="\\")
    for pattern in patterns[1:]:
        condition = condition & searched.ilike(pattern, escape="\\")
    return condition


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
