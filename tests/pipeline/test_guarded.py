"""Uploads are read, OCR'd, checked and redacted in a guarded child: the in-process results, plain errors
for a file that crashes or hangs its worker, and OCR progress reported to the caller."""

from __future__ import annotations

import hashlib
import pickle
import time
from pathlib import Path

import pytest

from pipeline.errors import IngestError
from pipeline.guard import run_guarded
from pipeline.guarded import (
    apply_and_verify_guarded,
    check_guarded,
    convert_docx_guarded,
    plan_redaction_guarded,
    redact_guarded,
)
from pipeline.worker_jobs import apply_and_verify, check_document, plan_redaction, read_document
from tests.conftest import CORPUS, corpus_pdfs
from tests.pipeline.stages_in_child import crash_after_progress, hang_with_a_helper

SAMPLE = corpus_pdfs[0]
SCAN = CORPUS / "velloway_short_dpa.scanned.pdf"  # three pages


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_crash_in_the_worker_is_a_plain_error_after_the_progress_it_sent() -> None:
    calls: list[tuple[int, int]] = []
    with pytest.raises(IngestError) as caught:
        run_guarded(crash_after_progress, file_name="crafted.pdf", progress=lambda d, t: calls.append((d, t)))
    assert caught.value.code == "unreadable_pdf"
    assert "“crafted.pdf”" in caught.value.message and "damaged" in caught.value.message
    assert calls == [(1, 3)]


def test_a_hang_is_stopped_with_the_processes_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "helper.pid"
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        run_guarded(hang_with_a_helper, str(pid_file), timeout=3.0, file_name="loop.pdf")
    assert caught.value.code == "timeout"
    assert "“loop.pdf”" in caught.value.message and "3 seconds" in caught.value.message
    assert time.monotonic() - started < 20
    helper = int(pid_file.read_text(encoding="utf-8"))
    assert _ends(helper), "the job's helper process outlived the stopped worker"


def _ends(pid: int, within: float = 10.0) -> bool:
    """Whether process ``pid`` is gone (or a zombie nobody has reaped yet) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


def test_checking_in_the_worker_gives_the_in_process_result() -> None:
    sha256 = _sha256(SAMPLE)
    guarded = check_guarded(SAMPLE, sha256=sha256, file_name=SAMPLE.name)
    assert guarded == check_document(str(SAMPLE), sha256=sha256, name=SAMPLE.name)
    assert guarded.checklist.results
    assert pickle.loads(pickle.dumps(guarded)) == guarded


def test_a_document_over_the_page_limit_is_refused_by_name() -> None:
    with pytest.raises(IngestError) as caught:
        check_guarded(SAMPLE, sha256=_sha256(SAMPLE), file_name="long.pdf", max_pages=1)
    assert caught.value.code == "too_many_pages"
    assert caught.value.file_name == "long.pdf"
    assert "at most 1 are accepted" in caught.value.message


@pytest.mark.ocr
def test_ocr_progress_reaches_the_caller_and_the_scan_reads_as_in_process() -> None:
    calls: list[tuple[int, int]] = []
    sha256 = _sha256(SCAN)
    guarded = check_guarded(
        SCAN, sha256=sha256, file_name=SCAN.name, pages=3, ocr_progress=lambda d, t: calls.append((d, t))
    ).segmented
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert all(page.ocr_applied for page in guarded.parsed.pages)
    assert guarded == read_document(str(SCAN), sha256=sha256, name=SCAN.name)


def test_redacting_in_the_worker_gives_the_in_process_result(tmp_path: Path) -> None:
    checked = check_document(str(SAMPLE), sha256=_sha256(SAMPLE), name=SAMPLE.name)
    guarded = redact_guarded(
        SAMPLE, checked.segmented, checked.checklist, tmp_path / "guarded.pdf", file_name=SAMPLE.name
    )
    plan = plan_redaction(checked.segmented, checked.checklist)
    assert guarded.plan == plan
    assert guarded.report == apply_and_verify(str(SAMPLE), plan, str(tmp_path / "here.pdf"))
    assert (tmp_path / "guarded.pdf").is_file()
    assert pickle.loads(pickle.dumps(guarded)) == guarded


def test_a_stored_run_plans_and_applies_in_the_worker(tmp_path: Path) -> None:
    """The two halves the review app calls separately (propose, then apply an edited plan)."""
    checked = check_document(str(SAMPLE), sha256=_sha256(SAMPLE), name=SAMPLE.name)
    plan = plan_redaction_guarded(checked.segmented, checked.checklist, file_name=SAMPLE.name)
    assert plan == plan_redaction(checked.segmented, checked.checklist)
    report = apply_and_verify_guarded(SAMPLE, plan, tmp_path / "out.pdf", file_name=SAMPLE.name)
    assert report == apply_and_verify(str(SAMPLE), plan, str(tmp_path / "here.pdf"))


def test_a_word_file_is_converted_in_the_worker() -> None:
    docx = next(CORPUS.glob("*.docx"))
    converted = convert_docx_guarded(docx.read_bytes(), file_name=docx.name)
    assert converted.pdf.startswith(b"%PDF")
    assert converted.pages >= 1
