"""A prospect's first visit, once a page of the same shape (same rep, settings, language,
call day, nothing tailored) was rendered in this worker, is answered outside Flask from that
page's skeleton (landing/web/page_shapes.py): it must give what the view gives, with the
prospect's own name, record the visit the same way, and leave everything else to the view."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import update
from sqlmodel import select

from landing.data.db import get_session, make_engine
from landing.data.models import Prospect, Visit
from landing.web import page_cache, page_shapes
from tests.web.test_page_fast_path import TOKEN, comparable


@pytest.fixture
def dana(make_rep):
    return make_rep(booking_url="https://cal.example/dana")


def test_a_first_visit_of_a_known_shape_skips_the_view_and_gives_what_it_gives(
    app, dana, make_prospect, prospect_client, view_calls
):
    make_prospect(dana)
    make_prospect(dana, first_name="D'Arcy", last_name="Olsen")
    assert prospect_client.get("/Rob-Mason").status_code == 200
    from_skeleton = prospect_client.get("/DArcy-Olsen")
    assert len(view_calls) == 1  # D'Arcy's page was never rendered for her
    html = from_skeleton.get_data(as_text=True)
    assert "Thanks for stopping by, D&#39;Arcy." in html and "Rob" not in html
    page_cache.forget(app)
    from_view = prospect_client.get("/DArcy-Olsen")
    assert len(view_calls) == 2
    assert comparable(from_skeleton) == comparable(from_view)


def test_first_visits_are_recorded_like_any_other(
    app, dana, make_prospect, prospect_client, view_calls
):
    names = ["Rob", "Ana", "Liam", "Zoe"]
    for name in names:
        make_prospect(dana, first_name=name)
    pages = [prospect_client.get(f"/{name}-Mason") for name in names]
    assert len(view_calls) == 1
    with app.app_context():
        visits = list(get_session().exec(select(Visit).order_by(Visit.id)))
    assert [v.prospect_id for v in visits] == [1, 2, 3, 4]
    for page, visit in zip(pages, visits, strict=True):
        assert TOKEN.search(page.get_data(as_text=True)).group(1) == visit.token
        assert visit.classification == "unconfirmed"


def test_other_spellings_misses_and_tailored_pages_still_go_to_the_view(
    app, dana, make_prospect, prospect_client, view_calls
):
    make_prospect(dana)
    ana = make_prospect(dana, first_name="Ana", last_name="Lopez")
    with app.app_context():
        session = get_session()
        session.get(Prospect, ana.id).personal_note = "We met at LogiMAT"
        session.commit()
    prospect_client.get("/Rob-Mason")
    assert prospect_client.get("/rob-mason").headers["Location"] == "/Rob-Mason"
    assert prospect_client.get("/Nobody-Here").status_code == 404
    tailored = prospect_client.get("/Ana-Lopez").get_data(as_text=True)
    assert len(view_calls) == 4
    assert "We met at LogiMAT" in tailored
    assert "We met at LogiMAT" not in prospect_client.get("/Rob-Mason").get_data(as_text=True)


def test_a_prospect_archived_by_another_worker_gets_no_page(
    app, dana, make_prospect, prospect_client, database_url
):
    make_prospect(dana)
    make_prospect(dana, first_name="Ana")
    prospect_client.get("/Rob-Mason")
    other = make_engine(database_url)  # another worker: no commit of it clears this cache
    with other.begin() as conn:
        conn.execute(update(Prospect).where(Prospect.first_name == "Ana").values(
            do_not_contact=True))  # fmt: skip
    other.dispose()
    assert prospect_client.get("/Ana-Mason").status_code == 404


def render(name: str, token: str) -> str:
    return f"<h1>Hi {escape(name)}</h1><p>{token}</p><a title='{escape(name)}'>x</a>"


def test_a_skeleton_filled_with_any_name_is_the_page_rendered_with_it():
    skeleton = page_shapes.build(lambda name: render(name, "SLOT"), "SLOT")
    for name in ["Rob", "D'Arcy", 'Zoë "Z" <b>&amp;</b>', "</script><script>alert(1)</script>"]:
        assert skeleton.fill(name) == render(name, "SLOT").split("SLOT")


@pytest.mark.parametrize(
    "treated",
    [str.upper, str.lower, lambda n: n[0], lambda n: str(len(n)), lambda n: n.replace("&", "+")],
)
def test_a_template_that_does_more_with_the_name_than_print_it_gets_no_skeleton(treated):
    assert page_shapes.build(lambda name: render(treated(name), "SLOT"), "SLOT") is None
