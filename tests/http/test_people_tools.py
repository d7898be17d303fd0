"""People tools in the staff area: likely duplicates and merging (nothing
of either record is lost), importing a spreadsheet (preview, column
mapping, a check that names every bad row, progress, dedupe), exporting
(organizers only, audited), and the rest of the OSDI people API (PUT,
tags and taggings)."""
import csv
import io
import re
import time

import requests

from conftest import STAFF_PASSWORD, add_user, api_token, browser_form, hidden_csrf, sign_in
from test_people import join, people_page, person_ids


def admin_of(srv):
    return sign_in(srv, srv.data.admin_email, srv.data.admin_password)


def find_person(s, srv, q):
    ids = person_ids(people_page(s, srv, q=q).text)
    assert len(ids) == 1, (q, ids)
    return ids[0]


def post_form(s, srv, page_path, action, **fields):
    page = s.get(srv.url + page_path, timeout=10)
    assert page.status_code == 200, (page_path, page.status_code)
    data = {"csrf": hidden_csrf(page.text), **fields}
    return s.post(srv.url + action, data=data, allow_redirects=False, timeout=10)


# ---------------------------------------------------------------- duplicates

def test_duplicates_found_and_merged_keeping_everything(fresh_server):
    srv = fresh_server
    # two records of one woman: one by email (with SMS consent), one by phone
    join(srv, given_name="Nasrin", family_name="Akter", email="nasrin@example.org",
         languages=["bn"], consent_email="1")
    join(srv, given_name="Nasreen", phone="718-555-0142", postal_code="11372",
         languages=["en"], talents=["driving"], consent_sms="1")
    s = admin_of(srv)
    a = find_person(s, srv, "nasrin")
    b = find_person(s, srv, "nasreen")
    # joining with both email and phone adds the phone to the first record:
    # now two records share a phone
    join(srv, given_name="Nasrin", email="nasrin@example.org", phone="(718) 555-0142")
    r = post_form(s, srv, f"/app/people/{b}", f"/app/people/{b}/tags", tag="Hearing 11/28")
    assert r.status_code == 303
    # two more with the same name and postal code, different emails
    join(srv, given_name="Karma", family_name="Sherpa", postal_code="11373", email="k1@example.org")
    join(srv, given_name="karma", family_name="SHERPA", postal_code="11373", email="k2@example.org")

    page = s.get(srv.url + "/app/people/duplicates", timeout=10)
    assert page.status_code == 200
    # (the demo content has a pair of its own: Karim Hossain, twice)
    pairs = [p for p in re.findall(r'<tr class="pair">(.*?)</tr>', page.text, re.S)
             if "Nasr" in p or "Karma" in p.title()]
    assert len(pairs) == 2, page.text[-3000:]
    text = " ".join(pairs)
    assert "same phone number" in text and "same name and ZIP code" in text
    assert f"/app/people/merge?a={min(int(a), int(b))}&amp;b={max(int(a), int(b))}" in page.text

    # the comparison shows both; keep the first, drop the second
    cmp = s.get(srv.url + "/app/people/merge", params={"a": a, "b": b}, timeout=10)
    assert cmp.status_code == 200 and "Nasrin" in cmp.text and "Nasreen" in cmp.text
    r = s.post(srv.url + "/app/people/merge", data={"a": a, "b": b, "keep": a, "csrf": hidden_csrf(cmp.text)},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == f"/app/people/{a}?merged=1"
    kept = s.get(srv.url + f"/app/people/{a}", timeout=10).text
    assert "Hearing 11/28" in kept                       # the dropped record's tag
    assert "+17185550142" in kept and "nasrin@example.org" in kept
    assert re.search(r"Text messages: agreed", kept)      # its consent history
    assert re.search(r"Email: agreed", kept)
    assert "11372" in kept                                 # its postal code filled a gap
    assert "Merged with a duplicate record" in kept
    # both records' histories: A joined, joined again, B joined, the merge
    history = kept.split('id="history"')[-1] if 'id="history"' in kept else kept
    assert len(re.findall(r'<li class="activity">', history)) >= 4, history[-1500:]
    # the old address leads to the kept person; search finds one
    r = s.get(srv.url + f"/app/people/{b}", allow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == f"/app/people/{a}"
    assert person_ids(people_page(s, srv, q="nasreen").text) == []
    assert len(person_ids(people_page(s, srv, q="nasrin").text)) == 1
    # only the name + postal pair is left
    page = s.get(srv.url + "/app/people/duplicates", timeout=10).text
    left = [p for p in re.findall(r'<tr class="pair">(.*?)</tr>', page, re.S) if "Nasr" in p or "Karma" in p.title()]
    assert len(left) == 1 and "Karma" in left[0].title()
    # merging again, or with itself, is refused
    r = s.post(srv.url + "/app/people/merge", data={"a": a, "b": b, "keep": a, "csrf": hidden_csrf(cmp.text)},
               allow_redirects=False, timeout=10)
    assert r.status_code == 404
    r = s.post(srv.url + "/app/people/merge", data={"a": a, "b": a, "keep": a, "csrf": hidden_csrf(cmp.text)},
               allow_redirects=False, timeout=10)
    assert r.status_code == 422
    audit = s.get(srv.url + "/app/audit", timeout=10).text
    assert "person.merge" in audit


def test_volunteers_cannot_merge_import_or_export(fresh_server):
    srv = fresh_server
    add_user(srv, "vol-tools@example.org", "volunteer")
    v = sign_in(srv, "vol-tools@example.org", STAFF_PASSWORD)
    for path in ("/app/people/duplicates", "/app/people/merge?a=1&b=2", "/app/people/import",
                 "/app/people/export.csv"):
        assert v.get(srv.url + path, timeout=10).status_code == 404, path
    page = v.get(srv.url + "/app/people", timeout=10).text
    assert "/app/people/export.csv" not in page and "/app/people/import" not in page


# ---------------------------------------------------------------- import

BAD_CSV = (
    "first_name,last_name,email,zip_code,can2_phone,Language,tags\n"
    "Ana,Reyes,ana@example.org,11372,,Spanish,Forum 2026\n"          # line 2: good
    "Bad,Email,not-an-email,11372,,,\n"                               # line 3: bad email
    "Bad,Phone,,11372,12,,\n"                                         # line 4: bad phone
    "Bad,Lang,lang@example.org,11372,,Klingon,\n"                     # line 5: unknown language
    "Dipak,Thapamagarx,,11373,(718) 555-0177,Nepali,\n"                    # line 6: good (phone only)
    "Nobody,Reachable,,11373,,,\n"                                    # line 7: no contact
    "রহিম,উদ্দিন,rahim@example.org,11372,,bn,\"Forum 2026, Bengali\"\n"  # line 8: good
)


def wait_state(s, srv, path, want, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        page = s.get(srv.url + path, timeout=10).text
        if want in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"import never reached {want!r}:\n{page[-2000:]}")


def upload(s, srv, content, name="people.csv"):
    form = s.get(srv.url + "/app/people/import", timeout=10)
    assert form.status_code == 200
    r = s.post(srv.url + "/app/people/import", data={"csrf": hidden_csrf(form.text)},
               files={"file": (name, content.encode(), "text/csv")}, allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text[-2000:]
    path = r.headers["location"]
    assert re.fullmatch(r"/app/people/import/[A-Za-z0-9_-]{20,}", path)
    return path


def mapping_fields(html):
    """The mapping form's selected choice per column, as posted."""
    out = {}
    for col, body in re.findall(r'<select id="(col\d+)" name="col\d+">(.*?)</select>', html, re.S):
        m = re.search(r'<option value="([^"]*)" selected>', body)
        out[col] = m.group(1) if m else ""
    return out


def test_import_reports_bad_rows_and_imports_the_good_ones(fresh_server):
    srv = fresh_server
    s = admin_of(srv)
    path = upload(s, srv, BAD_CSV)
    page = s.get(srv.url + path, timeout=10).text
    # a preview of the first rows, with the mapping guessed from the headers
    assert "Ana" in page and "not-an-email" in page
    fields = mapping_fields(page)
    assert fields == {"col0": "given_name", "col1": "family_name", "col2": "email", "col3": "postal_code",
                      "col4": "phone", "col5": "language", "col6": "tags"}, fields
    csrf = hidden_csrf(page)
    # the check imports nothing and names every bad row by its line
    r = s.post(srv.url + path + "/check", data={"csrf": csrf, **fields}, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    page = wait_state(s, srv, path, "Check finished")
    problems = dict(re.findall(r'<tr><td dir="ltr">(\d+)</td><td>([^<]+)</td></tr>', page))
    assert set(problems) == {"3", "4", "5", "7"}, problems
    assert "email" in problems["3"].lower()
    assert "phone" in problems["4"].lower()
    assert "language" in problems["5"].lower()
    assert re.search(r'class="good">3<', page) and re.search(r'class="bad">4<', page)
    assert person_ids(people_page(s, srv, q="reyes").text) == []  # nothing imported yet
    # the import
    r = s.post(srv.url + path + "/run", data={"csrf": csrf, **fields}, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    page = wait_state(s, srv, path, "Import finished")
    assert re.search(r'class="created">3<', page), page[-2000:]
    assert len(person_ids(people_page(s, srv, q="reyes").text)) == 1
    assert len(person_ids(people_page(s, srv, q="উদ্দিন").text)) == 1
    dipak = find_person(s, srv, "thapamagarx")
    person = s.get(srv.url + f"/app/people/{dipak}", timeout=10).text
    assert "+17185550177" in person and "नेपाली" in person
    rahim = s.get(srv.url + f"/app/people/{find_person(s, srv, 'উদ্দিন')}", timeout=10).text
    assert "Forum 2026" in rahim and "Bengali" in rahim
    # running it again is refused (the file is gone once imported)
    r = s.post(srv.url + path + "/run", data={"csrf": csrf, **fields}, allow_redirects=False, timeout=10)
    assert r.status_code == 409
    # the same people again update, never duplicate
    path2 = upload(s, srv, BAD_CSV)
    page = s.get(srv.url + path2, timeout=10).text
    s.post(srv.url + path2 + "/run", data={"csrf": hidden_csrf(page), **mapping_fields(page)}, timeout=10)
    page = wait_state(s, srv, path2, "Import finished")
    assert re.search(r'class="created">0<', page) and re.search(r'class="updated">3<', page)
    assert "people.import" in s.get(srv.url + "/app/audit", timeout=10).text


def test_import_with_columns_mapped_by_hand(fresh_server):
    srv = fresh_server
    s = admin_of(srv)
    path = upload(s, srv, "Nombre;Correo;Código\nLucía;lucia@example.org;11368\n")
    page = s.get(srv.url + path, timeout=10).text
    assert mapping_fields(page) == {"col0": "", "col1": "", "col2": ""}  # nothing guessed
    csrf = hidden_csrf(page)
    # without an email or phone column the import is refused, the choices kept
    r = s.post(srv.url + path + "/run", data={"csrf": csrf, "col0": "given_name"}, timeout=10)
    assert r.status_code == 422
    assert mapping_fields(r.text)["col0"] == "given_name"
    # the same field twice is refused too
    r = s.post(srv.url + path + "/run", data={"csrf": csrf, "col0": "email", "col1": "email"}, timeout=10)
    assert r.status_code == 422
    r = s.post(srv.url + path + "/run", data={"csrf": csrf, "col0": "given_name", "col1": "email",
                                               "col2": "postal_code"}, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    wait_state(s, srv, path, "Import finished")
    lucia = s.get(srv.url + f"/app/people/{find_person(s, srv, 'lucia')}", timeout=10).text
    assert "lucia@example.org" in lucia and "11368" in lucia


def test_import_refuses_what_is_not_csv(fresh_server):
    srv = fresh_server
    s = admin_of(srv)
    form = s.get(srv.url + "/app/people/import", timeout=10).text
    r = s.post(srv.url + "/app/people/import", data={"csrf": hidden_csrf(form)},
               files={"file": ("x.csv", b"", "text/csv")}, timeout=10)
    assert r.status_code == 422 and "Choose a CSV file" in r.text
    r = s.post(srv.url + "/app/people/import", data={"csrf": hidden_csrf(form)},
               files={"file": ("x.csv", b"\xff\xfe\x00bad", "text/csv")}, timeout=10)
    assert r.status_code in (400, 422)


# ---------------------------------------------------------------- export

def test_export_is_for_organizers_and_audited(fresh_server):
    srv = fresh_server
    join(srv, given_name="Sofía", family_name="Export", email="sofia-export@example.org")
    join(srv, given_name="Other", family_name="Person", email="other-export@example.org")
    add_user(srv, "org-export@example.org", "organizer")
    o = sign_in(srv, "org-export@example.org", STAFF_PASSWORD)
    r = o.get(srv.url + "/app/people/export.csv", params={"q": "sofía"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:4] == ["first_name", "last_name", "email", "phone"]
    assert [row[2] for row in rows[1:]] == ["sofia-export@example.org"]
    # the list links to the export of the current search
    page = people_page(o, srv, q="sofía").text
    assert re.search(r'href="/app/people/export\.csv\?q=sof', page)
    s = admin_of(srv)
    audit = s.get(srv.url + "/app/audit", timeout=10).text
    assert "people.export" in audit


# ---------------------------------------------------------------- API

def test_api_put_merges_into_the_person(fresh_server):
    srv = fresh_server
    token = api_token(srv, "organizer")
    h = {"OSDI-API-Token": token}
    r = requests.post(srv.url + "/api/v1/people/signup", headers=h, timeout=10,
                      json={"person": {"given_name": "Tenzin", "email_addresses": [{"address": "tenzin-put@example.org"}]}})
    assert r.status_code == 201
    pid = r.json()["_links"]["self"]["href"].rsplit("/", 1)[1]
    r = requests.put(srv.url + f"/api/v1/people/{pid}", headers=h, timeout=10,
                     json={"family_name": "Dolma", "phone_numbers": [{"number": "718-555-0160"}],
                           "languages_spoken": ["bo", "en"], "postal_addresses": [{"postal_code": "11377"}]})
    assert r.status_code == 200, r.text
    p = requests.get(srv.url + f"/api/v1/people/{pid}", headers=h, timeout=10).json()
    assert p["given_name"] == "Tenzin" and p["family_name"] == "Dolma"
    assert [e["address"] for e in p["email_addresses"]] == ["tenzin-put@example.org"]
    assert [n["number"] for n in p["phone_numbers"]] == ["+17185550160"]
    assert sorted(p["languages_spoken"]) == ["bo", "en"]
    assert p["postal_addresses"][0]["postal_code"] == "11377"
    # bad input is refused whole; unknown people are 404
    r = requests.put(srv.url + f"/api/v1/people/{pid}", headers=h, timeout=10,
                     json={"family_name": "X", "email_addresses": [{"address": "nope"}]})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert requests.get(srv.url + f"/api/v1/people/{pid}", headers=h, timeout=10).json()["family_name"] == "Dolma"
    assert requests.put(srv.url + "/api/v1/people/999999", headers=h, json={"given_name": "x"},
                        timeout=10).status_code == 404
    vol = {"OSDI-API-Token": api_token(srv, "volunteer", name="vol")}
    assert requests.put(srv.url + f"/api/v1/people/{pid}", headers=vol, json={"given_name": "x"},
                        timeout=10).status_code == 404


def test_api_tags_and_taggings_paginate(fresh_server):
    srv = fresh_server
    h = {"OSDI-API-Token": api_token(srv, "admin")}
    ids = []
    for i in range(5):
        r = requests.post(srv.url + "/api/v1/people/signup", headers=h, timeout=10,
                          json={"person": {"given_name": f"Tagged{i}", "email_addresses": [{"address": f"t{i}@example.org"}]},
                                "add_tags": ["Rapid response"] if i < 3 else []})
        ids.append(r.json()["_links"]["self"]["href"].rsplit("/", 1)[1])
    tags = requests.get(srv.url + "/api/v1/tags", headers=h, timeout=10).json()["_embedded"]["osdi:tags"]
    tag = next(t for t in tags if t["name"] == "Rapid response")
    taggings_href = tag["_links"]["osdi:taggings"]["href"]
    # tag a fourth person through the taggings endpoint
    r = requests.post(srv.url + taggings_href, headers=h, timeout=10,
                      json={"_links": {"osdi:person": {"href": f"{srv.url}/api/v1/people/{ids[3]}"}}})
    assert r.status_code == 201, r.text
    r = requests.post(srv.url + taggings_href, headers=h, timeout=10, json={"_links": {}})
    assert r.status_code == 422
    seen = []
    url = srv.url + taggings_href + "?per_page=3"
    while url:
        doc = requests.get(url, headers=h, timeout=10).json()
        assert doc["total_records"] == 4
        seen += [t["_links"]["osdi:person"]["href"].rsplit("/", 1)[1] for t in doc["_embedded"]["osdi:taggings"]]
        nxt = doc["_links"].get("next")
        url = srv.url + nxt["href"] if nxt else None
    assert sorted(seen, key=int) == sorted(ids[:4], key=int)
    one = requests.get(srv.url + tag["_links"]["self"]["href"], headers=h, timeout=10).json()
    assert one["name"] == "Rapid response" and one["sanctuary:people"] == 4
    assert requests.get(srv.url + "/api/v1/tags/99999/taggings", headers=h, timeout=10).status_code == 404


# ---------------------------------------------------------------- search plans

def test_list_filters_give_the_same_people_whatever_the_plan(fresh_server, tmp_path):
    """The list chooses how to find people from each filter's size (walk
    the name order and test, or collect the smallest filter's matches and
    sort). Dense and sparse filters must both give exactly the right
    people, in name order, across pages, with the count capped at 200."""
    srv = fresh_server
    rows = ["first_name,last_name,email,Language,tags"]
    want_dense, want_sparse = [], []
    for i in range(1500):
        lang = "Spanish" if i % 2 == 0 else "Bengali"
        tags = ["Planwalk"] if i % 3 == 0 else []
        if i in (7, 700, 1400):
            tags.append("Plansparse")
        name = f"Plan{i:04d}"
        rows.append(f'{name},Tester,plan{i}@example.org,{lang},"{", ".join(tags)}"')
        if lang == "Spanish" and "Planwalk" in tags:
            want_dense.append(name.lower())
        if "Plansparse" in tags:
            want_sparse.append(name.lower())
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(rows) + "\n")
    from conftest import run_cli
    r = run_cli("people", "import", "--data", str(srv.data.path), str(path))
    assert r.returncode == 0, r.stderr
    s = admin_of(srv)

    def names(params):
        out, page = [], 1
        while True:
            html = people_page(s, srv, page=page, **params).text
            found = re.findall(r'<a href="/app/people/\d+">(Plan\d{4}) Tester</a>', html)
            out += [n.lower() for n in found]
            if 'rel="next"' not in html:
                return out, html
            page += 1

    got, html = names({"lang_spoken": "es", "tag": "Planwalk"})
    assert got == sorted(want_dense) and len(got) == 250
    got, html = names({"tag": "Plansparse"})
    assert got == sorted(want_sparse)
    assert "3 found" in html
    # a broad filter says "more than 200" and still pages to the end
    got, html = names({"lang_spoken": "bn"})
    assert len(got) == 750
    first = people_page(s, srv, lang_spoken="bn").text
    assert "More than 200 found" in first
    # the postal-code and name searches agree with the filters
    got, _ = names({"q": "plan07", "tag": "Planwalk"})
    assert got == sorted(n for n in [f"plan{i:04d}" for i in range(700, 800) if i % 3 == 0])


def test_filters_availability_source_and_joined_dates(fresh_server):
    import datetime
    srv = fresh_server
    join(srv, lang="bn", given_name="Filterbn", email="filterbn@example.org", phone="718-555-0188",
         languages=["bn"], availability=["weekday_mornings"], consent_sms="1")
    join(srv, given_name="Filterother", email="filterother@example.org", languages=["bn"],
         availability=["weekends"])
    s = admin_of(srv)
    segment = {"lang_spoken": "bn", "availability": "weekday_mornings", "consent": "sms", "q": "filter"}
    html = people_page(s, srv, **segment).text
    assert "Filterbn" in html and "Filterother" not in html
    today = datetime.date.today()
    html = people_page(s, srv, q="filter", source="join", joined_from=str(today - datetime.timedelta(days=1)),
                       joined_to=str(today + datetime.timedelta(days=1))).text
    assert "Filterbn" in html and "Filterother" in html
    html = people_page(s, srv, q="filter", joined_from=str(today + datetime.timedelta(days=2))).text
    assert "Filterbn" not in html and "Nobody matches" in html
    html = people_page(s, srv, q="filter", source="import").text
    assert "Filterbn" not in html
    # a saved segment keeps the new filters, and the list's links carry them
    html = people_page(s, srv, **segment).text
    assert re.search(r'name="availability" value="weekday_mornings"', html)


# ---------------------------------------------------------------- editing

def test_staff_edit_keeps_input_on_error_and_records_consent_history(fresh_server):
    srv = fresh_server
    join(srv, given_name="Editme", family_name="Before", phone="718-555-0177", consent_sms="1",
         languages=["es"], talents=["driving"])
    s = admin_of(srv)
    pid = find_person(s, srv, "editme")
    page = s.get(srv.url + f"/app/people/{pid}", timeout=10).text
    assert f'href="/app/people/{pid}/edit"' in page
    form = s.get(srv.url + f"/app/people/{pid}/edit", timeout=10)
    assert form.status_code == 200
    assert re.search(r'value="driving" checked', form.text) and re.search(r'value="es" checked', form.text)
    csrf = hidden_csrf(form.text)
    base = {"csrf": csrf, "given_name": "Editme", "family_name": "After", "known_as": "Eddie",
            "postal_code": "11372", "lang": "es", "languages": ["es", "en"], "talents": ["driving", "legal"],
            "availability": ["weekends"], "notes": "Prefers WhatsApp <b>", "address": "37th Ave",
            "consent_email": "never_asked", "consent_sms": "unsubscribed", "consent_phone": "never_asked"}
    # a bad phone comes back with everything as typed
    r = s.post(srv.url + f"/app/people/{pid}/edit", data={**base, "add_phone": "12"}, timeout=10)
    assert r.status_code == 422
    assert 'value="After"' in r.text and "Prefers WhatsApp &lt;b&gt;</textarea>" in r.text
    assert re.search(r'value="legal" checked', r.text) and 'aria-invalid="true"' in r.text
    # removing the only contact is refused
    r = s.post(srv.url + f"/app/people/{pid}/edit", data={**base, "remove_phone": "+17185550177"}, timeout=10)
    assert r.status_code == 422
    r = s.post(srv.url + f"/app/people/{pid}/edit", data={**base, "add_email": "editme@example.org"},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.text[-1500:]
    person = s.get(srv.url + f"/app/people/{pid}", timeout=10).text
    assert "Eddie" in person and "Prefers WhatsApp &lt;b&gt;" in person and "37th Ave" in person
    assert "editme@example.org" in person and "+17185550177" in person
    assert "Text messages: said no" in person
    # the history keeps both: agreed when joining, then said no (by staff)
    history = re.findall(r'<li class="consent-event">(.*?)</li>', person, re.S)
    assert len(history) == 2, history
    assert "said no" in history[0] and "staff" in history[0]
    assert "agreed" in history[1] and "join" in history[1]
    assert person_ids(people_page(s, srv, q="after").text) == [pid]
    # a volunteer gets no edit page
    add_user(srv, "vol-edit@example.org", "volunteer")
    v = sign_in(srv, "vol-edit@example.org", STAFF_PASSWORD)
    assert v.get(srv.url + f"/app/people/{pid}/edit", timeout=10).status_code == 404
    assert "person.edit" in s.get(srv.url + "/app/audit", timeout=10).text


def test_the_group_edits_its_talents_list(fresh_server):
    srv = fresh_server
    s = admin_of(srv)
    r = post_form(s, srv, "/app/talents", "/app/talents", name="Carpentry")
    assert r.status_code == 303
    join_page = requests.get(srv.url + "/join?lang=es", timeout=10).text
    own = re.search(r'name="talents" value="(own-\d+)"> <span>Carpentry</span>', join_page)
    assert own, join_page[-3000:]
    # joining with it, and finding people by it
    join(srv, given_name="Talentful", email="talentful@example.org", talents=[own.group(1)])
    assert "Talentful" in people_page(s, srv, talent=own.group(1)).text
    # a duplicate name is refused; a seeded talent renamed keeps the group's words
    page = s.get(srv.url + "/app/talents", timeout=10).text
    r = s.post(srv.url + "/app/talents", data={"csrf": hidden_csrf(page), "name": "carpentry"}, timeout=10)
    assert r.status_code == 422 and "already has this name" in r.text
    driving = re.search(r'action="/app/talents/(\d+)/rename".*?value="Driving', page, re.S)
    assert driving
    r = s.post(srv.url + f"/app/talents/{driving.group(1)}/rename",
               data={"csrf": hidden_csrf(page), "name": "Driving (own car)"}, allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert "Driving (own car)" in requests.get(srv.url + "/join?lang=bn", timeout=10).text
    page = s.get(srv.url + "/app/talents", timeout=10).text
    ids = re.findall(r'action="/app/talents/(\d+)/delete"', page)
    r = s.post(srv.url + f"/app/talents/{ids[-1]}/delete", data={"csrf": hidden_csrf(page)},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert "Carpentry" not in requests.get(srv.url + "/join", timeout=10).text
    add_user(srv, "vol-talents@example.org", "volunteer")
    v = sign_in(srv, "vol-talents@example.org", STAFF_PASSWORD)
    assert v.get(srv.url + "/app/talents", timeout=10).status_code == 404


def test_merge_moves_signatures_without_counting_twice(fresh_server):
    """Two records of one person both signed the demo petition: after the
    merge the kept person has one signature and the count drops by one."""
    srv = fresh_server
    h = {"OSDI-API-Token": api_token(srv, "admin")}

    def count():
        docs = requests.get(srv.url + "/api/v1/petitions", headers=h, timeout=10).json()
        p = next(p for p in docs["_embedded"]["osdi:petitions"] if p["name"] == "riaz-stays-home")
        return p["total_signatures"]

    before = count()
    signers = [requests.Session(), requests.Session()]
    pages = [s.get(srv.url + "/p/riaz-stays-home", timeout=10).text for s in signers]
    time.sleep(3.2)  # the form's minimum time on the page
    for s, page, contact in zip(signers, pages, [{"email": "twice-signer@example.org"},
                                                {"phone": "718-555-0166"}]):
        stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
        r = s.post(srv.url + "/p/riaz-stays-home/sign", allow_redirects=False, timeout=10,
                   data={"given_name": "Twicesigner", "stamp": stamp, **contact})
        assert r.status_code == 303 and "r=counted" in r.headers["location"], r.text[-1500:]
    assert count() == before + 2
    # joining with both makes the two records share a phone: a likely duplicate
    join(srv, given_name="Twicesigner", email="twice-signer@example.org", phone="(718) 555-0166")
    s = admin_of(srv)
    ids = person_ids(people_page(s, srv, q="twicesigner").text)
    assert len(ids) == 2
    a, b = sorted(ids, key=int)
    cmp = s.get(srv.url + "/app/people/merge", params={"a": a, "b": b}, timeout=10)
    r = s.post(srv.url + "/app/people/merge", data={"a": a, "b": b, "keep": a, "csrf": hidden_csrf(cmp.text)},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert count() == before + 1
    kept = s.get(srv.url + f"/app/people/{a}", timeout=10).text
    assert "+17185550166" in kept and "twice-signer@example.org" in kept
