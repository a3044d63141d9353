"""schemathesis calls every operation of /api/v1/openapi.json with what the document allows
(and some of what it does not), in process, with a rep's token: no answer may be a 5xx, and
each must be one the document describes.

Bounded so the run adds well under a minute to the suite: few examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from landing.data.db import get_session
from landing.team import api_tokens
from landing.web.api import openapi


@pytest.fixture
def api_token(app, make_rep, make_prospect, prospect_client):
    # One rep with a prospect who visited, so lists and slugs have something in them.
    app.config["API_RATE_PER_MINUTE"] = 1_000_000
    rep = make_rep()
    make_prospect(rep)
    prospect_client.get("/Rob-Mason")
    with app.app_context():
        return api_tokens.create(get_session(), rep, "schemathesis")[1]


# From the document itself rather than a per-test app (`from_fixture`): schemathesis's
# lazy loader reaches into pytest internals that pytest 9 removed. The test checks below
# that the served document is this one.
schema = schemathesis.openapi.from_dict(openapi.document())


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_no_operation_answers_a_server_error(case, app, api_token):
    # This test's app, for the case and for the probes some checks send on their own.
    case.operation.schema.app = app
    case.call_and_validate(
        app=app,
        headers={"Authorization": f"Bearer {api_token}"},
        # Phones and emails are checked beyond what a schema can say ("+1 555 ..." parses;
        # "000..." does not), so schema-valid input may rightly get 422.
        excluded_checks=[positive_data_acceptance],
    )
