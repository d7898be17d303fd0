#!/usr/bin/env bash
# make check: every test layer, one summary line at the end.
#   unit      cmocka tests (release build)
#   i18n      every message id the code uses is in en, es and bn
#   http      pytest against the real binary, release build and ASan+UBSan build
#   security  pytest: permissions matrix, sealed data, backups, audit, sign-in (both builds)
#   browser   Chromium via playwright-core: pages, no-JS, third-party requests, axe-core
#   fuzz      each libFuzzer target for a bounded time (FUZZ_SECONDS, default 10)
# Each layer prints its own "N passed, N failed"; this script adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ART="$ROOT/test-artifacts"
mkdir -p "$ART"
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
PY=/usr/bin/python3

passed=0
failed=0
layer_failed=()

add() { # layer passed failed
	passed=$((passed + $2)); failed=$((failed + $3))
	[[ $3 -gt 0 ]] && layer_failed+=("$1")
	printf '== %s: %d passed, %d failed\n' "$1" "$2" "$3"
}

# Reads the last "N passed, M failed" (or pytest's "N passed", "M failed")
# from a log; a run that printed no count but failed counts as one failure.
count_from() { # log exit_code
	local p f
	p=$(grep -oE '[0-9]+ passed' "$1" | tail -1 | grep -oE '[0-9]+' || true)
	f=$(grep -oE '[0-9]+ (failed|error|errors)' "$1" | awk '{s+=$1} END {print s+0}' || true)
	p=${p:-0}; f=${f:-0}
	if [[ $2 -ne 0 && $f -eq 0 ]]; then f=1; fi
	echo "$p $f"
}

scripts/deps.sh --test || { echo "dependency install failed"; echo "0 passed, 1 failed"; exit 1; }

build() { # dir, meson args...
	local dir=$1; shift
	if [[ ! -f $dir/build.ninja ]]; then
		meson setup "$dir" "$@" >"$ART/meson-$dir.log" 2>&1 || { cat "$ART/meson-$dir.log"; return 1; }
	fi
	ninja -C "$dir" >"$ART/ninja-$dir.log" 2>&1 || { tail -50 "$ART/ninja-$dir.log"; return 1; }
}

fuzz_layer() {
	if CC=clang build build-fuzz -Dfuzzing=true -Dtests=false --buildtype=debug; then
		fuzz/run.sh build-fuzz "$FUZZ_SECONDS" >"$ART/fuzz.log" 2>&1
		local rc=$?
		grep -E '^fuzz ' "$ART/fuzz.log" || true
		read -r p f < <(count_from "$ART/fuzz.log" $rc)
		add fuzz "$p" "$f"
	else
		add fuzz 0 1
	fi
}

if [[ "${1:-}" == "--fuzz-only" ]]; then
	fuzz_layer
	echo "$passed passed, $failed failed"
	[[ $failed -eq 0 ]]; exit
fi

# ---- builds
build build --buildtype=debugoptimized || { echo "0 passed, 1 failed"; exit 1; }
build build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dtests=false \
	|| { echo "0 passed, 1 failed"; exit 1; }

# ---- unit (cmocka)
unit_p=0; unit_f=0
for t in build/tests/unit/test_*; do
	[[ -x $t && -f $t ]] || continue
	out=$("$t" 2>&1); rc=$?
	p=$(grep -oE '\[  PASSED  \] [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | awk '{s+=$1} END {print s+0}')
	f=$(grep -oE '\[  FAILED  \] [0-9]+' <<<"$out" | grep -oE '[0-9]+$' | awk '{s+=$1} END {print s+0}')
	if [[ $rc -ne 0 && $f -eq 0 ]]; then f=1; echo "$out" | tail -20; fi
	[[ $f -gt 0 ]] && echo "$out" | grep -E 'FAIL|ERROR|assert' | head -20
	unit_p=$((unit_p + p)); unit_f=$((unit_f + f))
done
add unit "$unit_p" "$unit_f"

# ---- translations
i18n_p=0; i18n_f=0
for lang in en es bn; do
	if $PY tools/msgids.py check "$lang" >"$ART/i18n-$lang.log" 2>&1; then
		i18n_p=$((i18n_p + 1))
	else
		i18n_f=$((i18n_f + 1)); cat "$ART/i18n-$lang.log"
	fi
done
$PY tools/msgids.py check ne ur | grep '^catalog' || true
add i18n "$i18n_p" "$i18n_f"

# ---- HTTP (release, then sanitizers)
for variant in build build-asan; do
	SANCTUARY_BIN="$ROOT/$variant/sanctuary" SANCTUARY_ARTIFACTS="$ART" \
		$PY -m pytest -q -p no:cacheprovider tests/http >"$ART/http-$variant.log" 2>&1
	rc=$?
	tail -3 "$ART/http-$variant.log"
	[[ $rc -ne 0 ]] && grep -E '^(FAILED|ERROR)' "$ART/http-$variant.log" | head -30
	read -r p f < <(count_from "$ART/http-$variant.log" $rc)
	add "http ($variant)" "$p" "$f"
done

# ---- protection (accounts, keys, audit, backups), release and sanitizer builds
for variant in build build-asan; do
	SANCTUARY_BIN="$ROOT/$variant/sanctuary" SANCTUARY_ARTIFACTS="$ART" \
		$PY -m pytest -q -p no:cacheprovider tests/security >"$ART/security-$variant.log" 2>&1
	rc=$?
	tail -3 "$ART/security-$variant.log"
	[[ $rc -ne 0 ]] && grep -E '^(FAILED|ERROR)' "$ART/security-$variant.log" | head -30
	read -r p f < <(count_from "$ART/security-$variant.log" $rc)
	add "security ($variant)" "$p" "$f"
done

# ---- logs: every server log of the runs above holds no personal data
# (planted emails, names and canaries, client addresses, session cookies)
logs=$(ls "$ART"/http-*.stderr "$ART"/security-test_*-server*.log "$ART"/security-restored.log 2>/dev/null || true)
if [[ -n "$logs" ]]; then
	hits=$(grep -l -E '@example\.org|Zqv[0-9a-f]{12}|127\.0\.0\.1|sid=|csrf=|password' $logs 2>/dev/null || true)
	if [[ -z "$hits" ]]; then
		add "logs ($(echo "$logs" | wc -l) server logs scanned)" 1 0
	else
		echo "personal data in: $hits"
		add logs 0 1
	fi
else
	echo "no server logs found to scan"
	add logs 0 1
fi

# ---- browser
SANCTUARY_BIN="$ROOT/build/sanctuary" SANCTUARY_ARTIFACTS="$ART" \
	node tests/browser/run.mjs >"$ART/browser.log" 2>&1
rc=$?
grep -E '^(ok|not ok|#)' "$ART/browser.log" | tail -40
read -r p f < <(count_from "$ART/browser.log" $rc)
add browser "$p" "$f"

# ---- fuzz
fuzz_layer

[[ ${#layer_failed[@]} -gt 0 ]] && echo "failing layers: ${layer_failed[*]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
