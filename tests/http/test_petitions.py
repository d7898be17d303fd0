"""Petitions: the public page /p/{slug} (every language, small, no script),
signing (per-field errors with the form kept as typed, one signature per
person, honeypot, minimum time on the page, rate limit, double opt-in),
outbox rows in the signer's language, and the staff side (create, texts,
delivery packet and CSV, hiding comments, who may do what)."""
import csv
import io
import re
import sqlite3
import time

import pytest
import requests

from conftest import (STAFF_PASSWORD, add_user, browser_form, esc, finish_server, hidden_csrf,
                      make_data, sign_in, start_server, text_form)

SLUG = "riaz-stays-home"  # the demo petition


@pytest.fixture(scope="module")
def site(binary, tmp_path_factory):
    srv = start_server(make_data(tmp_path_factory.mktemp("petitions")), name="petitions")
    yield srv
    finish_server(srv)


@pytest.fixture(scope="module")
def admin_s(site):
    return sign_in(site, site.data.admin_email, site.data.admin_password)


def db(srv):
    c = sqlite3.connect(f"file:{srv.data.path}/sanctuary.db?mode=ro", uri=True, timeout=10)
    return c


def count_on_page(html):
    m = re.search(r'<p class="count"><strong>([\d,.]+)', html)
    assert m, html[:2000]
    return int(m.group(1).replace(",", "").replace(".", ""))


def page_form(srv, slug=SLUG, lang="en", wait=True):
    """The page and a session, after the minimum time on the page."""
    s = requests.Session()
    page = s.get(srv.url + f"/p/{slug}?lang={lang}", timeout=10)
    assert page.status_code == 200, page.status_code
    if wait:
        time.sleep(3.1)
    return s, page


def sign(srv, s, page, slug=SLUG, **fields):
    form = browser_form(page.text, f"/p/{slug}/sign", **fields)
    return s.post(srv.url + f"/p/{slug}/sign", data=form, allow_redirects=False, timeout=10)


def test_public_page_every_language_small_no_script(site):
    for lang in ("en", "es", "bn", "ne", "ur"):
        r = site.get(f"/p/{SLUG}?lang={lang}")
        assert r.status_code == 200
        assert f'<html lang="{lang}"' in r.text
        assert len(r.content) < 30 * 1024, len(r.content)
        body = r.text.split("</head>")[1]
        assert "<script" not in body and "style=" not in body
        assert 'name="website"' in r.text and 'name="stamp"' in r.text
        assert 'content="noindex"' not in r.text  # public, not unlisted
        assert count_on_page(r.text) >= 6  # the demo's signers
        assert "http" not in re.sub(r'(href|action)="(/|mailto:|https://wa\.me/|http://127\.0\.0\.1)[^"]*"', "", body).replace(
            "http://127.0.0.1", "")  # nothing loaded from elsewhere
    es = site.get(f"/p/{SLUG}?lang=es").text
    assert "Que Riaz Talukder se quede en casa" in es
    assert "Nasrin A." in es and "Karim" not in es  # only signers who opted in, first name + initial
    ne = site.get(f"/p/{SLUG}?lang=ne").text
    assert "Let Riaz Talukder stay home" in ne  # no Nepali text yet: falls back, says so
    assert site.get("/p/no-such-petition").status_code == 404
    assert site.get("/p/BAD_slug!").status_code == 404


def test_sign_counts_once_and_queues_message_in_signers_language(site, admin_s):
    before = count_on_page(site.get(f"/p/{SLUG}").text)
    s, page = page_form(site, lang="es")
    r = sign(site, s, page, given_name="Lucía", family_name="Torres", email="Lucia.Torres@example.org",
             postal_code="11372", comment="¡Que se quede!", show_public="1", consent_email="1")
    assert r.status_code == 303, r.text[:2000]
    assert "r=counted" in r.headers["location"]
    thanks = s.get(site.url + r.headers["location"], timeout=10)
    assert thanks.status_code == 200 and "Gracias por firmar" in thanks.text
    assert count_on_page(thanks.text) == before + 1
    # again, same email typed differently: "already signed", not counted twice
    r = sign(site, s, page, given_name="Lucia", email="lucia.torres@EXAMPLE.org")
    assert r.status_code == 303 and "r=already" in r.headers["location"]
    again = s.get(site.url + r.headers["location"], timeout=10).text
    assert "Ya firmó" in again
    assert count_on_page(again) == before + 1
    time.sleep(1.1)  # the cached public page is at most a second old
    assert count_on_page(site.get(f"/p/{SLUG}?lang=es").text) == before + 1
    assert "Lucía T." in site.get(f"/p/{SLUG}?lang=en").text
    c = db(site)
    pid = c.execute("SELECT id FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
    assert c.execute("SELECT signature_count FROM petitions WHERE id = ?", (pid,)).fetchone()[0] == before + 1
    rows = c.execute("SELECT channel, lang, purpose FROM messages WHERE ref_kind = 'petition' AND ref_id = ? "
                     "AND lang = 'es' ORDER BY id", (pid,)).fetchall()
    assert ("email", "es", "petition.thanks") in rows
    # the person: source petition, consent by email only, an activity
    person = c.execute("SELECT p.source, p.consent_email, p.consent_sms, p.lang FROM people p "
                       "JOIN petition_signatures s ON s.person_id = p.id WHERE s.name = 'Lucía Torres'").fetchone()
    assert person == ("petition", "subscribed", "never_asked", "es")
    assert c.execute("SELECT count(*) FROM activities a JOIN petition_signatures s ON s.person_id = a.person_id "
                     "WHERE s.name = 'Lucía Torres' AND a.kind = 'petition.signed'").fetchone()[0] == 1
    # ... named on the person's page, never as a raw code
    lucia = c.execute("SELECT person_id FROM petition_signatures WHERE name = 'Lucía Torres'").fetchone()[0]
    page = admin_s.get(site.url + f"/app/people/{lucia}", timeout=10).text
    assert "Signed a petition" in page and "petition.signed" not in page
    # the comment is sealed at rest
    blob = c.execute("SELECT comment_sealed FROM petition_signatures WHERE name = 'Lucía Torres'").fetchone()[0]
    assert blob and "Que se quede".encode() not in blob


def test_phone_dedupes_an_earlier_joiner(site):
    s, page = page_form(site)
    r = sign(site, s, page, given_name="Riaz", phone="(718) 555-0110", email=None)
    assert r.status_code == 303 and "r=counted" in r.headers["location"]  # demo Riaz had not signed
    r = sign(site, s, page, given_name="Riaz T", phone="+1 718 555 0110")
    assert "r=already" in r.headers["location"]
    c = db(site)
    assert c.execute("SELECT count(*) FROM people WHERE given_name = 'Riaz'").fetchone()[0] == 1


def test_rejected_signature_comes_back_as_typed(site):
    s, page = page_form(site, lang="es")
    r = sign(site, s, page, given_name="José <b>", email="not an email", phone="12", postal_code="11368",
             comment="Línea uno\nlínea dos", show_public="1")
    assert r.status_code == 422
    assert 'value="José &lt;b&gt;"' in r.text
    assert "Línea uno\nlínea dos</textarea>" in r.text
    assert 'value="11368"' in r.text
    assert re.search(r'name="show_public" value="1" checked', r.text)
    assert r.text.count('aria-invalid="true"') >= 2
    assert 'id="email-err"' in r.text and 'id="phone-err"' in r.text
    r = sign(site, s, page, given_name="", email="x@example.org")
    assert r.status_code == 422 and 'id="given_name-err"' in r.text
    r = sign(site, s, page, given_name="Nadie", email=None, phone=None)
    assert r.status_code == 422  # neither email nor phone


def test_bots_honeypot_min_time_bad_stamp(site):
    c = db(site)
    before = c.execute("SELECT signature_count FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
    s, page = page_form(site)
    r = sign(site, s, page, given_name="Bot", email="bot@example.org", website="http://spam.example")
    assert r.status_code == 303  # thanked, nothing kept
    assert c.execute("SELECT count(*) FROM petition_signatures WHERE name = 'Bot'").fetchone()[0] == 0
    # too fast: straight after drawing the form (a fresh stamp, not from the cache)
    fresh = requests.Session()
    admin_page = fresh.get(site.url + f"/p/{SLUG}", timeout=10)
    stamp = re.search(r'name="stamp" value="([^"]+)"', admin_page.text).group(1)
    now_stamp = str(int(time.time())) + stamp[stamp.index("."):]  # forged time: bad MAC
    r = sign(site, fresh, admin_page, given_name="Quick", email="quick@example.org", stamp=now_stamp)
    assert r.status_code == 422
    r = sign(site, fresh, admin_page, given_name="Quick", email="quick@example.org", stamp="garbage")
    assert r.status_code == 422
    # a page drawn just now (signed-in staff are never served from the cache)
    r = sign(site, fresh, admin_page, given_name="Quick", email="quick@example.org")
    if r.status_code == 422:
        assert "rápido" in r.text or "fast" in r.text
        assert 'value="Quick"' in r.text
    assert c.execute("SELECT signature_count FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0] == before + (
        1 if r.status_code == 303 else 0)
    # cross-site posts are refused
    form = browser_form(page.text, f"/p/{SLUG}/sign", given_name="X", email="x@example.org")
    r = requests.post(site.url + f"/p/{SLUG}/sign", data=form, headers={"Sec-Fetch-Site": "cross-site"},
                      allow_redirects=False, timeout=10)
    assert r.status_code == 403


def test_too_fast_is_refused_and_kept(site, admin_s):
    # a signed-in visitor gets a freshly drawn page: its stamp is "now"
    page = admin_s.get(site.url + f"/p/{SLUG}", timeout=10)
    form = browser_form(page.text, f"/p/{SLUG}/sign", given_name="Rápida", email="rapida@example.org")
    r = requests.post(site.url + f"/p/{SLUG}/sign", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 422, r.status_code
    assert 'value="Rápida"' in r.text
    time.sleep(3.1)
    # the kept stamp now passes
    form2 = browser_form(r.text, f"/p/{SLUG}/sign")
    r = requests.post(site.url + f"/p/{SLUG}/sign", data=form2, allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text[:1500]


def test_rate_limit_per_address(binary, tmp_path):
    srv = start_server(make_data(tmp_path), name="petition-rate")
    try:
        s, page = page_form(srv)
        codes = []
        for i in range(35):
            r = sign(srv, s, page, given_name=f"Rate{i}", email=f"n{i}@example.org")
            codes.append(r.status_code)
        assert codes[0] == 303
        assert 429 in codes, codes
        c = db(srv)
        n = c.execute("SELECT count(*) FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id "
                      "WHERE p.slug = ? AND s.name LIKE 'Rate%'", (SLUG,)).fetchone()[0]
        assert n == codes.count(303) and n <= 30
    finally:
        finish_server(srv)


def test_staff_create_texts_double_opt_in_packet_csv(site, admin_s):
    page = admin_s.get(site.url + "/app/petitions", timeout=10)
    assert page.status_code == 200 and "riaz-stays-home" in page.text
    r = admin_s.post(site.url + "/app/petitions", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(page.text), "title": "Bus shelters on 37th Avenue",
                           "slug": "Bad Slug", "goal": "50"})
    assert r.status_code == 422 and 'value="Bus shelters on 37th Avenue"' in r.text
    r = admin_s.post(site.url + "/app/petitions", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(page.text), "title": "Bus shelters on 37th Avenue",
                           "slug": "bus-shelters", "goal": "50"})
    assert r.status_code == 303
    admin_url = site.url + r.headers["location"]
    pid = int(admin_url.rsplit("/", 1)[1])
    edit = admin_s.get(admin_url, timeout=10)
    assert edit.status_code == 200 and "<svg" in edit.text  # the QR code
    r = admin_s.post(admin_url + "/text", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(edit.text), "lang": "es", "title": "Paradas de autobús en la Avenida 37",
                           "body": "Queremos techo.", "ask": "Construyan paradas.", "targets": "MTA",
                           "status": "native_reviewed"})
    assert r.status_code == 303
    r = admin_s.post(admin_url, allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(edit.text), "slug": "bus-shelters", "goal": "50",
                           "visibility": "unlisted", "double_opt_in": "1", "starts": "", "ends": "2099-01-01T00:00"})
    assert r.status_code == 303
    assert 'content="noindex"' in site.get("/p/bus-shelters").text  # unlisted: only with the link
    es = site.get("/p/bus-shelters?lang=es").text
    assert "Paradas de autobús en la Avenida 37" in es and "Construyan paradas." in es
    # double opt-in: a phone alone is not enough; an email makes it pending, not counted
    s, page = page_form(site, slug="bus-shelters", lang="es")
    r = sign(site, s, page, slug="bus-shelters", given_name="Ana", phone="7185550190")
    assert r.status_code == 422 and 'id="email-err"' in r.text
    r = sign(site, s, page, slug="bus-shelters", given_name="Ana", family_name="Ruiz",
             email="ana@example.org", comment="Llueve mucho")
    assert r.status_code == 303 and "r=pending" in r.headers["location"]
    assert "Revise su correo" in s.get(site.url + r.headers["location"], timeout=10).text
    c = db(site)
    assert c.execute("SELECT signature_count FROM petitions WHERE id = ?", (pid,)).fetchone()[0] == 0
    assert c.execute("SELECT channel, lang FROM messages WHERE purpose = 'petition.confirm' AND ref_id = ?",
                     (pid,)).fetchall() == [("email", "es")]
    # the organizer sees it waiting for its confirmation
    assert re.search(r"\b1 (awaiting|waiting|pending)", admin_s.get(admin_url, timeout=10).text)
    assert site.get("/p/bus-shelters/confirm/" + "x" * 43).status_code == 200  # a button, never a GET that counts
    r = requests.post(site.url + "/p/bus-shelters/confirm/" + "x" * 43, allow_redirects=False, timeout=10)
    assert r.status_code == 404
    # the delivery packet and CSV of the demo petition: one row per unique counted signer
    demo_id = c.execute("SELECT id FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
    counted = c.execute("SELECT signature_count FROM petitions WHERE id = ?", (demo_id,)).fetchone()[0]
    packet = admin_s.get(site.url + f"/app/petitions/{demo_id}/packet", timeout=10)
    assert packet.status_code == 200 and "Keep families together." in packet.text
    r = admin_s.get(site.url + f"/app/petitions/{demo_id}/signatures.csv", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["name", "postal_code", "comment", "date"]
    assert len(rows) - 1 == counted
    assert len({r[0] for r in rows[1:]}) == len(rows) - 1
    assert any(r[2] == "Keep families together." for r in rows)
    # hide an abusive comment: gone from the CSV
    row = next(tr for tr in packet.text.split("<tr>") if "Keep families together." in tr)
    sid = re.search(r"/signatures/(\d+)/hide", row)
    r = admin_s.post(site.url + f"/app/petitions/{demo_id}/signatures/{sid.group(1)}/hide", allow_redirects=False,
                     data={"csrf": hidden_csrf(packet.text), "hidden": "1"}, timeout=10)
    assert r.status_code == 303
    rows = list(csv.reader(io.StringIO(admin_s.get(site.url + f"/app/petitions/{demo_id}/signatures.csv",
                                                   timeout=10).text)))
    assert not any(r[2] == "Keep families together." for r in rows) and len(rows) - 1 == counted


def test_volunteer_reads_counts_but_not_signers(site):
    add_user(site, "vol-petitions@example.org", "volunteer")
    v = sign_in(site, "vol-petitions@example.org", STAFF_PASSWORD)
    assert v.get(site.url + "/app/petitions", timeout=10).status_code == 200
    c = db(site)
    demo_id = c.execute("SELECT id FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
    page = v.get(site.url + f"/app/petitions/{demo_id}", timeout=10)
    assert page.status_code == 200 and "/packet" not in page.text
    assert v.get(site.url + f"/app/petitions/{demo_id}/packet", timeout=10).status_code == 404
    assert v.get(site.url + f"/app/petitions/{demo_id}/signatures.csv", timeout=10).status_code == 404


def test_api_petitions_signatures_and_record_helper(site):
    from conftest import api_token
    tok = api_token(site, "organizer", name="petitions-api")
    h = {"OSDI-API-Token": tok}
    r = requests.get(site.url + "/api/v1/petitions", params={"per_page": 1}, headers=h, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/hal+json")
    doc = r.json()
    assert doc["total_records"] >= 1 and doc["per_page"] == 1 and len(doc["_embedded"]["osdi:petitions"]) == 1
    c = db(site)
    pid = c.execute("SELECT id FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
    one = requests.get(site.url + f"/api/v1/petitions/{pid}", headers=h, timeout=10).json()
    assert one["name"] == SLUG and one["total_signatures"] >= 6
    sigs = requests.get(site.url + f"/api/v1/petitions/{pid}/signatures", params={"per_page": 2, "page": 2},
                        headers=h, timeout=10).json()
    assert sigs["page"] == 2 and len(sigs["_embedded"]["osdi:signatures"]) == 2
    assert "next" in sigs["_links"] and "prev" in sigs["_links"]
    assert sigs["_embedded"]["osdi:signatures"][0]["_links"]["osdi:person"]["href"].startswith("/api/v1/people/")
    assert sigs["total_records"] == c.execute("SELECT count(*) FROM petition_signatures WHERE petition_id = ?",
                                              (pid,)).fetchone()[0]
    r = requests.post(site.url + f"/api/v1/petitions/{pid}/signatures", json={}, headers=h, timeout=10)
    assert r.status_code == 422
    before = one["total_signatures"]
    body = {"person": {"given_name": "Paper", "family_name": "Signer", "email_addresses": [{"address": "paper@example.org"}],
                       "postal_addresses": [{"postal_code": "11372"}], "languages_spoken": ["bn"]},
            "comments": "signed at the rally"}
    r = requests.post(site.url + f"/api/v1/petitions/{pid}/signatures", json=body, headers=h, timeout=10)
    assert r.status_code == 201, r.text
    assert r.json()["comments"] == "signed at the rally"
    r = requests.post(site.url + f"/api/v1/petitions/{pid}/signatures", json=body, headers=h, timeout=10)
    assert r.status_code == 200  # already signed: not counted twice
    after = requests.get(site.url + f"/api/v1/petitions/{pid}", headers=h, timeout=10).json()["total_signatures"]
    assert after == before + 1
    assert c.execute("SELECT lang FROM messages WHERE purpose = 'petition.thanks' AND ref_id = ? ORDER BY id DESC",
                     (pid,)).fetchone()[0] == "bn"
    vol = api_token(site, "volunteer", name="petitions-vol")
    assert requests.get(site.url + "/api/v1/petitions", headers={"OSDI-API-Token": vol}, timeout=10).status_code == 200
    assert requests.get(site.url + f"/api/v1/petitions/{pid}/signatures", headers={"OSDI-API-Token": vol},
                        timeout=10).status_code == 404


def _flood(srv, stamp, threads, per_thread, prefix, acked, lock, stop):
    """Signers from many loopback addresses (the per-address limit would
    stop one), each on a connection of its own; `acked` gets the emails
    answered with success."""
    import http.client
    import threading
    import urllib.parse

    def worker(n):
        src = f"127.0.{1 + n // 200}.{10 + n % 200}"
        for i in range(per_thread):
            if stop.is_set():
                return
            email = f"{prefix}{n}-{i}@example.org"
            body = urllib.parse.urlencode({"given_name": f"{prefix.capitalize()}{n}", "family_name": str(i),
                                           "email": email, "stamp": stamp})
            try:
                c = http.client.HTTPConnection(srv.host, srv.port, timeout=10, source_address=(src, 0))
                c.request("POST", f"/p/{SLUG}/sign", body=body,
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
                r = c.getresponse()
                r.read()
                c.close()
            except OSError:
                return
            if r.status == 303 and "r=counted" in (r.getheader("location") or ""):
                with lock:
                    acked.append(email)

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in ts:
        t.start()
    return ts


def _names(acked, prefix):
    return {f"{prefix.capitalize()}{e[len(prefix):].split('-')[0]} {e.split('-')[1].split('@')[0]}" for e in acked}


def _stamp(srv):
    page = requests.get(srv.url + f"/p/{SLUG}", timeout=10).text
    stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
    time.sleep(3.1)  # the form's minimum time on the page
    return stamp


def test_sigkill_during_a_signing_flood_keeps_every_acknowledged_signature(binary, tmp_path):
    """Every signature answered with success is in the database after a
    SIGKILL in the middle of a flood and a restart (synchronous=FULL, the
    answer comes after the commit; what a crowd left in the intake is filed
    before the restarted server serves)."""
    import signal
    import threading
    srv = start_server(make_data(tmp_path), name="petition-crash")
    try:
        stamp = _stamp(srv)
        acked, lock, stop = [], threading.Lock(), threading.Event()
        threads = _flood(srv, stamp, 24, 25, "flood", acked, lock, stop)
        deadline = time.monotonic() + 20
        while len(acked) < 120 and time.monotonic() < deadline:
            time.sleep(0.01)
        srv.proc.send_signal(signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join(10)
        srv.stopped = True
        srv.proc.wait(10)
        assert len(acked) >= 120, len(acked)
        c = db(srv)
        # the counter moved with what was written, intake rows included
        counted = c.execute("SELECT signature_count FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
        filed = c.execute("SELECT count(*) FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id "
                          "WHERE p.slug = ? AND s.confirmed = 1", (SLUG,)).fetchone()[0]
        waiting = c.execute("SELECT count(*) FROM petition_intake").fetchone()[0]
        assert counted == filed + waiting
        c.close()
        # the server starts again on the same data, files the rest first
        srv2 = start_server(srv.data, name="petition-crash-restart")
        try:
            c = db(srv2)
            assert c.execute("SELECT count(*) FROM petition_intake").fetchone()[0] == 0
            stored = {r[0] for r in c.execute("SELECT name FROM petition_signatures WHERE name LIKE 'Flood%'")}
            names = _names(acked, "flood")
            assert names <= stored, sorted(names - stored)[:5]
            counted = c.execute("SELECT signature_count FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
            real = c.execute("SELECT count(*) FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id "
                             "WHERE p.slug = ? AND s.confirmed = 1", (SLUG,)).fetchone()[0]
            assert counted == real  # the counter moved with its rows, never apart
            assert count_on_page(srv2.get(f"/p/{SLUG}").text) == counted
            if waiting:
                assert f"petition intake: filing {waiting} signatures" in srv2.log()
        finally:
            finish_server(srv2)
    finally:
        if not srv.stopped:
            finish_server(srv)


def test_a_crowd_is_answered_at_once_and_filed_in_full(binary, tmp_path):
    """Many signers at the same moment go through the intake: each answered
    after a durable commit, then filed as a person, a signature with its
    activity, one thank-you email and one audit entry, nothing twice. A
    second signature by the same email in the crowd is caught."""
    import threading
    srv = start_server(make_data(tmp_path), name="petition-crowd")
    try:
        stamp = _stamp(srv)
        before = db(srv).execute("SELECT signature_count FROM petitions WHERE slug = ?", (SLUG,)).fetchone()[0]
        acked, lock, stop = [], threading.Lock(), threading.Event()
        threads = _flood(srv, stamp, 32, 12, "crowd", acked, lock, stop)
        for t in threads:
            t.join(60)
        assert len(acked) == 32 * 12
        # the same people again: all already signed, nothing counted
        again = []
        for t in _flood(srv, stamp, 32, 2, "crowd", again, lock, stop):
            t.join(60)
        assert again == []
        c = db(srv)
        deadline = time.monotonic() + 30
        while c.execute("SELECT count(*) FROM petition_intake").fetchone()[0] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert c.execute("SELECT count(*) FROM petition_intake").fetchone()[0] == 0
        pid, counted = c.execute("SELECT id, signature_count FROM petitions WHERE slug = ?", (SLUG,)).fetchone()
        assert counted == before + len(acked)
        rows = c.execute("SELECT s.name, s.person_id, p.source FROM petition_signatures s JOIN people p "
                         "ON p.id = s.person_id WHERE s.petition_id = ? AND s.name LIKE 'Crowd%'", (pid,)).fetchall()
        assert {r[0] for r in rows} == _names(acked, "crowd")
        assert len({r[1] for r in rows}) == len(acked)  # one person each
        assert {r[2] for r in rows} == {"petition"}
        person_ids = tuple(r[1] for r in rows)
        marks = ",".join("?" * len(person_ids))
        assert c.execute(f"SELECT count(*) FROM messages WHERE purpose = 'petition.thanks' AND person_id IN ({marks})",
                         person_ids).fetchone()[0] == len(acked)
        assert c.execute(f"SELECT count(*) FROM activities WHERE kind = 'petition.signed' AND person_id IN ({marks})",
                         person_ids).fetchone()[0] == len(acked)
        assert c.execute("SELECT count(*) FROM audit_log WHERE action = 'petition.sign' AND object_id = ?",
                         (pid,)).fetchone()[0] >= len(acked)
        # the public page shows the same count
        assert count_on_page(srv.get(f"/p/{SLUG}").text) == counted
    finally:
        finish_server(srv)
    assert "petition intake:" in srv.log() and "signatures taken in during crowds" in srv.log()


def test_goal_milestone_is_recorded_for_the_case_timeline(site, admin_s):
    from conftest import api_token
    page = admin_s.get(site.url + "/app/petitions", timeout=10)
    r = admin_s.post(site.url + "/app/petitions", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(page.text), "title": "Small goal", "slug": "small-goal", "goal": "2"})
    assert r.status_code == 303
    pid = int(r.headers["location"].rsplit("/", 1)[1])
    edit = admin_s.get(site.url + f"/app/petitions/{pid}", timeout=10)
    form = browser_form(edit.text, f"/app/petitions/{pid}", case_id="7")
    assert admin_s.post(site.url + f"/app/petitions/{pid}", data=form, allow_redirects=False,
                        timeout=10).status_code == 303
    h = {"OSDI-API-Token": api_token(site, "organizer", name="milestones")}
    for i in range(3):
        body = {"person": {"given_name": f"M{i}", "email_addresses": [{"address": f"m{i}@example.org"}]}}
        assert requests.post(site.url + f"/api/v1/petitions/{pid}/signatures", json=body, headers=h,
                             timeout=10).status_code == 201
    rows = db(site).execute("SELECT kind, count, case_id FROM petition_milestones WHERE petition_id = ?",
                            (pid,)).fetchall()
    assert rows == [("goal", 2, 7)]
    assert "Goal reached: 2 signatures" in admin_s.get(site.url + f"/app/petitions/{pid}", timeout=10).text


def test_a_forged_host_never_reaches_other_visitors(site):
    """The page names the site's address in its share links; a request with
    a forged Host header gets its own cache entry, never everyone's."""
    for _ in range(3):
        r = requests.get(site.url + f"/p/{SLUG}?lang=en", headers={"Host": "evil.example"}, timeout=10)
        assert r.status_code == 200 and "evil.example" in r.text
        honest = requests.get(site.url + f"/p/{SLUG}?lang=en", timeout=10).text
        assert "evil.example" not in honest


def test_rejected_translation_comes_back_as_typed(site, admin_s):
    page = admin_s.get(site.url + "/app/petitions", timeout=10)
    r = admin_s.post(site.url + "/app/petitions", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(page.text), "title": "Open the library on Sundays",
                           "slug": "library-sundays", "goal": "100"})
    assert r.status_code == 303
    admin_url = site.url + r.headers["location"]
    pid = int(admin_url.rsplit("/", 1)[1])
    action = f"/app/petitions/{pid}/text"
    csrf = hidden_csrf(admin_s.get(admin_url, timeout=10).text)
    title = 'Abran la biblioteca <los domingos> & "festivos" '
    title = (title * 5)[:200] + "!"
    assert len(title) == 201
    body = "".join(f"Párrafo {i}: la biblioteca es nuestra sala & <refugio>.\n" for i in range(200))
    ask, targets = "Abran los domingos de 10 a 6.", "Queens Public Library, Jackson Heights"
    typed = {"csrf": csrf, "lang": "es", "title": title, "body": body, "ask": ask, "targets": targets,
             "status": "lawyer_reviewed"}
    r = admin_s.post(admin_url + "/text", data=typed, allow_redirects=False, timeout=10)
    assert r.status_code == 422
    form = text_form(r.text, action, "es")
    assert f'value="{esc(title)}"' in form
    assert f">{esc(body.rstrip())}</textarea>" in form
    assert f">{esc(ask)}</textarea>" in form and f">{esc(targets)}</textarea>" in form
    assert '<option value="lawyer_reviewed" selected>' in form
    assert 'aria-invalid="true"' in form and "This is too long." in form  # beside the title
    bn = text_form(r.text, action, "bn")  # other languages untouched, and empty: never the page's own title
    assert "This is too long." not in bn and 'name="title" maxlength="200" value=""' in bn
    c = db(site)
    assert c.execute("SELECT count(*) FROM translations WHERE entity = 'petition' AND entity_id = ? AND lang = 'es'",
                     (pid,)).fetchone()[0] == 0
    # a language the group does not offer: nothing saved, the text still there to copy
    r = admin_s.post(admin_url + "/text", data=dict(typed, lang="fr", title="Ouvrez la bibliothèque"),
                     allow_redirects=False, timeout=10)
    assert r.status_code == 422
    form = text_form(r.text, action, "fr")
    assert 'value="Ouvrez la bibliothèque"' in form and f">{esc(body.rstrip())}</textarea>" in form
    assert "a language the site offers" in form
    assert c.execute("SELECT count(*) FROM translations WHERE entity = 'petition' AND entity_id = ? AND lang = 'fr'",
                     (pid,)).fetchone()[0] == 0
    # corrected, it saves with its review status and the reviewer's name
    r = admin_s.post(admin_url + "/text", data=dict(typed, title="Abran la biblioteca los domingos"),
                     allow_redirects=False, timeout=10)
    assert r.status_code == 303
    form = text_form(admin_s.get(admin_url, timeout=10).text, action, "es")
    assert 'value="Abran la biblioteca los domingos"' in form and '<option value="lawyer_reviewed" selected>' in form
    rows = c.execute("SELECT field, status, reviewed_by IS NOT NULL FROM translations WHERE entity = 'petition' "
                     "AND entity_id = ? AND lang = 'es' ORDER BY field", (pid,)).fetchall()
    assert rows == [(f, "lawyer_reviewed", 1) for f in ("ask", "body", "targets", "title")]
    assert "Abran la biblioteca los domingos" in site.get("/p/library-sundays?lang=es").text
