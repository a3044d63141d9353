"""Issue 21.3: every script's letters. A name's keys keep its combining marks (vowel signs,
viramas, harakat, tone marks) with their letters, so the first name alone, the slug and
the spoken name agree: विष्णु is `vissnnu`, not `vssnn`."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from landing.calls import outcomes
from landing.data.db import get_session
from landing.scripts.library import BUILTINS
from landing.urls import heard_index
from landing.urls.slugs import slug_key

NFD = unicodedata.normalize
# (first, last, slug, the first name typed as heard)
NAMES = [
    ("विष्णु", "कौल", "Vissnnu-Kaul", "Vissnnu"),  # Devanagari: virama, vowel signs
    ("अर्पिता", "सेन", "Arpitaa-Sen", "Arpitaa"),  # Devanagari: a conjunct with virama
    ("সুমন", "বসু", "Sumn-Bsu", "Sumn"),  # Bengali
    ("অর্পিতা", "সেন", "Arpitaa-Sen", "Arpitaa"),
    ("สมชาย", "ใจดี", "Smchaay-Aicchdii", "Smchaay"),  # Thai: vowel and tone marks
    ("فَاطِمَة", "حَسَن", "faTima-Hasan", "Fatima"),  # Arabic with harakat
    ("مُحَمَّد", "عَلِيّ", "muHamaWd-aliyW", "Muhamawd"),  # and shadda
    (NFD("NFD", "Nguyễn"), NFD("NFD", "Thị Minh"), "Nguyen-Thi-Minh", "Nguyen"),  # Vietnamese
    (NFD("NFD", "Trần"), NFD("NFD", "Đức"), "Tran-Duc", "Tran"),  # decomposed, as macOS types
    # Issue 19: each script's usual Latin form, not letter by letter (Elene, Gim).
    ("Ελένη", "Παπαδοπούλου", "Eleni-Papadopoulou", "Eleni"),  # Greek: ISO 843 / ELOT 743
    ("Ευάγγελος", "Οικονόμου", "Evangelos-Oikonomou", "Evangelos"),  # αυ/ευ, γγ, ου
    ("민준", "김", "Minjun-Kim", "Minjun"),  # Korean: the surname as families write it
    ("석민", "박", "Seokmin-Park", "Seokmin"),  # given names without sound changes
]
SCRIPTS = ["devanagari", "devanagari-2", "bengali", "bengali-2", "thai", "arabic",
           "arabic-2", "vietnamese", "vietnamese-2", "greek", "greek-2", "korean",
           "korean-2"]  # fmt: skip


@pytest.mark.parametrize("first, last, slug, heard", NAMES, ids=SCRIPTS)
def test_name_keys_match_the_slug_and_the_spoken_name(first, last, slug, heard):
    keys = heard_index.keys_of(slug, first, last)
    assert keys.first == slug_key(heard)
    assert keys.name == keys.slug == slug_key(slug)
    # The name sounds as its slug is said.
    assert heard_index.slug_sounds(slug) & heard_index.sounds_of("", first, last)


@pytest.mark.parametrize("first, last, slug, heard", NAMES, ids=SCRIPTS)
def test_each_script_reaches_its_page_by_ear(
    app, make_rep, make_prospect, prospect_client, first, last, slug, heard
):
    rep = make_rep()
    prospect = make_prospect(rep, first, last)
    assert prospect.slug == slug
    with app.app_context():
        session = get_session()
        outcomes.log_outcome(
            session, session.merge(rep), session.merge(prospect), outcomes.VOICEMAIL_LEFT,
            template_key=BUILTINS[0].key, today=date.today(),
        )  # fmt: skip
    assert prospect_client.get("/" + slug).status_code == 200
    typed_in_script = prospect_client.get(f"/{first}-{last}".replace(" ", "-"))
    assert typed_in_script.status_code == 301
    assert typed_in_script.headers["Location"] == "/" + slug
    for typed in (heard, heard.lower(), first, slug[:-1]):  # first name alone; one typo
        response = prospect_client.get("/" + typed)
        assert response.status_code == 302, typed
        assert response.headers["Location"] == "/" + slug
