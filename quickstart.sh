#!/usr/bin/env bash
# Set-up, then the main job on the default SQLite database: ingest and check the sample agreements,
# list what was found and print the checklist of one of them.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
export DPA_DATA_DIR="${DPA_DATA_DIR:-$PWD/.dpa}"
dpa ingest samples/
dpa list
dpa check samples/quillon_addendum.pdf
