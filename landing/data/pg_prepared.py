"""Statements prepared once on a held PostgreSQL connection and run through libpq itself
(psycopg.pq), for the visit write every page hit makes.

Why: psycopg's cursor spent about 40 µs of CPU per INSERT on adapting values and tracking
state that this one autocommitted statement never needs; on a 2-core machine that was a
tenth of a page hit's cost (bench/page_vs_hello.py). Errors come back as psycopg's own
exceptions, so callers handle them as any other driver error."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from psycopg import errors, pq

_PARAM = re.compile(r"%\((\w+)\)s")  # psycopg's named placeholders, as SQLAlchemy writes them
# Parameter types by the Python value first seen (libpq wants them for SELECT lists); text
# for everything else and for None, which the server then reads as the column needs.
_TYPES = {int: 20, datetime: 1114}  # bigint, timestamp without time zone
_OK = (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK)


class Prepared:
    """The statements of one psycopg connection (in autocommit), by their SQL."""

    def __init__(self, connection: Any):
        self.connection = connection
        self.encoding = connection.info.encoding
        self.statements: dict[str, tuple[bytes, tuple[str, ...]]] = {}

    def run(self, sql: str, params: dict, returning: bool = False) -> int | None:
        """Run sql with params; the rows it wrote, or with returning the first row's first
        value (None when no row came back)."""
        name, order = self.statements.get(sql) or self._prepare(sql, params)
        encoding = self.encoding
        values = [
            None
            if (value := params[key]) is None
            else value.isoformat(" ").encode()
            if type(value) is datetime
            else str(value).encode(encoding)
            for key in order
        ]  # fmt: skip  (inline: a call per value cost more than the conversion)
        result = self.connection.pgconn.exec_prepared(name, values)
        self._check(result)
        if returning:
            return int(result.get_value(0, 0)) if result.ntuples else None
        return result.command_tuples

    def _prepare(self, sql: str, params: dict) -> tuple[bytes, tuple[str, ...]]:
        order: list[str] = []

        def numbered(match: re.Match) -> str:
            if match.group(1) not in order:
                order.append(match.group(1))
            return f"${order.index(match.group(1)) + 1}"

        text = _PARAM.sub(numbered, sql)
        name = f"landing_{len(self.statements)}".encode()
        types = [_TYPES.get(type(params[key]), 25) for key in order]
        self._check(self.connection.pgconn.prepare(name, text.encode(self.encoding), types))
        self.statements[sql] = (name, tuple(order))
        return self.statements[sql]

    def _check(self, result: pq.abc.PGresult) -> None:
        if result.status not in _OK:
            raise errors.error_from_result(result, encoding=self.encoding)
