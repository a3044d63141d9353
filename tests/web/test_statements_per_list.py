"""Every list and bulk path runs as many SQL statements for 50 prospects as for 5: nothing
asks the database once per row (issue 22). Each path is run once to warm its caches, then
counted at 5 rows and at 50 rows, with a visit and a voicemail on every prospect so that
what hangs on a prospect is read too."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import event, insert
from sqlmodel import select

from landing.core import clock
from landing.data.db import get_engine, get_session
from landing.data.models import Prospect, Visit, Voicemail
from landing.pages.visits import ENGAGED
from landing.prospects import csv_import
from landing.urls import distinct, heard_index
from tests.conftest import csrf_token
from tests.web.test_api import Api, token_for

SMALL, LARGE = 5, 50
FIRSTS = "Alice Bruno Chiara Dmitri Esther Farah Gustav Hiroshi Ingrid Joaquin".split()
LASTS = "Okafor Lindqvist Petrov Yamamoto Castellano Brennan Nakashima Abernathy".split()


@pytest.fixture
def statements(app):
    """A function that runs its argument and says how many statements the engine ran."""
    with app.app_context():
        engine = get_engine()

    def counted(action) -> int:
        seen = []

        def note(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", note)
        try:
            action()
        finally:
            event.remove(engine, "before_cursor_execute", note)
        return len(seen)

    return counted


def _fill(app, rep, upto: int, *, days_ago: int = 0) -> None:
    """rep's prospects up to `upto`, each with an engaged visit and a voicemail, indexed for
    heard URLs as the app indexes them."""
    with app.app_context():
        session = get_session()
        have = len(session.exec(select(Prospect.id).where(Prospect.rep_id == rep.id)).all())
        now, start = clock.utcnow(), have
        rows = [
            {"rep_id": rep.id, "first_name": f"Person{i}", "last_name": f"Number{i}",
             "company": f"Firm {i % 7}", "email": f"p{i}.{rep.id}@example.com",
             "slug": f"Person{i}-Number{i}-{rep.id}", "slug_key": f"person{i}number{i}{rep.id}",
             "first_key": f"person{i}", "last_key": f"number{i}",
             "next_call_on": clock.today(), "created_at": now}
            for i in range(start, upto)
        ]  # fmt: skip
        session.execute(insert(Prospect.__table__), rows)
        ids = dict(
            session.exec(select(Prospect.slug, Prospect.id).where(Prospect.rep_id == rep.id)).all()
        )
        conn = session.connection()
        at = now - timedelta(days=days_ago, minutes=5)
        for row in rows:
            pid = ids[row["slug"]]
            conn.execute(
                insert(heard_index.HeardKey.__table__),
                heard_index.rows_of(pid, row["slug"], row["first_name"], row["last_name"]),
            )
            conn.execute(
                insert(Visit.__table__).values(
                    prospect_id=pid, at=at, classification=ENGAGED, engaged_at=at
                )
            )
            conn.execute(
                insert(Voicemail.__table__).values(
                    prospect_id=pid, rep_id=rep.id, attempt=1, goal="callback",
                    template_key="builtin:callback:1", at=at,
                )
            )  # fmt: skip
        session.commit()


def _same_at_5_and_50(app, rep, statements, action, **fill) -> tuple[int, int]:
    _fill(app, rep, SMALL, **fill)
    action()  # warm: settings, templates, the session
    few = statements(action)
    _fill(app, rep, LARGE, **fill)
    many = statements(action)
    assert many == few, f"{few} statements for {SMALL} prospects, {many} for {LARGE}"
    return few, many


def _ok(response) -> None:
    assert response.status_code in (200, 302), response.status_code


@pytest.mark.parametrize(
    "path", ["/app/", "/app/prospects", "/app/export.csv"], ids=["call-next", "list", "export"]
)
def test_the_reps_lists_run_the_same_statements_for_50_prospects_as_for_5(
    app, client, auth, make_rep, statements, path
):
    rep = make_rep()
    auth.login()

    def show():
        response = client.get(path)
        _ok(response)
        response.get_data()

    _same_at_5_and_50(app, rep, statements, show)
    assert "Person49" in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/prospects?limit=100", "/calls"], ids=["prospects", "calls"])
def test_the_apis_lists_run_the_same_statements_for_50_prospects_as_for_5(
    app, client, make_rep, statements, path
):
    rep = make_rep()
    api = Api(client, token_for(app, rep))

    def call():
        assert api.get(path).status_code == 200

    _same_at_5_and_50(app, rep, statements, call)


@pytest.mark.parametrize("alike", [False, True], ids=["distinct-names", "look-alike-names"])
def test_an_import_preview_runs_the_same_statements_for_50_rows_as_for_5(
    app, client, auth, make_rep, statements, alike, monkeypatch
):
    # Probes go to the database 20,000 to a query (distinct.BATCH) and keys 500 (CHUNK):
    # look-alike rows bring 28 more candidates each, so batches are made to hold them all
    # (what must not grow is the statements per row, not per 20,000 probes).
    monkeypatch.setattr(distinct, "BATCH", 1_000_000)
    monkeypatch.setattr(csv_import, "CHUNK", 10_000)
    make_rep()
    auth.login()
    token = csrf_token(client, "/app/import")

    def preview(rows: int):
        # Look-alike rows (Alex1 and Alex2 Quintero, one letter apart) each need a URL
        # further down their list of candidates: those are looked up together too.
        people = [(first, last) for last in LASTS for first in FIRSTS][:rows]
        if alike:
            people = [(f"Alex{i}", f"Quintero{i}") for i in range(rows)]
        lines = ["First Name,Last Name,Company,Email"] + [
            f"{first},{last},Firm,{first}.{last}@example.com" for first, last in people
        ]
        data = {"file": (io.BytesIO("\n".join(lines).encode()), "list.csv"), "csrf_token": token}
        response = client.post("/app/import", data=data, content_type="multipart/form-data")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    preview(SMALL)
    few = statements(lambda: preview(SMALL))
    many = statements(lambda: preview(LARGE))
    assert many == few, f"{few} statements for {SMALL} rows, {many} for {LARGE}"
    assert ("Alex49-Quintero49" if alike else "Joaquin-Castellano") in preview(LARGE)


def test_purge_runs_the_same_statements_for_50_old_visits_as_for_5(
    app, runner, make_rep, statements
):
    rep = make_rep()

    def purge():
        result = runner.invoke(args=["purge", "--json"])
        assert result.exit_code == 0, result.output
        said.append(result.output)

    said: list[str] = []
    _fill(app, rep, SMALL, days_ago=400)
    purge()  # warm; deletes those visits
    _fill(app, rep, 2 * SMALL, days_ago=400)  # 5 more prospects with an old visit each
    few = statements(purge)
    _fill(app, rep, 2 * SMALL + LARGE, days_ago=400)  # 50 more
    many = statements(purge)
    assert many == few, f"{few} statements for {SMALL} old visits, {many} for {LARGE}"
    assert '"visits": 50' in said[-1], said[-1]


def test_reassigning_a_reps_list_runs_the_same_statements_for_50_as_for_5(
    app, client, auth, make_rep, statements
):
    make_rep(admin=True)
    lee, kim = make_rep(email="lee@acme.com", name="Lee Park"), make_rep(email="kim@acme.com")
    auth.login()
    token = csrf_token(client, "/app/team")
    moves = iter([(lee, kim), (kim, lee), (lee, kim)])

    def reassign():
        source, target = next(moves)
        url = f"/app/team/{source.id}/reassign"
        _ok(client.post(url, data={"to": target.id, "csrf_token": token}))

    _same_at_5_and_50(app, lee, statements, reassign)
