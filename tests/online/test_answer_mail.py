"""SOP 000: the status page of an online request shows the request, its due date and then
the answer, never "waiting to be called"; the answer goes to the requester's e-mail through
an outbox written with the answer, retried on failure and shown to staff, never lost."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import select

from antrian.app import send_mail
from antrian.shared.core import clock, config, mailer
from antrian.shared.desks import outbox
from antrian.shared.models import MailMessage
from antrian.shared.office import retention
from tests.online.conftest import send_form, ticket_id_of

ANSWER = "Syaratnya: surat permohonan dan fotokopi KTP."


def answer(client, office, token, text=ANSWER, who="loket1"):
    return client.post(f"/api/v1/tickets/{ticket_id_of(office, token)}/answer-online",
                       json={"answer": text}, headers=office.headers(who))


def rows(office) -> list[MailMessage]:
    with office.db.read() as s:
        return list(s.scalars(select(MailMessage).order_by(MailMessage.id)))


def local_smtp(port: int) -> mailer.SmtpSettings:
    return mailer.SmtpSettings.of(config.Settings(
        smtp_host="127.0.0.1", smtp_port=str(port), smtp_security="none",
        smtp_from="ult@kantor.example"))


def test_the_status_page_shows_the_request_then_the_answer(client, office, no_fill_wait):
    token = send_form(client, request_text="Mohon info <b>syarat</b> perizinan.")
    page = client.get(f"/t/{token}").get_data(as_text=True)
    assert "Mohon info &lt;b&gt;syarat&lt;/b&gt; perizinan." in page  # escaped, shown
    assert "Sedang diproses" in page and "Dijawab paling lambat" in page
    assert "Menunggu dipanggil" not in page and 'data-channel="online"' in page
    status = client.get(f"/api/v1/tickets/{token}").json
    assert status["online"]["request_text"] == "Mohon info <b>syarat</b> perizinan."
    assert status["online"]["answer"] is None and status["online"]["due"].endswith(" WIB")

    assert answer(client, office, token).json["status"] == "done"
    page = client.get(f"/t/{token}").get_data(as_text=True)
    assert "Sudah dijawab" in page and ANSWER in page and "Sedang diproses" not in page
    status = client.get(f"/api/v1/tickets/{token}").json
    assert status["online"]["answer"] == status["answer"] == ANSWER
    assert status["online"]["answered_at"] is not None


def test_a_walk_in_ticket_has_no_online_part(client, office):
    made = client.post("/api/v1/offices/demo/tickets", json={"service": "A"},
                       headers=office.headers("kiosk")).json
    assert client.get(f"/api/v1/tickets/{made['token']}").json.get("online") is None
    assert 'id="online-request"' not in client.get(f"/t/{made['token']}").get_data(as_text=True)


def test_the_answer_and_its_message_are_one_transaction(client, office, no_fill_wait):
    token = send_form(client)
    nomail = send_form(client, email="", phone="0812345678")
    assert answer(client, office, nomail).status_code == 200
    assert rows(office) == []  # no address, no message
    assert answer(client, office, token, "").status_code == 400
    assert rows(office) == []  # refused: nothing queued
    assert answer(client, office, token).status_code == 200
    assert answer(client, office, token, "lagi").status_code == 409
    [row] = rows(office)  # answered once, one message
    assert row.to_addr == "dewi@example.org" and row.sent_at is None and row.attempts == 0
    assert "DA001" in row.subject and ANSWER in row.body and "Dewi" in row.body
    assert f"/t/{token}" in row.body  # links to its status page


def test_the_sender_delivers_through_smtp(client, office, no_fill_wait, smtp_server):
    controller, catcher = smtp_server
    token = send_form(client)
    answer(client, office, token)
    assert send_mail(office.db, local_smtp(controller.port)) == {"sent": 1, "failed": 0}
    [envelope] = catcher.messages
    assert envelope.rcpt_tos == ["dewi@example.org"]
    assert envelope.mail_from == "ult@kantor.example"
    text = envelope.content.decode()
    assert "Jawaban permintaan DA001" in text
    [row] = rows(office)
    assert row.sent_at is not None and row.next_try_at is None and row.attempts == 1
    assert send_mail(office.db, local_smtp(controller.port)) == {"sent": 0, "failed": 0}
    assert len(catcher.messages) == 1  # sent once


def test_a_failed_send_is_retried_then_waits_for_staff(client, office, no_fill_wait,
                                                      monkeypatch, caplog, staff):
    token = send_form(client)
    answer(client, office, token)
    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])

    def refused(to, subject, body):
        raise smtplib.SMTPRecipientsRefused({to: (550, b"no such mailbox")})

    caplog.set_level(logging.INFO)
    waits = []
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert outbox.send_due(office.db, refused) == {"sent": 0, "failed": 1}
        [row] = rows(office)
        assert row.attempts == attempt and "SMTPRecipientsRefused" in row.last_error
        if attempt < outbox.MAX_ATTEMPTS:
            waits.append(row.next_try_at - now[0])
            assert outbox.send_due(office.db, refused) == {"sent": 0, "failed": 0}  # not yet
            now[0] = row.next_try_at
    assert waits[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert rows(office)[0].next_try_at is None  # given up: waits for staff
    now[0] += timedelta(days=3)
    assert outbox.send_due(office.db, refused) == {"sent": 0, "failed": 0}
    logged = caplog.text
    assert "not sent" in logged and "dewi@example.org" not in logged and ANSWER not in logged

    # Staff see it, with the reason, and send it again.
    headers = staff("admin")
    page = client.get("/admin/mail?office=demo").get_data(as_text=True)
    assert "SMTPRecipientsRefused" in page and "Gagal" in page and "dewi@example.org" in page
    listed = client.get("/api/v1/offices/demo/mail?unsent=1", headers=office.headers("loket1"))
    assert listed.json["counts"]["failed"] == 1 and listed.json["messages"][0]["ticket"] == "DA001"
    message_id = listed.json["messages"][0]["id"]
    assert client.get("/api/v1/offices/demo/mail",
                      headers=office.headers("resepsionis")).status_code == 403
    res = client.post(f"/admin/mail/{message_id}/retry",
                      data={"office": "demo", "csrf_token": headers["X-CSRF-Token"]})
    assert res.status_code == 302
    sent = []
    assert outbox.send_due(office.db, lambda *m: sent.append(m)) == {"sent": 1, "failed": 0}
    assert sent[0][0] == "dewi@example.org"
    again = client.post(f"/api/v1/mail/{message_id}/retry", headers=office.headers("loket1"))
    assert again.status_code == 409 and again.json["error"]["code"] == "already_sent"


def test_a_claim_runs_from_its_own_moment_not_the_batchs(client, office, no_fill_wait,
                                                         monkeypatch):
    """The first of two messages takes the SMTP server CLAIM_S to accept: the second's claim
    still holds for CLAIM_S from when it was taken, so another sender leaves it alone."""
    for _ in range(2):
        answer(client, office, send_form(client))
    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    other = []

    def slow_then_watched(to, subject, body):
        if not other:
            now[0] += timedelta(seconds=outbox.CLAIM_S)  # the first send took that long
            other.append(None)
        else:
            other.append(outbox.send_due(office.db, lambda *m: pytest.fail("sent twice")))

    assert outbox.send_due(office.db, slow_then_watched) == {"sent": 2, "failed": 0}
    assert other == [None, {"sent": 0, "failed": 0}]


def test_a_message_being_sent_is_not_taken_twice(client, office, no_fill_wait):
    token = send_form(client)
    answer(client, office, token)
    [row] = rows(office)
    inner = []

    def slow(to, subject, body):  # another sender runs while this one is still sending
        inner.append(outbox.send_due(office.db, lambda *m: None))

    assert outbox.send_due(office.db, slow) == {"sent": 1, "failed": 0}
    assert inner == [{"sent": 0, "failed": 0}]
    assert rows(office)[0].attempts == 1 and row.id == rows(office)[0].id


def test_staff_sending_again_during_a_send_does_not_send_twice(client, office, no_fill_wait,
                                                               staff):
    """The SMTP server is slow; staff press "send again" meanwhile and another pass of the
    sender runs: the message still goes once, and only the slow send counts it."""
    token = send_form(client)
    answer(client, office, token)
    [row] = rows(office)
    staff("loket1")
    during = []

    def slow(to, subject, body):
        again = client.post(f"/api/v1/mail/{row.id}/retry", headers=office.headers("loket1"))
        during.append((again.status_code, outbox.send_due(office.db, lambda *m: None)))

    assert outbox.send_due(office.db, slow) == {"sent": 1, "failed": 0}
    assert during == [(200, {"sent": 0, "failed": 0})]
    [sent] = rows(office)
    assert sent.sent_at is not None and sent.attempts == 1 and sent.claimed_until is None
    assert outbox.send_due(office.db, lambda *m: pytest.fail("sent twice")) == {
        "sent": 0, "failed": 0}


def test_a_sender_that_died_mid_send_leaves_the_message_to_the_next(client, office,
                                                                   no_fill_wait, monkeypatch):
    """The claim's expiry (which the claim's own column now carries): a message is neither
    stuck for good nor taken while its sender may still be at it."""
    token = send_form(client)
    answer(client, office, token)
    now = [clock.now()]
    monkeypatch.setattr(clock, "now", lambda: now[0])

    def died(to, subject, body):
        raise KeyboardInterrupt  # not a refusal: the process stops, the claim stays

    with pytest.raises(KeyboardInterrupt):
        outbox.send_due(office.db, died)
    assert outbox.send_due(office.db, lambda *m: pytest.fail("claimed")) == {
        "sent": 0, "failed": 0}
    now[0] += timedelta(seconds=outbox.CLAIM_S)
    assert outbox.send_due(office.db, lambda *m: None) == {"sent": 1, "failed": 0}


def test_without_smtp_answers_wait_in_the_outbox(client, office, no_fill_wait, staff):
    assert mailer.SmtpSettings.of(config.Settings()) is None
    token = send_form(client)
    answer(client, office, token)
    staff("loket1")  # front office: sees the outbox too
    page = client.get("/admin/mail?office=demo").get_data(as_text=True)
    assert 'id="smtp-missing"' in page and "Menunggu" in page


def test_smtp_settings_and_their_defaults():
    assert local_smtp(2525).port == 2525
    def load(**values):  # a secret given: nothing is written to an instance folder
        return config.load({"secret_key": "s", **values}, environ={})

    starttls = mailer.SmtpSettings.of(load(smtp_host="mail.example.go.id", smtp_user="ult",
                                           smtp_password="x"))
    assert (starttls.port, starttls.security, starttls.sender) == \
        (587, "starttls", "antrian@mail.example.go.id")
    assert mailer.SmtpSettings.of(load(smtp_host="h", smtp_security="ssl")).port == 465
    with pytest.raises(ValueError):
        load(smtp_security="tls")
    with pytest.raises(ValueError):
        load(smtp_port="abc")


def test_the_purge_takes_the_messages_with_the_visit(client, office, no_fill_wait):
    token = send_form(client)
    answer(client, office, token)
    assert len(rows(office)) == 1
    retention.purge_personal_data(office.db, now=clock.now() + timedelta(days=400))
    assert rows(office) == []


@pytest.mark.postgres
def test_two_senders_at_once_send_each_message_once(pg_office, no_fill_wait):
    import threading

    client = pg_office.app.test_client()
    for n in range(3):
        token = send_form(client, name=f"Pemohon {n}", email=f"p{n}@example.org")
        assert answer(client, pg_office, token).status_code == 200
    sent: list[str] = []
    start = threading.Barrier(2)

    def sender():
        start.wait()
        outbox.send_due(pg_office.db, lambda to, subject, body: sent.append(to))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(sent) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert all(r.sent_at is not None and r.attempts == 1 for r in rows(pg_office))
