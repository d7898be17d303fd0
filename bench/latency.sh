#!/usr/bin/env bash
# Latency at a fixed request rate (make bench runs it): the public petition
# page at 5,000 requests/s, held constant by bench/rate.c (a wrk2-style
# generator: each request's latency counts from when it was meant to be
# sent, so a slow answer delays nothing unseen). Target: p99 < 20 ms.
# The generator shares the machine's cores with the server.
#
#   BENCH_RATE=5000  BENCH_RATE_SECONDS=10  BENCH_RATE_CONNECTIONS=64
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${SANCTUARY_BIN:-$ROOT/build/sanctuary}
RATE=${BENCH_RATE:-5000}
SECS=${BENCH_RATE_SECONDS:-10}
CONNS=${BENCH_RATE_CONNECTIONS:-64}
DOC=${BENCH_DOC-$ROOT/docs/PERFORMANCE.md}
W=$(mktemp -d /tmp/sanctuary-bench-rate.XXXXXX)
S_PID=
cleanup() {
  [[ -n "$S_PID" ]] && kill -TERM "$S_PID" 2>/dev/null && wait "$S_PID" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
gcc -std=gnu17 -O2 -Wall -Wextra -o "$W/rate" "$ROOT/bench/rate.c"
"$BIN" init --data "$W/data" >/dev/null 2>&1
"$BIN" demo --data "$W/data" >/dev/null 2>&1
"$BIN" serve --data "$W/data" --listen 127.0.0.1:0 --no-access-log --max-per-ip 100000 \
  >"$W/serve.out" 2>"$W/serve.err" &
S_PID=$!
PORT=
for _ in $(seq 200); do
  PORT=$(grep -m1 -o 'listening on http://[^ ]*' "$W/serve.out" 2>/dev/null | sed 's/.*://') && [[ -n "$PORT" ]] && break
  sleep 0.05
done
[[ -n "$PORT" ]] || { cat "$W/serve.err" >&2; echo "bench/latency: server did not start" >&2; exit 1; }
URL=http://127.0.0.1:$PORT/p/riaz-stays-home
"$W/rate" -c "$CONNS" -r "$RATE" -d 2 "$URL" >/dev/null || true   # warm-up
LINE=$("$W/rate" -c "$CONNS" -r "$RATE" -d "$SECS" "$URL") || { echo "$LINE" >&2; exit 1; }
echo "bench/latency: $LINE"
read -r _ _ _ _ ACHIEVED _ N _ ERRS _ P50 _ _ P90 _ _ P99 _ _ MAX _ <<<"$LINE"
verdict=$(awk -v v="$P99" 'BEGIN { print (v + 0 < 20) ? "meets" : "**misses**" }')
if [[ -n "$DOC" ]]; then
  section=$(cat <<MD
<!-- latency:begin -->
## The petition page at a constant $RATE requests/s (\`bench/latency.sh\`)

Measured $(date -u +%Y-%m-%d) by \`bench/rate.c\` (constant rate, $CONNS keep-alive connections,
latency from each request's scheduled time, so waiting behind a slow answer counts), $SECS s,
on the same $(nproc) cores as the server: achieved $ACHIEVED, $N answers, $ERRS errors;
p50 $P50 ms, p90 $P90 ms, **p99 $P99 ms** (target < 20 ms: $verdict), max $MAX ms.
<!-- latency:end -->
MD
)
  if grep -q '<!-- latency:begin -->' "$DOC"; then
    /usr/bin/python3 - "$DOC" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
text = re.sub(r"<!-- latency:begin -->.*?<!-- latency:end -->", lambda m: section, text, flags=re.S)
open(path, "w").write(text)
PY
  else
    printf '\n%s\n' "$section" >>"$DOC"
  fi
fi
