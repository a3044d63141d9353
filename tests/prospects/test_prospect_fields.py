"""A new prospect's fields are defined once, in landing.prospects.fields: the add form, the
CSV import, the API's body and its OpenAPI document all read that table, so none of them can
take a field, or a limit, that the others do not."""

from __future__ import annotations

import pytest

from landing.data.models import Prospect
from landing.prospects import crm_headers, csv_import, fields
from landing.web.api import openapi
from landing.web.api import routes as api_views
from landing.web.rep import prospects as prospect_views

ADDED = {fields.FIELDS[name] for name in fields.ADDED}


def _schemas() -> dict:
    return openapi.document()["components"]["schemas"]


def test_the_api_the_form_and_the_document_take_the_same_fields():
    names = set(fields.ADDED)
    # The API also takes the URL itself, and the confirmations of one that sounds like
    # another and of a second prospect for someone already listed.
    confirmations = {"slug", "allow_rival", "allow_duplicate"}
    assert set(api_views.PROSPECT_INPUT) == names | confirmations
    assert set(prospect_views.PROSPECT_FIELDS) == names
    document = _schemas()["ProspectInput"]
    assert set(document["properties"]) == names | confirmations
    assert document["required"] == list(fields.REQUIRED) == ["first_name"]
    assert document["additionalProperties"] is False


def test_the_document_states_each_fields_limit():
    properties = _schemas()["ProspectInput"]["properties"]
    for field in ADDED:
        if field.kind == fields.GOAL:
            assert properties[field.name]["enum"][0] == ""
        else:
            assert properties[field.name]["maxLength"] == field.max_length, field.name


def test_the_csv_import_reads_the_person_fields_and_the_api_shows_them():
    assert csv_import.FIELDS == fields.PERSON
    assert set(crm_headers.SPELLINGS) == {*fields.PERSON, "name"}
    shown = set(_schemas()["Prospect"]["properties"])
    assert set(fields.PERSON) <= shown


def test_each_limit_is_the_columns():
    """The table model cannot import the table (data sits below prospects): they agree."""
    for field in fields.TABLE:
        assert Prospect.__table__.c[field.name].type.length == field.max_length, field.name


@pytest.mark.parametrize("field", [f for f in fields.TABLE if f.kind == fields.TEXT])
def test_a_text_field_one_over_its_limit_is_refused_by_api_form_and_csv(field):
    given = {"first_name": "Rob", field.name: "x" * (field.max_length + 1)}
    message = f"At most {field.max_length} characters."
    _values, errors = fields.check(given, "US", names=tuple(fields.FIELDS))
    assert errors == {field.name: message}
    if field.name in fields.PERSON:
        assert csv_import.check_row(given, "US")[1] == {field.name: message}
