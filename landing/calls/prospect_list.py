"""The rep's prospect list as the rep narrows it: a search that forgives typos, filters, a
sort and pages. The web list, `landing prospects` and the API's list read it through here,
so the three agree; every query is scoped to one rep's own prospects.

Scale (bench/prospect_lists.py, 100,000 prospects and 1,000,000 hits): a page is one
filtered, sorted LIMIT query and a COUNT; the score comes from the call-next ranking, which
reads only the engaged hits that still count, so sorting by it orders the few prospects
with a score and leaves the rest newest first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import and_, exists, false, func, literal, literal_column, or_, select
from sqlmodel import Session

from landing.calls import ranking
from landing.core import clock
from landing.core.clock import iso, utcnow
from landing.core.validate import InputError
from landing.data import prospect_search
from landing.data.models import CallOutcome, Prospect, Visit
from landing.pages.visits import ENGAGED
from landing.scripts import goals
from landing.urls import heard_index
from landing.urls.resolve import nearness
from landing.urls.slugs import slug_key

FILTERS = {
    "hot": "Hot now (on their page in the last 15 min)",
    "engaged": "Engaged this week",
    "not_called": "Not yet called",
    "due": "Next call due today or overdue",
    "overdue": "Next call overdue",
    "archived": "Archived",
}
SORTS = {
    "created": "Newest first",
    "score": "Score",
    "last_visit": "Last visit",
    "next_call": "Next call",
}
PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_SEARCH = 100
MAX_PAGE = 10_000
COUNT_MOST = 10_000  # a list longer than this says "10,000+"
FUZZY_FROM = 3  # letters typed before the typo-tolerant match joins in ("ro" is everyone)
ENGAGED_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class ListQuery:
    """What the rep asked the list for, checked (see checked())."""

    search: str = ""
    filters: tuple[str, ...] = ()
    attempt: int | None = None
    goal: str = ""
    sort: str = "created"
    page: int = 1
    per_page: int = PER_PAGE

    def params(self, **changed) -> dict:
        """The GET parameters that ask for this list again (defaults left out)."""
        query = replace(self, **changed)
        params = {
            "q": query.search,
            "filter": list(query.filters),
            "attempt": query.attempt,
            "goal": query.goal,
            "sort": "" if query.sort == "created" else query.sort,
            "page": "" if query.page == 1 else query.page,
            "per_page": "" if query.per_page == PER_PAGE else query.per_page,
        }
        return {name: value for name, value in params.items() if value not in ("", None, [])}

    @property
    def narrowed(self) -> bool:
        return bool(self.search or self.filters or self.attempt or self.goal)


def checked(
    *,
    search: str | None = "",
    filters: Iterable[str] = (),
    attempt: str | int | None = None,
    goal: str | None = "",
    sort: str | None = "",
    page: str | int | None = None,
    per_page: str | int | None = None,
) -> ListQuery:
    """A ListQuery from what a form, a command line or a URL gave; InputError names each
    bad parameter and what it may be."""
    errors = {}
    search = " ".join((search or "").split())
    if len(search) > MAX_SEARCH:
        errors["q"] = f"Search for at most {MAX_SEARCH} characters."
    elif "\x00" in search:  # no name has one, and PostgreSQL would refuse the query
        errors["q"] = "Search for letters, digits and punctuation."
    wanted = tuple(dict.fromkeys(f.strip() for f in filters if f and f.strip()))
    unknown = [f for f in wanted if f not in FILTERS]
    if unknown:
        errors["filter"] = f"Unknown filter {unknown[0]!r}; use one of: {', '.join(FILTERS)}."
    numbers = {}
    for name, value, low, high, default in (
        ("attempt", attempt, 1, goals.MAX_ATTEMPT, None),
        ("page", page, 1, MAX_PAGE, 1),
        ("per_page", per_page, 1, MAX_PER_PAGE, PER_PAGE),
    ):
        numbers[name] = default
        if value not in (None, ""):
            try:
                numbers[name] = int(str(value).strip())
            except ValueError:
                numbers[name] = None
            if numbers[name] is None or not low <= numbers[name] <= high:
                errors[name] = f"A whole number from {low} to {high}."
    goal = (goal or "").strip()
    if goal and goal not in goals.GOALS:
        errors["goal"] = f"Goal must be one of: {', '.join(goals.GOALS)}."
    sort = (sort or "created").strip()
    if sort not in SORTS:
        errors["sort"] = f"Sort by one of: {', '.join(SORTS)}."
    if errors:
        raise InputError(errors)
    return ListQuery(
        search, wanted, numbers["attempt"], goal, sort, numbers["page"], numbers["per_page"]
    )


def from_args(args: Mapping, per_page: int | None = None) -> ListQuery:
    """checked() from a request's query string (a MultiDict: filter may repeat)."""
    return checked(
        search=args.get("q"),
        filters=args.getlist("filter"),
        attempt=args.get("attempt"),
        goal=args.get("goal"),
        sort=args.get("sort"),
        page=args.get("page"),
        per_page=args.get("per_page", per_page),
    )


@dataclass
class Row:
    """A prospect as the list shows it: score and reason from the call-next ranking."""

    prospect: Prospect
    score: float = 0.0
    hot: bool = False
    reason: str = ""
    last_visit_at: datetime | None = None

    def as_json(self) -> dict:
        return {
            "score": round(self.score, 1),
            "hot": self.hot,
            "reason": self.reason,
            "last_visit_at": iso(self.last_visit_at) if self.last_visit_at else None,
        }


@dataclass
class ListPage:
    """A page of the list; total counts at most COUNT_MOST + 1 (exact: it is all of them)."""

    query: ListQuery
    rows: list[Row]
    total: int
    ids: list[int] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.total <= COUNT_MOST

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, COUNT_MOST) // self.query.per_page))

    @property
    def has_next(self) -> bool:
        if self.exact:
            return self.query.page < self.pages
        return len(self.rows) == self.query.per_page


def list_page(
    session: Session,
    rep_id: int,
    query: ListQuery,
    weights: ranking.Weights,
    *,
    default_goal: str = "",
    now: datetime | None = None,
    today: date | None = None,
    zone: tzinfo = UTC,
    before_id: int | None = None,
) -> ListPage:
    """One page of rep_id's prospects as query asks. default_goal: the goal of prospects
    whose own is empty (the rep's or the team's), so a goal filter finds them too;
    before_id: only those with a smaller id (a keyset page of the newest-first order)."""
    now = now or utcnow()
    today = today or clock.today()

    def scored(ids: list[int] | None) -> dict[int, ranking.CallNext]:
        found = ranking.call_next(session, rep_id, weights, now, zone, 1_000_000, ids)
        return {r.prospect.id: r for r in found}

    # Everyone's score only when the order or the filter needs it; else the page's alone.
    everyone = query.sort == "score" or "hot" in query.filters
    ranked = scored(None) if everyone else {}
    where = _conditions(session, rep_id, query, now, today, default_goal, ranked)
    if before_id is not None:
        where.append(Prospect.id < before_id)
    offset = (query.page - 1) * query.per_page
    if query.sort == "score":
        ids = list(session.scalars(select(Prospect.id).where(*where)))
        ids.sort(key=lambda id_: (-(ranked[id_].score if id_ in ranked else 0.0), -id_))
        total, chosen = min(len(ids), COUNT_MOST + 1), ids[offset : offset + query.per_page]
    else:
        # Counted no further than a rep reads: "10,000+" costs a tenth of counting 100,000.
        counted = select(Prospect.id).where(*where).limit(COUNT_MOST + 1).subquery()
        total = session.scalar(select(func.count()).select_from(counted)) or 0
        chosen = list(
            session.scalars(
                select(Prospect.id)
                .where(*where)
                .order_by(*_order(query.sort, session.get_bind().dialect.name == "sqlite"))
                .offset(offset)
                .limit(query.per_page)
            )
        )
    if not everyone and chosen:
        ranked = scored(chosen)
    found = {p.id: p for p in session.scalars(select(Prospect).where(Prospect.id.in_(chosen)))}
    last = _last_visits(session, chosen)
    rows = []
    for id_ in chosen:
        rank = ranked.get(id_)
        rows.append(
            Row(
                found[id_],
                rank.score if rank else 0.0,
                rank.hot if rank else False,
                rank.reason if rank else "",
                last.get(id_),
            )
        )
    return ListPage(query, rows, total, chosen)


def _conditions(
    session: Session,
    rep_id: int,
    query: ListQuery,
    now: datetime,
    today: date,
    default_goal: str,
    ranked: dict,
) -> list:
    where = [Prospect.rep_id == rep_id]
    chosen = set(query.filters)
    archived = Prospect.archived_at.is_not(None)
    where.append(archived if "archived" in chosen else Prospect.archived_at.is_(None))
    callable_ = Prospect.do_not_contact == false()
    if "hot" in chosen:
        hot = [id_ for id_, r in ranked.items() if r.hot]
        where.append(Prospect.id.in_(hot) if hot else false())
    if "engaged" in chosen:
        where.append(Prospect.id.in_(_engaged_since(now - ENGAGED_WINDOW)))
    if "not_called" in chosen:
        called = exists().where(CallOutcome.prospect_id == Prospect.id)
        where += [Prospect.voicemails_left == 0, ~called, callable_]
    if "due" in chosen:
        where += [Prospect.next_call_on <= today, callable_]
    if "overdue" in chosen:
        where += [Prospect.next_call_on < today, callable_]
    if query.attempt is not None:
        where.append(Prospect.voicemails_left == query.attempt - 1)
    if query.goal:
        own = Prospect.goal == query.goal
        where.append(or_(own, Prospect.goal == "") if query.goal == default_goal else own)
    if query.search:
        where.append(_search(session, rep_id, query.search))
    return where


def _engaged_since(since: datetime):
    # Written out, as in the partial index of engaged hits, so both databases use it.
    return select(Visit.prospect_id).where(
        Visit.classification == literal(ENGAGED, literal_execute=True), Visit.at >= since
    )


def _order(sort: str, sqlite: bool) -> tuple:
    if sort == "next_call":
        return (Prospect.next_call_on.asc(), Prospect.id.desc())
    if sort == "last_visit":
        last = (
            select(func.max(Visit.at))
            .where(
                Visit.prospect_id == Prospect.id,
                Visit.classification == literal(ENGAGED, literal_execute=True),
            )
            .scalar_subquery()
        )
        if sqlite:
            # Without statistics (ANALYZE) SQLite reads every hit of each prospect through
            # ix_visit_prospect_at; the partial index holds only the engaged ones.
            last = literal_column(
                "(SELECT max(visit.at) FROM visit INDEXED BY ix_visit_engaged "
                "WHERE visit.prospect_id = prospect.id AND visit.classification = 'engaged')"
            )
        return (last.desc().nulls_last(), Prospect.id.desc())
    return (Prospect.id.desc(),)


def _search(session: Session, rep_id: int, text: str):
    """Name, company, email or URL containing what was typed (every word of it, in any
    field), or a name or URL within the typos the heard-URL index forgives ("Rob Masen",
    "robmasn"). Words of three letters or more are looked up in the trigram index
    (landing.data.prospect_search); shorter ones are checked on the rows it leaves."""
    dialect = session.get_bind().dialect.name
    words = text.split()
    # Not on the indexed text: PostgreSQL would read the whole index for a word of two.
    short = [w for w in words if len(w) < prospect_search.SHORTEST]
    indexed = prospect_search.containing(dialect, words)
    conditions = [_contains(w, dialect) for w in short]
    if indexed is not None:
        conditions.insert(0, indexed)
    matches = [and_(*conditions)]
    near = near_ids(session, rep_id, text)
    if near:
        matches.append(Prospect.id.in_(near))
    return or_(*matches)


def _contains(word: str, dialect: str):
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    columns = (
        Prospect.first_name + " " + Prospect.last_name,
        Prospect.company,
        Prospect.email,
        Prospect.slug,
    )
    if dialect == "postgresql":
        return or_(*(c.ilike(pattern, escape="\\") for c in columns))
    # SQLite's LIKE already ignores case (ASCII); ilike would wrap both sides in lower().
    return or_(*(c.like(pattern, escape="\\") for c in columns))


def near_ids(session: Session, rep_id: int, text: str) -> list[int]:
    """The rep's prospects whose name or URL is within a typo or two of text, or sounds
    like it: the heard-URL index's probes, then the exact check resolve.py makes."""
    key = slug_key(text)
    if len(key) < FUZZY_FROM:
        return []
    sounds = heard_index.typed_sounds(text)
    found = heard_index.candidates(session.connection(), heard_index.query_probes(text))
    return [c.id for c in found if c.rep_id == rep_id and nearness(key, sounds, c) is not None]


def _last_visits(session: Session, ids: list[int]) -> dict[int, datetime]:
    """When a person (engaged: not a bot, a preview or the rep) last opened each page."""
    if not ids:
        return {}
    query = (
        select(Visit.prospect_id, func.max(Visit.at))
        .where(
            Visit.prospect_id.in_(ids),
            Visit.classification == literal(ENGAGED, literal_execute=True),
        )
        .group_by(Visit.prospect_id)
    )
    return dict(session.execute(query).all())
