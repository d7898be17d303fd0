"""The route table: pages, 404, 405 with Allow, HEAD, /healthz, hashed
assets, the API root, and the error registry (HTML page vs problem+json)."""
import hashlib
import json
import re

import pytest

from conftest import api_token, raw_request

ASSET_RE = re.compile(r'(?:href|src)="(/assets/([a-z0-9_-]+)\.([0-9a-f]{8,})\.(css|js|svg))"')


def asset_links(html: str) -> dict:
    """{"app.css": "/assets/app.<hash>.css", ...} from a page."""
    return {f"{m.group(2)}.{m.group(4)}": m.group(1) for m in ASSET_RE.finditer(html)}


@pytest.mark.parametrize("path, marker", [
    ("/", "<main id=\"main\">"),
    ("/signin", 'action="/signin"'),
])
def test_public_pages_render(server, path, marker):
    r = server.get(path)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.text.startswith("<!doctype html>")
    assert marker in r.text


def test_home_shows_group_name_and_demo_content(server):
    r = server.get("/")
    assert "Jackson Heights Immigrant Solidarity" in r.text
    assert "We are neighbors in Jackson Heights" in r.text


def test_healthz(server):
    r = server.get("/healthz")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.json() == {"status": "ok"}
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", [
    "/nope", "/signin/", "/app/", "/app/settings/x", "/assets", "/assets/", "/healthz/",
    "/api", "/api/v2", "/%2e%2e/etc/passwd", "/index.html", "//",
])
def test_unknown_paths_are_404_html(server, path):
    r = server.get(path)
    assert r.status_code == 404, path
    if path.startswith("/api"):
        return
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Page not found" in r.text
    assert '<a href="/">' in r.text  # a way back home


@pytest.mark.parametrize("method, path, allow", [
    ("POST", "/", {"GET", "HEAD"}),
    ("PUT", "/signin", {"GET", "HEAD", "POST"}),
    ("DELETE", "/signin", {"GET", "HEAD", "POST"}),
    ("GET", "/signout", {"POST"}),
    ("PATCH", "/app/settings", {"GET", "HEAD", "POST"}),
    ("POST", "/healthz", {"GET", "HEAD"}),
    ("OPTIONS", "/", {"GET", "HEAD"}),
    ("DELETE", "/assets/app.css", {"GET", "HEAD"}),
])
def test_wrong_method_is_405_with_allow(server, method, path, allow):
    r = server.request(method, path)
    assert r.status_code == 405
    got = {m.strip() for m in r.headers.get("Allow", "").split(",") if m.strip()}
    assert got == allow, f"Allow: {r.headers.get('Allow')!r}"
    if method != "HEAD":
        assert "Method not allowed" in r.text


def test_unknown_method_is_refused(server):
    r = raw_request(server, b"BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert r.status in (400, 405, 501), r.raw[:300]
    if r.status == 405:
        assert r.header("allow") == "GET, HEAD"


def test_head_has_headers_but_no_body(server):
    g = server.get("/")
    h = server.request("HEAD", "/")
    assert h.status_code == 200
    assert h.content == b""
    assert h.headers["Content-Type"] == g.headers["Content-Type"]
    assert h.headers.get("Content-Security-Policy") == g.headers.get("Content-Security-Policy")


def test_staff_pages_redirect_anonymous_to_signin(server):
    for path in ("/app", "/app/settings"):
        r = server.get(path)
        assert r.status_code == 303, path
        assert r.headers["Location"] == "/signin"


def test_staff_post_anonymous_is_401(server):
    r = server.post("/app/settings", data={"group_name": "x"})
    assert r.status_code == 401
    assert "Sign-in needed" in r.text
    r = server.post("/signout", data={})
    assert r.status_code == 401


# ---- static assets ---------------------------------------------------------

def test_assets_have_content_hashed_names_and_immutable_caching(server):
    links = asset_links(server.get("/").text)
    assert {"app.css", "app.js", "icon.svg"} <= set(links), links
    types = {"css": "text/css", "js": "text/javascript", "svg": "image/svg+xml"}
    for name, url in links.items():
        r = server.get(url)
        assert r.status_code == 200, url
        digest = re.search(r"\.([0-9a-f]+)\.[a-z]+$", url).group(1)
        assert hashlib.sha256(r.content).hexdigest().startswith(digest), \
            f"{url}: name does not carry the hash of the served bytes"
        cc = r.headers.get("Cache-Control", "")
        assert "immutable" in cc and "public" in cc, cc
        max_age = int(re.search(r"max-age=(\d+)", cc).group(1))
        assert max_age >= 31536000
        ext = url.rsplit(".", 1)[1]
        assert r.headers["Content-Type"].startswith(types[ext])
        assert "charset=utf-8" in r.headers["Content-Type"]


def test_asset_bytes_match_repository(server):
    from conftest import ROOT
    links = asset_links(server.get("/").text)
    for name, url in links.items():
        assert server.get(url).content == (ROOT / "assets" / name).read_bytes(), name


@pytest.mark.parametrize("path", [
    "/assets/app.css", "/assets/app.000000000000.css", "/assets/app.js.map",
    "/assets/..%2fsanctuary.db", "/assets/%2e%2e",
])
def test_unhashed_or_unknown_assets_are_404_and_not_cached(server, path):
    r = server.get(path)
    assert r.status_code == 404, path
    assert "immutable" not in r.headers.get("Cache-Control", "")


def test_pages_are_not_cached(server):
    for path in ("/", "/signin", "/nope"):
        assert server.get(path).headers.get("Cache-Control") == "no-store", path


def test_stale_hash_is_404(server):
    links = asset_links(server.get("/").text)
    url = links["app.css"]
    h = re.search(r"\.([0-9a-f]+)\.css$", url).group(1)
    other = ("0" if h[0] != "0" else "1") + h[1:]
    assert server.get(url.replace(h, other)).status_code == 404


# ---- API root and problem+json ---------------------------------------------

@pytest.fixture(scope="module")
def token(server):
    return api_token(server, "volunteer")


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/"])
def test_api_root_needs_a_token(server, path):
    assert_problem(server.get(path), 401, "unauthorized")
    r = server.get(path, headers={"OSDI-API-Token": "not-a-real-token-" + "x" * 30})
    assert_problem(r, 401, "unauthorized")


def test_api_ignores_session_cookie(server, admin):
    """The API takes tokens only: a browser session is not enough (no CSRF there)."""
    r = admin.get(server.url + "/api/v1", timeout=10)
    assert_problem(r, 401, "unauthorized")


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/"])
def test_api_root(server, token, path):
    r = server.get(path, headers={"OSDI-API-Token": token})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/hal+json; charset=utf-8"
    doc = r.json()
    assert doc["motd"] == "Jackson Heights Immigrant Solidarity"
    assert doc["_links"]["self"]["href"] == "/api/v1/"


def assert_problem(r, status, slug):
    assert r.status_code == status
    assert r.headers["Content-Type"] == "application/problem+json; charset=utf-8"
    doc = json.loads(r.content)
    assert doc["status"] == status
    assert doc["type"] == f"/problems/{slug}"
    assert isinstance(doc["title"], str) and doc["title"]
    assert isinstance(doc["detail"], str) and doc["detail"]
    return doc


def test_api_404_is_problem_json(server):
    doc = assert_problem(server.get("/api/v1/nothing-here"), 404, "not-found")
    assert doc["title"] == "Page not found"


def test_api_405_is_problem_json_with_allow(server):
    r = server.post("/api/v1", json={})
    assert_problem(r, 405, "method-not-allowed")
    assert {m.strip() for m in r.headers["Allow"].split(",")} == {"GET", "HEAD"}


def test_api_bad_utf8_is_problem_json(server):
    assert_problem(server.get("/api/v1?q=%FF"), 400, "invalid-text")


def test_api_problem_content_language_is_single(server):
    """Content-Language must be sent once, naming the language of the problem."""
    r = server.get("/api/nope", headers={"Accept-Language": "es"})
    assert_problem(r, 404, "not-found")
    raw = raw_request(server, b"GET /api/nope HTTP/1.1\r\nHost: x\r\nAccept-Language: es\r\n"
                              b"Connection: close\r\n\r\n")
    assert raw.headers.get("content-language") == ["es"], raw.headers.get("content-language")


def test_html_errors_are_not_json(server):
    r = server.get("/nope")
    assert r.headers["Content-Type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in r.text
    assert "There is nothing at this address." in r.text
