"""Template drafts: a new or edited template waits as a draft until the rep activates it
(ScriptTemplate.draft, and draft_of_id for an edit of a template already in use).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scripttemplate") as batch:
        # Templates written before drafts were all in use: none of them is a draft.
        batch.add_column(
            sa.Column("draft", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("draft_of_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_scripttemplate_draft_of_id", "scripttemplate", ["draft_of_id"], ["id"]
        )
        batch.create_index("ix_scripttemplate_draft_of_id", ["draft_of_id"])


def downgrade() -> None:
    with op.batch_alter_table("scripttemplate") as batch:
        batch.drop_index("ix_scripttemplate_draft_of_id")
        batch.drop_constraint("fk_scripttemplate_draft_of_id", type_="foreignkey")
        batch.drop_column("draft_of_id")
        batch.drop_column("draft")
