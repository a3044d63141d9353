"""Indexes for the prospect list at scale and for finding a prospect added twice: engaged
hits by time, prospects by email (any case), by name keys, and by rep and next call.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ENGAGED = sa.text("classification = 'engaged'")


def upgrade() -> None:
    op.create_index(
        "ix_visit_engaged_at", "visit", ["at", "prospect_id"],
        sqlite_where=ENGAGED, postgresql_where=ENGAGED,
    )  # fmt: skip
    op.create_index("ix_prospect_email_lower", "prospect", [sa.text("lower(email)")])
    op.create_index("ix_prospect_name_keys", "prospect", ["last_key", "first_key"])
    op.create_index("ix_prospect_rep_next_call", "prospect", ["rep_id", "next_call_on"])


def downgrade() -> None:
    op.drop_index("ix_prospect_rep_next_call", table_name="prospect")
    op.drop_index("ix_prospect_name_keys", table_name="prospect")
    op.drop_index("ix_prospect_email_lower", table_name="prospect")
    op.drop_index("ix_visit_engaged_at", table_name="visit")
