"""Language: ?lang= (remembered in a cookie), then the cookie, then
Accept-Language, then the group's default. Urdu is right-to-left. Error
pages and problem documents come in the visitor's language.

Expected strings are read from po/*.po: a message the catalog has not
translated yet falls back to English, as the server does."""
import ast
import re
from functools import lru_cache

import pytest
import requests

from conftest import ROOT

LANGS = ["en", "es", "bn", "ne", "ur"]
HTML_TAG = re.compile(r'<html lang="([^"]*)" dir="([^"]*)">')


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict:
    """msgid -> msgstr from po/<lang>.po (empty msgstr = untranslated)."""
    out, msgid, msgstr, cur = {}, None, None, None
    path = ROOT / "po" / f"{lang}.po"

    def flush():
        if msgid and msgstr:
            out[msgid] = msgstr

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("msgid "):
            flush()
            msgid, msgstr, cur = ast.literal_eval(line[6:]), None, "id"
        elif line.startswith("msgstr "):
            msgstr, cur = ast.literal_eval(line[7:]), "str"
        elif line.startswith('"'):
            if cur == "id":
                msgid += ast.literal_eval(line)
            elif cur == "str":
                msgstr += ast.literal_eval(line)
        elif not line or line.startswith("#"):
            cur = None if not line else cur
    flush()
    return out


def t(lang: str, msgid: str) -> str:
    return catalog(lang).get(msgid) or catalog("en")[msgid]


def esc(s: str) -> str:
    """As the templates escape text."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def page_lang(r) -> tuple:
    m = HTML_TAG.search(r.text)
    assert m, "no <html lang dir> in the page"
    return m.group(1), m.group(2)


def test_default_is_group_default(server):
    r = server.get("/")
    assert page_lang(r) == ("en", "ltr")
    assert r.headers["Content-Language"] == "en"
    assert "Set-Cookie" not in r.headers  # nothing remembered without ?lang=


@pytest.mark.parametrize("lang", LANGS)
def test_query_lang_picks_language_and_sets_cookie(server, lang):
    r = server.get(f"/?lang={lang}")
    assert r.status_code == 200
    assert page_lang(r) == (lang, "rtl" if lang == "ur" else "ltr")
    assert r.headers["Content-Language"] == lang
    cookie = r.headers.get("Set-Cookie", "")
    assert re.match(rf"lang={lang}(;|$)", cookie), cookie
    assert "Path=/" in cookie and "Max-Age=" in cookie
    assert esc(t(lang, "home.heading")) in r.text


def test_urdu_is_rtl(server):
    r = server.get("/?lang=ur")
    assert '<html lang="ur" dir="rtl">' in r.text
    r = server.get("/signin", headers={"Accept-Language": "ur"})
    assert '<html lang="ur" dir="rtl">' in r.text
    r = server.get("/nope", cookies={"lang": "ur"})
    assert r.status_code == 404
    assert '<html lang="ur" dir="rtl">' in r.text


def test_ltr_languages_say_ltr(server):
    for lang in ("en", "es", "bn", "ne"):
        assert f'<html lang="{lang}" dir="ltr">' in server.get(f"/?lang={lang}").text


def test_cookie_remembers_language(server):
    s = requests.Session()
    s.get(server.url + "/?lang=bn", timeout=10)
    r = s.get(server.url + "/signin", timeout=10)
    assert page_lang(r)[0] == "bn"
    assert r.headers["Content-Language"] == "bn"


def test_cookie_beats_accept_language(server):
    r = server.get("/", cookies={"lang": "ne"}, headers={"Accept-Language": "es"})
    assert page_lang(r)[0] == "ne"


def test_query_beats_cookie_and_accept_language(server):
    r = server.get("/?lang=es", cookies={"lang": "ne"}, headers={"Accept-Language": "bn"})
    assert page_lang(r)[0] == "es"


@pytest.mark.parametrize("header, expected", [
    ("es", "es"),
    ("es-MX,es;q=0.9,en;q=0.5", "es"),
    ("BN-bd", "bn"),
    ("fr, de;q=0.9, ne;q=0.1", "ne"),
    ("en;q=0.1, ur;q=0.9", "ur"),
    ("es;q=0, bn;q=0.2", "bn"),
    ("fr, de", "en"),
    ("*", "en"),
    ("", "en"),
    (";;;,,q=", "en"),
])
def test_accept_language(server, header, expected):
    r = server.get("/", headers={"Accept-Language": header})
    assert r.status_code == 200
    assert page_lang(r)[0] == expected, header


@pytest.mark.parametrize("bad", ["fr", "english", "e", "../en", "ur%00"])
def test_unknown_lang_values_are_ignored(server, bad):
    r = server.get(f"/?lang={bad}", headers={"Accept-Language": "bn"})
    if "%00" in bad:
        assert r.status_code == 400
        return
    assert r.status_code == 200
    assert page_lang(r)[0] == "bn"
    assert "lang=" not in r.headers.get("Set-Cookie", "")


def test_unknown_cookie_value_is_ignored(server):
    r = server.get("/", cookies={"lang": "xx"}, headers={"Accept-Language": "es"})
    assert page_lang(r)[0] == "es"


def test_language_switcher_links(server):
    r = server.get("/signin?lang=es")
    for lang in LANGS:
        assert f'href="/signin?lang={lang}"' in r.text
    assert re.search(r'href="/signin\?lang=es"[^>]*aria-current="true"', r.text)


@pytest.mark.parametrize("lang", LANGS)
def test_error_page_in_visitors_language(server, lang):
    r = server.get(f"/nope?lang={lang}")
    assert r.status_code == 404
    assert page_lang(r) == (lang, "rtl" if lang == "ur" else "ltr")
    assert r.headers["Content-Language"] == lang
    assert esc(t(lang, "error.not_found.title")) in r.text
    assert esc(t(lang, "error.not_found.detail")) in r.text


@pytest.mark.parametrize("lang", ["es", "ur"])
def test_400_page_in_visitors_language(server, lang):
    r = server.get("/?q=%FF", headers={"Accept-Language": lang})
    assert r.status_code == 400
    assert page_lang(r)[0] == lang
    assert esc(t(lang, "error.bad_utf8.title")) in r.text


@pytest.mark.parametrize("lang", ["es", "bn"])
def test_problem_json_in_visitors_language(server, lang):
    r = server.get("/api/nope", headers={"Accept-Language": lang})
    assert r.status_code == 404
    doc = r.json()
    assert doc["title"] == t(lang, "error.not_found.title")
    assert doc["detail"] == t(lang, "error.not_found.detail")
    assert lang in r.headers["Content-Language"]


def test_signin_page_translated(server):
    r = server.get("/signin", headers={"Accept-Language": "es"})
    assert esc(t("es", "signin.heading")) in r.text


# ---- the group's own choices -------------------------------------------------------

def test_group_default_and_enabled_languages(server_factory):
    srv = server_factory("--languages", "en,es,ur", "--default-lang", "es")
    assert page_lang(srv.get("/"))[0] == "es"
    # bn is not enabled: Accept-Language for it falls back to the default
    assert page_lang(srv.get("/", headers={"Accept-Language": "bn"}))[0] == "es"
    assert page_lang(srv.get("/", headers={"Accept-Language": "en-GB"}))[0] == "en"
    r = srv.get("/?lang=bn")
    assert page_lang(r)[0] == "es"
    assert "lang=bn" not in r.headers.get("Set-Cookie", "")
    assert page_lang(srv.get("/", cookies={"lang": "ne"}))[0] == "es"
    # the switcher offers only the enabled ones
    text = srv.get("/").text
    assert 'hreflang="ur"' in text and 'hreflang="en"' in text
    assert 'hreflang="bn"' not in text and 'hreflang="ne"' not in text


def test_urdu_default_group_is_rtl_everywhere(server_factory):
    srv = server_factory("--languages", "ur,en", "--default-lang", "ur", demo=False)
    for path in ("/", "/signin", "/nope"):
        assert '<html lang="ur" dir="rtl">' in srv.get(path).text, path
