"""Shared test fixtures: where the corpus lives, its digital PDFs, and a reviewed sample agreement."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pipeline.worker_process import configure_worker_process

if TYPE_CHECKING:
    from tests.review_app.seed import World


def _shared_dir() -> Path:
    """The shared corpus and real-world PDFs: DPA_SHARED_DIR, else ``../shared`` beside the checkout."""
    if "DPA_SHARED_DIR" in os.environ:
        return Path(os.environ["DPA_SHARED_DIR"])
    beside = Path(__file__).resolve().parents[1].parent / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


# The tests run the stages in this process, so it is configured as the guarded child is (before any
# test module imports PyMuPDF).
configure_worker_process()
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


@pytest.fixture(scope="session")
def review_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """One reviewed-sample database for the run, built once (the ingest is the slow part)."""
    from tests.review_app.seed import build_template  # the seed reads this module's paths

    folder = tmp_path_factory.mktemp("review-template")
    return folder, build_template(folder)


@pytest.fixture
def world(review_template: tuple[Path, int], tmp_path: Path) -> World:
    """A private copy of the template: each test changes its own database."""
    from tests.review_app.seed import copy_world

    template, agreement_id = review_template
    return copy_world(template, tmp_path / "world", agreement_id)
