"""a message being sent is marked apart from its next try: staff's "send again" during a send
no longer lets a second sender take it

Revision ID: mail_claim
Revises: waiting_count
Create Date: 2026-12-02 00:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "mail_claim"
down_revision = "waiting_count"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mail_message", sa.Column("claimed_until",
                                            antrian.shared.models.base.UTCDateTime(),
                                            nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mail_message") as batch:
        batch.drop_column("claimed_until")
