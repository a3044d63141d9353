"""Names become speakable slugs: transliterated, unique, never reserved, at most 60 chars."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landing.urls.slugs import (
    MAX_LENGTH,
    RESERVED,
    SlugError,
    base_slug,
    choose_slug,
    is_valid_slug,
    page_url,
    slug_key,
    spoken_url,
)


def nothing_taken(key: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("first", "last", "slug"),
    [
        ("Rob", "Mason", "Rob-Mason"),
        ("rob", "mason", "Rob-Mason"),
        ("José", "Núñez", "Jose-Nunez"),
        ("Zoë", "Ågren", "Zoe-Agren"),
        ("Jürgen", "Groß", "Jurgen-Gross"),
        ("Mary Ann", "Smith-Jones", "Mary-Ann-Smith-Jones"),
        ("Seán", "O'Brien", "Sean-OBrien"),
        ("Seán", "O\u2019Brien", "Sean-OBrien"),
        ("Владимир", "Иванов", "Vladimir-Ivanov"),
        ("  Rob  ", " Mason ", "Rob-Mason"),
        ("Rob", "", "Rob"),
        ("DJ", "McLeod", "DJ-McLeod"),
        ("Rob", "Mason 3rd", "Rob-Mason-3rd"),
    ],
)
def test_names_become_speakable_slugs(first, last, slug):
    assert choose_slug(first, last, "", nothing_taken) == slug


@pytest.mark.parametrize("name", ["", "   ", "!!!", "-- --", "@#$%"])
def test_a_name_with_no_letter_or_digit_is_refused(name):
    with pytest.raises(SlugError, match="letter or digit"):
        base_slug(name, "")


def test_a_name_in_a_script_without_transliteration_still_gets_a_page():
    # Letters exist, so the name is accepted; the slug falls back to a speakable word.
    slug = choose_slug("\U000120a0", "", "", nothing_taken)
    assert slug == "Prospect"


def test_second_prospect_with_same_name_gets_company_then_number():
    taken: set[str] = set()

    def add(company: str) -> str:
        slug = choose_slug("Rob", "Mason", company, taken.__contains__)
        taken.add(slug_key(slug))
        return slug

    assert add("Acme Logistics") == "Rob-Mason"
    assert add("Acme Logistics") == "Rob-Mason-Acme"
    assert add("Acme Logistics") == "Rob-Mason-Acme-Logistics"
    assert add("Acme Logistics") == "Rob-Mason-2"
    assert add("Globex") == "Rob-Mason-Globex"
    assert add("") == "Rob-Mason-3"


def test_taken_is_compared_by_key_so_case_and_separators_collide():
    taken = {"robmason"}
    assert choose_slug("ROB", "MASON", "", taken.__contains__) == "ROB-MASON-2"


@pytest.mark.parametrize("word", ["Login", "Static", "API", "App", "Admin", "Healthz", "Logout"])
def test_reserved_words_are_never_slugs(word):
    slug = choose_slug(word, "", "Acme", nothing_taken)
    assert slug == f"{word}-Acme"
    assert slug_key(slug) not in RESERVED


def test_reserved_covers_files_the_browser_asks_for():
    assert slug_key("robots.txt") in RESERVED
    assert slug_key("favicon.ico") in RESERVED


def test_long_names_are_cut_at_a_word_under_sixty_characters():
    first = "Maximiliana Alexandrina"
    last = "Hohenzollern-Sigmaringen-Wittelsbach-Habsburg"
    slug = choose_slug(first, last, "", nothing_taken)
    assert len(slug) <= MAX_LENGTH
    assert slug == "Maximiliana-Alexandrina-Hohenzollern-Sigmaringen-Wittelsbach"

    taken = {slug_key(slug)}
    second = choose_slug(first, last, "Acme", taken.__contains__)
    assert len(second) <= MAX_LENGTH
    assert second.endswith("-Acme")


def test_one_endless_word_is_cut_hard():
    slug = choose_slug("A" * 100, "", "", nothing_taken)
    assert slug == "A" * MAX_LENGTH


def test_slug_key_ignores_case_separators_and_accents():
    assert slug_key("Rob-Mason") == "robmason"
    assert slug_key("ROB_MASON") == "robmason"
    assert slug_key("rob.mason") == "robmason"
    assert slug_key("José-Núñez") == "josenunez"


@pytest.mark.parametrize(
    ("base", "spoken"),
    [
        ("https://acme.com", "acme dot com forward slash Rob hyphen Mason"),
        ("https://www.acme.com/", "www dot acme dot com forward slash Rob hyphen Mason"),
        ("https://ACME.com/go", "acme dot com forward slash go forward slash Rob hyphen Mason"),
        (
            "http://127.0.0.1:8000",
            "127 dot 0 dot 0 dot 1 colon 8000 forward slash Rob hyphen Mason",
        ),
        ("acme.com", "acme dot com forward slash Rob hyphen Mason"),
    ],
)
def test_spoken_url(base, spoken):
    assert spoken_url(base, "Rob-Mason") == spoken


def test_page_url_joins_without_double_slash():
    assert page_url("https://acme.com/", "Rob-Mason") == "https://acme.com/Rob-Mason"
    assert page_url("https://acme.com/go", "Rob-Mason") == "https://acme.com/go/Rob-Mason"


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40
).filter(lambda s: any(ch.isalnum() for ch in s))


@settings(max_examples=300, deadline=None)
@given(
    first=names,
    last=st.text(max_size=40),
    company=st.text(max_size=40),
    earlier=st.lists(st.tuples(names, st.text(max_size=20)), max_size=8),
)
def test_any_name_with_a_letter_or_digit_gets_a_valid_unique_slug(first, last, company, earlier):
    taken: set[str] = set()
    for earlier_first, earlier_company in earlier:
        taken.add(slug_key(choose_slug(earlier_first, "", earlier_company, taken.__contains__)))

    slug = choose_slug(first, last, company, taken.__contains__)

    assert is_valid_slug(slug), slug
    key = slug_key(slug)
    assert key not in taken
    assert key not in RESERVED
    # Resolves back: the key of what a prospect would type (any case, any separator) is ours.
    assert slug_key(slug.lower().replace("-", "_")) == key
    assert slug_key(slug.upper().replace("-", "")) == key


@given(st.text(alphabet="abcXYZ019 _.-'&,#;é", max_size=16))
def test_the_fast_key_is_the_slugify_key(text):
    from slugify import slugify

    assert slug_key(text) == slugify(text, separator="")


@pytest.mark.parametrize(
    "language, spoken",
    [
        ("de", "acme punkt com Schrägstrich Rob Bindestrich Mason"),
        ("fr", "acme point com barre oblique Rob tiret Mason"),
        ("es", "acme punto com barra Rob guion Mason"),
        ("nl", "acme punt com schuine streep Rob streepje Mason"),
        ("pt", "acme ponto com barra Rob hífen Mason"),
    ],
)
def test_spoken_url_in_the_prospects_language(language, spoken):
    assert spoken_url("https://acme.com", "Rob-Mason", language=language) == spoken


def test_the_short_words_a_company_chose_are_said_in_each_language():
    said = spoken_url("https://acme.com", "Rob-Mason", "slash", "dash", "de")
    assert said == "acme punkt com Slash Rob Minus Mason"


@pytest.mark.parametrize(
    ("first", "last", "slug"),
    [
        ("Anna", "van der Berg", "Anna-van-der-Berg"),
        ("anna", "van der berg", "Anna-van-der-Berg"),  # typed in lowercase: a name still
        ("Ana", "de la Cruz", "Ana-de-la-Cruz"),
        ("Ludwig", "Von Beethoven", "Ludwig-Von-Beethoven"),  # as written
        ("de", "Groot", "De-Groot"),  # the first word is never a particle
        ("Sean", "O'Sullivan", "Sean-OSullivan"),  # said "O Sullivan", one word
    ],
)
def test_particles_stay_as_written_and_irish_names_keep_their_capital(first, last, slug):
    assert base_slug(first, last) == slug
    assert slug_key(base_slug(first, last)) == slug.lower().replace("-", "")
