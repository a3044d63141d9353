"""The company website's top-level paths, which no slug takes and no near match steals.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "websitepath",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("segment", sa.String(200), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("websitepath")
