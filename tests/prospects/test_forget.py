"""Deleting a prospect, and forgetting one: no row about them is left, and a forgotten
prospect's slug goes to no one else within the retention window."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import SQLModel, func, select, update

from landing.core import validate
from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import MissedVisit, Notice, OutboxMessage, Prospect, RetiredSlug
from landing.prospects import service as prospects
from tests.conftest import BROWSER_UA, engage


def everything_about(app, rob, ann, client, prospect_client, runner):
    """Visits, beacons, notices with their emails, a voicemail, a call and misses for Rob;
    a visit for Ann, who must keep hers."""
    app.config["SMTP_HOST"] = "localhost"  # so notices get an email in the outbox
    engage(prospect_client, "/Rob-Mason")
    engage(prospect_client, "/Rob-Mason", kind="scroll")
    prospect_client.get("/Ann-Lee")
    client.get("/Rob-Mason", headers={"User-Agent": "facebookexternalhit/1.1"})
    assert runner.invoke(["voicemail", "log", "Rob-Mason"]).exit_code == 0
    assert runner.invoke(["outcome", "Rob-Mason", "no_answer"]).exit_code == 0
    prospect_client.get("/Rob-Maxsen")  # near Rob, whose voicemail just went out
    client.get("/Rob-Mason-Acme", headers={"User-Agent": "Googlebot/2.1"})  # names him
    prospect_client.get("/Zed-Quinn")  # nobody's
    rows = rows_about(app, rob)
    assert all(rows.values()), rows  # every kind is there to delete


def rows_about(app, prospect) -> dict[str, int]:
    """Rows of every table that refers to the prospect, and the deliveries of its notices."""
    with app.app_context():
        session = get_session()
        counts = {
            table.name: session.exec(
                select(func.count()).select_from(table).where(table.c.prospect_id == prospect.id)
            ).one()
            for table in SQLModel.metadata.sorted_tables
            if "prospect_id" in table.c
        }
        counts["prospect"] = int(session.get(Prospect, prospect.id) is not None)
        counts["outboxmessage"] = session.exec(
            select(func.count())
            .select_from(OutboxMessage)
            .join(Notice, Notice.id == OutboxMessage.notice_id)
            .where(Notice.prospect_id == prospect.id)
        ).one()
        return counts


def misses(app) -> list[str]:
    with app.app_context():
        return list(get_session().exec(select(MissedVisit.path).order_by(MissedVisit.id)))


def test_delete_removes_every_row_about_the_prospect(
    app, make_rep, make_prospect, client, prospect_client, runner
):
    rep = make_rep()
    rob, ann = make_prospect(rep), make_prospect(rep, "Ann", "Lee")
    everything_about(app, rob, ann, client, prospect_client, runner)
    ann_before = rows_about(app, ann)

    result = runner.invoke(["prospect", "delete", "Rob-Mason"])

    assert result.exit_code == 0, result.output
    assert result.output == (
        "Deleted Rob Mason (/Rob-Mason): 1 outbox, 1 notices, 3 engagement, 3 visits, "
        "1 voicemails, 1 call outcomes, 1 misses.\n"
    )
    assert set(rows_about(app, rob).values()) == {0}
    assert rows_about(app, ann) == ann_before
    # The misses stay, credited to no one: they are the typist's, not only Rob's.
    assert misses(app) == ["Rob-Maxsen", "Rob-Mason-Acme", "Zed-Quinn"]
    # The command is another process: web workers' caches let go within PAGE_CACHE_SECONDS.
    app.extensions["landing.web.page_cache"].clear()
    assert prospect_client.get("/Rob-Mason").status_code == 404
    # Deleted, not forgotten: the slug is free again.
    assert make_prospect(rep).slug == "Rob-Mason"


def test_forget_also_removes_misses_and_retires_the_slug(
    app, make_rep, make_prospect, client, prospect_client, runner
):
    rep = make_rep()
    rob, ann = make_prospect(rep), make_prospect(rep, "Ann", "Lee")
    everything_about(app, rob, ann, client, prospect_client, runner)
    ann_before = rows_about(app, ann)

    result = runner.invoke(["prospect", "forget", "Rob-Mason", "--json"])

    assert result.exit_code == 0, result.output
    assert '"misses": 2' in result.output
    assert set(rows_about(app, rob).values()) == {0}
    assert rows_about(app, ann) == ann_before
    assert misses(app) == ["Zed-Quinn"]

    another = make_prospect(rep)  # another Rob Mason, within the window
    assert another.slug != "Rob-Mason"
    with app.app_context():
        session = get_session()
        mine = session.get(Prospect, ann.id)
        try:
            prospects.change_slug(session, mine, "Rob-Mason")
        except validate.InputError as exc:
            assert "taken" in exc.errors["slug"]
        else:
            raise AssertionError("a retired slug was given to someone else")
        # The window passes.
        session.exec(update(RetiredSlug).values(until=utcnow() - timedelta(seconds=1)))
        session.commit()
    assert make_prospect(rep).slug == "Rob-Mason"


def test_forget_keeps_the_slug_for_the_retention_window(app, make_rep, make_prospect, runner):
    app.config["VISIT_RETENTION_DAYS"] = 30
    make_prospect(make_rep())
    output = runner.invoke(["prospect", "forget", "Rob-Mason"]).output
    assert "/Rob-Mason will not be given to anyone else for 30 days." in output
    with app.app_context():
        (retired,) = get_session().exec(select(RetiredSlug)).all()
    assert retired.slug_key == "robmason"
    assert abs(retired.until - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)


def test_unknown_slug_is_an_error(app, runner):
    for command in ("delete", "forget"):
        result = runner.invoke(["prospect", command, "Nobody-Here"])
        assert result.exit_code == 1
        assert "no prospect with slug Nobody-Here" in result.output


def test_rep_deletes_after_confirming(app, make_rep, make_prospect, auth, client, prospect_client):
    rob = make_prospect(make_rep())
    prospect_client.get("/Rob-Mason")
    prospect_client.get("/Rob-Mason")  # the fast path has the page now
    auth.login()
    page = f"/app/prospects/{rob.id}"

    asked = auth.post(f"{page}/delete", {}, form_page=page)
    assert asked.status_code == 302 and asked.location.endswith(f"{page}?delete=1")
    confirm = client.get(asked.location).get_data(as_text=True)
    assert 'id="confirm-delete"' in confirm and "cannot be undone" in confirm
    assert rows_about(app, rob)["prospect"] == 1

    done = auth.post(f"{page}/delete", {"confirm": "yes"}, form_page=page)
    assert done.status_code == 302 and done.location.endswith("/app/prospects")
    assert "Rob Mason is deleted" in client.get(done.location).get_data(as_text=True)
    assert set(rows_about(app, rob).values()) == {0}
    assert client.get(page).status_code == 404
    assert prospect_client.get("/Rob-Mason").status_code == 404  # not from a cache


def test_rep_forgets_from_the_prospects_page(app, make_rep, make_prospect, auth, client):
    rob = make_prospect(make_rep())
    auth.login()
    page = f"/app/prospects/{rob.id}"
    response = auth.post(f"{page}/delete", {"confirm": "yes", "forget": "1"}, form_page=page)
    assert response.status_code == 302
    with app.app_context():
        assert get_session().get(RetiredSlug, "robmason") is not None


def test_another_reps_prospect_cannot_be_deleted(app, make_rep, make_prospect, auth):
    theirs = make_prospect(make_rep(email="lee@acme.com", name="Lee Park"))
    make_rep()
    auth.login()
    response = auth.post(f"/app/prospects/{theirs.id}/delete", {"confirm": "yes"})
    assert response.status_code == 404
    assert rows_about(app, theirs)["prospect"] == 1


def test_delete_needs_the_csrf_token(app, make_rep, make_prospect, auth, client):
    rob = make_prospect(make_rep())
    auth.login()
    response = client.post(f"/app/prospects/{rob.id}/delete", data={"confirm": "yes"})
    assert response.status_code == 400
    assert rows_about(app, rob)["prospect"] == 1


def test_the_agent_of_a_visit_is_gone_with_the_prospect(app, make_rep, make_prospect, runner):
    # A bare check that nothing else in the schema holds a copy of what a visit stored.
    make_prospect(make_rep())
    client = app.test_client()
    client.get("/Rob-Mason", headers={"User-Agent": BROWSER_UA})
    runner.invoke(["prospect", "forget", "Rob-Mason"])
    with app.app_context():
        session = get_session()
        for table in SQLModel.metadata.sorted_tables:
            if "user_agent" in table.c:
                rows = session.exec(select(func.count()).select_from(table)).one()
                assert rows == 0, table.name


def test_a_forgotten_persons_url_leads_to_no_one_else(
    app, make_rep, make_prospect, runner, prospect_client
):
    dana = make_rep()
    make_prospect(dana)
    assert runner.invoke(["prospect", "forget", "Rob-Mason"]).exit_code == 0
    make_prospect(dana)  # another Rob Mason, a week later
    assert prospect_client.get("/Rob-Mason-2").status_code == 200
    # The first Rob's voicemail said /Rob-Mason: it, and its typos, reach no one.
    for heard in ("/Rob-Mason", "/rob-mason", "/Rob-Masen", "/Robmason"):
        assert prospect_client.get(heard).status_code == 404, heard
    with app.app_context():
        session = get_session()
        session.exec(update(RetiredSlug).values(until=utcnow() - timedelta(seconds=1)))
        session.commit()
    app.extensions["landing.web.page_cache"].clear()
    # After the window, the URL is an ordinary near match of the one Rob Mason there is.
    response = prospect_client.get("/Rob-Mason")
    assert (response.status_code, response.headers["Location"]) == (302, "/Rob-Mason-2")
