"""administration: the audit log, the revocation epoch, service opening hours, office logo

Revision ID: i11_admin
Revises: i14_cases
Create Date: 2026-12-01 11:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "i11_admin"
down_revision = "i14_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_user_id"], ["user.id"],
                                name=op.f("fk_audit_entry_actor_user_id_user")),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_audit_entry_office_id_office")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"])
    op.create_index(op.f("ix_audit_entry_office_id"), "audit_entry", ["office_id"])
    op.create_index(op.f("ix_audit_entry_action"), "audit_entry", ["action"])
    op.create_table(
        "auth_epoch",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_epoch")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opens", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("closes", sa.Time(), nullable=True))
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("logo")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("closes")
        batch_op.drop_column("opens")
    op.drop_table("auth_epoch")
    op.drop_index(op.f("ix_audit_entry_action"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_office_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_at"), table_name="audit_entry")
    op.drop_table("audit_entry")
