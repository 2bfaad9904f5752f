"""Add ``checks.version``: the optimistic-concurrency counter review decisions bump.

Existing checks start at version 1. Adding a column with a server default is a plain
``ALTER TABLE ... ADD COLUMN`` on SQLite, so ``audit_events`` (and its triggers) are untouched.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("checks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("checks", schema=None) as batch_op:
        batch_op.drop_column("version")
