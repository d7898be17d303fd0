#!/bin/sh
# Runs every libFuzzer target in BUILD_DIR/fuzz for SECONDS each.
#
#   fuzz/run.sh BUILD_DIR SECONDS
#
# Each target starts from a temporary copy of fuzz/corpus/<name>/ (so the
# repository's seeds are never touched), prints "fuzz <name>: ok (N runs)"
# or "fuzz <name>: FAILED", and the last line is "N passed, N failed".
# Crash inputs and logs of failed targets are kept in
# BUILD_DIR/fuzz/artifacts/. Exit status is non-zero if any target failed.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 2
fi
build=$1
seconds=$2
case $seconds in
'' | *[!0-9]*)
	echo "$0: SECONDS must be a whole number" >&2
	exit 2
	;;
esac
here=$(cd "$(dirname "$0")" && pwd)
fuzz_dir=$build/fuzz
artifacts=$fuzz_dir/artifacts
work=$(mktemp -d "${TMPDIR:-/tmp}/sanctuary-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

passed=0
failed=0
found=0
for exe in "$fuzz_dir"/fuzz_*; do
	if [ ! -f "$exe" ] || [ ! -x "$exe" ]; then
		continue
	fi
	found=1
	target=$(basename "$exe")
	name=${target#fuzz_}
	corpus=$work/corpus-$name
	log=$work/$name.log
	mkdir -p "$corpus" "$artifacts"
	if [ -d "$here/corpus/$name" ]; then
		cp -R "$here/corpus/$name/." "$corpus/"
	fi
	if "$exe" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=1024 -timeout=30 \
		-print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" >"$log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
		[ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
		echo "fuzz $name: ok (${runs:-?} runs)"
		passed=$((passed + 1))
	else
		cp "$log" "$artifacts/$name.log"
		echo "fuzz $name: FAILED"
		echo "  log: $artifacts/$name.log" >&2
		grep -m 1 -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" | sed 's/^/  /' >&2
		failed=$((failed + 1))
	fi
done

if [ $found -eq 0 ]; then
	echo "$0: no fuzz_* executables in $fuzz_dir (configure with -Dfuzzing=true, CC=clang)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
