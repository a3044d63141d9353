"""The goal of a voicemail, chosen before any words, and the story block of each attempt."""

from __future__ import annotations

VISIT, EDUCATE, CALLBACK, PREPARE = "visit", "educate", "callback", "prepare"
GOALS = (VISIT, EDUCATE, CALLBACK, PREPARE)

LABELS = {
    VISIT: "Get them to their page",
    EDUCATE: "Tell one part of the story",
    CALLBACK: "Ask for a callback",
    PREPARE: "Set up the next live call",
}

# The playbook's series: each voicemail carries one building block of the sales story.
SERIES_LENGTH = 4
MAX_ATTEMPT = 99  # attempts past the series repeat its last block; beyond this is a typo
BLOCKS = {
    1: "who we are",
    2: "how we help",
    3: "why it is worth their time",
    4: "a last short nudge",
}


def block_for(attempt: int) -> int:
    """Attempts past the series reuse its last block, the short nudge."""
    return min(max(attempt, 1), SERIES_LENGTH)


def check_goal(goal: str) -> str:
    """The goal, or ValueError naming the ones there are."""
    if goal not in GOALS:
        raise ValueError(f"Goal must be one of: {', '.join(GOALS)}.")
    return goal
