"""Which of a CSV row's phone numbers an import takes first: the company's choice
("mobile", "work" or "main"); mobile first, as before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("phone_order", sa.String(16), nullable=False, server_default="mobile")
        )


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_column("phone_order")
