"""Names that are hard to get from hearing them once get a spelling aid; common names do not."""

from __future__ import annotations

import pytest

from landing.scripts.spelling import spell, suggest_spelling, why_hard


@pytest.mark.parametrize(
    ("name", "because"),
    [
        ("Siobhan", "h after b, d or m"),
        ("Niamh", "h after b, d or m"),
        ("Tadhg", "h after b, d or m"),
        ("Aoife", "'ao'"),
        ("Saoirse", "'ao'"),
        ("Eoin", "three vowels"),
        ("Beau", "three vowels"),
        ("Sinead", "said unlike its letters"),
        ("Szymanski", "Polish or Hungarian"),
        ("Czarnecki", "Polish or Hungarian"),
        ("Zsofia", "Polish or Hungarian"),
        ("Przybylski", "Polish or Hungarian"),
        ("Dijkstra", "Dutch"),
        ("Xavier", "first letter"),
        ("Zhang", "first letter"),
        ("Nguyen", "first letter"),
        ("Lloyd", "first letter"),
        ("Knox", "first letter"),
        ("Pfeiffer", "first letter"),
        ("Hough", "ough"),
        ("McLaughlin", "augh"),
        ("Tariq", "q without a u"),
        ("Qiu", "q without a u"),
        ("Tiina", "doubled i or u"),
        ("Hirschfeld", "five consonants"),
        ("Mkrtchyan", "five consonants"),
        ("O'Brien", "apostrophe"),
        ("D\u2019Angelo", "apostrophe"),
        ("Núñez", "accented"),
        ("Müller", "accented"),
        ("Sean", "another spelling"),
        ("Shawn", "another spelling"),
        ("Katherine", "another spelling"),
        ("Kathryn", "another spelling"),
        ("John", "another spelling"),
        ("Jon", "another spelling"),
        ("Stephen", "another spelling"),
        ("Sarah", "another spelling"),
        ("Anne", "another spelling"),
        ("Bryan", "another spelling"),
        ("Phillip", "another spelling"),
        ("Mathew", "another spelling"),
        ("Meghan", "another spelling"),
        ("Kaitlyn", "another spelling"),
        ("Geoff", "another spelling"),
        ("Aiden", "another spelling"),
        ("mary ann", "another spelling"),
    ],
)
def test_hard_names_are_flagged_with_a_reason(name, because):
    assert because in why_hard(name)


@pytest.mark.parametrize(
    "name",
    [
        "Rob", "Mason", "Dana", "Reyes", "Smith", "Johnson", "Garcia", "Michael", "Jennifer",
        "McLeod", "MacDonald", "Williams", "Rodriguez", "Martinez", "Thompson", "Mitchell",
        "Christopher", "Elizabeth", "Armstrong", "Goldstein", "Fitzgerald", "Katz", "Schwartz",
        "Vijay", "Dhillon", "Aaron", "Isaac", "Tao", "Patel", "Kim", "De la Cruz", "Van der Berg",
        "Smith-Jones", "",
    ],
)  # fmt: skip
def test_common_names_are_not_flagged(name):
    assert why_hard(name) == ""
    assert suggest_spelling(name, "") == ""


@pytest.mark.parametrize(
    ("word", "spelled"),
    [
        ("Siobhan", "Siobhan, S I O B H A N"),
        ("Rob", "Rob, R O B"),
        ("O'Brien", "O'Brien, O B R I E N"),
        ("o\u2019brien", "O\u2019Brien, O B R I E N"),
        ("Anne-Marie", "Anne-Marie, A N N E hyphen M A R I E"),
        ("De la Cruz", "De la Cruz, D E hyphen L A hyphen C R U Z"),
        ("Núñez", "Núñez, N U N E Z"),
        ("Rob2", "Rob2, R O B 2"),
        ("  Niamh ", "Niamh, N I A M H"),
        ("mkrtchyan", "Mkrtchyan, M K R T C H Y A N"),
        ("", ""),
        ("'", ""),
    ],
)
def test_spell_says_the_letters_the_address_has(word, spelled):
    assert spell(word) == spelled


@pytest.mark.parametrize(
    ("first", "last", "suggestion"),
    [
        ("Rob", "Mason", ""),
        ("Dana", "Reyes", ""),
        ("Siobhan", "Kelly", "Siobhan, S I O B H A N"),
        ("Rob", "O'Brien", "O'Brien, O B R I E N"),
        ("Siobhan", "O'Brien", "Siobhan, S I O B H A N; O'Brien, O B R I E N"),
        ("Sean", "Szymanski", "Sean, S E A N; Szymanski, S Z Y M A N S K I"),
        ("Jennifer", "Nguyen", "Nguyen, N G U Y E N"),
        ("Anne-Marie", "Smith", "Anne-Marie, A N N E hyphen M A R I E"),
        ("Niamh", "", "Niamh, N I A M H"),
        ("", "", ""),
    ],
)
def test_suggest_spelling_spells_only_the_hard_parts(first, last, suggestion):
    assert suggest_spelling(first, last) == suggestion
