"""Facts the breach duties need: the notice delay, whether a notice is required, the operator's contact
for parents, the district's enrollment (27(a)(5)(i)) and when a signer stopped being authorized.

Plain ``ADD COLUMN``s; ``server_default`` is the portable ``true()`` so PostgreSQL accepts it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:39:07.810758
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("authorized_signers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_delayed_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("parent_notice_required", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("operator_contact", sa.Text(), nullable=True))

    with op.batch_alter_table("district_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enrollment", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("district_settings", schema=None) as batch_op:
        batch_op.drop_column("enrollment")

    with op.batch_alter_table("breaches", schema=None) as batch_op:
        batch_op.drop_column("operator_contact")
        batch_op.drop_column("parent_notice_required")
        batch_op.drop_column("notice_delayed_until")

    with op.batch_alter_table("authorized_signers", schema=None) as batch_op:
        batch_op.drop_column("deactivated_at")
