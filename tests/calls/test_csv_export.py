"""Exporting the call list as CSV: what each column holds, formula neutralising, web and CLI."""

from __future__ import annotations

import csv
import io

from landing.calls import pitches
from landing.core import clock
from landing.data.db import get_session
from landing.prospects import service as prospects
from landing.team import company
from tests.conftest import engage


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_export_has_what_a_dialer_needs(
    app, client, auth, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    rob = make_prospect(rep, company="Acme Logistics", phone="415 555 0100", email="rob@acme.com")
    make_prospect(rep, first_name="Ann", last_name="Lee", company='=HYPERLINK("https://x.io")')
    archived = make_prospect(rep, first_name="Old", last_name="Timer")
    other = make_prospect(make_rep("ben@acme.com", "Ben Bell"), first_name="Bens", last_name="Own")
    engage(prospect_client, f"/{rob.slug}")
    with app.app_context():
        session = get_session()
        prospects.archive(session, prospects.get_prospect(session, rep.id, archived.id))
        pitch = pitches.pitch_for(session, rob, rep, _settings(app, session), today=clock.today())
    auth.login()
    response = client.get("/app/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.get_data(as_text=True))
    assert [r["First name"] for r in rows] == ["Ann", "Rob"]  # newest first, no archived, no Ben's
    ann, rob_row = rows
    assert ann["Company"] == '\'=HYPERLINK("https://x.io")'
    assert rob_row["Phone"] == "+14155550100"  # as a dialer needs it: E.164 runs nothing
    assert rob_row["URL"] == "https://acme.com/Rob-Mason"
    assert rob_row["Spoken URL"] == "acme dot com forward slash Rob hyphen Mason"
    assert rob_row["Next voicemail script"] == pitch.script and "Rob" in pitch.script
    assert rob_row["Follow-up email subject"] == pitch.email_subject
    assert rob_row["Last visit"].endswith("Z") and not ann["Last visit"]
    assert float(rob_row["Score"]) > 0 and ann["Score"] == "0"
    assert rob_row["Hot"] == "yes" and ann["Hot"] == ""
    assert rob_row["Next call"] == str(rob.next_call_on)
    assert other.slug not in response.get_data(as_text=True)


def _settings(app, session):
    return company.current(session, app.config)


def test_export_needs_sign_in(client):
    response = client.get("/app/export.csv")
    assert response.status_code == 302 and "/login" in response.location


def test_cli_export_to_a_file_and_stdout(runner, make_rep, make_prospect, tmp_path):
    rep = make_rep(admin=True)
    make_prospect(rep, company="@SUM(A1)")
    path = tmp_path / "out.csv"
    result = runner.invoke(["export", str(path)])
    assert result.exit_code == 0, result.output
    rows = read_csv(path.read_text(encoding="utf-8"))
    assert [(r["First name"], r["Company"]) for r in rows] == [("Rob", "'@SUM(A1)")]
    stdout = runner.invoke(["export", "-"])
    assert stdout.exit_code == 0 and read_csv(stdout.output)[0]["URL"].endswith("/Rob-Mason")


def test_cli_export_error_exits_non_zero(runner, make_rep, tmp_path):
    make_rep(admin=True)
    unknown = runner.invoke(["export", "-", "--rep", "nobody@acme.com"])
    assert unknown.exit_code == 1 and "no rep with email" in unknown.output
    unwritable = runner.invoke(["export", str(tmp_path / "missing-dir" / "out.csv")])
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.output


def test_an_import_then_export_round_trip(runner, make_rep, tmp_path):
    make_rep(admin=True)
    source = tmp_path / "in.csv"
    source.write_text("Vorname;Nachname;Firma\nJürgen;Müller;Bäckerei Groß\n", encoding="cp1252")
    assert runner.invoke(["import", str(source)]).exit_code == 0
    out = tmp_path / "out.csv"
    assert runner.invoke(["export", str(out)]).exit_code == 0
    row = read_csv(out.read_text(encoding="utf-8"))[0]
    assert (row["First name"], row["Company"]) == ("Jürgen", "Bäckerei Groß")
    assert row["URL"].endswith("/Jurgen-Muller")
