"""Events: the public page with an RSVP form without an account, the
personal link (see, cancel; the waiting list moves up), outbox rows
(confirmation with .ics, reminders the day before and two hours before,
in the person's language), the .ics feeds (parsed with python3-icalendar),
the door (search, check in, walk-ins, headcount, totals) and the staff
pages."""
import functools
import re
import sqlite3
import time
import unicodedata

import pytest
import requests
from icalendar import Calendar

from conftest import (STAFF_PASSWORD, add_user, browser_form, esc, finish_server, hidden_csrf,
                      make_data, sign_in, start_server, text_form)

FORUM = "know-your-rights-forum"
SMALL = "warrant-training"  # capacity 3, two demo RSVPs


@pytest.fixture(scope="module")
def site(binary, tmp_path_factory):
    srv = start_server(make_data(tmp_path_factory.mktemp("events")), name="events")
    yield srv
    finish_server(srv)


@pytest.fixture(scope="module")
def admin_s(site):
    return sign_in(site, site.data.admin_email, site.data.admin_password)


def db(srv):
    return sqlite3.connect(f"file:{srv.data.path}/sanctuary.db?mode=ro", uri=True, timeout=10)


def event_form(srv, slug, lang="en", wait=True):
    s = requests.Session()
    page = s.get(srv.url + f"/events/{slug}?lang={lang}", timeout=10)
    assert page.status_code == 200, page.status_code
    if wait:
        time.sleep(3.1)
    return s, page


def rsvp(srv, s, page, slug, **fields):
    form = browser_form(page.text, f"/events/{slug}/rsvp", **fields)
    return s.post(srv.url + f"/events/{slug}/rsvp", data=form, allow_redirects=False, timeout=10)


def check_ics_bytes(raw: bytes):
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    for line in raw.split(b"\r\n"):
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    for ev in events:
        assert ev.get("UID") and ev.get("DTSTAMP")
        start = ev.decoded("DTSTART")
        assert start.tzinfo is not None and start.utcoffset().total_seconds() == 0
        assert ev.decoded("DTEND") > start
    return events


def test_public_page_languages_size_and_feeds(site):
    for lang in ("en", "es", "bn", "ne", "ur"):
        r = site.get(f"/events/{FORUM}?lang={lang}")
        assert r.status_code == 200
        assert len(r.content) < 30 * 1024
        body = r.text.split("</head>")[1]
        assert "<script" not in body and "style=" not in body
    es = site.get(f"/events/{FORUM}?lang=es").text
    assert "Conozca sus derechos" in es and "Cuidado de niños" in es and 'lang="bn"' in es
    assert site.get("/events/nope").status_code == 404
    r = site.get(f"/events/{FORUM}.ics?lang=es")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    (ev,) = check_ics_bytes(r.content)
    assert str(ev.get("SUMMARY")) == "Conozca sus derechos: foro comunitario"
    assert "P.S. 69, 77-02 37th Avenue" in str(ev.get("LOCATION"))  # commas escaped and read back
    assert "\\," in r.text and "\\n" in r.text
    feed = site.get("/events.ics")
    assert feed.status_code == 200
    uids = {str(e.get("UID")) for e in check_ics_bytes(feed.content)}
    assert len(uids) == 2
    listing = site.get("/events?lang=es").text
    assert f'href="/events/{FORUM}"' in listing and f'href="/events/{SMALL}"' in listing


def test_rsvp_confirmation_reminders_and_already(site):
    s, page = event_form(site, FORUM, lang="es")
    r = rsvp(site, s, page, FORUM, given_name="Marisol", family_name="Ríos", email="marisol@example.org",
             interpretation="es", childcare_count="2", consent_sms=None)
    assert r.status_code == 303, r.text[:2000]
    loc = r.headers["location"]
    assert re.match(rf"/events/{FORUM}/rsvp/[A-Za-z0-9_-]{{20,}}\?lang=es", loc)
    me = s.get(site.url + loc, timeout=10)
    assert me.status_code == 200 and "Tiene un lugar" in me.text and 'data-status="going"' in me.text
    c = db(site)
    rid, status, childcare, interp = c.execute(
        "SELECT r.id, r.status, r.childcare, r.interpretation FROM event_rsvps r WHERE r.name = 'Marisol Ríos'").fetchone()
    assert (status, childcare, interp) == ("going", 2, "es")
    starts = c.execute("SELECT starts_at FROM events WHERE slug = ?", (FORUM,)).fetchone()[0]
    msgs = c.execute("SELECT purpose, lang, channel, attachment_name, next_attempt_at FROM messages "
                     "WHERE ref_kind = 'rsvp' AND ref_id = ? ORDER BY id", (rid,)).fetchall()
    by = {m[0]: m for m in msgs}
    assert by["event.going"][1:4] == ("es", "email", "event.ics")
    assert by["event.reminder.day"][4] == starts - 86400 and by["event.reminder.day"][1] == "es"
    assert by["event.reminder.2h"][4] == starts - 7200
    person = c.execute("SELECT p.source, p.lang FROM people p JOIN event_rsvps r ON r.person_id = p.id "
                       "WHERE r.id = ?", (rid,)).fetchone()
    assert person == ("event", "es")
    # again with the same email: said, not doubled
    r = rsvp(site, s, page, FORUM, given_name="Marisol", email="MARISOL@example.org")
    assert r.status_code == 200 and "Ya está inscrito" in r.text
    assert c.execute("SELECT count(*) FROM event_rsvps WHERE name LIKE 'Marisol%'").fetchone()[0] == 1


def test_rejected_rsvp_keeps_input(site):
    s, page = event_form(site, FORUM, lang="es")
    r = rsvp(site, s, page, FORUM, given_name="Ana <i>", email="nope", interpretation="bn", childcare_count="1")
    assert r.status_code == 422
    assert 'value="Ana &lt;i&gt;"' in r.text and 'value="nope"' in r.text
    assert re.search(r'<option value="bn" lang="bn" selected', r.text)
    assert re.search(r'<option value="1" selected', r.text)
    r = rsvp(site, s, page, FORUM, given_name="Ana", email="ana@example.org", interpretation="fr")
    assert r.status_code == 422  # not offered
    r = rsvp(site, s, page, FORUM, given_name="Bot", email="bot@example.org", website="x")
    assert r.status_code == 303
    assert db(site).execute("SELECT count(*) FROM event_rsvps WHERE name = 'Bot'").fetchone()[0] == 0


def test_waiting_list_moves_up_when_someone_cancels(site):
    s, page = event_form(site, SMALL, lang="es")
    assert "Quedan 1 de 3" in page.text
    a = rsvp(site, s, page, SMALL, given_name="Ana", family_name="Uno", email="ana.uno@example.org")
    assert a.status_code == 303
    a_url = site.url + a.headers["location"]
    b = rsvp(site, s, page, SMALL, given_name="Bea", family_name="Dos", phone="718-555-0177")
    assert b.status_code == 303
    b_url = site.url + b.headers["location"]
    b_page = s.get(b_url, timeout=10).text
    assert '<meta name="robots" content="noindex">' in b_page  # a personal link is never indexed
    assert "lista de espera" in b_page and 'data-status="waitlist"' in b_page and "número 1" in b_page
    time.sleep(1.1)
    full = requests.get(site.url + f"/events/{SMALL}?lang=es", timeout=10).text
    assert "Lleno" in full and "Anotarme en la lista de espera" in full
    c = db(site)
    a_id = c.execute("SELECT id FROM event_rsvps WHERE name = 'Ana Uno'").fetchone()[0]
    b_id = c.execute("SELECT id FROM event_rsvps WHERE name = 'Bea Dos'").fetchone()[0]
    # waitlisted: a message, but no reminders
    assert [m[0] for m in c.execute("SELECT purpose FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ?",
                                    (b_id,))] == ["event.waitlist"]
    # Ana cancels through her personal link
    page_a = s.get(a_url, timeout=10)
    r = s.post(site.url + re.search(r'action="(/events/[^"]+/cancel)"', page_a.text).group(1), data={},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert 'data-status="cancelled"' in s.get(a_url, timeout=10).text
    assert 'data-status="going"' in s.get(b_url, timeout=10).text
    statuses = dict(c.execute("SELECT purpose, status FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ? "
                              "AND purpose LIKE 'event.reminder%'", (a_id,)).fetchall())
    assert statuses and set(statuses.values()) == {"cancelled"}
    moved = c.execute("SELECT channel, lang FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ? "
                      "AND purpose = 'event.moved_up'", (b_id,)).fetchall()
    assert moved == [("sms", "es")]
    assert c.execute("SELECT count(*) FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ? "
                     "AND purpose LIKE 'event.reminder%' AND status = 'queued'", (b_id,)).fetchone()[0] == 2
    # a made-up link finds nothing
    assert site.get(f"/events/{SMALL}/rsvp/{'x' * 32}").status_code == 404


def test_door_search_check_in_walk_in_headcount(site):
    add_user(site, "door@example.org", "volunteer")
    v = sign_in(site, "door@example.org", STAFF_PASSWORD)
    c = db(site)
    eid = c.execute("SELECT id FROM events WHERE slug = ?", (FORUM,)).fetchone()[0]
    door = v.get(site.url + f"/app/events/{eid}/door", params={"q": "nasr"}, timeout=10)
    assert door.status_code == 200 and "Nasrin Akter" in door.text and "Pemba" not in door.text
    part = v.get(site.url + f"/app/events/{eid}/door", params={"q": "pem", "partial": "1"}, timeout=10)
    assert "Pemba Sherpa" in part.text and "<html" not in part.text
    rid = c.execute("SELECT id FROM event_rsvps WHERE event_id = ? AND name = 'Nasrin Akter'", (eid,)).fetchone()[0]
    form = browser_form(door.text, f"/app/events/{eid}/door/{rid}/checkin")
    r = v.post(site.url + f"/app/events/{eid}/door/{rid}/checkin", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and "q=nasr" in r.headers["location"]
    door = v.get(site.url + r.headers["location"], timeout=10)
    assert "✓ <bdi>Nasrin Akter</bdi>" in door.text
    # Nasrin had been at no event before: a first-timer, not a new person (she joined before)
    # walk-in with a phone, then one who gives no name
    form = browser_form(door.text, f"/app/events/{eid}/door/walkin", given_name="Tashi", contact="(718) 555-0166",
                        consent="1")
    r = v.post(site.url + f"/app/events/{eid}/door/walkin", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    r = v.post(site.url + f"/app/events/{eid}/door/walkin", allow_redirects=False, timeout=10,
               data={"csrf": hidden_csrf(door.text), "given_name": "X", "contact": "12"})
    assert r.status_code == 422 and 'value="12"' in r.text
    for _ in range(2):
        r = v.post(site.url + f"/app/events/{eid}/door/headcount", data={"csrf": hidden_csrf(door.text), "delta": "1"},
                   allow_redirects=False, timeout=10)
        assert r.status_code == 303
    totals = v.get(site.url + f"/app/events/{eid}/door", params={"partial": "1"}, timeout=10).text
    got = dict(re.findall(r'data-total="(\w+)">(\d+)<', totals))
    assert got["checked_in"] == "2" and got["walk_ins"] == "1" and got["anonymous"] == "2"
    assert got["attendance"] == "4" and got["new"] == "1" and got["first"] == "2"
    tashi = c.execute("SELECT p.source, p.consent_sms FROM people p JOIN event_rsvps r ON r.person_id = p.id "
                      "WHERE r.name = 'Tashi'").fetchone()
    assert tashi == ("event", "subscribed")
    assert c.execute("SELECT count(*) FROM activities WHERE kind = 'event.attended'").fetchone()[0] == 2
    # volunteers work the door but do not edit events
    assert v.get(site.url + f"/app/events/{eid}", timeout=10).status_code == 200
    r = v.post(site.url + f"/app/events/{eid}", data={"csrf": hidden_csrf(door.text)}, allow_redirects=False,
               timeout=10)
    assert r.status_code == 404


def test_staff_create_edit_translate(site, admin_s):
    page = admin_s.get(site.url + "/app/events", timeout=10)
    assert page.status_code == 200
    data = {"csrf": hidden_csrf(page.text), "title": "Court watch", "slug": "court-watch",
            "starts": "2099-03-01T09:00", "ends": "2099-03-01T08:00", "place": "26 Federal Plaza, New York",
            "capacity": "10", "interpretation": ["es", "bn"], "visibility": "public"}
    r = admin_s.post(site.url + "/app/events", data=data, allow_redirects=False, timeout=10)
    assert r.status_code == 422 and 'value="Court watch"' in r.text  # ends before it starts
    data["ends"] = "2099-03-01T12:00"
    r = admin_s.post(site.url + "/app/events", data=data, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    url = site.url + r.headers["location"]
    edit = admin_s.get(url, timeout=10)
    assert edit.status_code == 200 and 'value="2099-03-01T09:00"' in edit.text
    r = admin_s.post(url + "/text", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(edit.text), "lang": "es", "title": "Observación en la corte",
                           "description": "Acompañamos, en silencio.", "status": "native_reviewed"})
    assert r.status_code == 303
    ics1 = Calendar.from_ical(site.get("/events/court-watch.ics?lang=es").content)
    ev = [c for c in ics1.walk() if c.name == "VEVENT"][0]
    assert str(ev.get("SUMMARY")) == "Observación en la corte"
    # 09:00 in New York in March 2099 is 14:00 UTC (EST)
    assert ev.decoded("DTSTART").strftime("%H:%M") == "14:00"
    data2 = {k: v for k, v in data.items() if k != "title"}
    data2["capacity"] = "12"
    r = admin_s.post(url, data=data2, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    ev2 = [c for c in Calendar.from_ical(site.get("/events/court-watch.ics").content).walk() if c.name == "VEVENT"][0]
    assert int(ev2.get("SEQUENCE")) == int(ev.get("SEQUENCE")) + 1


def test_api_events_attendances_and_record_helper(site):
    from conftest import api_token
    h = {"OSDI-API-Token": api_token(site, "organizer", name="events-api")}
    doc = requests.get(site.url + "/api/v1/events", params={"per_page": 1}, headers=h, timeout=10).json()
    assert doc["total_records"] >= 2 and len(doc["_embedded"]["osdi:events"]) == 1 and "next" in doc["_links"]
    c = db(site)
    eid = c.execute("SELECT id FROM events WHERE slug = ?", (FORUM,)).fetchone()[0]
    ev = requests.get(site.url + f"/api/v1/events/{eid}", headers=h, timeout=10).json()
    assert ev["name"] == FORUM and ev["start_date"].endswith("Z")
    att = requests.get(site.url + f"/api/v1/events/{eid}/attendances", params={"per_page": 2}, headers=h,
                       timeout=10).json()
    n = c.execute("SELECT count(*) FROM event_rsvps WHERE event_id = ? AND status != 'cancelled'", (eid,)).fetchone()[0]
    assert att["total_records"] == n and len(att["_embedded"]["osdi:attendances"]) == min(2, n)
    r = requests.post(site.url + f"/api/v1/events/{eid}/attendances", json={}, headers=h, timeout=10)
    assert r.status_code == 422
    body = {"person": {"given_name": "Api", "family_name": "Attendee", "phone_numbers": [{"number": "7185550155"}]},
            "attended": True}
    r = requests.post(site.url + f"/api/v1/events/{eid}/attendances", json=body, headers=h, timeout=10)
    assert r.status_code == 201 and r.json()["attended"] is True and r.json()["status"] == "accepted"
    assert c.execute("SELECT checked_in_at IS NOT NULL FROM event_rsvps WHERE name = 'Api Attendee'").fetchone()[0] == 1


def test_raising_the_capacity_moves_the_waiting_list_up(site, admin_s):
    c = db(site)
    eid, cap = c.execute("SELECT id, capacity FROM events WHERE slug = ?", (SMALL,)).fetchone()
    going = c.execute("SELECT count(*) FROM event_rsvps WHERE event_id = ? AND status = 'going'", (eid,)).fetchone()[0]
    s, page = event_form(site, SMALL, lang="bn")
    if going < cap:  # fill it first
        for i in range(cap - going):
            assert rsvp(site, s, page, SMALL, given_name=f"Fill{i}", email=f"fill{i}@example.org").status_code == 303
    r = rsvp(site, s, page, SMALL, given_name="Cleo", email="cleo@example.org")
    cleo_url = site.url + r.headers["location"]
    assert 'data-status="waitlist"' in s.get(cleo_url, timeout=10).text
    edit = admin_s.get(site.url + f"/app/events/{eid}", timeout=10)
    form = browser_form(edit.text, f"/app/events/{eid}", capacity=str(cap + 1))
    r = admin_s.post(site.url + f"/app/events/{eid}", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text[:1500]
    assert 'data-status="going"' in s.get(cleo_url, timeout=10).text
    cid = c.execute("SELECT id FROM event_rsvps WHERE name = 'Cleo'").fetchone()[0]
    assert c.execute("SELECT lang FROM messages WHERE ref_kind = 'rsvp' AND ref_id = ? AND purpose = 'event.moved_up'",
                     (cid,)).fetchone() == ("bn",)


def test_rejected_translation_comes_back_as_typed(site, admin_s):
    page = admin_s.get(site.url + "/app/events", timeout=10)
    r = admin_s.post(site.url + "/app/events", allow_redirects=False, timeout=10,
                     data={"csrf": hidden_csrf(page.text), "title": "Tenant clinic", "slug": "tenant-clinic",
                           "starts": "2099-04-04T10:00", "ends": "2099-04-04T13:00",
                           "place": "Jackson Heights library", "capacity": "40", "visibility": "public"})
    assert r.status_code == 303
    url = site.url + r.headers["location"]
    eid = int(url.rsplit("/", 1)[1])
    action = f"/app/events/{eid}/text"
    csrf = hidden_csrf(admin_s.get(url, timeout=10).text)
    nfc = functools.partial(unicodedata.normalize, "NFC")  # what the server keeps
    title = nfc("ক্লিনিক <ভাড়াটিয়া> & \"অধিকার\" " * 10)[:200] + "!"
    assert len(title) == 201
    description = nfc("".join(f"অনুচ্ছেদ {i}: আপনার বাড়িওয়ালা & <আদালত>।\n" for i in range(60)))
    directions, access = nfc("৩৭ অ্যাভিনিউ থেকে পাশের দরজা।"), nfc("লিফট আছে।")
    typed = {"csrf": csrf, "lang": "bn", "title": title, "description": description, "directions": directions,
             "accessibility": access, "status": "native_reviewed"}
    r = admin_s.post(url + "/text", data=typed, allow_redirects=False, timeout=10)
    assert r.status_code == 422
    form = text_form(r.text, action, "bn")
    assert f'value="{esc(title)}"' in form
    assert f">{esc(description.rstrip())}</textarea>" in form
    assert f">{esc(directions)}</textarea>" in form and f">{esc(access)}</textarea>" in form
    assert '<option value="native_reviewed" selected>' in form
    assert 'aria-invalid="true"' in form and "This is too long." in form
    c = db(site)
    assert c.execute("SELECT count(*) FROM translations WHERE entity = 'event' AND entity_id = ? AND lang = 'bn'",
                     (eid,)).fetchone()[0] == 0
    r = admin_s.post(url + "/text", data=dict(typed, lang="fr", title="Permanence locataires"),
                     allow_redirects=False, timeout=10)
    assert r.status_code == 422
    form = text_form(r.text, action, "fr")
    assert 'value="Permanence locataires"' in form and "a language the site offers" in form
    r = admin_s.post(url + "/text", data=dict(typed, title=nfc("ভাড়াটিয়া ক্লিনিক")), allow_redirects=False, timeout=10)
    assert r.status_code == 303
    rows = c.execute("SELECT field, status, reviewed_by IS NOT NULL FROM translations WHERE entity = 'event' "
                     "AND entity_id = ? AND lang = 'bn' ORDER BY field", (eid,)).fetchall()
    assert rows == [(f, "native_reviewed", 1) for f in ("accessibility", "description", "directions", "title")]
    assert nfc("ভাড়াটিয়া ক্লিনিক") in site.get("/events/tenant-clinic?lang=bn").text
