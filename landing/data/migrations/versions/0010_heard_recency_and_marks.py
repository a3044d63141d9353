"""Voicemails as evidence for misheard URLs (the company's window, in days), and heard keys
rebuilt: name keys now keep combining marks with their letters, and short keys gain the
probes that find what lies two edits away.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from landing.urls import heard_index

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("heard_recent_days", sa.Integer, nullable=False, server_default="30")
        )
    _reindex()


def _reindex() -> None:
    """Every prospect's name keys and probes, made again with today's code."""
    bind = op.get_bind()
    prospect = sa.table(
        "prospect",
        sa.column("id", sa.Integer),
        sa.column("slug", sa.String),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("first_key", sa.String),
        sa.column("last_key", sa.String),
    )
    heardkey = sa.table("heardkey", sa.column("probe", sa.String), sa.column("prospect_id"))
    rows = bind.execute(
        sa.select(prospect.c.id, prospect.c.slug, prospect.c.first_name, prospect.c.last_name)
    ).all()
    bind.execute(heardkey.delete())
    for pid, slug, first, last in rows:
        keys = heard_index.keys_of(slug, first, last)
        bind.execute(
            prospect.update()
            .where(prospect.c.id == pid)
            .values(first_key=keys.first, last_key=keys.last)
        )
        bind.execute(heardkey.insert(), heard_index.rows_of(pid, slug, first, last))


def downgrade() -> None:
    # The rebuilt keys stay: older code reads them as well as its own.
    with op.batch_alter_table("company") as batch:
        batch.drop_column("heard_recent_days")
