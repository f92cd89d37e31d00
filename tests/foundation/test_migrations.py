"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from antrian import migrate
from antrian.shared.core.db import Database
from antrian.shared.models import Base


def schema_drift(url: str) -> list:
    db = Database(url)
    migrate.upgrade(db.engine)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    return diff


def test_migrations_match_the_models_on_sqlite(tmp_path):
    assert schema_drift(f"sqlite:///{tmp_path / 'fresh.db'}") == []


@pytest.mark.postgres
def test_migrations_match_the_models_on_postgres(pg_url):
    assert schema_drift(pg_url) == []
