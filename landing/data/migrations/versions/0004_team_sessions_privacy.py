"""The team and security: server-side sessions, invites and reset links, attempt limits,
retired slugs, the privacy contact; referrers cut to their host.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHEN = sa.DateTime()
BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "repsession",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_repsession_rep_id", "repsession", ["rep_id"])
    op.create_table(
        "invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["invited_by"], ["rep.id"]),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=100), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_attempt_bucket_at", "attempt", ["bucket", "at"])
    op.create_index("ix_attempt_at", "attempt", ["at"])
    op.create_table(
        "retiredslug",
        sa.Column("slug_key", sa.String(length=60), nullable=False),
        sa.Column("until", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("slug_key"),
    )
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("privacy_contact", sa.String(length=254), nullable=False, server_default="")
        )
    _referrers_to_hosts()


def _referrers_to_hosts() -> None:
    """Visits keep the referrer's host only: the path of a webmail or CRM link can name
    the prospect or carry a session."""
    conn = op.get_bind()
    visit = sa.table("visit", sa.column("id", sa.Integer), sa.column("referrer", sa.String))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(visit.c.id, visit.c.referrer)
            .where(visit.c.id > last, visit.c.referrer != "")
            .order_by(visit.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        for row_id, referrer in rows:
            host = referrer_host(referrer)
            if host != referrer:
                conn.execute(visit.update().where(visit.c.id == row_id).values(referrer=host))
        last = rows[-1][0]


def referrer_host(referrer: str) -> str:
    try:
        return (urlsplit(referrer).hostname or "")[:255]
    except ValueError:
        return ""


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_column("privacy_contact")
    op.drop_table("retiredslug")
    op.drop_index("ix_attempt_at", table_name="attempt")
    op.drop_index("ix_attempt_bucket_at", table_name="attempt")
    op.drop_table("attempt")
    op.drop_table("invite")
    op.drop_index("ix_repsession_rep_id", table_name="repsession")
    op.drop_table("repsession")
