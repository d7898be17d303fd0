# A thin front for Meson + Ninja. The README's two commands:
#   make run     install what is missing, build, create ./data with demo content, serve
#   make check   build and run every test layer; ends with "N passed, N failed"
.PHONY: all build deps run check bench fuzz clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@[ -f build/build.ninja ] || meson setup build --buildtype=debugoptimized >/dev/null
	@ninja -C build

run: build
	@scripts/run.sh

check:
	@scripts/check.sh

bench: build
	@bench/run.sh
	@bench/people.sh
	@bench/petition.sh
	@bench/latency.sh

fuzz:
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} scripts/check.sh --fuzz-only

clean:
	rm -rf build build-asan build-fuzz test-artifacts
