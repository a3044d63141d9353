"""The index that finds a prospect from a misheard URL without reading every row.

A typo of a slug's key is found through pieces of the key (the pigeonhole principle): cut
a key into two more pieces than the edits allowed, and any string that many edits away
still holds two pieces whole, each shifted by at most that many letters. The index keeps
every pair of pieces, so one exact probe finds the key: a pair, unlike a single piece, is
rare even when one of its pieces is a common first name. Short keys are also cut into four
pieces ("wide" probes), so what lies two edits from them is found too: not to reach them,
but to know a two-edit guess at somebody else is not safe. Neighbour swaps are
undone on the typed side first, so a swap across two pieces is still found. The first name
alone, the last name alone and the sound of the name are probes too. Every probe is a row
of heard_key; one indexed IN query fetches the candidates, which resolve.py then checks
exactly. The rows are kept in step with every prospect write by the mapper events below."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import combinations

from sqlalchemy import (
    Connection,
    String,
    any_,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from landing.data.models import HeardKey, Prospect, Voicemail
from landing.urls.slugs import name_parts, slug_key
from landing.urls.sounds import slug_sounds, sounds_of, typed_sounds  # noqa: F401 (callers')

SHORT_KEY = 8  # keys up to this many letters allow one edit; longer keys two
PIECES_INTACT = 2  # pieces of a key any near match still holds whole: a pair
WIDE_EDITS = 2  # how far from a short key the wide probes still find it


def edits_allowed(key_length: int) -> int:
    return 1 if key_length <= SHORT_KEY else 2


@dataclass(frozen=True)
class NameKeys:
    """The keys a prospect can be typed as."""

    slug: str  # robmason, or robmasonacme when the plain one was taken
    first: str
    last: str

    @property
    def name(self) -> str:
        return self.first + self.last

    @property
    def reversed(self) -> str:
        return self.last + self.first if self.last else ""

    def spelled(self) -> list[str]:
        """Whole keys a typist may aim at, for edit distance."""
        return list(dict.fromkeys(k for k in (self.slug, self.name, self.reversed) if k))


def keys_of(slug: str, first_name: str, last_name: str) -> NameKeys:
    return NameKeys(slug_key(slug), "".join(name_parts(first_name)), "".join(name_parts(last_name)))


@lru_cache(maxsize=512)
def _pieces(length: int, wide: bool = False) -> tuple[tuple[int, int], ...]:
    """(start, size) of the pieces a key of this length is cut into."""
    count = (WIDE_EDITS if wide else edits_allowed(length)) + PIECES_INTACT
    size, extra = divmod(length, count)
    pieces, start = [], 0
    for i in range(count):
        piece = size + (1 if i < extra else 0)
        pieces.append((start, piece))
        start += piece
    return tuple(pieces)


def probes_of(slug: str, first_name: str, last_name: str) -> set[str]:
    """Everything a prospect is indexed under."""
    keys = keys_of(slug, first_name, last_name)
    probes = set()
    for key in keys.spelled():
        pieces = [key[start : start + size] for start, size in _pieces(len(key))]
        for (i, a), (j, b) in combinations(enumerate(pieces), 2):
            probes.add(f"e{len(key)}:{i}{j}:{a}|{b}")
        if len(key) <= SHORT_KEY:
            pieces = [key[start : start + size] for start, size in _pieces(len(key), True)]
            for (i, a), (j, b) in combinations(enumerate(pieces), 2):
                probes.add(f"w{len(key)}:{i}{j}:{a}|{b}")
    if keys.first:
        probes.add(f"f:{keys.first}")
    if keys.last:
        probes.add(f"l:{keys.last}")
    probes.update(f"s:{code}" for code in sounds_of(slug, first_name, last_name))
    return probes


def _swap(text: str, at: int) -> str:
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def _undone_swaps(key: str, length: int, swaps: int, budget: int, wide: bool = False):
    """key with `swaps` neighbour swaps undone where they could cross two pieces of a key of
    `length` (a swap inside one piece breaks only that piece, like any other edit), with the
    letters each changed."""
    n = len(key)
    at = sorted(
        {
            start - 1 + shift
            for start, _size in _pieces(length, wide)[1:]
            for shift in range(-budget, budget + 1)
            if 0 <= start - 1 + shift < n - 1 and key[start - 1 + shift] != key[start + shift]
        }
    )
    if swaps == 1:
        for x in at:
            yield _swap(key, x), ((x, x + 1),)
    else:
        for x, y in combinations(at, 2):
            if y >= x + 2:
                yield _swap(_swap(key, x), y), ((x, x + 1), (y, y + 1))


def query_probes(typed: str, extra_edits: int = 0) -> set[str]:
    """The probes that find every prospect within the allowed edits of what was typed.

    extra_edits widens the search (best effort, for 'probably meant' hints)."""
    key = slug_key(typed)
    n = len(key)
    if not n:
        return set()
    probes = {f"f:{key}", f"l:{key}"}
    probes.update(f"s:{code}" for code in typed_sounds(typed))
    most = edits_allowed(n + 2) + extra_edits
    for length in range(max(1, n - most), n + most + 1):
        allowed = edits_allowed(length) + extra_edits
        if abs(length - n) > allowed:
            continue
        probes.update(_pair_probes(key, length, allowed))
        # A swap is one edit, yet across two pieces it breaks both: undo it, then look
        # with what is left of the budget (only probes with a moved letter are new).
        for swaps in range(1, min(2, allowed) + 1):
            budget = allowed - swaps
            if abs(length - n) > budget:
                continue
            for variant, changed in _undone_swaps(key, length, swaps, budget):
                probes.update(_pair_probes(variant, length, budget, changed))
    probes.update(_wide_probes(key))
    return probes


def _wide_probes(key: str) -> Iterator[str]:
    """Probes for the short keys two edits from key, which a near match may not take for
    granted (resolve.py: two typos only where nothing else is near)."""
    n = len(key)
    for length in range(max(1, n - WIDE_EDITS), min(SHORT_KEY, n + WIDE_EDITS) + 1):
        yield from _pair_probes(key, length, WIDE_EDITS, wide=True)
        for swaps in (1, 2):
            budget = WIDE_EDITS - swaps
            if abs(length - n) <= budget:
                for variant, changed in _undone_swaps(key, length, swaps, budget, True):
                    yield from _pair_probes(variant, length, budget, changed, wide=True)


def _pair_probes(
    typed: str,
    length: int,
    budget: int,
    changed: tuple[tuple[int, int], ...] = (),
    wide: bool = False,
) -> Iterator[str]:
    """Probes for the pairs of pieces a key of `length` within `budget` edits would share.

    Edits before piece i shift it; edits between pieces i and j shift j further; the two
    shifts together use at most the budget. With `changed` (the letters a swap moved, as
    ranges), only probes that include one of them: the others are the unswapped key's."""
    n = len(typed)
    places = []  # per piece: (shift, start, text, includes a changed letter)
    for start, size in _pieces(length, wide):
        row = []
        for shift in range(-budget, budget + 1):
            at = start + shift
            if 0 <= at and at + size <= n:
                moved = not changed or any(lo < at + size and at <= hi for lo, hi in changed)
                row.append((shift, at, typed[at : at + size], moved))
        places.append(row)
    for i, j in combinations(range(len(places)), 2):
        for shift_i, at_i, a, moved_a in places[i]:
            left, end_i = budget - abs(shift_i), at_i + len(a)
            for shift_j, at_j, b, moved_b in places[j]:
                if (moved_a or moved_b) and abs(shift_j - shift_i) <= left and at_j >= end_i:
                    yield f"{'w' if wide else 'e'}{length}:{i}{j}:{a}|{b}"


@dataclass(frozen=True)
class Candidate:
    """A prospect a probe found; resolve.py decides whether it really matches."""

    id: int
    rep_id: int
    slug: str
    keys: NameKeys
    # Its sounds that were asked about (all of them when built by of_prospect): enough to
    # tell whether it sounds like what was typed, without encoding every candidate's name.
    sounds: frozenset[str]
    active: bool  # not archived, not do-not-contact
    first_name: str
    last_name: str
    # When their URL was last said in a voicemail (None: never, or not read): evidence
    # that a listener may be typing it.
    voicemail_at: datetime | None = None


def of_prospect(prospect) -> Candidate:
    """A prospect as a candidate, with every sound it has (for comparisons without the index)."""
    return Candidate(
        id=prospect.id,
        rep_id=prospect.rep_id,
        slug=prospect.slug,
        keys=keys_of(prospect.slug, prospect.first_name, prospect.last_name),
        sounds=sounds_of(prospect.slug, prospect.first_name, prospect.last_name),
        active=prospect.archived_at is None and not prospect.do_not_contact,
        first_name=prospect.first_name,
        last_name=prospect.last_name,
    )


def candidates(conn: Connection, probes: Iterable[str]) -> list[Candidate]:
    """The prospects indexed under any of the probes, in one indexed query; resolve.py then
    checks each exactly."""
    probes = list(probes)
    if not probes:
        return []
    found, sounded_by = _statements(conn.dialect.name)
    rows = conn.execute(found, {"probes": _bound(conn, probes)}).all()
    sounded: dict[int, set[str]] = {}
    asked = [p for p in probes if p.startswith("s:")]
    if rows and asked:
        for prospect_id, probe in conn.execute(sounded_by, {"probes": _bound(conn, asked)}):
            sounded.setdefault(prospect_id, set()).add(probe[2:])
    return [
        Candidate(
            id=row[0],
            rep_id=row[1],
            slug=row[2],
            keys=NameKeys(row[3], row[4], row[5]),
            sounds=frozenset(sounded.get(row[0], ())),
            active=row[8] is None and not row[9],
            first_name=row[6],
            last_name=row[7],
            voicemail_at=row[10],
        )
        for row in rows
    ]


def candidates_by_id(conn: Connection, ids: Iterable[int]) -> list[Candidate]:
    """Prospects as candidates, with all their sounds (found some other way than probes)."""
    ids = list(ids)
    if not ids:
        return []
    rows = conn.execute(
        select(
            Prospect.id, Prospect.rep_id, Prospect.slug, Prospect.first_name, Prospect.last_name,
            Prospect.archived_at, Prospect.do_not_contact,
        ).where(Prospect.id.in_(ids))
    )  # fmt: skip
    return [of_prospect(row) for row in rows]


@lru_cache(maxsize=4)
def _statements(dialect: str):
    """The two queries, built once: hundreds of probes go in as one parameter, which costs
    less to bind than the index takes to answer."""
    if dialect == "postgresql":
        listed = HeardKey.probe == any_(bindparam("probes", type_=ARRAY(String)))
        # ARRAY(subquery) runs once, then each prospect is read by primary key. As an IN
        # subquery the planner expects a match for every probe and reads all prospects.
        ids = select(HeardKey.prospect_id).where(listed).scalar_subquery()
        chosen = Prospect.id == any_(func.array(ids))
    else:
        each = func.json_each(bindparam("probes", type_=String)).table_valued("value")
        listed = HeardKey.probe.in_(select(each.c.value))
        chosen = Prospect.id.in_(select(HeardKey.prospect_id).where(listed))
    # Each candidate's last voicemail from ix_voicemail_prospect_at, in the same query.
    said = select(func.max(Voicemail.at)).where(Voicemail.prospect_id == Prospect.id)
    found = select(
        Prospect.id, Prospect.rep_id, Prospect.slug, Prospect.slug_key, Prospect.first_key,
        Prospect.last_key, Prospect.first_name, Prospect.last_name, Prospect.archived_at,
        Prospect.do_not_contact, said.scalar_subquery(),
    ).where(chosen)  # fmt: skip
    sounded_by = select(HeardKey.prospect_id, HeardKey.probe).where(listed)
    return found, sounded_by


def _bound(conn: Connection, probes: list[str]):
    return probes if conn.dialect.name == "postgresql" else json.dumps(probes)


def rows_of(prospect_id: int, slug: str, first_name: str, last_name: str) -> list[dict]:
    """heard_key rows for one prospect, for bulk inserts."""
    probes = probes_of(slug, first_name, last_name)
    return [{"probe": p[:80], "prospect_id": prospect_id} for p in sorted(probes)]


def reindex(conn: Connection, prospect_id: int, slug: str, first_name: str, last_name: str):
    conn.execute(delete(HeardKey.__table__).where(HeardKey.prospect_id == prospect_id))
    conn.execute(insert(HeardKey.__table__), rows_of(prospect_id, slug, first_name, last_name))


def rebuild(conn: Connection) -> int:
    """Index every prospect afresh (after a bulk load or a restore); how many."""
    conn.execute(delete(HeardKey.__table__))
    count = 0
    rows = conn.execute(select(Prospect.id, Prospect.slug, Prospect.first_name, Prospect.last_name))
    for row in rows.all():
        conn.execute(insert(HeardKey.__table__), rows_of(*row))
        count += 1
    return count


def _name_keys(_mapper, _conn: Connection, prospect: Prospect) -> None:
    keys = keys_of(prospect.slug, prospect.first_name, prospect.last_name)
    prospect.first_key, prospect.last_key = keys.first, keys.last


def _index_new(_mapper, conn: Connection, prospect: Prospect) -> None:
    reindex(conn, prospect.id, prospect.slug, prospect.first_name, prospect.last_name)


def _index_changed(_mapper, conn: Connection, prospect: Prospect) -> None:
    state = inspect(prospect)
    if any(state.attrs[f].history.has_changes() for f in ("slug", "first_name", "last_name")):
        reindex(conn, prospect.id, prospect.slug, prospect.first_name, prospect.last_name)


def _unindex(_mapper, conn: Connection, prospect: Prospect) -> None:
    conn.execute(delete(HeardKey.__table__).where(HeardKey.prospect_id == prospect.id))


_LISTENERS = (
    ("before_insert", _name_keys),
    ("before_update", _name_keys),
    ("after_insert", _index_new),
    ("after_update", _index_changed),
    ("before_delete", _unindex),
)


def listen() -> None:
    """Keep heard keys in step with every prospect write, wherever it comes from (mapper
    events). Called by create_app; once is enough, more does no harm."""
    for name, listener in _LISTENERS:
        if not event.contains(Prospect, name, listener):
            event.listen(Prospect, name, listener)
