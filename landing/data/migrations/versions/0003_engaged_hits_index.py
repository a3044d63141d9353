"""An index of engaged hits: the call-next list stays fast with a million hits.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ENGAGED_ONLY = sa.text("classification = 'engaged'")


def upgrade() -> None:
    op.create_index(
        "ix_visit_engaged",
        "visit",
        ["prospect_id", "at", "visitor_id"],
        sqlite_where=ENGAGED_ONLY,
        postgresql_where=ENGAGED_ONLY,
    )


def downgrade() -> None:
    op.drop_index("ix_visit_engaged", table_name="visit")
