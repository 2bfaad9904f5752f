#!/usr/bin/env bash
# Sets up everything the project needs on a fresh Debian machine with Python 3.11+:
# system packages (Tesseract, LibreOffice), a virtual environment in .venv and the Python dependencies.
# Idempotent and quick when nothing changed. Sourced by quickstart.sh and run-tests.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tesseract (+ OSD for page rotation) for scans, LibreOffice for Word files, Chromium for the browser tests,
# PostgreSQL's server for the tests that run the schema and the use cases on it.
APT_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libreoffice-writer-nogui fonts-dejavu-core chromium
  postgresql)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "==> Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x "$ROOT/.venv/bin/python" ] || [ ! -x "$ROOT/.venv/bin/pip" ]; then
  echo "==> Creating virtual environment in .venv"
  "$PY" -m venv --clear "$ROOT/.venv"  # --clear also repairs a half-made one (an interrupted first run)
fi
stamp="$ROOT/.venv/.deps-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "==> Installing Python dependencies"
  "$ROOT/.venv/bin/pip" install -q --upgrade pip >/dev/null
  "$ROOT/.venv/bin/pip" install -q -e "$ROOT[dev]"
  rm -f "$ROOT"/.venv/.deps-*; touch "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
