"""Fixtures shared by the whole suite.

Every test gets a fresh database: SQLite in a temporary folder by default, migrated with the
real Alembic migrations and seeded with the demo office. Tests marked `postgres` run against a
fresh database created on the server named by TEST_DATABASE_URL, and skip without it; those
marked `redis` use TEST_REDIS_URL, and skip without it.

Under pytest-xdist (`make test` runs `-n 2`) each worker derives its own PostgreSQL database
and Redis db from those two URLs: tests/support/workers.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from antrian import demo, migrate
from antrian.app import create_app, start_background
from antrian.shared.auth import actors
from antrian.shared.core.db import Database
from tests.support import workers
from tests.support.postgres import create_database, drop_database
from tests.virtual_printer import VirtualPrinter

TEST_DATABASE_URL = workers.database_url(os.environ.get("TEST_DATABASE_URL", ""))
TEST_REDIS_URL = workers.redis_url(os.environ.get("TEST_REDIS_URL", ""))
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Demo:
    """The seeded demo office and bearer tokens for its actors."""

    app: object
    db: Database
    passwords: dict[str, str]
    kiosk_token: str
    tokens: dict[str, str]

    def headers(self, who: str = "loket1") -> dict[str, str]:
        raw = self.kiosk_token if who == "kiosk" else self.tokens[who]
        return {"Authorization": f"Bearer {raw}"}


def _seed(db: Database) -> tuple[dict[str, str], str, dict[str, str]]:
    credentials = demo.seed_if_empty(db)
    tokens = {}
    with db.write() as session:
        for username in credentials.passwords:
            tokens[username] = actors.create_user_token(session, username)
    return credentials.passwords, credentials.kiosk_token, tokens


@pytest.fixture(scope="session")
def _seeded_sqlite(tmp_path_factory):
    """Migrate and seed once; each test copies the file (password hashing is slow on purpose)."""
    folder = tmp_path_factory.mktemp("template")
    db = Database(f"sqlite:///{folder / 'antrian.db'}")
    migrate.upgrade(db.engine)
    seeded = _seed(db)
    db.dispose()
    return folder / "antrian.db", seeded


@pytest.fixture
def instance(tmp_path):
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.fixture
def app(instance, _seeded_sqlite):
    shutil.copy(_seeded_sqlite[0], instance / "antrian.db")
    app = create_app({"instance_path": str(instance), "print_spooler": False})
    app.config["TESTING"] = True
    yield app
    app.extensions["antrian.db"].dispose()


@pytest.fixture
def office(app, _seeded_sqlite) -> Demo:
    return Demo(app, app.extensions["antrian.db"], *_seeded_sqlite[1])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def pg_url():
    """A fresh, migrated PostgreSQL database; dropped afterwards."""
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: no PostgreSQL to test against")
    db_url = create_database(TEST_DATABASE_URL)
    db = Database(db_url)
    migrate.upgrade(db.engine)
    db.dispose()
    yield db_url
    drop_database(TEST_DATABASE_URL, db_url)


@pytest.fixture
def pg_office(instance, pg_url) -> Demo:
    app = create_app({"instance_path": str(instance), "database_url": pg_url,
                      "print_spooler": False})
    yield Demo(app, app.extensions["antrian.db"], *_seed(app.extensions["antrian.db"]))
    app.extensions["antrian.db"].dispose()


@pytest.fixture
def redis_url():
    if not TEST_REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: no Redis to test against")
    return TEST_REDIS_URL


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--autoplay-policy=no-user-gesture-required"],
        )
        yield HarnessBrowser(chromium)
        chromium.close()


class HarnessBrowser:
    """The browser, whose contexts by default let the tests' own probes run: Playwright's
    `wait_for_function("expression")` evaluates a string, which the pages' CSP (no
    'unsafe-eval') refuses. tests/foundation/test_csp_browser.py asks for
    `bypass_csp=False` and sees the pages exactly as a visitor's browser does."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("bypass_csp", True)
        return self._browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("bypass_csp", True)
        return self._browser.new_page(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def live(tmp_path):
    """A real `antrian serve` on the demo office, its passwords in `.pw` (a test file with
    other needs defines its own `live`)."""
    from tests.support.servers import LiveServer

    server = LiveServer(tmp_path / "instance").start()
    server.pw = server.passwords()
    yield server
    server.stop()


@pytest.fixture
def virtual_printer() -> Iterator[VirtualPrinter]:
    """A switched-on virtual network printer on loopback, switched off after the test."""
    printer = VirtualPrinter().start()
    try:
        yield printer
    finally:
        printer.stop()


@pytest.fixture
def spooled(instance, _seeded_sqlite) -> Iterator[Demo]:
    """The demo office with the print spooler running in this process (off in `app`)."""
    shutil.copy(_seeded_sqlite[0], instance / "antrian.db")
    app = create_app({"instance_path": str(instance), "print_spooler": True})
    app.config["TESTING"] = True
    start_background(app)
    yield Demo(app, app.extensions["antrian.db"], *_seeded_sqlite[1])
    app.extensions["antrian.spooler"].stop()
    app.extensions["antrian.db"].dispose()


# Words in a test file's text that mean its tests start processes or a browser: under
# pytest-xdist (`--dist loadfile --no-loadscope-reorder`) files go to the workers whole, in
# collection order, so the heaviest go first and no long file is left for the end while the
# other worker idles.
HEAVY_WORDS = ("LiveServer", "FakeHub", "subprocess", "two_servers", "pg_url", "pg_office")


def _file_cost(item, texts: dict) -> int:
    if item.path not in texts:
        texts[item.path] = item.path.read_text(errors="replace")
    cost = 1
    if any(word in texts[item.path] for word in HEAVY_WORDS):
        cost += 5
    if "browser" in getattr(item, "fixturenames", ()):
        cost += 20
    return cost


def pytest_collection_modifyitems(config, items):
    if not workers.name():
        return  # one process: the files' own order
    texts: dict = {}
    cost: dict = {}
    for item in items:
        cost[item.path] = cost.get(item.path, 0) + _file_cost(item, texts)
    items.sort(key=lambda item: -cost[item.path])  # stable: a file's tests keep their order
