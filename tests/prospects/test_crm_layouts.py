"""Every CRM's export imports as it is downloaded: files in tests/prospects/crm_files/ are
written from each tool's documented header list, with its quirks (a BOM, CRLF, semicolons
from European Excel, Windows-1252, quoted newlines, a preamble, ' text markers, ` ::: `)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from landing.data.db import get_session
from landing.prospects import crm_headers, csv_import

FILES = Path(__file__).parent / "crm_files"
PERSON = ("first_name", "last_name", "company", "title", "email", "phone")

EXPECTED = {
    "hubspot_default.csv": [
        ("Maria", "Lopez", "Globex", "VP Operations", "maria@globex.com", "+14155550101"),
    ],
    "hubspot_view.csv": [
        ("Jörg", "Schäfer", "Müller, Schmidt & Co", "Einkaufsleiter", "js@mueller.de",
         "+4915123456789"),
    ],
    "salesforce_dataloader.csv": [
        # MobilePhone before Phone: the person rather than the switchboard.
        ("Priya", "Nair", "Initech", "CFO", "priya@initech.com", "+14155550103"),
        ("", "Okonkwo", "Globex", "Head of IT", "okonkwo@globex.com", "+14155550104"),
    ],
    "apollo.csv": [
        ("Liam", "Walsh", "Acme Freight", "Operations Manager", "liam@acmefreight.com.au",
         "+61452382284"),
    ],
    "linkedin_connections.csv": [("Aoife", "Byrne", "Stripe", "Account Executive", "", "")],
    "pipedrive_people.csv": [
        ("Sam", "Carter", "Umbrella", "", "sam@example.org", "+12125550110"),
    ],
    "outlook_contacts.csv": [
        ("Hélène", "Dubois", "Société Générale", "Directrice financière",
         "helene.dubois@example.fr", "+33612345678"),
    ],
    "google_contacts.csv": [
        ("Conor", "O'Sullivan", "Kerry Foods", "Buyer", "conor@kerry.ie", "+353871234567"),
    ],
    "zoho_leads.csv": [
        ("", "Fernández", "Telefónica", "Director de Compras", "fernandez@telefonica.es",
         "+34912345678"),
    ],
}  # fmt: skip


def plan_file(app, rep, name: str):
    with app.app_context():
        return csv_import.plan(get_session(), rep, (FILES / name).read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_crms_export_imports_company_title_email_and_phone(app, make_rep, name):
    found = plan_file(app, make_rep(), name)
    assert [r.errors for r in found.rows] == [{}] * len(EXPECTED[name])
    assert [tuple(r.values[f] for f in PERSON) for r in found.rows] == EXPECTED[name]


def test_the_quirks_are_in_the_files():
    """The files keep what makes them hard: if one lost its quirk, the test above would prove
    less than it says."""
    data = {path.name: path.read_bytes() for path in FILES.glob("*.csv")}
    assert data["salesforce_dataloader.csv"].startswith(b'\xef\xbb\xbf"ID"')
    assert b"\r\n" in data["salesforce_dataloader.csv"]
    assert b"\r\n" in data["outlook_contacts.csv"] and b"\xe9" in data["outlook_contacts.csv"]
    assert b";" in data["hubspot_view.csv"].split(b"\n")[0]
    assert b"\r\n" in data["zoho_leads.csv"] and b";" in data["zoho_leads.csv"].split(b"\n")[0]
    assert data["linkedin_connections.csv"].startswith(b"Notes:\n")
    assert b"'+61" in data["apollo.csv"] and b'"Freight,\nlogistics' in data["apollo.csv"]
    assert b" ::: " in data["google_contacts.csv"]


def test_the_preamble_is_skipped_and_line_numbers_stay_the_files(app, make_rep):
    found = plan_file(app, make_rep(), "linkedin_connections.csv")
    assert found.rows[0].line == 5  # Notes, the note, a blank line, the header
    assert "URL" in found.ignored and "Connected On" in found.ignored


def test_outlooks_honorific_title_is_not_a_job_title(app, make_rep):
    found = plan_file(app, make_rep(), "outlook_contacts.csv")
    assert found.rows[0].values["title"] == "Directrice financière"
    assert crm_headers.cell_value("title", "Dr.") == ""
    assert crm_headers.cell_value("title", "Director") == "Director"


def test_a_last_name_alone_makes_the_slug(app, make_rep):
    found = plan_file(app, make_rep(), "salesforce_dataloader.csv")
    assert [r.slug for r in found.rows] == ["Priya-Nair", "Okonkwo"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Associated Company", "company"), ("Mobile Phone Number", "phone"),
        ("MOBILEPHONE", "phone"), ("First Phone", "phone"), ("Person - Name", "name"),
        ("Organization - Name", "company"), ("Person - Email - Work", "email"),
        ("E-mail Address", "email"), ("E-mail 1 - Value", "email"),
        ("Organization Title", "title"), ("Phone 1 - Value", "phone"), ("FirstName", "first_name"),
        ("Corporate Phone", "phone"), ("Business Phone", "phone"),
    ],
)  # fmt: skip
def test_crm_spellings_in_any_case_spacing_or_punctuation(header, field):
    assert crm_headers.match([header])[0] == {field: [0]}
    assert crm_headers.match([header.upper().replace(" ", "_")])[0] == {field: [0]}


def test_phones_are_taken_mobile_then_main_then_work_then_home():
    headers = ["Home Phone", "Business Phone", "Phone", "Mobile Phone", "Company Phone"]
    columns, ignored = crm_headers.match(headers)
    assert columns == {"phone": [3, 2, 1, 0]}
    assert ignored == ["Company Phone"]  # the switchboard is not the person's


def test_every_spelling_names_one_field():
    keys = [crm_headers.key(s) for spellings in crm_headers.SPELLINGS.values() for s in spellings]
    fields_of = {}
    for name, spellings in crm_headers.SPELLINGS.items():
        for spelling in spellings:
            assert fields_of.setdefault(crm_headers.key(spelling), name) == name, spelling
    assert len(keys) >= len(fields_of)


def test_the_preview_shows_which_column_fed_each_field(app, client, auth, make_rep):
    from tests.prospects.test_csv_import import upload

    make_rep()
    auth.login()
    html = upload(client, (FILES / "hubspot_default.csv").read_bytes()).get_data(as_text=True)
    assert "Company ← Associated Company" in html
    assert "Phone ← Phone Number" in html and "Email ← Email" in html
    outlook = upload(client, (FILES / "outlook_contacts.csv").read_bytes()).text
    assert "Title ← Job Title, then Title" in outlook
    assert "Phone ← Mobile Phone, then Primary Phone, then Business Phone" in outlook


def test_cli_prints_the_mapping_and_takes_map(app, runner, make_rep):
    make_rep(admin=True)
    path = str(FILES / "apollo.csv")
    plain = runner.invoke(["import", path, "--dry-run"])
    assert "Phone ← Mobile Phone, then First Phone, then Work Direct Phone" in plain.output
    guessed = json.loads(runner.invoke(["import", path, "--dry-run", "--json"]).output)
    assert guessed["mapping"]["company"] == ["Company"]
    assert guessed["mapping"]["phone"][0] == "Mobile Phone"
    chosen = runner.invoke(
        ["import", path, "--dry-run", "--json", "--map", "company=Company Name for Emails",
         "--map", "phone=Corporate Phone", "--map", "Title=Seniority"]
    )  # fmt: skip
    assert chosen.exit_code == 0, chosen.output
    data = json.loads(chosen.output)
    assert data["mapping"]["company"] == ["Company Name for Emails"]
    assert data["mapping"]["phone"] == ["Corporate Phone"]
    assert "Company" in data["ignored"] and "Mobile Phone" in data["ignored"]
    assert data["rows"][0]["values"]["phone"] == "+61891234567"
    assert data["rows"][0]["values"]["title"] == ""  # Seniority is empty in the file


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("company", "write it as field=Header"),
        ("colour=Company", "No field 'colour'"),
        ("company=Nope", "No column 'Nope' in the file; its columns: First Name, Last Name"),
    ],
)
def test_cli_map_mistakes_exit_non_zero(app, runner, make_rep, option, message):
    make_rep(admin=True)
    result = runner.invoke(["import", str(FILES / "apollo.csv"), "--map", option])
    assert result.exit_code == 1 and message in result.output


def test_the_rep_can_choose_another_column_before_confirming(app, client, auth, make_rep):
    from sqlalchemy import select

    from landing.data.models import Prospect
    from tests.prospects.test_csv_import import confirm_token, upload

    make_rep()
    auth.login()
    preview = upload(client, (FILES / "apollo.csv").read_bytes()).text
    assert "Phone ← Mobile Phone, then First Phone" in preview
    token = confirm_token(preview)
    form = {"token": token, "filename": "apollo.csv", "map-phone": "Corporate Phone"}
    again = auth.post("/app/import/remap", form, form_page="/app/import")
    assert again.status_code == 200 and "Phone ← Corporate Phone" in again.text
    assert "<option selected>Corporate Phone</option>" in again.text
    assert '<input type="hidden" name="map-phone" value="Corporate Phone">' in again.text
    wrong = auth.post("/app/import/remap", form | {"map-phone": "Nope"}, form_page="/app/import")
    assert wrong.status_code == 400 and "No column &#39;Nope&#39; in the file" in wrong.text
    done = auth.post(
        "/app/import/confirm", {"token": token, "map-phone": "Corporate Phone"},
        form_page="/app/import",
    )  # fmt: skip
    assert done.status_code == 302
    with app.app_context():
        phones = get_session().scalars(select(Prospect.phone)).all()
    assert phones == ["+61891234567"]
