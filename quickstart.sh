#!/usr/bin/env bash
# Set-up, then the main job on the default SQLite database: ingest the sample agreements and show the results.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
export DPA_DATA_DIR="${DPA_DATA_DIR:-$PWD/.dpa}"
dpa ingest samples/
dpa list
