"""``dpa ingest``, ``list`` and ``show`` end to end on a real SQLite file and real corpus PDFs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event
from typer.testing import Result

from models import ClauseRow
from pipeline.errors import IngestError
from pipeline.ingest import ingest
from tests.dpa.conftest import OTHER_PDF, SMALL_PDF, Snapshot

Run = Callable[..., Result]


def _flat(output: str) -> str:
    """Output with table borders and runs of spaces removed, for substring checks."""
    return " ".join(re.sub(r"[│┃┆║]", " ", output).split())


def test_ingest_list_show(run_cli: Run) -> None:
    result = run_cli("ingest", str(SMALL_PDF))
    assert result.exit_code == 0, result.output
    assert re.search(r"velloway_short_dpa\.pdf\s*│\s*3\s*│\s*new\s*│\s*1\s*│", result.output)

    listing = run_cli("list")
    assert listing.exit_code == 0
    assert "velloway_short_dpa.pdf" in listing.output
    assert "Agreements (1)" in listing.output

    sha = hashlib.sha256(SMALL_PDF.read_bytes()).hexdigest()
    for ref in ("1", sha[:10]):
        shown = run_cli("show", ref)
        assert shown.exit_code == 0, shown.output
        assert sha in shown.output
        assert "p. 1" in shown.output
        assert "├──" in shown.output or "└──" in shown.output


def test_reingest_is_duplicate_with_nothing_added(run_cli: Run, snapshot: Callable[[], Snapshot]) -> None:
    assert run_cli("ingest", str(SMALL_PDF)).exit_code == 0
    before = snapshot()
    again = run_cli("ingest", str(SMALL_PDF))
    assert again.exit_code == 0
    assert "duplicate" in again.output
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["empty", "text_as_pdf", "truncated", "encrypted"])
def test_bad_input_prints_the_message_and_changes_nothing(
    run_cli: Run, snapshot: Callable[[], Snapshot], bad_files: dict[str, Path], kind: str
) -> None:
    assert run_cli("list").exit_code == 0  # creates the schema, so the snapshot can count rows
    before = snapshot()
    with pytest.raises(IngestError) as expected:
        ingest(bad_files[kind])
    result = run_cli("ingest", str(bad_files[kind]))
    assert result.exit_code == 1
    assert "error" in result.output
    assert _flat(expected.value.message) in _flat(result.output)
    assert "Traceback" not in result.output
    assert snapshot() == before


def test_folder_with_bad_files_processes_the_rest(
    run_cli: Run,
    bad_files: dict[str, Path],
    corpus_copy: Callable[..., Path],
    snapshot: Callable[[], Snapshot],
) -> None:
    folder = bad_files["empty"].parent
    (folder / "readme.txt").write_text("not an agreement")
    (folder / "sub").mkdir()
    (folder / "sub" / "scan_without_extension").write_bytes(OTHER_PDF.read_bytes())
    (folder / "sub" / "good.PDF").write_bytes(SMALL_PDF.read_bytes())
    result = run_cli("ingest", str(folder))
    assert result.exit_code == 1
    assert result.output.count(" new ") == 2
    assert result.output.count(" error ") == 4
    assert "readme.txt" not in result.output
    assert snapshot().rows["agreements"] == 2


def test_database_error_mid_upload_is_reported_and_leaves_nothing(
    run_cli: Run, snapshot: Callable[[], Snapshot]
) -> None:
    assert run_cli("list").exit_code == 0
    before = snapshot()

    def read_only(mapper: object, connection: object, target: object) -> None:
        connection.exec_driver_sql("PRAGMA query_only = ON")  # type: ignore[attr-defined]

    event.listen(ClauseRow, "before_insert", read_only)
    try:
        result = run_cli("ingest", str(SMALL_PDF))
    finally:
        event.remove(ClauseRow, "before_insert", read_only)
    assert result.exit_code == 1
    assert "database error, nothing was saved: attempt to write a readonly database" in _flat(result.output)
    assert "Traceback" not in result.output
    assert snapshot() == before


def test_show_unknown_agreement(run_cli: Run) -> None:
    result = run_cli("show", "42")
    assert result.exit_code == 1
    assert "no agreement with id or SHA-256 prefix '42'" in result.output


def test_missing_path_is_reported(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("ingest", str(tmp_path / "nope.pdf"))
    assert result.exit_code == 1
    assert "not found" in result.output


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ([], "Check Illinois SOPPA"),
        (["ingest"], "Add agreements"),
        (["list"], "List every agreement"),
        (["show"], "Show one agreement"),
        (["bench"], "pages per second"),
    ],
)
def test_every_command_has_help(run_cli: Run, command: list[str], words: str) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert words in _flat(result.output)
