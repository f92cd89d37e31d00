"""time standards of every SOP step per service; each ticket's measured steps

Revision ID: standards_steps
Revises: i15b_flat_queue
Create Date: 2026-12-01 15:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "standards_steps"
down_revision = "i15b_flat_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        # Empty: every step not in a column follows the SOP's figure.
        batch_op.add_column(sa.Column("standards", sa.JSON(), nullable=False,
                                      server_default=sa.text("'{}'")))
    op.create_table(
        "ticket_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("started_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("ended_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("standard_s", sa.Integer(), nullable=False),
        sa.Column("within", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_ticket_step_office_id_office")),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"],
                                name=op.f("fk_ticket_step_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_step")),
        sa.UniqueConstraint("ticket_id", "step", "started_at",
                            name=op.f("uq_ticket_step_ticket_id_step_started_at")),
    )
    op.create_index("ix_ticket_step_office_step_ended", "ticket_step",
                    ["office_id", "step", "ended_at"])
    op.create_index(op.f("ix_ticket_step_ticket_id"), "ticket_step", ["ticket_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ticket_step_ticket_id"), table_name="ticket_step")
    op.drop_index("ix_ticket_step_office_step_ended", table_name="ticket_step")
    op.drop_table("ticket_step")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("standards")
