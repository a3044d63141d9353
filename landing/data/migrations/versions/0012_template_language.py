"""The language a team or rep template is written in: prospects who read that language get
it. Templates written before are in the company's language.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scripttemplate") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))
    company = sa.table("company", sa.column("id"), sa.column("language"))
    template = sa.table("scripttemplate", sa.column("language"))
    first = sa.select(company.c.language).order_by(company.c.id).limit(1).scalar_subquery()
    op.execute(template.update().values(language=sa.func.coalesce(first, "en")))


def downgrade() -> None:
    with op.batch_alter_table("scripttemplate") as batch:
        batch.drop_column("language")
