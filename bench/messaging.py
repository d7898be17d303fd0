#!/usr/bin/env python3
"""Delivery rate of the outbox workers (bench/messaging.sh runs this).

Starts a local SMTP server (Debian's python3-aiosmtpd, counting messages)
and a Twilio-style SMS gateway stand-in (http.server, keep-alive, answering
201 {"sid": ...}), a fresh data folder and `sanctuary serve` pointed at
both; queues N test messages per channel with `sanctuary messages test`
and times until every one is 'sent' (the provider id recorded). Prints
messages per second for each channel.

  bench/messaging.py [--bin build/sanctuary] [--count 5000]
"""
import argparse
import http.server
import json
import os
import pathlib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid

from aiosmtpd.controller import Controller

ROOT = pathlib.Path(__file__).resolve().parent.parent


class Counter:
    def __init__(self):
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        return "250 2.0.0 Ok: queued"


def gateway():
    state = {"n": 0}

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stalls

        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state["n"] += 1
            out = json.dumps({"sid": "SM" + uuid.uuid4().hex}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, state


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def sent(db, channel):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as c:
        return c.execute("SELECT COUNT(*) FROM messages WHERE channel = ? AND status = 'sent'",
                         (channel,)).fetchone()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(ROOT / "build" / "sanctuary"))
    ap.add_argument("--count", type=int, default=5000)
    args = ap.parse_args()
    counter = Counter()
    ctl = Controller(counter, hostname="127.0.0.1", port=free_port())
    ctl.start()
    gw, gstate = gateway()
    tmp = tempfile.mkdtemp(prefix="bench-messaging-")
    data = pathlib.Path(tmp) / "data"
    subprocess.run([args.bin, "init", "--data", str(data)], check=True, capture_output=True)
    env = dict(os.environ, SANCTUARY_SMTP_URL=f"smtp://127.0.0.1:{ctl.port}",
               SANCTUARY_MAIL_FROM="bench@example.org",
               SANCTUARY_SMS_URL=f"http://127.0.0.1:{gw.server_address[1]}/Messages.json",
               SANCTUARY_SMS_USER="AC1", SANCTUARY_SMS_PASSWORD="x", SANCTUARY_SMS_FROM="+17185550100")
    serve = subprocess.Popen([args.bin, "serve", "--data", str(data), "--listen", "127.0.0.1:0",
                              "--no-access-log"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    serve.stdout.readline()
    db = data / "sanctuary.db"
    results = []
    try:
        for channel, flag, to in (("email", "--email", "bench@example.org"),
                                  ("sms", "--sms", "+17185550199")):
            t_q = time.monotonic()
            r = subprocess.run([args.bin, "messages", "test", "--data", str(data), flag, to,
                                "--count", str(args.count)], capture_output=True, text=True,
                               check=True)
            t0 = time.monotonic()
            while sent(db, channel) < args.count:
                if time.monotonic() - t0 > 600:
                    sys.exit(f"{channel}: only {sent(db, channel)} sent after 600 s")
                time.sleep(0.02)
            t1 = time.monotonic()
            rate = args.count / (t1 - t0)
            results.append((channel, args.count, t0 - t_q, t1 - t0, rate))
            print(f"{channel}: {args.count} queued in {t0 - t_q:.2f} s (CLI, one transaction); "
                  f"delivered in {t1 - t0:.2f} s = {rate:.0f} messages/s", flush=True)
        assert counter.n >= args.count and gstate["n"] >= args.count
    finally:
        serve.terminate()
        serve.wait(timeout=20)
        ctl.stop()
        gw.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
