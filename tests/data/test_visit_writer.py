"""The connection each worker holds for visit inserts: replaced when the database drops it,
closed with its engine, and on SQLite lined up with other workers by a private lock file."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from landing.data import visit_writer
from landing.data.db import get_engine
from landing.data.models import Visit
from landing.pages.visits import Hit, new_token, record_visit
from tests.conftest import BROWSER_UA

HIT = Hit(method="GET", user_agent=BROWSER_UA, ip="203.0.113.9", referrer="", visitor_id="v1")


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Visit)).scalar_one()


def held(engine):
    return visit_writer._writers()[engine].connection.dbapi_connection


def test_a_connection_the_database_dropped_is_replaced_without_losing_the_visit(
    app, make_rep, make_prospect
):
    prospect = make_prospect(make_rep())
    with app.app_context():
        engine = get_engine()
        record_visit(engine, prospect.id, HIT, token=new_token())
        first = held(engine)
        first.close()  # as a restarted server leaves it
        record_visit(engine, prospect.id, HIT, token=new_token())
        assert held(engine) is not first
        assert count(engine) == 2


def test_a_refused_insert_raises_and_the_next_one_goes_in(app, make_rep, make_prospect):
    prospect = make_prospect(make_rep())
    with app.app_context():
        engine = get_engine()
        token = new_token()
        record_visit(engine, prospect.id, HIT, token=token)
        with pytest.raises(IntegrityError):
            record_visit(engine, prospect.id, HIT, token=token)  # hit tokens are unique
        record_visit(engine, prospect.id, HIT, token=new_token())
        assert count(engine) == 2


def test_a_hit_on_no_live_prospect_stores_nothing_and_says_so(app, make_rep, make_prospect):
    prospect = make_prospect(make_rep())
    with app.app_context():
        engine = get_engine()
        assert record_visit(engine, prospect.id + 99, HIT, token=new_token()) is None
        assert record_visit(engine, prospect.id, HIT, token=new_token()) == "unconfirmed"
        assert count(engine) == 1


def test_disposing_of_the_engine_closes_the_held_connection(app, make_rep, make_prospect):
    prospect = make_prospect(make_rep())
    with app.app_context():
        engine = get_engine()
        record_visit(engine, prospect.id, HIT, token=new_token())
        connection = held(engine)
        engine.dispose()
        assert engine not in visit_writer._writers()
        with pytest.raises(Exception, match="closed"):
            connection.cursor().execute("SELECT 1")
        record_visit(engine, prospect.id, HIT, token=new_token())  # a new one, when needed
        assert count(engine) == 2


@pytest.mark.sqlite_only
def test_sqlite_writers_share_a_lock_file_only_the_owner_can_read(app, make_rep, make_prospect):
    prospect = make_prospect(make_rep())
    with app.app_context():
        engine = get_engine()
        record_visit(engine, prospect.id, HIT, token=new_token())
        lock = f"{engine.url.database}-visits.lock"
        assert os.path.exists(lock)
        assert stat.S_IMODE(os.stat(lock).st_mode) == 0o600
