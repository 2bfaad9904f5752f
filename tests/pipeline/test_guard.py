"""A hang, a crash or a bug in the child process never freezes or hides from the caller."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipeline.errors import IngestError, ParseError
from pipeline.guard import ChildTracebackError, run_guarded
from pipeline.ingest import ingest, ingest_guarded
from tests.data.make_bad_files import make_encrypted_pdf, make_valid_pdf


def _sleep_forever() -> None:
    while True:
        time.sleep(1)


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _raise_parse_error(name: str) -> None:
    raise ParseError("The text of page 3 could not be read.", file_name=name)


def _buggy() -> None:
    raise KeyError("missing")


def _add(a: int, b: int) -> int:
    return a + b


def test_result_comes_back() -> None:
    assert run_guarded(_add, 2, b=3, file_name="x.pdf") == 5


def test_hang_becomes_timeout_error() -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        run_guarded(_sleep_forever, timeout=1.0, file_name="slow.pdf")
    assert caught.value.code == "timeout"
    assert "“slow.pdf”" in caught.value.message
    assert time.monotonic() - started < 15


def test_crash_becomes_unreadable_pdf_error() -> None:
    with pytest.raises(IngestError) as caught:
        run_guarded(_segfault, file_name="crash.pdf")
    assert caught.value.code == "unreadable_pdf"
    assert "“crash.pdf”" in caught.value.message


def test_pipeline_error_crosses_the_process_boundary_intact() -> None:
    with pytest.raises(ParseError) as caught:
        run_guarded(_raise_parse_error, "deal.pdf", file_name="deal.pdf")
    assert caught.value.code == "parse_error"
    assert caught.value.file_name == "deal.pdf"
    assert caught.value.message == "The text of page 3 could not be read."


def test_bug_in_child_is_reraised_with_its_traceback() -> None:
    with pytest.raises(KeyError) as caught:
        run_guarded(_buggy, file_name="x.pdf")
    assert isinstance(caught.value.__cause__, ChildTracebackError)
    assert "_buggy" in str(caught.value.__cause__)


def test_ingest_guarded_matches_ingest(tmp_path: Path) -> None:
    path = make_valid_pdf(tmp_path)
    guarded = ingest_guarded(path)
    assert guarded == ingest(path)


def test_ingest_guarded_reports_refusals(tmp_path: Path) -> None:
    path = make_encrypted_pdf(tmp_path)
    with pytest.raises(IngestError) as caught:
        ingest_guarded(path.read_bytes(), name="locked copy.pdf")
    assert caught.value.code == "encrypted_pdf"
    assert caught.value.file_name == "locked copy.pdf"
