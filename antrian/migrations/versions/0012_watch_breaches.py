"""breaches of the time standards, raised once per running step by the watcher

Revision ID: watch_breaches
Revises: standards_steps
Create Date: 2026-12-01 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "watch_breaches"
down_revision = "online_mail_days_off"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "breach",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("started_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("breached_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("standard_s", sa.Integer(), nullable=False),
        sa.Column("elapsed_s", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["counter_id"], ["counter.id"],
                                name=op.f("fk_breach_counter_id_counter")),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_breach_office_id_office")),
        sa.ForeignKeyConstraint(["staff_id"], ["user.id"], name=op.f("fk_breach_staff_id_user")),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"],
                                name=op.f("fk_breach_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach")),
        sa.UniqueConstraint("ticket_id", "step", "started_at",
                            name=op.f("uq_breach_ticket_id_step_started_at")),
    )
    op.create_index("ix_breach_office_breached", "breach", ["office_id", "breached_at"])


def downgrade() -> None:
    op.drop_index("ix_breach_office_breached", table_name="breach")
    op.drop_table("breach")
