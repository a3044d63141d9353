"""Importing a call list from a CSV: columns by name, encodings, per-row errors by line,
duplicates, all or nothing, the web preview and confirm, and the CLI."""

from __future__ import annotations

import io
import json
import random
import re
import string

import pytest
from sqlalchemy import func, select

from landing.core import validate
from landing.data.db import get_session
from landing.data.models import MissedVisit, Prospect
from landing.prospects import csv_import
from landing.urls import resolve
from tests.conftest import Auth, csrf_token


def plan_of(app, rep, data: bytes):
    with app.app_context():
        return csv_import.plan(get_session(), rep, data)


def prospect_count(app) -> int:
    with app.app_context():
        return get_session().exec(select(func.count()).select_from(Prospect)).one()[0]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("First Name", "first_name"), ("first_name", "first_name"), ("Given name", "first_name"),
        ("Firstname", "first_name"), ("Vorname", "first_name"), ("Surname", "last_name"),
        ("Family name", "last_name"), ("Nachname", "last_name"), ("Account Name", "company"),
        ("Organization", "company"), ("Firma", "company"), ("Job Title", "title"),
        ("Position", "title"), ("E-mail", "email"), ("Email Address", "email"),
        ("Mobile", "phone"), ("Direct Dial", "phone"), ("Telefon", "phone"),
        ("Mobile Phone", "phone"), ("Pain", "outcome"), ("Full name", "name"),
    ],
)  # fmt: skip
def test_crm_spellings_of_headers_find_their_field(header, field):
    columns, ignored = csv_import.match_columns([header, "Lead Source"])
    assert columns == {field: [0]}
    assert ignored == ["Lead Source"]


def test_a_full_name_column_is_split(app, make_rep):
    rep = make_rep()
    found = plan_of(app, rep, b'Contact,Account\nRob Mason,Acme\n"Mason, Jane",Acme\n')
    assert [(r.values["first_name"], r.values["last_name"]) for r in found.rows] == [
        ("Rob", "Mason"), ("Jane", "Mason"),
    ]  # fmt: skip
    assert [r.slug for r in found.rows] == ["Rob-Mason", "Jane-Mason"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("First Name;Company\nRené;Café €\n".encode(), "utf-8"),
        ("\ufeffFirst Name;Company\nRené;Café €\n".encode(), "utf-8-sig"),
        ("First Name;Company\r\nRené;Café €\r\n".encode("cp1252"), "cp1252"),
        ("First Name\tCompany\nRené\tCafé €\n".encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_and_delimiters_are_recognised(app, make_rep, data, encoding):
    found = plan_of(app, make_rep(), data)
    assert found.encoding == encoding
    assert found.rows[0].values["first_name"] == "René"
    assert found.rows[0].values["company"] == "Café €"
    assert found.rows[0].slug == "Rene"


def test_semicolons_with_commas_inside_cells(app, make_rep):
    data = b"First Name;Last Name;Company\nRob;Mason;Acme, Inc.\nAnn;Lee;Beta\n"
    found = plan_of(app, make_rep(), data)
    assert found.delimiter == ";"
    assert [r.values["company"] for r in found.rows] == ["Acme, Inc.", "Beta"]


BAD_ROWS = (
    "First Name,Last Name,Company,Email,Phone,Notes\n"  # line 1
    'Rob,Mason,Acme,rob@acme.com,+1 415 555 0199,"met at the fair,\n'  # line 2
    'second line of the note"\n'  # line 3, the same record
    ",,Acme,nobody@acme.com,,\n"  # line 4: no name
    "Ann,Lee,Beta,not-an-email,,\n"  # line 5: bad email
    "Bo,Ng,Gamma,,12,\n"  # line 6: not a phone number: imported without it
    "Robert,Mason,Acme,ROB@acme.com,,\n"  # line 7: same email as line 2
    "rob,mason,ACME,,,\n"  # line 8: same name and company as line 2
    "Existing,Person,Old Co,,,\n"  # line 9: already the rep's (see existing())
    "Rob,Mason,Zeta,,,\n"  # line 10: another Rob Mason: a slug with the company
)


def existing(make_prospect, rep):
    make_prospect(rep, first_name="Existing", last_name="Person", company="Old Co")


def test_each_bad_row_is_skipped_with_its_line_number(app, make_rep, make_prospect):
    rep = make_rep()
    existing(make_prospect, rep)
    found = plan_of(app, rep, BAD_ROWS.encode())
    by_line = {r.line: r for r in found.rows}
    assert list(by_line) == [2, 4, 5, 6, 7, 8, 9, 10]
    assert by_line[2].slug == "Rob-Mason" and by_line[2].ok
    assert by_line[4].errors == {"name": "A first or a last name is required."}
    assert "Not a valid email" in by_line[5].errors["email"]
    assert by_line[6].ok and by_line[6].values["phone"] == ""
    assert by_line[6].warnings["phone"].startswith("12: Not a phone number")
    assert by_line[6].warnings["phone"].endswith("Imported without it.")
    assert by_line[7].errors == {"duplicate": "Same person as line 2."}
    assert by_line[8].errors == {"duplicate": "Same person as line 2."}
    assert by_line[9].errors == {"duplicate": "Same person as your prospect /Existing-Person."}
    assert by_line[10].slug == "Rob-Mason-Zeta"
    assert found.ignored == ["Notes"]
    assert (len(found.good), len(found.skipped)) == (3, 5)


def test_slugs_taken_in_the_database_or_by_another_rep_are_avoided(app, make_rep, make_prospect):
    other = make_rep("ben@acme.com", "Ben Bell")
    make_prospect(other, first_name="Rob", last_name="Mason")
    found = plan_of(app, make_rep(), b"First Name,Last Name,Company\nRob,Mason,Acme\n")
    assert found.rows[0].ok and found.rows[0].slug == "Rob-Mason-Acme"


def test_apply_imports_the_good_rows_and_they_resolve_like_any_prospect(
    app, make_rep, make_prospect
):
    rep = make_rep(phone="+44 20 7946 0958")
    existing(make_prospect, rep)
    found = plan_of(app, rep, BAD_ROWS.encode())
    with app.app_context():
        session = get_session()
        assert csv_import.apply(session, rep, found) == 3
        rob = session.scalars(select(Prospect).where(Prospect.slug == "Rob-Mason")).one()
        assert (rob.email, rob.phone, rob.rep_id) == ("rob@acme.com", "+14155550199", rep.id)
        assert (rob.voicemails_left, rob.do_not_contact, rob.archived_at) == (0, False, None)
        assert (rob.goal, rob.personal_note, rob.first_key, rob.last_key) == (
            "",
            "",
            "rob",
            "mason",
        )
        conn = session.connection()
        assert resolve.near_match(conn, "Rob-Masen").target_id is None  # two Rob Masons now
        zeta = resolve.near_match(conn, "Rob-Mason-Zetta").target_id
        assert session.get(Prospect, zeta).slug == "Rob-Mason-Zeta"
    assert prospect_count(app) == 4


def test_numbers_without_country_code_take_the_reps_country(app, make_rep):
    rep = make_rep(phone="+44 20 7946 0958")
    found = plan_of(app, rep, b"First Name,Phone\nRob,020 7946 0000\n")
    assert found.rows[0].values["phone"] == "+442079460000"


def test_a_failure_midway_leaves_the_database_as_it_was(app, make_rep, monkeypatch):
    rep = make_rep()
    # Names far apart as written and as said: "Person1 Number1" ... all sound alike, and
    # 1,200 look-alikes checked against each other are test_import_distinct's case.
    rng = random.Random(1200)
    words = ["".join(rng.choices(string.ascii_lowercase, k=9)).title() for _ in range(2400)]
    rows = "".join(f"{words[2 * i]},{words[2 * i + 1]},Co{i}\n" for i in range(1200))
    found = plan_of(app, rep, ("First Name,Last Name,Company\n" + rows).encode())
    real_insert, calls = csv_import.insert_prospects, []

    def failing(session, batch):
        calls.append(len(batch))
        real_insert(session, batch[:600])  # the first rows go in, then the disk is full
        raise RuntimeError("disk full")

    monkeypatch.setattr(csv_import, "insert_prospects", failing)
    with app.app_context(), pytest.raises(RuntimeError):
        csv_import.apply(get_session(), rep, found)
    assert calls == [1200]
    assert prospect_count(app) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"Company,Email\nAcme,a@b.com\n", "No name column"),
        (b"\x00\x01\x02binary", "Not a text file"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(app, make_rep, data, message):
    with pytest.raises(validate.InputError) as caught:
        plan_of(app, make_rep(), data)
    assert message in caught.value.errors["file"]


def test_too_many_rows_are_refused(app, make_rep, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 3)
    data = b"First Name\n" + b"".join(b"P%d\n" % i for i in range(4))
    with pytest.raises(validate.InputError, match="Over 3 rows"):
        plan_of(app, make_rep(), data)


def upload(client, data: bytes, name="list.csv"):
    token = csrf_token(client, "/app/import")
    return client.post(
        "/app/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def confirm_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_web_preview_then_confirm(app, client, auth, make_rep, make_prospect):
    existing(make_prospect, make_rep())
    auth.login()
    page = client.get("/app/prospects").get_data(as_text=True)
    assert 'href="/app/import"' in page and 'href="/app/export.csv"' in page
    preview = upload(client, BAD_ROWS.encode())
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "8 rows: 3 to import, 5 skipped." in html
    assert "/Rob-Mason-Zeta" in html and "Same person as line 2." in html
    assert "Import 3 prospects" in html
    assert prospect_count(app) == 1  # a preview imports nothing
    token = confirm_token(html)
    no_csrf = client.post("/app/import/confirm", data={"token": token})
    assert no_csrf.status_code == 400 and prospect_count(app) == 1
    done = auth.post("/app/import/confirm", {"token": token}, form_page="/app/import")
    assert done.status_code == 302
    assert "Imported 3 prospects; skipped 5 rows." in client.get(done.location).text
    again = auth.post("/app/import/confirm", {"token": token}, form_page="/app/import")
    assert again.status_code == 404  # used once
    assert prospect_count(app) == 4


def test_web_errors_are_shown_on_the_form(client, auth, make_rep):
    make_rep()
    auth.login()
    response = upload(client, b"Company\nAcme\n")
    assert response.status_code == 400
    assert "No name column" in response.text
    nothing = auth.post("/app/import", {}, form_page="/app/import")
    assert nothing.status_code == 400 and "Choose a CSV file" in nothing.text


def test_another_rep_cannot_confirm_your_upload(app, client, make_rep):
    make_rep()
    make_rep("ben@acme.com", "Ben Bell")
    Auth(client).login()
    token = confirm_token(upload(client, b"First Name\nRob\n").text)
    Auth(client).logout()
    ben = Auth(client)
    ben.login("ben@acme.com")
    stolen = ben.post("/app/import/confirm", {"token": token}, form_page="/app/import")
    assert stolen.status_code == 404
    made_up = ben.post("/app/import/confirm", {"token": "../../x"}, form_page="/app/import")
    assert made_up.status_code == 404
    assert prospect_count(app) == 0


def test_cli_dry_run_prints_the_plan_and_imports_nothing(
    app, runner, make_rep, make_prospect, tmp_path
):
    existing(make_prospect, make_rep(admin=True))
    path = tmp_path / "list.csv"
    path.write_text(BAD_ROWS)
    result = runner.invoke(["import", str(path), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"] == {
        "rows": 8,
        "ok": 3,
        "skipped": 5,
        "moved": 1,
        "names_from_email": 0,
    }
    assert data["imported"] == 0 and data["dry_run"] is True
    assert {r["line"]: r["errors"] for r in data["rows"]}[5]["email"].startswith("Not a valid")
    assert prospect_count(app) == 1


def test_cli_import_for_a_rep(app, runner, make_rep, make_prospect, tmp_path):
    make_rep(admin=True)
    ben = make_rep("ben@acme.com", "Ben Bell")
    existing(make_prospect, ben)
    path = tmp_path / "list.csv"
    path.write_text(BAD_ROWS)
    result = runner.invoke(["import", str(path), "--rep", "ben@acme.com"])
    assert result.exit_code == 0, result.output
    assert "line    10  /Rob-Mason-Zeta" in result.output
    assert "Imported 3 prospects; skipped 5 rows." in result.output
    with app.app_context():
        owners = get_session().scalars(select(Prospect.rep_id)).all()
    assert owners == [ben.id] * 4


def test_cli_import_errors_exit_non_zero(app, runner, make_rep, tmp_path):
    make_rep(admin=True)
    missing = runner.invoke(["import", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and "cannot read" in missing.output
    unreadable = tmp_path / "bad.csv"
    unreadable.write_text("Company\nAcme\n")
    no_name = runner.invoke(["import", str(unreadable)])
    assert no_name.exit_code == 1 and "No name column" in no_name.output
    all_bad = tmp_path / "all_bad.csv"
    all_bad.write_text("First Name,Email\nRob,nope\n")
    nothing = runner.invoke(["import", str(all_bad), "--json"])
    assert nothing.exit_code == 1 and "no row could be imported" in nothing.output
    assert prospect_count(app) == 0


def test_a_miss_that_resolves_to_an_imported_prospect_is_theirs(
    app, runner, make_rep, prospect_client, tmp_path
):
    make_rep(admin=True)
    assert prospect_client.get("/Dana-Whitfeld").status_code == 404  # before the import
    path = tmp_path / "list.csv"
    path.write_text("First Name,Last Name\nDana,Whitfield\nOther,Person\n")
    assert runner.invoke(["import", str(path)]).exit_code == 0
    with app.app_context():
        session = get_session()
        [miss] = session.scalars(select(MissedVisit)).all()
        assert miss.why == "resolved"
        assert session.get(Prospect, miss.prospect_id).slug == "Dana-Whitfield"


def test_uploads_need_the_csrf_token_and_a_size_limit(app, client, auth, make_rep, monkeypatch):
    make_rep()
    auth.login()
    no_token = client.post(
        "/app/import",
        data={"file": (io.BytesIO(b"First Name\nRob\n"), "list.csv")},
        content_type="multipart/form-data",
    )
    assert no_token.status_code == 400
    monkeypatch.setattr(csv_import, "MAX_BYTES", 1024)
    big = upload(client, b"First Name\n" + b"Rob\n" * 300)
    assert big.status_code == 400 and "The file is over" in big.text
    assert prospect_count(app) == 0


def test_the_same_file_confirmed_twice_imports_once(app, client, auth, make_rep):
    make_rep()
    auth.login()
    first = confirm_token(upload(client, b"First Name,Email\nRob,rob@acme.com\n").text)
    second = confirm_token(upload(client, b"First Name,Email\nRob,rob@acme.com\n").text)
    done = auth.post("/app/import/confirm", {"token": first}, form_page="/app/import")
    assert "Imported 1 prospect; skipped 0 rows." in client.get(done.location).text
    again = auth.post("/app/import/confirm", {"token": second}, form_page="/app/import")
    assert again.status_code == 400 and "No row can be imported now" in again.text
    assert prospect_count(app) == 1
