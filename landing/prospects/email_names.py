"""A name read from an email address, for a CSV row that has an email and no name.

Only an address that spells a name plainly is read: `rob.mason@`, `rob_mason@` and
`rob-mason@` are Rob Mason. `rmason@`, `robm@`, `r.mason@` or `rob.mason2@` could be anyone's
name cut short, so nothing is guessed from them; nor from a team's mailbox (`sales.team@`).
A name read this way can still be wrong (a shared inbox, a maiden name), so the import uses
it only when the rep confirms it."""

from __future__ import annotations

import re

# first.last, first_last or first-last: two words of letters, each at least two long.
_PLAIN = re.compile(r"([^\W\d_]{2,})[._-]([^\W\d_]{2,})")
# Mailboxes of a team or a role, not of a person.
ROLE_WORDS = frozenset(
    "info sales team admin contact office support hello help no noreply reply do not "
    "billing accounts account finance hr jobs careers marketing service services press "
    "media enquiries inquiries orders mail webmaster postmaster customer customers".split()
)


def read_name(email: str) -> tuple[str, str] | None:
    """(First, Last) when the address's mailbox plainly spells a name, else None."""
    mailbox = email.strip().rpartition("@")[0].partition("+")[0]
    found = _PLAIN.fullmatch(mailbox)
    if not found:
        return None
    first, last = found.groups()
    if {first.casefold(), last.casefold()} & ROLE_WORDS:
        return None
    return first.capitalize(), last.capitalize()


def missing_name(raw: dict[str, str]) -> tuple[str, str] | None:
    """The name a row's email spells, when the row has no first or last name."""
    if raw.get("first_name", "").strip() or raw.get("last_name", "").strip():
        return None
    return read_name(raw.get("email", ""))


def unconfirmed(name: str) -> str:
    """A row's error while the rep has not confirmed the name read from its email."""
    return f"No name; read from the email it is {name}, imported only if you confirm it."
