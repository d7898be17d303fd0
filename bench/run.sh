#!/usr/bin/env bash
# make bench: wrk against Sanctuary, nginx and a minimal libmicrohttpd program
# (bench/mhd_ceiling.c) serving the same bytes, all in the same run, so the
# figures are ratios against references measured moments apart on the same
# machine, never absolute timings to assert on.
#
#   GET /                          Sanctuary's home page (Accept-Language: en)
#   GET /assets/app.<hash>.css     the stylesheet the home page links to
#
# Sanctuary runs twice: with --no-access-log and with the access log on
# (written to a file). nginx serves the bytes Sanctuary sent, from files;
# mhd_ceiling serves them from memory. Prints requests/s, p99 latency, the
# ratios and Sanctuary's peak RSS (VmHWM), and writes docs/PERFORMANCE.md.
#
# Environment:
#   BENCH_DURATION=10s     wrk -d per measured run
#   BENCH_CONNECTIONS=64   wrk -c
#   BENCH_THREADS=2        wrk -t
#   BENCH_ROUNDS=1         interleaved rounds over all targets; the median is reported
#   BENCH_WARMUP=2s        an unmeasured wrk run before each measured one (0 = none)
#   BENCH_DOC=docs/PERFORMANCE.md   where to write the figures; empty = do not write
#   BENCH_KEEP=1           keep the temporary folder (server logs, wrk output)
#   SANCTUARY_BIN=build/sanctuary
# Requires wrk, nginx (nginx-light), curl, gcc, pkg-config, libmicrohttpd-dev:
# scripts/deps.sh --test installs them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${SANCTUARY_BIN:-$ROOT/build/sanctuary}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WARMUP=${BENCH_WARMUP:-2s}
ROUNDS=${BENCH_ROUNDS:-1}
DOC=${BENCH_DOC-$ROOT/docs/PERFORMANCE.md}
MAX_PER_IP=10000
CORES=$(nproc)
RSS_TARGET_KB=$((20 * 1024))
HOME_TARGET=0.80

die() { echo "bench: $*" >&2; exit 1; }

for tool in wrk nginx curl gcc pkg-config python3; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps.sh --test installs it)"
done
pkg-config --exists libmicrohttpd || die "libmicrohttpd-dev is missing"
[[ -x "$BIN" ]] || die "$BIN not found: run make bench (it builds first)"

W=$(mktemp -d /tmp/sanctuary-bench.XXXXXX)
chmod 755 "$W" # nginx workers run as nobody when started by root
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ "${BENCH_KEEP:-}" == 1 ]]; then
    echo "bench: kept $W" >&2
  else
    rm -rf "$W"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers ----

# wait_listening FILE PID: the port from "listening on http://HOST:PORT".
wait_listening() {
  local file=$1 pid=$2 i line
  for ((i = 0; i < 200; i++)); do
    line=$(grep -m1 -o 'listening on http://[^ ]*' "$file" 2>/dev/null || true)
    if [[ -n "$line" ]]; then
      echo "${line##*:}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

vm_kb() { # vm_kb PID FIELD → kB
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# fetch URL BODY HEADERS: GET with Accept-Language: en; fails unless 200.
fetch() {
  local code
  code=$(curl -sS -o "$2" -D "$3" -w '%{http_code}' -H 'Accept-Language: en' "$1") ||
    die "cannot fetch $1"
  [[ "$code" == 200 ]] || die "$1 answered $code"
}

header() { # header FILE NAME → value
  awk -v n="$2" -F': ' \
    'tolower($1) == tolower(n) { sub(/\r$/, "", $2); v = $2 } END { print v }' "$1"
}

# ---- Sanctuary: data folder, server, the bytes to serve ----

echo "bench: temporary folder $W"
D=$W/data
"$BIN" init --data "$D" >"$W/init.log" 2>&1 || { cat "$W/init.log" >&2; die "init failed"; }
"$BIN" demo --data "$D" >"$W/demo.log" 2>&1 || { cat "$W/demo.log" >&2; die "demo failed"; }

SERVE_CMD=(serve --data "$D" --listen 127.0.0.1:0 --max-per-ip "$MAX_PER_IP")

"$BIN" "${SERVE_CMD[@]}" --no-access-log >"$W/sanctuary.out" 2>"$W/sanctuary.err" &
S_PID=$!
PIDS+=("$S_PID")
S_PORT=$(wait_listening "$W/sanctuary.out" "$S_PID") ||
  { cat "$W/sanctuary.err" >&2; die "sanctuary did not start"; }
S_IDLE_KB=$(vm_kb "$S_PID" VmRSS)

"$BIN" "${SERVE_CMD[@]}" >"$W/sanctuary-log.out" 2>"$W/sanctuary-log.err" &
L_PID=$!
PIDS+=("$L_PID")
L_PORT=$(wait_listening "$W/sanctuary-log.out" "$L_PID") ||
  { cat "$W/sanctuary-log.err" >&2; die "sanctuary (access log on) did not start"; }

mkdir -p "$W/www"
fetch "http://127.0.0.1:$S_PORT/" "$W/www/home.html" "$W/home.headers"
fetch "http://127.0.0.1:$S_PORT/" "$W/home2.html" "$W/home2.headers"
cmp -s "$W/www/home.html" "$W/home2.html" ||
  echo "bench: warning: two GETs of / gave different bytes; serving the first" >&2
CSS_PATH=$(grep -o -m1 '/assets/app\.[^"]*\.css' "$W/www/home.html" | head -n1)
[[ -n "$CSS_PATH" ]] || die "no /assets/app.<hash>.css link in the home page"
fetch "http://127.0.0.1:$S_PORT$CSS_PATH" "$W/www/app.css" "$W/css.headers"
chmod 644 "$W"/www/*
chmod 755 "$W/www"

HOME_TYPE=$(header "$W/home.headers" content-type)
CSS_TYPE=$(header "$W/css.headers" content-type)
HOME_LEN=$(stat -c %s "$W/www/home.html")
CSS_LEN=$(stat -c %s "$W/www/app.css")
[[ "$(header "$W/home.headers" content-length)" == "$HOME_LEN" ]] ||
  die "Sanctuary's Content-Length for / does not match the $HOME_LEN bytes received"

# ---- the references ----

# The ceiling must use Sanctuary's connection memory limit and parser
# strictness (libmicrohttpd zeroes the pool between requests, so the limit
# alone moves the ceiling): read them from src/http/server.c.
read -r MEM_LIMIT STRICT < <(python3 - "$ROOT/src/http/server.c" "$ROOT/src/http/server.h" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
macros = dict(re.findall(r"#define\s+(SERVER_\w+)\s+(.+)", open(sys.argv[2]).read()))
def value(option):
    m = re.search(option + r",\s*([^,\n]+),?\s*\n", src)
    if not m:
        sys.exit("bench: cannot find %s in src/http/server.c" % option)
    expr = m.group(1)
    for name, body in macros.items():
        expr = re.sub(r"\b%s\b" % name, "(%s)" % body.split("/*")[0], expr)
    expr = re.sub(r"\((size_t|unsigned|int)\)", "", expr)
    expr = re.sub(r"(\d+)[uUlL]+\b", r"\1", expr)
    if not re.fullmatch(r"[\d\s()*+-]+", expr):
        sys.exit("bench: cannot evaluate %s = %s" % (option, m.group(1)))
    return eval(expr)
print(value("MHD_OPTION_CONNECTION_MEMORY_LIMIT"), value("MHD_OPTION_STRICT_FOR_CLIENT"))
PY
) || die "could not read Sanctuary's libmicrohttpd options"
[[ -n "${STRICT:-}" ]] || die "could not read Sanctuary's libmicrohttpd options"

read -r -a MHD_FLAGS <<<"$(pkg-config --cflags --libs libmicrohttpd)"
gcc -std=c17 -O2 -Wall -Wextra -Werror -o "$W/mhd_ceiling" "$ROOT/bench/mhd_ceiling.c" \
  "${MHD_FLAGS[@]}" -pthread

"$W/mhd_ceiling" "$W/www/home.html" "$HOME_TYPE" 0 "$MAX_PER_IP" "$MEM_LIMIT" "$STRICT" >"$W/mhd-home.out" 2>&1 &
MH_PID=$!
PIDS+=("$MH_PID")
MH_PORT=$(wait_listening "$W/mhd-home.out" "$MH_PID") || die "mhd_ceiling did not start"
"$W/mhd_ceiling" "$W/www/app.css" "$CSS_TYPE" 0 "$MAX_PER_IP" "$MEM_LIMIT" "$STRICT" >"$W/mhd-css.out" 2>&1 &
MC_PID=$!
PIDS+=("$MC_PID")
MC_PORT=$(wait_listening "$W/mhd-css.out" "$MC_PID") || die "mhd_ceiling did not start"

N=$W/nginx
mkdir -p "$N/tmp" "$N/logs"
N_PORT=$(free_port)
cat >"$N/nginx.conf" <<EOF
daemon off;
worker_processes $CORES;
pid $N/nginx.pid;
error_log $N/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 30s;
    keepalive_requests 1000000;   # libmicrohttpd sets no per-connection cap either
    types { }
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    server {
        listen 127.0.0.1:$N_PORT;
        root $W/www;
        location = / {
            default_type "$HOME_TYPE";
            try_files /home.html =404;
        }
        location = $CSS_PATH {
            default_type "$CSS_TYPE";
            try_files /app.css =404;
        }
        location / { return 404; }
    }
}
EOF
nginx -t -q -p "$N/" -c "$N/nginx.conf" -e "$N/logs/error.log" ||
  die "nginx rejected $N/nginx.conf"
nginx -p "$N/" -c "$N/nginx.conf" -e "$N/logs/error.log" >"$N/logs/stdout" 2>&1 &
N_PID=$!
PIDS+=("$N_PID")
for ((i = 0; i < 100; i++)); do
  curl -s -o /dev/null "http://127.0.0.1:$N_PORT/" && break
  kill -0 "$N_PID" 2>/dev/null || { cat "$N/logs/error.log" >&2; die "nginx did not start"; }
  sleep 0.05
done

# ---- same bytes everywhere ----

# Response sizes: body, headers (status line included). Bodies must match.
declare -A HDR_BYTES
check_same() { # check_same NAME URL REFERENCE_FILE WANT_TYPE
  local name=$1 url=$2 ref=$3 type=$4 body=$W/check.body hdr=$W/check.headers
  fetch "$url" "$body" "$hdr"
  cmp -s "$body" "$ref" || die "$name: $url does not serve the same bytes as Sanctuary"
  [[ "$(header "$hdr" content-length)" == "$(stat -c %s "$ref")" ]] ||
    die "$name: $url Content-Length $(header "$hdr" content-length), want $(stat -c %s "$ref")"
  [[ "$(header "$hdr" content-type)" == "$type" ]] ||
    die "$name: $url Content-Type '$(header "$hdr" content-type)', want '$type'"
  HDR_BYTES[$name]=$(stat -c %s "$hdr")
}
check_same sanctuary-home "http://127.0.0.1:$S_PORT/" "$W/www/home.html" "$HOME_TYPE"
check_same sanctuary-log-home "http://127.0.0.1:$L_PORT/" "$W/www/home.html" "$HOME_TYPE"
check_same nginx-home "http://127.0.0.1:$N_PORT/" "$W/www/home.html" "$HOME_TYPE"
check_same mhd-home "http://127.0.0.1:$MH_PORT/" "$W/www/home.html" "$HOME_TYPE"
check_same sanctuary-css "http://127.0.0.1:$S_PORT$CSS_PATH" "$W/www/app.css" "$CSS_TYPE"
check_same sanctuary-log-css "http://127.0.0.1:$L_PORT$CSS_PATH" "$W/www/app.css" "$CSS_TYPE"
check_same nginx-css "http://127.0.0.1:$N_PORT$CSS_PATH" "$W/www/app.css" "$CSS_TYPE"
check_same mhd-css "http://127.0.0.1:$MC_PORT$CSS_PATH" "$W/www/app.css" "$CSS_TYPE"
echo "bench: same bytes from all servers: / $HOME_LEN bytes ($HOME_TYPE), $CSS_PATH $CSS_LEN bytes ($CSS_TYPE)"

# ---- wrk ----

WRK=(wrk "-t$THREADS" "-c$CONNS" "-d$DURATION" --latency -H 'Accept-Language: en')
WRK_SHOWN="wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Accept-Language: en'"
declare -A RPS P99 ERRS RPS_ALL P99_ALL

# p99 from wrk's "Latency Distribution", in ms.
parse_p99() {
  awk '$1 == "99%" {
    v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
    printf "%.2f", v }' "$1"
}

run_wrk() { # run_wrk KEY URL
  local key=$1 url=$2 out=$W/wrk-$1.txt
  if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
    wrk "-t$THREADS" "-c$CONNS" "-d$WARMUP" -H 'Accept-Language: en' "$url" >/dev/null
  fi
  "${WRK[@]}" "$url" >"$out"
  local rps p99 non2xx sock
  rps=$(awk '$1 == "Requests/sec:" { printf "%.0f", $2 }' "$out")
  p99=$(parse_p99 "$out")
  RPS_ALL[$key]+=" $rps"
  P99_ALL[$key]+=" $p99"
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sock=$(grep -o 'Socket errors:.*' "$out" || true)
  [[ -z "$non2xx$sock" ]] || ERRS[$key]+="${non2xx:+non-2xx: $non2xx }${sock} "
  printf '  %-26s %10s req/s   p99 %8s ms%s\n' "$key" "$rps" "$p99" \
    "${non2xx:+   non-2xx: $non2xx}${sock:+   $sock}"
}

median() { # median FORMAT <<< "v1 v2 ..."
  tr ' ' '\n' | grep -v '^$' | sort -g |
    awk -v f="$1" '{ v[NR] = $1 } END { printf f, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "bench: $WRK_SHOWN URL   (warm-up ${WARMUP} before each; wrk shares the $CORES cores with the server)"
# Interleaved per path, so slow drift of the machine hits every target alike.
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= ROUNDS; round++)); do
  ((ROUNDS == 1)) || echo "round $round of $ROUNDS"
  for path in home css; do
    if [[ $path == home ]]; then p=/; mp=$MH_PORT; else p=$CSS_PATH; mp=$MC_PORT; fi
    run_wrk "mhd-$path" "http://127.0.0.1:$mp$p"
    run_wrk "nginx-$path" "http://127.0.0.1:$N_PORT$p"
    run_wrk "sanctuary-$path" "http://127.0.0.1:$S_PORT$p"
    run_wrk "sanctuary-log-$path" "http://127.0.0.1:$L_PORT$p"
  done
done
for k in "${!RPS_ALL[@]}"; do
  RPS[$k]=$(median %.0f <<<"${RPS_ALL[$k]}")
  P99[$k]=$(median %.2f <<<"${P99_ALL[$k]}")
done

for pid in "$S_PID" "$L_PID"; do
  kill -0 "$pid" 2>/dev/null || die "a Sanctuary process died during the run"
done
S_HWM_KB=$(vm_kb "$S_PID" VmHWM)
L_HWM_KB=$(vm_kb "$L_PID" VmHWM)
S_THREADS=$(vm_kb "$S_PID" Threads)
ACCESS_LINES=$(grep -c ' access ' "$W/sanctuary-log.err" || true)
ACCESS_BYTES=$(stat -c %s "$W/sanctuary-log.err")

# ---- report ----

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "-"; else if (a / b < 0.1) printf "%.3f", a / b; else printf "%.2f", a / b }'
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

label() {
  case $1 in
    mhd-home) echo "libmicrohttpd ceiling, \`GET /\`" ;;
    nginx-home) echo "nginx, \`GET /\`" ;;
    sanctuary-home) echo "**Sanctuary, \`GET /\`**" ;;
    sanctuary-log-home) echo "Sanctuary + access log, \`GET /\`" ;;
    mhd-css) echo "libmicrohttpd ceiling, stylesheet" ;;
    nginx-css) echo "nginx, stylesheet" ;;
    sanctuary-css) echo "**Sanctuary, stylesheet**" ;;
    sanctuary-log-css) echo "Sanctuary + access log, stylesheet" ;;
  esac
}

KEYS=(mhd-home nginx-home sanctuary-home sanctuary-log-home mhd-css nginx-css sanctuary-css sanctuary-log-css)
TABLE=$W/table.md
{
  echo "| target | req/s | p99 latency | × MHD ceiling | × nginx | response headers | errors |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  for k in "${KEYS[@]}"; do
    path=${k##*-}
    printf '| %s | %s | %s ms | %s | %s | %s B | %s |\n' "$(label "$k")" "${RPS[$k]}" "${P99[$k]}" \
      "$(ratio "${RPS[$k]}" "${RPS[mhd-$path]}")" "$(ratio "${RPS[$k]}" "${RPS[nginx-$path]}")" \
      "${HDR_BYTES[$k]}" "${ERRS[$k]:-none}"
  done
} >"$TABLE"

HOME_RATIO=$(ratio "${RPS[sanctuary-home]}" "${RPS[mhd-home]}")
home_ok=$(awk -v r="$HOME_RATIO" -v t="$HOME_TARGET" 'BEGIN { print (r >= t) ? "meets" : "BELOW" }')
rss_ok=$([[ $S_HWM_KB -lt $RSS_TARGET_KB && $L_HWM_KB -lt $RSS_TARGET_KB ]] && echo meets || echo OVER)

echo
printf '%-36s %10s %10s %8s %8s\n' target req/s p99_ms xMHD xnginx
for k in "${KEYS[@]}"; do
  path=${k##*-}
  printf '%-36s %10s %10s %8s %8s\n' "$k" "${RPS[$k]}" "${P99[$k]}" \
    "$(ratio "${RPS[$k]}" "${RPS[mhd-$path]}")" "$(ratio "${RPS[$k]}" "${RPS[nginx-$path]}")"
done
echo
echo "Sanctuary peak RSS (VmHWM): $(mb "$S_HWM_KB") MB without the access log, $(mb "$L_HWM_KB") MB with it (idle after start: $(mb "$S_IDLE_KB") MB; $S_THREADS threads)"
echo "Targets: home page ≥ ${HOME_TARGET}× the libmicrohttpd ceiling: ${HOME_RATIO}× — $home_ok; RSS < 20 MB — $rss_ok"

[[ -n "$DOC" ]] || exit 0

BUILD_TYPE=$(python3 -c 'import json, sys
try:
    opts = json.load(open(sys.argv[1]))
    print(next(o["value"] for o in opts if o["name"] == "buildtype"))
except Exception:
    print("unknown")' "$(dirname "$BIN")/meson-info/intro-buildoptions.json")
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_KB=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)
GEN=$W/generated.md
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`make bench\` (bench/run.sh)."
  echo
  echo "- Machine: $CORES cores ($CPU), $(mb "$MEM_KB") MB RAM, Linux $(uname -r)."
  echo "- Sanctuary $("$BIN" version 2>/dev/null | head -n1) (meson buildtype $BUILD_TYPE),"
  echo "  libmicrohttpd $(pkg-config --modversion libmicrohttpd), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk --version 2>&1 | head -n1 | awk '{ print "wrk " $2 }')."
  echo "- wrk runs on the same $CORES cores as the server it measures, so every figure is"
  echo "  \"server + load generator on $CORES cores\"; only the ratios carry over to other machines."
  echo "- Load average just before the runs: $LOAD_BEFORE (anything else running shares the cores too)."
  ((ROUNDS == 1)) || echo "- $ROUNDS interleaved rounds; req/s and p99 are the medians. Per-round figures are printed by the run."
  echo
  cat "$TABLE"
  echo
  echo "Bodies: \`GET /\` $HOME_LEN bytes (\`$HOME_TYPE\`), \`$CSS_PATH\` $CSS_LEN bytes (\`$CSS_TYPE\`)."
  echo "Every server was checked to send the same body bytes, Content-Length and Content-Type before"
  echo "the runs. Header sizes differ: Sanctuary adds its security headers (CSP, Permissions-Policy, ...)."
  echo
  echo "**Sanctuary's peak RSS (VmHWM)**: $(mb "$S_HWM_KB") MB without the access log, $(mb "$L_HWM_KB") MB with it"
  echo "(idle after start: $(mb "$S_IDLE_KB") MB, $S_THREADS threads). The access-log run wrote $ACCESS_LINES lines"
  echo "($((ACCESS_BYTES / 1024)) KB) to a file."
  echo
  echo "Targets: home page ≥ ${HOME_TARGET}× the libmicrohttpd ceiling — **${HOME_RATIO}×, $home_ok**;"
  echo "RSS under 20 MB — **$rss_ok**."
  echo
  echo "Commands (ports picked at run time, all on 127.0.0.1):"
  echo
  echo '```sh'
  echo "BENCH_ROUNDS=$ROUNDS BENCH_DURATION=$DURATION BENCH_CONNECTIONS=$CONNS BENCH_THREADS=$THREADS BENCH_WARMUP=$WARMUP make bench"
  echo "# which runs:"
  echo "sanctuary init --data D && sanctuary demo --data D"
  echo "sanctuary ${SERVE_CMD[*]/#$D/D} --no-access-log"
  echo "sanctuary ${SERVE_CMD[*]/#$D/D} 2>access.log          # the access-log run"
  echo "gcc -std=c17 -O2 -Wall -Wextra -Werror -o mhd_ceiling bench/mhd_ceiling.c \$(pkg-config --cflags --libs libmicrohttpd) -pthread"
  echo "mhd_ceiling home.html '$HOME_TYPE' 0 $MAX_PER_IP $MEM_LIMIT $STRICT   # memory limit, strictness: as in src/http/server.c"
  echo "mhd_ceiling app.css '$CSS_TYPE' 0 $MAX_PER_IP $MEM_LIMIT $STRICT"
  echo "nginx -p N/ -c N/nginx.conf   # daemon off; worker_processes $CORES; access_log off; sendfile on;"
  echo "                              # keepalive_requests 1000000; try_files on the fetched files"
  echo "$WRK_SHOWN http://127.0.0.1:PORT/PATH   # after a ${WARMUP} warm-up"
  echo '```'
} >"$GEN"

python3 - "$DOC" "$GEN" <<'PY'
import sys, pathlib
doc, gen = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
begin, end = "<!-- BEGIN bench/run.sh output -->", "<!-- END bench/run.sh output -->"
block = f"{begin}\n{gen}{end}"
if doc.exists() and begin in doc.read_text() and end in doc.read_text():
    text = doc.read_text()
    text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
else:
    text = ("# Performance\n\n"
            "`make bench` (bench/run.sh) measures Sanctuary against two references in the same\n"
            "run: nginx serving the same bytes from files, and `bench/mhd_ceiling.c`, a minimal\n"
            "libmicrohttpd program with Sanctuary's daemon options serving them from memory (the\n"
            "library's own ceiling). Figures are ratios to those references, never timed assertions;\n"
            "the section between the markers is rewritten by each run.\n\n"
            f"{block}\n")
doc.parent.mkdir(parents=True, exist_ok=True)
doc.write_text(text)
PY
echo "bench: wrote $DOC"
