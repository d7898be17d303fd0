#!/usr/bin/env python3
"""Signing throughput, for bench/petition.sh: concurrent signatures against a
running server (each answered only after its commit, synchronous=FULL), and,
in the same run, a bare loop inserting one row per transaction into SQLite
with the same settings on the same file system. The per-address rate limit
(30 at once, one more every 10 s) is respected by sending from many loopback
addresses, as a crowd would.

usage: signing.py URL SLUG DATA_DIR SECONDS   → prints one JSON line"""
import http.client
import json
import os
import re
import sqlite3
import sys
import threading
import time
import urllib.parse
import urllib.request

url, slug, data_dir, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
page = urllib.request.urlopen(f"{url}/p/{slug}").read().decode()
stamp = re.search(r'name="stamp" value="([^"]+)"', page).group(1)
time.sleep(3.2)  # the form's minimum time on the page

THREADS, PER_ADDRESS = 16, 28
acked, failed, lock = [0], [0], threading.Lock()
stop = time.monotonic() + seconds


def worker(n):
    seq = 0
    while time.monotonic() < stop:
        # a fresh loopback address for every PER_ADDRESS signatures
        k = seq // PER_ADDRESS
        src = f"127.{1 + n}.{k // 250}.{1 + k % 250}"
        conn = http.client.HTTPConnection(host, port, timeout=10, source_address=(src, 0))
        for _ in range(PER_ADDRESS):
            if time.monotonic() >= stop:
                break
            body = urllib.parse.urlencode({"given_name": f"Bench{n}", "family_name": str(seq),
                                           "email": f"bench{n}-{seq}@example.org", "stamp": stamp})
            seq += 1
            try:
                conn.request("POST", f"/p/{slug}/sign", body=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
                r = conn.getresponse()
                r.read()
                ok = r.status == 303 and "r=counted" in (r.getheader("location") or "")
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10, source_address=(src, 0))
            with lock:
                if ok:
                    acked[0] += 1
                else:
                    failed[0] += 1
        conn.close()


start = time.monotonic()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - start

# the bare loop: one row per transaction, WAL, synchronous=FULL, same file system
path = os.path.join(data_dir, "bare-loop.db")
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, petition_id INTEGER, name TEXT, created_at INTEGER)")
n, t0 = 0, time.monotonic()
while time.monotonic() - t0 < min(seconds, 5):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (petition_id, name, created_at) VALUES (1, ?, ?)", (f"row {n}", int(time.time())))
    db.execute("COMMIT")
    n += 1
bare = n / (time.monotonic() - t0)
db.close()
os.unlink(path)
print(json.dumps({"signatures_per_s": round(acked[0] / elapsed), "acked": acked[0], "failed": failed[0],
                  "bare_inserts_per_s": round(bare), "threads": THREADS}))
