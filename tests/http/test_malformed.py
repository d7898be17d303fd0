"""1,000 random malformed requests (seeded: SANCTUARY_FUZZ_SEED, printed)
over raw sockets; the server never answers 5xx, never hangs a client past
its timeout, and still answers /healthz afterwards."""
import os
import random
import socket
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import parse_responses

COUNT = 1000
WORKERS = 32
BUDGET_S = 60.0       # the whole batch
PER_REQUEST_S = 4.0   # serve --timeout 2, plus slack

TEMPLATES = [
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: es-MX,es;q=0.9\r\n"
    b"Cookie: lang=bn; pre=abcdefabcdefabcdefabcdefabcdefabcdefabcdef\r\n\r\n",
    b"GET /signin?lang=ur&next=%2Fapp HTTP/1.1\r\nHost: x\r\nUser-Agent: fuzz\r\n\r\n",
    b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 45\r\n\r\nemail=a%40b.org&password=hunter2hunter2&csrf=",
    b"POST /app/settings HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\n"
    b"Content-Length: 70\r\n\r\n--B\r\nContent-Disposition: form-data; name=\"group_name\"\r\n\r\nX\r\n--B--\r\n",
    b"POST /signin HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"Content-Type: application/json\r\n\r\n8\r\n{\"a\": 1}\r\n0\r\n\r\n",
    b"GET /api/v1/?x=1&y=%C3%A9 HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n",
    b"GET /assets/app.0123456789ab.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"x\"\r\n\r\n",
    b"HEAD /healthz HTTP/1.0\r\n\r\n",
]

NASTY = [b"\x00", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\r", b"\n", b"\r\n", b" ", b"\t", b":",
         b"%", b"%00", b"%ff", b"%C0%80", b"%zz", b"\x7f", b"\x1b", b";", b"=", b"&", b"?", b"#",
         b"{", b"}", b"/..", b"//", b"\"", b"'", b"<script>", b"\xe2\x80\xae", b"\xef\xbb\xbf"]

EXTRA_HEADERS = [
    b"Content-Length: 99999999999999999999\r\n", b"Content-Length: -5\r\n",
    b"Content-Length: 0x10\r\n", b"Content-Length: 3\r\nContent-Length: 4\r\n",
    b"Transfer-Encoding: chunked\r\n", b"Transfer-Encoding: gzip, chunked\r\n",
    b"Transfer-Encoding: identity\r\n", b"Expect: 100-continue\r\n",
    b"Content-Type: multipart/form-data\r\n", b"Content-Type: multipart/form-data; boundary=\r\n",
    b"Content-Type: multipart/form-data; boundary=" + b"b" * 100 + b"\r\n",
    b"Content-Type: application/json; charset=latin1\r\n",
    b"Cookie: " + b"; ".join(b"c%d=%d" % (i, i) for i in range(250)) + b"\r\n",
    b"Cookie: sid=\"unterminated\r\n", b"Cookie: =; ; ;==;\r\n",
    b"Accept-Language: " + b",".join(b"x%d;q=0.%d" % (i, i % 10) for i in range(100)) + b"\r\n",
    b"Accept-Language: *;q=abc, es;q=-1, ;;;\r\n",
    b"Sec-Fetch-Site: cross-site\r\n", b"X-Forwarded-Proto: https\r\n",
    b"Upgrade: websocket\r\nConnection: Upgrade\r\n", b"Connection: keep-alive, close, upgrade\r\n",
    b"X-Long: " + b"L" * 20000 + b"\r\n", b"Host: second\r\n", b" leading-space: 1\r\n",
    b"Range: bytes=0-1,5-\r\n", b"If-Modified-Since: yesterday\r\n",
]

METHODS = [b"GET", b"POST", b"HEAD", b"PUT", b"DELETE", b"OPTIONS", b"PATCH", b"TRACE", b"CONNECT",
           b"get", b"G\x00T", b"", b"PRI", b"GETT", b"\xffGET", b"M" * 300]
VERSIONS = [b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.1 extra", b"HTTP/1", b"http/1.1",
            b"HTTP/1.10", b"", b"HTTP/\xff"]


def mutate(rng: random.Random, req: bytes) -> bytes:
    ops = rng.randint(1, 4)
    for _ in range(ops):
        op = rng.randrange(12)
        if op == 0 and req:  # flip bytes
            b = bytearray(req)
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            req = bytes(b)
        elif op == 1:  # insert a nasty token
            i = rng.randrange(len(req) + 1)
            req = req[:i] + rng.choice(NASTY) + req[i:]
        elif op == 2 and req:  # truncate
            req = req[:rng.randrange(len(req))]
        elif op == 3:  # extra header
            i = req.find(b"\r\n")
            if i >= 0:
                req = req[:i + 2] + rng.choice(EXTRA_HEADERS) + req[i + 2:]
        elif op == 4:  # swap the method
            sp = req.find(b" ")
            if sp >= 0:
                req = rng.choice(METHODS) + req[sp:]
        elif op == 5:  # swap the version
            e = req.find(b"\r\n")
            sp = req.rfind(b" ", 0, e)
            if 0 <= sp < e:
                req = req[:sp + 1] + rng.choice(VERSIONS) + req[e:]
        elif op == 6:  # bare LF line endings
            req = req.replace(b"\r\n", b"\n")
        elif op == 7:  # duplicate a slice
            if req:
                i, j = sorted(rng.randrange(len(req) + 1) for _ in range(2))
                req = req[:j] + req[i:j] * rng.randint(1, 20) + req[j:]
        elif op == 8:  # random garbage
            req = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
        elif op == 9:  # garbage path
            sp = req.find(b" ")
            sp2 = req.find(b" ", sp + 1)
            if 0 <= sp < sp2:
                path = b"/" + b"".join(rng.choice(NASTY + [b"a", b"/", b"app", b"%2F"])
                                       for _ in range(rng.randint(1, 30)))
                req = req[:sp + 1] + path + req[sp2:]
        elif op == 10:  # delete a slice
            if req:
                i, j = sorted(rng.randrange(len(req) + 1) for _ in range(2))
                req = req[:i] + req[j:]
        else:  # append a pipelined second request
            req = req + rng.choice(TEMPLATES)
    return req


def send_one(host, port, payload: bytes, half_close: bool) -> tuple:
    """Returns (statuses, seconds, error)."""
    t0 = time.monotonic()
    data = b""
    err = None
    try:
        with socket.create_connection((host, port), timeout=PER_REQUEST_S) as s:
            try:
                s.sendall(payload)
                if half_close:
                    s.shutdown(socket.SHUT_WR)
            except OSError:  # closed by the server before we finished: fine
                pass
            while True:
                left = PER_REQUEST_S - (time.monotonic() - t0)
                if left <= 0:
                    err = "connection not closed in time"
                    break
                s.settimeout(left)
                try:
                    b = s.recv(65536)
                except socket.timeout:
                    err = "connection not closed in time"
                    break
                except ConnectionResetError:
                    break
                if not b:
                    break
                data += b
    except socket.timeout:
        err = "connect timed out"
    except OSError as e:
        err = f"socket error: {e}"
    statuses = [r.status for r in parse_responses(data)] if data else []
    return statuses, time.monotonic() - t0, err


def test_1000_random_malformed_requests(server):
    seed = int(os.environ.get("SANCTUARY_FUZZ_SEED") or random.SystemRandom().randrange(2 ** 32))
    print(f"\nmalformed-request seed: {seed} (rerun with SANCTUARY_FUZZ_SEED={seed})")
    rng = random.Random(seed)
    cases = []
    for i in range(COUNT):
        payload = mutate(rng, rng.choice(TEMPLATES))
        # Most clients half-close (the server sees EOF); some just wait, so
        # the idle timeout has to cut them off.
        cases.append((i, payload, rng.random() < 0.97))

    started = time.monotonic()
    problems = []
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [(i, payload, pool.submit(send_one, server.host, server.port, payload, hc))
                   for i, payload, hc in cases]
        for i, payload, fut in futures:
            statuses, took, err = fut.result()
            bad = [s for s in statuses if s is not None and s >= 500 and s not in (501, 505)]
            if bad:
                problems.append(f"#{i}: status {bad} for {payload[:200]!r}")
            if err:
                problems.append(f"#{i}: {err} after {took:.1f}s for {payload[:200]!r}")
            if i % 100 == 99:
                assert server.healthy(timeout=5), f"/healthz stopped answering after #{i} " \
                                                  f"(seed {seed}); last: {payload[:200]!r}"
    elapsed = time.monotonic() - started
    print(f"{COUNT} malformed requests in {elapsed:.1f}s")
    assert not problems, f"seed {seed}:\n" + "\n".join(problems[:20])
    assert elapsed < BUDGET_S, f"took {elapsed:.1f}s (seed {seed})"
    assert server.healthy()
    r = server.get("/")
    assert r.status_code == 200 and "<main" in r.text
    assert server.proc.poll() is None, "the server died"
