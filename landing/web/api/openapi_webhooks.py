"""The webhook landing sends (landing.notify.webhook_delivery), as the OpenAPI document's
`webhooks` describe it: when it is sent, how it is signed, and what it carries."""

from __future__ import annotations

from landing.web.api.schemas import ref


def webhooks() -> dict:
    signed = "Present when the rep set a webhook secret."
    return {
        "engagedVisit": {
            "post": {
                "operationId": "engagedVisit",
                "summary": "A prospect is on their page now (one per engaged visit)",
                "description": (
                    "Sent by `landing worker` to the rep's webhook URL (Notifications → How "
                    "you are told), at least once, with retries and backoff; 20 failures in "
                    "a row turn the webhook off. The body is Slack-compatible (`text`). With "
                    "a secret, verify `X-Landing-Signature` = `sha256=` + hex HMAC-SHA256 "
                    "with the secret of `<X-Landing-Timestamp>.<raw body>`, compare in "
                    "constant time, and reject timestamps more than a few minutes old."
                ),
                "security": [],
                "parameters": [
                    {
                        "name": "X-Landing-Timestamp",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[0-9]+$"},
                        "description": f"Unix seconds when it was sent. {signed}",
                    },
                    {
                        "name": "X-Landing-Signature",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^sha256=[0-9a-f]{64}$"},
                        "description": f"`sha256=<hex HMAC>`. {signed}",
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("EngagedVisitNotice")}},
                },
                "responses": {
                    "2XX": {"description": "Received. Any other answer is retried later."}
                },
            }
        }
    }
