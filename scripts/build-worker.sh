#!/bin/sh
# Builds the Worker (wasm + JS shim) into worker/build. wrangler runs this as
# its [build] command. FRONTDESK_SKIP_BUILD=1 skips it when the caller (the
# end-to-end tests) has built already, so each `wrangler dev` starts at once.
set -eu
[ "${FRONTDESK_SKIP_BUILD:-0}" = 1 ] && [ -f worker/build/index.js ] && exit 0
cd "$(dirname "$0")/../worker"
export PATH="$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
exec worker-build --release
