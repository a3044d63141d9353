"""Names and other text with invisible controls are refused everywhere they come in (issue
14, items 15d and 9): U+202E shows "Rob gnp.exe" as "Rob exe.png" in every list, ESC and BEL
act on terminals, and a lone surrogate (`\\ud800` in JSON) once crashed the API with a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from landing.core import validate
from landing.data.db import get_session
from landing.data.models import Prospect
from tests.prospects.test_csv_import import plan_of
from tests.web.test_api import token_for

CONTROLS = [
    "\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\x1b", "\x07", "\x7f", "\x9b",
]  # fmt: skip


def prospects(app) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(Prospect))


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_the_one_validator_refuses_each_control(char):
    with pytest.raises(ValueError, match=f"invisible control character \\(U\\+{ord(char):04X}\\)"):
        validate.text(f"Rob{char}gnp.exe", 80)
    with pytest.raises(ValueError, match="invisible control character"):
        validate.multiline(f"Line one\nLine{char} two", 400)
    assert validate.multiline("Line one\r\n\tLine two", 400) == "Line one\n\tLine two"


def test_the_form_refuses_a_bidi_override(app, client, auth, make_rep):
    make_rep()
    auth.login()
    response = auth.post("/app/prospects", {"first_name": "Rob", "last_name": "\u202egnp.exe"})
    assert response.status_code == 400
    assert "Contains an invisible control character (U+202E); remove it." in response.text
    assert prospects(app) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"first_name": "Rob\\u202egnp.exe"}', "invisible control character (U+202E)"),
        ('{"first_name": "Rob", "company": "\\u001b[31mAcme"}', "(U+001B)"),
        ('{"first_name": "\\ud800x"}', "U+D800, which is not a valid character"),
    ],
)
def test_the_api_refuses_controls_and_lone_surrogates(app, client, make_rep, body, message):
    token = token_for(app, make_rep())
    response = client.post(
        "/api/v1/prospects",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert message in " ".join(fields.values())
    assert prospects(app) == 0


def test_a_csv_row_with_a_control_is_skipped_by_line(app, make_rep):
    data = "First Name,Last Name\nAnn,Lee\nRob,\u202egnp.exe\nBob,Ray\x07\n".encode()
    found = plan_of(app, make_rep(), data)
    assert [(r.line, r.ok) for r in found.rows] == [(2, True), (3, False), (4, False)]
    assert "(U+202E)" in found.rows[1].errors["last_name"]
    assert "(U+0007)" in found.rows[2].errors["last_name"]


def test_the_cli_refuses_a_bidi_override(app, runner, make_rep):
    make_rep(admin=True)
    result = runner.invoke(["prospect", "add", "--first", "Rob\u202e", "--json"])
    assert result.exit_code == 1
    assert "(U+202E)" in result.output
    assert prospects(app) == 0


def test_other_names_are_checked_by_the_same_validator(app, client, auth, make_rep):
    make_rep()
    auth.login()
    profile = auth.post("/app/profile", {"name": "Dana\u202eReyes"}, form_page="/app/profile")
    assert profile.status_code == 400 and "(U+202E)" in profile.text
    token = auth.post("/app/tokens", {"name": "CRM\x1b[2J"}, form_page="/app/tokens")
    assert token.status_code == 400 and "(U+001B)" in token.text
