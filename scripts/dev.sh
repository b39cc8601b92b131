#!/usr/bin/env bash
# `make dev`: set up, build, migrate, seed the demo organisation and serve on
# http://localhost:8787 with local state kept in .wrangler/state.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8787}"
say() { printf '==> %s\n' "$*"; }

scripts/bootstrap.sh

say "applying local D1 migrations"
CI=true node_modules/.bin/wrangler d1 migrations apply DB --local >/dev/null

# The vendor-compatible Worker (vendor/) runs beside the main one and
# needs the same secrets; wrangler reads them from .dev.vars beside each
# config.
install -m 600 .dev.vars vendor/.dev.vars

say "building and starting wrangler dev on port $PORT (the first build takes a few minutes)"
# --test-scheduled: locally the every-minute cron runs when asked, with
# GET /__scheduled?cron=*+*+*+*+*
# FRONTDESK_WASM_OPT=0: each rebuild skips wasm-opt (about 20 s); `make test`
# and `wrangler deploy` optimise.
FRONTDESK_WASM_OPT=0 node_modules/.bin/wrangler dev -c wrangler.toml -c vendor/wrangler.toml --ip 127.0.0.1 --port "$PORT" --show-interactive-dev-session=false --test-scheduled &
wrangler_pid=$!
trap 'kill "$wrangler_pid" 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/health" && break
  kill -0 "$wrangler_pid" 2>/dev/null || { echo "wrangler dev exited" >&2; exit 1; }
  sleep 0.5
done

say "seeding the demo organisation"
node scripts/seed-demo.mjs "http://127.0.0.1:$PORT"
wait "$wrangler_pid"
