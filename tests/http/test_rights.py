"""Know-your-rights library, warrant checker, leaflets: public pages in
several languages with honest review status and sources, no JavaScript
needed, escaping, small pages; staff editing and the leafleting log."""
import re
from urllib.parse import urlencode

import pytest
import requests

from conftest import STAFF_PASSWORD, add_user, browser_form, hidden_csrf, sign_in

SLUGS = ["at-home", "on-the-street", "in-a-car", "at-work", "for-businesses", "ice-check-in",
         "if-detained", "family-preparedness"]

# Every path through the warrant checker, from the rules table's answers.
WALKS = {
    "judicial": {"top": "court", "signer": "judge", "names": "yes", "date": "yes"},
    "admin_i200": {"top": "dhs", "form": "i200"},
    "admin_i205": {"top": "dhs", "form": "i205"},
    "admin_other": {"top": "court", "signer": "officer"},
    "not_judicial": {"top": "eoir"},
    "subpoena": {"top": "subpoena"},
    "no_warrant": {"top": "none"},
    "wrong_address": {"top": "court", "signer": "judge", "names": "no"},
    "expired": {"top": "court", "signer": "judge", "names": "yes", "date": "no"},
    "unsure": {"top": "unsure"},
}

LIMIT = 30 * 1024


def body_of(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_library_lists_the_first_articles_in_three_languages(server):
    for lang, word in (("en", "On the street"), ("es", "En la calle"), ("bn", "রাস্তায়")):
        r = server.get(f"/rights?lang={lang}")
        assert r.status_code == 200
        assert f'<html lang="{lang}"' in r.text
        assert word in r.text
        for slug in SLUGS:
            assert f'href="/rights/{slug}"' in r.text
        assert "<script" not in r.text.split("</head>")[1]
        assert len(r.content) < LIMIT


def test_article_shows_status_sources_dispute_and_hotline(server):
    r = server.get("/rights/at-home?lang=bn")
    assert r.status_code == 200
    main = body_of(r.text)
    assert 'lang="bn"' in main
    assert "ইমিগ্রেশন এজেন্টরা আপনার বাড়িতে এলে" in main
    assert 'class="review draft"' in main  # a draft is shown as a draft
    assert "https://www.nilc.org/warrants-and-subpoenas-101/" in main
    assert "2026-11-27" in main  # facts last checked
    assert "I-205" in main and "2026" in main  # the dispute, with dates
    assert 'href="tel:' in main
    assert len(r.content) < LIMIT


def test_article_in_a_language_without_translation_says_so(server):
    r = server.get("/rights/at-work?lang=ur")
    assert r.status_code == 200
    assert '<html lang="ur" dir="rtl"' in r.text
    assert 'class="review fallback"' in r.text
    assert 'lang="en"' in body_of(r.text)  # the English text, marked as English


def test_unknown_or_malformed_slug_is_404(server):
    assert server.get("/rights/no-such-thing").status_code == 404
    assert server.get("/rights/%3Cscript%3E").status_code == 404


@pytest.mark.parametrize("answer", sorted(WALKS))
def test_every_warrant_answer_has_text_and_sources(server, answer):
    steps = WALKS[answer]
    for lang in ("en", "es", "bn", "ne", "ur"):
        r = server.get("/rights/warrant?" + urlencode({**steps, "lang": lang}))
        assert r.status_code == 200
        assert f'data-answer="{answer}"' in r.text
        main = body_of(r.text)
        assert re.search(r'<section class="sources".*?<li><a href="https://', main, re.S)
        assert "2026-11-27" in main  # when the rules were last reviewed
        assert 'rel="prev"' in main  # a back link
        assert 'class="call"' in main  # the hotline
        assert len(r.content) < LIMIT


def test_warrant_steps_are_plain_get_forms_with_back_links(server):
    r = server.get("/rights/warrant?lang=en")
    assert 'form method="get" action="/rights/warrant"' in r.text
    assert 'name="top"' in r.text and '<a href="/rights?lang=en" rel="prev">' in r.text
    r = server.get("/rights/warrant?top=court&signer=judge&lang=en")
    assert 'name="names"' in r.text
    assert 'href="/rights/warrant?top=court&amp;lang=en" rel="prev"' in r.text
    assert '<input type="hidden" name="lang" value="en">' in r.text
    # the answers so far travel as hidden fields
    assert '<input type="hidden" name="top" value="court">' in r.text
    assert '<input type="hidden" name="signer" value="judge">' in r.text
    # an unknown choice is just not an answer
    r = server.get("/rights/warrant?top=%3Cscript%3E")
    assert r.status_code == 200 and "<script>" not in r.text and 'name="top"' in r.text


def test_i205_answer_states_the_dispute_with_dates(server):
    r = server.get("/rights/warrant?top=dhs&form=i205&lang=en")
    main = body_of(r.text)
    assert "May 12, 2025" in main and "January 17, 2026" in main and "April 2, 2026" in main
    assert "newsoffortworth.com" in main and "principlecivics.com" in main


def test_the_rules_page_lists_every_rule_with_its_source(server):
    for lang in ("en", "bn", "ur"):
        r = server.get(f"/rights/warrant/rules?lang={lang}")
        assert r.status_code == 200 and len(r.content) < LIMIT
        rules = re.findall(r'<li id="r-([a-z_]+\.[a-z_0-9]+)" data-rule="[^"]+"><strong>.*?</strong> → '
                           r'<a href="#([aq])-([a-z_0-9]+)">.*?\(<a href="(https://[^"]+)"', r.text)
        assert len(rules) == 19, rules
        for answer in WALKS:
            assert f'id="a-{answer}"' in r.text
        assert "2026-11-27" in r.text
    # every walk in WALKS follows rules shown on the page
    for answer, steps in WALKS.items():
        for step, choice in steps.items():
            assert f'id="r-{step}.{choice}"' in r.text


def test_wallet_card_has_a_qr_code_and_hotline(server):
    r = server.get("/rights/warrant/card?lang=es")
    assert r.status_code == 200
    assert "<svg" in r.text and "/rights/warrant?lang=es" in r.text
    assert 'href="tel:' in r.text


def test_two_language_leaflet(server):
    r = server.get("/rights/leaflet?articles=at-home,on-the-street&lang=en&lang2=bn&size=a4")
    assert r.status_code == 200
    assert r.text.count('<section class="sheet a4 two">') == 2
    assert r.text.count('<article class="col" lang="bn" dir="rtl"') == 0
    assert r.text.count('<article class="col" lang="bn"') == 2
    assert r.text.count("<svg") == 4
    assert "/rights/at-home?lang=bn" in r.text and "/rights/at-home?lang=en" in r.text
    assert "leaflet" in r.text and "<script" not in r.text


def test_leaflet_builder_and_bad_input(server):
    r = server.get("/rights/leaflet")
    assert r.status_code == 200 and 'name="articles"' in r.text
    # checkboxes from the builder repeat the name
    r = server.get("/rights/leaflet?articles=at-home&articles=at-work&lang=es")
    assert r.status_code == 200 and r.text.count('class="sheet letter"') == 2
    assert server.get("/rights/leaflet?articles=at-home&size=legal").status_code == 422
    assert server.get("/rights/leaflet?articles=at-home&lang=en&lang2=xx").status_code == 422
    assert server.get("/rights/leaflet?articles=a,b,c").status_code == 422
    assert server.get("/rights/leaflet?articles=nope").status_code == 404
    # an interface language the article is not translated into: refused, not English in disguise
    r = server.get("/rights/leaflet?articles=at-work&lang=en&lang2=ur")
    assert r.status_code == 422 and 'name="articles"' in r.text


# ---- staff: editing articles, review status, hotlines; the leafleting log ----

@pytest.fixture(scope="module")
def volunteer(server):
    add_user(server, "rights-volunteer@example.org", "volunteer", name="Vol Unteer")
    return sign_in(server, "rights-volunteer@example.org", STAFF_PASSWORD)


@pytest.fixture(scope="module")
def rights_organizer(server):
    add_user(server, "rights-organizer@example.org", "organizer", name="Org Anizer")
    return sign_in(server, "rights-organizer@example.org", STAFF_PASSWORD)


def test_volunteers_cannot_edit_articles(server, volunteer):
    assert volunteer.get(server.url + "/app/rights", allow_redirects=False).status_code == 404
    assert volunteer.get(server.url + "/app/rights/1?tlang=en", allow_redirects=False).status_code == 404
    page = volunteer.get(server.url + "/app/leafleting").text
    r = volunteer.post(server.url + "/app/rights/1", allow_redirects=False,
                       data={"csrf": hidden_csrf(page), "tlang": "en", "title": "x", "body": "y", "status": "draft"})
    assert r.status_code == 404
    assert "Edit" not in server.get("/rights/at-home?lang=en").text.split("<main")[1][:200]


def test_organizer_edits_a_translation_and_the_public_page_shows_it(server, rights_organizer, admin):
    s = rights_organizer
    page = s.get(server.url + "/app/rights")
    assert page.status_code == 200 and 'href="/app/rights/3?tlang=bn"' in page.text
    form_page = s.get(server.url + "/app/rights/3?tlang=bn")
    assert form_page.status_code == 200 and "গাড়িতে" in form_page.text
    body = ("- **চালক** <script>alert(1)</script>\n- [bad](javascript:alert(2))\n"
            "- <img src=x onerror=alert(3)>\n")
    # a reviewed status needs a reviewer's name
    r = s.post(server.url + "/app/rights/3", allow_redirects=False,
               data=browser_form(form_page.text, "/app/rights/3", title="গাড়িতে <b>থামালে</b>", body=body,
                                 status="native_reviewed", reviewed_by=""))
    assert r.status_code == 422 and "Say who reviewed it." in r.text
    assert "গাড়িতে &lt;b&gt;থামালে&lt;/b&gt;" in r.text  # the form comes back as typed
    # sources must be web addresses
    r = s.post(server.url + "/app/rights/3", allow_redirects=False,
               data=browser_form(form_page.text, "/app/rights/3", sources="javascript:alert(1) x"))
    assert r.status_code == 422 and "Each line must start with https://" in r.text
    fields = dict(title="গাড়িতে <b>থামালে</b>", body=body, status="native_reviewed", reviewed_by="Rafiq Q.",
                  guidance="আমাদের পরামর্শ: **কাগজ সঙ্গে রাখবেন না**।")
    # a changed text is not "reviewed" unless the reviewer read this version
    r = s.post(server.url + "/app/rights/3", allow_redirects=False,
               data=browser_form(form_page.text, "/app/rights/3", **fields))
    assert r.status_code == 303 and r.headers["location"] == "/app/rights?saved=draft"
    assert 'class="review draft"' in server.get("/rights/in-a-car?lang=bn").text
    form_page = s.get(server.url + "/app/rights/3?tlang=bn")
    r = s.post(server.url + "/app/rights/3", allow_redirects=False,
               data=browser_form(form_page.text, "/app/rights/3", review_confirmed="1", **fields))
    assert r.status_code == 303 and r.headers["location"] == "/app/rights?saved=1"
    pub = server.get("/rights/in-a-car?lang=bn").text
    main = pub.split("<main", 1)[1]
    assert "গাড়িতে &lt;b&gt;থামালে&lt;/b&gt;" in main
    # raw HTML in Markdown is dropped, javascript: links lose their target
    assert main.count("<!-- raw HTML omitted -->") >= 2
    assert "<script" not in main and "<img" not in main and "onerror" not in main
    i = main.find("javascript:"); assert i < 0, main[i - 300:i + 100]
    assert "<strong>চালক</strong>" in main
    assert 'class="review native_reviewed"' in main and "Rafiq Q." in main
    assert "<strong>কাগজ সঙ্গে রাখবেন না</strong>" in main  # the group's guidance
    # other languages keep their own status
    assert 'class="review draft"' in server.get("/rights/in-a-car?lang=es").text
    audit = admin.get(server.url + "/app/audit").text
    assert "article.edit" in audit


def test_hotlines_the_group_chooses_show_after_its_own(server, rights_organizer):
    s = rights_organizer
    page = s.get(server.url + "/app/rights").text
    assert "Immigrant Defense Project" in page
    # the demo shows two city/state lines; the third is not shown until chosen
    assert "212-725-6422" not in server.get("/rights/at-home?lang=en").text
    m = re.search(r'Immigrant Defense Project.*?action="/app/rights/hotlines/(\d+)"', page, re.S)
    r = s.post(server.url + f"/app/rights/hotlines/{m.group(1)}", allow_redirects=False,
               data={"csrf": hidden_csrf(page), "enabled": "1"})
    assert r.status_code == 303
    text = server.get("/rights/at-home?lang=en").text
    assert text.index("(718) 555-0142") < text.index("800-354-0365") < text.index("212-725-6422")


def test_leafleting_log_summary_per_place_and_month(server, volunteer):
    s = volunteer
    page = s.get(server.url + "/app/leafleting")
    assert page.status_code == 200

    def log(**fields):
        p = s.get(server.url + "/app/leafleting").text
        return s.post(server.url + "/app/leafleting", allow_redirects=False,
                      data=browser_form(p, "/app/leafleting", **fields))

    assert log(place="Corona Plaza", shift_date="2026-08-03", start_time="17:30", minutes="90",
               others="2", leaflets_en="40", leaflets_bn="60", conversations="12",
               follow_ups="3").status_code == 303
    assert log(place="Corona Plaza", shift_date="2026-08-17", start_time="18:00", minutes="60",
               others="1", leaflets_es="25", leaflets_bn="15", conversations="5",
               follow_ups="1").status_code == 303
    assert log(place="Junction Blvd station", shift_date="2026-08-02", others="0", leaflets_en="10",
               conversations="4", follow_ups="0").status_code == 303
    bad = log(place="", shift_date="2026-13-40", leaflets_en="-5", start_time="25:00")
    assert bad.status_code == 422
    assert "Use a date like 2026-11-27." in bad.text and "Use a time like 18:30." in bad.text
    text = s.get(server.url + "/app/leafleting").text
    rows = re.findall(r'<tr class="summary-row">(.*?)</tr>', text, re.S)
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]
    by = {(c[0], c[1]): c for c in cells}
    plaza = by[("2026-08", "Corona Plaza")]
    # 2 shifts; people: the volunteer (ticked by default) twice + 3 others; 140 leaflets
    assert plaza[2] == "2" and plaza[3] == "5" and plaza[5] == "17" and plaza[6] == "4"
    assert plaza[4].startswith("140") and "bn 75" in plaza[4] and "en 40" in plaza[4] and "es 25" in plaza[4]
    station = by[("2026-08", "Junction Blvd station")]
    assert station[2] == "1" and station[4].startswith("10")
    # the demo's shifts: newest month first, places in order within a month
    assert by[("2026-10", "Diversity Plaza")][2] == "1"
    assert text.index("2026-11") < text.index("2026-10") < text.index("2026-08")
    assert text.index("Corona Plaza") < text.index("Junction Blvd station")


def test_a_new_group_has_the_articles_after_init_without_the_demo(server_factory):
    srv = server_factory("--name", "Elmhurst Neighbors", "--hotline", "(718) 555-0199", demo=False)
    r = srv.get("/rights?lang=es")
    assert r.status_code == 200
    for slug in SLUGS:
        assert f'href="/rights/{slug}"' in r.text
    page = srv.get("/rights/ice-check-in?lang=bn").text
    assert 'class="review draft"' in page and "Elmhurst Neighbors" in page
    assert "800-354-0365" not in page  # city hotlines only once the group chooses them
    assert 'href="tel:7185550199"' in srv.get("/rights/warrant?top=none").text
    # the Nepali article is demo content, not shipped: Nepali readers get English, marked
    assert 'class="review fallback"' in srv.get("/rights/at-home?lang=ne").text


def test_a_translation_in_a_language_the_interface_does_not_have(server, rights_organizer):
    """Tibetan articles and leaflets: the menus stay in the visitor's language."""
    s = rights_organizer
    admin_page = s.get(server.url + "/app/rights").text
    assert '<option value="bo" lang="bo">བོད་ཡིག</option>' in admin_page
    form_page = s.get(server.url + "/app/rights/2?tlang=bo")
    assert form_page.status_code == 200 and "On the street" in form_page.text  # starts from English
    r = s.post(server.url + "/app/rights/2", allow_redirects=False,
               data=browser_form(form_page.text, "/app/rights/2", title="ལམ་ཁར།",
                                 summary="ཞི་འཇམ་ངང་སྡོད།", body="- **ཞི་འཇམ་ངང་སྡོད།** མ་རྒྱུག\n"))
    assert r.status_code == 303
    assert 'href="/app/rights/2?tlang=bo" lang="bo"' in s.get(server.url + "/app/rights").text
    page = server.get("/rights/on-the-street?lang=bo", headers={"Accept-Language": "es"}).text
    assert '<html lang="es"' in page  # no Tibetan interface: Spanish menus ...
    assert '<article class="rights-article" lang="bo" dir="ltr">' in page  # ... Tibetan text
    assert "<strong>ཞི་འཇམ་ངང་སྡོད།</strong>" in page and 'class="review draft"' in page
    assert 'href="/rights/on-the-street?lang=bo"' in server.get("/rights/on-the-street?lang=en").text
    leaflet = server.get("/rights/leaflet?articles=on-the-street&lang=en&lang2=bo")
    assert leaflet.status_code == 200 and '<article class="col" lang="bo"' in leaflet.text
    assert "/rights/on-the-street?lang=bo" in leaflet.text
    # no silent English on paper for a language without the translation
    r = server.get("/rights/leaflet?articles=on-the-street&lang=en&lang2=hi")
    assert r.status_code == 422 and "not translated" in r.text
    assert server.get("/rights/leaflet?articles=on-the-street&lang=en&lang2=xx").status_code == 422


def test_editing_a_reviewed_text_makes_it_a_draft_again(server, rights_organizer):
    s = rights_organizer
    page = s.get(server.url + "/app/rights/4?tlang=es")
    r = s.post(server.url + "/app/rights/4", allow_redirects=False,
               data=browser_form(page.text, "/app/rights/4", status="lawyer_reviewed", reviewed_by="L. Abogada",
                                 review_confirmed="1"))
    assert r.headers["location"] == "/app/rights?saved=1"
    assert 'class="review lawyer_reviewed"' in server.get("/rights/at-work?lang=es").text
    # saving again unchanged keeps the review
    page = s.get(server.url + "/app/rights/4?tlang=es")
    assert 'name="review_confirmed" value="1">' in page.text  # never pre-ticked
    r = s.post(server.url + "/app/rights/4", allow_redirects=False, data=browser_form(page.text, "/app/rights/4"))
    assert r.headers["location"] == "/app/rights?saved=1"
    assert 'class="review lawyer_reviewed"' in server.get("/rights/at-work?lang=es").text
    # a changed text without the reviewer's confirmation is a draft again
    page = s.get(server.url + "/app/rights/4?tlang=es")
    body = re.search(r'<textarea id="body"[^>]*>(.*?)</textarea>', page.text, re.S).group(1)
    import html as htmllib
    r = s.post(server.url + "/app/rights/4", allow_redirects=False,
               data=browser_form(page.text, "/app/rights/4", body=htmllib.unescape(body) + "\n- Una línea nueva.\n"))
    assert r.headers["location"] == "/app/rights?saved=draft"
    pub = server.get("/rights/at-work?lang=es").text
    assert 'class="review draft"' in pub and "Una línea nueva." in pub and "L. Abogada" not in pub


def test_every_public_rights_page_is_small(server):
    """Every article in every language, every warrant step and answer in
    every language, the card and the builder: under 30 KB of HTML."""
    urls = [f"/rights/{slug}?lang={lang}" for slug in SLUGS for lang in ("en", "es", "bn", "ne", "ur")]
    for lang in ("en", "es", "bn", "ne", "ur"):
        urls += [f"/rights?lang={lang}", f"/rights/warrant/card?lang={lang}", f"/rights/leaflet?lang={lang}",
                 f"/rights/warrant/rules?lang={lang}"]
        for steps in WALKS.values():
            pairs = list(steps.items())
            for i in range(len(pairs) + 1):
                urls.append("/rights/warrant?" + urlencode(dict(pairs[:i]) | {"lang": lang}))
    sizes = {}
    for url in set(urls):
        r = server.get(url)
        assert r.status_code == 200, url
        assert "<script" not in r.text.split("</head>")[-1], url
        sizes[url] = len(r.content)
    big = {u: n for u, n in sizes.items() if n >= LIMIT}
    assert not big, big
    assert len(sizes) > 100


def test_the_walk_keeps_its_language_without_cookies(server):
    import html as htmllib
    r = requests.get(server.url + "/rights/warrant?top=dhs&form=i205&lang=bn", timeout=10)
    back = htmllib.unescape(re.search(r'<a href="([^"]+)" rel="prev">', r.text).group(1))
    assert back == "/rights/warrant?top=dhs&lang=bn"
    r = requests.get(server.url + back, headers={"Accept-Language": "es"}, timeout=10)  # no cookie sent
    assert '<html lang="bn"' in r.text and '<input type="hidden" name="lang" value="bn">' in r.text


def test_organizers_add_a_hotline_of_their_city(server, rights_organizer, volunteer):
    s = rights_organizer
    page = s.get(server.url + "/app/rights").text
    r = s.post(server.url + "/app/rights/hotlines", allow_redirects=False,
               data={"csrf": hidden_csrf(page), "name": "Queens <Rapid> Response", "number": "(718) 555-0177",
                     "hours": "24/7", "source": "https://example.org/hotline"})
    assert r.status_code == 303 and r.headers["location"] == "/app/rights?saved=1"
    text = server.get("/rights?lang=en").text
    assert "Queens &lt;Rapid&gt; Response" in text and 'href="tel:7185550177"' in text
    for bad in ({"number": "call us"}, {"source": "javascript:alert(1)"}, {"name": ""}):
        data = {"csrf": hidden_csrf(page), "name": "X", "number": "911", "source": ""} | bad
        r = s.post(server.url + "/app/rights/hotlines", allow_redirects=False, data=data)
        assert r.headers["location"] == "/app/rights?saved=invalid"
    assert "javascript:" not in server.get("/rights?lang=en").text
    # volunteers may not
    vpage = volunteer.get(server.url + "/app/leafleting").text
    r = volunteer.post(server.url + "/app/rights/hotlines", allow_redirects=False,
                       data={"csrf": hidden_csrf(vpage), "name": "V", "number": "911"})
    assert r.status_code == 404


def test_organizers_write_a_new_article_and_hide_it(server, rights_organizer, admin):
    s = rights_organizer
    page = s.get(server.url + "/app/rights").text
    r = s.post(server.url + "/app/rights/new", allow_redirects=False,
               data={"csrf": hidden_csrf(page), "slug": "at-school", "tlang": "es", "title": "En la escuela"})
    assert r.status_code == 303
    m = re.fullmatch(r"/app/rights/(\d+)\?tlang=es", r.headers["location"])
    assert m, r.headers["location"]
    aid = m.group(1)
    form = s.get(server.url + r.headers["location"]).text
    r = s.post(server.url + f"/app/rights/{aid}", allow_redirects=False,
               data=browser_form(form, f"/app/rights/{aid}", body="- La escuela no pide papeles de inmigración.\n",
                                 sources="https://example.org/escuelas Ejemplo"))
    assert r.status_code == 303
    pub = server.get("/rights/at-school?lang=es")
    assert pub.status_code == 200 and "La escuela no pide papeles" in pub.text and "example.org/escuelas" in pub.text
    assert 'href="/rights/at-school"' in server.get("/rights?lang=es").text
    # the same address twice, or a bad one, is refused
    for slug in ("at-school", "At School", "../x"):
        r = s.post(server.url + "/app/rights/new", allow_redirects=False,
                   data={"csrf": hidden_csrf(page), "slug": slug, "tlang": "es", "title": "X"})
        assert r.headers["location"] == "/app/rights?saved=bad_article", slug
    # hidden: gone from the public pages and leaflets, still editable
    r = s.post(server.url + f"/app/rights/{aid}/publish", allow_redirects=False,
               data={"csrf": hidden_csrf(page), "published": "0"})
    assert r.status_code == 303
    assert server.get("/rights/at-school?lang=es").status_code == 404
    assert 'href="/rights/at-school"' not in server.get("/rights?lang=es").text
    assert server.get("/rights/leaflet?articles=at-school&lang=es").status_code == 404
    assert s.get(server.url + f"/app/rights/{aid}?tlang=es").status_code == 200
    assert "article.unpublish" in admin.get(server.url + "/app/audit").text
