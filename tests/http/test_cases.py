"""Cases, accompaniment and mobilization: the seed story end to end, as far
as queuing goes (delivery is the messaging worker's job).

A neighbor's case is opened with his consent; his check-in is moved to
tomorrow (history kept, reminders queued again); Bengali- and
English-speaking supporters are mobilized by email and SMS, each in their
language; they answer by their link and by SMS reply; the live count shows
it; the outcome (a six-month stay) is recorded; the timeline shows it all.
Nobody outside the case team sees anything of the case (404), every read
of the file is audited, and the public page shows only what was agreed."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from zoneinfo import ZoneInfo

import pytest
import requests

from conftest import (STAFF_PASSWORD, add_user, api_token, finish_server, hidden_csrf, make_data,
                      run_cli, sign_in, start_server)

NY = ZoneInfo("America/New_York")
A_NUMBER = "A012-345-678"
LEGAL_NAME = "Riaz Uddin Talukder"
SECRET_NOTE = "Told to bring a one-way ticket to Dhaka"


@pytest.fixture(scope="module")
def site(binary, tmp_path_factory):
    data = make_data(tmp_path_factory.mktemp("cases"), "--languages", "en,es,bn,ne,ur")
    srv = start_server(data, name="cases")
    add_user(srv, "org@example.org", "organizer", name="Case Organizer")
    add_user(srv, "other-org@example.org", "organizer", name="Other Organizer")
    add_user(srv, "vol@example.org", "volunteer", name="A Volunteer")
    srv.extra["org"] = sign_in(srv, "org@example.org", STAFF_PASSWORD)
    srv.extra["other"] = sign_in(srv, "other-org@example.org", STAFF_PASSWORD)
    srv.extra["vol"] = sign_in(srv, "vol@example.org", STAFF_PASSWORD)
    srv.extra["admin"] = sign_in(srv, data.admin_email, data.admin_password)
    yield srv
    finish_server(srv)


def db(srv):
    c = sqlite3.connect(f"file:{srv.data.path / 'sanctuary.db'}?mode=ro", uri=True, timeout=10)
    return c


def person_id(srv, s, name):
    r = s.get(srv.url + "/app/people", params={"q": name}, timeout=10)
    ids = re.findall(r'href="/app/people/(\d+)"', r.text)
    assert ids, f"{name} not found"
    return int(ids[0])


def post(s, srv, path, page_path=None, **data):
    page = s.get(srv.url + (page_path or path), timeout=10)
    data["csrf"] = hidden_csrf(page.text)
    return s.post(srv.url + path, data=data, allow_redirects=False, timeout=30)


def local(day: dt.date, hm: str) -> int:
    h, m = map(int, hm.split(":"))
    return int(dt.datetime(day.year, day.month, day.day, h, m, tzinfo=NY).timestamp())


@pytest.fixture(scope="module")
def story(site):
    """Runs the story once; the tests below check its parts."""
    srv, org = site, site.extra["org"]
    st = {}
    riaz = person_id(srv, org, "Riaz")
    st["riaz"] = riaz
    r = post(org, srv, "/app/cases", "/app/cases/new", title="R. — ICE check-in", person_id=str(riaz),
             consent="1", consent_given_by="Riaz himself, with Nasrin interpreting",
             consent_public="1", alias="Riaz, a neighbor of 36 years", legal_name=LEGAL_NAME,
             a_number=A_NUMBER, country="Bangladesh", situation="Final order of removal (1999)",
             detention="Not detained", facility="", attorney="Edward C.",
             attorney_contact="+1 212 555 0100", family="Wife and two children in Jamaica, Queens",
             notes=SECRET_NOTE)
    assert r.status_code == 303, r.text[:2000]
    m = re.fullmatch(r"/app/cases/(\d+)", r.headers["Location"])
    assert m, r.headers["Location"]
    case = int(m.group(1))
    st["case"] = case
    base = f"/app/cases/{case}"
    # a check-in in ten days, then moved to tomorrow 9:00
    today = dt.datetime.now(NY).date()
    first = today + dt.timedelta(days=10)
    r = post(org, srv, base + "/dates", base, kind="checkin", title="ICE check-in",
             date=first.isoformat(), time="09:00", place="26 Federal Plaza, 9th floor",
             court="", judge="", hearing_type="")
    assert r.status_code == 303, r.text[:2000]
    with db(srv) as c:
        st["date"] = c.execute("SELECT id FROM case_dates WHERE case_id = ?", (case,)).fetchone()[0]
        st["reminders_before"] = c.execute(
            "SELECT next_attempt_at, status FROM messages WHERE purpose = 'case.reminder' "
            "AND ref_kind = 'case_date' AND ref_id = ? ORDER BY id", (st["date"],)).fetchall()
    tomorrow = today + dt.timedelta(days=1)
    st["first_at"], st["tomorrow_at"] = local(first, "09:00"), local(tomorrow, "09:00")
    r = post(org, srv, f"{base}/dates/{st['date']}/reschedule", base, date=tomorrow.isoformat(),
             time="09:00", place="26 Federal Plaza, 9th floor",
             reason="ICE: come back tomorrow with a one-way ticket")
    assert r.status_code == 303, r.text[:2000]
    # an accompaniment call for it
    r = post(org, srv, base + "/calls", base, date_id=str(st["date"]), date="", time="",
             place="26 Federal Plaza (meet at the Duane St. entrance)",
             bring="ID, water, patience", behave="Calm, no confrontation, no photos of Riaz",
             need_interpreter="1", interpreter_lang="bn", need_legal_observer="1",
             need_driver="0", need_companion="20", cap="40", public="1")
    assert r.status_code == 303, r.text[:2000]
    st["call"] = int(r.headers["Location"].rsplit("/", 1)[1])
    # mobilize Bengali and English speakers among the case's supporters
    form = dict(title="Hearing tomorrow 9:00 — 26 Federal Plaza", segment="0",
                query="tag=case-supporters", only_lang=["bn", "en"], email="1", sms="1",
                call_id=str(st["call"]),
                text_en="Riaz must report to ICE tomorrow at 9 at 26 Federal Plaza. Can you come?",
                text_bn="রিয়াজকে আগামীকাল সকাল ৯টায় ২৬ ফেডারেল প্লাজায় আইসের কাছে যেতে হবে। আপনি কি আসতে পারবেন?")
    r = post(org, srv, base + "/mobilize", base + "/mobilize", preview="1", **form)
    assert r.status_code == 200, r.text[:2000]
    st["preview"] = r.text
    r = post(org, srv, base + "/mobilize", base + "/mobilize", send="1", **form)
    assert r.status_code == 303, r.text[:2000]
    m = re.fullmatch(rf"{base}/mobilizations/(\d+)", r.headers["Location"])
    assert m, r.headers["Location"]
    st["mob"] = int(m.group(1))
    return st


def messages(srv, mob):
    out = run_cli("mobilization", "messages", "--data", str(srv.data.path), "--id", str(mob))
    assert out.returncode == 0, out.stderr
    rows = []
    for line in out.stdout.splitlines():
        mid, channel, lang, purpose, status, to, body = line.split("\t")
        rows.append(dict(id=int(mid), channel=channel, lang=lang, purpose=purpose, status=status,
                         to=to, body=body.replace("\\n", "\n")))
    return rows


def test_case_opened_with_consent_and_sealed_file(site, story):
    srv = site
    r = srv.extra["org"].get(srv.url + f"/app/cases/{story['case']}")
    assert r.status_code == 200
    assert A_NUMBER in r.text and SECRET_NOTE in r.text
    assert "Riaz himself, with Nasrin interpreting" in r.text  # who agreed
    with db(srv) as c:
        row = c.execute("SELECT consent_public, consent_at, consent_by_user, a_number_sealed "
                        "FROM cases WHERE id = ?", (story["case"],)).fetchone()
        assert row[0] == 1 and row[1] > 0 and row[2] is not None
        assert A_NUMBER.encode() not in row[3]
    # nothing of the file in clear anywhere in the database files
    srv_db = srv.data.path / "sanctuary.db"
    for f in [srv_db, srv_db.with_name("sanctuary.db-wal")]:
        if f.exists():
            raw = f.read_bytes()
            for secret in (A_NUMBER, LEGAL_NAME, SECRET_NOTE, "Final order of removal"):
                assert secret.encode() not in raw, f"{secret} in clear in {f.name}"


def test_reschedule_keeps_history_and_requeues_reminders(site, story):
    srv = site
    before = story["reminders_before"]
    assert [s for _, s in before] == ["queued", "queued"]
    assert sorted(t for t, _ in before) == [story["first_at"] - 7 * 86400, story["first_at"] - 86400]
    with db(srv) as c:
        rows = c.execute("SELECT next_attempt_at, status, channel FROM messages WHERE purpose = "
                         "'case.reminder' AND ref_id = ? ORDER BY id", (story["date"],)).fetchall()
        starts = c.execute("SELECT starts_at FROM case_dates WHERE id = ?", (story["date"],)).fetchone()[0]
        hist = c.execute("SELECT old_starts_at, new_starts_at FROM case_date_changes WHERE date_id = ?",
                         (story["date"],)).fetchall()
    assert starts == story["tomorrow_at"]  # 9:00 New York time, stored in UTC
    assert hist == [(story["first_at"], story["tomorrow_at"])]
    assert [s for _, s, _ in rows[:2]] == ["cancelled", "cancelled"]
    # tomorrow is less than 7 days away: only the 1-day reminder, due now or a day before
    # (due now, the delivery worker may already have taken or sent it)
    queued = [(t, ch) for t, s, ch in rows[2:] if s in ("queued", "sending", "sent")]
    assert len(queued) == 1 and queued[0][1] == "email", rows
    assert queued[0][0] <= story["tomorrow_at"] - 86400 or queued[0][0] <= dt.datetime.now().timestamp() + 5
    page = srv.extra["org"].get(srv.url + f"/app/cases/{story['case']}").text
    first_local = dt.datetime.fromtimestamp(story["first_at"], NY).strftime("%Y-%m-%d %H:%M")
    new_local = dt.datetime.fromtimestamp(story["tomorrow_at"], NY).strftime("%Y-%m-%d %H:%M")
    assert first_local in page and new_local in page
    assert 'class="change"' in page


def test_mobilization_queues_each_person_in_their_language_and_channels(site, story):
    srv = site
    assert 'class="pv-people">5<' in story["preview"], story["preview"][-3000:]
    rows = [m for m in messages(srv, story["mob"]) if m["purpose"] == "mobilization"]
    got = sorted((m["to"], m["channel"], m["lang"]) for m in rows)
    assert got == sorted([
        ("+17185550110", "sms", "bn"),                      # Riaz: SMS only
        ("nasrin@example.org", "email", "bn"), ("+17185550111", "sms", "bn"),
        ("karim@example.org", "email", "bn"), ("+17185550117", "sms", "bn"),
        ("jose@example.org", "email", "en"),                # speaks Spanish and English
        ("+17185550114", "sms", "en"),                      # Ayesha: Urdu and English
    ]), got
    for m in rows:
        assert re.search(r"/m/[A-Za-z0-9_-]{30,}", m["body"]), m["body"]
        if m["lang"] == "bn":
            assert "ফেডারেল প্লাজায়" in m["body"]
        else:
            assert "Can you come?" in m["body"]
    # each person's link is their own
    links = {re.search(r"/m/[A-Za-z0-9_-]+", m["body"]).group(0) for m in rows}
    assert len(links) == 5


def link_of(srv, story, to):
    for m in messages(srv, story["mob"]):
        if m["to"] == to and m["purpose"] == "mobilization":
            return re.search(r"/m/[A-Za-z0-9_-]+", m["body"]).group(0)
    raise AssertionError(to)


def test_answers_by_link_and_sms_and_live_count(site, story):
    srv = site
    # Nasrin answers by her link on her phone, no sign-in: yes, as interpreter
    s = requests.Session()
    link = link_of(srv, story, "nasrin@example.org")
    page = s.get(srv.url + link, timeout=10)
    assert page.status_code == 200
    assert 'lang="bn"' in page.text and "ফেডারেল প্লাজায়" in page.text
    r = s.post(srv.url + link, data={"csrf": hidden_csrf(page.text), "answer": "yes",
                                      "role": "interpreter"}, timeout=10)
    assert r.status_code == 200 and 'class="current-answer"' in r.text
    # José: maybe
    s2 = requests.Session()
    link2 = link_of(srv, story, "jose@example.org")
    page = s2.get(srv.url + link2, timeout=10)
    r = s2.post(srv.url + link2, data={"csrf": hidden_csrf(page.text), "answer": "maybe"}, timeout=10)
    assert r.status_code == 200
    # a guessed link is a 404
    assert s2.get(srv.url + "/m/" + "A" * 32, timeout=10).status_code == 404
    # SMS replies, as the SMS webhook passes them on: Riaz in Bengali, Karim "no"
    d = str(srv.data.path)
    assert run_cli("mobilization", "reply", "--data", d, "--from", "+17185550110",
                   "--text", "হ্যাঁ").stdout.strip() == "taken"
    assert run_cli("mobilization", "reply", "--data", d, "--from", "+17185550117",
                   "--text", " no. ").stdout.strip() == "taken"
    # Pemba was not asked; a sentence is not an answer
    assert run_cli("mobilization", "reply", "--data", d, "--from", "+17185550113",
                   "--text", "YES").stdout.strip() == "not taken"
    assert run_cli("mobilization", "reply", "--data", d, "--from", "+17185550114",
                   "--text", "who is this?").stdout.strip() == "not taken"
    live = f"/app/cases/{story['case']}/mobilizations/{story['mob']}"
    r = srv.extra["org"].get(srv.url + live)
    assert r.status_code == 200
    assert 'class="count-yes">2<' in r.text and 'class="count-no">1<' in r.text
    assert 'class="count-maybe">1<' in r.text and 'class="count-none">1<' in r.text
    assert "data-live-poll" in r.text
    # the roles the accompaniment needs: the interpreter is found (Nasrin)
    assert re.search(r"Interpreter \(বাংলা\): <strong>1</strong> / 1", r.text), r.text[-3000:]
    frag = srv.extra["org"].get(srv.url + live + "?partial=1")
    assert frag.status_code == 200 and "<html" not in frag.text and 'class="count-yes">2<' in frag.text
    # Nasrin's yes signed her up to the accompaniment call as interpreter
    call = srv.extra["org"].get(srv.url + f"/app/cases/{story['case']}/calls/{story['call']}")
    assert call.status_code == 200 and "Nasrin" in call.text and "Riaz" in call.text
    with db(srv) as c:
        kinds = [k for (k,) in c.execute(
            "SELECT kind FROM activities WHERE person_id = (SELECT person_id FROM person_emails "
            "LIMIT 0) OR person_id IN (SELECT person_id FROM mobilization_answers WHERE "
            "mobilization_id = ? AND via = 'sms') ORDER BY id", (story["mob"],))]
        assert "mobilization.asked" in kinds and "mobilization.answer" in kinds


def test_follow_ups_outcome_and_timeline(site, story):
    srv, org = site, site.extra["org"]
    base = f"/app/cases/{story['case']}"
    live = f"{base}/mobilizations/{story['mob']}"
    r = post(org, srv, live + "/remind", live)
    assert r.status_code == 303
    reminders = [m for m in messages(srv, story["mob"]) if m["purpose"] == "mobilization.reminder"]
    # those who said yes: Nasrin (email and SMS) and Riaz (SMS)
    assert sorted(m["to"] for m in reminders) == ["+17185550110", "+17185550111", "nasrin@example.org"]
    assert all("26 Federal Plaza" in m["body"] for m in reminders)
    until = dt.datetime.now(NY).date() + dt.timedelta(days=182)
    r = post(org, srv, base + "/outcome", base, outcome="stay_granted", until=until.isoformat(),
             note="Six-month stay of removal", next_kind="checkin", next_title="Check-in at the end of the stay",
             next_date=until.isoformat(), next_time="09:00", next_place="26 Federal Plaza")
    assert r.status_code == 303
    with db(srv) as c:
        nxt = c.execute("SELECT starts_at FROM case_dates WHERE case_id = ? AND title = ?",
                        (story["case"], "Check-in at the end of the stay")).fetchone()
        assert nxt and nxt[0] == local(until, "09:00")
        # and its reminders are queued, 7 days and 1 day before
        assert c.execute("SELECT COUNT(*) FROM messages m JOIN case_dates d ON d.id = m.ref_id AND "
                         "m.ref_kind = 'case_date' WHERE d.title = ? AND m.status = 'queued'",
                         ("Check-in at the end of the stay",)).fetchone()[0] == 2
    r = post(org, srv, live + "/thank", live, outcome="Riaz was granted a six-month stay. Thank you!")
    assert r.status_code == 303
    thanks = [m for m in messages(srv, story["mob"]) if m["purpose"] == "mobilization.thanks"]
    # yes and maybe: Nasrin, Riaz, José
    assert sorted(m["to"] for m in thanks) == ["+17185550110", "+17185550111", "jose@example.org",
                                               "nasrin@example.org"]
    page = org.get(srv.url + base).text
    assert "Stay granted" in page and until.isoformat() in page
    timeline = page[page.index('class="timeline"'):]
    for kind in ("ev-opened", "ev-consent", "ev-date", "ev-reschedule", "ev-accompaniment",
                 "ev-mobilization", "ev-answer", "ev-outcome"):
        assert kind in timeline, kind
    assert "Six-month stay of removal" in timeline


def test_nobody_outside_the_team_sees_the_case(site, story):
    srv = site
    case, mob, call = story["case"], story["mob"], story["call"]
    paths = [f"/app/cases/{case}", f"/app/cases/{case}/mobilize",
             f"/app/cases/{case}/mobilizations/{mob}", f"/app/cases/{case}/calls/{call}"]
    vol, other = srv.extra["vol"], srv.extra["other"]
    assert vol.get(srv.url + "/app/cases").status_code == 404
    home = vol.get(srv.url + "/app")
    assert home.status_code == 200 and "/app/cases" not in home.text  # no way there in the UI
    assert "/app/cases" in srv.extra["org"].get(srv.url + "/app").text
    for p in paths:
        assert vol.get(srv.url + p).status_code == 404, p
        assert other.get(srv.url + p).status_code == 404, p
    # a case that does not exist looks the same
    assert other.get(srv.url + "/app/cases/999999").status_code == 404
    # the other organizer's list does not show it; a write with a valid token is a 404 too
    lst = other.get(srv.url + "/app/cases")
    assert lst.status_code == 200 and "R. — ICE check-in" not in lst.text
    csrf = hidden_csrf(other.get(srv.url + "/app/account").text)
    r = other.post(srv.url + f"/app/cases/{case}/events", data={"csrf": csrf, "kind": "note",
                                                               "text": "x"}, allow_redirects=False)
    assert r.status_code == 404
    # nor through the API, with any token
    for role in ("volunteer", "organizer"):
        tok = api_token(srv, role, name=f"cases-{role}")
        r = requests.get(srv.url + f"/api/v1/cases/{case}", headers={"OSDI-API-Token": tok}, timeout=10)
        assert r.status_code == 404
    # once added to the team, the other organizer sees it, with reminders of its coming dates
    with db(srv) as c:
        other_id = c.execute("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM case_team) "
                             "AND role = 'organizer' ORDER BY id DESC LIMIT 1").fetchone()[0]
        before = c.execute("SELECT COUNT(*) FROM messages WHERE purpose = 'case.reminder' AND "
                           "status = 'queued'").fetchone()[0]
    page = srv.extra["org"].get(srv.url + f"/app/cases/{case}").text
    assert f'<option value="{other_id}">Other Organizer</option>' in page
    r = post(srv.extra["org"], srv, f"/app/cases/{case}/team", f"/app/cases/{case}", user_id=str(other_id))
    assert r.status_code == 303
    assert other.get(srv.url + f"/app/cases/{case}").status_code == 200
    with db(srv) as c:
        after = c.execute("SELECT COUNT(*) FROM messages WHERE purpose = 'case.reminder' AND "
                          "status = 'queued'").fetchone()[0]
    assert after > before
    r = post(srv.extra["org"], srv, f"/app/cases/{case}/team", f"/app/cases/{case}", user_id=str(other_id),
             remove="1")
    assert r.status_code == 303
    assert other.get(srv.url + f"/app/cases/{case}").status_code == 404
    # the admin sees it; the team member sees it
    assert srv.extra["admin"].get(srv.url + f"/app/cases/{case}").status_code == 200
    assert "R. — ICE check-in" in srv.extra["org"].get(srv.url + "/app/cases").text


def test_every_file_read_is_audited(site, story):
    srv, org = site, site.extra["org"]
    with db(srv) as c:
        before = c.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'case.read' AND object_id = ?",
                           (story["case"],)).fetchone()[0]
    for _ in range(3):
        assert org.get(srv.url + f"/app/cases/{story['case']}").status_code == 200
    srv.extra["other"].get(srv.url + f"/app/cases/{story['case']}")
    with db(srv) as c:
        after = c.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'case.read' AND object_id = ?",
                          (story["case"],)).fetchone()[0]
        denied = c.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'case.denied' AND "
                           "object_id = ?", (story["case"],)).fetchone()[0]
    assert after - before == 3
    assert denied >= 1


def test_public_page_only_with_consent_and_nothing_sealed(site, story):
    srv, org = site, site.extra["org"]
    base = f"/app/cases/{story['case']}"
    for lang, text in (("en", "Riaz has lived in Queens for 36 years. His family needs him here."),
                       ("bn", "রিয়াজ ৩৬ বছর ধরে কুইন্সে আছেন।")):
        r = post(org, srv, base + "/story", base, lang=lang, story=text)
        assert r.status_code == 303
    r = post(org, srv, base + "/publish", base, on="1")
    assert r.status_code == 303
    page = org.get(srv.url + base).text
    href = re.search(r'href="(/c/[A-Za-z0-9_-]+)"', page).group(1)
    anon = requests.get(srv.url + href, timeout=10)
    assert anon.status_code == 200
    assert "Riaz, a neighbor of 36 years" in anon.text and "36 years" in anon.text
    assert "26 Federal Plaza" in anon.text  # the public accompaniment call
    bn = requests.get(srv.url + href + "?lang=bn", timeout=10)
    assert "কুইন্সে" in bn.text
    for lang in ("en", "es", "bn", "ne", "ur"):
        text = requests.get(srv.url + href, params={"lang": lang}, timeout=10).text
        for secret in (A_NUMBER, LEGAL_NAME, SECRET_NOTE, "Bangladesh", "Edward", "555 0100",
                       "Final order", "Jamaica", "Talukder"):
            assert secret not in text, (lang, secret)
    # a neighbor signs up from the public page, without JavaScript or an account
    s = requests.Session()
    pub = s.get(srv.url + href, timeout=10)
    action = re.search(r'action="(/c/[^"]+/signup)"', pub.text).group(1)
    r = s.post(srv.url + action, data={"csrf": hidden_csrf(pub.text), "given_name": "Sunita",
                                       "phone": "(718) 555-0199", "role": "companion",
                                       "consent_sms": "1", "website": ""}, allow_redirects=False)
    assert r.status_code == 303, r.text[:1500]
    assert 'id="thanks"' in s.get(srv.url + r.headers["Location"], timeout=10).text
    call = org.get(srv.url + f"/app/cases/{story['case']}/calls/{story['call']}").text
    assert "Sunita" in call
    # without a way to reach them, the form comes back as typed
    r = s.post(srv.url + action, data={"csrf": hidden_csrf(pub.text), "given_name": "Nobody"},
               allow_redirects=False)
    assert r.status_code == 422 and 'value="Nobody"' in r.text
    # a photo: refused without consent to it; with consent, shown without its metadata
    gps = b"GPS 40.7557 -73.8831 Jackson Heights"
    jpeg = (b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xe1" + (len(gps) + 8).to_bytes(2, "big") + b"Exif\x00\x00" + gps
            + b"\xff\xfe" + (len(gps) + 2).to_bytes(2, "big") + gps
            + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34\x56" + b"\xff\xd9" + gps)
    page = org.get(srv.url + base).text
    r = org.post(srv.url + base + "/photo", data={"csrf": hidden_csrf(page)},
                 files={"photo": ("me.jpg", jpeg, "image/jpeg")}, allow_redirects=False)
    assert r.status_code == 422
    r = post(org, srv, base + "/consent", base, consent_given_by="Riaz himself", consent_public="1",
             consent_photo="1", alias="Riaz, a neighbor of 36 years")
    assert r.status_code == 303
    page = org.get(srv.url + base).text
    r = org.post(srv.url + base + "/photo", data={"csrf": hidden_csrf(page)},
                 files={"photo": ("me.jpg", jpeg, "image/jpeg")}, allow_redirects=False)
    assert r.status_code == 303, r.text[:1000]
    assert 'class="campaign-photo"' in requests.get(srv.url + href, timeout=10).text
    photo = requests.get(srv.url + href + "/photo", timeout=10)
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    assert photo.content.startswith(b"\xff\xd8\xff\xe0") and photo.content.endswith(b"\xff\xd9")
    assert b"GPS" not in photo.content and b"Exif" not in photo.content
    # consent withdrawn: the page is gone
    r = post(org, srv, base + "/consent", base, consent_given_by="Riaz himself", alias="")
    assert r.status_code == 303
    assert requests.get(srv.url + href, timeout=10).status_code == 404
    assert requests.get(srv.url + href + "/photo", timeout=10).status_code == 404
    with db(srv) as c:
        assert c.execute("SELECT COUNT(*) FROM case_photos WHERE case_id = ?", (story["case"],)).fetchone()[0] == 0
        assert c.execute("SELECT COUNT(*) FROM translations WHERE entity = 'case' AND entity_id = ?",
                         (story["case"],)).fetchone()[0] == 0
    r = post(org, srv, base + "/story", base, lang="en", story="A story without consent")
    assert r.status_code == 422
    r = post(org, srv, base + "/publish", base, on="1")
    assert r.status_code == 422


def test_case_needs_consent(site):
    srv, org = site, site.extra["org"]
    riaz = person_id(srv, org, "Nasrin")
    r = post(org, srv, "/app/cases", "/app/cases/new", title="No consent", person_id=str(riaz),
             consent_given_by="")
    assert r.status_code == 422
    assert "No consent" in r.text  # the form comes back as typed


def test_checkin_and_debrief(site, story):
    srv, org = site, site.extra["org"]
    path = f"/app/cases/{story['case']}/calls/{story['call']}"
    page = org.get(srv.url + path).text
    sid = re.search(r'name="signup" value="(\d+)"', page).group(1)
    r = org.post(srv.url + path + "/checkin", data={"csrf": hidden_csrf(page), "signup": sid,
                                                     "came": "1"}, allow_redirects=False)
    assert r.status_code == 303
    r = post(org, srv, path + "/debrief", path, debrief="About 75 came, 20 inside. Calm.")
    assert r.status_code == 303
    page = org.get(srv.url + path).text
    assert "✓" in page and "About 75 came" in page
    # the check-in happened: its reminders are cancelled
    base = f"/app/cases/{story['case']}"
    r = post(org, srv, f"{base}/dates/{story['date']}/status", base, status="done")
    assert r.status_code == 303
    with db(srv) as c:
        assert c.execute("SELECT status FROM case_dates WHERE id = ?", (story["date"],)).fetchone()[0] == "done"
        assert c.execute("SELECT COUNT(*) FROM messages WHERE purpose = 'case.reminder' AND ref_id = ? "
                         "AND status = 'queued'", (story["date"],)).fetchone()[0] == 0
    # marked done by mistake: scheduled again, its reminder is queued again (a new one)
    r = post(org, srv, f"{base}/dates/{story['date']}/status", base, status="scheduled")
    assert r.status_code == 303
    with db(srv) as c:
        assert c.execute("SELECT COUNT(*) FROM messages WHERE purpose = 'case.reminder' AND ref_id = ? "
                         "AND status = 'queued'", (story["date"],)).fetchone()[0] >= 1
    r = post(org, srv, f"{base}/dates/{story['date']}/status", base, status="done")
    assert r.status_code == 303
    # answers on the timeline name who answered
    assert "Nasrin Akter: yes · interpreter (link)" in org.get(srv.url + base).text


def test_api_admin_token_sees_public_fields_only(site, story):
    srv = site
    tok = api_token(srv, "admin", name="cases-admin")
    h = {"OSDI-API-Token": tok}
    root = requests.get(srv.url + "/api/v1/", headers=h, timeout=10).json()
    assert root["_links"]["sanctuary:cases"]["href"] == "/api/v1/cases"
    assert any(c["name"] == "sanctuary" for c in root["_links"]["curies"])
    lst = requests.get(srv.url + "/api/v1/cases", headers=h, timeout=10)
    assert lst.status_code == 200 and lst.headers["content-type"].startswith("application/hal+json")
    ids = [c["identifiers"][0] for c in lst.json()["_embedded"]["sanctuary:cases"]]
    assert f"sanctuary:case:{story['case']}" in ids
    one = requests.get(srv.url + f"/api/v1/cases/{story['case']}", headers=h, timeout=10)
    assert one.status_code == 200
    dates = requests.get(srv.url + f"/api/v1/cases/{story['case']}/key_dates", headers=h, timeout=10).json()
    d = dates["_embedded"]["sanctuary:key_dates"][0]
    assert d["kind"] == "checkin" and d["times_rescheduled"] == 1
    assert d["start_date"] == dt.datetime.fromtimestamp(story["tomorrow_at"], dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    mobs = requests.get(srv.url + f"/api/v1/cases/{story['case']}/mobilizations", headers=h, timeout=10).json()
    m = mobs["_embedded"]["sanctuary:mobilizations"][0]
    assert m["total_recipients"] == 5 and m["answers"]["yes"] >= 1
    calls = requests.get(srv.url + f"/api/v1/cases/{story['case']}/calls", headers=h, timeout=10).json()
    k = calls["_embedded"]["sanctuary:calls"][0]
    assert k["capacity"] == 40 and k["total_signups"] >= 2 and k["total_came"] >= 1
    assert {r["role"]: r["needed"] for r in k["roles"]} == {"interpreter": 1, "legal_observer": 1, "companion": 20}
    for r in (lst, one):
        for secret in (A_NUMBER, LEGAL_NAME, SECRET_NOTE, "Bangladesh", "Edward", "Jamaica"):
            assert secret not in r.text
    assert requests.get(srv.url + "/api/v1/cases/999999", headers=h, timeout=10).status_code == 404
    with db(srv) as c:
        assert c.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'case.api_read' AND object_id = ?",
                         (story["case"],)).fetchone()[0] >= 3


def test_documents_sealed_and_only_downloaded(site, story):
    srv, org = site, site.extra["org"]
    base = f"/app/cases/{story['case']}"
    pdf = b"%PDF-1.4\n% stay of removal request " + A_NUMBER.encode() + b"\n%%EOF\n"
    page = org.get(srv.url + base).text
    r = org.post(srv.url + base + "/documents", data={"csrf": hidden_csrf(page), "name": "I-246 copy"},
                 files={"file": ("i246.pdf", pdf, "application/pdf")}, allow_redirects=False)
    assert r.status_code == 303, r.text[:1500]
    page = org.get(srv.url + base).text
    href = re.search(rf'href="({base}/documents/\d+)"', page).group(1)
    assert "I-246 copy" in page
    d = org.get(srv.url + href)
    assert d.status_code == 200 and d.content == pdf
    assert d.headers["Content-Disposition"].startswith("attachment;")
    assert d.headers["Content-Type"] == "application/octet-stream"
    assert d.headers["X-Content-Type-Options"] == "nosniff"
    # markup, whatever it claims to be, is refused; so is anything too big
    for name, body, ctype in (("x.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
                              ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
                              ("big.txt", b"a" * (4 * 1024 * 1024 + 1), "text/plain")):
        r = org.post(srv.url + base + "/documents", data={"csrf": hidden_csrf(page)},
                     files={"file": (name, body, ctype)}, allow_redirects=False, timeout=30)
        assert r.status_code in (413, 422), (name, r.status_code)
    # outside the team: 404; the download is audited; the file is sealed on disk
    assert srv.extra["vol"].get(srv.url + href).status_code == 404
    assert srv.extra["other"].get(srv.url + href).status_code == 404
    with db(srv) as c:
        assert c.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'case.document_read'").fetchone()[0] >= 1
    for f in (srv.data.path / "sanctuary.db", srv.data.path / "sanctuary.db-wal"):
        if f.exists():
            assert b"stay of removal request" not in f.read_bytes()


def test_preview_names_who_is_left_out(site, story):
    srv, org = site, site.extra["org"]
    base = f"/app/cases/{story['case']}"
    r = post(org, srv, base + "/mobilize", base + "/mobilize", preview="1", title="x", segment="0",
             query="tag=case-supporters", only_lang=["bn", "en"], sms="1", text_en="x")
    assert r.status_code == 200
    # José can be reached only by email: by SMS alone he is left out, and named
    assert 'class="pv-people">4<' in r.text
    excluded = r.text[r.text.index('class="excluded"'):]
    assert "José García" in excluded[:500]
