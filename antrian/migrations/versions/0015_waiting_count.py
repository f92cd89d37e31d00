"""waiting counts kept by the database: one row per office, service day, service and class,
updated by triggers on `ticket` in the same transaction as the change

Revision ID: waiting_count
Revises: answer_way_back
Create Date: 2026-12-01 22:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "waiting_count"
down_revision = "answer_way_back"
branch_labels = None
depends_on = None

# What counts: the statuses and channels of `shared.tickets.states.WAITING` and
# `shared.models.ticket.WALK_IN_CHANNELS` when this migration was written (a migration is a
# snapshot; if either changes, a new migration replaces these triggers).
COUNTED = "{row}.status = 'waiting' AND {row}.channel IN ('kiosk', 'reception', 'compensation')"
KEY = ("office_id", "service_day", "service_id", "priority")


def _add(row: str, delta: str) -> str:
    """One row's step up or down, created at its first ticket."""
    values = ", ".join(f"{row}.{column}" for column in KEY)
    return (f"INSERT INTO waiting_count ({', '.join(KEY)}, waiting) VALUES ({values}, {delta}) "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET waiting = waiting_count.waiting "
            f"+ ({delta})")


WATCHED = "status, channel, office_id, service_day, service_id, priority"

SQLITE_TRIGGERS = {
    "ticket_waiting_count_insert": f"AFTER INSERT ON ticket WHEN {COUNTED.format(row='NEW')} "
                                   f"BEGIN {_add('NEW', '1')}; END",
    "ticket_waiting_count_leave": f"AFTER UPDATE OF {WATCHED} ON ticket "
                                  f"WHEN {COUNTED.format(row='OLD')} "
                                  f"BEGIN {_add('OLD', '-1')}; END",
    "ticket_waiting_count_enter": f"AFTER UPDATE OF {WATCHED} ON ticket "
                                  f"WHEN {COUNTED.format(row='NEW')} "
                                  f"BEGIN {_add('NEW', '1')}; END",
    "ticket_waiting_count_delete": f"AFTER DELETE ON ticket WHEN {COUNTED.format(row='OLD')} "
                                   f"BEGIN {_add('OLD', '-1')}; END",
}

POSTGRES_FUNCTION = f"""
CREATE FUNCTION ticket_waiting_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ({COUNTED.format(row='OLD')}) = ({COUNTED.format(row='NEW')})
            AND (OLD.office_id, OLD.service_day, OLD.service_id, OLD.priority)
                IS NOT DISTINCT FROM (NEW.office_id, NEW.service_day, NEW.service_id,
                                      NEW.priority) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND {COUNTED.format(row='OLD')} THEN
        {_add('OLD', '-1')};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND {COUNTED.format(row='NEW')} THEN
        {_add('NEW', '1')};
    END IF;
    RETURN NULL;
END
$$
"""
POSTGRES_TRIGGER = (f"CREATE TRIGGER ticket_waiting_count AFTER INSERT OR DELETE OR UPDATE OF "
                    f"{WATCHED} ON ticket FOR EACH ROW EXECUTE FUNCTION ticket_waiting_count()")


def upgrade() -> None:
    op.create_table(
        "waiting_count",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_waiting_count")),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Writers wait until the triggers exist: a ticket committed between the count and
        # the trigger would be missed for good. (SQLite's migration holds its write lock.)
        op.execute("LOCK TABLE ticket IN SHARE ROW EXCLUSIVE MODE")
    op.execute(f"INSERT INTO waiting_count ({', '.join(KEY)}, waiting) "
               f"SELECT {', '.join(KEY)}, count(*) FROM ticket "
               f"WHERE {COUNTED.format(row='ticket')} GROUP BY {', '.join(KEY)}")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER ticket_waiting_count ON ticket")
        op.execute("DROP FUNCTION ticket_waiting_count()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("waiting_count")
