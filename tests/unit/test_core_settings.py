"""shared/core: configuration from a file and the environment, time zones by name, the rate
limit's memory, and a broken event listener that must not undo a commit."""

from __future__ import annotations

import logging
import stat

import pytest

from antrian.shared.core import clock, config, events, ratelimit
from antrian.shared.core.errors import InvalidInput


def test_the_environment_wins_over_the_file_and_both_over_defaults(tmp_path):
    toml = tmp_path / "antrian.toml"
    toml.write_text('LOG_LEVEL = "DEBUG"\npublic_url = "https://file.example"\n'
                    'read_timeout_s = 12\nprint_spooler = false\n')
    settings = config.load(environ={"ANTRIAN_CONFIG": str(toml),
                                    "PUBLIC_URL": "https://env.example",
                                    "ANTRIAN_REDIS_CHANNEL": "kantor",
                                    "INSTANCE_PATH": str(tmp_path / "inst")})
    assert settings.log_level == "DEBUG"  # the file's keys are matched in lower case
    assert settings.public_url == "https://env.example"
    assert settings.redis_channel == "kantor"  # ANTRIAN_-prefixed names work too
    assert settings.read_timeout_s == 12.0 and settings.print_spooler is False
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'inst' / 'antrian.db'}"


def test_overrides_win_over_everything(tmp_path):
    settings = config.load({"instance_path": str(tmp_path), "database_url": "sqlite://"},
                           environ={"DATABASE_URL": "postgresql://x"})
    assert settings.resolved_database_url == "sqlite://"


@pytest.mark.parametrize(("values", "message"), [
    ({"colour": "blue"}, "unknown setting(s): colour"),
    ({"demo_seed": "perhaps"}, "demo_seed: expected true/false"),
    ({"read_timeout_s": "soon"}, "read_timeout_s: expected a number"),
    ({"async_mode": "eventlet"}, "async_mode must be"),
])
def test_a_wrong_setting_is_named(tmp_path, values, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        config.load({"instance_path": str(tmp_path), **values}, environ={})


@pytest.mark.parametrize(("raw", "expected"), [("Yes", True), (" off ", False), (True, True)])
def test_booleans_read_the_usual_words(tmp_path, raw, expected):
    assert config.load({"instance_path": str(tmp_path), "demo_seed": raw},
                       environ={}).demo_seed is expected


def test_the_secret_key_is_made_once_kept_private_and_reused(tmp_path):
    first = config.load({"instance_path": str(tmp_path)}, environ={}).secret_key
    again = config.load({"instance_path": str(tmp_path)}, environ={}).secret_key
    assert first == again and len(first) == 64
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    given = config.load({"instance_path": str(tmp_path), "secret_key": "s"}, environ={})
    assert given.secret_key == "s"


def test_an_unknown_time_zone_is_bad_input():
    assert clock.zone("Asia/Makassar").key == "Asia/Makassar"
    for name in ("Asia/Atlantis", ""):
        with pytest.raises(InvalidInput):
            clock.zone(name)


def test_the_in_process_window_forgets_idle_keys():
    now = [0.0]
    window = ratelimit.window(1, 10)
    assert isinstance(window, ratelimit.SlidingWindow)
    window.clock = lambda: now[0]
    for i in range(10_001):
        assert window.allow(f"k{i}")
    now[0] = 20.0  # every key idle for longer than the window
    assert window.allow("fresh")
    assert len(window._hits) == 1
    assert window.retry_after("k5") == 0


def test_a_broken_listener_does_not_stop_the_others(caplog):
    heard = []

    def broken(_events):
        raise RuntimeError("boom")

    event = events.Event("ticket.issued", 1, "demo", {})
    with caplog.at_level(logging.ERROR):
        events.notify([event], [broken, heard.extend])
    assert heard == [event]
    assert "event listener" in caplog.text
