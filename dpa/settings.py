"""Where the application keeps its data, and the upload limits: one object, from the environment.

``DPA_DATA_DIR`` (default ``./.dpa``) holds the SQLite database and the file store;
``DPA_DATABASE_URL`` points elsewhere (any SQLAlchemy URL). The CLI's ``--db`` and ``--data-dir``
override both. Nothing is read from the environment at import time, so two instances (or two
tests) with different settings never share state by accident.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, PositiveInt
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.filestore import FileStore
from pipeline.limits import MB, IngestLimits

DATABASE_FILE = "dpa.sqlite3"


class AuthMode(StrEnum):
    """How the review app signs people in (``DPA_AUTH``)."""

    PASSWORD = "password"  # our own accounts and argon2 password hashes
    OIDC = "oidc"  # the district's single sign-on via Streamlit's st.login; roles still ours


class Settings(BaseSettings):
    """Application settings; environment variables are ``DPA_`` + the field name in capitals."""

    model_config = SettingsConfigDict(env_prefix="DPA_", frozen=True, extra="ignore")

    data_dir: Path = Field(default=Path(".dpa"), description="database file and file store")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite in data_dir")
    max_file_mb: PositiveInt = Field(default=50, description="largest upload accepted")
    max_pages: PositiveInt = Field(default=500, description="most pages accepted")
    auth: AuthMode = Field(default=AuthMode.PASSWORD, description="password, or oidc (single sign-on)")

    @property
    def resolved_database_url(self) -> str:
        """The URL to connect to: the explicit one, else a SQLite file inside the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / DATABASE_FILE).resolve()}"

    @property
    def files_root(self) -> Path:
        """Root of the content-addressed file store."""
        return self.data_dir.resolve()

    def file_store(self) -> FileStore:
        """The file store under the data folder."""
        return FileStore(self.files_root)

    def ingest_limits(self) -> IngestLimits:
        """The limits ``pipeline.ingest`` checks, from these settings."""
        return IngestLimits(max_file_bytes=self.max_file_mb * MB, max_pages=self.max_pages)

    def with_overrides(self, *, database_url: str | None = None, data_dir: Path | None = None) -> Settings:
        """A copy with command-line values in place of the environment's (None keeps the current)."""
        changes: dict[str, object] = {}
        if database_url is not None:
            changes["database_url"] = database_url
        if data_dir is not None:
            changes["data_dir"] = data_dir
        return type(self).model_validate({**self.model_dump(), **changes})
