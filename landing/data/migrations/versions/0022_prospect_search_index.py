"""The prospect search through an index: pg_trgm's GIN index of the searched text on
PostgreSQL, an FTS5 trigram table kept by triggers on SQLite (landing.data.prospect_search).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from landing.data import prospect_search

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    prospect_search.create(op.get_bind())


def downgrade() -> None:
    prospect_search.drop(op.get_bind())
