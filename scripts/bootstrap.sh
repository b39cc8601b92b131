#!/usr/bin/env bash
# Installs what building and running Frontdesk needs, and only what is missing,
# so a second run takes seconds. `make dev` and `make test` both run it.
#   scripts/bootstrap.sh            toolchain, npm packages, local secrets
#   scripts/bootstrap.sh --browser  also Chromium, for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WORKER_BUILD_VERSION=0.8.7

say() { printf '==> %s\n' "$*"; }

command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer first" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(worker-build --version 2>/dev/null || true)" != "$WORKER_BUILD_VERSION" ]; then
  say "installing worker-build $WORKER_BUILD_VERSION (once; takes a few minutes)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked
fi

# The CLI must be exactly the wasm-bindgen version the Worker links against.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (once; takes a few minutes)"
  # Not --locked: its lockfile pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ ! -x node_modules/.bin/wasm-opt ]; then
  say "installing npm packages (wrangler, binaryen's wasm-opt, playwright-core) with npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The schema fuzzer (schemathesis), pinned; reinstalled when the pins change.
fuzz_reqs=tests/schemathesis/requirements.txt
if [ ! -x .venv-schemathesis/bin/schemathesis ] || [ "$fuzz_reqs" -nt .venv-schemathesis/.installed ]; then
  command -v python3 >/dev/null || { echo "python3 is missing: install Python 3.10 or newer first" >&2; exit 1; }
  say "installing schemathesis into .venv-schemathesis (once)"
  if ! python3 -m venv .venv-schemathesis >/dev/null 2>&1; then
    # Debian's python3 ships venv separately.
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv .venv-schemathesis
  fi
  .venv-schemathesis/bin/pip install --quiet --disable-pip-version-check -r "$fuzz_reqs"
  touch .venv-schemathesis/.installed
fi

# Local Worker secrets, each generated once and kept (git-ignored).
touch .dev.vars && chmod 600 .dev.vars
for name in OPERATOR_TOKEN WATCH_SECRET SECRETS_MASTER_KEY; do
  if ! grep -q "^$name=" .dev.vars; then
    say "generating the local secret $name in .dev.vars"
    echo "$name=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" >> .dev.vars
  fi
done

if [ "${1:-}" = "--browser" ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  say "installing Chromium from Debian for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi

say "toolchain ready"
