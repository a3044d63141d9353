"""Which voicemail earned a visit or an outcome, and how each template does against the others
of its goal. Plain values in, plain values out: the caller queries the database."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

ATTRIBUTION_WINDOW = timedelta(days=7)

VISIT, CALLED_BACK, MEETING_BOOKED = "visit", "called_back", "meeting_booked"
# One bit per kind, so a voicemail's credits fit in one small int however many events it earns.
_BITS = {VISIT: 1, CALLED_BACK: 2, MEETING_BOOKED: 4}


@dataclass(frozen=True)
class VoicemailLeft:
    id: int
    prospect_id: int
    template_key: str
    goal: str
    attempt: int
    at: datetime  # aware UTC


@dataclass(frozen=True)
class Event:
    """A human visit, or a logged outcome ("called_back", "meeting_booked")."""

    prospect_id: int
    at: datetime  # aware UTC
    kind: str


def _timeline(voicemails: Sequence[VoicemailLeft]) -> tuple[list[datetime], list[VoicemailLeft]]:
    # Two voicemails at the same instant: the higher id counts as the later one.
    ordered = sorted(voicemails, key=lambda v: (v.at, v.id))
    return [v.at for v in ordered], ordered


def _latest_within(times: list[datetime], event_at: datetime) -> int | None:
    """Index of the last time at or before event_at, if within the window."""
    i = bisect_right(times, event_at) - 1
    if i < 0 or event_at - times[i] > ATTRIBUTION_WINDOW:
        return None
    return i


def credited_voicemail(
    voicemails: Sequence[VoicemailLeft], event_at: datetime
) -> VoicemailLeft | None:
    """For one prospect's voicemails (any order): the latest one at or before event_at, if the
    event came at most ATTRIBUTION_WINDOW after it; otherwise None."""
    times, ordered = _timeline(voicemails)
    i = _latest_within(times, event_at)
    return None if i is None else ordered[i]


def wilson_interval(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The 95% Wilson score interval of successes/trials. With no trials nothing is known, so
    the interval is the whole range (0.0, 1.0)."""
    if trials < 0 or not 0 <= successes <= max(trials, 0):
        raise ValueError(f"need 0 <= successes <= trials, got {successes}/{trials}")
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    center = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # At 0/n and n/n one bound is exactly 0 or 1; computed, it can miss by a rounding error.
    low = 0.0 if successes == 0 else max(0.0, center - half)
    high = 1.0 if successes == trials else min(1.0, center + half)
    return low, high


@dataclass(frozen=True)
class VariantStats:
    """One template's results within one goal."""

    template_key: str
    goal: str
    voicemails: int  # voicemails left with this template for this goal
    visited: int  # of those, how many were credited with at least one human visit
    callbacks: int  # how many were credited with a "called_back" outcome
    meetings: int  # how many were credited with a "meeting_booked" outcome
    rate: float  # visited / voicemails
    low: float  # Wilson 95% interval of rate
    high: float
    leading: bool  # its interval lies wholly above every other template's of the same goal

    def as_dict(self) -> dict:
        return asdict(self)


def variant_stats(
    voicemails: Sequence[VoicemailLeft], events: Sequence[Event]
) -> list[VariantStats]:
    """Per (goal, template): voicemails, and how many earned a visit, a callback, a meeting.

    Each event is credited to its prospect's latest voicemail within the window, and each
    voicemail counts at most once per kind. Sorted by goal, then rate (best first), then key.
    """
    # Per prospect, the voicemails in time order with their place in `voicemails`, so each
    # event costs one dict lookup and one bisect (100k voicemails and 1M events: about 1 s).
    by_prospect: dict[int, list[tuple[datetime, int, int]]] = defaultdict(list)
    for n, v in enumerate(voicemails):
        by_prospect[v.prospect_id].append((v.at, v.id, n))
    timelines = {}
    for prospect_id, left in by_prospect.items():
        left.sort()  # the same order as _timeline: by time, then id
        timelines[prospect_id] = ([at for at, _, _ in left], [n for _, _, n in left])

    credited = bytearray(len(voicemails))
    for event in events:
        bit = _BITS.get(event.kind)
        timeline = timelines.get(event.prospect_id)
        if bit is None or timeline is None:
            continue
        times, indexes = timeline
        i = _latest_within(times, event.at)
        if i is not None:
            credited[indexes[i]] |= bit

    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for v, bits in zip(voicemails, credited, strict=True):
        row = counts[(v.goal, v.template_key)]
        row[0] += 1
        row[1] += bool(bits & _BITS[VISIT])
        row[2] += bool(bits & _BITS[CALLED_BACK])
        row[3] += bool(bits & _BITS[MEETING_BOOKED])

    intervals = {key: wilson_interval(row[1], row[0]) for key, row in counts.items()}
    by_goal: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in counts:
        by_goal[key[0]].append(key)

    stats = []
    for (goal, template_key), (left, visited, callbacks, meetings) in counts.items():
        low, high = intervals[(goal, template_key)]
        others = [intervals[k] for k in by_goal[goal] if k != (goal, template_key)]
        stats.append(
            VariantStats(
                template_key=template_key,
                goal=goal,
                voicemails=left,
                visited=visited,
                callbacks=callbacks,
                meetings=meetings,
                rate=visited / left,
                low=low,
                high=high,
                leading=bool(others) and all(low > other_high for _, other_high in others),
            )
        )
    stats.sort(key=lambda s: (s.goal, -s.rate, s.template_key))
    return stats
