#!/usr/bin/env bash
# One-tap mobilization answers per second: a mobilization to N synthetic
# people is queued (sanctuary mobilization bench), their answer links are
# read back from the outbox, and wrk posts answers to them (yes, no, maybe,
# round-robin) for BENCH_DURATION against a running server. Each answer is
# a write transaction (the answer, the person's history, the case's
# timeline) and a rendered page.
#
#   BENCH_PEOPLE=2000 BENCH_DURATION=10s BENCH_CONNECTIONS=16 bench/answers.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${SANCTUARY_BIN:-$ROOT/build/sanctuary}
PEOPLE=${BENCH_PEOPLE:-2000}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
TMP=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT
PID=

"$BIN" init --data "$TMP/data" >/dev/null 2>&1
"$BIN" mobilization bench --data "$TMP/data" --people "$PEOPLE" --email-only
"$BIN" mobilization messages --data "$TMP/data" --id 1 |
	grep -o '/m/[A-Za-z0-9_-]*' | sed 's|^/m/||' >"$TMP/tokens"
echo "$(wc -l <"$TMP/tokens") answer links"

"$BIN" serve --data "$TMP/data" --listen 127.0.0.1:0 --no-access-log ${BENCH_THREADS:+--threads "$BENCH_THREADS"} >"$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 100); do
	grep -q 'listening on' "$TMP/out" 2>/dev/null && break
	sleep 0.1
done
URL=$(grep -o 'http://[0-9.:]*' "$TMP/out" | head -1)
PRE=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | head -c 43)
CSRF=$(curl -s -H "Cookie: pre=$PRE" "$URL/m/$(head -1 "$TMP/tokens")" |
	grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$CSRF" ] || { echo "no CSRF token on the answer page" >&2; exit 1; }
ANSWER_TOKENS="$TMP/tokens" ANSWER_CSRF="$CSRF" ANSWER_PRE="$PRE" \
	wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/bench/answers.lua" "$URL" | tail -1
kill "$PID"; wait "$PID" || true
if grep -E 'AddressSanitizer|runtime error|LeakSanitizer' "$TMP/err" >&2; then exit 1; fi
