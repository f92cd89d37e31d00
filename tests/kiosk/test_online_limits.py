"""The public online form's rate limits count only valid requests, per address: a flood of
garbage from many addresses locks nobody out. With Redis configured, every process counts
the same requests."""

from __future__ import annotations

import uuid

import pytest

from antrian.app import create_app
from antrian.shared.core.ratelimit import RedisWindow
from antrian.shared.desks import online_requests
from tests.counter.test_desks import online_form


@pytest.fixture
def no_fill_wait(monkeypatch):
    monkeypatch.setattr(online_requests, "MIN_FILL_S", 0)


def from_address(client, address: str):
    other = client.application.test_client()
    other.environ_base["REMOTE_ADDR"] = address
    return other


def test_garbage_from_20_addresses_does_not_lock_out_a_genuine_visitor(
        client, office, no_fill_wait):
    for n in range(100):  # empty name: invalid, 5 from each of 20 addresses
        res = online_form(from_address(client, f"198.51.100.{n % 20}"), name="")
        assert res.status_code == 400
    assert online_form(from_address(client, "192.0.2.7")).status_code == 302
    # The addresses that sent garbage are not held either: their first valid one passes.
    assert online_form(from_address(client, "198.51.100.3")).status_code == 302


def test_the_per_address_limit_still_holds_for_valid_requests(client, office, no_fill_wait):
    codes = [online_form(client).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert online_form(from_address(client, "192.0.2.8")).status_code == 302


@pytest.mark.redis
def test_two_processes_share_the_limit_through_redis(instance, office, redis_url,
                                                    no_fill_wait, tmp_path):
    channel = f"antrian-test-{uuid.uuid4().hex}"
    apps = [create_app({"instance_path": str(instance), "print_spooler": False,
                        "redis_url": redis_url, "redis_channel": channel}) for _ in range(2)]
    clients = [app.test_client() for app in apps]
    codes = [online_form(clients[n % 2]).status_code for n in range(6)]
    assert codes == [302] * 5 + [429]  # 3 + 3 from one address across the two processes
    limits = apps[0].extensions["antrian.online_limits"]
    assert isinstance(limits["ip"], RedisWindow)
    assert limits["ip"].retry_after("demo|127.0.0.1") > 0
    for app in apps:
        app.extensions["antrian.db"].dispose()
