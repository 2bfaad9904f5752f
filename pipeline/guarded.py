"""The application's way to run the stages on an upload: each job in a guarded child process.

An uploaded file is untrusted: parsing, OCR, checking and redacting it run in a worker process
(``pipeline.guard``), never in the caller's, so a file that makes MuPDF loop or crash costs one child
and a plain message, and the process-wide settings the stages need stay in that child. Each function
here runs one job of ``pipeline.worker_jobs`` and returns its typed result.

Time limits grow with the pages: a 100-page scan is OCR'd page by page, which takes minutes.

Raises (every function):
    IngestError: ``timeout`` (the child was stopped) or ``unreadable_pdf`` (it died without answering).
    PipelineError: the file could not be read, converted or checked (the stage's own message).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import worker_jobs
from pipeline.box_text import box_text
from pipeline.guard import DEFAULT_TIMEOUT_S, Progress, run_guarded
from pipeline.page_render import render_page_png
from pipeline.worker_jobs import CheckedDocument, ConvertedDocx, RedactedDocument

if TYPE_CHECKING:
    from pipeline.findings import Checklist
    from pipeline.redact.types import RedactionPlan, VerificationReport
    from pipeline.types import SegmentedDocument

__all__ = [
    "CheckedDocument",
    "ConvertedDocx",
    "RedactedDocument",
    "apply_and_verify_guarded",
    "box_text_guarded",
    "check_guarded",
    "convert_docx_guarded",
    "plan_redaction_guarded",
    "redact_guarded",
    "render_page_guarded",
    "work_timeout",
]

# Seconds a job may take per page, on top of DEFAULT_TIMEOUT_S: enough for a scanned page read
# upright and in every turn by a single Tesseract, on a slow machine.
SECONDS_PER_PAGE = 30.0
CONVERSION_TIMEOUT_S = 180.0  # LibreOffice's own limit (120 s) and the PDF's page count


def work_timeout(pages: int | None) -> float:
    """The time a job on a document of ``pages`` pages may take (unknown: as for one page)."""
    return DEFAULT_TIMEOUT_S + SECONDS_PER_PAGE * max(1, pages or 1)


def check_guarded(
    pdf_path: str | Path,
    *,
    sha256: str,
    file_name: str,
    pages: int | None = None,
    max_pages: int | None = None,
    ocr_progress: Progress | None = None,
) -> CheckedDocument:
    """Parse (OCR included), segment, detect and judge ``pdf_path`` in a child; see
    ``worker_jobs.check_document``."""
    return run_guarded(
        worker_jobs.check_document,
        str(pdf_path),
        sha256=sha256,
        max_pages=max_pages,
        timeout=work_timeout(pages),
        file_name=file_name,
        progress=ocr_progress,
        name=file_name,
    )


def convert_docx_guarded(data: bytes, *, file_name: str) -> ConvertedDocx:
    """A Word file's PDF and page count, made in a child (LibreOffice's PDF is read there too)."""
    return run_guarded(worker_jobs.convert_docx, data, timeout=CONVERSION_TIMEOUT_S, file_name=file_name)


def plan_redaction_guarded(
    segmented: SegmentedDocument,
    checklist: Checklist,
    *,
    file_name: str,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
    signer_names: str = "none",
) -> RedactionPlan:
    """What to redact, planned in a child (signature images are read from the PDF)."""
    return run_guarded(
        worker_jobs.plan_redaction,
        segmented,
        checklist,
        terms=tuple(terms),
        patterns=tuple(patterns),
        signer_names=signer_names,
        timeout=work_timeout(segmented.parsed.page_count),
        file_name=file_name,
    )


def apply_and_verify_guarded(
    pdf_path: str | Path,
    plan: RedactionPlan,
    out_path: str | Path,
    *,
    file_name: str,
    pages: int | None = None,
) -> VerificationReport:
    """Write the redacted copy to ``out_path`` and verify it, in a child."""
    return run_guarded(
        worker_jobs.apply_and_verify,
        str(pdf_path),
        plan,
        str(out_path),
        timeout=work_timeout(pages),
        file_name=file_name,
    )


def redact_guarded(
    pdf_path: str | Path,
    segmented: SegmentedDocument,
    checklist: Checklist,
    out_path: str | Path,
    *,
    file_name: str,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
    signer_names: str = "none",
) -> RedactedDocument:
    """Plan, apply and verify a redaction of a checked document in one child."""
    return run_guarded(
        worker_jobs.redact_document,
        str(pdf_path),
        segmented,
        checklist,
        str(out_path),
        terms=tuple(terms),
        patterns=tuple(patterns),
        signer_names=signer_names,
        timeout=work_timeout(segmented.parsed.page_count),
        file_name=file_name,
    )


def render_page_guarded(pdf_path: str | Path, page: int, zoom: float, *, file_name: str) -> bytes:
    """Page ``page`` (1-based) as PNG bytes at ``zoom`` x 72 dpi, drawn in a child.

    Raises:
        ValueError: the document has no such page.
    """
    return run_guarded(
        render_page_png, str(pdf_path), page, zoom, timeout=work_timeout(1), file_name=file_name
    )


def box_text_guarded(
    pdf_path: str | Path, page: int, bbox: tuple[float, float, float, float], *, file_name: str
) -> str:
    """The words in a box of page ``page`` (1-based), read in a child (see ``pipeline.box_text``)."""
    return run_guarded(box_text, str(pdf_path), page, bbox, timeout=work_timeout(1), file_name=file_name)
