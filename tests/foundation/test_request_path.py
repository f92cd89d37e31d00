"""One way through a request (shared/web/who.py, shared/web/refusal.py): who is asking,
the CSRF guard, and how a refusal is answered (JSON for the API and scripts, else a page)."""

from __future__ import annotations

import pytest
from flask import session
from sqlalchemy import select

from antrian.shared.core.errors import Unauthorized
from antrian.shared.models import DeviceToken, User
from antrian.shared.web import who
from tests.counter.conftest import sign_in


def uid(office, username: str) -> int:
    with office.db.read() as s:
        return s.scalar(select(User.id).where(User.username == username))


def token_id_of(office, username: str) -> int:
    with office.db.read() as s:
        return s.scalar(select(DeviceToken.id).where(DeviceToken.user_id == uid(office, username),
                                                     DeviceToken.kind == "user"))


def set_active(client, office, username: str, active: bool) -> None:
    res = client.patch(f"/api/v1/users/{uid(office, username)}", json={"active": active},
                       headers=office.headers("admin"))
    assert res.status_code == 200, res.json


# ---------------------------------------------------------------- who is asking


def test_a_bearer_token_and_a_session_resolve_to_their_actors(app, office):
    with app.test_request_context(headers=office.headers("loket1")):
        actor = who.current_actor()
        assert actor.username == "loket1" and "front_office" in actor.roles
    with app.test_request_context(headers=office.headers("kiosk")):
        assert who.current_actor().kind == "kiosk"
    with app.test_request_context():
        assert who.current_actor() is None
        session["_user_id"] = str(uid(office, "admin"))
        session["sv"] = 0
        assert who.session_actor().username == "admin"
    with app.test_request_context():
        session["_user_id"] = str(uid(office, "admin"))  # a session with no version: refused
        assert who.session_actor() is None


def test_the_bearer_speaks_for_a_request_that_also_carries_a_cookie(client, office):
    sign_in(client, "admin", office.passwords["admin"])
    # The kiosk's token, with the admin's cookie: the kiosk asks, and may not list users.
    res = client.get("/api/v1/offices/demo/users", headers=office.headers("kiosk"))
    assert res.status_code == 403
    assert client.get("/api/v1/offices/demo/users").status_code == 200  # the cookie alone


def test_a_revoked_token_stops_at_once_even_when_cached(client, office):
    mine = office.headers("loket1")
    assert client.get("/api/v1/counters/1/console", headers=mine).status_code == 200  # cached
    res = client.delete(f"/api/v1/tokens/{token_id_of(office, 'loket1')}",
                        headers=office.headers("admin"))
    assert res.status_code == 200
    res = client.get("/api/v1/counters/1/console", headers=mine)
    assert res.status_code == 401 and res.json["error"]["code"] == "unauthorized"


def test_a_disabled_user_loses_session_and_token(client, office):
    sign_in(client, "loket1", office.passwords["loket1"])
    assert client.get("/counter/1").status_code == 200
    set_active(client, office, "loket1", False)
    res = client.get("/counter/1")
    assert res.status_code == 302 and res.headers["Location"] == "/counter/login?next=/counter/1"
    assert client.get("/api/v1/counters/1/console").status_code == 401
    assert client.get("/api/v1/counters/1/console",
                      headers=office.headers("loket1")).status_code == 401


def test_a_socket_is_resolved_like_a_request(app, office):
    with app.test_request_context():
        assert who.socket_actor({"token": office.tokens["loket1"]}).username == "loket1"
        assert who.socket_actor({}) is None
        session["_user_id"] = str(uid(office, "loket1"))
        session["sv"] = 0
        assert who.socket_actor({"token": ""}).username == "loket1"  # the handshake's cookie
        with pytest.raises(Unauthorized):
            who.socket_actor({"token": "no-such-token"})


def test_a_counter_socket_connects_with_the_session_cookie_only_while_signed_in(
        app, client, office):
    socketio = app.extensions["antrian.hub"].socketio
    auth = {"office": "demo", "role": "counter", "counter": 1}
    assert not socketio.test_client(app, auth=auth, flask_test_client=client).is_connected()
    sign_in(client, "loket1", office.passwords["loket1"])
    live = socketio.test_client(app, auth=auth, flask_test_client=client)
    assert live.is_connected()
    live.disconnect()
    set_active(client, office, "loket1", False)
    assert not socketio.test_client(app, auth=auth, flask_test_client=client).is_connected()


# ---------------------------------------------------------------- CSRF


def test_a_cookie_post_needs_the_csrf_token(client, office):
    _, csrf = sign_in(client, "loket1", office.passwords["loket1"])
    client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                headers=office.headers("kiosk"))
    res = client.post("/api/v1/counters/1/call-next")  # a fetch without the header
    assert res.status_code == 403 and res.json["error"] == {
        "code": "csrf", "message": who.CSRF_MESSAGE}
    res = client.post("/api/v1/counters/1/call-next", headers={"X-CSRF-Token": "forged"})
    assert res.status_code == 403 and res.json["error"]["code"] == "csrf"
    res = client.post("/api/v1/counters/1/call-next", headers={"X-CSRF-Token": csrf})
    assert res.status_code == 200 and res.json["code"] == "A001"
    # Flask-WTF's own header name works too.
    assert client.post("/api/v1/counters/1/recall",
                       headers={"X-CSRFToken": csrf}).status_code == 200


def test_a_refused_form_post_gets_a_page_not_json(client, office):
    sign_in(client, "admin", office.passwords["admin"])
    res = client.post("/admin/counters/1/open", data={"open": "0", "csrf_token": "forged"})
    assert res.status_code == 403 and res.mimetype == "text/html"
    html = res.get_data(as_text=True)
    assert "CSRF" in html and "Tidak ada yang diubah" in html


def test_bearer_requests_are_exempt_even_with_a_cookie(client, office):
    sign_in(client, "loket1", office.passwords["loket1"])
    res = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                      headers=office.headers("kiosk"))
    assert res.status_code == 201
    res = client.post("/api/v1/counters/1/call-next", headers=office.headers("loket1"))
    assert res.status_code == 200


def test_without_a_session_cookie_there_is_nothing_to_forge(client, office):
    res = client.post("/api/v1/counters/1/call-next")
    assert res.status_code == 401 and res.json["error"]["code"] == "unauthorized"


def test_the_csrf_token_changes_when_signing_in(client, office):
    before = client.get("/counter/login").get_data(as_text=True)
    _, after = sign_in(client, "loket1", office.passwords["loket1"])
    assert f'value="{after}"' not in before


# ---------------------------------------------------------------- one error path


@pytest.mark.parametrize("path", [
    "/t/not-a-token", "/kiosk/nowhere", "/kiosk/nowhere/online", "/kiosk/nowhere/pair",
    "/kiosk/demo/online/sent/not-a-token", "/display/nowhere/events", "/no/such/page",
])
def test_a_visitor_page_that_is_not_there_is_a_page_in_indonesian(client, office, path):
    res = client.get(path)
    assert res.status_code == 404 and res.mimetype == "text/html"
    html = res.get_data(as_text=True)
    assert '<html lang="id">' in html and "tidak ditemukan" in html.lower()
    assert "not found</span>" in html.lower()  # English second
    assert '"error"' not in html


def test_a_script_asking_for_json_gets_json_from_a_page_address(client, office):
    res = client.get("/t/not-a-token", headers={"Accept": "application/json"})
    assert res.status_code == 404 and res.json["error"]["code"] == "not_found"


def test_an_online_form_post_for_no_office_is_a_page(client, office):
    res = client.post("/kiosk/nowhere/online", data={"service": "A", "name": "Ani"})
    assert res.status_code == 404 and res.mimetype == "text/html"


@pytest.mark.parametrize("path, code", [
    ("/api/v1/tickets/not-a-token", "not_found"),
    ("/api/v1/no-such-thing", "not_found"),
])
def test_an_api_404_stays_json(client, office, path, code):
    res = client.get(path, headers={"Accept": "text/html"})
    assert res.status_code == 404 and res.mimetype == "application/json"
    assert res.json["error"]["code"] == code and res.json["error"]["message"]


def test_an_unexpected_error_is_a_500_without_its_insides(client, office, monkeypatch):
    from antrian.shared.tickets import kiosk_screen, lifecycle

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret-detail-of-the-bug")

    monkeypatch.setattr(kiosk_screen, "ticket_view", broken)
    monkeypatch.setattr(lifecycle, "ticket_for_token", broken)
    page = client.get("/t/anything")
    html = page.get_data(as_text=True)
    assert page.status_code == 500 and page.mimetype == "text/html"
    assert "Terjadi kesalahan di server" in html
    assert "secret-detail" not in html and "Traceback" not in html
    api = client.get("/api/v1/tickets/anything")
    assert api.status_code == 500 and api.json == {
        "error": {"code": "internal", "message": "Terjadi kesalahan di server. / Server error."}}


def test_a_signed_out_page_goes_to_the_sign_in_and_the_api_says_401(client, office):
    res = client.get("/admin/audit?office=demo")
    assert res.status_code == 302
    assert res.headers["Location"] == "/counter/login?next=/admin/audit%3Foffice%3Ddemo"
    assert client.get("/api/v1/offices/demo/audit").json["error"]["code"] == "unauthorized"


def test_a_staff_member_refused_a_page_gets_a_way_to_their_desk(client, office):
    sign_in(client, "loket1", office.passwords["loket1"])
    res = client.get("/admin/audit")
    html = res.get_data(as_text=True)
    assert res.status_code == 403 and 'href="/counter"' in html and "meja kerja" in html
