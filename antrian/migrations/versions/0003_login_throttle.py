"""login throttle per address

Revision ID: 0003_login_throttle
Revises: 0002_print_job_status_url
Create Date: 2026-11-21 07:18:22.142180
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "0003_login_throttle"
down_revision = "0002_print_job_status_url"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username", "address", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.INTEGER(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_until", sa.DATETIME(), nullable=True))

    op.drop_table("login_throttle")
