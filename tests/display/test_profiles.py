"""Display profiles: the pure snapshot filter, the stored profiles, the command, the routes."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from antrian.shared.core.errors import InvalidInput, NotFound
from antrian.shared.office import display_profiles as dp


def _counter(n: int) -> dict:
    return {"id": n + 10, "number": n, "name": f"Loket {n}", "kind": "regular"}


def _ticket(code: str, service: str, n: int) -> dict:
    return {"id": 100 + n, "code": code, "service": service, "priority": False,
            "counter": _counter(n)}


SNAPSHOT = {
    "seq": 7,
    "office": {"code": "demo", "name": "Demo", "timezone": "Asia/Jakarta"},
    "service_day": "2026-11-21",
    "calls": [
        {"counter": _counter(1), "open": True, "ticket": _ticket("A001", "A", 1)},
        {"counter": _counter(2), "open": True, "ticket": _ticket("C004", "C", 2)},
        {"counter": _counter(3), "open": False, "ticket": None},
    ],
    "recent": [
        {"code": "C004", "service": "C", "priority": False, "counter": _counter(2),
         "at": "2026-11-21T03:02:00+00:00", "recall": False},
        {"code": "B002", "service": "B", "priority": True, "counter": _counter(3),
         "at": "2026-11-21T03:01:00+00:00", "recall": False},
        {"code": "A001", "service": "A", "priority": False, "counter": _counter(1),
         "at": "2026-11-21T03:00:00+00:00", "recall": False},
    ],
    "waiting": [{"service": s, "name": {"id": s, "en": s}, "active": True, "waiting": 1,
                 "priority_waiting": 0, "quota_left": None} for s in "ABCD"],
}


def test_no_profile_shows_everything():
    assert dp.filter_snapshot(SNAPSHOT, None) is SNAPSHOT


def test_an_empty_profile_shows_everything():
    assert dp.filter_snapshot(SNAPSHOT, dp.Profile("all")) == SNAPSHOT


def test_counters_select_calls_and_recent_calls():
    out = dp.filter_snapshot(SNAPSHOT, dp.Profile("floor1", counters=(1, 2)))
    assert [c["counter"]["number"] for c in out["calls"]] == [1, 2]
    assert [r["code"] for r in out["recent"]] == ["C004", "A001"]
    assert len(out["waiting"]) == 4  # no service filter: every service's count
    assert out["seq"] == 7 and out["office"] == SNAPSHOT["office"]


def test_services_select_waiting_and_recent_and_blank_foreign_tickets():
    out = dp.filter_snapshot(SNAPSHOT, dp.Profile("ab", services=("A", "B")))
    assert [w["service"] for w in out["waiting"]] == ["A", "B"]
    assert [r["code"] for r in out["recent"]] == ["B002", "A001"]
    # Counter 2 stays on the board, but its C ticket belongs to another board.
    assert [(c["counter"]["number"], c["ticket"] and c["ticket"]["code"])
            for c in out["calls"]] == [(1, "A001"), (2, None), (3, None)]


def test_counters_and_services_together():
    out = dp.filter_snapshot(SNAPSHOT, dp.Profile("x", counters=(2, 3), services=("C",)))
    assert [r["code"] for r in out["recent"]] == ["C004"]
    assert [w["service"] for w in out["waiting"]] == ["C"]


def test_filter_leaves_its_input_untouched():
    before = copy.deepcopy(SNAPSHOT)
    dp.filter_snapshot(SNAPSHOT, dp.Profile("ab", counters=(1,), services=("B",)))
    assert before == SNAPSHOT


@pytest.mark.parametrize(("counters", "services", "number", "service", "shown"), [
    ((), (), 5, "Z", True),
    ((1, 2), (), 2, "A", True),
    ((1, 2), (), 3, "A", False),
    ((), ("A",), 3, "B", False),
    ((1,), ("A",), 1, "A", True),
    ((1,), ("A",), None, "A", False),
])
def test_shows_call(counters, services, number, service, shown):
    assert dp.shows_call(dp.Profile("p", counters, services), number, service) is shown
    assert dp.shows_call(None, number, service) is True


def test_parse_list():
    assert dp.parse_list(" 1, 2,,3 ") == ["1", "2", "3"]
    assert dp.parse_list("") == [] and dp.parse_list(None) == []


# ---------------------------------------------------------------- stored profiles


def test_set_get_update_list_delete(office):
    with office.db.write() as s:
        made = dp.set_profile(s, "demo", "lantai1", counters=["1", "2"], services=["a", "B"],
                              language="en", running_text="  Selamat   datang  ")
    assert made == dp.Profile("lantai1", (1, 2), ("A", "B"), "en", "Selamat datang")
    with office.db.write() as s:
        dp.set_profile(s, "demo", "lantai1", running_text="")  # the rest is kept
    with office.db.read() as s:
        got = dp.get_profile(s, "demo", "lantai1")
        assert got == dp.Profile("lantai1", (1, 2), ("A", "B"), "en", "")
        assert [(code, p.name) for code, p in dp.list_profiles(s)] == [("demo", "lantai1")]
    with office.db.write() as s:
        dp.delete_profile(s, "demo", "lantai1")
    with office.db.read() as s, pytest.raises(NotFound):
        dp.get_profile(s, "demo", "lantai1")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"counters": ["9"]}, "counters"),
    ({"counters": ["satu"]}, "counters"),
    ({"services": ["Z"]}, "services"),
    ({"services": ["A-1"]}, "services"),
    ({"language": "fr"}, "language"),
    ({"running_text": "x" * 501}, "running_text"),
])
def test_bad_profiles_are_refused_with_the_field(office, kwargs, field):
    with office.db.write() as s, pytest.raises(InvalidInput) as err:
        dp.set_profile(s, "demo", "p", **kwargs)
    assert err.value.field == field
    assert " / " in err.value.message  # Indonesian first, then English


@pytest.mark.parametrize("name", ["", "Lantai 1", "a/b", "x" * 61, "-lead"])
def test_bad_names(office, name):
    with office.db.write() as s, pytest.raises(InvalidInput):
        dp.set_profile(s, "demo", name)


def test_unknown_office(office):
    with office.db.write() as s, pytest.raises(NotFound):
        dp.set_profile(s, "nowhere", "p")


# ---------------------------------------------------------------- the command and the pages


def test_command_sets_and_lists(app, monkeypatch):
    from antrian import cli

    monkeypatch.setenv("INSTANCE_PATH", app.instance_path)
    runner = CliRunner()
    out = runner.invoke(cli.main, ["display-profile", "set", "--office", "demo", "--name",
                                   "lantai1", "--counters", "1,2", "--services", "A,B",
                                   "--language", "id", "--running-text", "Halo"])
    assert out.exit_code == 0, out.output
    assert "/display/demo?profile=lantai1" in out.output
    listed = runner.invoke(cli.main, ["display-profile", "list"])
    assert "lantai1" in listed.output and "1,2" in listed.output and "A,B" in listed.output
    bad = runner.invoke(cli.main, ["display-profile", "set", "--office", "demo", "--name", "x",
                                   "--counters", "42"])
    assert bad.exit_code == 2 and "42" in bad.output


def test_board_page_renders_the_filtered_snapshot(client, office):
    with office.db.write() as s:
        dp.set_profile(s, "demo", "lantai1", counters=["1", "2"], services=["A"],
                       running_text="Layanan gratis")
    page = client.get("/display/demo?profile=lantai1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Layanan gratis" in html
    assert "&#34;counters&#34;: [1, 2]" in html
    initial = json.loads(html.split('id="initial-board">')[1].split("</script>")[0])
    assert [w["service"] for w in initial["waiting"]] == ["A"]
    assert [c["counter"]["number"] for c in initial["calls"]] == [1, 2]


def test_unknown_profile_or_office_is_a_404_page(client):
    for url in ("/display/demo?profile=nope", "/display/nowhere"):
        page = client.get(url)
        assert page.status_code == 404
        assert "Layar tidak ditemukan" in page.get_data(as_text=True)


def test_logo_and_clips_are_served_from_the_instance(client, app):
    from pathlib import Path

    assert client.get("/display/demo/logo").status_code == 404
    assert 'class="logo"' not in client.get("/display/demo").get_data(as_text=True)
    instance = Path(app.instance_path)
    (instance / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert client.get("/display/demo/logo").status_code == 200
    assert 'class="logo"' in client.get("/display/demo").get_data(as_text=True)

    assert client.get("/display/sounds/id/index.json").json == {"lang": "id", "clips": {}}
    sounds = instance / "sounds" / "id"
    sounds.mkdir(parents=True)
    (sounds / "nol.mp3").write_bytes(b"ID3")
    (sounds / "nol.wav").write_bytes(b"RIFF")  # mp3 wins
    (sounds / "satu.ogg").write_bytes(b"OggS")
    (sounds / "Bad Name.mp3").write_bytes(b"ID3")
    clips = client.get("/display/sounds/id/index.json").json["clips"]
    assert clips == {"nol": "/display/sounds/id/nol.mp3", "satu": "/display/sounds/id/satu.ogg"}
    assert client.get(clips["nol"]).data == b"ID3"
    assert client.get("/display/sounds/fr/nol.mp3").status_code == 404
    assert client.get("/display/sounds/id/..%2Fantrian.db").status_code == 404


def test_announcement_for_a_call_seen_only_in_a_snapshot(client, office):
    issued = client.post("/api/v1/offices/demo/tickets", json={"service": "B"},
                         headers=office.headers("kiosk")).json
    client.post("/api/v1/counters/2/call-next", headers=office.headers("loket2"))
    got = client.get(f"/display/demo/announcement?code={issued['code']}&counter=2")
    assert got.status_code == 200
    assert got.json["id"]["text"] == "Nomor antrian Be nol nol satu, silakan menuju loket dua"
    assert got.json["en"]["text"].startswith("Number B zero zero one")
    assert client.get("/display/demo/announcement?code=Z999&counter=2").status_code == 404
    assert client.get("/display/demo/announcement?code=B001&counter=x").status_code == 400
