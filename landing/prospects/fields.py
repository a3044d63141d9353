"""What a rep can say about a new prospect, defined once: each field's name, label, longest
value, kind of check, and whether a CSV fills it (its header spellings are in crm_headers).

The add-prospect form, the CSV import, the API's body and its OpenAPI document all read
this table, so a field added or a limit changed here is changed everywhere at once (they
were five hand-kept copies, and their limits had started to differ). The column lengths in
landing.data.models.Prospect cannot import it (data sits below prospects); a test holds
them equal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from landing.core import languages, validate
from landing.scripts import goals
from landing.urls.slugs import SlugError, base_slug

TEXT, EMAIL, PHONE, GOAL, LANGUAGE = "text", "email", "phone", "goal", "language"


@dataclass(frozen=True)
class ProspectField:
    """One field of a new prospect."""

    name: str
    label: str  # the add form's
    max_length: int  # the column's too
    kind: str = TEXT  # which check reads it: TEXT, EMAIL, PHONE, GOAL or LANGUAGE
    required: bool = False
    description: str = ""  # the API document's, for what a client sends
    stored: str = ""  # the API document's, for the value as it comes back, when it differs
    hint: str = ""  # the add form's, under the field
    imported: bool = False  # read from a CSV (crm_headers says which columns fill it)
    added: bool = True  # taken by the add form and the API; else set later, on their page

    def check(self, checker: validate.Checker, value: str | None, region: str) -> str:
        """The value as stored, or (with the error noted in checker) as given."""
        if self.kind == EMAIL:
            return checker.run(self.name, validate.email, value, self.required)
        if self.kind == PHONE:
            # The number's own check (E.164) bounds it; max_length is the column's room. A
            # number that exists, not one of a possible length: 0452 382 284 read in the US
            # would be +10452382284, which no one answers.
            return checker.run(self.name, validate.valid_phone, value, region)
        if self.kind == GOAL:
            return checker.run(self.name, validate.choice, value, goals.GOALS, True)
        if self.kind == LANGUAGE:
            return checker.run(self.name, languages.language, value)
        return checker.run(self.name, validate.text, value, self.max_length, self.required)


TABLE = (
    ProspectField("first_name", "First name", 80, required=True, imported=True),
    ProspectField("last_name", "Last name", 80, imported=True),
    ProspectField("company", "Company", 120, imported=True),
    ProspectField("title", "Title", 120, imported=True),
    ProspectField(
        "email", "Email", 254, EMAIL, description="For the follow-up email.", imported=True,
    ),
    ProspectField(
        "phone", "Phone", 40, PHONE,
        description="With the country code: `+1 415 555 0199`.",
        stored="E.164 (`+14155550199`), or empty.", imported=True,
    ),
    ProspectField(
        "outcome", "The outcome they want", 200,
        description="What they want: `fewer late shipments`.",
        hint="What, not how, as a phrase: “fewer late shipments”, “a faster month-end close”.",
        imported=True,
    ),
    ProspectField(
        "goal", "Goal of the voicemail", 16, GOAL,
        description="The voicemails' goal; empty: the rep's or the team's default.",
    ),
    ProspectField(
        "language", "Language", 16, LANGUAGE,
        description="Their page's and email's language: `de` (German); empty: the team's.",
        imported=True,
    ),
    ProspectField("name_spelling", "Spelled out", 200, added=False),
)  # fmt: skip
FIELDS = {field.name: field for field in TABLE}
# The add form's and the API's, in the form's order.
ADDED = tuple(field.name for field in TABLE if field.added)
# Who the person is: what a CSV row can fill, and the fields the API shows of a prospect.
PERSON = tuple(field.name for field in TABLE if field.imported)
REQUIRED = tuple(field.name for field in TABLE if field.required)


def check(
    given: Mapping[str, str | None], region: str, names: tuple[str, ...] = ADDED
) -> tuple[dict[str, str], dict[str, str]]:
    """The named fields' values as stored (missing ones read as empty), and the errors by
    field. A name that makes no page URL is an error of first_name's."""
    checker = validate.Checker()
    values = {name: FIELDS[name].check(checker, given.get(name), region) for name in names}
    if "first_name" in values and "first_name" not in checker.errors:
        try:
            base_slug(values["first_name"], values.get("last_name", ""))
        except SlugError as exc:
            checker.errors["first_name"] = str(exc)
    return values, checker.errors
