"""Whatever the prospect types after hearing the URL once: their page, and never someone
else's. The table is what people type; the property checks the index against brute force."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from landing.calls import outcomes
from landing.core.clock import utcnow
from landing.data.db import get_engine, get_session
from landing.data.models import Prospect
from landing.prospects import service as prospects
from landing.scripts.library import BUILTINS
from landing.urls import heard_index
from landing.urls.resolve import judge, near_match

PEOPLE = [
    # (first, last, company, archived, do_not_contact)
    ("Rob", "Mason", "Acme", False, False),
    ("Katherine", "Vandenberg", "", False, False),
    ("Shawn", "Kelly", "", False, False),
    ("Siobhan", "O'Brien", "", False, False),
    ("José", "García", "", False, False),
    ("Ann", "Lee", "", False, False),
    ("Anne", "Leigh", "", False, False),
    ("Jon", "Smith", "", False, False),
    ("John", "Smith", "Globex", False, False),  # slug John-Smith: the keys differ
    ("Peter", "Archer", "", True, False),  # archived
    ("Dana", "Nocall", "", False, True),  # do not contact
    ("Li", "Wu", "", False, False),
    ("Bo", "Dean", "", False, False),
    ("Bo", "Deane", "", False, False),
    ("Maximilian", "Oberhauser", "", False, False),
]


@pytest.fixture
def people(app, make_rep):
    rep = make_rep()
    with app.app_context():
        session = get_session()
        for first, last, company, archived, dnc in PEOPLE:
            p = prospects.create_prospect(
                session, rep, first_name=first, last_name=last, company=company
            )
            # Each was left a voicemail: a name alone leads only to someone who was.
            outcomes.log_outcome(
                session, rep, p, outcomes.VOICEMAIL_LEFT, template_key=BUILTINS[0].key,
                today=date.today(),
            )  # fmt: skip
            if archived:
                prospects.archive(session, p)
            if dnc:
                p.do_not_contact = True
                session.add(p)
                session.commit()
    return rep


PAGE, GONE = 200, 404
# (typed, status, where it sends): 301 same key, 302 near match, 404 nothing.
HEARD = [
    # 1. exact
    ("Rob-Mason", PAGE, None),
    ("Katherine-Vandenberg", PAGE, None),
    ("Jose-Garcia", PAGE, None),
    ("Siobhan-OBrien", PAGE, None),
    # 2. same key: case, separators, dashes, %20, accents, trailing slash, none at all
    ("rob-mason", 301, "Rob-Mason"),
    ("ROB-MASON", 301, "Rob-Mason"),
    ("RobMason", 301, "Rob-Mason"),
    ("robmason", 301, "Rob-Mason"),
    ("Rob_Mason", 301, "Rob-Mason"),
    ("Rob.Mason", 301, "Rob-Mason"),
    ("Rob Mason", 301, "Rob-Mason"),
    ("Rob%20Mason", 301, "Rob-Mason"),
    ("Rob\u2013Mason", 301, "Rob-Mason"),  # en dash pasted from a note
    ("Rob\u2014Mason", 301, "Rob-Mason"),  # em dash
    ("Rob-Mason/", 301, "Rob-Mason"),
    ("Rob--Mason", 301, "Rob-Mason"),
    ("José-García", 301, "Jose-Garcia"),
    ("jose garcia", 301, "Jose-Garcia"),
    ("Siobhan-O'Brien", 301, "Siobhan-OBrien"),
    ("katherine_vandenberg/", 301, "Katherine-Vandenberg"),
    # 3. one edit (keys up to 8 letters): insertion, deletion, substitution, swap
    ("Rob-Masson", 302, "Rob-Mason"),
    ("Rob-Masn", 302, "Rob-Mason"),
    ("Rob-Masen", 302, "Rob-Mason"),
    ("Rbo-Mason", 302, "Rob-Mason"),
    ("Rob-Maosn", 302, "Rob-Mason"),
    ("Robb-Mason", 302, "Rob-Mason"),
    # ... two for longer keys
    ("Katherine-Vandenburg", 302, "Katherine-Vandenberg"),
    ("Katharine-Vandenburg", 302, "Katherine-Vandenberg"),
    ("Katherine-Vanderberg", 302, "Katherine-Vandenberg"),
    ("Kahterine-Vandenberg", 302, "Katherine-Vandenberg"),
    ("Katherine-Vnadenbreg", 302, "Katherine-Vandenberg"),  # two swaps
    ("Maximillian-Oberhauser", 302, "Maximilian-Oberhauser"),
    ("Maximilian-Oberhausser", 302, "Maximilian-Oberhauser"),
    # ... but three is too many
    ("Kathy-Vandenberg", GONE, None),
    ("Rob-Masonxyz", GONE, None),
    # 3. the same sound per name part
    ("Rob-Mayson", 302, "Rob-Mason"),
    ("Catherine-Vandenberg", 302, "Katherine-Vandenberg"),
    ("Sean-Kelly", 302, "Shawn-Kelly"),
    ("Shaun-Kelly", 302, "Shawn-Kelly"),
    ("Shivawn-OBrien", 302, "Siobhan-OBrien"),
    # first name only, last name only, reversed
    ("Rob", 302, "Rob-Mason"),
    ("Mason", 302, "Rob-Mason"),
    ("Mason-Rob", 302, "Rob-Mason"),
    ("mason_rob/", 302, "Rob-Mason"),
    ("Vandenberg", 302, "Katherine-Vandenberg"),
    ("Garcia-Jose", 302, "Jose-Garcia"),
    ("Kelly", 302, "Shawn-Kelly"),
    # 4. ambiguous: two are as near, so neither
    ("Smith", GONE, None),  # Jon Smith and John Smith
    ("Jon-Smyth", GONE, None),  # sounds like both
    ("Jonh-Smith", GONE, None),  # one edit from both
    ("Anne-Lee", GONE, None),  # one edit from Ann Lee, sounds like Anne Leigh
    ("Ann-Leigh", GONE, None),
    ("Bo", GONE, None),  # two Bos
    ("Bo-Dea", 302, "Bo-Dean"),  # one edit from Dean, two from Deane
    ("Bo-Deanne", GONE, None),  # one edit from Deane, sounds like both
    ("Bo-Deen", GONE, None),
    # archived and do not contact: never reached, not even exactly, and no one else instead
    ("Peter-Archer", GONE, None),
    ("peter-archer", GONE, None),
    ("Peter-Archor", GONE, None),
    ("Archer", GONE, None),
    ("Dana-Nocall", GONE, None),
    ("Dana-Nocal", GONE, None),
    # nearer a word the app keeps for itself, or nothing like anyone
    ("logn", GONE, None),
    ("help", GONE, None),
    ("Nobody-Here", GONE, None),
    ("x/y/z", GONE, None),
    ("Wu-Li-Chen", GONE, None),
]


def test_the_table_has_at_least_50_variants():
    assert len(HEARD) >= 50
    assert {status for _t, status, _w in HEARD} == {200, 301, 302, 404}


@pytest.mark.parametrize("typed, status, where", HEARD, ids=[h[0] for h in HEARD])
def test_what_people_type_after_hearing_the_url(people, prospect_client, typed, status, where):
    response = prospect_client.get("/" + typed)
    assert response.status_code == status
    if where:
        assert response.headers["Location"] == "/" + where
    if status == GONE:
        assert b"not found" in response.data.lower()


def test_every_404_is_the_same_and_names_no_one(people, prospect_client):
    bodies = {prospect_client.get("/" + t).data for t, s, _w in HEARD if s == GONE}
    assert len(bodies) == 1
    [body] = bodies
    for first, last, *_ in PEOPLE:
        assert first.encode() not in body and last.encode() not in body


def test_cli_resolve_says_the_same(people, runner):
    result = runner.invoke(["resolve", "Rob-Mayson", "--json"])
    assert result.exit_code == 0 and '"status": 302' in result.output
    assert runner.invoke(["resolve", "/Peter-Archer"]).output.startswith("404")


@pytest.mark.sqlite_only  # SQLite's plan; PostgreSQL's is checked by the test below
def test_near_lookup_reads_through_the_index_not_every_row(people, app):
    """The candidates query must be an index search; a full scan would not hold at 100k."""
    found, _sounded = heard_index._statements("sqlite")
    with app.app_context(), get_engine().connect() as conn:
        sql = str(found.compile(dialect=conn.dialect))
        probes = json.dumps(sorted(heard_index.query_probes("Katherine-Vandenbreg")))
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, (probes,)).all()
        assert len(heard_index.candidates(conn, json.loads(probes))) == 1
    details = " | ".join(row[-1] for row in plan)
    assert "SCAN heardkey" not in details and "SCAN prospect" not in details, details
    assert "SEARCH heardkey USING COVERING INDEX" in details, details
    # Each candidate's last voicemail (recency as evidence) comes in the same query.
    assert "SEARCH voicemail USING COVERING INDEX ix_voicemail_prospect_at" in details, details


@pytest.mark.postgresql_only
def test_near_lookup_on_postgresql_reads_through_the_index(people, app):
    """The same on PostgreSQL: the probes are looked up in heardkey's key, then each prospect
    by its id. Its planner rightly reads small tables whole, so 5,000 more prospects first
    make that table big; heardkey (slow to fill here) is checked with whole reads ruled out."""
    columns = [c.name for c in Prospect.__table__.c if c.name != "id"]
    copied = ["'filler' || n" if c in ("slug", "slug_key") else c for c in columns]
    # Copies of Rob Mason; the names come from the model, none from input.
    fill = text(
        f"INSERT INTO prospect ({', '.join(columns)}) SELECT {', '.join(copied)}"  # noqa: S608
        " FROM prospect, generate_series(1, 5000) AS n WHERE slug = 'Rob-Mason'"
    )
    found, _sounded = heard_index._statements("postgresql")
    sql = str(found.compile(dialect=postgresql.dialect()))
    probes = sorted(heard_index.query_probes("Katherine-Vandenbreg"))

    def steps(conn) -> str:
        plan = conn.exec_driver_sql("EXPLAIN " + sql, {"probes": probes}).scalars()
        # Each step and its condition, without the hundreds of probes spelled out.
        return " | ".join(line.split("  (cost")[0].strip()[:60] for line in plan)

    with app.app_context(), get_engine().begin() as conn:
        conn.execute(fill)
        conn.execute(text("ANALYZE prospect, heardkey"))
        assert len(heard_index.candidates(conn, probes)) == 1
        as_planned = steps(conn)
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        no_whole_reads = steps(conn)
    assert "Seq Scan on prospect" not in as_planned, as_planned
    assert "Index Scan using prospect_pkey on prospect | Index Cond: (id = ANY" in as_planned
    # Bitmap, plain or index-only: the planner picks by the visibility map; each is a search.
    assert "Seq Scan on heardkey" not in no_whole_reads, no_whole_reads
    assert re.search(
        r"Index (Only )?Scan (using|on) heardkey_pkey( on heardkey)? \| (Recheck|Index) Cond: "
        r"\((\(probe\)::text|probe) = ANY",  # an index-only scan's shows no cast
        no_whole_reads,
    ), no_whole_reads


# --- The property: the index finds exactly what comparing with every prospect would. ---

NAMES = ["Rob", "Bob", "Robb", "Mason", "Mayson", "Masen", "Ann", "Anne", "Lee", "Leigh",
         "Sean", "Shawn", "Kelly", "Kelley", "Katherine", "Catherine", "Vandenberg", "Li", "Wu",
         "Jon", "John", "Smith", "Smyth"]  # fmt: skip
letters = st.sampled_from("abcdefghijklmnopqrstuvwxyz-")


@st.composite
def typed_near(draw, slugs):
    """A slug with zero to three random edits, or a random name pair: what someone types."""
    base = draw(
        st.sampled_from(slugs) | st.builds(lambda a, b: f"{a}-{b}", *[st.sampled_from(NAMES)] * 2)
    )
    chars = list(base)
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["ins", "del", "sub", "swap"]))
        i = draw(st.integers(0, max(0, len(chars) - 1)))
        if op == "ins":
            chars.insert(i, draw(letters))
        elif op == "del" and len(chars) > 1:
            del chars[i]
        elif op == "sub" and chars:
            chars[i] = draw(letters)
        elif op == "swap" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars) or "x"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_never_an_archived_prospect_nor_one_of_two_equally_near(people, app, data):
    with app.app_context():
        conn = get_session().connection()
        every_probe = conn.execute(text("SELECT DISTINCT probe FROM heardkey")).scalars()
        everyone = heard_index.candidates(conn, list(every_probe))
        slugs = sorted(c.slug for c in everyone)
        typed = data.draw(typed_near(slugs))
        now = utcnow()
        found = near_match(conn, typed, now, recent_days=30)
        brute = judge(typed, everyone, since=now - timedelta(days=30))  # no index
    assert found.target_id == brute.target_id
    assert {c.id for c, _d in found.matched} == {c.id for c, _d in brute.matched}
    if found.target is not None:
        assert found.target.active
        assert len(found.matched) == 1  # nobody else near at all, let alone equally near


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_input_ever_reaches_an_archived_or_do_not_contact_page(people, app, data):
    from landing.urls.resolve import load_page, resolve

    with app.app_context():
        conn = get_session().connection()
        typed = data.draw(
            typed_near(["Peter-Archer", "Dana-Nocall", "Archer-Peter", "Nocall"])
            | st.text(min_size=1, max_size=25)
        )
        found = resolve(typed, lambda key: load_page(conn, key), lambda t: near_match(conn, t))
    reached = found.page.slug if found.page else found.redirect_to
    assert reached not in ("Peter-Archer", "Dana-Nocall")


@settings(max_examples=500, deadline=None)
@given(
    target=st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=22),
    edits=st.lists(
        st.tuples(st.sampled_from(["ins", "del", "sub", "swap"]), st.integers(0, 30), letters),
        max_size=2,
    ),
)
def test_every_string_within_the_allowed_edits_shares_a_probe(target, edits):
    """The pigeonhole index may not miss a prospect a comparison with every row would find."""
    from rapidfuzz.distance import OSA

    chars = list(target)
    for op, at, letter in edits:
        at = at % max(1, len(chars))
        if op == "ins":
            chars.insert(at, letter.strip("-") or "a")
        elif op == "del" and len(chars) > 1:
            del chars[at]
        elif op == "sub":
            chars[at] = letter.strip("-") or "a"
        elif op == "swap" and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
    typed = "".join(chars)
    if OSA.distance(typed, target) > heard_index.edits_allowed(len(target)):
        return  # two edits on a short key: not a near match, nothing to find
    assert heard_index.query_probes(typed) & heard_index.probes_of(target, target, "")
