"""Hostile values in every route, query string and form field answer 4xx, never 500.

The attack (issue 14, item 9): ids too big for the database, `²` (a digit to str.isdigit but
not to int()), lone surrogates (`\\ud800` in JSON), CR/LF, NUL and 5,000 characters, typed
into URLs and forms by a signed-in rep or admin. Each of these once crashed a view."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from landing import web
from landing.data.db import get_session
from landing.scripts import templates
from landing.team import api_tokens
from landing.web.api import routes as api_views
from landing.web.rep import prospects as prospect_views
from landing.web.rep import settings as settings_views
from landing.web.rep import studio as studio_views

HOSTILE = {
    "huge": str(2**70),
    "superscript": "²",
    "surrogate": "\ud800x",
    "crlf": "a\r\nb",
    "nul": "a\x00b",
    "long": "x" * 5000,
}
# Every view of the web package (public, rep/, api/), read as source.
WEB = Path(web.__file__).parent
SOURCE = "\n".join(path.read_text() for path in sorted(WEB.rglob("*.py")))
# Every field a view reads from the query string or a form, found in the views' source, and
# the field lists the views pass on whole.
QUERY = sorted(
    set(re.findall(r"""request\.args(?:\.get)?[\[(]\s*"(\w+)\"""", SOURCE))
    | {"limit", "preview"}  # read through helpers: the API's _query_int, pages' _sent
)
FORM = sorted(
    set(re.findall(r"""request\.(?:form|values)(?:\.get)?[\[(]\s*"(\w+)\"""", SOURCE))
    | set(prospect_views.PROSPECT_FIELDS + prospect_views.PAGE_FIELDS)
    | set(settings_views.PROFILE_FIELDS + settings_views.COMPANY_FIELDS)
    | set(settings_views.NOTIFY_FIELDS + studio_views.TEMPLATE_FIELDS)
    | {"t", "k"}  # the beacon's, read from the form as a whole
)
# Endpoints that read a JSON body, with the fields they take.
JSON_BODIES = {
    "api.create_prospect": list(api_views.PROSPECT_INPUT),
    "api.log_voicemail": ["template", "goal"],
    "api.log_outcome": ["kind"],
    "studio.preview": list(studio_views.TEMPLATE_FIELDS),
    "studio.lint": ["text", "goal"],
}
SKIP = {"auth.logout", "static"}  # signing out would end the walk's session


def encoded(value: str) -> str:
    """value percent-encoded as an attacker's client would send it, surrogates and all."""
    return quote(value, safe="", errors="surrogatepass")


def fields(names: list[str], value: str) -> str:
    return "&".join(f"{name}={encoded(value)}" for name in names)


def json_body(endpoint: str, value: str) -> str:
    return json.dumps({name: value for name in JSON_BODIES[endpoint]})


def fill(rule, value: str) -> str:
    """The rule's URL with every converter's part set to value."""
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:\w+:)?{name}>", encoded(value), path)
    return path


def walk(app, client, token: str, values: dict[str, str]) -> list[str]:
    """Every rule, every method it allows, each value in its path, query and body; the
    requests that answered 5xx or raised."""
    failures = []
    headers = {"Authorization": f"Bearer {token}"}
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP]
    for rule in rules:
        for method in sorted(rule.methods):
            for label, value in values.items():
                url = f"{fill(rule, value)}?{fields(QUERY, value)}"
                kwargs = {"method": method, "headers": headers}
                if method in ("POST", "PUT", "PATCH", "DELETE"):
                    if rule.endpoint in JSON_BODIES:
                        kwargs["data"] = json_body(rule.endpoint, value)
                        kwargs["content_type"] = "application/json"
                    else:
                        kwargs["data"] = fields(FORM, value)
                        kwargs["content_type"] = "application/x-www-form-urlencoded"
                try:
                    status = client.open(url, **kwargs).status_code
                except Exception as exc:  # noqa: BLE001  (any crash is what we look for)
                    failures.append(f"{method} {rule.rule} [{label}]: {exc!r}")
                    continue
                # /healthz says 503 while the schema is not stamped (made here by create_all).
                if status >= 500 and rule.endpoint != "health.healthz":
                    failures.append(f"{method} {rule.rule} [{label}]: {status}")
    return failures


@pytest.fixture
def hostile_app(app):
    app.config.update(
        WTF_CSRF_ENABLED=False,
        API_RATE_PER_MINUTE=10**6,
        MISS_MAX_PER_ADDRESS=10**6,
        LOG_REQUESTS=False,
    )
    return app


@pytest.mark.parametrize("admin", [False, True], ids=["rep", "admin"])
def test_every_route_answers_hostile_values_without_a_500(
    hostile_app, client, auth, make_rep, make_prospect, admin
):
    app = hostile_app
    # Row 1 of each table is what the second walk's paths name: another rep (the walker
    # resetting its own password would sign it out), and a token the walk may revoke.
    make_rep(email="lee@acme.com", name="Lee Park")
    rep = make_rep(email="dana@acme.com", admin=admin)
    make_prospect(rep)
    with app.app_context():
        session = get_session()
        api_tokens.create(session, rep, "to revoke")
        _row, token = api_tokens.create(session, rep, "walk")
        templates.save_template(
            session, rep, team=False, name="Mine", goal="visit", attempt="",
            voicemail="Hi {{ first_name }}, see {{ spoken_url }}.", email_subject="Hi",
            email_body="See {{ url }}",
        )  # fmt: skip
    assert auth.login().status_code == 302
    failures = walk(app, client, token, HOSTILE)
    # The same fields again with real ids in the paths, so views get past their lookups.
    failures += walk(app, client, token, {"id": "1"})
    assert not failures, "\n".join(failures)
    assert client.get("/app/").status_code == 200  # still signed in: nothing was skipped


# The requests the attack run found, each a 500 before.
REPORTED = [
    ("GET", "/app/live?after=99999999999999999999999", 400),
    ("GET", "/app/prospects/99999999999999999999999", 404),
    ("GET", "/app/templates/99999999999999999999999", 404),
    ("POST", "/app/templates/%C2%B2/active", 404),
    ("POST", "/app/tokens/99999999999999999999999/revoke", 404),
    ("POST", "/app/team/99999999999999999999999/reset", 404),
    ("GET", f"/app/prospects/{2**31}", 404),
]


@pytest.mark.parametrize(("method", "path", "status"), REPORTED)
def test_reported_requests_answer_4xx(hostile_app, client, auth, make_rep, method, path, status):
    make_rep(admin=True)
    auth.login()
    assert client.open(path, method=method).status_code == status


def test_unicode_digits_name_no_row(hostile_app, client, auth, make_rep, make_prospect):
    """`٣` is a digit to int() (3), but no URL of ours has one: it names nothing."""
    rep = make_rep()
    make_prospect(rep)
    auth.login()
    assert client.get("/app/prospects/1").status_code == 200
    assert client.get("/app/prospects/%D9%A1").status_code == 404  # ١, ARABIC-INDIC ONE


def test_team_forms_with_huge_rep_ids(hostile_app, client, auth, make_rep):
    admin = make_rep(admin=True)
    other = make_rep(email="sam@acme.com", name="Sam Lee")
    auth.login()
    for action, field in (("deactivate", "reassign_to"), ("reassign", "to")):
        response = client.post(f"/app/team/{other.id}/{action}", data={field: str(2**70)})
        assert response.status_code == 302
    assert client.get("/app/team").status_code == 200
    assert admin.id != other.id


def test_sign_in_with_crlf_in_next_goes_to_the_dashboard(client, make_rep):
    """The right password and ?next=/app/%0D%0A: signed in, sent home, no 500."""
    make_rep()
    client.application.config["WTF_CSRF_ENABLED"] = False
    for target in ("/app/%0D%0A", "/app/%0Aevil", "/app%00", "/app/%E2%80%AE"):
        response = client.post(
            f"/login?next={target}",
            data={"email": "dana@acme.com", "password": "correct horse battery"},
        )
        assert response.status_code == 302
        assert response.headers["Location"] == "/app/"
        client.post("/logout")
