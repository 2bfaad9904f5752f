"""Shared test fixtures: where the corpus lives, and its digital PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path("/work/shared")
CORPUS = SHARED / "corpus"
REALWORLD = SHARED / "realworld"

corpus_pdfs = sorted(p for p in CORPUS.glob("*.pdf") if not p.name.endswith(".scanned.pdf"))
scanned_pdfs = sorted(CORPUS.glob("*.scanned.pdf"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("labelled corpus not available")
    return CORPUS
