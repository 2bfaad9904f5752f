"""Settings come from DPA_* variables, the CLI overrides them, and defaults stay inside the data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from dpa.cli import app
from dpa.settings import Settings
from pipeline.limits import MB


def test_default_database_lives_in_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DPA_DATABASE_URL", raising=False)
    monkeypatch.setenv("DPA_DATA_DIR", str(tmp_path / "d"))
    settings = Settings()
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'd' / 'dpa.sqlite3'}"
    assert settings.file_store().objects == tmp_path / "d" / "objects"


def test_environment_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPA_DATABASE_URL", "sqlite:///from-env.db")
    monkeypatch.setenv("DPA_MAX_PAGES", "12")
    monkeypatch.setenv("DPA_MAX_FILE_MB", "3")
    settings = Settings()
    assert settings.resolved_database_url == "sqlite:///from-env.db"
    assert settings.ingest_limits().max_pages == 12
    assert settings.ingest_limits().max_file_bytes == 3 * MB
    overridden = settings.with_overrides(database_url="sqlite:///cli.db", data_dir=tmp_path)
    assert overridden.resolved_database_url == "sqlite:///cli.db"
    assert overridden.data_dir == tmp_path
    assert overridden.max_pages == 12
    assert settings.with_overrides() == settings


def test_bad_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPA_MAX_PAGES", "-1")
    with pytest.raises(ValidationError):
        Settings()


def test_cli_bad_setting_is_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPA_MAX_PAGES", "lots")
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 1
    assert "invalid setting: max_pages" in result.output
    assert "Traceback" not in result.output


def test_cli_data_dir_keeps_instances_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DPA_DATABASE_URL", raising=False)
    runner = CliRunner()
    for name in ("one", "two"):
        result = runner.invoke(app, ["--data-dir", str(tmp_path / name), "list"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name / "dpa.sqlite3").is_file()
