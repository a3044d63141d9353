"""CSV import keeps new URLs distinct by ear, from the database and from earlier rows, and
says which row got another URL and why: in the preview, the plan's JSON and the CLI."""

from __future__ import annotations

import json

from landing.data.db import get_session
from landing.prospects import csv_import
from landing.prospects import service as prospects
from tests.prospects.test_csv_import import confirm_token, upload

CSV = (
    "First Name,Last Name,Company\n"
    "Stephen,Singh,Acme\n"  # Steven-Singh is in the database (another rep's)
    "Catherine,Jones,Globex\n"
    "Katherine,Jones,Initech\n"  # sounds like line 3
    "Maria,Lopez,Umbrella\n"
)


def test_preview_and_commit_pick_the_speakable_alternative_and_say_so(
    app, client, auth, make_rep, make_prospect
):
    dana = make_rep()
    make_prospect(
        make_rep(email="lee@acme.com", name="Lee"), first_name="Steven", last_name="Singh"
    )
    auth.login()
    html = upload(client, CSV.encode()).get_data(as_text=True)
    assert "2 names would sound like another prospect's URL" in html
    assert "/Stephen-Singh-Acme" in html
    assert "/Stephen-Singh sounds like another prospect&#39;s page" in html
    assert "Steven" not in html  # another rep's prospect is never named
    assert "/Katherine-Jones sounds like /Catherine-Jones" in html
    assert "/Katherine-Jones-Initech" in html and "/Maria-Lopez<" in html
    token = confirm_token(html)
    auth.post("/app/import/confirm", {"token": token}, form_page="/app/import")
    with app.app_context():
        session = get_session()
        slugs = {p.slug for p in prospects.list_prospects(session, dana.id)}
    assert slugs == {"Stephen-Singh-Acme", "Catherine-Jones", "Katherine-Jones-Initech",
                     "Maria-Lopez"}  # fmt: skip
    assert app.test_client().get("/Katherine-Jones-Initech").status_code == 200


def test_archived_and_retired_slugs_count_in_an_import(app, make_rep, make_prospect):
    dana = make_rep()
    make_prospect(dana, first_name="Steven", last_name="Singh")
    make_prospect(dana, first_name="Jon", last_name="Reid")
    with app.app_context():
        session = get_session()
        prospects.archive(session, prospects.find_by_slug(session, "Steven-Singh"))
        prospects.forget_prospect(session, prospects.find_by_slug(session, "Jon-Reid"), days=30)
        planned = csv_import.plan(
            session, dana, b"First Name,Last Name,Company\nStephen,Singh,Acme\nJohn,Reid,Acme\n"
        )
    assert [r.slug for r in planned.rows] == ["Stephen-Singh-Acme", "John-Reid-Acme"]
    assert "/Steven-Singh (archived)" in planned.rows[0].slug_notice
    assert "a forgotten prospect's former page" in planned.rows[1].slug_notice
    assert planned.as_json()["counts"]["moved"] == 2


def test_cli_import_says_which_urls_moved(app, runner, make_rep, make_prospect, tmp_path):
    dana = make_rep(admin=True)
    make_prospect(dana, first_name="Steven", last_name="Singh")
    path = tmp_path / "list.csv"
    path.write_text("First Name,Last Name,Company\nStephen,Singh,Acme\n")
    text = runner.invoke(["import", str(path), "--dry-run"]).output
    assert "/Stephen-Singh-Acme  (/Stephen-Singh sounds like /Steven-Singh" in text
    data = json.loads(runner.invoke(["import", str(path), "--dry-run", "--json"]).output)
    assert data["rows"][0]["slug"] == "Stephen-Singh-Acme"
    assert data["rows"][0]["slug_notice"].startswith("/Stephen-Singh sounds like /Steven-Singh")


def test_a_thousand_rows_of_the_same_names_stay_distinct(app, make_rep):
    """Many rows of a few names: every URL is distinct by ear from every other."""
    dana = make_rep()
    names = ["Steven,Singh", "Stephen,Singh", "John,Reid", "Jon,Reid", "Sean,Kelly"]
    rows = [f"{names[i % 5]},Co{i}" for i in range(1000)]
    data = ("First Name,Last Name,Company\n" + "\n".join(rows)).encode()
    with app.app_context():
        session = get_session()
        planned = csv_import.plan(session, dana, data)
        assert csv_import.apply(session, dana, planned) == 1000
    slugs = [r.slug for r in planned.rows]
    assert len(set(slugs)) == 1000
    assert slugs[:5] == ["Steven-Singh", "Stephen-Singh-Co1", "John-Reid", "Jon-Reid-Co3",
                         "Sean-Kelly"]  # fmt: skip


def test_look_alike_names_cost_a_few_queries_a_row_not_a_few_per_candidate(app, make_rep):
    """A list of names that each sound like the last (Person1 Number1, Person2 Number2...):
    every row tries many candidates, looked up together (80 queries a row before)."""
    from sqlalchemy import event

    from landing.data.db import get_engine

    rows = 60
    text = "First name,Last name\n" + "".join(f"Person{i},Number{i}\n" for i in range(rows))
    rep = make_rep()
    with app.app_context():
        session = get_session()
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(get_engine(), "before_cursor_execute", listen)
        try:
            planned = csv_import.plan(session, session.merge(rep), text.encode())
        finally:
            event.remove(get_engine(), "before_cursor_execute", listen)
    slugs = [row.slug for row in planned.good]
    assert len(slugs) == rows and len(set(slugs)) == rows
    assert len(statements) < 6 * rows, len(statements)
