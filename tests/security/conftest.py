"""Fixtures for the protection tests: a fresh data folder per module, the
real binary serving it on a free port, sign-in helpers that go through the
real forms (including two-factor), and TOTP codes computed here (RFC 6238)
so the tests do not trust the server's own implementation."""
import base64
import hashlib
import hmac
import os
import pathlib
import re
import signal
import struct
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("SANCTUARY_BIN", str(ROOT / "build" / "sanctuary"))
ARTIFACTS = pathlib.Path(os.environ.get("SANCTUARY_ARTIFACTS", ROOT / "test-artifacts"))


def run(*args, input=None, env=None, check=True):
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([BIN, *args], input=input, capture_output=True, text=True, env=e,
                       timeout=120)
    if check and p.returncode != 0:
        raise AssertionError(f"{args} failed ({p.returncode}): {p.stdout}{p.stderr}")
    return p


def totp(secret_b32: str, at: float | None = None) -> str:
    key = base64.b32decode(secret_b32 + "=" * ((8 - len(secret_b32) % 8) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[off:off + 4])[0] & 0x7FFFFFFF) % 1000000)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf field on the page"
    return m.group(1)


class Server:
    def __init__(self, data: pathlib.Path, log: pathlib.Path, env=None):
        self.data = data
        self.log_path = log
        self.env = dict(os.environ)
        if env:
            self.env.update(env)
        self.log = open(log, "w")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--data", str(data), "--listen", "127.0.0.1:0", "--timeout", "5"],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=self.env)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on (http://\S+)", line)
        assert m, f"no listening line: {line!r}"
        self.url = m.group(1)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        rc = self.proc.wait(timeout=20)
        self.log.close()
        text = self.log_path.read_text()
        for bad in ("AddressSanitizer", "runtime error:", "LeakSanitizer"):
            assert bad not in text, f"sanitizer report in server log:\n{text[-4000:]}"
        assert rc == 0, f"server exited {rc}"


class Site:
    """A data folder with an admin who has two-factor on, and a server."""

    def __init__(self, tmp: pathlib.Path, name: str):
        self.dir = tmp
        self.data = tmp / "data"
        run("init", "--data", str(self.data), "--name", "Test Group")
        out = run("demo", "--data", str(self.data)).stdout
        m = re.search(r"demo sign-in: (\S+)\s+password: (\S+)", out)
        self.admin_email, self.admin_password = m.group(1), m.group(2)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.server_log = ARTIFACTS / f"security-{name}-server.log"
        self.server = Server(self.data, self.server_log)
        self.url = self.server.url
        self.secrets = {}

    def add_user(self, email, role, password="a long enough passphrase 42", name=None):
        args = ["user", "add", "--data", str(self.data), "--email", email, "--role", role]
        if name:
            args += ["--name", name]
        run(*args, input=password + "\n")
        return password

    def sign_in(self, email, password, enroll=True):
        """Signs in through the forms; enrolls or answers TOTP as needed."""
        s = requests.Session()
        r = s.get(self.url + "/signin")
        r = s.post(self.url + "/signin", data={"email": email, "password": password,
                                               "csrf": csrf_of(r.text)}, allow_redirects=False)
        assert r.status_code == 303, r.text[:500]
        if r.headers["location"] == "/signin/code":
            r = s.get(self.url + "/signin/code")
            code = totp(self.secrets[email], time.time())
            r = s.post(self.url + "/signin/code", data={"code": code, "csrf": csrf_of(r.text)},
                       allow_redirects=False)
            if r.status_code == 401:  # this step's code was used: the next one is valid too
                code = totp(self.secrets[email], time.time() + 30)
                page = s.get(self.url + "/signin/code").text
                r = s.post(self.url + "/signin/code", data={"code": code, "csrf": csrf_of(page)},
                           allow_redirects=False)
            assert r.status_code == 303, r.text[:500]
        r = s.get(self.url + "/app", allow_redirects=False)
        if r.status_code == 303 and "2fa" in r.headers["location"] and enroll:
            self.enroll(s, email)
        return s

    def enroll(self, s, email):
        r = s.get(self.url + "/app/account/2fa")
        secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', r.text).group(1)
        r = s.post(self.url + "/app/account/2fa", data={"code": totp(secret), "csrf": csrf_of(r.text)})
        assert r.status_code == 200 and "recovery" in r.text.lower(), r.text[:500]
        self.secrets[email] = secret
        return r

    def admin(self):
        """The admin's session, kept for the module: a TOTP code is good once,
        so signing in again and again within 30 s would (rightly) fail."""
        s = getattr(self, "_admin", None)
        if s is None or s.get(self.url + "/app", allow_redirects=False).status_code != 200:
            s = self._admin = self.sign_in(self.admin_email, self.admin_password)
        return s

    def stop(self):
        self.server.stop()


@pytest.fixture(scope="module")
def site(request):
    with tempfile.TemporaryDirectory(prefix="sanctuary-sec-") as tmp:
        s = Site(pathlib.Path(tmp), request.module.__name__.split(".")[-1])
        try:
            yield s
        finally:
            s.stop()
