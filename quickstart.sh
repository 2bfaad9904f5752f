#!/usr/bin/env bash
# Set-up, then the main job on the default SQLite database: ingest and check the sample agreements,
# list what was found, print one checklist, and start the review app on them (Ctrl-C stops it).
# Pass --no-app to stop after the checks.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
export DPA_DATA_DIR="${DPA_DATA_DIR:-$PWD/.dpa}"
dpa ingest samples/
dpa list
dpa check samples/quillon_addendum.pdf
[ "${1:-}" = "--no-app" ] && exit 0

# Demo accounts for a first look, one per role. Choose your own password with DPA_DEMO_PASSWORD.
password="${DPA_DEMO_PASSWORD:-soppa-demo-2026}"
for role in admin reviewer director; do
  marker="$DPA_DATA_DIR/.demo-user-$role"
  if [ ! -f "$marker" ]; then
    printf '%s\n' "$password" | dpa user add "$role" --role "$role" --password-stdin && touch "$marker"
  fi
done
echo "Sign in as admin, reviewer or director with the password '$password' (set when first created)."
exec dpa review
