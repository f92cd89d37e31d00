"""The survey's HTML pages: the visitor's form by QR, polite refusals, the counter's tablet."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from antrian.shared.core import clock
from antrian.shared.models import SurveyResponse
from tests.support.factories import serve_one, set_finished, sign_in, user_id

FILLED = {**{f"u{i}": "3" for i in range(1, 10)}, "age": "", "sex": "", "education": "",
          "occupation": "", "comment": ""}


def count(office) -> int:
    with office.db.read() as s:
        return s.scalar(select(func.count(SurveyResponse.id)))


def test_open_survey_shows_nine_elements_with_their_own_words(client, done):
    res = client.get(f"/survey/{done[1]}")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    assert html.count('<fieldset class="element') == 9 and html.count("<legend>") >= 9
    assert html.count('type="radio" name="u') == 36
    for words in ("Sangat mahal", "Gratis", "Dikelola dengan baik", "Sangat sopan dan ramah",
                  "Very easy", "Persyaratan", "Sarana dan Prasarana"):
        assert words in html
    assert "A001" in html and 'name="age"' in html and 'name="comment"' in html


def test_filled_form_is_stored_then_thanked(client, office, done):
    res = client.post(f"/survey/{done[1]}", data={**FILLED, "u2": "1", "age": "45",
                                                    "sex": "L", "education": "d4_s1"})
    assert res.status_code == 303 and res.headers["Location"].endswith("terima=1")
    thanks = client.get(res.headers["Location"]).get_data(as_text=True)
    assert "Terima kasih!" in thanks
    with office.db.read() as s:
        row = s.scalar(select(SurveyResponse))
    assert (row.u2, row.u3, row.age, row.sex, row.education, row.occupation, row.comment) == (
        1, 3, 45, "L", "d4_s1", None, None)
    later = client.get(f"/survey/{done[1]}").get_data(as_text=True)
    assert "sudah diisi" in later and "<form" not in later


def test_a_missing_answer_is_a_polite_400_keeping_what_was_filled(client, office, done):
    data = {**FILLED, "u4": "2", "comment": "Antrean rapi"}
    del data["u7"]
    res = client.post(f"/survey/{done[1]}", data=data)
    html = res.get_data(as_text=True)
    assert res.status_code == 400 and 'role="alert"' in html
    assert "u7" in html and "Perilaku Pelaksana" in html and 'href="#field-u7"' in html
    assert re.search(r'name="u4" value="2" required\s+checked', html)
    assert "Antrean rapi" in html
    assert count(office) == 0


def test_out_of_range_and_junk_values_are_refused(client, office, done):
    for value in ("5", "0", "abc", "-1"):
        res = client.post(f"/survey/{done[1]}", data={**FILLED, "u1": value})
        assert res.status_code == 400, value
    assert client.post(f"/survey/{done[1]}", data={**FILLED, "age": "tua"}).status_code == 400
    assert count(office) == 0


def test_second_submission_gets_the_already_filled_page(client, office, done):
    assert client.post(f"/survey/{done[1]}", data=FILLED).status_code == 303
    again = client.post(f"/survey/{done[1]}", data={**FILLED, "u1": "1"})
    assert again.status_code == 409 and "sudah diisi" in again.get_data(as_text=True)
    assert count(office) == 1


def test_before_service_is_done_a_polite_page(client, office):
    _, token = serve_one(client, office, finish=False)
    res = client.get(f"/survey/{token}")
    assert res.status_code == 200
    assert "survei tersedia setelah layanan selesai" in res.get_data(as_text=True).lower()
    res = client.post(f"/survey/{token}", data=FILLED)
    assert res.status_code == 409 and "setelah layanan selesai" in res.get_data(as_text=True)
    assert count(office) == 0


def test_expired_and_unknown_are_polite_pages(client, office, done):
    set_finished(office, done[0], clock.now() - timedelta(days=8))
    res = client.get(f"/survey/{done[1]}")
    assert "sudah berakhir" in res.get_data(as_text=True) and "<form" not in res.get_data(
        as_text=True)
    res = client.post(f"/survey/{done[1]}", data=FILLED)
    assert res.status_code == 410
    res = client.get("/survey/tebakan-token-asal")
    assert res.status_code == 404 and "Tiket tidak ditemukan" in res.get_data(as_text=True)
    assert res.mimetype == "text/html"
    assert client.post("/survey/tebakan-token-asal", data=FILLED).status_code == 404
    assert client.post("/survey/tebakan", data={"u1": "9"}).status_code == 404
    assert count(office) == 0


# ---------------------------------------------------------------- the counter's tablet


def login(client, office, username: str) -> str:
    """Sign in through the login form; returns the new session's CSRF token."""
    res, csrf = sign_in(client, username, office.passwords[username])
    assert res.status_code == 302
    return csrf


def test_desk_needs_a_login(client, done):
    res = client.get("/survey/desk/1")
    assert res.status_code == 302
    assert res.headers["Location"] == "/counter/login?next=/survey/desk/1"


def test_desk_offers_the_latest_completed_ticket_and_stores_mode_desk(client, office, done):
    csrf = login(client, office, "loket1")
    page = client.get("/survey/desk/1").get_data(as_text=True)
    assert "A001" in page and f"/survey/desk/1/{done[1]}" in page
    form = client.get(f"/survey/desk/1/{done[1]}").get_data(as_text=True)
    assert 'name="csrf_token"' in form
    res = client.post(f"/survey/desk/1/{done[1]}", data={**FILLED, "csrf_token": csrf})
    assert res.status_code == 303 and res.headers["Location"].startswith("/survey/desk/1")
    with office.db.read() as s:
        row = s.scalar(select(SurveyResponse))
    assert row.mode == "desk" and row.staff_id == user_id(office, "loket1")
    after = client.get(res.headers["Location"]).get_data(as_text=True)
    assert "penilaian tersimpan" in after and f"/survey/desk/1/{done[1]}" not in after


def test_desk_refuses_a_bad_csrf_token_and_other_counters_tickets(client, office, done):
    login(client, office, "loket2")
    res = client.post(f"/survey/desk/1/{done[1]}", data={**FILLED, "csrf_token": "wrong"})
    assert res.status_code == 403
    assert client.get(f"/survey/desk/2/{done[1]}").status_code == 404
    login(client, office, "resepsionis")
    assert client.get("/survey/desk/1").status_code == 403
    assert count(office) == 0
