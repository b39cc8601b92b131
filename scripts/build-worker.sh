#!/bin/sh
# Builds the Workers (wasm + JS shim) into worker/build and vendor/build,
# then shrinks each wasm
# with wasm-opt (npm package binaryen). wrangler runs this as its [build]
# command, so `wrangler deploy` and `make test` ship the same optimised file.
# FRONTDESK_SKIP_BUILD=1 skips it when the caller (the end-to-end tests) has
# built already, so each `wrangler dev` starts at once. FRONTDESK_WASM_OPT=0
# skips wasm-opt only (`make dev`'s rebuild loop); scripts/size-check.sh
# refuses such a build.
set -eu
# Which Workers: "worker" (Frontdesk's own), "vendor" (the vendor-compatible
# surfaces, vendor/), or both (the default).
targets="${1:-worker vendor}"
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}"
wasm_opt="$root/node_modules/.bin/wasm-opt"
# -O1 without memory-packing gave the smallest gzip, which is what the
# upload limit and the size budget count: -Oz and -Os make the file smaller
# but compress worse, and take 3 to 5 times as long (README, "Worker size").
# Every level drops the name section. wasm-bindgen's catch wrappers use
# exception handling, which the target-features section does not list.
flags="-O1 --skip-pass=memory-packing --enable-exception-handling"

for target in $targets; do
  dir="$root/$target"
  [ -d "$dir" ] || { echo "build-worker.sh: no Worker named $target" >&2; exit 1; }
  if [ "${FRONTDESK_SKIP_BUILD:-0}" = 1 ] && [ -f "$dir/build/index.js" ]; then
    continue
  fi
  cd "$dir"
  # The stamp says the wasm beside it went through wasm-opt.
  rm -f build/wasm-opt.stamp
  worker-build --release
  [ "${FRONTDESK_WASM_OPT:-1}" = 0 ] && continue
  if [ ! -x "$wasm_opt" ]; then
    echo "wasm-opt is missing: run scripts/bootstrap.sh (npm package binaryen)" >&2
    exit 1
  fi
  echo "wasm-opt $flags ($target)"
  # shellcheck disable=SC2086
  "$wasm_opt" $flags build/index_bg.wasm -o build/index_bg.opt.wasm
  mv build/index_bg.opt.wasm build/index_bg.wasm
  echo "$flags" > build/wasm-opt.stamp
done
