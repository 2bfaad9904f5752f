"""Shared, cached resources: the database per URL, and rendered page images.

The settings are read from the environment on every run (cheap), so a changed
``DPA_DATABASE_URL`` is honoured; the database handle is cached per URL and treated as read-only.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import streamlit as st

from dpa import transactions
from dpa.review import page_images
from dpa.settings import Settings
from dpa.transactions import Database, Session

PAGE_IMAGE_CACHE_ENTRIES = 64


def settings() -> Settings:
    """The application settings from the environment (DPA_DATABASE_URL, DPA_DATA_DIR, ...)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def database(url: str) -> Database:
    """Engine and session factory for ``url``, migrated to the current schema, shared by sessions."""
    return transactions.open_database(url)


def transaction() -> AbstractContextManager[Session]:
    """One user action in one transaction: committed if it succeeds, nothing kept if it raises."""
    return transactions.transaction(database(settings().resolved_database_url))


def reading() -> AbstractContextManager[Session]:
    """A session for one page run's views (nothing is committed)."""
    return transactions.reading(database(settings().resolved_database_url))


@st.cache_data(show_spinner=False, max_entries=PAGE_IMAGE_CACHE_ENTRIES)
def page_png(sha256: str, page: int, zoom: float, _pdf_path: Path) -> bytes:
    """A page image, cached by the file's SHA-256, page and zoom (the path is not part of the key)."""
    return page_images.page_png(_pdf_path, page, zoom)
