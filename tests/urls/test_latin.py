"""Issue 19: Greek and Korean names become the Latin spelling their owners use (Eleni, Kim),
not a letter-by-letter one (Elene, Gim); Japanese kanji keep today's reading."""

from __future__ import annotations

import pytest

from landing.urls.latin import romanize
from landing.urls.slugs import base_slug, slug_key


@pytest.mark.parametrize(
    "first, last, slug",
    [
        ("Ελένη", "", "Eleni"),
        ("ελένη", "παπαδοπούλου", "Eleni-Papadopoulou"),  # typed in lowercase
        ("Γιώργος", "Σχίζας", "Giorgos-Schizas"),
        ("Μπάμπης", "Ψυχάρης", "Bampis-Psycharis"),
        ("민준", "김", "Minjun-Kim"),
        ("서연", "이", "Seoyeon-Lee"),
        ("지훈", "최", "Jihun-Choi"),
        ("하은", "정", "Haeun-Jung"),
        ("", "남궁", "Namgung"),  # a two-syllable surname
        ("김민준", "", "Kim-Minjun"),  # a full name written as one word
        ("Anna", "Κ.", "Anna-K"),  # Latin letters untouched beside Greek ones
    ],
)
def test_usual_latin_form(first, last, slug):
    assert base_slug(first, last) == slug
    assert slug_key(f"{first} {last}") == slug_key(slug)


def test_other_scripts_and_plain_names_are_as_before():
    assert romanize("Rob Mason") == "Rob Mason"
    assert base_slug("Zoë", "Brontë") == "Zoe-Bronte"
    # Kanji cannot be read reliably (山田 is Yamada): the generic reading stays, for the
    # rep to replace with the URL the person uses.
    assert base_slug("太郎", "山田") == "Tai-Lang-Shan-Tian"


def test_a_greek_or_korean_prospect_imports_with_its_usual_form(app, make_rep):
    from landing.data.db import get_session
    from landing.prospects import csv_import

    rep = make_rep()
    data = "First Name,Last Name\nΕλένη,Παπαδοπούλου\n민준,김\n太郎,山田\n".encode()
    with app.app_context():
        planned = csv_import.plan(get_session(), get_session().merge(rep), data)
    slugs = [row.slug for row in planned.rows]
    assert slugs == ["Eleni-Papadopoulou", "Minjun-Kim", "Tai-Lang-Shan-Tian"]
    # Kanji: imported, with a warning that the URL may not be the name's reading.
    assert [row.warnings for row in planned.rows[:2]] == [{}, {}]
    assert "a Japanese name reads otherwise (山田 is Yamada)" in planned.rows[2].warnings["name"]


def test_the_preview_warns_of_kanji(client, auth, make_rep):
    from tests.prospects.test_csv_import import upload

    make_rep()
    auth.login()
    html = upload(client, "First Name,Last Name\n太郎,山田\n".encode()).text
    assert "/Tai-Lang-Shan-Tian" in html
    assert "name: Written in Chinese characters, which the URL reads as Mandarin" in html


def test_the_voicemail_spells_the_name_as_its_url_has_it():
    from landing.scripts.spelling import suggest_spelling

    assert suggest_spelling("Ελένη", "Παπαδοπούλου") == (
        "Ελένη, E L E N I; Παπαδοπούλου, P A P A D O P O U L O U"
    )
    assert suggest_spelling("민준", "김") == "민준, M I N J U N; 김, K I M"
