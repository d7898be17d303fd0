"""The seed story end to end (issue #5, "Must show"), all through HTTP as
staff and the public would do it, against the real binary, a REAL local
SMTP server (aiosmtpd) and the local Twilio-style SMS gateway stand-in of
test_messaging.py, with `sanctuary serve` pointed at both.

1. Bengali- and English-speaking supporters join through /join (consent
   per channel); an organizer tags them and saves a segment.
2. The organizer opens a case for a neighbor with his consent, adds his
   ICE check-in at 26 Federal Plaza, moves it to tomorrow 9:00.
3. Mobilizes the segment by email and SMS, Bengali and English texts: the
   emails arrive at aiosmtpd (language per recipient, Message-ID = the
   idempotency key, a personal answer link), the texts at the gateway.
4. One answers by following the link from her email (yes, interpreter),
   two by SMS reply through the inbound webhook ("হ্যাঁ", "YES"), one "NO".
5. The live count shows the answers, by answer and role.
6. A supporter replies STOP: one confirmation; the next mobilization, the
   morning-of reminder and the thank-you send nothing to that number (her
   email still gets them), others still get theirs. Another unsubscribes
   from the email with one click (RFC 8058): left out of the next send.
   ICE moves the check-in again (10:30): the waiting morning-of reminders
   follow it; a supporter who changes yes to no gets none.
7. The outcome, a six-month stay, is recorded; the thank-you goes out
   (not to the stopped number); the check-in is done, reminders called off.
8. The case timeline shows all of it; each answering person's page shows
   the activity.
A volunteer cannot see the case by UI, URL or API (404); the audit log has
every file read. Apart: with quiet hours on, a mobilization waits, unless
the organizer gives an urgent reason.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest
import requests

from conftest import (STAFF_PASSWORD, add_user, api_token, browser_form, finish_server, hidden_csrf,
                      make_data, run_cli, sign_in, start_server)
from test_messaging import (MAIL_FROM, PUBLIC_URL, SMS_FROM, Gateway, SmtpRecorder,
                            aiosmtpd_controller, env_for, environment, free_port, inbound, rows,
                            wait_until)

NY = ZoneInfo("America/New_York")
BENGALI = re.compile("[\u0980-\u09FF]")
MAIL_DOMAIN = MAIL_FROM.split("@")[1]
LINK_RE = re.compile(re.escape(PUBLIC_URL) + r"(/m/[A-Za-z0-9_-]{30,})")

TEXT_EN = "Our neighbor Abdul must report to ICE tomorrow at 9 at 26 Federal Plaza. Can you come?"
TEXT_BN = "আমাদের প্রতিবেশী আব্দুলকে আগামীকাল সকাল ৯টায় ২৬ ফেডারেল প্লাজায় আইসের কাছে যেতে হবে। আপনি কি আসতে পারবেন?"
TEXT2_EN = "Update: meet at 8:30 at the Duane St. entrance of 26 Federal Plaza."
TEXT2_BN = "আপডেট: ২৬ ফেডারেল প্লাজার ডুয়েন স্ট্রিট প্রবেশপথে সকাল ৮:৩০-এ দেখা হবে।"
A_NUMBER = "A098-765-432"
SECRET_NOTE = "Asked to bring a one-way ticket to Dhaka"
TAG = "federal-plaza-rapid-response"

# Who joins: key -> join form; "bn"/"en" is the language they should be written in.
SUPPORTERS = {
    "nasrin": dict(given_name="Nasrin", family_name="Akter", email="nasrin.seed@example.org",
                   phone="(718) 555-0141", lang="bn", languages=["bn", "en"],
                   consent_email="1", consent_sms="1"),
    "karim": dict(given_name="Karim", family_name="Hossain", email="", phone="718-555-0142",
                  lang="bn", languages=["bn"], consent_sms="1"),
    "farida": dict(given_name="Farida", family_name="Begum", email="farida.seed@example.org",
                   phone="+1 718 555 0143", lang="bn", languages=["bn"], consent_email="1",
                   consent_sms="1"),
    "emily": dict(given_name="Emily", family_name="Walsh", email="emily.seed@example.org",
                  phone="(718) 555-0144", lang="en", languages=["en"], consent_email="1",
                  consent_sms="1"),
    "tom": dict(given_name="Tom", family_name="Becker", email="", phone="(718) 555-0145",
                lang="en", languages=["en"], consent_sms="1"),
    "sam": dict(given_name="Sam", family_name="Ortiz", email="sam.seed@example.org", phone="",
                lang="en", languages=["en", "es"], consent_email="1"),
    # in the segment but not reachable: no consent to anything
    "rahim": dict(given_name="Rahim", family_name="Mia", email="rahim.seed@example.org",
                  phone="(718) 555-0147", lang="bn", languages=["bn"]),
    # in the segment, reachable, but speaks neither Bengali nor English
    "lucia": dict(given_name="Lucía", family_name="Reyes", email="lucia.seed@example.org",
                  phone="(718) 555-0148", lang="es", languages=["es"], consent_email="1",
                  consent_sms="1"),
}
PHONE = {"nasrin": "+17185550141", "karim": "+17185550142", "farida": "+17185550143",
         "emily": "+17185550144", "tom": "+17185550145", "rahim": "+17185550147",
         "lucia": "+17185550148"}
# Who the first mobilization reaches, on which channels, in which language.
REACHED = {"nasrin": ("bn", True, True), "karim": ("bn", False, True), "farida": ("bn", True, True),
           "emily": ("en", True, True), "tom": ("en", False, True), "sam": ("en", True, False)}
NEIGHBOR_PHONE = "+17185550150"


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
def site(binary, tmp_path_factory, smtp, gateway):
    # no demo content: every message the servers see is the story's own
    data = make_data(tmp_path_factory.mktemp("seed"), "--languages", "en,es,bn,ne,ur", demo=False)
    add_user(data, "admin.seed@example.org", "admin", name="Seed Admin")
    add_user(data, "organizer.seed@example.org", "organizer", name="Case Organizer")
    add_user(data, "volunteer.seed@example.org", "volunteer", name="A Volunteer")
    with environment(**env_for(smtp.port, gateway)):
        srv = start_server(data, name="seed-story")
    try:
        srv.extra["org"] = sign_in(srv, "organizer.seed@example.org", STAFF_PASSWORD)
        srv.extra["vol"] = sign_in(srv, "volunteer.seed@example.org", STAFF_PASSWORD)
        srv.extra["admin"] = sign_in(srv, "admin.seed@example.org", STAFF_PASSWORD)
        yield srv
    finally:
        finish_server(srv)


def form_post(s, srv, path, page_path=None, **data):
    page = s.get(srv.url + (page_path or path), timeout=10)
    assert page.status_code == 200, (page_path or path, page.status_code)
    data["csrf"] = hidden_csrf(page.text)
    return s.post(srv.url + path, data=data, allow_redirects=False, timeout=30)


def local(day: dt.date, hm: str) -> int:
    h, m = map(int, hm.split(":"))
    return int(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=NY).timestamp())


def mails(smtp, addr, prefix):
    """Emails to `addr` whose Message-ID starts with <prefix."""
    return [m for m in smtp.to(addr) if str(m["Message-ID"]).startswith("<" + prefix)]


def texts(gateway, number, prefix):
    return [r for r in gateway.to(number) if r["headers"].get("idempotency-key", "").startswith(prefix)]


def join(srv, who):
    f = dict(SUPPORTERS[who])
    s = requests.Session()
    page = s.get(srv.url + "/join", timeout=10)
    assert page.status_code == 200
    data = browser_form(page.text, "/join", **f)
    r = s.post(srv.url + "/join", data=data, allow_redirects=False, timeout=10)
    assert r.status_code == 303, (who, r.status_code, r.text[:1500])
    assert r.headers["Location"].startswith("/join/thanks")


def person_id(srv, s, name):
    r = s.get(srv.url + "/app/people", params={"q": name}, timeout=10)
    assert r.status_code == 200
    ids = sorted(set(re.findall(r'href="/app/people/(\d+)"', r.text)))
    assert len(ids) == 1, (name, ids)
    return int(ids[0])


def mobilize(srv, org, case, segment, call, text_en, text_bn, title):
    base = f"/app/cases/{case}"
    form = dict(title=title, segment=str(segment), query="", only_lang=["bn", "en"], email="1",
                sms="1", call_id=str(call), text_en=text_en, text_bn=text_bn)
    r = form_post(org, srv, base + "/mobilize", base + "/mobilize", preview="1", **form)
    assert r.status_code == 200, r.text[:2000]
    preview = r.text
    r = form_post(org, srv, base + "/mobilize", base + "/mobilize", send="1", **form)
    assert r.status_code == 303, r.text[:2000]
    m = re.fullmatch(rf"{base}/mobilizations/(\d+)", r.headers["Location"])
    assert m, r.headers["Location"]
    return int(m.group(1)), preview


@pytest.fixture(scope="module")
def story(site, smtp, gateway):
    srv, org = site, site.extra["org"]
    st = {"t0": time.monotonic()}

    # ---- 1. people join, are tagged and saved as a segment ----
    for who in SUPPORTERS:
        join(srv, who)
    # the neighbor himself came to the group's clinic: joined too, SMS only, not in the segment
    s = requests.Session()
    page = s.get(srv.url + "/join", timeout=10)
    r = s.post(srv.url + "/join", allow_redirects=False, timeout=10, data=browser_form(
        page.text, "/join", given_name="Abdul", family_name="Karim Chowdhury", phone="718 555 0150",
        lang="bn", languages=["bn", "en"], consent_sms="1"))
    assert r.status_code == 303, r.text[:1500]
    st["pid"] = {who: person_id(srv, org, f"{f['given_name']} {f['family_name']}")
                 for who, f in SUPPORTERS.items()}
    st["neighbor"] = person_id(srv, org, "Abdul")
    for who, pid in st["pid"].items():
        r = form_post(org, srv, f"/app/people/{pid}/tags", f"/app/people/{pid}", tag=TAG)
        assert r.status_code == 303, (who, r.status_code, r.text[:1000])
    page = org.get(srv.url + "/app/people", params={"tag": TAG}, timeout=10)
    assert page.status_code == 200
    found = {int(x) for x in re.findall(r'href="/app/people/(\d+)"', page.text)}
    assert found == set(st["pid"].values()), found
    r = org.post(srv.url + "/app/segments", allow_redirects=False, timeout=10,
                 data=browser_form(page.text, "/app/segments", segment_name="Federal Plaza rapid response"))
    assert r.status_code == 303, r.text[:1000]
    seg = rows(srv, "SELECT id, query FROM segments WHERE name = ?", "Federal Plaza rapid response")
    assert len(seg) == 1 and seg[0]["query"] == f"tag={TAG}", [tuple(x) for x in seg]
    st["segment"] = seg[0]["id"]

    # ---- 2. a case with consent, a check-in, moved to tomorrow 9:00 ----
    r = form_post(org, srv, "/app/cases", "/app/cases/new", title="A. — ICE check-in",
                  person_id=str(st["neighbor"]), consent="1",
                  consent_given_by="Abdul himself, with Nasrin interpreting",
                  consent_public="", alias="", legal_name="Abdul Karim Chowdhury",
                  a_number=A_NUMBER, country="Bangladesh", situation="Order of supervision",
                  detention="Not detained", facility="", attorney="", attorney_contact="",
                  family="", notes=SECRET_NOTE)
    assert r.status_code == 303, r.text[:2000]
    m = re.fullmatch(r"/app/cases/(\d+)", r.headers["Location"])
    assert m, r.headers["Location"]
    st["case"] = case = int(m.group(1))
    base = f"/app/cases/{case}"
    today = dt.datetime.now(NY).date()
    first, tomorrow = today + dt.timedelta(days=12), today + dt.timedelta(days=1)
    st["first_at"], st["tomorrow_at"] = local(first, "10:30"), local(tomorrow, "09:00")
    r = form_post(org, srv, base + "/dates", base, kind="checkin", title="ICE check-in",
                  date=first.isoformat(), time="10:30", place="26 Federal Plaza, 9th floor",
                  court="", judge="", hearing_type="")
    assert r.status_code == 303, r.text[:2000]
    dates = rows(srv, "SELECT id FROM case_dates WHERE case_id = ?", case)
    assert len(dates) == 1
    st["date"] = dates[0]["id"]
    r = form_post(org, srv, f"{base}/dates/{st['date']}/reschedule", base, date=tomorrow.isoformat(),
                  time="09:00", place="26 Federal Plaza, 9th floor",
                  reason="ICE called: come tomorrow at 9 with a one-way ticket")
    assert r.status_code == 303, r.text[:2000]
    # an accompaniment call for it: an interpreter for Bengali, companions
    r = form_post(org, srv, base + "/calls", base, date_id=str(st["date"]), date="", time="",
                  place="26 Federal Plaza (Duane St. entrance)", bring="ID, water",
                  behave="Calm, no confrontation, no photos of Abdul", need_interpreter="1",
                  interpreter_lang="bn", need_legal_observer="0", need_driver="0",
                  need_companion="10", cap="30", public="")
    assert r.status_code == 303, r.text[:2000]
    st["call"] = int(r.headers["Location"].rsplit("/", 1)[1])

    # ---- 3. mobilize the segment by email and SMS, Bengali and English ----
    st["mob"], st["preview"] = mobilize(srv, org, case, st["segment"], st["call"], TEXT_EN, TEXT_BN,
                                        "Check-in tomorrow 9:00 — 26 Federal Plaza")
    return st


def mob_key(st, who, channel, mob=None, purpose="mobilization"):
    return f"{purpose}.{mob or st['mob']}.{st['pid'][who]}.{channel}"


def test_1_people_and_segment(site, story):
    srv = site
    for who, f in SUPPORTERS.items():
        p = rows(srv, "SELECT lang, consent_email, consent_sms, source FROM people WHERE id = ?",
                 story["pid"][who])[0]
        assert p["lang"] == f["lang"] and p["source"] == "join", (who, tuple(p))
        assert (p["consent_email"] == "subscribed") == bool(f.get("consent_email")), who
        assert (p["consent_sms"] == "subscribed") == bool(f.get("consent_sms")), who


def test_2_case_with_consent_and_checkin_moved(site, story):
    srv, org = site, site.extra["org"]
    c = rows(srv, "SELECT consent_at, consent_by_user FROM cases WHERE id = ?", story["case"])[0]
    assert c["consent_at"] > 0 and c["consent_by_user"] is not None
    d = rows(srv, "SELECT starts_at, kind, status FROM case_dates WHERE id = ?", story["date"])[0]
    assert (d["starts_at"], d["kind"], d["status"]) == (story["tomorrow_at"], "checkin", "scheduled")
    hist = rows(srv, "SELECT old_starts_at, new_starts_at FROM case_date_changes WHERE date_id = ?",
                story["date"])
    assert [tuple(h) for h in hist] == [(story["first_at"], story["tomorrow_at"])]
    page = org.get(srv.url + f"/app/cases/{story['case']}", timeout=10)
    assert page.status_code == 200
    assert "Abdul himself, with Nasrin interpreting" in page.text and A_NUMBER in page.text
    fmt = lambda t: dt.datetime.fromtimestamp(t, NY).strftime("%Y-%m-%d %H:%M")
    assert fmt(story["first_at"]) in page.text and fmt(story["tomorrow_at"]) in page.text
    assert "26 Federal Plaza" in page.text


def test_3_messages_really_arrive(site, story, smtp, gateway):
    srv = site
    pv = story["preview"]
    # six reachable; Rahim (no consent) named as left out; Lucía (Spanish only) not asked
    assert 'class="pv-people">6<' in pv, pv[-3000:]
    excluded = pv[pv.index('class="excluded"'):]
    assert "Rahim Mia" in excluded[:600] and "Lucía" not in excluded
    mob = story["mob"]
    want_mail = {who for who, (_, e, _) in REACHED.items() if e}
    want_sms = {who for who, (_, _, s) in REACHED.items() if s}
    got = wait_until(lambda: all(len(mails(smtp, SUPPORTERS[w]["email"], f"mobilization.{mob}.")) == 1
                                 for w in want_mail)
                     and all(len(texts(gateway, PHONE[w], f"mobilization.{mob}.")) == 1 for w in want_sms),
                     timeout=20)
    assert got, ({w: len(mails(smtp, SUPPORTERS[w]["email"], "mobilization.")) for w in want_mail},
                 {w: len(texts(gateway, PHONE[w], "mobilization.")) for w in want_sms})
    links = {}
    for who in want_mail:
        lang = REACHED[who][0]
        (m,) = mails(smtp, SUPPORTERS[who]["email"], f"mobilization.{mob}.")
        key = mob_key(story, who, "email")
        assert str(m["Message-ID"]) == f"<{key}@{MAIL_DOMAIN}>"
        row = rows(srv, "SELECT status, provider_id, lang FROM messages WHERE idempotency_key = ?", key)
        assert len(row) == 1 and row[0]["status"] == "sent" and row[0]["lang"] == lang
        assert row[0]["provider_id"].startswith(f"<{key}@")
        body = m.get_content()
        if lang == "bn":
            assert TEXT_BN in body and TEXT_EN not in body, body
            assert str(m["Subject"]) == "আপনি কি আসতে পারবেন?"
        else:
            assert TEXT_EN in body and not BENGALI.search(body), body
            assert str(m["Subject"]) == "Can you come?"
        assert str(m["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
        found = LINK_RE.findall(body)
        assert len(found) == 1, body
        links[who] = found[0]
    assert len(set(links.values())) == len(links), "each person's link is their own"
    story["links"] = links
    for who in want_sms:
        lang = REACHED[who][0]
        (t,) = texts(gateway, PHONE[who], f"mobilization.{mob}.")
        key = mob_key(story, who, "sms")
        assert t["headers"]["idempotency-key"] == key
        assert t["form"]["From"] == SMS_FROM
        body = t["form"]["Body"]
        if lang == "bn":
            assert TEXT_BN in body and "হ্যাঁ বা না" in body, body
        else:
            assert TEXT_EN in body and "Reply YES or NO" in body and not BENGALI.search(body), body
        assert LINK_RE.search(body), body
    # nobody else: not Rahim (no consent), not Lucía (Spanish only), not the neighbor
    assert not smtp.to(SUPPORTERS["rahim"]["email"]) and not gateway.to(PHONE["rahim"])
    assert not smtp.to(SUPPORTERS["lucia"]["email"]) and not gateway.to(PHONE["lucia"])
    assert not gateway.to(NEIGHBOR_PHONE)
    assert len([m for m in smtp.message_ids() if m and m.startswith(f"<mobilization.{mob}.")]) == 4
    with gateway.lock:
        n_sms = len([r for r in gateway.requests
                     if r["headers"].get("idempotency-key", "").startswith(f"mobilization.{mob}.")])
    assert n_sms == 5


def reply(srv, who, text):
    r, sid = inbound(srv, PHONE[who], text)
    assert r.status_code == 200 and "<Response" in r.text, (who, text, r.status_code, r.text[:500])
    row = rows(srv, "SELECT kind, person_id FROM sms_inbound WHERE message_sid = ?", sid)
    assert len(row) == 1
    return row[0]


def test_4_answers_by_link_and_sms_reply(site, story, smtp, gateway):
    srv = site
    assert "links" in story, "test_3 must run first"
    # Nasrin follows the link in the email she received, on her phone, no sign-in
    s = requests.Session()
    link = story["links"]["nasrin"]
    page = s.get(srv.url + link, timeout=10)
    assert page.status_code == 200
    assert 'lang="bn"' in page.text and "ফেডারেল প্লাজায়" in page.text
    r = s.post(srv.url + link, timeout=10,
               data=browser_form(page.text, link, answer="yes", role="interpreter"))
    assert r.status_code == 200 and 'class="current-answer"' in r.text, r.text[:1500]
    # texts back through the gateway's inbound webhook
    for who, text in (("karim", "হ্যাঁ"), ("emily", "YES"), ("tom", "NO")):
        row = reply(srv, who, text)
        assert row["kind"] == "dispatched", (who, text, tuple(row))
        assert row["person_id"] == story["pid"][who]
    # the gateway delivers Karim's reply again (same MessageSid), and he texts "yes" once more:
    # one answer, one timeline entry
    sid = rows(srv, "SELECT message_sid FROM sms_inbound WHERE person_id = ? ORDER BY id",
               story["pid"]["karim"])[0]["message_sid"]
    r, _ = inbound(srv, PHONE["karim"], "হ্যাঁ", sid=sid)
    assert r.status_code == 200
    assert len(rows(srv, "SELECT 1 FROM sms_inbound WHERE person_id = ?", story["pid"]["karim"])) == 1
    assert reply(srv, "karim", "Yes!")["kind"] == "dispatched"
    # a reply from someone never asked is not an answer; nor is a sentence
    assert reply(srv, "lucia", "YES")["kind"] == "unhandled"
    assert reply(srv, "farida", "who is this?")["kind"] == "unhandled"
    got = {r["person_id"]: (r["answer"], r["role"], r["via"]) for r in rows(
        srv, "SELECT person_id, answer, role, via FROM mobilization_answers WHERE mobilization_id = ?",
        story["mob"])}
    p = story["pid"]
    assert got == {p["nasrin"]: ("yes", "interpreter", "link"), p["karim"]: ("yes", "", "sms"),
                   p["emily"]: ("yes", "", "sms"), p["tom"]: ("no", "", "sms"),
                   p["farida"]: (None, "", None), p["sam"]: (None, "", None)}, got


def test_5_live_count(site, story):
    srv, org = site, site.extra["org"]
    live = f"/app/cases/{story['case']}/mobilizations/{story['mob']}"
    for path in (live, live + "?partial=1"):
        r = org.get(srv.url + path, timeout=10)
        assert r.status_code == 200
        t = r.text
        assert 'class="count-yes">3<' in t and 'class="count-no">1<' in t, t[-3000:]
        assert 'class="count-maybe">0<' in t and 'class="count-none">2<' in t
        assert 'class="count-total">6<' in t
        # by role: the interpreter found (Nasrin), two more yes without a role
        assert re.search(r"Interpreter \(বাংলা\): <strong>1</strong> / 1", t), t[-3000:]
        assert re.search(r"Companion: <strong>0</strong> / 10", t), t[-3000:]
        assert "<li>Coming · Interpreter: 1</li>" in t, t[-2000:]
        assert "<li>Coming · No particular role: 2</li>" in t, t[-2000:]
        assert "Can&#39;t come ·" not in t  # a no is counted, not listed by role
    # Nasrin's yes signed her up to the accompaniment as interpreter
    call = org.get(srv.url + f"/app/cases/{story['case']}/calls/{story['call']}", timeout=10)
    assert call.status_code == 200 and "Nasrin" in call.text and "Tom" not in call.text


def test_6_stop_suppresses_that_number_from_the_next_sends(site, story, smtp, gateway):
    srv, org = site, site.extra["org"]
    case, base = story["case"], f"/app/cases/{story['case']}"
    emily = PHONE["emily"]
    row = reply(srv, "emily", "STOP")
    assert row["kind"] == "stop"
    assert wait_until(lambda: len(texts(gateway, emily, "sms.stop_confirm.")) == 1)
    (conf,) = texts(gateway, emily, "sms.stop_confirm.")
    assert "START" in conf["form"]["Body"] and not BENGALI.search(conf["form"]["Body"])
    before = len(gateway.to(emily))
    # Sam unsubscribes from the first email with one click (RFC 8058), as his mail app would
    (m,) = mails(smtp, SUPPORTERS["sam"]["email"], f"mobilization.{story['mob']}.")
    assert str(m["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    lu = re.fullmatch(r"<" + re.escape(PUBLIC_URL) + r"(/unsubscribe/[^>]+)>", str(m["List-Unsubscribe"]))
    assert lu, str(m["List-Unsubscribe"])
    r = srv.post(lu.group(1), data={"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    sam_mails = len(smtp.to(SUPPORTERS["sam"]["email"]))
    # the second mobilization to the same segment
    mob2, pv = mobilize(srv, org, case, story["segment"], story["call"], TEXT2_EN, TEXT2_BN,
                        "Update: meet at 8:30")
    story["mob2"] = mob2
    # Emily still reachable by email; Sam by nothing now: left out, and named
    assert 'class="pv-people">5<' in pv, pv[-3000:]
    excluded = pv[pv.index('class="excluded"'):][:800]
    assert "Sam Ortiz" in excluded and "Rahim Mia" in excluded and "Emily" not in excluded
    others = [w for w in ("nasrin", "karim", "farida", "tom")]
    assert wait_until(lambda: all(len(texts(gateway, PHONE[w], f"mobilization.{mob2}.")) == 1
                                  for w in others)
                      and len(mails(smtp, SUPPORTERS["emily"]["email"], f"mobilization.{mob2}.")) == 1,
                      timeout=20), "the others did not get the second mobilization"
    for w in ("nasrin", "farida"):
        (t,) = texts(gateway, PHONE[w], f"mobilization.{mob2}.")
        assert TEXT2_BN in t["form"]["Body"]
    (t,) = texts(gateway, PHONE["tom"], f"mobilization.{mob2}.")
    assert TEXT2_EN in t["form"]["Body"]
    # the morning-of reminder to those who said yes: Nasrin (email, SMS), Karim (SMS), Emily
    # (email only now); queued for 7:00 tomorrow, so it is checked in the outbox
    r = form_post(org, srv, f"{base}/mobilizations/{story['mob']}/remind",
                  f"{base}/mobilizations/{story['mob']}")
    assert r.status_code == 303, r.text[:1000]
    rem = {(x["person_id"], x["channel"]) for x in rows(
        srv, "SELECT person_id, channel FROM messages WHERE purpose = 'mobilization.reminder'")}
    p = story["pid"]
    assert rem == {(p["nasrin"], "email"), (p["nasrin"], "sms"), (p["karim"], "sms"),
                   (p["emily"], "email")}, rem
    # ICE moves the check-in again, to 10:30: the waiting reminders follow it (new time in the
    # text), the old ones are cancelled, the reminder button pressed twice sends nothing twice
    tomorrow = dt.datetime.fromtimestamp(story["tomorrow_at"], NY).date()
    r = form_post(org, srv, f"{base}/dates/{story['date']}/reschedule", base,
                  date=tomorrow.isoformat(), time="10:30", place="26 Federal Plaza, 9th floor",
                  reason="ICE: 10:30 instead")
    assert r.status_code == 303, r.text[:1000]
    morning = local(tomorrow, "07:00")
    rem = rows(srv, "SELECT person_id, channel, status, next_attempt_at, id FROM messages "
                    "WHERE purpose = 'mobilization.reminder' ORDER BY id")
    assert [x["status"] for x in rem[:4]] == ["cancelled"] * 4, [tuple(x) for x in rem]
    assert len(rem) == 8 and all(x["status"] == "queued" and x["next_attempt_at"] == morning
                                 for x in rem[4:]), [tuple(x) for x in rem]
    assert {(x["person_id"], x["channel"]) for x in rem[4:]} == {
        (x["person_id"], x["channel"]) for x in rem[:4]}
    out = run_cli("mobilization", "messages", "--data", str(srv.data.path), "--id", str(story["mob"]))
    assert out.returncode == 0, out.stderr
    bodies = {int(line.split("\t")[0]): line.split("\t")[6] for line in out.stdout.splitlines()}
    day = tomorrow.isoformat()
    for x in rem[:4]:
        assert f"{day} 09:00 · 26 Federal Plaza" in bodies[x["id"]], bodies[x["id"]]
    for x in rem[4:]:
        assert f"{day} 10:30 · 26 Federal Plaza" in bodies[x["id"]], bodies[x["id"]]
        assert f"{day} 09:00" not in bodies[x["id"]], bodies[x["id"]]
    r = form_post(org, srv, f"{base}/mobilizations/{story['mob']}/remind",
                  f"{base}/mobilizations/{story['mob']}")
    assert r.status_code == 303
    waiting = lambda: sorted((x["person_id"], x["channel"]) for x in rows(
        srv, "SELECT person_id, channel FROM messages WHERE purpose = 'mobilization.reminder' "
             "AND status = 'queued'"))
    assert waiting() == sorted((x["person_id"], x["channel"]) for x in rem[4:])
    # Karim can't come after all: he taps the link in his first text (a reply now would
    # answer the newest mobilization) and says no; his reminder is called off, the others' stay
    (t,) = texts(gateway, PHONE["karim"], f"mobilization.{story['mob']}.")
    link = LINK_RE.search(t["form"]["Body"]).group(1)
    s = requests.Session()
    page = s.get(srv.url + link, timeout=10)
    assert page.status_code == 200 and 'lang="bn"' in page.text
    r = s.post(srv.url + link, data=browser_form(page.text, link, answer="no"), timeout=10)
    assert r.status_code == 200, r.text[:1000]
    assert waiting() == sorted((x["person_id"], x["channel"]) for x in rem[4:]
                               if x["person_id"] != p["karim"])
    r = form_post(org, srv, f"{base}/mobilizations/{story['mob']}/remind",
                  f"{base}/mobilizations/{story['mob']}")
    assert r.status_code == 303
    assert waiting() == sorted((x["person_id"], x["channel"]) for x in rem[4:]
                               if x["person_id"] != p["karim"])
    time.sleep(1.0)  # anything wrongly queued for Emily's number would have gone by now
    assert len(gateway.to(emily)) == before, [r["headers"].get("idempotency-key")
                                              for r in gateway.to(emily)[before:]]
    assert texts(gateway, emily, f"mobilization.{mob2}.") == []
    assert len(smtp.to(SUPPORTERS["sam"]["email"])) == sam_mails
    assert not rows(srv, "SELECT 1 FROM mobilization_answers WHERE mobilization_id = ? AND person_id = ?",
                    mob2, story["pid"]["sam"])
    # in the outbox it is either never queued (consent withdrawn) or held back as suppressed
    for r in rows(srv, "SELECT status, purpose FROM messages WHERE channel = 'sms' AND person_id = ? "
                       "AND id > (SELECT MAX(id) FROM messages WHERE idempotency_key LIKE 'sms.stop_confirm.%')",
                  story["pid"]["emily"]):
        assert r["status"] == "suppressed", tuple(r)
    ans = rows(srv, "SELECT by_email, by_sms FROM mobilization_answers WHERE mobilization_id = ? "
                    "AND person_id = ?", mob2, story["pid"]["emily"])
    assert [tuple(a) for a in ans] == [(1, 0)]
    # a STOP from that number again: no second confirmation
    assert reply(srv, "emily", "STOP")["kind"] == "stop"
    time.sleep(0.5)
    assert len(texts(gateway, emily, "sms.stop_confirm.")) == 1


def test_7_outcome_six_month_stay(site, story, smtp, gateway):
    srv, org = site, site.extra["org"]
    base = f"/app/cases/{story['case']}"
    until = dt.datetime.now(NY).date() + dt.timedelta(days=182)
    story["until"] = until
    r = form_post(org, srv, base + "/outcome", base, outcome="stay_granted", until=until.isoformat(),
                  note="Stay granted, six months", next_kind="checkin",
                  next_title="Check-in at the end of the stay", next_date=until.isoformat(),
                  next_time="09:00", next_place="26 Federal Plaza")
    assert r.status_code == 303, r.text[:1500]
    c = rows(srv, "SELECT outcome FROM cases WHERE id = ?", story["case"])[0]
    assert c["outcome"] == "stay_granted"
    nxt = rows(srv, "SELECT starts_at FROM case_dates WHERE case_id = ? AND title = ?", story["case"],
               "Check-in at the end of the stay")
    assert [n["starts_at"] for n in nxt] == [local(until, "09:00")]
    # the check-in is over: its waiting reminders (the morning-of ones too) are called off
    assert rows(srv, "SELECT COUNT(*) FROM messages WHERE purpose = 'mobilization.reminder' AND "
                     "status = 'queued'")[0][0] == 3
    r = form_post(org, srv, f"{base}/dates/{story['date']}/status", base, status="done")
    assert r.status_code == 303, r.text[:1000]
    assert rows(srv, "SELECT COUNT(*) FROM messages WHERE status = 'queued' AND (purpose = "
                     "'mobilization.reminder' OR (purpose = 'case.reminder' AND ref_id = ?))",
                story["date"])[0][0] == 0
    # the thank-you with the outcome, to those who said yes or maybe: Nasrin, Emily
    r = form_post(org, srv, f"{base}/mobilizations/{story['mob']}/thank",
                  f"{base}/mobilizations/{story['mob']}",
                  outcome="Abdul was granted a six-month stay. Thank you!")
    assert r.status_code == 303, r.text[:1000]
    assert wait_until(lambda: len(texts(gateway, PHONE["nasrin"], "mobilization.thanks.")) == 1
                      and len(mails(smtp, SUPPORTERS["emily"]["email"], "mobilization.thanks.")) == 1,
                      timeout=20), "the thank-you did not reach the others"
    time.sleep(0.5)
    assert texts(gateway, PHONE["emily"], "mobilization.thanks.") == [], "Emily said STOP"
    assert texts(gateway, PHONE["karim"], "mobilization.thanks.") == [], "Karim said no"
    (t,) = texts(gateway, PHONE["nasrin"], "mobilization.thanks.")
    assert "six-month stay" in t["form"]["Body"] and BENGALI.search(t["form"]["Body"])
    (m,) = mails(smtp, SUPPORTERS["emily"]["email"], "mobilization.thanks.")
    assert "six-month stay" in m.get_content() and not BENGALI.search(m.get_content())


def test_8_timeline_and_people_pages(site, story):
    srv, org = site, site.extra["org"]
    assert "until" in story, "test_7 must run first"
    page = org.get(srv.url + f"/app/cases/{story['case']}", timeout=10)
    assert page.status_code == 200
    assert "Stay granted" in page.text and story["until"].isoformat() in page.text
    tl = page.text[page.text.index('class="timeline"'):]
    items = re.findall(r'<li class="ev-([a-z_-]+)">(.*?)</li>', tl, re.S)
    kinds = [k for k, _ in items]
    for kind in ("ev-opened", "ev-consent", "ev-date", "ev-reschedule", "ev-accompaniment",
                 "ev-mobilization", "ev-answer", "ev-outcome"):
        assert kind[3:] in kinds, (kind, kinds)
    text = {k: [t for kk, t in items if kk == k] for k in set(kinds)}
    assert any("ICE called: come tomorrow at 9" in t for t in text["reschedule"]), text["reschedule"]
    assert any("Check-in tomorrow 9:00" in t and "6 people" in t and "4 email" in t and "5 SMS" in t
               for t in text["mobilization"]), text["mobilization"]
    assert any("Update: meet at 8:30" in t for t in text["mobilization"]), text["mobilization"]
    assert any("thank-you to" in t for t in text["mobilization"]), text["mobilization"]
    answers = " | ".join(text["answer"])
    for line in ("Nasrin Akter: yes · interpreter (link)", "Karim Hossain: yes (sms)",
                 "Emily Walsh: yes (sms)", "Tom Becker: no (sms)", "Karim Hossain: no (link)"):
        assert answers.count(line) == 1, (line, answers)
    assert any("Stay granted, six months" in t for t in text["outcome"]), text["outcome"]
    # each answering person's page shows it
    shown = {"nasrin": "Answered a mobilization · <span class=\"detail\">Coming · Interpreter (by their link)</span>",
             "karim": "Answered a mobilization · <span class=\"detail\">Coming (by text)</span>",
             "emily": "Answered a mobilization · <span class=\"detail\">Coming (by text)</span>",
             "tom": "Answered a mobilization · <span class=\"detail\">Can&#39;t come (by text)</span>"}
    for who, line in shown.items():
        p = org.get(srv.url + f"/app/people/{story['pid'][who]}", timeout=10)
        assert p.status_code == 200
        hist = p.text[p.text.index("<h2>History"):]
        assert hist.count("Asked to mobilize") == 2, (who, hist)
        assert line in hist, (who, hist)
        if who != "nasrin":
            assert "Replied by text message" in hist, (who, hist)
        # every activity has a name, never a raw code
        assert not re.search(r"</span> [a-z_]+\.[a-z_]+", hist), (who, hist)
    p = org.get(srv.url + f"/app/people/{story['pid']['nasrin']}", timeout=10).text
    assert "Thanked after a mobilization" in p
    # Emily's consent history shows the STOP reply
    p = org.get(srv.url + f"/app/people/{story['pid']['emily']}", timeout=10).text
    assert "Text messages: said no (reply)" in p, p[p.index("<h2>"):]
    assert "Replied by text message · <span class=\"detail\">STOP</span>" in p


def test_volunteer_cannot_see_the_case(site, story):
    srv, vol = site, site.extra["vol"]
    case = story["case"]
    home = vol.get(srv.url + "/app", timeout=10)
    assert home.status_code == 200 and "/app/cases" not in home.text
    for path in ("/app/cases", f"/app/cases/{case}", f"/app/cases/{case}/mobilize",
                 f"/app/cases/{case}/mobilizations/{story['mob']}",
                 f"/app/cases/{case}/calls/{story['call']}"):
        r = vol.get(srv.url + path, timeout=10, allow_redirects=False)
        assert r.status_code == 404, (path, r.status_code)
        assert A_NUMBER not in r.text and "Abdul" not in r.text
    tok = api_token(srv, "volunteer", name="seed-vol")
    for path in (f"/api/v1/cases/{case}", "/api/v1/cases", f"/api/v1/cases/{case}/key_dates",
                 f"/api/v1/cases/{case}/mobilizations"):
        r = requests.get(srv.url + path, headers={"OSDI-API-Token": tok}, timeout=10)
        assert r.status_code == 404, (path, r.status_code)
        assert A_NUMBER not in r.text


def test_audit_log_has_the_file_reads(site, story):
    srv, org, admin = site, site.extra["org"], site.extra["admin"]
    n = lambda: rows(srv, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'case.read' AND "
                          "object_id = ?", story["case"])[0]["n"]
    before = n()
    for _ in range(2):
        assert org.get(srv.url + f"/app/cases/{story['case']}", timeout=10).status_code == 200
    assert n() == before + 2
    # all by the organizer who sent the mobilization: nobody else read the file
    org_id = rows(srv, "SELECT actor_id FROM audit_log WHERE action = 'mobilization.send'")[0][0]
    who = rows(srv, "SELECT DISTINCT actor_kind, actor_id FROM audit_log WHERE action = 'case.read' "
                    "AND object_id = ?", story["case"])
    assert [tuple(w) for w in who] == [("user", org_id)]

    page = admin.get(srv.url + "/app/audit", timeout=10)
    assert page.status_code == 200 and "case.read" in page.text


def test_runtime(story):
    took = time.monotonic() - story["t0"]
    print(f"\nseed story: {took:.1f} s")
    assert took < 60


def test_urgent_mobilization_goes_through_quiet_hours(binary, tmp_path, smtp, gateway):
    """The group's quiet hours hold a mobilization's texts and emails; an
    organizer who gives a reason ("hearing moved to 9:00 tomorrow") sends it
    at once, and the reason is on the timeline."""
    now = dt.datetime.now(NY)
    quiet = f"{now - dt.timedelta(minutes=30):%H:%M}-{now + dt.timedelta(minutes=90):%H:%M}"
    data = make_data(tmp_path, "--languages", "en,es,bn,ne,ur", demo=False)
    add_user(data, "organizer.quiet@example.org", "organizer")
    with environment(**env_for(smtp.port, gateway, SANCTUARY_QUIET_HOURS=quiet)):
        srv = start_server(data, name="seed-quiet")
    try:
        org = sign_in(srv, "organizer.quiet@example.org", STAFF_PASSWORD)
        s = requests.Session()
        page = s.get(srv.url + "/join", timeout=10)
        r = s.post(srv.url + "/join", allow_redirects=False, timeout=10, data=browser_form(
            page.text, "/join", given_name="Shirin", family_name="Sultana", email="shirin.quiet@example.org",
            phone="(718) 555-0161", lang="bn", languages=["bn"], consent_email="1", consent_sms="1"))
        assert r.status_code == 303, r.text[:1000]
        pid = person_id(srv, org, "Shirin")
        r = form_post(org, srv, "/app/cases", "/app/cases/new", title="Q. — hearing", person_id=str(pid),
                      consent="1", consent_given_by="Q. herself", alias="")
        assert r.status_code == 303, r.text[:1500]
        base = r.headers["Location"]
        form = dict(title="Held", segment="0", query="source=join", email="1", sms="1",
                    text_en="Come tomorrow at 9.", text_bn="আগামীকাল সকাল ৯টায় আসুন।")
        page = org.get(srv.url + base + "/mobilize", timeout=10)
        assert 'name="urgent_reason"' in page.text
        r = form_post(org, srv, base + "/mobilize", base + "/mobilize", send="1", **form)
        assert r.status_code == 303, r.text[:1500]
        held = int(r.headers["Location"].rsplit("/", 1)[1])
        form["title"] = "Urgent"
        r = form_post(org, srv, base + "/mobilize", base + "/mobilize", send="1",
                      urgent_reason="hearing moved to 9:00 tomorrow", **form)
        assert r.status_code == 303, r.text[:1500]
        urgent = int(r.headers["Location"].rsplit("/", 1)[1])
        assert wait_until(lambda: len(mails(smtp, "shirin.quiet@example.org", f"mobilization.{urgent}.")) == 1
                          and len(texts(gateway, "+17185550161", f"mobilization.{urgent}.")) == 1)
        time.sleep(1.0)
        assert mails(smtp, "shirin.quiet@example.org", f"mobilization.{held}.") == []
        assert texts(gateway, "+17185550161", f"mobilization.{held}.") == []
        st = {(r["ref_id"], r["channel"]): (r["status"], r["urgent_reason"]) for r in rows(
            srv, "SELECT ref_id, channel, status, urgent_reason FROM messages WHERE purpose = 'mobilization'")}
        assert st == {(held, "email"): ("queued", None), (held, "sms"): ("queued", None),
                      (urgent, "email"): ("sent", "hearing moved to 9:00 tomorrow"),
                      (urgent, "sms"): ("sent", "hearing moved to 9:00 tomorrow")}, st
        assert "urgent: hearing moved to 9:00 tomorrow" in org.get(srv.url + base, timeout=10).text
        # a reason with control characters is refused, the form comes back as typed
        r = form_post(org, srv, base + "/mobilize", base + "/mobilize", send="1",
                      urgent_reason="bad\x01reason", **form)
        assert r.status_code == 422 and 'value="Urgent"' in r.text
    finally:
        finish_server(srv)
