"""The rep's job title, shown under their name on prospects' pages.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rep") as batch:
        batch.add_column(sa.Column("title", sa.String(120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("rep") as batch:
        batch.drop_column("title")
