"""What a cell means before it is checked: a spreadsheet's ' text marker and our export's
formula guard come off (so an export re-imports as the same people), one name is enough,
and a phone number that is not valid where the rep is leaves the row without it."""

from __future__ import annotations

import pytest

from landing.data.db import get_session
from landing.prospects import csv_import
from tests.prospects.test_csv_import import upload


def plan_of(app, rep, data: bytes):
    with app.app_context():
        return csv_import.plan(get_session(), rep, data)


def test_our_export_re_imports_as_zero_new_prospects(app, runner, make_rep, make_prospect):
    rep = make_rep(admin=True)
    make_prospect(rep, company="=cmd|' /C calc'!A0", email="rob@acme.com", phone="+1 415 555 0199")
    make_prospect(rep, first_name="Ann", last_name="Lee", company="-Minus Co", title="@lead")
    exported = runner.invoke(["export", "-"])
    assert exported.exit_code == 0
    assert "'=cmd" in exported.output and "'-Minus Co" in exported.output  # still guarded
    found = plan_of(app, rep, exported.output.encode())
    assert len(found.rows) == 2 and found.good == []
    assert [r.errors["duplicate"] for r in found.rows] == [
        "Same person as your prospect /Ann-Lee.", "Same person as your prospect /Rob-Mason.",
    ]  # fmt: skip


def test_a_leading_text_marker_is_taken_off_every_cell(app, make_rep):
    data = b"First Name,Last Name,Company,Mobile Phone\n'Maria,'Lopez,'+Plus,'+61 452 382 284\n"
    [row] = plan_of(app, make_rep(), data).rows
    assert (row.values["first_name"], row.values["last_name"]) == ("Maria", "Lopez")
    assert (row.values["company"], row.values["phone"]) == ("+Plus", "+61452382284")


def test_one_name_is_enough_and_makes_the_slug(app, make_rep, make_prospect):
    rep = make_rep()
    make_prospect(rep, first_name="Okonkwo", last_name="")
    data = b"FirstName,LastName,Company\n,Okonkwo,Globex\nCher,,\n,,Nameless Inc\n"
    rows = plan_of(app, rep, data).rows
    assert [r.slug for r in rows[:2]] == ["Okonkwo-Globex", "Cher"]
    assert rows[2].errors == {"name": "A first or a last name is required."}


def test_a_last_name_column_alone_is_a_name_column(app, make_rep):
    found = plan_of(app, make_rep(), b"Last Name,Company\nOkonkwo,Globex\n")
    assert found.rows[0].slug == "Okonkwo"


@pytest.mark.parametrize(
    ("typed", "warning"),
    [
        ("0452 382 284", "0452 382 284: Not a US number"),  # Australian mobile
        ("087 123 4567", "087 123 4567: Not a US number"),  # Irish mobile
        ("+1 555 010 0199", "+1 555 010 0199: No such number"),  # possible, not valid
        ("12", "12: Not a phone number"),
    ],
)
def test_a_number_not_valid_for_the_reps_country_is_a_warning(app, make_rep, typed, warning):
    data = f"First Name,Phone\nRob,{typed}\n".encode()
    [row] = plan_of(app, make_rep(), data).rows
    assert row.ok and row.values["phone"] == ""  # never +10452382284
    assert row.warnings["phone"].startswith(warning)


def test_a_foreign_number_with_its_country_code_is_kept(app, make_rep):
    data = b"First Name,Phone\nLiam,+61 452 382 284\nAoife,+353 87 123 4567\n"
    rows = plan_of(app, make_rep(), data).rows
    assert [r.values["phone"] for r in rows] == ["+61452382284", "+353871234567"]
    assert [r.warnings for r in rows] == [{}, {}]


def test_warnings_show_in_the_preview_and_the_cli(app, client, auth, runner, make_rep, tmp_path):
    make_rep(admin=True)
    path = tmp_path / "list.csv"
    path.write_text("First Name,Phone\nLiam,0452 382 284\n")
    result = runner.invoke(["import", str(path), "--dry-run"])
    assert "line     2  /Liam  (phone: 0452 382 284: Not a US number" in result.output
    auth.login()
    html = upload(client, path.read_bytes()).get_data(as_text=True)
    assert "phone: 0452 382 284: Not a US number" in html


def test_the_add_form_and_the_api_refuse_a_number_that_does_not_exist(app, client, make_rep):
    from landing.prospects import fields
    from tests.web.test_api import Api, token_for

    message = "Not a US number; write it with its country code, e.g. +61 452 382 284."
    assert fields.check({"first_name": "Rob", "phone": "0452 382 284"}, "US")[1] == {
        "phone": message
    }
    assert fields.check({"first_name": "Rob", "phone": "0452 382 284"}, "AU")[0]["phone"] == (
        "+61452382284"
    )
    api = Api(client, token_for(app, make_rep()))
    refused = api.post("/prospects", json={"first_name": "Liam", "phone": "0452 382 284"})
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
