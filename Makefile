# The two commands of the README: `make dev` and `make test`.
SHELL := bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: dev test deploy bootstrap build lint test-core test-e2e size bench profile mint-js openapi zones fuzz

## Set up what is missing, build, migrate, seed the demo organisation, serve on :8787.
dev:
	@scripts/dev.sh

## Everything CI checks: format, lint, native tests, the Wasm build and its size, end to end, browser.
test: bootstrap lint test-core build size test-e2e

bootstrap:
	@scripts/bootstrap.sh --browser

## Both Workers to the Cloudflare account wrangler is logged in to (docs/DEPLOY.md).
deploy:
	@scripts/bootstrap.sh
	@scripts/deploy.sh

lint:
	@echo "==> cargo fmt --check"
	cargo fmt --all -- --check
	@echo "==> cargo clippy (core alone, the tests crate, then the worker for wasm32)"
	@# Core on its own: linted with the tests crate, chrono's `clock` feature
	@# is unified on and core could read the clock unnoticed. core/clippy.toml
	@# forbids clock and randomness reads in core.
	cargo clippy -p frontdesk-core --all-targets -- -D warnings
	cargo clippy -p frontdesk-tests --all-targets -- -D warnings
	cargo clippy -p frontdesk-worker -p frontdesk-mint --target wasm32-unknown-unknown -- -D warnings
	@# The vendor Worker links the main one's code without its entry points.
	cargo clippy -p frontdesk-vendor --target wasm32-unknown-unknown -- -D warnings

## Regenerate the API document, web/v1/openapi.json, from the route table and
## the Rust types (core's `schema` feature); a core test fails until it is.
openapi:
	cargo run -q -p frontdesk-core --features schema --bin openapi

## The time-zone table (core/src/zone) from chrono-tz, after updating it.
zones:
	cargo run -q --release -p frontdesk-core --features zonegen --bin zonegen

test-core:
	@echo "==> core unit and property tests"
	cargo test -p frontdesk-core

build:
	@echo "==> building the Workers (wasm): Frontdesk's own and the vendor-compatible one"
	sh scripts/build-worker.sh
	@echo "==> building the JavaScript minting package (mint/pkg)"
	sh scripts/build-mint.sh

## The partners' minting package only: frontdesk-core's mint for Node.js, in mint/pkg.
mint-js: bootstrap
	sh scripts/build-mint.sh

## Each Worker's upload size (wrangler deploy --dry-run) against its size-budget.txt.
size: bootstrap build
	@echo "==> Worker size against the budget"
	scripts/size-check.sh

test-e2e:
	@echo "==> end-to-end and browser tests against wrangler dev"
	cargo test -p frontdesk-tests

## The schema fuzzer alone (it also runs in `make test`): schemathesis against the served document.
fuzz: bootstrap build
	@echo "==> schema fuzzer against wrangler dev"
	cargo test -p frontdesk-tests --test e2e -- schema_fuzz

## Benchmarks (not part of `make test`): every figure of issue 12 item 4 against a
## fresh wrangler dev, each next to a no-op Durable Object round trip measured in
## the same run; Markdown on stdout. BENCH_ONLY=a,c runs some parts (a throughput,
## b watchers, c one-slot holds, d hold expiry, e cron, f Worker size, g read-model
## lag, h attachment uploads and the visits CSV).
bench: bootstrap build
	@echo "==> benchmark against wrangler dev"
	@# 10,000 watch sockets need as many open files, in this process and in workerd.
	ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; BENCH_ONLY="$(BENCH_ONLY)" cargo run -p frontdesk-tests --release --bin bench

## `make bench` with a CPU profile of each step (parts a to c by default:
## PROFILE_PARTS=a,c; the 10-shop watcher row only with PROFILE_SPREAD=3000),
## written to target/profile/*.cpuprofile and summarised in the output. The
## Worker is built without wasm-opt, which would drop the function names.
PROFILE_PARTS ?= a,b,c
PROFILE_SPREAD ?= 0
profile: bootstrap
	@echo "==> building the Worker without wasm-opt, for function names"
	FRONTDESK_WASM_OPT=0 sh scripts/build-worker.sh
	@echo "==> benchmark against wrangler dev, profiling each step"
	ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; BENCH_ONLY="$(PROFILE_PARTS)" BENCH_WATCHERS_SPREAD="$(PROFILE_SPREAD)" BENCH_PROFILE="$(CURDIR)/target/profile" cargo run -p frontdesk-tests --release --bin bench
