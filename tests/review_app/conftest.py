"""Fixtures for the review app: a seeded world per test (see ``seed``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.review_app.seed import World, build_template, copy_world


@pytest.fixture(scope="session")
def review_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("review-template")
    return folder, build_template(folder)


@pytest.fixture
def world(review_template: tuple[Path, int], tmp_path: Path) -> World:
    template, agreement_id = review_template
    return copy_world(template, tmp_path / "world", agreement_id)
