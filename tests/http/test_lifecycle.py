"""The access log (one line per request, nothing personal) and graceful
shutdown on SIGTERM/SIGINT."""
import collections
import re
import signal
import socket
import time

import pytest
import requests

from conftest import browser_form, hidden_csrf, parse_responses, run_cli, sign_in

ACCESS_RE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ access (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|-|\?) "
    r"(\S+) (\d{1,3}) (\d+\.\d+)ms$")
STATIC_PATTERNS = {"/", "/healthz", "/assets/{file}", "/signin", "/signout", "/app",
                   "/app/settings", "/api/v1", "/api/v1/", "-"}


def route_patterns():
    """From `sanctuary routes` when the binary has it."""
    r = run_cli("routes")
    if r.returncode != 0:
        return STATIC_PATTERNS
    found = {line.split("\t")[1] for line in r.stdout.splitlines() if line.count("\t") >= 2}
    return found | {"-"}
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def access_entries(srv):
    out = []
    for line in srv.access_lines():
        m = ACCESS_RE.match(line)
        assert m, f"access line in an unexpected format: {line!r}"
        out.append((m.group(1), m.group(2), int(m.group(3))))
    return out


def test_one_access_line_per_request(fresh_server):
    srv = fresh_server
    asset = re.search(r'href="(/assets/app\.[0-9a-f]+\.css)"', srv.get("/").text).group(1)
    srv.wait_for_log(lambda _: ("GET", "/", 200) in access_entries(srv))
    baseline = collections.Counter(access_entries(srv))
    for _ in range(3):
        srv.get("/?lang=es")
    srv.get("/nope")
    srv.get("/nope/again?x=1")
    srv.post("/")
    srv.get(asset)
    srv.request("HEAD", "/signin")
    srv.get("/app")
    srv.get("/?q=%FF")
    expected = collections.Counter({("GET", "/", 200): 3, ("GET", "-", 404): 2, ("POST", "-", 405): 1,
                                    ("GET", "/assets/{file}", 200): 1, ("HEAD", "/signin", 200): 1,
                                    ("GET", "/app", 303): 1, ("GET", "-", 400): 1})
    want = sum(expected.values())
    srv.wait_for_log(lambda _: len(access_entries(srv)) - sum(baseline.values()) >= want)
    time.sleep(0.2)  # nothing more should arrive
    got = collections.Counter(access_entries(srv)) - baseline
    assert got == expected, f"got {dict(got)}"


def test_access_log_format(server):
    server.get("/")
    entries = server.wait_for_log(lambda t: " access " in t) and access_entries(server)
    assert entries
    patterns = route_patterns()
    assert "/assets/{file}" in patterns
    for method, pattern, status in entries:
        assert pattern in patterns, f"logged {pattern!r}: only route patterns (or -) belong here"
        # 0: the client went away (or was cut off) before any answer
        assert status == 0 or 100 <= status <= 599


def test_healthz_is_not_logged_but_answers(server):
    before = len(server.access_lines())
    for _ in range(5):
        assert server.healthy()
    server.get("/signin")  # a logged request after them, to wait on
    server.wait_for_log(lambda _: len(server.access_lines()) > before)
    new = server.access_lines()[before:]
    assert not any("/healthz" in l for l in new), new


def test_log_holds_no_personal_data(fresh_server):
    srv = fresh_server
    email, password = srv.data.admin_email, srv.data.admin_password
    secrets = ["SECRETQUERY7731", "secret-visitor@example.org", "hunter2-SECRETPW-99", "SECRETCOOKIE"]
    srv.get("/?token=SECRETQUERY7731&lang=es")
    srv.get("/nope/SECRETQUERY7731")
    srv.get("/signin?next=SECRETQUERY7731", cookies={"other": "SECRETCOOKIE"},
            headers={"User-Agent": "SECRETQUERY7731", "Referer": "http://x/SECRETQUERY7731",
                     "X-Forwarded-For": "203.0.113.9"})
    s = requests.Session()
    page = s.get(srv.url + "/signin", timeout=10)
    pre = s.cookies["pre"]
    s.post(srv.url + "/signin", timeout=30, data={"email": "secret-visitor@example.org",
                                                   "password": "hunter2-SECRETPW-99",
                                                   "csrf": hidden_csrf(page.text)})
    admin = sign_in(srv, email, password)
    sid = admin.cookies["sid"]
    secrets += [getattr(admin, "totp_secret", None) or "no-secret-x"] + \
        list(getattr(admin, "recovery_codes", []))
    settings = admin.get(srv.url + "/app/settings", timeout=10)
    csrf = hidden_csrf(settings.text)
    admin.post(srv.url + "/app/settings", timeout=10, allow_redirects=False,
               data=browser_form(settings.text, "/app/settings", group_name="SECRETQUERY7731",
                                 timezone="Nowhere/SECRETPW"))
    srv.get("/?q=%FF")
    srv.wait_for_log(lambda t: t.count(" access ") >= 9)
    time.sleep(0.1)
    text = srv.log()
    for needle in secrets + [email, password, sid, csrf, pre, "203.0.113.9", "Nowhere/",
                             "lang=es", "127.0.0.1", "localhost"]:
        assert needle not in text, f"the server log contains {needle!r}"
    assert not IPV4.search(text), f"an IP address in the log: {IPV4.search(text).group(0)}"


# ---- shutdown ----------------------------------------------------------------------------

def test_sigterm_finishes_request_in_flight(fresh_server):
    srv = fresh_server
    body = b"email=a%40b.org&password=abc"
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    try:
        s.sendall(b"POST /signin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        time.sleep(0.2)  # the server has the head: the request is in flight
        srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.4)
        assert srv.proc.poll() is None, "exited with a request in flight"
        # no new connections while stopping
        with pytest.raises(OSError):
            socket.create_connection((srv.host, srv.port), timeout=1).close()
        s.sendall(body[10:])
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        rs = parse_responses(data)
        assert rs and rs[0].status == 403, data[:300]  # a complete answer (the CSRF check)
        assert b"Form expired" in rs[0].body
    finally:
        s.close()
    t0 = time.monotonic()
    rc = srv.stop()
    assert rc == 0
    assert time.monotonic() - t0 < 5
    log = srv.log()
    assert "stopping" in log and "stopped" in log


def test_sigint_stops_cleanly(fresh_server):
    assert fresh_server.get("/").status_code == 200
    t0 = time.monotonic()
    assert fresh_server.stop(signal.SIGINT) == 0
    assert time.monotonic() - t0 < 5


def test_idle_keepalive_does_not_delay_shutdown(fresh_server):
    srv = fresh_server
    s = socket.create_connection((srv.host, srv.port), timeout=5)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        # the connection stays open, idle
        t0 = time.monotonic()
        assert srv.stop() == 0
        assert time.monotonic() - t0 < 3, f"took {time.monotonic() - t0:.1f}s"
    finally:
        s.close()


def test_stalled_client_does_not_block_shutdown(fresh_server):
    """A client stuck mid-header is not a request in flight for long."""
    srv = fresh_server
    s = socket.create_connection((srv.host, srv.port), timeout=5)
    try:
        s.sendall(b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc")
        time.sleep(0.2)
        t0 = time.monotonic()
        assert srv.stop() == 0
        # bounded by the connection timeout (2 s) or the 10 s grace, never more
        assert time.monotonic() - t0 < 12
    finally:
        s.close()
