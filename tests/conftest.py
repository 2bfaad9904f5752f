"""Shared test fixtures: where the corpus lives, and its digital PDFs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _shared_dir() -> Path:
    """The shared corpus and real-world PDFs: DPA_SHARED_DIR, else ``../shared`` beside the checkout."""
    if "DPA_SHARED_DIR" in os.environ:
        return Path(os.environ["DPA_SHARED_DIR"])
    beside = Path(__file__).resolve().parents[1].parent / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


SHARED = _shared_dir()
CORPUS = SHARED / "corpus"
REALWORLD = SHARED / "realworld"

corpus_pdfs = sorted(p for p in CORPUS.glob("*.pdf") if not p.name.endswith(".scanned.pdf"))
scanned_pdfs = sorted(CORPUS.glob("*.scanned.pdf"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """The corpus and real-world files are test inputs: their absence fails the run, it is not skipped."""
    missing = [str(p) for p in (CORPUS, REALWORLD) if not p.is_dir()]
    if missing:
        raise pytest.UsageError(f"test data not found: {', '.join(missing)} (set DPA_SHARED_DIR)")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
