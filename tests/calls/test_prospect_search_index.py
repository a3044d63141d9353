"""The prospect search reads through its index on both databases, never every prospect:
the statements the list really sends for a search, explained by each database."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, insert, select, text

from landing.calls import prospect_list, ranking
from landing.data import prospect_search
from landing.data.db import get_engine, get_session
from landing.data.models import Prospect

FILLERS = 3000
# PostgreSQL reads a few thousand rows whole (rightly: it is cheaper), so its list is made
# as long as a rep's can be before the planner is asked.
PG_FILLERS = 30_000


@pytest.fixture
def crowd(app, make_rep, make_prospect):
    """Dana's list: two people to find among thousands who are not them."""
    dana = make_rep()
    make_prospect(dana, "Katherine", "Vandenberg", company="Globex", email="kv@globex.com")
    make_prospect(dana, "Rob", "Mason", company="Acme Logistics")
    with app.app_context(), get_engine().begin() as conn:
        if conn.dialect.name == "postgresql":
            # Copies of Rob under other names, made by the server; names from the model only.
            made = {"first_name": "'Filler' || n", "last_name": "'Person'",
                    "company": "'Company ' || (n % 97)", "email": "'f' || n || '@example.com'",
                    "slug": "'Filler' || n", "slug_key": "'filler' || n"}  # fmt: skip
            columns = [c.name for c in Prospect.__table__.c if c.name != "id"]
            values = [made.get(c, c) for c in columns]
            conn.execute(text(
                f"INSERT INTO prospect ({', '.join(columns)}) SELECT {', '.join(values)} "  # noqa: S608
                f"FROM prospect, generate_series(1, {PG_FILLERS}) AS n WHERE slug = 'Rob-Mason'"
            ))  # fmt: skip
            conn.execute(text("ANALYZE prospect"))
            return dana
        now = datetime(2026, 11, 20, tzinfo=UTC)
        rows = [
            {"rep_id": dana.id, "first_name": f"Filler{n}", "last_name": "Person",
             "company": f"Company {n % 97}", "email": f"f{n}@example.com", "slug": f"Filler{n}",
             "slug_key": f"filler{n}", "next_call_on": date(2026, 11, 21), "created_at": now}
            for n in range(FILLERS)
        ]  # fmt: skip
        conn.execute(insert(Prospect.__table__), rows)
    return dana


def sent_for(app, rep, search: str) -> tuple[list[str], list[tuple[str, object]]]:
    """The names the list shows for a search, and the statements it sent on prospect."""
    sent = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if "FROM prospect" in statement and re.search("MATCH|ILIKE", statement):
            sent.append((statement, parameters))

    with app.app_context():
        engine = get_engine()
        event.listen(engine, "before_cursor_execute", keep)
        try:
            query = prospect_list.checked(search=search)
            page = prospect_list.list_page(get_session(), rep.id, query, ranking.Weights())
        finally:
            event.remove(engine, "before_cursor_execute", keep)
    return [row.prospect.full_name for row in page.rows], sent


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("search", "names"),
    [("globex", ["Katherine Vandenberg"]), ("Vandenberg kv@glob", ["Katherine Vandenberg"]),
     ("Acme Logi", ["Rob Mason"])],
)  # fmt: skip
def test_search_reads_the_trigram_table_not_every_prospect_on_sqlite(app, crowd, search, names):
    found, sent = sent_for(app, crowd, search)
    assert found == names
    assert len(sent) == 2  # the count and the page
    with app.app_context(), get_engine().connect() as conn:
        for statement, parameters in sent:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            details = " | ".join(row[-1] for row in plan)
            # The FTS5 table asked through its MATCH ("M" in its plan: a trigram lookup, not
            # a read of every row), then each prospect it names looked up by its id.
            assert re.search(r"SCAN prospect_search VIRTUAL TABLE INDEX \d+:M", details), details
            assert not re.search(r"SCAN prospect( |$)", details), details
            assert re.search(r"SEARCH prospect USING .*rowid=\?", details), details


@pytest.mark.postgresql_only
def test_search_reads_the_trigram_index_not_every_prospect_on_postgresql(app, crowd):
    sent = []
    for search, names in (("globex", ["Katherine Vandenberg"]),
                          ("Vandenberg kv@glob", ["Katherine Vandenberg"])):  # fmt: skip
        found, statements = sent_for(app, crowd, search)
        assert found == names
        assert len(statements) == 2  # the count and the page
        sent += statements
    with app.app_context(), get_engine().connect() as conn:
        for statement, parameters in sent:
            plan = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
            steps = " | ".join(line.split("  (cost")[0].strip() for line in plan)
            assert "Seq Scan on prospect" not in steps, steps
            # GIN indexes are read as a bitmap; the planner may add the id list of a near
            # name (BitmapOr) or the rep's index (BitmapAnd), but the words come from it.
            assert "Bitmap Index Scan on ix_prospect_search" in steps, steps


def test_the_index_follows_every_write(app, make_rep, make_prospect):
    """Renamed, moved to another company, deleted: the search finds what is there now."""
    dana = make_rep()
    rob = make_prospect(dana, "Rob", "Mason", company="Acme Logistics")
    with app.app_context():
        session = get_session()
        found = session.get(Prospect, rob.id)
        found.company = "Globex"
        session.add(found)
        session.commit()
        dialect = session.get_bind().dialect.name

        def ids(word: str) -> list[int]:
            condition = prospect_search.containing(dialect, [word])
            return list(session.scalars(select(Prospect.id).where(condition)))

        assert ids("globex") == [rob.id] and ids("acme") == []
        session.delete(found)
        session.commit()
        assert ids("globex") == []
