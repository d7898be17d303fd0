"""Data protection: planted values never reach the disk in the clear
(database, WAL, backups, logs); deleted data is overwritten; backups taken
during writes restore every acknowledged write; tampering is found."""
import os
import pathlib
import re
import secrets
import subprocess
import threading
import time

import requests

from conftest import ARTIFACTS, Server, csrf_of, run

CANARY = "Zqv" + secrets.token_hex(6)


def files_contain(paths, needles):
    hits = []
    for p in paths:
        if not p.exists():
            continue
        data = p.read_bytes()
        for n in needles:
            for form in {n.encode(), n.lower().encode(), n.encode("utf-16-le")}:
                if form in data:
                    hits.append((p.name, n))
    return hits


def test_planted_sealed_values_never_on_disk(site, tmp_path):
    email = f"{CANARY.lower()}@example.org"
    name = f"Canary {CANARY} Name"
    # through the command line
    run("user", "add", "--data", str(site.data), "--email", email, "--role", "organizer",
        "--name", name, input="a long enough passphrase 42\n")
    # through the staff area (the invitation form)
    admin = site.admin()
    r = admin.get(site.url + "/app/users")
    email2 = f"{CANARY.lower()}.two@example.org"
    r = admin.post(site.url + "/app/users", data={"email": email2, "name": f"{CANARY} Second",
                                                  "role": "volunteer", "csrf": csrf_of(r.text)})
    assert r.status_code == 200 and email2 in r.text  # the admin sees it (opened)
    # a person who joins: email, phone and notes are sealed
    anon = requests.Session()
    page = anon.get(site.url + "/join").text
    person_email = f"{CANARY.lower()}.joiner@example.org"
    r = anon.post(site.url + "/join", data={"given_name": "Joiner", "email": person_email,
                                             "phone": "(718) 555-0177", "help": f"Notes {CANARY} here",
                                             "consent_sms": "1", "csrf": csrf_of(page)},
                  allow_redirects=False)
    assert r.status_code == 303
    # a petition signature: the comment and the signer's email are sealed
    signer = f"{CANARY.lower()}.signer@example.org"
    page = anon.get(site.url + "/p/riaz-stays-home").text
    stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
    time.sleep(3.1)  # the form's minimum time on the page
    r = anon.post(site.url + "/p/riaz-stays-home/sign",
                  data={"given_name": "Signer", "email": signer, "comment": f"Comment {CANARY} here",
                        "stamp": stamp}, allow_redirects=False)
    assert r.status_code == 303 and "r=counted" in r.headers["location"]
    # a case file: every sealed field, a timeline note, a task, a date's reason
    # to move, a debrief, and a mobilization's message (address and body)
    page = admin.get(site.url + "/app/people", params={"q": "Joiner"}).text
    pid = re.search(r'href="/app/people/(\d+)"', page).group(1)
    csrf = csrf_of(admin.get(site.url + "/app/cases/new").text)
    fields = ["legal_name", "a_number", "country", "situation", "detention", "facility",
              "attorney", "attorney_contact", "family", "notes"]
    r = admin.post(site.url + "/app/cases", allow_redirects=False,
                   data={"csrf": csrf, "title": "Planted case", "person_id": pid, "consent": "1",
                         "consent_given_by": "the person",
                         **{f: f"{f} {CANARY} value" for f in fields}})
    assert r.status_code == 303, r.text[:500]
    case = r.headers["location"]
    def post(path, **data):
        r = admin.post(site.url + path, data={"csrf": csrf, **data}, allow_redirects=False)
        assert r.status_code == 303, (path, r.status_code, r.text[:500])
        return r.headers["location"]
    post(case + "/events", kind="note", text=f"Timeline {CANARY}")
    post(case + "/tasks", title=f"Task {CANARY}")
    post(case + "/dates", kind="hearing", date="2031-03-03", time="09:00", place="290 Broadway")
    date = re.search(r'/dates/(\d+)/reschedule', admin.get(site.url + case).text).group(1)
    post(f"{case}/dates/{date}/reschedule", date="2031-03-04", time="09:00", place="",
         reason=f"Reason {CANARY}")
    call = post(case + "/calls", date_id=date, place="Plaza", need_companion="2")
    post(call + "/debrief", debrief=f"Debrief {CANARY}")
    post(case + "/mobilize", title="Planted", query="q=Joiner", sms="1", text_en=f"Message {CANARY} text")
    assert CANARY in admin.get(site.url + case).text  # opened for the team
    # a TOTP secret: the canary's own two-factor
    s = site.sign_in(email, "a long enough passphrase 42")
    totp_secret = site.secrets[email]
    backup = tmp_path / "planted.bak"
    run("backup", "--data", str(site.data), "--out", str(backup))
    needles = [CANARY, email, email2, totp_secret, person_email, "7185550177", "555-0177", signer]
    files = [site.data / "sanctuary.db", site.data / "sanctuary.db-wal", backup, site.server_log]
    assert files_contain(files, needles) == []
    # and the database really does hold those users (sealed, not absent)
    count = subprocess.run(["sqlite3", str(site.data / "sanctuary.db"),
                            "SELECT COUNT(*) FROM users WHERE length(email_sealed) > 40"],
                           capture_output=True, text=True).stdout.strip()
    assert int(count) >= 3


def test_secure_delete_overwrites_old_values(site):
    admin = site.admin()
    marker = "Deleted" + secrets.token_hex(8)
    for name in (marker, "Jackson Heights Immigrant Solidarity"):
        r = admin.get(site.url + "/app/settings")
        form = {"group_name": name, "languages": ["en", "es", "bn"], "default_lang": "en",
                "timezone": "America/New_York", "hotline": "", "require_2fa": "1",
                "retention_invitations_days": "30", "csrf": csrf_of(r.text)}
        r = admin.post(site.url + "/app/settings", data=form, allow_redirects=False)
        assert r.status_code == 303
    # stopping checkpoints the WAL into the database file
    site.server.stop()
    try:
        files = [site.data / "sanctuary.db", site.data / "sanctuary.db-wal"]
        assert files_contain(files, [marker]) == []
    finally:
        site.server = Server(site.data, site.server_log.with_suffix(".2.log"))
        site.url = site.server.url


def test_backup_during_writes_restores_every_acknowledged_write(site, tmp_path):
    admin = site.admin()
    acked = []
    stop = threading.Event()
    started = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            r = admin.get(site.url + "/app/users")
            email = f"w{i}-{secrets.token_hex(3)}@example.org"
            r = admin.post(site.url + "/app/users",
                           data={"email": email, "name": f"W {i}", "role": "volunteer",
                                 "csrf": csrf_of(r.text)})
            if r.status_code == 200:
                acked.append((time.monotonic(), email))
            i += 1
            if i == 5:
                started.set()

    t = threading.Thread(target=writer)
    t.start()
    assert started.wait(30)
    backup_started = time.monotonic()
    out = tmp_path / "during.bak"
    run("backup", "--data", str(site.data), "--out", str(out))
    time.sleep(0.3)
    stop.set()
    t.join(30)
    before = [e for (at, e) in acked if at < backup_started]
    assert len(before) >= 5
    restored = tmp_path / "restored"
    key = site.data / "sanctuary.key"
    r = run("restore", "--in", str(out), "--data", str(restored), "--key-file", str(key))
    assert "integrity ok" in r.stdout
    # every acknowledged invitation is there: sign-in lookups go by email,
    # so check each through a server on the restored copy
    srv = Server(restored, ARTIFACTS / "security-restored.log",
                 env={"SANCTUARY_KEY_FILE": str(key)})
    try:
        s = requests.Session()
        r = s.get(srv.url + "/signin")
        # the copy serves and knows the admin (found by the email's blind index)
        page = s.get(srv.url + "/signin").text
        r = s.post(srv.url + "/signin", data={"email": site.admin_email,
                                              "password": site.admin_password,
                                              "csrf": csrf_of(page)}, allow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/signin/code"
    finally:
        srv.stop()
    dump = subprocess.run(["sqlite3", str(restored / "sanctuary.db"), "SELECT COUNT(*) FROM users"],
                          capture_output=True, text=True).stdout.strip()
    assert int(dump) >= len(before) + 1
    assert run("audit", "verify", "--data", str(restored), "--key-file", str(key)).returncode == 0


def test_damaged_backups_are_refused(site, tmp_path):
    good = tmp_path / "good.bak"
    run("backup", "--data", str(site.data), "--out", str(good))
    data = good.read_bytes()
    key = str(site.data / "sanctuary.key")
    cases = {
        "truncated": data[: len(data) // 2],
        "final block missing": data[:-40],
        "altered": data[:300] + bytes([data[300] ^ 1]) + data[301:],
        "extra bytes": data + b"x",
        "not a backup": b"hello world" * 10,
    }
    for label, blob in cases.items():
        f = tmp_path / f"{label.replace(' ', '_')}.bak"
        f.write_bytes(blob)
        r = run("restore", "--in", str(f), "--data", str(tmp_path / f"r-{label[:4]}"),
                "--key-file", key, check=False)
        assert r.returncode != 0, label
        assert re.search(r"truncated|altered|damaged|extra bytes|not a Sanctuary backup", r.stderr), (label, r.stderr)
        assert not (tmp_path / f"r-{label[:4]}" / "sanctuary.db").exists(), label


def test_tampered_audit_entry_is_named(site, tmp_path):
    copy = tmp_path / "copy"
    key = str(site.data / "sanctuary.key")
    out = tmp_path / "a.bak"
    run("backup", "--data", str(site.data), "--out", str(out))
    run("restore", "--in", str(out), "--data", str(copy), "--key-file", key)
    ok = run("audit", "verify", "--data", str(copy), "--key-file", key)
    n = int(re.search(r"intact: (\d+)", ok.stdout).group(1))
    assert n >= 5
    victim = n // 2
    db = str(copy / "sanctuary.db")
    subprocess.run(["sqlite3", db, "DROP TRIGGER audit_log_no_update; "
                    f"UPDATE audit_log SET action = 'signin.ok' WHERE id = {victim};"
                    ], check=True)
    r = run("audit", "verify", "--data", str(copy), "--key-file", key, check=False)
    assert r.returncode == 1
    assert f"BROKEN at entry {victim}" in r.stdout


def test_audit_log_is_append_only(site):
    r = subprocess.run(["sqlite3", str(site.data / "sanctuary.db"),
                        "DELETE FROM audit_log WHERE id = 1"], capture_output=True, text=True)
    assert "append-only" in r.stderr


def test_no_ip_or_secret_in_logs_or_database(site):
    text = site.server_log.read_text()
    assert "127.0.0.1" not in text
    assert site.admin_password not in text
    assert "csrf" not in text and "sid=" not in text
    dump = subprocess.run(["sqlite3", str(site.data / "sanctuary.db"), ".dump"],
                          capture_output=True, text=True).stdout
    assert "127.0.0.1" not in dump
