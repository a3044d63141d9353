"""New slugs distinct by ear: a slug one edit or one sound from any slug of the team (live,
archived or retired, any rep's) is not handed out; the next speakable one is, and said so."""

from __future__ import annotations

import pytest

from landing.core.validate import InputError
from landing.data.db import get_session
from landing.data.models import Prospect
from landing.prospects import service as prospects
from landing.urls import distinct


@pytest.fixture
def dana(make_rep):
    return make_rep()


@pytest.fixture
def lee(make_rep):
    return make_rep(email="lee@acme.com", name="Lee Park")


def add(app, rep, first, last, company="Acme", **given):
    with app.app_context():
        prospect, choice = prospects.add_prospect(
            get_session(), rep, first_name=first, last_name=last, company=company, **given
        )
        return prospect.slug, choice


def test_stephen_singh_after_steven_singh_is_not_stephen_singh(app, dana):
    add(app, dana, "Steven", "Singh")
    slug, choice = add(app, dana, "Stephen", "Singh")
    assert slug == "Stephen-Singh-Acme"
    assert choice.moved and choice.natural == "Stephen-Singh"
    assert choice.message(dana.id) == (
        "/Stephen-Singh sounds like /Steven-Singh, so listeners could reach the wrong "
        "person: the URL is /Stephen-Singh-Acme instead."
    )
    assert app.test_client().get("/Stephen-Singh").headers.get("Location") != "/Stephen-Singh"


@pytest.mark.parametrize(
    "first, second",
    [
        (("Catherine", "Jones"), ("Katherine", "Jones")),
        (("John", "Reid"), ("Jon", "Reid")),
        (("Sean", "Schmidt"), ("Sean", "Schmitt")),
        (("Sarah", "Khan"), ("Sarah", "Kahn")),
        (("Rob", "Mason"), ("Rob", "Masen")),  # one edit, whatever it sounds like
    ],
)
def test_sound_alikes_and_one_edit_slugs_get_the_company_word(app, dana, first, second):
    add(app, dana, *first)
    slug, choice = add(app, dana, *second)
    assert slug == f"{second[0]}-{second[1]}-Acme" and choice.moved


def test_a_name_nothing_sounds_like_keeps_first_last(app, dana):
    add(app, dana, "Steven", "Singh")
    slug, choice = add(app, dana, "Katherine", "Vandenberg")
    assert slug == "Katherine-Vandenberg" and not choice.moved and choice.message(1) == ""


def test_the_alternative_is_itself_rival_to_no_one(app, dana):
    add(app, dana, "Steven", "Singh", company="Acme")
    add(app, dana, "Steven", "Singh", company="Acme")  # Steven-Singh-Acme
    slug, _ = add(app, dana, "Stephen", "Singh", company="Acme")
    # Stephen-Singh-Acme sounds like Steven-Singh-Acme: the next speakable one.
    assert slug == "Stephen-Singh-2"


def test_archived_slugs_count(app, dana):
    add(app, dana, "Steven", "Singh")
    with app.app_context():
        session = get_session()
        steven = prospects.find_by_slug(session, "Steven-Singh")
        prospects.archive(session, steven)
    slug, choice = add(app, dana, "Stephen", "Singh")
    assert slug == "Stephen-Singh-Acme"
    assert "/Steven-Singh (archived)" in choice.message(dana.id)


def test_retired_slugs_count_and_are_never_named(app, dana):
    add(app, dana, "Steven", "Singh")
    with app.app_context():
        session = get_session()
        prospects.forget_prospect(session, prospects.find_by_slug(session, "Steven-Singh"), days=30)
    slug, choice = add(app, dana, "Stephen", "Singh")
    assert slug == "Stephen-Singh-Acme"
    assert "a forgotten prospect's former page" in choice.message(dana.id)
    assert "Steven" not in choice.message(dana.id)


def test_other_reps_prospects_count_and_are_named_neutrally(app, dana, lee):
    add(app, lee, "Steven", "Singh")
    slug, choice = add(app, dana, "Stephen", "Singh")
    assert slug == "Stephen-Singh-Acme"
    assert "another prospect's page" in choice.message(dana.id)
    assert "Steven" not in choice.message(dana.id)
    assert choice.as_json(dana.id)["rivals"] == ["another prospect's page"]


def test_a_typed_rival_slug_needs_confirming(app, dana, lee):
    add(app, lee, "Steven", "Singh")
    with pytest.raises(prospects.RivalSlug) as refused:
        add(app, dana, "Stephen", "Singh", slug="Stephen-Singh")
    message = refused.value.errors["slug"]
    assert "/Stephen-Singh sounds like another prospect's page" in message
    assert "reach the other person" in message and "Steven" not in message
    with app.app_context():
        assert prospects.find_by_slug(get_session(), "Stephen-Singh") is None
    slug, choice = add(app, dana, "Stephen", "Singh", slug="Stephen-Singh", allow_rival=True)
    assert slug == "Stephen-Singh" and not choice.moved


def test_a_typed_slug_that_is_taken_is_refused_even_when_allowed(app, dana):
    add(app, dana, "Steven", "Singh")
    with pytest.raises(InputError, match="already taken"):
        add(app, dana, "Steve", "Singh", slug="steven-singh", allow_rival=True)


def test_renaming_to_a_rival_needs_confirming(app, dana):
    add(app, dana, "Steven", "Singh")
    rob, _ = add(app, dana, "Rob", "Mason")
    with app.app_context():
        session = get_session()
        prospect = prospects.find_by_slug(session, rob)
        with pytest.raises(prospects.RivalSlug, match="/Steven-Singh"):
            prospects.change_slug(session, prospect, "Stephen-Singh")
        prospects.change_slug(session, prospect, "Stephen-Singh", allow_rival=True)
        assert session.get(Prospect, prospect.id).slug == "Stephen-Singh"
        # Its own old slug is no rival of itself.
        prospects.change_slug(session, prospect, "Stephen-Singh-Acme")


def test_rival_probes_find_what_the_full_search_finds(app, dana):
    """The lean probes (one edit, the slug's sound) miss no rival rivals.py finds."""
    names = [("Rob", "Mason"), ("Rob", "Masen"), ("Bob", "Mason"), ("Robb", "Mason"),
             ("Rob", "Maosn"), ("Rob", "Mason-Smith"), ("Rop", "Mayson")]  # fmt: skip
    for first, last in names:
        add(app, dana, first, last, slug=f"{first}-{last}", allow_rival=True)
    with app.app_context():
        from landing.urls import rivals

        conn = get_session().connection()
        checker = distinct.Checker(conn)
        for first, last in names:
            slug = f"{first}-{last}"
            own = prospects.find_by_slug(get_session(), slug).id
            old = {c.slug for c in rivals.rivals(conn, slug, own)}
            new = {r.slug for r in checker.rivals(slug, own)}
            assert old <= new, slug


def test_a_taken_natural_slug_is_said_to_be_taken(app, dana, lee):
    add(app, lee, "Rob", "Mason")
    slug, choice = add(app, dana, "Rob", "Mason", company="Zeta")
    assert slug == "Rob-Mason-Zeta"
    assert choice.message(dana.id) == "/Rob-Mason is taken, so the URL is /Rob-Mason-Zeta."
