"""Issue 19, what a rep or an admin decides about an import: which phone number comes first
(a company setting), names read from emails (only when the rep confirms them), and a
guessed column left out (— not imported —)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from landing.data.db import get_session
from landing.data.models import Prospect
from landing.prospects import crm_headers, csv_import, email_names
from landing.team import company
from tests.prospects.test_csv_import import confirm_token, upload

PHONES = (
    b"First Name,Last Name,Home Phone,Business Phone,Mobile Phone,Phone\n"
    b"Rob,Mason,+1 212 555 0103,+1 212 555 0101,+1 415 555 0102,+1 646 555 0104\n"
    b"Ann,Lee,,,+1 415 555 0105,+1 646 555 0106\n"
)


def stored(app, column):
    with app.app_context():
        return get_session().scalars(select(column).order_by(Prospect.id)).all()


def test_the_settings_orders_list_every_kind_once():
    assert set(crm_headers.PHONE_ORDERS) == set(company.PHONE_ORDERS)
    for kinds in crm_headers.PHONE_ORDERS.values():
        assert sorted(kinds) == sorted(crm_headers.PHONES) and kinds[-1] == "home"


def test_mobile_first_by_default_and_work_first_when_the_admin_says(app, auth, make_rep):
    make_rep(admin=True)
    auth.login()
    first = upload(auth.client, PHONES).text
    assert "Phone ← Mobile Phone, then Phone, then Business Phone, then Home Phone" in first
    page = auth.client.get("/app/company").text
    assert "Which phone number to import" in page
    assert '<option value="mobile" selected>Mobile first' in page
    saved = auth.post("/app/company", {"phone_order": "work"}, "/app/company")
    assert saved.status_code == 302
    assert '<option value="work" selected>Work (desk) first' in auth.client.get("/app/company").text
    preview = upload(auth.client, PHONES).text
    assert "Phone ← Business Phone, then Phone, then Mobile Phone, then Home Phone" in preview
    done = auth.post("/app/import/confirm", {"token": confirm_token(preview)}, "/app/import")
    assert done.status_code == 302
    # Rob's desk line; Ann has none, so her main number (before her mobile).
    assert stored(app, Prospect.phone) == ["+12125550101", "+16465550106"]


def test_main_first_and_a_wrong_choice(app, auth, runner, make_rep):
    make_rep(admin=True)
    assert runner.invoke(["company", "set", "phone_order=main"]).exit_code == 0
    plan = json.loads(runner.invoke(["import", "-", "--dry-run", "--json"], input=PHONES).output)
    assert [r["values"]["phone"] for r in plan["rows"]] == ["+16465550104", "+16465550106"]
    wrong = runner.invoke(["company", "set", "phone_order=home"])
    assert wrong.exit_code == 1 and "Choose one of: mobile, work, main." in wrong.output
    auth.login()
    refused = auth.post("/app/company", {"phone_order": "home"}, "/app/company")
    assert refused.status_code == 400 and "Choose one of: mobile, work, main." in refused.text


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("rob.mason@acme.com", ("Rob", "Mason")),
        ("ROB_MASON@acme.com", ("Rob", "Mason")),
        ("rob-mason+crm@acme.com", ("Rob", "Mason")),
        ("hélène.dubois@example.fr", ("Hélène", "Dubois")),
        ("rmason@acme.com", None),  # an initial and a surname: not plainly a name
        ("r.mason@acme.com", None),
        ("rob.mason2@acme.com", None),
        ("rob.j.mason@acme.com", None),
        ("sales.team@acme.com", None),  # a team's mailbox
        ("info@acme.com", None),
        ("", None),
    ],
)
def test_only_plain_names_are_read_from_an_email(email, name):
    assert email_names.read_name(email) == name


NAMELESS = (
    b"First Name,Last Name,Company,Email\n"
    b",,Acme,rob.mason@acme.com\n"
    b",,Acme,rmason@acme.com\n"
    b"Ann,Lee,Acme,ann@acme.com\n"
)


def test_the_preview_shows_the_name_read_and_imports_it_only_once_confirmed(app, auth, make_rep):
    make_rep()
    auth.login()
    preview = upload(auth.client, NAMELESS).text
    assert "name read from email: Rob Mason" in preview
    assert "3 rows: 1 to import, 2 skipped." in preview
    assert "1 row has no name, only an email that spells one." in preview
    assert "imported only if you confirm it" in preview
    assert "A first or a last name is required." in preview  # rmason@: nothing read
    assert 'name="names_from_email" value="1"' in preview
    token = confirm_token(preview)
    unconfirmed = auth.post("/app/import/confirm", {"token": token}, "/app/import")
    assert unconfirmed.status_code == 302
    assert stored(app, Prospect.slug) == ["Ann-Lee"]

    again = upload(auth.client, NAMELESS).text
    confirmed = auth.post(
        "/app/import/confirm", {"token": confirm_token(again), "names_from_email": "1"},
        "/app/import",
    )  # fmt: skip
    assert confirmed.status_code == 302
    assert "Imported 1 prospect; skipped 2 rows." in auth.client.get(confirmed.location).text
    assert stored(app, Prospect.slug) == ["Ann-Lee", "Rob-Mason"]
    assert stored(app, Prospect.first_name) == ["Ann", "Rob"]


def test_cli_skips_names_read_from_emails_unless_told(app, runner, make_rep):
    make_rep(admin=True)
    dry = runner.invoke(["import", "-", "--dry-run"], input=NAMELESS)
    assert "line     2  skipped: name: No name; read from the email it is Rob Mason" in dry.output
    assert "add --names-from-email to import them" in dry.output
    done = runner.invoke(["import", "-", "--names-from-email", "--json"], input=NAMELESS)
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert result["imported"] == 2 and result["counts"]["names_from_email"] == 1
    assert result["rows"][0]["email_name"] == "Rob Mason" and result["rows"][0]["slug"] == (
        "Rob-Mason"
    )
    assert stored(app, Prospect.slug) == ["Rob-Mason", "Ann-Lee"]


def test_a_guessed_column_can_be_left_out(app, auth, runner, make_rep):
    make_rep(admin=True)
    cli = runner.invoke(["import", "-", "--dry-run", "--json", "--map", "phone=-"], input=PHONES)
    plan = json.loads(cli.output)
    assert "phone" not in plan["mapping"] and "Mobile Phone" in plan["ignored"]
    auth.login()
    preview = upload(auth.client, PHONES).text
    assert '<option value="-">— not imported —</option>' in preview
    form = {"token": confirm_token(preview), "filename": "list.csv", "map-phone": "-"}
    again = auth.post("/app/import/remap", form, "/app/import")
    assert again.status_code == 200
    assert "Phone: not imported" in again.text and "Phone ←" not in again.text
    assert '<option value="-" selected>— not imported —</option>' in again.text
    assert '<input type="hidden" name="map-phone" value="-">' in again.text
    done = auth.post("/app/import/confirm", {"token": form["token"], "map-phone": "-"},
                     "/app/import")  # fmt: skip
    assert done.status_code == 302
    assert stored(app, Prospect.phone) == ["", ""]


def test_leaving_out_every_name_column_is_refused(app, make_rep):
    with app.app_context(), pytest.raises(Exception, match="No name column"):
        csv_import.plan(get_session(), make_rep(), PHONES, {"first_name": "-", "last_name": "-"})
