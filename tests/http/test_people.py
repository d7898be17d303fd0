"""People and joining: the public /join form (dedupe by phone or email,
honeypot, consent only on explicit ticks, a rejected form kept as typed),
search as you type in the staff area, and what a volunteer may see."""
import re

import requests

from conftest import STAFF_PASSWORD, add_user, browser_form, hidden_csrf, sign_in


def join(srv, lang="en", **fields):
    s = requests.Session()
    page = s.get(srv.url + f"/join?lang={lang}", timeout=10)
    assert page.status_code == 200
    form = browser_form(page.text, "/join", **fields)
    return s, s.post(srv.url + "/join", data=form, allow_redirects=False, timeout=10)


def people_page(s, srv, **params):
    return s.get(srv.url + "/app/people", params=params, timeout=10)


def person_ids(html):
    return re.findall(r'href="/app/people/(\d+)"', html)


def test_join_page_in_every_language_without_js(server):
    for lang in ("en", "es", "bn", "ne", "ur"):
        r = server.get(f"/join?lang={lang}")
        assert r.status_code == 200
        assert f'<html lang="{lang}"' in r.text
        assert 'name="website"' in r.text  # the honeypot is there, hidden
        assert "<script" not in r.text.split("</head>")[1]  # no inline script in the body


def test_joining_twice_with_the_same_phone_is_one_person(fresh_server):
    srv = fresh_server
    _, r = join(srv, given_name="Rafiq", family_name="Quadir", phone="(718) 555-0199",
                languages=["bn", "en"], talents=["interpreting"], consent_sms="1")
    assert r.status_code == 303 and r.headers["location"].startswith("/join/thanks")
    # again, typed differently, with an email and without ticking SMS
    _, r = join(srv, given_name="Rafiq", phone="+1 718 555 0199", email="rafiq@example.org")
    assert r.status_code == 303
    s = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    page = people_page(s, srv, q="rafiq")
    assert len(person_ids(page.text)) == 1, page.text[-3000:]
    pid = person_ids(page.text)[0]
    person = s.get(srv.url + f"/app/people/{pid}", timeout=10).text
    assert "+17185550199" in person
    assert "rafiq@example.org" in person
    # consent never went back to "never asked" for SMS, and stayed unasked for email
    assert re.search(r"Text messages: agreed", person)
    assert re.search(r"Email: never asked", person)


def test_rejected_join_comes_back_as_typed(fresh_server):
    _, r = join(fresh_server, lang="es", given_name="José <b>", phone="12", postal_code="11372",
                help="Puedo traducir\nlos sábados", talents=["driving"])
    assert r.status_code == 422
    assert 'value="José &lt;b&gt;"' in r.text
    assert "Puedo traducir\nlos sábados</textarea>" in r.text
    assert 'value="11372"' in r.text
    assert re.search(r'value="driving" checked', r.text)
    assert 'aria-invalid="true"' in r.text
    _, r = join(fresh_server, given_name="Nobody")
    assert r.status_code == 422  # neither email nor phone


def test_honeypot_keeps_nothing(fresh_server):
    srv = fresh_server
    _, r = join(srv, given_name="Bot", email="bot@example.org", website="http://spam.example")
    assert r.status_code == 303  # the bot is thanked...
    s = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    assert person_ids(people_page(s, srv, q="bot").text) == []  # ...and nothing is kept


def test_search_folds_accents_and_scripts(fresh_server):
    srv = fresh_server
    join(srv, given_name="Joséfa", family_name="Zubiría", email="josefa@example.org")
    join(srv, lang="bn", given_name="শফিকুল", family_name="মিয়াজী", phone="718-555-0101")
    join(srv, given_name="Pemzang", family_name="Lhamo", email="pemzang@example.org", postal_code="11379")
    s = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    assert len(person_ids(people_page(s, srv, q="josefa").text)) == 1
    assert len(person_ids(people_page(s, srv, q="ZUBIR").text)) == 1
    assert len(person_ids(people_page(s, srv, q="মিয়া").text)) == 1
    assert len(person_ids(people_page(s, srv, q="11379").text)) == 1
    assert len(person_ids(people_page(s, srv, q="zzzz").text)) == 0
    # the partial answer for search as you type is only the results
    part = people_page(s, srv, q="pemz", partial="1")
    assert part.status_code == 200 and "<html" not in part.text and len(person_ids(part.text)) == 1
    # FTS syntax in the query is just text
    assert people_page(s, srv, q='"jo" OR *').status_code == 200


def test_volunteer_sees_no_contact_details(fresh_server):
    srv = fresh_server
    join(srv, given_name="Anahí", phone="718 555 0191", email="anahi@example.org",
         help="Lives with her sister")
    add_user(srv, "vol@example.org", "volunteer")
    vol = sign_in(srv, "vol@example.org", STAFF_PASSWORD)
    pid = person_ids(people_page(vol, srv, q="anahí").text)[0]
    page = vol.get(srv.url + f"/app/people/{pid}", timeout=10).text
    assert "Anahí" in page
    for secret in ("+17185550191", "0191", "anahi@example.org", "Lives with her sister"):
        assert secret not in page
    org = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    page = org.get(srv.url + f"/app/people/{pid}", timeout=10).text
    assert "+17185550191" in page and "Lives with her sister" in page
    # a person that does not exist, or garbage ids, answer 404
    assert vol.get(srv.url + "/app/people/999999", timeout=10).status_code == 404
    assert vol.get(srv.url + "/app/people/abc", timeout=10).status_code == 404


def test_tags_bulk_tagging_and_segments(fresh_server):
    srv = fresh_server
    for i, name in enumerate(("Zarin", "Zahid", "Zoya")):
        extra = {"consent_sms": "1"} if i else {}
        join(srv, given_name=name, family_name="Qwerty", email=f"z{i}@example.org",
             languages=["bn"], phone=f"718 555 012{i}", **extra)
    org = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    page = people_page(org, srv, q="qwerty")
    assert len(person_ids(page.text)) == 3
    # tag everyone found by this search (all pages), not just what is shown
    form = {"csrf": hidden_csrf(page.text), "q": "qwerty", "new_tag": "Forum Nov 2026"}
    r = org.post(srv.url + "/app/people/tag", data=form, allow_redirects=False, timeout=10)
    assert r.status_code == 303 and "tagged=3" in r.headers["location"]
    tagged = people_page(org, srv, tag="Forum Nov 2026")
    assert len(person_ids(tagged.text)) == 3
    # filters combine: Bengali speakers who agreed to SMS
    both = people_page(org, srv, q="qwerty", lang_spoken="bn", consent="sms")
    assert len(person_ids(both.text)) == 2
    # a saved segment is the search itself, recomputed when used
    r = org.post(srv.url + "/app/segments", data={"csrf": hidden_csrf(page.text), "q": "qwerty",
                 "lang_spoken": "bn", "consent": "sms", "segment_name": "Bengali SMS"},
                 allow_redirects=False, timeout=10)
    assert r.status_code == 303
    tags_page = org.get(srv.url + "/app/tags", timeout=10).text
    href = re.search(r'<a href="(/app/people\?[^"]+)">Bengali SMS</a>', tags_page).group(1)
    join(srv, given_name="Zubair", family_name="Qwerty", phone="718 555 0129", languages=["bn"],
         consent_sms="1")
    seg = org.get(srv.url + href.replace("&amp;", "&"), timeout=10)
    assert len(person_ids(seg.text)) == 3  # the new joiner is in it
    # rename, then remove from one person
    row = [r for r in tags_page.split("<tr>") if ">Forum Nov 2026</a>" in r][0]
    tag_id = re.search(r'action="/app/tags/(\d+)/rename"', row).group(1)
    r = org.post(srv.url + f"/app/tags/{tag_id}/rename",
                 data={"csrf": hidden_csrf(tags_page), "name": "Forum 2026"}, allow_redirects=False)
    assert r.status_code == 303
    assert len(person_ids(people_page(org, srv, tag="Forum 2026").text)) == 3
    pid = person_ids(tagged.text)[0]
    person = org.get(srv.url + f"/app/people/{pid}", timeout=10).text
    r = org.post(srv.url + f"/app/people/{pid}/tags/{tag_id}/remove",
                 data={"csrf": hidden_csrf(person)}, allow_redirects=False)
    assert r.status_code == 303
    assert len(person_ids(people_page(org, srv, tag="Forum 2026").text)) == 2


def test_volunteers_cannot_tag(fresh_server):
    srv = fresh_server
    add_user(srv, "vol2@example.org", "volunteer")
    vol = sign_in(srv, "vol2@example.org", STAFF_PASSWORD)
    page = people_page(vol, srv)
    assert "/app/people/tag" not in page.text and "/app/tags" not in page.text
    r = vol.post(srv.url + "/app/people/tag", data={"csrf": hidden_csrf(page.text), "new_tag": "x"},
                 timeout=10)
    assert r.status_code == 404
    assert vol.get(srv.url + "/app/tags", timeout=10).status_code == 404


def test_import_reports_bad_rows_and_imports_good_ones(tmp_path):
    from conftest import make_data, run_cli
    data = make_data(tmp_path)
    csv = tmp_path / "people.csv"
    csv.write_text(
        "first_name,last_name,email,zip_code,can2_phone,Language,tags\n"
        "Amina,Begum,amina@example.org,11372,(718) 555-0161,Bengali,\"forum, bn-speakers\"\n"
        "Bad,Email,not-an-email,11372,,Spanish,\n"
        "Carlos,Ruiz,,11368,718.555.0162,es,\n"
        "No,Contact,,11372,,en,\n"
        "Dup,Person,AMINA@example.org,,,,bn-speakers\n"
        "Phone,Bad,,11372,123,en,\n"
        "Lang,Bad,lang@example.org,,,Klingon,\n", encoding="utf-8")
    dry = run_cli("people", "import", "--data", str(data.path), "--dry-run", str(csv))
    assert dry.returncode == 0 and "0 new" in dry.stdout
    r = run_cli("people", "import", "--data", str(data.path), str(csv))
    assert r.returncode == 0, r.stderr
    assert "7 rows: 2 new, 1 updated, 4 with problems" in r.stdout
    for line in ("line 3: the email is not valid", "line 5: neither an email nor a phone number",
                 "line 7: the phone number is not valid", "line 8: unknown language"):
        assert line in r.stderr
    # problems never echo the row's content
    assert "not-an-email" not in r.stderr and "Klingon" not in r.stderr
    out = run_cli("people", "export", "--data", str(data.path))
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "first_name,last_name,email,phone,zip_code,language,tags"
    amina = [l for l in lines if l.startswith("Amina,")]
    assert amina == ['Amina,Begum,amina@example.org,+17185550161,11372,bn,"bn-speakers, forum"']
    assert any(l.startswith("Carlos,Ruiz,,+17185550162,11368,es") for l in lines)
    # importing the same file again creates nobody
    again = run_cli("people", "import", "--data", str(data.path), str(csv))
    assert "0 new, 3 updated" in again.stdout


def test_api_round_trips_a_person_and_paginates(fresh_server):
    from conftest import api_token
    srv = fresh_server
    org = {"OSDI-API-Token": api_token(srv, "organizer")}
    vol = {"OSDI-API-Token": api_token(srv, "volunteer")}
    body = {"person": {"given_name": "Imran", "family_name": "Chowdhury",
                       "email_addresses": [{"address": "Imran@Example.org"}],
                       "phone_numbers": [{"number": "(718) 555-0177"}],
                       "postal_addresses": [{"postal_code": "11372"}]},
            "add_tags": ["api-signups"]}
    r = srv.post("/api/v1/people/signup", json=body, headers=org)
    assert r.status_code == 201, r.text
    assert r.headers["content-type"].startswith("application/hal+json")
    person = r.json()
    assert person["email_addresses"][0]["address"] == "imran@example.org"
    assert person["phone_numbers"][0]["number"] == "+17185550177"
    self_href = person["_links"]["self"]["href"]
    # the same person again (by phone) merges instead of duplicating
    r = srv.post("/api/v1/people/signup", headers=org,
                 json={"person": {"phone_numbers": [{"number": "+1 718 555 0177"}]}})
    assert r.status_code == 200 and r.json()["_links"]["self"]["href"] == self_href
    found = srv.get("/api/v1/people", params={"filter": "email_address eq 'imran@example.org'"},
                    headers=org).json()
    assert found["total_records"] == 1
    assert found["_embedded"]["osdi:people"][0]["_links"]["self"]["href"] == self_href
    assert srv.get(self_href, headers=org).json()["given_name"] == "Imran"
    # a volunteer's token sees names but no contact details, and cannot look up by them
    v = srv.get(self_href, headers=vol).json()
    assert v["given_name"] == "Imran" and "email_addresses" not in v and "phone_numbers" not in v
    assert srv.get("/api/v1/people", params={"filter": "email_address eq 'imran@example.org'"},
                   headers=vol).status_code == 404
    assert srv.post("/api/v1/people/signup", json=body, headers=vol).status_code == 404
    # paging: every person exactly once across pages
    first = srv.get("/api/v1/people", params={"per_page": 5}, headers=org).json()
    total, seen, url = first["total_records"], [], "/api/v1/people?per_page=5"
    while url:
        page = srv.get(url, headers=org).json()
        seen += [p["_links"]["self"]["href"] for p in page["_embedded"]["osdi:people"]]
        url = page["_links"].get("next", {}).get("href")
    assert len(seen) == total == len(set(seen)) and total >= 13
    # unsupported filters are a clear 400 problem
    bad = srv.get("/api/v1/people", params={"filter": "notes eq 'x'"}, headers=org)
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")
    assert srv.get("/api/v1/people").status_code == 401


def test_paging_keeps_every_filter(fresh_server, tmp_path):
    from conftest import run_cli
    srv = fresh_server
    csv = tmp_path / "many.csv"
    csv.write_text("first_name,email,Language\n" + "".join(
        f"Pager{i},pager{i}@example.org,bn\n" for i in range(60)), encoding="utf-8")
    assert run_cli("people", "import", "--data", str(srv.data.path), str(csv)).returncode == 0
    s = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    first = people_page(s, srv, q="pager", lang_spoken="bn")
    nxt = re.search(r'href="([^"]+)" rel="next"', first.text).group(1).replace("&amp;", "&")
    assert "lang_spoken=bn" in nxt and "q=pager" in nxt
    second = s.get(srv.url + nxt, timeout=10)
    ids = set(person_ids(first.text)) | set(person_ids(second.text))
    assert len(ids) == 60
