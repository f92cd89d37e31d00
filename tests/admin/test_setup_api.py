"""API v1 of the management plane: the routes of issue 11, their statuses and error shape."""

from __future__ import annotations

from antrian.shared.auth import actors
from tests.admin.setup_support import add_coordinator, add_other_office, add_root


def bearer(office, username: str) -> dict[str, str]:
    with office.db.write() as s:
        return {"Authorization": f"Bearer {actors.create_user_token(s, username)}"}


def error_of(res, status: int, code: str | None = None) -> dict:
    assert res.status_code == status, res.get_data(as_text=True)
    error = res.json["error"]
    assert error["message"] and (code is None or error["code"] == code)
    return error


def test_an_office_is_created_and_set_up_over_the_api(client, office):
    root = bearer(office, add_root(office.db))
    res = client.post("/api/v1/offices", json={"code": "kantor2", "name": "Kantor Dua",
                                               "timezone": "Asia/Jayapura"}, headers=root)
    assert res.status_code == 201 and res.json["settings"]["call_policy"] == "strict"
    assert {o["code"] for o in client.get("/api/v1/offices", headers=root).json["offices"]} == {
        "demo", "kantor2"}
    res = client.patch("/api/v1/offices/kantor2", headers=root, json={
        "header": "ULT Kantor Dua", "settings": {"call_policy": "priority_counter_only"}})
    assert res.json["settings"]["call_policy"] == "priority_counter_only"
    res = client.post("/api/v1/offices/kantor2/services", headers=root, json={
        "prefix": "A", "name_id": "Informasi", "name_en": "Information", "quota": 30,
        "opens": "07:30", "closes": "16:00", "standards": {"service": 900}})
    assert res.status_code == 201 and res.json["opens"] == "07:30"
    res = client.patch("/api/v1/offices/kantor2/services/A", headers=root,
                       json={"name_en": "Info desk", "standards": {"wait": 300}})
    assert res.json["standards"]["wait"] == 300
    assert client.get("/api/v1/offices/kantor2/services/A", headers=root).json == res.json
    error_of(client.get("/api/v1/offices/kantor2/services/Z", headers=root), 404)
    res = client.post("/api/v1/offices/kantor2/counters", headers=root,
                      json={"number": 1, "name": "Loket 1", "services": ["A"]})
    assert res.status_code == 201 and res.json["services"] == ["A"]
    res = client.post("/api/v1/offices/kantor2/users", headers=root, json={
        "username": "petugas-k2", "display_name": "Petugas", "roles": ["front_office"],
        "counter": 1})
    assert res.status_code == 201 and res.json["password"] and res.json["counter"] == 1
    user_id = res.json["id"]
    res = client.patch("/api/v1/offices/kantor2/counters/1", headers=root,
                       json={"open": False, "kind": "priority"})
    assert res.json["open"] is False and res.json["staff"] == "petugas-k2"
    assert client.get("/api/v1/offices/kantor2/counters/1", headers=root).json == res.json
    error_of(client.get("/api/v1/offices/kantor2/counters/9", headers=root), 404)
    listed = client.get("/api/v1/offices/kantor2/users", headers=root).json["users"]
    assert [u["username"] for u in listed] == ["petugas-k2"] and "password" not in listed[0]
    res = client.post("/api/v1/offices/kantor2/devices", headers=root,
                      json={"kind": "kiosk", "name": "Kios 1"})
    assert res.status_code == 201 and res.json["pair_url"].endswith(res.json["token"])
    kiosk_id = res.json["id"]
    assert client.delete(f"/api/v1/devices/{kiosk_id}", headers=root).json["revoked"]
    audit_log = client.get("/api/v1/offices/kantor2/audit", headers=root).json["entries"]
    assert [e["action"] for e in audit_log][::-1] == [
        "office.create", "settings.update", "office.update", "service.create",
        "service.update", "counter.create", "user.create", "counter.update", "device.pair",
        "device.revoke"]
    assert all(e["address"] == "127.0.0.1" and e["actor"] == "root" for e in audit_log)
    assert client.patch(f"/api/v1/users/{user_id}", headers=root,
                        json={"active": False}).json["active"] is False


def test_staff_tokens_are_created_listed_and_revoked_at_once(client, office):
    admin = bearer(office, "admin")
    loket1 = client.get("/api/v1/offices/demo/users", headers=admin).json["users"]
    user_id = next(u["id"] for u in loket1 if u["username"] == "loket1")
    made = client.post(f"/api/v1/users/{user_id}/tokens", headers=admin, json={"name": "alat"})
    assert made.status_code == 201 and made.json["token"]
    theirs = {"Authorization": f"Bearer {made.json['token']}"}
    assert client.get("/api/v1/counters/1/console", headers=theirs).status_code == 200
    tokens = client.get(f"/api/v1/users/{user_id}/tokens", headers=admin).json["tokens"]
    assert made.json["id"] in [t["id"] for t in tokens]
    assert client.delete(f"/api/v1/tokens/{made.json['id']}", headers=admin).status_code == 200
    error_of(client.get("/api/v1/counters/1/console", headers=theirs), 401)
    error_of(client.delete(f"/api/v1/tokens/{made.json['id']}", headers=admin), 409,
             "already_revoked")
    reset = client.post(f"/api/v1/users/{user_id}/password", headers=admin)
    assert reset.status_code == 200 and len(reset.json["password"]) >= 12


def test_disabling_a_user_refuses_their_token_at_once(client, office):
    admin = bearer(office, "admin")
    theirs = bearer(office, "loket2")
    assert client.get("/api/v1/counters/2/console", headers=theirs).status_code == 200
    users = client.get("/api/v1/offices/demo/users", headers=admin).json["users"]
    user_id = next(u["id"] for u in users if u["username"] == "loket2")
    client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"active": False})
    error_of(client.get("/api/v1/counters/2/console", headers=theirs), 401)


def test_nobody_else_writes(client, office):
    coordinator = bearer(office, add_coordinator(office.db))
    other = bearer(office, add_other_office(office.db))
    admin = bearer(office, "admin")
    error_of(client.post("/api/v1/offices/demo/users", headers=coordinator,
                         json={"username": "baru", "roles": ["front_office"]}), 403, "forbidden")
    error_of(client.post("/api/v1/offices", headers=admin,
                         json={"code": "k3", "name": "Tiga"}), 403)
    error_of(client.patch("/api/v1/offices/demo/services/A", headers=other,
                          json={"quota": 1}), 403)
    error_of(client.get("/api/v1/offices/demo/audit", headers=bearer(office, "backoffice")),
             403)
    error_of(client.get("/api/v1/offices/demo/services/A", headers=other), 403)
    error_of(client.get("/api/v1/offices/demo/counters/1", headers=other), 403)
    error_of(client.post("/api/v1/offices/demo/services", json={"prefix": "E"}), 401)
    assert [o["code"] for o in client.get("/api/v1/offices", headers=other).json["offices"]
            ] == ["lain"]


def test_bad_input_is_a_clear_400(client, office):
    admin = bearer(office, "admin")
    error = error_of(client.patch("/api/v1/offices/demo", headers=admin,
                                  json={"settings": {"call_policy": "random"}}), 400)
    assert error["field"] == "settings.call_policy"
    error_of(client.post("/api/v1/offices/demo/services", headers=admin,
                         json={"prefix": "A", "name_id": "x", "name_en": "x"}), 409,
             "prefix_taken")
    error_of(client.post("/api/v1/offices/demo/counters", headers=admin,
                         json={"number": 7, "name": "L7", "services": ["Q"]}), 400,
             "unknown_service")
    error_of(client.get("/api/v1/offices/demo/audit?from=kemarin", headers=admin), 400)
    error_of(client.post("/api/v1/offices/demo/devices", headers=admin,
                         json={"kind": "board", "name": "x"}), 400)
    error_of(client.patch("/api/v1/offices/demo/services/Q", headers=admin,
                          json={"quota": 2}), 404)
