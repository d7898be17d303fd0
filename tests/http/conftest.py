"""Fixtures for the HTTP layer: the real `sanctuary` binary on a free port
with a fresh data folder.

Environment:
  SANCTUARY_BIN        the binary (default: build/sanctuary under the repo root)
  SANCTUARY_ARTIFACTS  where server logs go (default: test-artifacts)
  SANCTUARY_FUZZ_SEED  seed for test_malformed.py's random requests

Every server started here is stopped with SIGTERM at teardown; it must exit
0 within 15 s, and its standard error must hold no AddressSanitizer,
UndefinedBehaviorSanitizer or LeakSanitizer report. A report found in any
server's log also fails the whole session (pytest_sessionfinish).
"""
from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("SANCTUARY_BIN") or ROOT / "build" / "sanctuary")
if not BIN.is_absolute():
    BIN = (ROOT / BIN).resolve()
ARTIFACTS = Path(os.environ.get("SANCTUARY_ARTIFACTS") or ROOT / "test-artifacts")
if not ARTIFACTS.is_absolute():
    ARTIFACTS = (ROOT / ARTIFACTS).resolve()
# "build" or "build-asan": keeps the two runs' logs apart.
VARIANT = BIN.parent.name or "bin"

SANITIZER_MARKS = ("AddressSanitizer", "runtime error:", "LeakSanitizer")
STOP_TIMEOUT = 15.0
START_TIMEOUT = 30.0  # the ASan build starts slower

# Every server log written in this session, checked again at the end.
_server_logs: list[Path] = []
_counter = 0

# Passwords used by the helpers (12+ characters, not on the common list).
STAFF_PASSWORD = "correct horse battery staple 42"


def sanitizer_reports(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(m in line for m in SANITIZER_MARKS)]


def run_cli(*args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Runs `sanctuary ARGS`; returns the CompletedProcess (text mode)."""
    env = dict(os.environ)
    # Sanitizer reports from CLI runs must fail the test that ran them.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    proc = subprocess.run(
        [str(BIN), *args], input=stdin, capture_output=True, text=True, timeout=timeout,
        env=env, cwd=str(ROOT),
    )
    reports = sanitizer_reports(proc.stderr)
    assert not reports, f"sanitizer report from `sanctuary {' '.join(args)}`:\n{proc.stderr}"
    return proc


DEMO_RE = re.compile(r"^demo sign-in: (\S+)  password: (\S+)$", re.M)


@dataclass
class DataDir:
    path: Path
    admin_email: str | None = None
    admin_password: str | None = None


def make_data(parent: Path, *init_args: str, demo: bool = True) -> DataDir:
    """`init` (+ `demo`) into a new folder under `parent`."""
    global _counter
    _counter += 1
    d = Path(tempfile.mkdtemp(prefix=f"data{_counter}-", dir=parent))
    data = d / "data"
    r = run_cli("init", "--data", str(data), *init_args)
    assert r.returncode == 0, f"init failed ({r.returncode}): {r.stderr}"
    dd = DataDir(data)
    if demo:
        r = run_cli("demo", "--data", str(data))
        assert r.returncode == 0, f"demo failed ({r.returncode}): {r.stderr}"
        m = DEMO_RE.search(r.stdout)
        assert m, f"demo printed no sign-in line:\n{r.stdout}"
        dd.admin_email, dd.admin_password = m.group(1), m.group(2)
    return dd


@dataclass
class Server:
    data: DataDir
    proc: subprocess.Popen
    host: str
    port: int
    stderr_path: Path
    stopped: bool = False
    returncode: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def get(self, path: str, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 10)
        return requests.get(self.url + path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 10)
        return requests.post(self.url + path, **kw)

    def request(self, method: str, path: str, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 10)
        return requests.request(method, self.url + path, **kw)

    def log(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def access_lines(self) -> list[str]:
        """Complete access-log lines (a line still being written is left out)."""
        text = self.log()
        lines = text.split("\n")[:-1]  # after the last newline: incomplete
        return [l for l in lines if " access " in l]

    def wait_for_log(self, predicate, timeout: float = 3.0) -> str:
        """The access log line is written after the reply is sent: poll."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.log()
            if predicate(text) or time.monotonic() > deadline:
                return text
            time.sleep(0.02)

    def healthy(self, timeout: float = 5) -> bool:
        try:
            r = requests.get(self.url + "/healthz", timeout=timeout)
            return r.status_code == 200 and r.json() == {"status": "ok"}
        except (requests.RequestException, ValueError):
            return False

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> int:
        """Sends `sig`, waits; returns the exit code (None-safe: kills on timeout)."""
        if self.stopped:
            return self.returncode
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.returncode = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.returncode = None
        return self.returncode


def start_server(data: DataDir, *serve_args: str, name: str = "server") -> Server:
    global _counter
    _counter += 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stderr_path = ARTIFACTS / f"http-{VARIANT}-{_counter:03d}-{name}.stderr"
    _server_logs.append(stderr_path)
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
    with open(stderr_path, "wb") as err:
        proc = subprocess.Popen(
            [str(BIN), "serve", "--data", str(data.path), "--listen", "127.0.0.1:0",
             "--timeout", "2", *serve_args],
            stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=str(ROOT),
        )
    # The first stdout line is "listening on http://HOST:PORT".
    deadline = time.monotonic() + START_TIMEOUT
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            break
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            ch = os.read(proc.stdout.fileno(), 1)
            if not ch:
                break
            line += ch
    m = re.fullmatch(rb"listening on http://(127\.0\.0\.1):(\d+)\n", line)
    if not m:
        proc.kill()
        proc.wait()
        pytest.fail(f"serve did not print 'listening on http://127.0.0.1:PORT' "
                    f"(got {line!r}); stderr:\n{stderr_path.read_text(errors='replace')}")
    srv = Server(data, proc, m.group(1).decode(), int(m.group(2)), stderr_path)
    deadline = time.monotonic() + START_TIMEOUT
    while not srv.healthy(timeout=2):
        if time.monotonic() > deadline or proc.poll() is not None:
            srv.stop()
            pytest.fail(f"/healthz never answered; stderr:\n{srv.log()}")
        time.sleep(0.05)
    return srv


def finish_server(srv: Server) -> None:
    """Teardown: SIGTERM, exit 0 within 15 s, no sanitizer report."""
    rc = srv.stop()
    text = srv.log()
    reports = sanitizer_reports(text)
    assert not reports, f"sanitizer report in {srv.stderr_path}:\n{text[-6000:]}"
    assert rc == 0, (f"server exit code after SIGTERM was {rc} (None = still running after "
                     f"{STOP_TIMEOUT:.0f} s); stderr tail:\n{text[-3000:]}")


# ---- fixtures -------------------------------------------------------------

@pytest.fixture(scope="session")
def binary() -> Path:
    if not BIN.exists():
        pytest.exit(f"no binary at {BIN} (build it, or set SANCTUARY_BIN)", returncode=1)
    return BIN


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sanctuary")


@pytest.fixture(scope="session")
def server(binary, session_tmp) -> Server:
    """One server for the whole session: tests that use it must not change
    settings or other shared state."""
    data = make_data(session_tmp)
    srv = start_server(data, name="shared")
    yield srv
    finish_server(srv)


@pytest.fixture
def fresh_server(binary, tmp_path) -> Server:
    """A server of its own, with its own data folder (demo content)."""
    data = make_data(tmp_path)
    srv = start_server(data, name="fresh")
    yield srv
    finish_server(srv)


@pytest.fixture
def server_factory(binary, tmp_path):
    """Starts servers with custom init options; all are finished at teardown."""
    started: list[Server] = []

    def factory(*init_args: str, demo: bool = True, serve_args: tuple = ()) -> Server:
        srv = start_server(make_data(tmp_path, *init_args, demo=demo), *serve_args,
                           name="custom")
        started.append(srv)
        return srv

    yield factory
    for srv in started:
        finish_server(srv)


# ---- signing in -------------------------------------------------------------

CSRF_RE = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)"')


def esc(text: str) -> str:
    """What the templates write for `text` (html/escape.c)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def text_form(html: str, action: str, lang: str) -> str:
    """The inside of one language's translation form on a staff page
    (app/content_form.c)."""
    m = re.search(r'<form method="post" action="%s" class="narrow" lang="%s">(.*?)</form>'
                  % (re.escape(action), re.escape(lang)), html, re.S)
    assert m, f"no {lang} form posting to {action}"
    return m.group(1)


def hidden_csrf(html: str) -> str:
    m = CSRF_RE.search(html)
    assert m, "no hidden csrf field in the page"
    return m.group(1)


class _FormParser:
    """What a browser would submit from the <form action=ACTION> of a page."""

    def __init__(self, action):
        from html.parser import HTMLParser
        outer = self
        self.action, self.pairs, self.in_form, self.select, self.textarea = action, [], False, None, None

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outer.start(tag, dict(attrs))

            def handle_endtag(self, tag):
                outer.end(tag)

            def handle_data(self, data):
                if outer.textarea is not None:
                    outer.textarea[1] += data

        self.parser = P(convert_charrefs=True)

    def start(self, tag, a):
        if tag == "form":
            self.in_form = a.get("action") == self.action
            return
        if not self.in_form:
            return
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None, None]  # name, first, selected
        elif tag == "option" and self.select is not None:
            v = a.get("value", "")
            if self.select[1] is None:
                self.select[1] = v
            if "selected" in a:
                self.select[2] = v
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def end(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            v = self.select[2] if self.select[2] is not None else self.select[1]
            if v is not None:
                self.pairs.append((self.select[0], v))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.pairs.append(tuple(self.textarea))
            self.textarea = None


def browser_form(html: str, action: str, **overrides) -> list:
    """The (name, value) pairs a browser submits from the form posting to
    `action`, with `overrides` applied: a list sets several values (check
    boxes), None removes the field."""
    fp = _FormParser(action)
    fp.parser.feed(html)
    fp.parser.close()
    pairs = fp.pairs
    assert pairs, f"no form with action={action!r} in the page"
    for name, v in overrides.items():
        pairs = [(k, x) for k, x in pairs if k != name]
        if v is None:
            continue
        pairs += [(name, x) for x in (v if isinstance(v, (list, tuple)) else [v])]
    return pairs


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (HMAC-SHA1, 30 s, 6 digits)."""
    import base64
    import hashlib
    import hmac
    import struct
    key = base64.b32decode(secret_b32.upper() + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    n = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return str(n).zfill(digits)


SECRET_RES = [re.compile(r"secret=([A-Z2-7]{32})"),
              re.compile(r"\b([A-Z2-7]{4}(?:[ -]?[A-Z2-7]{4}){7})\b")]
RECOVERY_RE = re.compile(r"\b([a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5})\b")

# (server port, email) -> unused recovery codes, for signing in again.
_recovery: dict = {}


def enroll_2fa(srv: Server, s: requests.Session) -> tuple:
    """Enrolls two-factor for the signed-in user; returns (secret, recovery codes)."""
    page = s.get(srv.url + "/app/account/2fa", allow_redirects=False, timeout=10)
    assert page.status_code == 200, f"GET /app/account/2fa: {page.status_code}"
    secret = None
    for rx in SECRET_RES:
        m = rx.search(page.text)
        if m:
            secret = re.sub(r"[ -]", "", m.group(1))
            break
    assert secret, "no TOTP secret on the two-factor page"
    r = s.post(srv.url + "/app/account/2fa", allow_redirects=False, timeout=10,
               data={"csrf": hidden_csrf(page.text), "code": totp(secret)})
    assert r.status_code == 200, f"enrolling two-factor answered {r.status_code}:\n{r.text[:1500]}"
    codes = RECOVERY_RE.findall(r.text)
    assert len(codes) >= 1, "no recovery codes shown after enrolling"
    return secret, codes


def sign_in(srv: Server, email: str, password: str, *, enroll: bool = True) -> requests.Session:
    """Signs in through the real form; returns a requests.Session holding `sid`.
    When the group requires two-factor, enrolls it on the first sign-in and
    uses a recovery code on later ones (a TOTP code cannot be used twice)."""
    s = requests.Session()
    r = s.get(srv.url + "/signin", timeout=10)
    assert r.status_code == 200, r.status_code
    assert "pre" in s.cookies, f"GET /signin set no 'pre' cookie: {r.headers.get('Set-Cookie')}"
    csrf = hidden_csrf(r.text)
    r = s.post(srv.url + "/signin", data={"email": email, "password": password, "csrf": csrf},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303, f"sign-in answered {r.status_code}:\n{r.text[:2000]}"
    key = (srv.port, email.lower())
    if r.headers.get("Location") == "/signin/code":
        codes = _recovery.get(key)
        assert codes, f"{email} has two-factor and no recovery code is left"
        page = s.get(srv.url + "/signin/code", timeout=10)
        r = s.post(srv.url + "/signin/code", allow_redirects=False, timeout=10,
                   data={"csrf": hidden_csrf(page.text), "code": codes.pop(0)})
        assert r.status_code == 303, f"sign-in code answered {r.status_code}:\n{r.text[:1500]}"
    assert r.headers.get("Location") == "/app"
    assert "sid" in s.cookies, f"no 'sid' cookie after sign-in: {r.headers.get('Set-Cookie')}"
    if enroll:
        home = s.get(srv.url + "/app", allow_redirects=False, timeout=10)
        if home.status_code == 303 and home.headers["Location"].startswith("/app/account/2fa"):
            secret, codes = enroll_2fa(srv, s)
            _recovery[key] = list(codes)
            s.totp_secret, s.recovery_codes = secret, list(codes)
    return s


def api_token(srv_or_data, role: str = "admin", name: str = "tests") -> str:
    """`sanctuary token create`: the token it prints once."""
    data = srv_or_data.data if isinstance(srv_or_data, Server) else srv_or_data
    r = run_cli("token", "create", "--data", str(data.path), "--name", name, "--role", role)
    assert r.returncode == 0, f"token create failed ({r.returncode}): {r.stderr}"
    token = r.stdout.strip().splitlines()[-1].strip()
    assert len(token) >= 20, r.stdout
    return token


def add_user(srv_or_data, email: str, role: str, password: str = STAFF_PASSWORD,
             name: str | None = None) -> subprocess.CompletedProcess:
    """`sanctuary user add` with the password on stdin; asserts success."""
    data = srv_or_data.data if isinstance(srv_or_data, Server) else srv_or_data
    args = ["user", "add", "--data", str(data.path), "--email", email, "--role", role]
    if name:
        args += ["--name", name]
    r = run_cli(*args, stdin=password + "\n")
    assert r.returncode == 0, f"user add failed ({r.returncode}): {r.stderr}"
    return r


@pytest.fixture(scope="session")
def admin(server) -> requests.Session:
    """The demo admin signed in on the shared server. Do not sign it out."""
    return sign_in(server, server.data.admin_email, server.data.admin_password)


@pytest.fixture(scope="session")
def organizer(server) -> requests.Session:
    add_user(server, "organizer@example.org", "organizer")
    return sign_in(server, "organizer@example.org", STAFF_PASSWORD)


# ---- raw sockets ------------------------------------------------------------

@dataclass
class RawResponse:
    status: int | None
    reason: str
    headers: dict  # lower-case name -> list of values
    body: bytes
    raw: bytes
    closed: bool  # the server closed the connection

    def header(self, name: str) -> str | None:
        v = self.headers.get(name.lower())
        return v[0] if v else None


def parse_responses(data: bytes) -> list[RawResponse]:
    """Splits raw bytes into HTTP/1.1 responses (Content-Length framing)."""
    out = []
    rest = data
    while rest:
        head, sep, tail = rest.partition(b"\r\n\r\n")
        if not sep:
            out.append(RawResponse(None, "", {}, b"", rest, True))
            break
        lines = head.split(b"\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3}) ?(.*)", lines[0])
        if not m:
            out.append(RawResponse(None, "", {}, b"", rest, True))
            break
        headers: dict = {}
        for l in lines[1:]:
            k, _, v = l.partition(b":")
            headers.setdefault(k.strip().lower().decode("latin-1"), []).append(
                v.strip().decode("latin-1"))
        n = int(headers.get("content-length", ["0"])[0] or 0)
        body, rest = tail[:n], tail[n:]
        out.append(RawResponse(int(m.group(1)), m.group(2).decode("latin-1"), headers, body,
                               head + sep + body, False))
    return out


def raw_exchange(srv: Server, payload: bytes, *, timeout: float = 5.0, shut_write: bool = True,
                 until_close: bool = True) -> tuple[bytes, bool]:
    """Sends `payload`; reads until the server closes (or `timeout`).
    Returns (bytes read, closed-by-server)."""
    s = socket.create_connection((srv.host, srv.port), timeout=timeout)
    chunks = []
    closed = False
    try:
        try:
            s.sendall(payload)
            if shut_write:
                s.shutdown(socket.SHUT_WR)
        except OSError:  # the server may close before reading everything
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not b:
                closed = True
                break
            chunks.append(b)
            if not until_close:
                got = b"".join(chunks)
                rs = parse_responses(got)
                if rs and rs[0].status is not None and len(rs[0].body) == int(
                        rs[0].header("content-length") or 0):
                    break
    finally:
        s.close()
    return b"".join(chunks), closed


def raw_request(srv: Server, payload: bytes, **kw) -> RawResponse:
    """One request over a raw socket; the first response (status None if none)."""
    data, closed = raw_exchange(srv, payload, **kw)
    rs = parse_responses(data)
    if not rs:
        return RawResponse(None, "", {}, b"", data, closed)
    r = rs[0]
    r.closed = closed
    return r


# ---- session-wide sanitizer check --------------------------------------------

def pytest_sessionfinish(session, exitstatus):
    bad = []
    for p in _server_logs:
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if sanitizer_reports(text):
            bad.append(p)
    if bad:
        print("\nSANITIZER REPORTS in server logs: " + ", ".join(str(p) for p in bad))
        session.exitstatus = 1


def pytest_report_header(config):
    return [f"sanctuary binary: {BIN}", f"artifacts: {ARTIFACTS}"]
