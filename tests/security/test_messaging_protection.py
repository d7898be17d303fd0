"""Messaging's personal data at rest: planted addresses, subjects, bodies,
SMS replies and transport passwords never reach the database, its WAL, a
backup or the server log in the clear. (The demo's file transport writes
messages to DATA/outbox in clear by design; it is not checked here.)"""
import re
import secrets
import subprocess
import time

import requests

from conftest import csrf_of, run
from test_protection import files_contain

CANARY = "Mqz" + secrets.token_hex(6)


def test_planted_messaging_values_never_on_disk(site, tmp_path):
    admin = site.admin()
    # transport passwords through the settings page (sealed at rest)
    page = admin.get(site.url + "/app/messages/settings")
    assert page.status_code == 200
    smtp_pw, sms_pw = f"smtp-{CANARY}-pw", f"sms-{CANARY}-pw"
    r = admin.post(site.url + "/app/messages/settings", allow_redirects=False, data={
        "csrf": csrf_of(page.text), "smtp_url": "", "smtp_user": "", "smtp_password": smtp_pw,
        "mail_from": "alerts@example.org", "sms_url": "", "sms_user": "", "sms_password": sms_pw,
        "sms_from": "", "public_url": "", "max_attempts": "5"})
    assert r.status_code == 303, r.text[:500]
    page = admin.get(site.url + "/app/messages/settings").text
    assert smtp_pw not in page and sms_pw not in page  # never echoed back
    inbound = re.search(r"(/hooks/sms/inbound\?key=[0-9a-f]+)", page).group(1)
    # an email with a planted address, subject and body
    address = f"{CANARY.lower()}.mail@example.org"
    run("messages", "test", "--data", str(site.data), "--email", address,
        "--subject", f"Subject {CANARY}")
    # an SMS reply from a planted number with a planted body
    r = requests.post(site.url + inbound, data={
        "From": "+17185550166", "Body": f"Reply {CANARY} for the record", "MessageSid": "SMcanary1"})
    assert r.status_code == 200
    # a STOP from another planted number (its confirmation is a sealed outbox row)
    r = requests.post(site.url + inbound, data={
        "From": "+17185550167", "Body": "STOP", "MessageSid": "SMcanary2"})
    assert r.status_code == 200
    time.sleep(1.0)  # let the worker deliver (to DATA/outbox) and record
    backup = tmp_path / "messaging.bak"
    run("backup", "--data", str(site.data), "--out", str(backup))
    needles = [CANARY, address, smtp_pw, sms_pw, "7185550166", "7185550167", "555-0166"]
    files = [site.data / "sanctuary.db", site.data / "sanctuary.db-wal", backup, site.server_log]
    assert files_contain(files, needles) == []
    # the rows are really there, sealed
    q = lambda sql: subprocess.run(["sqlite3", str(site.data / "sanctuary.db"), sql],
                                   capture_output=True, text=True).stdout.strip()
    assert int(q("SELECT COUNT(*) FROM sms_inbound WHERE length(body_sealed) > 40 "
                 "AND message_sid LIKE 'SMcanary%'")) == 2
    assert int(q("SELECT COUNT(*) FROM suppressions WHERE reason = 'reply'")) >= 1
    assert len(q("SELECT value FROM settings WHERE key = 'messaging.smtp_password'")) > 80
    # and the audit log has the settings change, not the values
    assert "settings.messaging" in q("SELECT action FROM audit_log")
