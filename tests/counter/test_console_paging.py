"""The console's waiting list comes one page at a time, in call order across pages."""

from __future__ import annotations

import pytest

from antrian.shared.auth import actors
from antrian.shared.tickets import lifecycle


def fill(office, regular: int, priority: int) -> None:
    with office.db.write() as s:
        kiosk = actors.actor_for_bearer(s, office.kiosk_token)
    for i in range(regular):
        lifecycle.issue_ticket(
            office.db, "demo", lifecycle.IssueRequest(service="AB"[i % 2]), kiosk
        )
    for _ in range(priority):
        lifecycle.issue_ticket(
            office.db,
            "demo",
            lifecycle.IssueRequest(service="C", priority=True, priority_reason="lansia"),
            kiosk,
        )


def test_pages_cover_the_list_once_priority_first(client, office):
    fill(office, regular=30, priority=5)
    h = office.headers("loket1")
    first = client.get("/api/v1/counters/1/console", headers=h).json
    assert first["waiting_page"] == {"total": 35, "offset": 0, "limit": 14}
    assert len(first["waiting"]) == 14
    codes = []
    for offset in (0, 14, 28):
        page = client.get(
            f"/api/v1/counters/1/console?waiting_offset={offset}&waiting_limit=14", headers=h
        ).json
        codes += [w["code"] for w in page["waiting"]]
    assert len(codes) == 35 and len(set(codes)) == 35
    assert codes[:5] == ["PC001", "PC002", "PC003", "PC004", "PC005"]
    regular = codes[5:]
    assert [c for c in regular if c[0] == "A"] == sorted(c for c in regular if c[0] == "A")


@pytest.mark.parametrize(
    "query",
    [
        "waiting_offset=-1",
        "waiting_limit=abc",
        "waiting_limit=101",
        "waiting_offset=10001",
        "waiting_offset=%C2%B2",
    ],
)  # "²" passes str.isdigit()
def test_a_bad_page_is_a_clear_400(client, office, query):
    res = client.get(f"/api/v1/counters/1/console?{query}", headers=office.headers("loket1"))
    assert res.status_code == 400
    assert res.json["error"]["field"] in ("waiting_offset", "waiting_limit")
