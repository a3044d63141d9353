"""The call session's service: the queue, the undo's rules, their local time, the words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from landing.calls import call_session
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.data.models import Prospect

NOON_UTC = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "phone, expected",
    [
        ("+12125550134", "12:00 PM in New York"),
        ("+14155550177", "9:00 AM in Los Angeles"),
        ("+493012345678", "6:00 PM in Berlin"),
        ("", ""),
        ("+447700900123", ""),  # a UK mobile: no one zone to say
    ],
)
def test_local_time_from_the_number(phone, expected):
    assert call_session.local_time(phone, NOON_UTC) == expected


def test_undo_is_refused_once_a_later_call_is_logged(app, make_rep, make_prospect):
    dana = make_rep()
    rob = make_prospect(dana)
    with app.app_context():
        session = get_session()
        rob = session.get(Prospect, rob.id)
        first = call_session.log(session, dana, rob, "no_answer", today=clock.today())
        call_session.log(session, dana, rob, "connected", today=clock.today())
        with pytest.raises(InputError) as refused:
            call_session.undo(session, dana, first)
        assert "a later call for Rob Mason is logged after it" in refused.value.errors["undo"]


def test_undo_by_another_rep_is_refused(app, make_rep, make_prospect):
    dana, eve = make_rep(), make_rep(email="eve@acme.com", name="Eve Stone")
    rob = make_prospect(dana)
    with app.app_context():
        session = get_session()
        logged = call_session.log(
            session, dana, session.get(Prospect, rob.id), "no_answer", today=clock.today()
        )
        with pytest.raises(InputError):
            call_session.undo(session, eve, logged)


def test_seconds_left_counts_down_from_when_it_was_logged(app, make_rep, make_prospect):
    dana = make_rep()
    rob = make_prospect(dana)
    with app.app_context():
        session = get_session()
        logged = call_session.log(
            session, dana, session.get(Prospect, rob.id), "no_answer", today=clock.today()
        )
        at = datetime.fromisoformat(logged.at)
        assert call_session.seconds_left(logged, at + timedelta(seconds=3)) == 7
        assert call_session.seconds_left(logged, at + timedelta(seconds=12)) == 0
        # What the cookie carries comes back whole, and a mangled one is nothing.
        assert call_session.Logged.from_dict(logged.as_dict()) == logged
        assert call_session.Logged.from_dict({"record": "outcome"}) is None
