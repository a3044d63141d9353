"""The OpenAPI 3.1 document at /api/v1/openapi.json: a valid document, served to anyone,
describing every route under /api/v1 and the webhook landing sends.

`assert_documented` checks a real response against the document: tests/web/test_api.py runs
it on every answer it gets."""

from __future__ import annotations

import json
import re

from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from landing.notify import webhook_delivery
from landing.web.api import openapi

API = "/api/v1"
# Routes that are not operations: the document itself, and the catch-all answering 404/405.
NOT_OPERATIONS = {"api.openapi_document", "api.no_such_route"}


def node_ref(ref: str) -> list[str]:
    return ref.removeprefix("#/").split("/")


def resolve(document: dict, node: dict) -> dict:
    """node, or what its $ref points at within document."""
    while "$ref" in node:
        target = document
        for part in node_ref(node["$ref"]):
            target = target[part]
        node = target
    return node


def operation_for(document: dict, path: str, method: str) -> tuple[str, dict]:
    """The documented path template matching a real path, and its operation."""
    relative = path.split("?")[0].removeprefix(API)
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, relative) and method.lower() in item:
            return template, item[method.lower()]
    raise AssertionError(f"{method} {path} is not documented")


def assert_documented(response, path: str, method: str = "GET") -> dict:
    """The response's status is one the operation documents, and its JSON body and headers
    match the documented schema; the body, for further checks."""
    document = openapi.document()
    template, operation = operation_for(document, path, method)
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {template}: {status} is not documented"
    documented = resolve(document, operation["responses"][status])
    assert response.mimetype == "application/json"
    body = response.get_json()
    schema = documented["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
    assert not errors, f"{method} {template} {status}: " + "; ".join(
        f"{list(e.path)}: {e.message}" for e in errors[:5]
    )
    for header in documented.get("headers", {}):
        assert header in response.headers, f"{method} {template} {status}: no {header} header"
    return body


def test_the_document_is_valid_openapi_3_1():
    document = openapi.document()
    assert document["openapi"].startswith("3.1")
    OpenAPIV31SpecValidator(document).validate()


def test_it_is_served_without_a_token(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == json.loads(json.dumps(openapi.document()))
    assert response.get_json()["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_every_api_route_is_documented_with_its_methods(app):
    document = openapi.document()
    routes = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API + "/") and rule.endpoint not in NOT_OPERATIONS
    ]
    assert len(routes) >= 6
    for rule in routes:
        template = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix(API))
        assert template in document["paths"], f"{rule.rule} is not in the document"
        documented = {m.upper() for m in document["paths"][template] if m != "parameters"}
        served = rule.methods - {"HEAD", "OPTIONS"}
        assert served <= documented, f"{rule.rule}: {sorted(served - documented)} undocumented"
    for template, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["operationId"] and operation["summary"], f"{method} {template}"
            assert {"401", "429"} <= set(operation["responses"]), f"{method} {template}"


def test_the_webhook_is_documented_with_its_signature_headers():
    document = openapi.document()
    hook = document["webhooks"]["engagedVisit"]["post"]
    headers = {p["name"]: p for p in hook["parameters"] if p["in"] == "header"}
    body = b'{"text": "Rob Mason is on their page now"}'
    signature = webhook_delivery.sign("s3cret", "1733000000", body)
    assert re.fullmatch(headers["X-Landing-Signature"]["schema"]["pattern"], signature)
    assert re.fullmatch(headers["X-Landing-Timestamp"]["schema"]["pattern"], "1733000000")
    # The payload the worker sends (webhook_delivery.py's docstring) fits the documented schema.
    payload = {
        "text": "Rob Mason is on their page now https://acme.com/app/prospects/3",
        "event": "engaged_visit",
        "notice": {
            "id": 7,
            "kind": "engaged_visit",
            "at": "2025-03-04T15:16:17+00:00",
            "text": "Rob Mason is on their page now",
            "prospect_id": 3,
            "visit_id": 12,
            "url": "https://acme.com/app/prospects/3",
        },
    }
    schema = {"$ref": "#/components/schemas/EngagedVisitNotice", **document}
    Draft202012Validator(schema).validate(payload)
    assert "X-Landing-Signature" in hook["description"]
