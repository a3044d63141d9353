"""Retention: visits and misses older than VISIT_RETENTION_DAYS go, with what hangs on them;
`landing purge` and the worker's daily run."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import func, select

from landing.core.clock import utcnow
from landing.data import retention
from landing.data.db import get_engine, get_session
from landing.data.models import (
    Attempt,
    Engagement,
    MissedVisit,
    Notice,
    OutboxMessage,
    RetiredSlug,
    Visit,
)
from landing.notify import outbox
from landing.pages.visits import new_token

DAY = timedelta(days=1)


def seed(app, prospect, rep, days_ago: int) -> int:
    """An engaged visit `days_ago`, with its beacon, notice and email; its id."""
    at = utcnow() - days_ago * DAY
    with app.app_context():
        session = get_session()
        visit = Visit(prospect_id=prospect.id, at=at, classification="engaged", token=new_token())
        session.add(visit)
        session.flush()
        session.add(Engagement(visit_id=visit.id, prospect_id=prospect.id, kind="visible", at=at))
        notice = Notice(
            rep_id=rep.id, prospect_id=prospect.id, visit_id=visit.id,
            kind="engaged_visit", text="Rob is on the page", at=at,
        )  # fmt: skip
        session.add(notice)
        session.flush()
        session.add(OutboxMessage(notice_id=notice.id, rep_id=rep.id, channel="email", due_at=at))
        session.add(MissedVisit(at=at, path="Rob-Masen", classification="unconfirmed"))
        session.commit()
        return visit.id


def counts(app) -> dict[str, int]:
    with app.app_context():
        session = get_session()
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Visit, Engagement, Notice, OutboxMessage, MissedVisit)
        }


def test_purge_deletes_old_visits_with_their_rows_and_keeps_recent_ones(
    app, make_rep, make_prospect, runner
):
    rep = make_rep()
    prospect = make_prospect(rep)
    seed(app, prospect, rep, days_ago=200)
    recent = seed(app, prospect, rep, days_ago=10)
    with app.app_context():
        session = get_session()
        session.add(RetiredSlug(slug_key="annlee", until=utcnow() - DAY))
        session.add(RetiredSlug(slug_key="bobday", until=utcnow() + DAY))
        session.add(Attempt(bucket="signin-account:x", at=utcnow() - 2 * DAY))
        session.add(Attempt(bucket="signin-account:x", at=utcnow()))
        session.commit()

    result = runner.invoke(["purge"])

    assert result.exit_code == 0, result.output
    assert "1 visits, 1 engagement, 1 notices, 1 outbox, 1 misses" in result.output
    assert "1 retired slugs, 1 attempts" in result.output
    assert counts(app) == dict.fromkeys(counts(app), 1)
    with app.app_context():
        session = get_session()
        assert session.exec(select(Visit.id)).all() == [recent]
        assert session.exec(select(RetiredSlug.slug_key)).all() == ["bobday"]
        assert len(session.exec(select(Attempt)).all()) == 1


def test_dry_run_counts_and_deletes_nothing(app, make_rep, make_prospect, runner):
    rep = make_rep()
    seed(app, make_prospect(rep), rep, days_ago=200)
    before = counts(app)
    result = runner.invoke(["purge", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert '"visits": 1' in result.output and '"outbox": 1' in result.output
    assert counts(app) == before


def test_the_window_is_a_setting(app, make_rep, make_prospect, runner):
    rep = make_rep()
    seed(app, make_prospect(rep), rep, days_ago=40)
    assert runner.invoke(["purge"]).exit_code == 0
    assert counts(app)["Visit"] == 1  # 180 days by default
    app.config["VISIT_RETENTION_DAYS"] = 30
    assert "Deleted (older than 30 days): 1 visits" in runner.invoke(["purge"]).output
    assert counts(app)["Visit"] == 0


def test_a_notice_not_about_a_visit_goes_when_old(app, make_rep):
    rep = make_rep()
    with app.app_context():
        session = get_session()
        for days in (200, 1):
            notice = Notice(
                rep_id=rep.id, kind="webhook_disabled", text="off", at=utcnow() - days * DAY
            )
            session.add(notice)
            session.flush()
            session.add(OutboxMessage(notice_id=notice.id, rep_id=rep.id, channel="email"))
        session.commit()
        deleted = retention.purge(session, utcnow(), 180)
    assert (deleted["notices"], deleted["outbox"]) == (1, 1)
    assert counts(app)["Notice"] == 1


def test_purge_works_in_batches(app, make_rep, make_prospect, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    rep = make_rep()
    prospect = make_prospect(rep)
    for days in (300, 250, 200, 190, 185):
        seed(app, prospect, rep, days_ago=days)
    with app.app_context():
        deleted = retention.purge(get_session(), utcnow(), 180)
    assert deleted["visits"] == 5 and deleted["outbox"] == 5
    assert set(counts(app).values()) == {0}


def test_worker_purges_at_start_then_once_a_day(app, make_rep, make_prospect):
    rep = make_rep()
    prospect = make_prospect(rep)
    seed(app, prospect, rep, days_ago=200)
    now = [utcnow()]
    with app.app_context():
        engine = get_engine()
    daily = retention.DailyPurge(engine, days=180, clock=lambda: now[0])
    stop = threading.Event()
    worker = threading.Thread(
        target=outbox.run_worker,
        args=(engine, app.config),
        kwargs={"poll_seconds": 0.01, "stop": stop, "purge": daily},
    )

    def visits_after_a_while(expected: int) -> int:
        for _ in range(300):
            if counts(app)["Visit"] == expected:
                break
            stop.wait(0.01)
        return counts(app)["Visit"]

    worker.start()
    try:
        for _ in range(300):
            if daily.last_run is not None:
                break
            stop.wait(0.01)
        assert daily.last_run == now[0]  # at start
        assert counts(app)["Visit"] == 0
        seed(app, prospect, rep, days_ago=181)
        now[0] += timedelta(hours=23)
        stop.wait(0.2)  # many idle turns of the loop
        assert counts(app)["Visit"] == 1  # not a day yet
        now[0] += timedelta(hours=1)
        assert visits_after_a_while(0) == 0
    finally:
        stop.set()
        worker.join(timeout=5)
    assert not worker.is_alive()


def test_worker_once_only_delivers(app, make_rep, make_prospect, runner):
    rep = make_rep()
    seed(app, make_prospect(rep), rep, days_ago=200)
    assert runner.invoke(["worker", "--once"]).exit_code == 0
    assert counts(app)["Visit"] == 1  # `landing purge` is the one-off


def test_purge_gives_way_to_messages_due(app, make_rep, make_prospect, monkeypatch):
    rep = make_rep()
    prospect = make_prospect(rep)
    for days in (300, 200):
        seed(app, prospect, rep, days_ago=days)
    with app.app_context():
        engine = get_engine()
    daily = retention.DailyPurge(engine, 180)
    asked = []

    def keep_going() -> bool:
        asked.append(1)
        return len(asked) < 2  # a message became due after the first batch

    monkeypatch.setattr(retention, "BATCH", 1)
    daily.run_if_due(keep_going)
    assert counts(app)["Visit"] == 1
    assert daily.due()  # not finished: it carries on at the next idle moment
    daily.run_if_due()
    assert counts(app)["Visit"] == 0 and not daily.due()


def test_purge_refuses_to_keep_nothing(app):
    with app.app_context(), pytest.raises(ValueError, match="1 day or more"):
        retention.purge(get_session(), utcnow(), 0)
