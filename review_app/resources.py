"""Shared, cached resources: the database per URL, and rendered page images.

The settings are read from the environment on every run (cheap), so a changed
``DPA_DATABASE_URL`` is honoured; the database handle is cached per URL and treated as read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from sqlalchemy.orm import Session

from dpa.settings import Settings
from models.db import Database, open_database
from review_app.components.page_image import render_page_png

PAGE_IMAGE_CACHE_ENTRIES = 64


def settings() -> Settings:
    """The application settings from the environment (DPA_DATABASE_URL, DPA_DATA_DIR, ...)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def database(url: str) -> Database:
    """Engine and session factory for ``url``, migrated to the current schema, shared by sessions."""
    return open_database(url)


@contextmanager
def session() -> Iterator[Session]:
    """A session for one user action or one page run; the caller commits."""
    with database(settings().resolved_database_url).session_factory() as db_session:
        yield db_session


@st.cache_data(show_spinner=False, max_entries=PAGE_IMAGE_CACHE_ENTRIES)
def page_png(sha256: str, page: int, zoom: float, _pdf_path: Path) -> bytes:
    """A page image, cached by the file's SHA-256, page and zoom (the path is not part of the key)."""
    return render_page_png(_pdf_path, page, zoom)
