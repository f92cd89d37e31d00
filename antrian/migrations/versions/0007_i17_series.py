"""number series for priority and remote tickets; which counter sent a ticket on

Longer series hold a priority or channel letter before the service's prefix ("PA001");
a transferred ticket remembers the counter that sent it, so that counter does not call it
back while another serves the new service.

Revision ID: i17_series
Revises: i11_admin
Create Date: 2026-12-01 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "i17_series"
down_revision = "i11_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_sequence") as batch:
        batch.alter_column("series", type_=sa.String(length=6),
                           existing_type=sa.String(length=3), existing_nullable=False)
    with op.batch_alter_table("ticket") as batch:
        batch.alter_column("series", type_=sa.String(length=6),
                           existing_type=sa.String(length=3), existing_nullable=False)
        batch.add_column(sa.Column("transferred_from_counter_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_ticket_transferred_from_counter_id_counter"), "counter",
            ["transferred_from_counter_id"], ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.drop_constraint(batch.f("fk_ticket_transferred_from_counter_id_counter"),
                              type_="foreignkey")
        batch.drop_column("transferred_from_counter_id")
        batch.alter_column("series", type_=sa.String(length=3),
                           existing_type=sa.String(length=6), existing_nullable=False)
    with op.batch_alter_table("ticket_sequence") as batch:
        batch.alter_column("series", type_=sa.String(length=3),
                           existing_type=sa.String(length=6), existing_nullable=False)
