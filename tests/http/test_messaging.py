"""Messaging against a REAL local SMTP server (Debian's python3-aiosmtpd)
and a local Twilio-style SMS gateway stand-in (http.server recording every
request, able to fail the first N calls).

Covers: delivery by SMTP and SMS, Message-ID = idempotency key, retries
with backoff, dead letters and the retry button, suppression (hard bounce,
one-click unsubscribe, STOP), STOP in English / Spanish / Bengali (script
and transliteration), START, HELP, webhook authentication and
idempotency, status callbacks, and the crash test: SIGKILL in the middle
of a 5,000-message send, restart, every message delivered, repeats no more
than the messages in flight at the kill.
"""
from __future__ import annotations

import base64
import email
import email.policy
import http.server
import json
import os
import re
import signal
import socket
import sqlite3
import threading
import time
import urllib.parse
import uuid
from contextlib import contextmanager

import pytest
import requests

from conftest import (add_user, api_token, finish_server, hidden_csrf, make_data, run_cli, sign_in,
                      start_server, STAFF_PASSWORD)

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")

WEBHOOK_KEY = "test-webhook-secret-0123456789"
MAIL_FROM = "alerts@jhis.example"
SMS_FROM = "+17185550100"
PUBLIC_URL = "https://sanctuary.example"


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


MID_RE = re.compile(rb"^Message-ID:\s*(<[^>\r\n]+>)", re.M | re.I)


class SmtpRecorder:
    """aiosmtpd handler: keeps every accepted message (raw bytes); RCPT to an
    address in `bounce` answers 550 (a hard bounce)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.raw: list[bytes] = []
        self.bounce: set[str] = set()
        self.rcpt_refused: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.bounce:
            self.rcpt_refused.append(address)
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.raw.append(bytes(envelope.original_content or envelope.content))
        return "250 2.0.0 Ok: queued"

    def message_ids(self) -> list[str]:
        with self.lock:
            raws = list(self.raw)
        out = []
        for r in raws:
            m = MID_RE.search(r)
            out.append(m.group(1).decode() if m else None)
        return out

    def to(self, addr: str) -> list[email.message.Message]:
        with self.lock:
            raws = list(self.raw)
        msgs = [email.message_from_bytes(r, policy=email.policy.default) for r in raws
                if f"To: {addr}".encode() in r]
        return msgs


class Gateway:
    """A Twilio-style Messages endpoint: form POST To/From/Body, basic auth,
    answers 201 {"sid": ...}; fails (503) the next `fail_next` calls."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.attempts: list[tuple[float, str]] = []  # (time, idempotency key), failed ones too
        self.fail_next = 0
        gw = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: the worker reuses its connection
            disable_nagle_algorithm = True  # headers and body are two writes

            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n).decode()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
                key = self.headers.get("Idempotency-Key")
                with gw.lock:
                    gw.attempts.append((time.monotonic(), key))
                    fail = gw.fail_next > 0
                    if fail:
                        gw.fail_next -= 1
                    else:
                        sid = "SM" + uuid.uuid4().hex
                        gw.requests.append({"path": self.path, "form": form, "sid": sid,
                                            "headers": {k.lower(): v for k, v in self.headers.items()}})
                if fail:
                    out = b'{"code": 20500, "message": "try later"}'
                    self.send_response(503)
                else:
                    out = json.dumps({"sid": sid, "status": "queued"}).encode()
                    self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/2010-04-01/Accounts/AC123/Messages.json"

    def to(self, number: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["form"].get("To") == number]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def environment(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update({k: str(v) for k, v in values.items()})
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def env_for(smtp_port: int, gateway: Gateway, **extra) -> dict:
    env = dict(
        SANCTUARY_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        SANCTUARY_MAIL_FROM=MAIL_FROM,
        SANCTUARY_SMS_URL=gateway.url,
        SANCTUARY_SMS_USER="AC123",
        SANCTUARY_SMS_PASSWORD="gateway-token",
        SANCTUARY_SMS_FROM=SMS_FROM,
        SANCTUARY_SMS_WEBHOOK_SECRET=WEBHOOK_KEY,
        SANCTUARY_PUBLIC_URL=PUBLIC_URL,
        SANCTUARY_RETRY_BASE="1",
        SANCTUARY_RETRY_CAP="4",
        SANCTUARY_MAX_ATTEMPTS="3",
        SANCTUARY_QUIET_HOURS="off",  # tests run at any hour; test_quiet_hours sets its own
    )
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def smtp():
    rec = SmtpRecorder()
    ctl = aiosmtpd_controller.Controller(rec, hostname="127.0.0.1", port=free_port())
    ctl.start()
    rec.port = ctl.port
    yield rec
    ctl.stop()


@pytest.fixture(scope="module")
def gateway():
    gw = Gateway()
    yield gw
    gw.close()


@pytest.fixture(scope="module")
def msrv(binary, tmp_path_factory, smtp, gateway):
    data = make_data(tmp_path_factory.mktemp("messaging"))
    with environment(**env_for(smtp.port, gateway)):
        srv = start_server(data, name="messaging")
    yield srv
    finish_server(srv)


def db(srv) -> sqlite3.Connection:
    c = sqlite3.connect(f"file:{srv.data.path / 'sanctuary.db'}?mode=ro", uri=True, timeout=10)
    c.row_factory = sqlite3.Row
    return c


def rows(srv, sql, *args):
    with db(srv) as c:
        return c.execute(sql, args).fetchall()


def wait_until(pred, timeout=15.0, step=0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v or time.monotonic() > deadline:
            return v
        time.sleep(step)


def settle(srv):
    """Waits until nothing due is queued or being sent (e.g. the demo's messages),
    so a test's gateway failures hit its own message."""
    assert wait_until(lambda: not rows(srv, "SELECT 1 FROM messages WHERE status = 'sending' OR "
                                            "(status = 'queued' AND next_attempt_at <= strftime('%s','now'))"))


def queue_test(srv, *args) -> str:
    r = run_cli("messages", "test", "--data", str(srv.data.path), *args)
    assert r.returncode == 0, r.stderr
    m = re.search(r"\(run (\S+)\)", r.stdout)
    assert m, r.stdout
    return m.group(1)


def run_rows(srv, run):
    return rows(srv, "SELECT * FROM messages WHERE idempotency_key LIKE ? ORDER BY id",
                f"test.{run}.%")


def inbound(srv, sender, body, sid=None, key=WEBHOOK_KEY):
    sid = sid or "SM" + uuid.uuid4().hex
    return srv.post(f"/hooks/sms/inbound?key={key}",
                    data={"From": sender, "To": SMS_FROM, "Body": body, "MessageSid": sid,
                          "AccountSid": "AC123"}), sid


# ---- email ---------------------------------------------------------------------

def test_email_is_delivered_with_the_idempotency_key_as_message_id(msrv, smtp):
    run = queue_test(msrv, "--email", "neighbor@example.org", "--count", "3")
    assert wait_until(lambda: all(r["status"] == "sent" for r in run_rows(msrv, run)))
    msgs = wait_until(lambda: [m for m in smtp.to("neighbor@example.org")
                               if run in str(m["Message-ID"])] if len(
        [m for m in smtp.to("neighbor@example.org") if run in str(m["Message-ID"])]) == 3 else None)
    assert msgs, "the three emails never reached the SMTP server"
    keys = {r["idempotency_key"] for r in run_rows(msrv, run)}
    assert {str(m["Message-ID"]) for m in msgs} == {f"<{k}@jhis.example>" for k in keys}
    for m in msgs:
        assert m.get_content_type() == "text/plain"
        assert m.get_content_charset() == "utf-8"
        assert "List-Unsubscribe" not in m  # not bulk
        assert MAIL_FROM in str(m["From"])
        assert "test message" in m.get_content()
    for r in run_rows(msrv, run):
        # the provider's id is recorded with 'sent'
        assert r["provider_id"] and r["provider_id"].startswith(f"<{r['idempotency_key']}@")
        assert r["attempts"] == 1 and r["sent_at"]


def test_utf8_subject_is_rfc2047_encoded(msrv, smtp):
    subject = "মঙ্গলবার 26 Federal Plaza — ¡Vengan!"
    run = queue_test(msrv, "--email", "subject@example.org", "--subject", subject)
    assert wait_until(lambda: any(run in str(m["Message-ID"]) for m in smtp.to("subject@example.org")))
    raw = next(r for r in smtp.raw if run.encode() in r)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"=?UTF-8?B?" in head
    assert all(b < 0x80 for b in head), "headers must be 7-bit"
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(msg["Subject"]) == subject


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_auth_and_connection_reuse(binary, tmp_path, gateway):
    """SMTP AUTH with the configured user and password (loopback, so TLS is
    not required; STARTTLS is used whenever a server offers it), and one
    connection for many messages. A wrong password is retried, not lost."""
    from aiosmtpd.smtp import AuthResult

    rec = SmtpRecorder()
    seen = {"logins": [], "connections": 0}

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen["logins"].append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"mailer" and auth_data.password == b"right pw")

    class Counting(aiosmtpd_controller.Controller):
        def factory(self):
            seen["connections"] += 1
            return super().factory()

    ctl = Counting(rec, hostname="127.0.0.1", port=free_port(), auth_require_tls=False,
                   auth_required=True, authenticator=authenticator)
    ctl.start()
    try:
        data = make_data(tmp_path, demo=False)
        with environment(**env_for(ctl.port, gateway, SANCTUARY_SMTP_USER="mailer",
                                   SANCTUARY_SMTP_PASSWORD="right pw")):
            srv = start_server(data, name="smtp-auth")
        try:
            r = run_cli("messages", "test", "--data", str(data.path), "--email", "auth@example.org",
                        "--count", "50")
            assert r.returncode == 0, r.stderr
            assert wait_until(lambda: len(rec.raw) == 50, timeout=30)
            assert (b"mailer", b"right pw") in seen["logins"]
            assert seen["connections"] <= 2, seen  # reused, not one per message
        finally:
            finish_server(srv)
        with environment(**env_for(ctl.port, gateway, SANCTUARY_SMTP_USER="mailer",
                                   SANCTUARY_SMTP_PASSWORD="wrong pw")):
            srv = start_server(data, name="smtp-auth-wrong")
        try:
            r = run_cli("messages", "test", "--data", str(data.path), "--email", "auth2@example.org")
            assert r.returncode == 0
            run = re.search(r"\(run (\S+)\)", r.stdout).group(1)
            assert wait_until(lambda: run_rows(srv, run)[0]["attempts"] >= 1
                              and run_rows(srv, run)[0]["status"] == "queued", timeout=15)
            assert "smtp" in run_rows(srv, run)[0]["last_error"].lower()
        finally:
            finish_server(srv)
    finally:
        ctl.stop()


def test_sigterm_during_a_slow_send_stops_promptly_and_loses_nothing(binary, tmp_path, gateway):
    """An SMTP server that stalls in DATA: SIGTERM still stops the server within
    seconds (the transfer is abandoned), and the message is queued again with
    its attempt not counted."""
    import asyncio
    entered = threading.Event()

    class Stalling(SmtpRecorder):
        async def handle_DATA(self, server, session, envelope):
            entered.set()
            await asyncio.sleep(60)
            return "451 too late"

    ctl = aiosmtpd_controller.Controller(Stalling(), hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        data = make_data(tmp_path, demo=False)
        with environment(**env_for(ctl.port, gateway)):
            srv = start_server(data, name="sigterm")
        r = run_cli("messages", "test", "--data", str(data.path), "--email", "slow@example.org")
        run = re.search(r"\(run (\S+)\)", r.stdout).group(1)
        assert entered.wait(15), "the message never reached DATA"
        t0 = time.monotonic()
        finish_server(srv)  # SIGTERM: exit 0 within the limit, no sanitizer report
        assert time.monotonic() - t0 < 5
        row = run_rows(srv, run)[0]
        assert row["status"] == "queued" and row["attempts"] == 0
    finally:
        ctl.stop()


def test_transport_settings_page_validates(msrv):
    admin = sign_in(msrv, msrv.data.admin_email, msrv.data.admin_password)
    page = admin.get(msrv.url + "/app/messages/settings", allow_redirects=False, timeout=10)
    assert page.status_code == 200
    # the environment wins: the page says so, and shows the webhook URLs
    assert f"/hooks/sms/inbound?key={WEBHOOK_KEY}" in page.text
    assert "SANCTUARY_SMTP_URL" in page.text
    r = admin.post(msrv.url + "/app/messages/settings", allow_redirects=False, timeout=10, data={
        "csrf": hidden_csrf(page.text), "smtp_url": "http://not-smtp.example", "sms_url": "ftp://x",
        "sms_from": "12345", "max_attempts": "0", "mail_from": "not an email"})
    assert r.status_code == 422
    assert r.text.count('class="error-text"') >= 4


def test_bulk_mail_has_one_click_unsubscribe(msrv, smtp):
    run = queue_test(msrv, "--email", "bulk@example.org", "--bulk")
    assert wait_until(lambda: any(run in str(m["Message-ID"]) for m in smtp.to("bulk@example.org")))
    msg = next(m for m in smtp.to("bulk@example.org") if run in str(m["Message-ID"]))
    lu = str(msg["List-Unsubscribe"])
    assert str(msg["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    m = re.fullmatch(r"<(https://sanctuary\.example(/unsubscribe/[^>]+))>", lu)
    assert m, lu
    path = m.group(2)
    # the confirmation page works without JavaScript: a plain form
    page = msrv.get(path)
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.text  # no script needed
    # a tampered token is 404
    assert msrv.post(path[:-1] + ("0" if path[-1] != "0" else "1"),
                     data={"List-Unsubscribe": "One-Click"}).status_code == 404
    # RFC 8058: a POST with List-Unsubscribe=One-Click and no cookie, no CSRF token
    r = msrv.post(path, data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    assert len(rows(msrv, "SELECT * FROM suppressions WHERE channel = 'email' AND reason = 'unsubscribe'")) >= 1
    # and the next send to that address is never selected
    run2 = queue_test(msrv, "--email", "bulk@example.org", "--bulk")
    assert wait_until(lambda: run_rows(msrv, run2)[0]["status"] == "suppressed")
    time.sleep(0.5)
    assert not any(run2 in str(m["Message-ID"]) for m in smtp.to("bulk@example.org"))


def test_hard_bounce_suppresses_the_address(msrv, smtp):
    smtp.bounce.add("gone@example.org")
    run = queue_test(msrv, "--email", "gone@example.org")
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "failed")
    r = run_rows(msrv, run)[0]
    assert r["attempts"] == 1 and "RCPT" in r["last_error"]
    assert rows(msrv, "SELECT * FROM suppressions WHERE channel = 'email' AND reason = 'bounce'")
    run2 = queue_test(msrv, "--email", "gone@example.org")
    assert wait_until(lambda: run_rows(msrv, run2)[0]["status"] == "suppressed")
    assert smtp.rcpt_refused.count("gone@example.org") == 1


# ---- SMS -----------------------------------------------------------------------

def test_sms_goes_to_the_gateway_with_auth_and_idempotency_key(msrv, gateway):
    run = queue_test(msrv, "--sms", "+17185550199")
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "sent")
    row = run_rows(msrv, run)[0]
    req = [r for r in gateway.to("+17185550199") if r["headers"].get("idempotency-key") == row["idempotency_key"]]
    assert len(req) == 1
    req = req[0]
    assert req["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert req["form"]["From"] == SMS_FROM and "test message" in req["form"]["Body"]
    assert req["headers"]["i-twilio-idempotency-token"] == row["idempotency_key"]
    assert req["headers"]["authorization"] == "Basic " + base64.b64encode(b"AC123:gateway-token").decode()
    assert req["form"]["StatusCallback"] == f"{PUBLIC_URL}/hooks/sms/status?key={WEBHOOK_KEY}"
    # the gateway's sid is the provider id
    assert row["provider_id"] == req["sid"]
    # a status callback lands on it
    r = msrv.post(f"/hooks/sms/status?key={WEBHOOK_KEY}",
                  data={"MessageSid": req["sid"], "MessageStatus": "delivered"})
    assert r.status_code == 200
    assert run_rows(msrv, run)[0]["delivery_status"] == "delivered"


def test_failures_are_retried_with_backoff(msrv, gateway):
    settle(msrv)
    with gateway.lock:
        gateway.fail_next = 2
    run = queue_test(msrv, "--sms", "+17185550198")
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "sent", timeout=20)
    row = run_rows(msrv, run)[0]
    assert row["attempts"] == 3
    times = [t for t, k in gateway.attempts if k == row["idempotency_key"]]
    assert len(times) == 3
    # base 1 s: the first wait is in [0.5, 1] s, the second in [1, 2] s (whole seconds: allow 1 s slack)
    assert times[1] - times[0] >= 0.4, times
    assert times[2] - times[1] >= 0.9, times
    assert len(gateway.to("+17185550198")) == 1


def test_dead_letter_after_max_attempts_and_retry_button(msrv, gateway):
    settle(msrv)
    with gateway.lock:
        gateway.fail_next = 1000
    run = queue_test(msrv, "--sms", "+17185550197")
    try:
        assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "dead", timeout=20)
    finally:
        with gateway.lock:
            gateway.fail_next = 0
    row = run_rows(msrv, run)[0]
    assert row["attempts"] == 3 and "503" in row["last_error"]
    admin = sign_in(msrv, msrv.data.admin_email, msrv.data.admin_password)
    page = admin.get(msrv.url + "/app/messages", allow_redirects=False, timeout=10)
    assert page.status_code == 200
    assert f'action="/app/messages/{row["id"]}/retry"' in page.text
    # never a body or an address on the page
    assert "test message" not in page.text and "+1718555019" not in page.text
    r = admin.post(msrv.url + f"/app/messages/{row['id']}/retry",
                   data={"csrf": hidden_csrf(page.text)}, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "sent")
    assert len(gateway.to("+17185550197")) == 1


def test_volunteers_do_not_see_the_messages_page(msrv):
    add_user(msrv, "volunteer-msg@example.org", "volunteer")
    vol = sign_in(msrv, "volunteer-msg@example.org", STAFF_PASSWORD)
    assert vol.get(msrv.url + "/app/messages", allow_redirects=False, timeout=10).status_code == 404
    add_user(msrv, "organizer-msg@example.org", "organizer")
    org = sign_in(msrv, "organizer-msg@example.org", STAFF_PASSWORD)
    assert org.get(msrv.url + "/app/messages", allow_redirects=False, timeout=10).status_code == 200
    assert org.get(msrv.url + "/app/messages/settings", allow_redirects=False,
                   timeout=10).status_code == 404


def test_api_lists_messages_in_osdi_shape_without_personal_data(msrv):
    run = queue_test(msrv, "--email", "api-reader@example.org", "--subject", "Secret subject xyz")
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "sent")
    row = run_rows(msrv, run)[0]
    org = api_token(msrv, "organizer", name="msg-org")
    r = msrv.get("/api/v1/messages?per_page=100", headers={"OSDI-API-Token": org})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/hal+json")
    doc = r.json()
    assert doc["total_records"] >= 1
    items = doc["_embedded"]["osdi:messages"]
    mine = [m for m in items if m["identifiers"] == [f"sanctuary:{row['id']}"]]
    assert len(mine) == 1
    m = mine[0]
    assert m["type"] == "email" and m["status"] == "sent" and m["total_sent"] == 1
    assert m["sanctuary:purpose"] == "messaging.test" and "sent_start_date" in m
    assert "api-reader" not in r.text and "Secret subject" not in r.text and "test message" not in r.text
    one = msrv.get(f"/api/v1/messages/{row['id']}", headers={"OSDI-API-Token": org})
    assert one.status_code == 200 and one.json()["identifiers"] == m["identifiers"]
    assert msrv.get("/api/v1/messages/999999999", headers={"OSDI-API-Token": org}).status_code == 404
    root = msrv.get("/api/v1/", headers={"OSDI-API-Token": org}).json()
    assert root["_links"]["osdi:messages"]["href"] == "/api/v1/messages"
    vol = api_token(msrv, "volunteer", name="msg-vol")
    assert msrv.get("/api/v1/messages", headers={"OSDI-API-Token": vol}).status_code == 404


def test_quiet_hours_hold_bulk_mail_unless_urgent(binary, tmp_path, smtp, gateway):
    """Quiet hours around 'now' in the group's time zone (America/New_York):
    bulk mail waits, transactional mail and urgent bulk mail go."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    now = datetime.now(ZoneInfo("America/New_York"))
    start, end = now - timedelta(minutes=30), now + timedelta(minutes=90)
    quiet = f"{start:%H:%M}-{end:%H:%M}"
    data = make_data(tmp_path, demo=False)
    with environment(**env_for(smtp.port, gateway, SANCTUARY_QUIET_HOURS=quiet)):
        srv = start_server(data, name="quiet")
    try:
        bulk = queue_test(srv, "--email", "quiet-bulk@example.org", "--bulk")
        urgent = queue_test(srv, "--email", "quiet-urgent@example.org", "--bulk",
                            "--urgent", "hearing moved to tomorrow 9:00")
        plain = queue_test(srv, "--email", "quiet-plain@example.org")
        assert wait_until(lambda: run_rows(srv, urgent)[0]["status"] == "sent"
                          and run_rows(srv, plain)[0]["status"] == "sent")
        time.sleep(1.0)
        row = run_rows(srv, bulk)[0]
        assert row["status"] == "queued" and row["attempts"] == 0
        assert run_rows(srv, urgent)[0]["urgent_reason"] == "hearing moved to tomorrow 9:00"
        assert not smtp.to("quiet-bulk@example.org")
        admin = sign_in(srv, *make_admin(srv))
        page = admin.get(srv.url + "/app/messages", timeout=10).text
        assert "Quiet hours now" in page
    finally:
        finish_server(srv)


def make_admin(srv):
    add_user(srv, "quiet-admin@example.org", "admin")
    return "quiet-admin@example.org", STAFF_PASSWORD


# ---- replies ---------------------------------------------------------------------

def confirmations(gateway, number):
    return [r for r in gateway.to(number) if r["headers"].get("idempotency-key", "").startswith("sms.")]


def test_webhooks_need_the_secret(msrv):
    r, _ = inbound(msrv, "+17185550150", "STOP", key="wrong-key-wrong-key-wrong")
    assert r.status_code == 404
    assert msrv.post("/hooks/sms/inbound", data={"From": "+17185550150", "Body": "STOP",
                                                 "MessageSid": "SMx"}).status_code == 404
    assert msrv.post("/hooks/sms/status", data={"MessageSid": "SMx",
                                                "MessageStatus": "delivered"}).status_code == 404
    assert not rows(msrv, "SELECT * FROM sms_inbound WHERE message_sid = 'SMx'")


def test_stop_in_english_suppresses_records_consent_and_confirms_once(msrv, gateway):
    riaz = "+17185550110"  # a demo person (Bengali speaker) with SMS consent
    person = rows(msrv, "SELECT person_id FROM person_phones pp JOIN people p ON p.id = pp.person_id "
                        "WHERE p.given_name = 'Riaz'")[0]["person_id"]
    r, sid = inbound(msrv, riaz, "  Stop.  ")
    assert r.status_code == 200 and "<Response" in r.text
    assert r.headers["Content-Type"].startswith("text/xml")
    assert wait_until(lambda: len(confirmations(gateway, riaz)) == 1)
    conf = confirmations(gateway, riaz)[0]
    assert conf["headers"]["idempotency-key"] == f"sms.stop_confirm.{sid}"
    assert "START" in conf["form"]["Body"]
    assert re.search("[\u0980-\u09FF]", conf["form"]["Body"]), "Riaz reads Bengali"
    # the gateway retries the webhook: handled once, one confirmation
    assert inbound(msrv, riaz, "STOP", sid=sid)[0].status_code == 200
    # a second STOP from a stopped number gets no second confirmation
    assert inbound(msrv, riaz, "STOP")[0].status_code == 200
    time.sleep(1.0)
    assert len(confirmations(gateway, riaz)) == 1
    assert rows(msrv, "SELECT consent_sms FROM people WHERE id = ?", person)[0][0] == "unsubscribed"
    ev = rows(msrv, "SELECT * FROM consent_events WHERE person_id = ? AND channel = 'sms' "
                    "ORDER BY id DESC LIMIT 1", person)[0]
    assert ev["status"] == "unsubscribed" and ev["how"] == "reply"
    # the next send to that number is never selected
    run = queue_test(msrv, "--sms", riaz)
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "suppressed")
    time.sleep(0.3)
    assert not [x for x in gateway.to(riaz) if x["headers"]["idempotency-key"].startswith("test.")]
    # START lifts it, with a confirmation
    r, sid2 = inbound(msrv, riaz, "START")
    assert r.status_code == 200
    assert wait_until(lambda: any(c["headers"]["idempotency-key"] == f"sms.start_confirm.{sid2}"
                                  for c in confirmations(gateway, riaz)))
    assert rows(msrv, "SELECT consent_sms FROM people WHERE id = ?", person)[0][0] == "subscribed"
    run = queue_test(msrv, "--sms", riaz)
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "sent")


def test_stop_in_spanish(msrv, gateway):
    jose = "+17185550112"
    r, _ = inbound(msrv, jose, "Baja")
    assert r.status_code == 200
    assert wait_until(lambda: len(confirmations(gateway, jose)) == 1)
    body = confirmations(gateway, jose)[0]["form"]["Body"]
    assert "mensajes" in body and "ALTA" in body
    assert rows(msrv, "SELECT kind, lang FROM sms_inbound ORDER BY id DESC LIMIT 1")[0][:] == ("stop", "es")
    r, _ = inbound(msrv, "+17185550161", "PARAR!")
    assert wait_until(lambda: len(confirmations(gateway, "+17185550161")) == 1)


@pytest.mark.parametrize("number,word", [("+17185550171", "বন্ধ"), ("+17185550172", "Bondho"),
                                         ("+17185550173", "বন্ধ করুন।")])
def test_stop_in_bengali(msrv, gateway, number, word):
    r, _ = inbound(msrv, number, word)
    assert r.status_code == 200
    assert wait_until(lambda: len(confirmations(gateway, number)) == 1)
    body = confirmations(gateway, number)[0]["form"]["Body"]
    assert re.search("[\u0980-\u09FF]", body), body
    run = queue_test(msrv, "--sms", number)
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "suppressed")


def test_help_says_who_we_are_and_how_to_stop(msrv, gateway):
    number = "+17185550181"
    r, _ = inbound(msrv, number, "HELP")
    assert r.status_code == 200
    assert wait_until(lambda: len(confirmations(gateway, number)) == 1)
    body = confirmations(gateway, number)[0]["form"]["Body"]
    assert "Jackson Heights" in body and "STOP" in body
    # HELP does not suppress
    run = queue_test(msrv, "--sms", number)
    assert wait_until(lambda: run_rows(msrv, run)[0]["status"] == "sent")


def test_other_replies_are_not_keywords(msrv, gateway):
    number = "+17185550182"
    for text in ("Yes, I'll be there", "stop by later?", "1"):
        r, sid = inbound(msrv, number, text)
        assert r.status_code == 200
        assert rows(msrv, "SELECT kind FROM sms_inbound WHERE message_sid = ?", sid)[0][0] == "unhandled"
    time.sleep(0.5)
    assert confirmations(gateway, number) == []
    assert not rows(msrv, "SELECT 1 FROM sms_inbound WHERE body_sealed LIKE '%later%'")


def test_bad_webhook_input_is_refused(msrv):
    for form in ({"From": "not a number", "Body": "STOP", "MessageSid": "SMbad1"},
                 {"From": "+17185550183", "Body": "STOP", "MessageSid": "SM bad"},
                 {"From": "+17185550183", "Body": "STOP"}):
        assert msrv.post(f"/hooks/sms/inbound?key={WEBHOOK_KEY}", data=form).status_code == 400


# ---- the crash test ------------------------------------------------------------------

CRASH_COUNT = 5000


def test_crash_mid_send_loses_nothing(binary, tmp_path, smtp, gateway):
    """SIGKILL while 5,000 emails are being delivered; restart: all 5,000
    distinct Message-IDs arrive, and repeats <= the rows left 'sending'."""
    data = make_data(tmp_path, demo=False)
    to = "crash@example.org"
    with environment(**env_for(smtp.port, gateway)):
        srv = start_server(data, name="crash1")
    try:
        r = run_cli("messages", "test", "--data", str(data.path), "--email", to,
                    "--count", str(CRASH_COUNT), timeout=120)
        assert r.returncode == 0, r.stderr
        run = re.search(r"\(run (\S+)\)", r.stdout).group(1)
        mine = lambda: [m for m in smtp.message_ids() if m and run in m]
        t0 = time.monotonic()
        assert wait_until(lambda: len(mine()) >= 1500, timeout=120, step=0.25), "delivery did not start"
        srv.stop(signal.SIGKILL)
        assert srv.returncode == -signal.SIGKILL
        at_kill = len(mine())
        with sqlite3.connect(str(data.path / "sanctuary.db"), timeout=10) as c:
            in_flight = c.execute("SELECT COUNT(*) FROM messages WHERE status = 'sending'").fetchone()[0]
            sent_at_kill = c.execute("SELECT COUNT(*) FROM messages WHERE status = 'sent'").fetchone()[0]
        assert 0 < sent_at_kill < CRASH_COUNT, "the kill must come in the middle of the send"
    finally:
        if not srv.stopped:
            finish_server(srv)
    with environment(**env_for(smtp.port, gateway)):
        srv2 = start_server(data, name="crash2")
    try:
        t1 = time.monotonic()
        with sqlite3.connect(str(data.path / "sanctuary.db"), timeout=10) as c:
            done = lambda: c.execute("SELECT COUNT(*) FROM messages WHERE status = 'sent'").fetchone()[0]
            assert wait_until(lambda: done() == CRASH_COUNT, timeout=180, step=0.25), done()
            keys = {k for (k,) in c.execute("SELECT idempotency_key FROM messages")}
        elapsed = time.monotonic() - t1
        ids = wait_until(lambda: mine() if len(set(mine())) == CRASH_COUNT else None, timeout=10, step=0.25)
        assert ids, f"{len(set(mine()))} distinct Message-IDs arrived, want {CRASH_COUNT}"
        assert set(ids) == {f"<{k}@jhis.example>" for k in keys}
        repeats = len(ids) - len(set(ids))
        print(f"\ncrash test: {at_kill} delivered and {sent_at_kill} recorded sent before SIGKILL, {in_flight} in flight "
              f"('sending'), {repeats} repeated after restart; the rest "
              f"({CRASH_COUNT - sent_at_kill}) in {elapsed:.1f} s")
        assert repeats <= in_flight
        assert "queued again" in srv2.log() or in_flight == 0
    finally:
        finish_server(srv2)
