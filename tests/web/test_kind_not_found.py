"""The page for an address that has no page: the same for every miss, naming no one, but with
the company's own phone, email and website (company settings), so a listener who mistyped
still reaches the company. The site root offers the same."""

from __future__ import annotations

import re

import pytest

CONTACT = {
    "main_phone": "+1 555 010 0100",
    "main_email": "hello@acme.com",
    "website_url": "https://www.acme.com/",
}


@pytest.fixture
def admin(auth, make_rep, make_prospect):
    make_prospect(make_rep(admin=True))
    auth.login()
    return auth


def _company(admin, **fields):
    return admin.post("/app/company", {"name": "Acme"} | fields, "/app/company")


def _body(response) -> str:
    return response.get_data(as_text=True)


def test_a_miss_offers_the_company_phone_email_and_website(admin, prospect_client):
    assert _company(admin, **CONTACT).status_code == 302
    miss = prospect_client.get("/Nobody-Here")
    assert miss.status_code == 404
    html = _body(miss)
    assert "Page not found" in html and "Or reach Acme directly:" in html
    assert 'href="tel:+15550100100">Call +1 555-010-0100</a>' in html
    assert 'href="mailto:hello@acme.com">Email Acme</a>' in html
    assert 'href="https://www.acme.com/">Visit acme.com</a>' in html
    # Every miss gets the same page, naming no one, near a prospect's name or not.
    near = _body(prospect_client.get("/Rob-Masen-Smith"))
    assert "Rob" not in near and "Mason" not in near
    assert re.sub(r"\s+", " ", near) == re.sub(r"\s+", " ", html)
    home = _body(prospect_client.get("/"))
    assert "Visit acme.com" in home and "Email Acme" in home


def test_without_contact_settings_the_miss_page_only_asks_to_check_the_spelling(
    admin, prospect_client
):
    html = _body(prospect_client.get("/Nobody-Here"))
    assert "Check the spelling" in html
    assert "Or reach" not in html and "tel:" not in html and "mailto:" not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("main_phone", "call me", "Not a phone number"),
        ("main_email", "not-an-email", "email"),
        ("website_url", "javascript:alert(1)", "https://"),
    ],
)
def test_bad_contact_settings_get_a_form_error_and_keep_what_was_stored(
    admin, prospect_client, field, value, message
):
    _company(admin, **CONTACT)
    refused = _company(admin, **CONTACT | {field: value})
    assert refused.status_code == 400 and message in _body(refused)
    assert "Visit acme.com" in _body(prospect_client.get("/Nobody-Here"))


def test_the_cli_sets_the_contact_as_the_form_does(runner, admin, prospect_client):
    done = runner.invoke(
        ["company", "set", "main_email=hello@acme.com", "main_phone=+44 20 7946 0958"]
    )
    assert done.exit_code == 0, done.output
    assert "Set main_email: (empty) → hello@acme.com" in done.output
    assert 'href="tel:+442079460958"' in _body(prospect_client.get("/Nobody-Here"))
    bad = runner.invoke(["company", "set", "website_url=http://acme.com"])
    assert bad.exit_code != 0 and "https" in bad.output
