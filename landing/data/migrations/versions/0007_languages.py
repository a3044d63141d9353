"""A prospect's language (their page, email and spoken URL), and the company's, which a
prospect without one of their own gets.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("prospect") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=False, server_default=""))
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("prospect") as batch:
        batch.drop_column("language")
