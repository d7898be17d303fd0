"""Every route, as every role: the permission table decides, the default is
deny, and a page a role may not use answers 404 (not 403), so nobody learns
what exists. Unsafe requests sent without a CSRF token prove the
permission check ran first: allowed → 403 (CSRF), denied → 404."""
import re

import pytest
import requests

from conftest import csrf_of, run

# What each action allows, by role (the policy in src/auth/permissions.c,
# restated here so a change there must be a deliberate change here too).
POLICY = {
    "staff.home": {"volunteer", "organizer", "admin"},
    "account.self": {"volunteer", "organizer", "admin"},
    "settings.edit": {"admin"},
    "users.manage": {"admin"},
    "tokens.manage": {"admin"},
    "audit.read": {"admin"},
    "api.read": {"volunteer", "organizer", "admin"},
    "people.read": {"volunteer", "organizer", "admin"},
    "people.edit": {"organizer", "admin"},
    "people.merge": {"organizer", "admin"},
    "people.import": {"organizer", "admin"},
    "people.export": {"organizer", "admin"},
    "rights.edit": {"organizer", "admin"},
    "leafleting.log": {"volunteer", "organizer", "admin"},
    "petitions.read": {"volunteer", "organizer", "admin"},
    "petitions.manage": {"organizer", "admin"},
    "events.read": {"volunteer", "organizer", "admin"},
    "events.manage": {"organizer", "admin"},
    "events.door": {"volunteer", "organizer", "admin"},
    "messages.read": {"organizer", "admin"},
    "messages.manage": {"organizer", "admin"},
    "cases.create": {"organizer", "admin"},
    "cases.read": {"organizer", "admin"},
    "cases.edit": {"organizer", "admin"},
    "cases.api": {"admin"},
}

# Record-level actions: on top of the role, the case's team decides. The
# matrix's organizer is NOT on the case used below, so for a case's own
# routes (/app/cases/{id}...) a GET answers 404 to them exactly as to a
# volunteer. A POST without a CSRF token still answers 403 to them: the
# CSRF check runs before the handler looks the case up, for any id, real
# or not, so that 403 says nothing about the case. With a valid token the
# handler answers 404 (test_case_routes_are_team_only below).
RECORD_ACTIONS = {"cases.read", "cases.edit"}


def record_route(pattern, action):
    return action in RECORD_ACTIONS and pattern.startswith("/app/cases/{id}")


def routes():
    out = run("routes").stdout.strip().splitlines()
    table = []
    for line in out:
        methods, pattern, access, action = line.split("\t")
        table.append((methods.split(", "), pattern, access, action))
    return table


@pytest.fixture(scope="module")
def people(site):
    for role in ("volunteer", "organizer"):
        site.add_user(f"{role}@example.org", role, name=f"Test {role}")
    sessions = {
        "admin": site.admin(),
        "organizer": site.sign_in("organizer@example.org", "a long enough passphrase 42"),
        "volunteer": site.sign_in("volunteer@example.org", "a long enough passphrase 42"),
    }
    target = run("user", "add", "--data", str(site.data), "--email", "target@example.org",
                 "--role", "volunteer", input="a long enough passphrase 42\n").stdout
    target_id = re.search(r"account (\d+)", target).group(1)
    # a person, for /app/people/{id}
    s = requests.Session()
    page = s.get(site.url + "/join").text
    s.post(site.url + "/join", data={"given_name": "Matrix", "email": "matrix-person@example.org",
                                     "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1)})
    # a second person (for the merge page) and a tag (for /api/v1/tags/{id})
    page = s.get(site.url + "/join").text
    s.post(site.url + "/join", data={"given_name": "Matrix Two", "email": "matrix-two@example.org",
                                     "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1)})
    admin = sessions["admin"]
    page = admin.get(site.url + "/app/tags").text
    admin.post(site.url + "/app/tags", data={"name": "matrix", "csrf": csrf_of(page)})
    # an uploaded import, for /app/people/import/{id}
    page = admin.get(site.url + "/app/people/import").text
    r = admin.post(site.url + "/app/people/import", data={"csrf": csrf_of(page)},
                   files={"file": ("m.csv", b"email\nm@example.org\n", "text/csv")},
                   allow_redirects=False)
    global IMPORT_TOKEN
    IMPORT_TOKEN = r.headers["location"].rsplit("/", 1)[1]
    tokens = {}
    for role in ("volunteer", "organizer", "admin"):
        tokens[role] = run("token", "create", "--data", str(site.data), "--name", f"t-{role}",
                           "--role", role).stdout.strip()
    make_case(site, sessions["admin"])
    return sessions, tokens, target_id


CASE = {}


def make_case(site, admin):
    """A case opened by the admin (the matrix's organizer is not on its team),
    with a key date, a task, a call and a mobilization, for the {ids} below."""
    def post(path, **data):
        page = admin.get(site.url + "/app/cases/new").text
        data["csrf"] = csrf_of(page)
        r = admin.post(site.url + path, data=data, allow_redirects=False)
        assert r.status_code == 303, (path, r.status_code, r.text[:500])
        return r.headers["location"]
    loc = post("/app/cases", title="Matrix case", person_id=PERSON_ID, consent="1",
               consent_given_by="the person")
    CASE["id"] = loc.rsplit("/", 1)[1]
    base = f"/app/cases/{CASE['id']}"
    post(base + "/dates", kind="hearing", title="Hearing", date="2031-01-15", time="09:00",
         place="26 Federal Plaza")
    post(base + "/tasks", title="Call the lawyer")
    loc = post(base + "/calls", date_id="0", date="2031-01-15", time="08:30", place="Plaza",
               need_companion="3")
    CASE["call"] = loc.rsplit("/", 1)[1]
    loc = post(base + "/mobilize", title="Matrix", query="q=nobody-at-all", sms="1",
               text_en="Can you come?")
    CASE["mid"] = loc.rsplit("/", 1)[1]
    page = admin.get(site.url + base).text
    r = admin.post(site.url + base + "/documents", data={"csrf": csrf_of(page)},
                   files={"file": ("note.txt", b"a plain note", "text/plain")}, allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    CASE["doc"] = re.search(r'/documents/(\d+)"', admin.get(site.url + base).text).group(1)


def csrf_of(html):
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


PERSON_ID = "1"  # the first person in a fresh data folder: the one joined above
IMPORT_TOKEN = None  # set by the fixture


def concrete(pattern, target_id):
    if pattern == "/app/people/merge":
        return pattern + "?a=1&b=2"
    if pattern.startswith("/app/people/import/"):
        target_id = IMPORT_TOKEN
    elif pattern.startswith("/app/people/"):
        target_id = PERSON_ID
    if pattern == "/app/rights/{id}":
        return "/app/rights/1?tlang=en"  # the first shipped article, in English
    if pattern.startswith(("/app/petitions/", "/app/events/")):
        target_id = "1"  # the demo's first petition and event
    if pattern.startswith("/app/cases/{id}"):
        target_id = CASE["id"]
        pattern = (pattern.replace("{date}", "1").replace("{task}", "1")
                   .replace("{call}", CASE["call"]).replace("{mid}", CASE["mid"])
                   .replace("{doc}", CASE["doc"]))
    return pattern.replace("{id}", target_id).replace("{file}", "nothing.css").replace(
        "{token}", "x" * 43)


def test_routes_listed():
    table = routes()
    assert len(table) >= 20
    for methods, pattern, access, action in table:
        if access != "public":
            assert action in POLICY, f"{pattern}: unknown action {action}"


def test_anonymous_never_reaches_staff_or_api(site, people):
    for methods, pattern, access, action in routes():
        if access == "public":
            continue
        url = site.url + concrete(pattern, people[2])
        for m in methods:
            if m == "HEAD":
                continue
            r = requests.request(m, url, allow_redirects=False)
            if access == "api":
                assert r.status_code == 401, (m, pattern, r.status_code)
                assert r.headers["content-type"].startswith("application/problem+json")
            elif m == "GET":
                assert r.status_code == 303 and r.headers["location"] == "/signin", (m, pattern)
            else:
                assert r.status_code == 401, (m, pattern, r.status_code)


@pytest.mark.parametrize("role", ["volunteer", "organizer", "admin"])
def test_staff_routes_by_role(site, people, role):
    sessions, _, target_id = people
    s = sessions[role]
    checked = 0
    for methods, pattern, access, action in routes():
        if access != "staff" or pattern == "/signout":
            continue
        url = site.url + concrete(pattern, target_id)
        allowed = role in POLICY[action]
        for m in methods:
            if m == "HEAD":
                continue
            r = s.request(m, url, allow_redirects=False)
            checked += 1
            if allowed and record_route(pattern, action) and role != "admin" and m == "GET":
                # allowed by role, but not on this case's team: as if it did not exist
                assert r.status_code == 404, (role, m, pattern, r.status_code)
            elif not allowed:
                assert r.status_code == 404, (role, m, pattern, r.status_code)
            elif m == "GET":
                assert r.status_code == 200, (role, m, pattern, r.status_code)
            else:
                # passed the permission check, stopped by the missing CSRF token
                assert r.status_code == 403, (role, m, pattern, r.status_code)
    assert checked >= 15


@pytest.mark.parametrize("role", ["volunteer", "organizer", "admin"])
def test_api_routes_by_token_role(site, people, role):
    _, tokens, _ = people
    for methods, pattern, access, action in routes():
        if access != "api":
            continue
        url = site.url + pattern.replace("{id}", PERSON_ID)
        allowed = role in POLICY[action]
        for m in methods.split(", ") if isinstance(methods, str) else methods:
            if m == "HEAD":
                continue
            # an empty body: an allowed POST fails validation (422), a denied one is 404
            r = requests.request(m, url, headers={"OSDI-API-Token": tokens[role]}, json={} if m == "POST" else None)
            want = (200 if m == "GET" else 422) if allowed else 404
            assert r.status_code == want, (role, m, pattern, r.status_code)


def test_api_rejects_bad_and_revoked_tokens(site, people):
    r = requests.get(site.url + "/api/v1/", headers={"OSDI-API-Token": "sct_" + "A" * 43})
    assert r.status_code == 401
    # a session cookie is not an API credential
    r = people[0]["admin"].get(site.url + "/api/v1/")
    assert r.status_code == 401


def test_volunteer_sees_no_admin_links(site, people):
    r = people[0]["volunteer"].get(site.url + "/app")
    assert r.status_code == 200
    for href in ("/app/settings", "/app/users", "/app/tokens", "/app/audit"):
        assert href not in r.text


def test_denials_are_audited(site, people):
    people[0]["volunteer"].get(site.url + "/app/audit")
    r = people[0]["admin"].get(site.url + "/app/audit")
    assert "permission.denied" in r.text


def test_case_routes_are_team_only(site, people):
    """The organizer not on the team gets 404 on every route of the case, even
    with a valid CSRF token; once on the team, every page of the case answers 200."""
    sessions = people[0]
    outsider = sessions["organizer"]
    csrf = csrf_of(outsider.get(site.url + "/app/account").text)
    record = [(methods, pattern) for methods, pattern, access, action in routes()
              if access == "staff" and record_route(pattern, action)]
    assert len(record) >= 20
    for methods, pattern in record:
        url = site.url + concrete(pattern, "0")
        for m in methods:
            if m == "HEAD":
                continue
            r = outsider.request(m, url, data={"csrf": csrf} if m == "POST" else None,
                                 allow_redirects=False)
            assert r.status_code == 404, (m, pattern, r.status_code)
    # a team member sees every page of the case
    site.add_user("team-org@example.org", "organizer", name="Team organizer")
    member = site.sign_in("team-org@example.org", "a long enough passphrase 42")
    admin = sessions["admin"]
    page = admin.get(site.url + f"/app/cases/{CASE['id']}").text
    uid = re.search(r'<option value="(\d+)">Team organizer</option>', page).group(1)
    r = admin.post(site.url + f"/app/cases/{CASE['id']}/team",
                   data={"csrf": csrf_of(page), "user_id": uid}, allow_redirects=False)
    assert r.status_code == 303
    for methods, pattern in record:
        if "GET" in methods:
            r = member.get(site.url + concrete(pattern, "0"), allow_redirects=False)
            assert r.status_code == 200, (pattern, r.status_code)
    # and the outsider's list of cases does not name it
    assert "Matrix case" not in outsider.get(site.url + "/app/cases").text
    assert "Matrix case" in member.get(site.url + "/app/cases").text
