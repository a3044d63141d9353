"""One SELECT of one row on the connection each worker thread holds (landing.data.visit_writer),
compiled once per statement and database: a prospect's first visit reads its page this way.

Why: for a statement this small, SQLAlchemy's per-execution work (checking a connection out
of the pool, a transaction, an execution context, result objects) cost several times what
the database did; first visits are nearly all of a team's real traffic. The statement is
still written with SQLAlchemy, and its values come back converted as SQLAlchemy converts
them (dates on SQLite)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, Select
from sqlalchemy.exc import DBAPIError

from landing.data import visit_writer


@dataclass(frozen=True)
class _Compiled:
    sql: str
    order: tuple[str, ...] | None  # parameter order; None: the driver takes names
    fixed: dict  # the statement's own values (a LIMIT), by name
    processors: tuple  # per column: SQLAlchemy's conversion of the driver's value, or None


@lru_cache(maxsize=16)
def _compiled(dialect: Dialect, statement: Select) -> _Compiled:
    done = statement.compile(dialect=dialect)
    processors = tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    )
    fixed = {name: bind.value for name, bind in done.binds.items() if bind.value is not None}
    return _Compiled(done.string, done.positiontup, fixed, processors)


def first_row(engine: Any, statement: Select, params: dict) -> tuple | None:
    """The first row statement gives with params, in its own autocommitted read; None when
    there is none. Driver errors come back as SQLAlchemy's DBAPIError, the connection
    replaced."""
    compiled = _compiled(engine.dialect, statement)
    params = {**compiled.fixed, **params}
    values = [params[name] for name in compiled.order] if compiled.order else params
    writer = visit_writer.held(engine)
    try:
        cursor = writer.cursor
        cursor.execute(compiled.sql, values)
        row = cursor.fetchone()
        if row is not None:
            cursor.fetchall()  # SQLite ends the statement, and its read, only then
    except engine.dialect.loaded_dbapi.Error as exc:
        visit_writer.drop(engine)
        raise DBAPIError.instance(
            compiled.sql, values, exc, engine.dialect.loaded_dbapi.Error, dialect=engine.dialect
        ) from exc
    if row is None:
        return None
    return tuple(
        value if process is None or value is None else process(value)
        for value, process in zip(row, compiled.processors, strict=True)
    )
