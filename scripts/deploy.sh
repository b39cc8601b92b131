#!/usr/bin/env bash
# `make deploy`: both Workers to the Cloudflare account wrangler is logged
# in to. The main Worker binds the vendor Worker (service VENDOR) and the
# vendor Worker binds the main one's Durable Objects (script_name), and
# Cloudflare refuses a binding to a script that does not exist yet. So the
# first deploy goes main-without-VENDOR, vendor, main; later ones go vendor,
# then main. docs/DEPLOY.md, step 3.
set -euo pipefail
cd "$(dirname "$0")/.."
wrangler=node_modules/.bin/wrangler
main_name=$(sed -n 's/^name = "\(.*\)"$/\1/p' wrangler.toml | head -1)
vendor_name=$(sed -n 's/^name = "\(.*\)"$/\1/p' vendor/wrangler.toml | head -1)

if ! "$wrangler" deployments list --name "$vendor_name" >/dev/null 2>&1; then
  echo "==> first deploy: $main_name without its VENDOR binding, so that $vendor_name can bind its objects"
  tmp=$(mktemp -p . .wrangler.first-deploy-XXXX.toml)
  trap 'rm -f "$tmp"' EXIT
  # Drops the [[services]] table (its binding and service lines).
  awk '/^\[\[services\]\]/ { skip = 1; next } /^\[/ { skip = 0 } !skip' wrangler.toml > "$tmp"
  "$wrangler" deploy --config "$tmp"
fi
echo "==> $vendor_name"
"$wrangler" deploy --config vendor/wrangler.toml
echo "==> $main_name"
"$wrangler" deploy --config wrangler.toml
