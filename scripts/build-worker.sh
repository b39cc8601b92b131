#!/bin/sh
# Builds the Worker (wasm + JS shim) into worker/build, then shrinks the wasm
# with wasm-opt (npm package binaryen). wrangler runs this as its [build]
# command, so `wrangler deploy` and `make test` ship the same optimised file.
# FRONTDESK_SKIP_BUILD=1 skips it when the caller (the end-to-end tests) has
# built already, so each `wrangler dev` starts at once. FRONTDESK_WASM_OPT=0
# skips wasm-opt only (`make dev`'s rebuild loop); scripts/size-check.sh
# refuses such a build.
set -eu
[ "${FRONTDESK_SKIP_BUILD:-0}" = 1 ] && [ -f worker/build/index.js ] && exit 0
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/worker"
export PATH="$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
# The stamp says the wasm beside it went through wasm-opt.
rm -f build/wasm-opt.stamp
worker-build --release
[ "${FRONTDESK_WASM_OPT:-1}" = 0 ] && exit 0

wasm_opt="$root/node_modules/.bin/wasm-opt"
if [ ! -x "$wasm_opt" ]; then
  echo "wasm-opt is missing: run scripts/bootstrap.sh (npm package binaryen)" >&2
  exit 1
fi
# -O1 without memory-packing gave the smallest gzip, which is what the
# upload limit and the size budget count: -Oz and -Os make the file smaller
# but compress worse, and take 3 to 5 times as long (README, "Worker size").
# Every level drops the name section. wasm-bindgen's catch wrappers use
# exception handling, which the target-features section does not list.
flags="-O1 --skip-pass=memory-packing --enable-exception-handling"
echo "wasm-opt $flags"
# shellcheck disable=SC2086
"$wasm_opt" $flags build/index_bg.wasm -o build/index_bg.opt.wasm
mv build/index_bg.opt.wasm build/index_bg.wasm
echo "$flags" > build/wasm-opt.stamp
