"""Signing in and out, sessions, CSRF, roles, and the settings page."""
import re

import pytest
import requests

from conftest import (STAFF_PASSWORD, add_user, api_token, browser_form, finish_server, hidden_csrf, make_data, sign_in,
                      start_server)


def esc(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def input_value(html: str, name: str) -> str | None:
    m = re.search(rf'<input id="{name}" name="{name}"[^>]*\svalue="([^"]*)"', html)
    return m.group(1) if m else None


def checked_languages(html: str) -> set:
    return set(re.findall(r'name="languages" value="([a-z]+)" checked', html))


def selected_default(html: str) -> str | None:
    m = re.search(r'<option value="([a-z]+)" selected>', html)
    return m.group(1) if m else None


def set_cookie_for(r, name: str) -> str:
    for c in r.raw.headers.getlist("Set-Cookie"):
        if c.startswith(name + "="):
            return c
    return ""


# ---- signing in -------------------------------------------------------------------

def test_signin_form_sets_pre_cookie_and_csrf(server):
    r = server.get("/signin")
    pre = set_cookie_for(r, "pre")
    assert pre, r.headers.get("Set-Cookie")
    assert "HttpOnly" in pre and "SameSite=Strict" in pre and "Path=/" in pre
    assert "Secure" not in pre  # plain HTTP on loopback
    assert len(hidden_csrf(r.text)) >= 20
    assert 'autocomplete="current-password"' in r.text


def test_signin_success_sets_session_cookie(fresh_server):
    s = requests.Session()
    page = s.get(fresh_server.url + "/signin", timeout=10)
    r = s.post(fresh_server.url + "/signin", allow_redirects=False, timeout=30,
               data={"email": fresh_server.data.admin_email,
                     "password": fresh_server.data.admin_password, "csrf": hidden_csrf(page.text)})
    assert r.status_code == 303 and r.headers["Location"] == "/app"
    sid = set_cookie_for(r, "sid")
    assert sid, r.headers.get("Set-Cookie")
    assert "HttpOnly" in sid and "SameSite=Strict" in sid and "Path=/" in sid
    assert "Secure" not in sid and "__Host-" not in sid
    assert "Max-Age" not in sid and "Expires" not in sid  # ends with the browser session
    assert len(s.cookies["sid"]) >= 32
    # Signed in, /signin sends you to the staff area
    assert s.get(fresh_server.url + "/signin", allow_redirects=False,
                 timeout=10).headers.get("Location") == "/app"


def test_admin_reaches_staff_area(server, admin):
    home = admin.get(server.url + "/app", allow_redirects=False, timeout=10)
    assert home.status_code == 200
    assert "Demo Admin" in home.text and "administrator" in home.text
    assert 'href="/app/settings"' in home.text


def test_email_is_case_insensitive(fresh_server):
    sign_in(fresh_server, fresh_server.data.admin_email.upper(), fresh_server.data.admin_password)


def signin_attempt(server, email, password, csrf=True, headers=None):
    s = requests.Session()
    page = s.get(server.url + "/signin", timeout=10)
    data = {"email": email, "password": password}
    if csrf:
        data["csrf"] = hidden_csrf(page.text)
    return s.post(server.url + "/signin", data=data, allow_redirects=False, timeout=30,
                  headers=headers or {})


def test_wrong_password_and_unknown_email_look_the_same(server):
    a = signin_attempt(server, server.data.admin_email, "wrong password 123")
    b = signin_attempt(server, "nobody-here@example.org", "wrong password 123")
    assert a.status_code == b.status_code == 401
    msg = "That email and password do not match an active account."
    assert msg in a.text and msg in b.text
    assert "sid" not in a.cookies and "sid" not in b.cookies
    # what was typed comes back (email), the password never does
    assert input_value(a.text, "email") == server.data.admin_email
    assert input_value(b.text, "email") == "nobody-here@example.org"
    assert "wrong password 123" not in a.text


def test_signin_validation_keeps_typed_email(server):
    r = signin_attempt(server, "not-an-email <x>", "")
    assert r.status_code == 422
    assert input_value(r.text, "email") == esc("not-an-email <x>")
    assert 'aria-invalid="true"' in r.text
    assert "This field is required." in r.text  # the empty password
    assert "<x>" not in r.text


def test_signin_without_csrf_is_403(server):
    r = signin_attempt(server, server.data.admin_email, server.data.admin_password, csrf=False)
    assert r.status_code == 403
    assert "Form expired" in r.text
    assert "sid" not in r.cookies


def test_signin_with_another_visitors_csrf_is_403(server):
    other = hidden_csrf(server.get("/signin").text)
    s = requests.Session()
    s.get(server.url + "/signin", timeout=10)
    r = s.post(server.url + "/signin", allow_redirects=False, timeout=10,
               data={"email": server.data.admin_email, "password": server.data.admin_password,
                     "csrf": other})
    assert r.status_code == 403


def test_cross_site_post_is_403_even_with_token(server):
    r = signin_attempt(server, server.data.admin_email, server.data.admin_password,
                       headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403


def test_forged_session_cookie_is_anonymous(server):
    r = server.get("/app", cookies={"sid": "A" * 43})
    assert r.status_code == 303 and r.headers["Location"] == "/signin"


def test_signout_ends_the_session(fresh_server):
    s = sign_in(fresh_server, fresh_server.data.admin_email, fresh_server.data.admin_password)
    token = s.cookies["sid"]
    page = s.get(fresh_server.url + "/app", timeout=10)
    r = s.post(fresh_server.url + "/signout", data={"csrf": hidden_csrf(page.text)},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303
    assert r.headers["Location"] == "/signin?signed_out=1"
    cleared = set_cookie_for(r, "sid")
    assert "Max-Age=0" in cleared, cleared
    assert "You are signed out." in fresh_server.get("/signin?signed_out=1").text
    # the old token no longer works, even if a client keeps it
    r = fresh_server.get("/app", cookies={"sid": token})
    assert r.status_code == 303 and r.headers["Location"] == "/signin"


def test_signout_without_csrf_is_refused(server, admin):
    r = admin.post(server.url + "/signout", data={}, allow_redirects=False, timeout=10)
    assert r.status_code == 403
    assert admin.get(server.url + "/app", allow_redirects=False, timeout=10).status_code == 200


def test_new_token_at_each_signin(fresh_server):
    a = sign_in(fresh_server, fresh_server.data.admin_email, fresh_server.data.admin_password)
    b = sign_in(fresh_server, fresh_server.data.admin_email, fresh_server.data.admin_password)
    assert a.cookies["sid"] != b.cookies["sid"]
    # both browsers stay signed in (two devices)
    assert a.get(fresh_server.url + "/app", allow_redirects=False, timeout=10).status_code == 200


# ---- roles --------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["organizer", "volunteer"])
def test_non_admins_cannot_see_or_change_settings(fresh_server, role):
    email = f"{role}@example.org"
    add_user(fresh_server, email, role, name=f"Test {role}")
    s = sign_in(fresh_server, email, STAFF_PASSWORD)
    home = s.get(fresh_server.url + "/app", timeout=10)
    assert home.status_code == 200
    assert f"Test {role}" in home.text and role in home.text
    assert 'href="/app/settings"' not in home.text
    assert s.get(fresh_server.url + "/app/settings", timeout=10).status_code == 404
    r = s.post(fresh_server.url + "/app/settings", timeout=10, allow_redirects=False,
               data={"csrf": hidden_csrf(home.text), "group_name": "Taken over",
                     "languages": "en", "default_lang": "en", "timezone": "UTC"})
    assert r.status_code == 404
    assert "Taken over" not in fresh_server.get("/").text


# ---- settings -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def settings_srv(binary, tmp_path_factory):
    """A server for read-only settings tests (nothing here saves)."""
    srv = start_server(make_data(tmp_path_factory.mktemp("settings")), name="settings")
    s = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    yield srv, s
    finish_server(srv)


def settings_form(srv, s):
    r = s.get(srv.url + "/app/settings", allow_redirects=False, timeout=10)
    assert r.status_code == 200
    return r


def post_settings(srv, s, **fields):
    """Submits the settings form as a browser would, with `fields` changed."""
    page = settings_form(srv, s)
    data = browser_form(page.text, "/app/settings", **fields)
    return s.post(srv.url + "/app/settings", data=data, allow_redirects=False, timeout=10)


def test_settings_form_shows_current_values(settings_srv):
    srv, s = settings_srv
    r = settings_form(srv, s)
    assert input_value(r.text, "group_name") == "Jackson Heights Immigrant Solidarity"
    assert input_value(r.text, "timezone") == "America/New_York"
    assert input_value(r.text, "hotline") == "(718) 555-0142"
    assert checked_languages(r.text) == {"en", "es", "bn", "ne", "ur"}
    assert selected_default(r.text) == "en"


GOOD = dict(group_name="Queens Solidarity", languages=["en", "es"], default_lang="en",
            timezone="America/New_York", hotline="+1 718 555 0100")


@pytest.mark.parametrize("change, field, message", [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Not a time zone we know"),
    ({"timezone": "../../etc/passwd"}, "timezone", "Not a time zone we know"),
    ({"hotline": "call Maria"}, "hotline", "Use digits, spaces, +, - and parentheses only."),
    ({"group_name": ""}, "group_name", "This field is required."),
    ({"group_name": "x" * 81}, "group_name", "This is too long."),
    ({"group_name": "two\nlines"}, "group_name", "single line"),
    ({"languages": None}, "languages", None),
    ({"languages": ["en", "xx"]}, "languages", "Please choose one of the options."),
    ({"default_lang": "bn"}, "default_lang",
     "The default language must be one of the site&#39;s languages."),
])
def test_rejected_settings_come_back_as_typed(settings_srv, change, field, message):
    srv, s = settings_srv
    typed = dict(GOOD, group_name='Café <b>"Unidos"</b> & Co', **{})
    typed.update(change)
    r = post_settings(srv, s, **typed)
    assert r.status_code == 422, r.status_code
    assert "Please correct the fields marked below." in r.text
    if message:
        assert message in r.text, f"no {message!r} in the page"
    if field in ("languages", "default_lang"):
        assert re.search(r'class="field invalid"', r.text)
        assert '<p class="error-text"' in r.text
    if field in ("group_name", "timezone", "hotline"):
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', r.text), field
    # every field shows what was typed
    if typed["group_name"] and "\n" not in typed["group_name"] and len(typed["group_name"]) <= 80:
        assert input_value(r.text, "group_name") == esc(typed["group_name"])
    assert input_value(r.text, "timezone") == esc(typed["timezone"])
    assert input_value(r.text, "hotline") == esc(typed["hotline"])
    if field != "languages":
        assert checked_languages(r.text) == set(typed["languages"])
        assert selected_default(r.text) == typed["default_lang"]
    assert "<b>" not in r.text
    # and nothing was saved
    assert "Jackson Heights Immigrant Solidarity" in srv.get("/").text


def test_settings_without_csrf_is_403(settings_srv):
    srv, s = settings_srv
    r = s.post(srv.url + "/app/settings", data=GOOD, allow_redirects=False, timeout=10)
    assert r.status_code == 403
    assert "Jackson Heights Immigrant Solidarity" in srv.get("/").text


def test_saving_settings(fresh_server):
    srv = fresh_server
    s = sign_in(srv, srv.data.admin_email, srv.data.admin_password)
    r = post_settings(srv, s, group_name="Cafe\u0301 Solidaridad  ", languages=["es", "ur", "en"],
                      default_lang="es", timezone="Europe/Madrid", hotline="+34 (91) 555-0199")
    assert r.status_code == 303, r.text[:2000]
    assert r.headers["Location"] == "/app/settings?saved=1"
    # the default is Spanish now; this admin's browser asks for English
    page = s.get(srv.url + r.headers["Location"], headers={"Accept-Language": "en"},
                 timeout=10).text
    assert "Settings saved." in page
    # stored NFC-normalized and trimmed
    assert input_value(page, "group_name") == "Caf\u00e9 Solidaridad"
    assert input_value(page, "timezone") == "Europe/Madrid"
    assert input_value(page, "hotline") == "+34 (91) 555-0199"
    assert checked_languages(page) == {"en", "es", "ur"}
    # visitors see it at once
    anon = srv.get("/")
    assert "Caf\u00e9 Solidaridad" in anon.text
    assert '<html lang="es" dir="ltr">' in anon.text
    assert 'href="tel:+34915550199"' in anon.text
    assert 'hreflang="bn"' not in anon.text
    token = api_token(srv, "volunteer")
    assert srv.get("/api/v1", headers={"OSDI-API-Token": token}).json()["motd"] == \
        "Caf\u00e9 Solidaridad"
    # a language that was switched off is no longer served
    assert '<html lang="es"' in srv.get("/?lang=bn").text
    assert '<html lang="ur" dir="rtl">' in srv.get("/?lang=ur").text


def test_settings_survive_a_restart(binary, tmp_path):
    data = make_data(tmp_path)
    srv = start_server(data, name="restart1")
    try:
        s = sign_in(srv, data.admin_email, data.admin_password)
        r = post_settings(srv, s, group_name="Kept Across Restarts", languages=["en", "bn"],
                          default_lang="bn", timezone="Asia/Dhaka", hotline="")
        assert r.status_code == 303
    finally:
        finish_server(srv)
    srv = start_server(data, name="restart2")
    try:
        r = srv.get("/")
        assert "Kept Across Restarts" in r.text
        assert '<html lang="bn" dir="ltr">' in r.text
        assert "tel:" not in r.text  # no hotline now
    finally:
        finish_server(srv)
