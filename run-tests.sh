#!/usr/bin/env bash
# Set-up, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
python -m pytest "$@"
