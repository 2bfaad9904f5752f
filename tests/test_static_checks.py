"""The static checks are part of the suite: ruff's lint and format rules and mypy, with their configs in
pyproject.toml, so ``./run-tests.sh`` alone fails on a lint, format or type error (``.ci/run`` also runs them
first, to fail fast). Each check's run time is measured and shown with its output."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's tools, beside its python (as test_architecture finds its own)


def _check(command: list[str], timeout: float) -> None:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    took = time.perf_counter() - start
    output = result.stdout + result.stderr
    shown = " ".join([Path(command[0]).name, *command[1:]])
    report = f"{shown}: exit {result.returncode} in {took:.1f} s\n{output}"
    print(report)  # shown with -rP; the run times of all three also appear in --durations
    assert result.returncode == 0, report


def test_ruff_lint_is_clean() -> None:
    _check([str(BIN / "ruff"), "check", "."], timeout=120)


def test_ruff_format_is_kept() -> None:
    _check([str(BIN / "ruff"), "format", "--check", "."], timeout=120)


# A cold mypy run (no .mypy_cache yet, as in CI's fresh clone) takes about a minute on two idle cores and
# several on a loaded machine; with the cache, seconds. The subprocess timeout fires first, with the output.
@pytest.mark.timeout(600)
def test_mypy_passes() -> None:
    _check([sys.executable, "-m", "mypy"], timeout=540)  # files, strictness and cache dir: [tool.mypy]
