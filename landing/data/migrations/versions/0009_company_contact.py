"""How anyone reaches the company (main phone, email, website), for the not-found page.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = (("main_phone", 40), ("main_email", 254), ("website_url", 500))


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
