"""New slugs that are distinct by ear from every slug of the team, live, archived or retired.

A listener types acme.com/<what they heard>: when a new slug is one edit or one sound from
another (Stephen-Singh after Steven-Singh), the listener reaches the other person. So the
app does not hand out such a slug unasked: it picks the next speakable candidate that is
rival to no one, and says so. Checks go through the heard-URL index (pairs of key pieces
and sound codes), never through every prospect, and a batch (a CSV import) looks up all
its slugs in a few queries and its own earlier rows in memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import combinations, islice, product

from rapidfuzz.distance import OSA
from sqlalchemy import Connection, Integer, String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from landing.core.clock import utcnow
from landing.data.models import HeardKey, Prospect, RetiredSlug, WebsitePath
from landing.urls import heard_index, sounds
from landing.urls.slugs import RESERVED, candidates, choose_slug, slug_key

LOOK_AT = 30  # candidates tried before settling for a free slug that is still a rival
CHUNK = 500  # prospects read at a time by rival_pairs
BATCH = 20_000  # probes or ids per query
MAX_PARTS = 5


@dataclass(frozen=True)
class Rival:
    """A slug a new one would be confused with. rep_id is None for a retired slug (a
    forgotten prospect's, whose voicemail may still be played back)."""

    slug: str
    rep_id: int | None = None
    prospect_id: int | None = None
    archived: bool = False
    website: bool = False  # a path of the company's website on the same domain

    @property
    def retired(self) -> bool:
        return self.rep_id is None and not self.website

    def shown_to(self, rep_id: int | None) -> str:
        """How the rival is named to rep_id: only the rep's own prospects by their URL
        (their slug is their name); rep_id None (the server's operator) sees every URL."""
        if self.website:
            return f"the website's /{self.slug}"
        if self.retired:
            return "a forgotten prospect's former page"
        if rep_id is not None and self.rep_id != rep_id:
            return "another prospect's page"
        return f"/{self.slug}" + (" (archived)" if self.archived else "")


def named(rivals: Iterable[Rival], rep_id: int | None) -> str:
    shown = list(dict.fromkeys(r.shown_to(rep_id) for r in rivals))
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def rival_message(slug: str, rivals: list[Rival], rep_id: int | None) -> str:
    """What a rep who typed a rival slug is told before it is theirs."""
    return (
        f"/{slug} sounds like {named(rivals, rep_id)} (one letter or one sound apart): "
        "listeners who hear it may type the other URL and reach the other person. "
        "Confirm to keep it anyway."
    )


@dataclass(frozen=True)
class Choice:
    """The slug chosen for a new prospect, and the natural one it replaces when that one
    had rivals."""

    slug: str
    natural: str
    rivals: tuple[Rival, ...] = ()
    website: bool = False  # the natural slug is a path of the company's website

    @property
    def moved(self) -> bool:
        return self.slug != self.natural

    def message(self, rep_id: int | None) -> str:
        if not self.moved:
            return ""
        if self.website:
            return (
                f"/{self.natural} is a page of the company's website, so the URL is /{self.slug}."
            )
        if not self.rivals:  # taken by a reserved word
            return f"/{self.natural} is kept for the app itself, so the URL is /{self.slug}."
        if any(slug_key(r.slug) == slug_key(self.natural) for r in self.rivals):
            return f"/{self.natural} is taken, so the URL is /{self.slug}."
        return (
            f"/{self.natural} sounds like {named(self.rivals, rep_id)}, so listeners could "
            f"reach the wrong person: the URL is /{self.slug} instead."
        )

    def as_json(self, rep_id: int | None) -> dict:
        return {
            "slug": self.slug,
            "natural": self.natural,
            "moved": self.moved,
            "rivals": [r.shown_to(rep_id) for r in self.rivals],
            "message": self.message(rep_id),
        }


@lru_cache(maxsize=1 << 16)  # a batch asks about the same stored slugs again and again
def said(slug: str) -> frozenset[str]:
    """How a slug sounds part by part; digits are said as themselves (Rob-Mason-2)."""
    parts = heard_index.name_parts(slug)
    if not parts or len(parts) > MAX_PARTS:
        return frozenset()
    codes = [sounds.of_word(p) if not p.isdigit() else frozenset({p}) for p in parts]
    if not all(codes):
        return frozenset()
    return frozenset("-".join(combo) for combo in product(*codes))


DIGITS = str.maketrans({d: w for d, w in zip("0123456789", (
    "zero one two three four five six seven eight nine".split()), strict=True)})  # fmt: skip


def is_rival(key: str, sound: frozenset[str], other_key: str, other_sound: frozenset[str]):
    """One edit apart as said (Rob-Mason-2 is "rob mason two", three letters from Rob-Mason
    and far from Rob-Mason-3), or the same sound part by part."""
    near = OSA.distance(key.translate(DIGITS), other_key.translate(DIGITS), score_cutoff=1) <= 1
    return near or bool(sound & other_sound)


def rival_probes(slug: str) -> set[str]:
    """The heard_key probes that find every slug one edit or one sound from this one."""
    key = slug_key(slug)
    # A slug's sound as indexed (Rob-Mason-2 has none: its number has no sound), and its
    # words' sound, which the names of Rob Mason and Rob Mason-2 are indexed under.
    letters = [p for p in heard_index.name_parts(slug) if not p.isdigit()]
    return {f"s:{code}" for code in sounds.of_parts(letters)} | _edit_probes(key)


def _edit_probes(key: str) -> set[str]:
    """The index's piece pairs (see heard_index) of any key one edit from this one.

    A key of length L is cut into pieces; one edit breaks at most one, and shifts the
    pieces after it by one letter: right when a letter was inserted (L = n + 1), left when
    one was deleted. A swap across a cut breaks two: it is undone first. Far fewer probes
    than a resolution needs, as one edit is all a rival is."""
    n, probes = len(key), set()
    shifted = {n: ((0, 0),), n + 1: ((0, 0), (0, -1), (-1, -1)), n - 1: ((0, 0), (0, 1), (1, 1))}
    for length, shifts in shifted.items():
        if length < 1:
            continue
        for prefix, at_i, size_i, at_j, size_j in _pairs(length):
            for shift_i, shift_j in shifts:
                a = key[at_i + shift_i : at_i + shift_i + size_i]
                b = key[at_j + shift_j : at_j + shift_j + size_j]
                if len(a) == size_i and len(b) == size_j and at_i + shift_i >= 0:
                    probes.add(f"{prefix}{a}|{b}")
    pairs = _pairs(n)
    for start, _size in heard_index._pieces(n)[1:]:
        if 0 < start < n and key[start - 1] != key[start]:
            swapped = key[: start - 1] + key[start] + key[start - 1] + key[start + 1 :]
            for prefix, at_i, size_i, at_j, size_j in pairs:
                a, b = swapped[at_i : at_i + size_i], swapped[at_j : at_j + size_j]
                probes.add(f"{prefix}{a}|{b}")
    return probes


@lru_cache(maxsize=256)
def _pairs(length: int) -> tuple[tuple[str, int, int, int, int], ...]:
    """Each pair of pieces of a key of this length: its probe's prefix, and where both are."""
    pieces = heard_index._pieces(length)
    return tuple(
        (f"e{length}:{i}{j}:", at_i, size_i, at_j, size_j)
        for (i, (at_i, size_i)), (j, (at_j, size_j)) in combinations(enumerate(pieces), 2)
    )


class _Memory:
    """Slugs kept in memory (retired ones, a batch's own), found by one-deletion keys and
    sounds: two keys one edit apart share a key with one letter deleted (or are one)."""

    def __init__(self) -> None:
        self.by_probe: dict[str, list[tuple[Rival, str, frozenset[str]]]] = {}

    def add(self, rival: Rival, key: str, sound: frozenset[str]) -> None:
        entry = (rival, key, sound)
        for probe in _deletions(key) | {f"s:{s}" for s in sound}:
            self.by_probe.setdefault(probe, []).append(entry)

    def near(self, key: str, sound: frozenset[str]) -> list[Rival]:
        found = {}
        for probe in _deletions(key) | {f"s:{s}" for s in sound}:
            for rival, other_key, other_sound in self.by_probe.get(probe, ()):
                if is_rival(key, sound, other_key, other_sound):
                    found[id(rival)] = rival
        return list(found.values())


def _deletions(key: str) -> set[str]:
    return {f"d:{key}"} | {f"d:{key[:i]}{key[i + 1 :]}" for i in range(len(key))}


@dataclass
class Checker:
    """Rival checks against the database, retired slugs and slugs already chosen in this
    batch (add). prefetch() looks many slugs up at once; anything else is one query."""

    conn: Connection
    now: datetime = field(default_factory=utcnow)
    _retired: _Memory | None = None
    _website: _Memory | None = None
    website_keys: frozenset[str] = frozenset()
    _batch: _Memory = field(default_factory=_Memory)
    _stored: dict[str, list[Rival]] = field(default_factory=dict)

    def retired(self) -> _Memory:
        """Retired slugs are few (forgotten prospects, for the retention window): read once."""
        if self._retired is None:
            self._retired = _Memory()
            query = select(RetiredSlug.slug_key).where(RetiredSlug.until > self.now)
            for (key,) in self.conn.execute(query):
                self._retired.add(Rival(key), key, said(key) | heard_index.typed_sounds(key))
        return self._retired

    def website(self) -> _Memory:
        """The website's top-level paths (landing.urls.website): read once, as few as pages."""
        if self._website is None:
            self._website = _Memory()
            rows = self.conn.execute(select(WebsitePath.key, WebsitePath.segment)).all()
            for key, segment in rows:
                self._website.add(Rival(segment, website=True), key, said(segment))
            self.website_keys = frozenset(key for key, _segment in rows)
        return self._website

    def kept(self, key: str) -> bool:
        """Whether key is the app's own word or the website's path: no slug's."""
        self.website()
        return key in RESERVED or key in self.website_keys

    def prefetch(self, slugs: Iterable[str]) -> None:
        """Look up the stored rivals of many slugs in a few queries."""
        wanted = {s: rival_probes(s) for s in dict.fromkeys(slugs) if s not in self._stored}
        if not wanted:
            return
        probes = sorted(set().union(*wanted.values()))
        ids_by_probe: dict[str, set[int]] = {}
        for probe, prospect_id in self._each(HeardKey.probe, probes, HeardKey.prospect_id):
            ids_by_probe.setdefault(probe, set()).add(prospect_id)
        ids = sorted(set().union(set(), *ids_by_probe.values()))
        stored = {}
        columns = (Prospect.rep_id, Prospect.slug, Prospect.slug_key, Prospect.archived_at)
        for row in self._each(Prospect.id, ids, *columns):
            rival = Rival(row.slug, row.rep_id, row.id, row.archived_at is not None)
            stored[row.id] = (rival, row.slug_key, said(row.slug))
        for slug, own in wanted.items():
            key, sound = slug_key(slug), said(slug)
            hit = set().union(set(), *(ids_by_probe.get(p, ()) for p in own))
            self._stored[slug] = [
                stored[i][0]
                for i in sorted(hit)
                if i in stored and is_rival(key, sound, *stored[i][1:])
            ]

    def prefetch_rows(
        self,
        people: list[tuple[str, str, str]],
        is_taken: Callable[[str], bool],
        look_up_taken: Callable[[list[str]], None],
    ) -> None:
        """Before a batch chooses (people: first, last, company): the rows whose first
        candidate may not do (reserved, taken, or sounding like a stored slug or another
        row's) have their second looked up together, and those whose second may not do
        either their further candidates, so a list of look-alike names costs a few queries
        in all rather than a few a row. A row the guess misses (rivalled by another row's
        third choice) is looked up on its own in choose, as before."""
        made = [candidates(*person) for person in people]
        listed = [list(islice(each, 2)) for each in made]
        memory = _Memory()
        for i, (plain, _second) in enumerate(listed):
            memory.add(Rival(plain, None, i), slug_key(plain), said(plain))
        self.prefetch(plain for plain, _second in listed)

        def may_not_do(slug: str, i: int) -> bool:
            key, sound = slug_key(slug), said(slug)
            if not key or key in RESERVED or is_taken(key) or self._stored.get(slug):
                return True
            if self.retired().near(key, sound):
                return True
            return any(r.prospect_id != i for r in memory.near(key, sound))

        first_fails = [i for i, (plain, _second) in enumerate(listed) if may_not_do(plain, i)]
        for i in first_fails:
            second = listed[i][1]
            memory.add(Rival(second, None, i), slug_key(second), said(second))
        self.prefetch(listed[i][1] for i in first_fails)
        more = [
            slug
            for i in first_fails
            if may_not_do(listed[i][1], i)
            for slug in islice(made[i], LOOK_AT - 2)
        ]
        self.prefetch(more)
        look_up_taken([slug_key(slug) for slug in more])

    def _each(self, column, values: list, *also):
        """Rows whose column is one of values: thousands at a time, bound as one JSON
        array on SQLite (json_each) or one array on PostgreSQL (= ANY), not as thousands
        of parameters."""
        postgres = self.conn.dialect.name == "postgresql"
        for start in range(0, len(values), BATCH):
            chunk = values[start : start + BATCH]
            if postgres:
                kind = ARRAY(String) if isinstance(chunk[0], str) else ARRAY(Integer)
                where = column == any_(bindparam("values", chunk, type_=kind))
            else:
                each = func.json_each(bindparam("values", json.dumps(chunk), type_=String))
                where = column.in_(select(each.table_valued("value").c.value))
            yield from self.conn.execute(select(column, *also).where(where))

    def rivals(self, slug: str, exclude_id: int | None = None) -> list[Rival]:
        """Every slug one edit or one sound from this one (its own key included)."""
        self.prefetch([slug])
        key, sound = slug_key(slug), said(slug)
        found = [r for r in self._stored[slug] if r.prospect_id != exclude_id]
        found += self.retired().near(key, sound) + self.website().near(key, sound)
        return found + self._batch.near(key, sound)

    def add(self, slug: str, rep_id: int) -> None:
        """A slug chosen in this batch: later rows must not sound like it either."""
        self._batch.add(Rival(slug, rep_id), slug_key(slug), said(slug))

    def choose(
        self,
        first_name: str,
        last_name: str,
        company: str,
        is_taken: Callable[[str], bool],
        exclude_id: int | None = None,
        look_up_taken: Callable[[list[str]], None] | None = None,
    ) -> Choice:
        """The first speakable candidate that is free and rival to no one: First-Last, then
        with the company's first word, the company, then numbers. When none is within
        LOOK_AT, the first free one, with its rivals (the caller says so).

        Once the first two candidates will not do, the rest are looked up together: their
        rivals here, and whether they are taken through look_up_taken (given their keys), so
        a list of look-alike names costs a few queries a row, not a few per candidate."""
        natural, natural_rivals, fallback = "", [], None
        natural_website = False
        made = candidates(first_name, last_name, company)
        # Most rows take their first or second candidate (the company's word), which a batch
        # has looked up already: only past those are the rest made, and looked up together.
        listed, index = list(islice(made, 2)), 0
        while True:
            if index == len(listed) == 2:
                more = list(islice(made, LOOK_AT - 2))
                listed += more
                self.prefetch(more)
                if look_up_taken is not None:
                    look_up_taken([slug_key(c) for c in more])
            if index == len(listed):
                break
            candidate, index = listed[index], index + 1
            key = slug_key(candidate)
            if not natural:
                natural = candidate
            if not key or self.kept(key):
                natural_website = natural_website or (
                    candidate == natural and key in self.website_keys
                )
                continue
            found = self.rivals(candidate, exclude_id)
            if candidate == natural:
                natural_rivals = found
            if is_taken(key):
                continue
            if not found:
                return Choice(candidate, natural, tuple(natural_rivals), natural_website)
            fallback = fallback or Choice(candidate, natural, tuple(found), natural_website)
        if fallback is None:  # every candidate looked at is taken: the first free one
            slug = choose_slug(
                first_name, last_name, company, lambda k: is_taken(k) or self.kept(k)
            )
            fallback = Choice(slug, natural, tuple(self.rivals(slug, exclude_id)), natural_website)
        return fallback
