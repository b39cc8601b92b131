#!/bin/sh
# Builds the JavaScript minting package (frontdesk-core's mint, via
# wasm-bindgen) into mint/pkg, for Node.js.
set -eu
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build -p frontdesk-mint --release --target wasm32-unknown-unknown
wasm-bindgen --target nodejs --out-dir mint/pkg \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/frontdesk_mint.wasm"
