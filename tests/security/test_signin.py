"""Sign-in, throttling, sessions, CSRF, two-factor."""
import re
import time

import requests

from conftest import csrf_of, totp


def attempt(site, s, email, password):
    page = s.get(site.url + "/signin").text
    return s.post(site.url + "/signin", data={"email": email, "password": password,
                                              "csrf": csrf_of(page)}, allow_redirects=False)


def test_eleventh_wrong_password_refused_without_checking(site):
    pw = site.add_user("brute@example.org", "volunteer")
    s = requests.Session()
    for i in range(10):
        r = attempt(site, s, "brute@example.org", f"wrong password {i:02d}")
        assert r.status_code == 401, i
        assert "do not match" in r.text
    # the 11th is refused before the hash is checked: even the right password fails
    r = attempt(site, s, "brute@example.org", pw)
    assert r.status_code == 429
    assert "Too many attempts" in r.text
    # other accounts are unaffected
    site.add_user("bystander@example.org", "volunteer")
    assert attempt(site, requests.Session(), "bystander@example.org",
                   "a long enough passphrase 42").status_code == 303


def test_unknown_account_gets_the_same_answer(site):
    a = attempt(site, requests.Session(), "nobody-here@example.org", "some password 123")
    b = attempt(site, requests.Session(), site.admin_email, "some password 123")
    assert a.status_code == b.status_code == 401
    strip = lambda t: re.sub(r'value="[^"]*"', "", t)
    assert strip(a.text).replace("nobody-here@example.org", "X") == \
        strip(b.text).replace(site.admin_email, "X")


def test_session_cookie_and_signout(site):
    site.add_user("signout@example.org", "volunteer")
    s = site.sign_in("signout@example.org", "a long enough passphrase 42")
    cookie = [c for c in s.cookies if c.name in ("sid", "__Host-sid")][0]
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert len(cookie.value) >= 43  # 256 bits, base64url
    r = s.get(site.url + "/app")
    old = cookie.value
    s.post(site.url + "/signout", data={"csrf": csrf_of(r.text)})
    r = requests.get(site.url + "/app", cookies={"sid": old}, allow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin"


def test_set_cookie_attributes(site):
    s = requests.Session()
    page = s.get(site.url + "/signin").text
    site.add_user("cookie@example.org", "volunteer")
    r = s.post(site.url + "/signin", data={"email": "cookie@example.org",
                                           "password": "a long enough passphrase 42",
                                           "csrf": csrf_of(page)}, allow_redirects=False)
    raw = r.headers["set-cookie"]
    assert "HttpOnly" in raw and "SameSite=Strict" in raw and "Path=/" in raw
    # behind a TLS proxy: __Host- prefix and Secure (the server trusts no proxy by default)


def test_sessions_listed_and_revoked(site):
    site.add_user("twice@example.org", "volunteer")
    a = site.sign_in("twice@example.org", "a long enough passphrase 42")
    b = site.sign_in("twice@example.org", "a long enough passphrase 42")
    page = a.get(site.url + "/app/account").text
    ids = re.findall(r'/app/account/sessions/(\d+)/revoke', page)
    assert len(ids) >= 2
    # end the other one (b's is the newest that is not marked as this browser)
    this = re.search(r'<td>[^<]*\(this browser\)</td>.*?/app/account/sessions/(\d+)/revoke', page, re.S).group(1)
    other = [i for i in ids if i != this][0]
    r = a.post(site.url + f"/app/account/sessions/{other}/revoke", data={"csrf": csrf_of(page)},
               allow_redirects=False)
    assert r.status_code == 303
    # someone else's session id answers 404
    v = site.sign_in(site.add_user("sessions-v@example.org", "volunteer") and "sessions-v@example.org",
                     "a long enough passphrase 42")
    page_v = v.get(site.url + "/app/account").text
    r = v.post(site.url + f"/app/account/sessions/{this}/revoke", data={"csrf": csrf_of(page_v)})
    assert r.status_code == 404


def test_csrf_and_cross_site_refused(site):
    s = site.admin()
    page = s.get(site.url + "/app/settings").text
    form = {"group_name": "X", "languages": ["en"], "default_lang": "en",
            "timezone": "America/New_York", "retention_invitations_days": "30", "require_2fa": "1"}
    assert s.post(site.url + "/app/settings", data=form).status_code == 403
    assert s.post(site.url + "/app/settings", data={**form, "csrf": "forged"}).status_code == 403
    r = s.post(site.url + "/app/settings", data={**form, "csrf": csrf_of(page)},
               headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    # GET never changes anything
    assert s.get(site.url + "/signout").status_code == 405


def test_disabled_user_is_out_at_once(site):
    site.add_user("leaver@example.org", "volunteer")
    v = site.sign_in("leaver@example.org", "a long enough passphrase 42")
    assert v.get(site.url + "/app").status_code == 200
    admin = site.admin()
    page = admin.get(site.url + "/app/users").text
    uid = re.search(r'<td>Test leaver</td>|leaver@example.org</td>', page) and \
        re.findall(r'/app/users/(\d+)/disable', page)
    users = admin.get(site.url + "/app/users").text
    row = [r for r in users.split("<tr>") if "leaver@example.org" in r][0]
    uid = re.search(r"/app/users/(\d+)/disable", row).group(1)
    r = admin.post(site.url + f"/app/users/{uid}/disable", data={"csrf": csrf_of(users)},
                   allow_redirects=False)
    assert r.status_code == 303
    assert v.get(site.url + "/app", allow_redirects=False).status_code == 303
    assert attempt(site, requests.Session(), "leaver@example.org",
                   "a long enough passphrase 42").status_code == 401


def test_totp_code_accepted_once_and_recovery_codes(site):
    email = "twofa@example.org"
    site.add_user(email, "organizer")
    s = requests.Session()
    r = attempt(site, s, email, "a long enough passphrase 42")
    assert r.status_code == 303
    # organizers must enrol before anything else
    r = s.get(site.url + "/app", allow_redirects=False)
    assert r.headers["location"].startswith("/app/account/2fa")
    page = s.get(site.url + "/app/account/2fa").text
    assert "<svg" in page  # the QR code, inline
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    r = s.post(site.url + "/app/account/2fa", data={"code": "000000", "csrf": csrf_of(page)})
    assert r.status_code == 422
    code = totp(secret)
    r = s.post(site.url + "/app/account/2fa", data={"code": code, "csrf": csrf_of(page)})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", r.text)
    assert len(codes) == 10
    # sign in again: the code used to enrol cannot be used again
    s2 = requests.Session()
    assert attempt(site, s2, email, "a long enough passphrase 42").headers["location"] == "/signin/code"
    page = s2.get(site.url + "/signin/code").text
    r = s2.post(site.url + "/signin/code", data={"code": code, "csrf": csrf_of(page)}, allow_redirects=False)
    assert r.status_code == 401 and "already used" in r.text
    # a recovery code works once
    r = s2.post(site.url + "/signin/code", data={"code": codes[0], "csrf": csrf_of(page)}, allow_redirects=False)
    assert r.status_code == 303
    s3 = requests.Session()
    attempt(site, s3, email, "a long enough passphrase 42")
    page = s3.get(site.url + "/signin/code").text
    r = s3.post(site.url + "/signin/code", data={"code": codes[0], "csrf": csrf_of(page)}, allow_redirects=False)
    assert r.status_code == 401
    # organizers cannot switch it off while the group requires it
    s2p = s2.get(site.url + "/app/account").text
    r = s2.post(site.url + "/app/account/2fa/disable", data={"csrf": csrf_of(s2p)})
    assert r.status_code == 403


def test_invitation_single_use(site):
    admin = site.admin()
    page = admin.get(site.url + "/app/users").text
    r = admin.post(site.url + "/app/users", data={"email": "newbie@example.org", "name": "Newbie",
                                                  "role": "volunteer", "csrf": csrf_of(page)})
    link = re.search(r'id="invite-link">[^<]*(/invite/[A-Za-z0-9_-]+)<', r.text).group(1)
    s = requests.Session()
    page = s.get(site.url + link).text
    assert "Newbie" in page
    r = s.post(site.url + link, data={"password": "short", "password2": "short", "csrf": csrf_of(page)})
    assert r.status_code == 422 and "12 characters" in r.text
    r = s.post(site.url + link, data={"password": "password1234", "password2": "password1234",
                                      "csrf": csrf_of(page)})
    assert r.status_code == 422 and "too common" in r.text
    pw = "our neighbors stand together"
    r = s.post(site.url + link, data={"password": pw, "password2": pw, "csrf": csrf_of(page)},
               allow_redirects=False)
    assert r.status_code == 303
    assert s.get(site.url + link).status_code == 404
    assert attempt(site, requests.Session(), "newbie@example.org", pw).status_code == 303
