"""print_job.status_url: the QR target a background printer cannot work out by itself

Revision ID: 0002_print_job_status_url
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_print_job_status_url"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_url", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_column("status_url")
