"""Flood and forgery bounds: hits past the per-minute limit of one address or visitor are
counted on one summarising visit row (visit.repeats); the index of engaged hits holds their
network too (the call-next list counts at most a few people per network); notices are
counted per prospect (one per quiet spell).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ENGAGED_ONLY = sa.text("classification = 'engaged'")


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("repeats", sa.Integer(), nullable=False, server_default="0"))
    _engaged_index(["prospect_id", "at", "visitor_id", "ip"])
    op.create_index("ix_notice_prospect_at", "notice", ["prospect_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_notice_prospect_at", table_name="notice")
    _engaged_index(["prospect_id", "at", "visitor_id"])
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("repeats")


def _engaged_index(columns: list[str]) -> None:
    op.drop_index("ix_visit_engaged", table_name="visit")
    op.create_index(
        "ix_visit_engaged",
        "visit",
        columns,
        sqlite_where=ENGAGED_ONLY,
        postgresql_where=ENGAGED_ONLY,
    )
