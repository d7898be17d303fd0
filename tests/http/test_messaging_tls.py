"""Email over SMTP STARTTLS to a group's own relay with a private CA: a real
aiosmtpd server that requires STARTTLS, with a certificate for
127.0.0.1/localhost signed by a CA made here with the openssl tool.

- SANCTUARY_SMTP_CA names the CA: the message goes over TLS and arrives
  intact; with AUTH, the password is sent only inside TLS.
- No CA configured (the system's CAs do not know ours), a certificate for
  another host name, or a relay that does not offer STARTTLS while a CA is
  configured: nothing is delivered, the message is retried and then dead
  with the reason recorded, and the password never reaches the relay.
"""
from __future__ import annotations

import base64
import email
import email.policy
import logging
import shutil
import ssl
import subprocess
from contextlib import contextmanager

import pytest

from conftest import STAFF_PASSWORD, add_user, finish_server, make_data, sign_in, start_server
from test_messaging import (MAIL_FROM, SmtpRecorder, aiosmtpd_controller, environment, free_port,
                            queue_test, run_rows, wait_until)

from aiosmtpd.smtp import AuthResult

USER, PASSWORD = "relay-user", "relay pw 7f3a9c"
SUBJECT = "Prueba — পরীক্ষা: TLS relay"

if shutil.which("openssl") is None:
    pytest.skip("no openssl tool (scripts/deps.sh installs it)", allow_module_level=True)


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A test CA, and two certificates it signs: one for 127.0.0.1/localhost,
    one for another host name."""
    d = tmp_path_factory.mktemp("pki")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=Sanctuary test relay CA", cwd=d)
    for name, san in (("relay", "IP:127.0.0.1,DNS:localhost"), ("other", "DNS:relay.example.org")):
        (d / f"{name}.ext").write_text(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                                       "extendedKeyUsage=serverAuth\n")
        openssl("req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", f"/CN={san.split(',')[0].split(':')[1]}", cwd=d)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}.pem",
                cwd=d)
    return d


class TlsRecorder(SmtpRecorder):
    """Also keeps, per accepted message, the TLS version its session used
    (None: plain text)."""

    def __init__(self):
        super().__init__()
        self.tls: list[str | None] = []
        self.logins: list[tuple[bytes, bytes, bool]] = []  # (user, password, inside TLS)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.tls.append(session.ssl["ssl_object"].version() if session.ssl else None)
        return await super().handle_DATA(server, session, envelope)

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login, auth_data.password, session.ssl is not None))
        return AuthResult(success=(auth_data.login, auth_data.password)
                          == (USER.encode(), PASSWORD.encode()))


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@contextmanager
def relay(pki, cert="relay", starttls=True, auth=False):
    """An aiosmtpd relay on 127.0.0.1 (STARTTLS required when offered, AUTH
    only inside TLS); yields (recorder, every line the relay logged, including
    each command it read)."""
    rec = TlsRecorder()
    kw = {}
    if starttls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(pki / f"{cert}.pem", pki / f"{cert}.key")
        kw.update(tls_context=ctx, require_starttls=True)
    if auth:
        kw.update(auth_required=True, auth_require_tls=True, authenticator=rec.authenticator)
    ctl = aiosmtpd_controller.Controller(rec, hostname="127.0.0.1", port=free_port(), **kw)
    rec.port = ctl.port
    log = logging.getLogger("mail.log")
    captured, level = Captured(), log.level
    log.addHandler(captured)
    log.setLevel(logging.DEBUG)
    ctl.start()
    try:
        yield rec, captured.lines
    finally:
        ctl.stop()
        log.removeHandler(captured)
        log.setLevel(level)


@pytest.fixture(scope="module")
def data(binary, tmp_path_factory):
    return make_data(tmp_path_factory.mktemp("smtp-tls"), demo=False)


@contextmanager
def sanctuary(data, port, ca="", user="", password=""):
    """A server sending email to the relay on `port`; "" leaves a setting unset."""
    env = dict(SANCTUARY_SMTP_URL=f"smtp://localhost:{port}", SANCTUARY_SMTP_CA=ca,
               SANCTUARY_SMTP_USER=user, SANCTUARY_SMTP_PASSWORD=password,
               SANCTUARY_MAIL_FROM=MAIL_FROM, SANCTUARY_RETRY_BASE="1", SANCTUARY_RETRY_CAP="2",
               SANCTUARY_MAX_ATTEMPTS="2", SANCTUARY_QUIET_HOURS="off")
    with environment(**env):
        srv = start_server(data, name="smtp-tls")
    try:
        yield srv
    finally:
        finish_server(srv)


def delivered_intact(srv, rec, to):
    """Queues one test email to `to`; returns it as the relay received it,
    after checking it is exactly what was queued."""
    run = queue_test(srv, "--email", to, "--subject", SUBJECT)
    assert wait_until(lambda: run_rows(srv, run)[0]["status"] == "sent", timeout=20), \
        dict(run_rows(srv, run)[0])
    (raw,) = [r for r in rec.raw if run.encode() in r]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(msg["To"]) == to and MAIL_FROM in str(msg["From"])
    assert str(msg["Subject"]) == SUBJECT
    assert str(msg["Message-ID"]) == f"<test.{run}.1@{MAIL_FROM.split('@')[1]}>"
    assert msg.get_content().strip() == (
        f"This is test message 1 of 1 (run {run}), queued by `sanctuary messages test`.")
    return msg


def test_private_ca_delivers_over_tls(data, pki):
    with relay(pki) as (rec, log), sanctuary(data, rec.port, ca=str(pki / "ca.pem")) as srv:
        delivered_intact(srv, rec, "tls@example.org")
        assert rec.tls == ["TLSv1.3"] or rec.tls == ["TLSv1.2"], rec.tls
        assert "STARTTLS" in "\n".join(log)


def test_auth_travels_only_inside_tls(data, pki):
    with relay(pki, auth=True) as (rec, log), \
            sanctuary(data, rec.port, ca=str(pki / "ca.pem"), user=USER, password=PASSWORD) as srv:
        delivered_intact(srv, rec, "tls-auth@example.org")
        assert rec.logins == [(USER.encode(), PASSWORD.encode(), True)]
        assert rec.tls == ["TLSv1.3"] or rec.tls == ["TLSv1.2"], rec.tls
        assert PASSWORD not in srv.log()


def secret_forms():
    """The password as it could appear in a log: plain, or in AUTH PLAIN/LOGIN base64."""
    return [PASSWORD, base64.b64encode(PASSWORD.encode()).decode(),
            base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()]


@pytest.mark.parametrize("case", ["no-ca", "wrong-host", "no-starttls", "missing-ca-file"])
def test_untrusted_relay_gets_nothing(data, pki, case):
    """No CA configured: our relay's certificate is not trusted (the system's
    CAs never signed it). A certificate for another host name, a relay that
    does not offer STARTTLS while a CA is configured, or a CA file that is
    not there, fail the same way.
    The message is not delivered, it is retried then dead with the reason on
    the staff messages page, and the password never reaches the relay."""
    ca = {"no-ca": "", "missing-ca-file": str(pki / "missing.pem")}.get(case, str(pki / "ca.pem"))
    with relay(pki, cert="other" if case == "wrong-host" else "relay", starttls=case != "no-starttls",
               auth=True) as (rec, log), \
            sanctuary(data, rec.port, ca=ca, user=USER, password=PASSWORD) as srv:
        run = queue_test(srv, "--email", f"{case}@example.org")
        assert wait_until(lambda: run_rows(srv, run)[0]["status"] == "dead", timeout=30), \
            dict(run_rows(srv, run)[0])
        row = run_rows(srv, run)[0]
        assert row["attempts"] == 2 and not row["sent_at"]
        why = {"no-ca": "certificate", "wrong-host": "host name", "no-starttls": "STARTTLS",
               "missing-ca-file": "missing.pem"}[case]
        assert row["last_error"].startswith("smtp: ") and why in row["last_error"], row["last_error"]
        assert rec.raw == [] and rec.logins == []
        relay_log = "\n".join(log)
        commands = [line.split(" >> ", 1)[1] for line in log if " >> " in line]
        assert commands and not [c for c in commands if "AUTH" in c or "MAIL" in c], commands
        for secret in secret_forms():
            assert secret not in relay_log and secret not in srv.log()
        # the staff messages page says why (never the address)
        add_user(data, f"admin.{case}@example.org", "admin")
        admin = sign_in(srv, f"admin.{case}@example.org", STAFF_PASSWORD)
        page = admin.get(srv.url + "/app/messages", allow_redirects=False, timeout=10)
        assert page.status_code == 200
        assert why in page.text and f"{case}@example.org" not in page.text
