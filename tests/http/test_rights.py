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
    assert 'name="top"' in r.text and 'rel="prev"' not in r.text
    r = server.get("/rights/warrant?top=court&signer=judge&lang=en")
    assert 'name="names"' in r.text
    assert 'href="/rights/warrant?top=court" rel="prev"' in r.text
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
