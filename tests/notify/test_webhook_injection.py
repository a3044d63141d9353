"""Slack markup in a prospect's name: the webhook's `text` shows it as typed, so it can
neither ping a channel nor pass off a link as ours; `notice` keeps the raw value."""

from __future__ import annotations

import json
from datetime import timedelta

from landing.core.clock import utcnow
from landing.data.db import get_engine
from landing.notify import outbox
from tests.conftest import engage
from tests.notify.test_outbox import Receiver, set_rep

LAST = "<!channel> <https://evil.example|Open in CRM> & <@U123>"


def test_slack_markup_in_a_name_reaches_the_webhook_as_text(
    app, make_rep, make_prospect, prospect_client
):
    rep = make_rep()
    prospect = make_prospect(rep, first_name="Rob", last_name=LAST)
    receiver = Receiver()
    try:
        with app.app_context():
            engine = get_engine()
        set_rep(engine, rep.id, webhook_url=receiver.url)
        engage(prospect_client, f"/{prospect.slug}")
        settings = {**app.config, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True}
        assert outbox.deliver_due(engine, settings, now=utcnow() + timedelta(days=2)) == 1
    finally:
        receiver.close()

    [hook] = receiver.requests
    payload = json.loads(hook.body)
    text = payload["text"]
    for markup in ("<!channel>", "<https://evil", "|Open in CRM>", "<@U123>"):
        assert markup not in text
    assert text.startswith(
        "Rob &lt;!channel&gt; &lt;https://evil.example|Open in CRM&gt; &amp; &lt;@U123&gt;"
        " is on their page now"
    )
    # Our own link is still there for Slack to link.
    assert text.endswith(f" https://acme.com/app/prospects/{prospect.id}")
    assert payload["notice"]["text"].startswith(f"Rob {LAST} is on their page now")
    assert payload["notice"]["url"] == f"https://acme.com/app/prospects/{prospect.id}"
