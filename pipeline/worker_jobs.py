"""The work the application hands to a guarded child (``pipeline.guarded``), one function per job.

Each runs in a worker process on a file nobody vouched for, takes and returns plain picklable values
(they cross the process boundary both ways) and raises only ``PipelineError`` for a problem with the
file. Detection, judging and redaction are imported where used, so that a process which only hands
jobs out does not load them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pymupdf

from pipeline.errors import IngestError
from pipeline.findings import Checklist, DetectionResult
from pipeline.ingest import IngestCode
from pipeline.parse import OcrProgress, parse
from pipeline.parse.docx_to_pdf import convert_docx_to_pdf
from pipeline.segment import segment
from pipeline.types import SegmentedDocument

if TYPE_CHECKING:
    from pipeline.redact.types import RedactionPlan, VerificationReport


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    """An upload read and checked: what the application stores and shows."""

    segmented: SegmentedDocument
    detection: DetectionResult
    checklist: Checklist


@dataclass(frozen=True, slots=True)
class ConvertedDocx:
    """A Word file converted to PDF, with the PDF's page count (which sets the time its checks may take)."""

    pdf: bytes
    pages: int


@dataclass(frozen=True, slots=True)
class RedactedDocument:
    """A redaction planned, applied and verified; the redacted PDF is where the caller asked."""

    plan: RedactionPlan
    report: VerificationReport


def read_document(
    pdf_path: str,
    *,
    sha256: str,
    name: str,
    max_pages: int | None = None,
    progress: OcrProgress | None = None,
) -> SegmentedDocument:
    """Parse (OCR included) and segment a PDF; ``max_pages`` refuses a longer one (a converted Word file
    is only counted here), naming the file ``name``. ``progress(done, total)`` reports OCR'd pages."""
    parsed = parse(pdf_path, sha256=sha256, ocr_progress=progress)
    if max_pages is not None and parsed.page_count > max_pages:
        raise IngestError(
            IngestCode.TOO_MANY_PAGES,
            f"The document has {parsed.page_count} pages; at most {max_pages} are accepted.",
            file_name=name,
        )
    return segment(parsed)


def check_document(
    pdf_path: str,
    *,
    sha256: str,
    name: str,
    max_pages: int | None = None,
    progress: OcrProgress | None = None,
) -> CheckedDocument:
    """``read_document``, then every SOPPA requirement detected and judged."""
    from pipeline.detect import detect
    from pipeline.judge import judge

    segmented = read_document(pdf_path, sha256=sha256, name=name, max_pages=max_pages, progress=progress)
    detection = detect(segmented)
    return CheckedDocument(segmented, detection, judge(detection))


def convert_docx(data: bytes) -> ConvertedDocx:
    """A Word file's PDF (LibreOffice) and its page count."""
    pdf = convert_docx_to_pdf(data)
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return ConvertedDocx(pdf, int(doc.page_count))


def plan_redaction(
    segmented: SegmentedDocument,
    checklist: Checklist,
    *,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
    signer_names: str = "none",
) -> RedactionPlan:
    """What to redact in a checked document (``signer_names``: a ``pipeline.redact.SignerNames`` value)."""
    from pipeline.redact import SignerNames, plan_redactions

    return plan_redactions(
        segmented, checklist, terms=terms, patterns=patterns, redact_signer_names=SignerNames(signer_names)
    )


def apply_and_verify(pdf_path: str, plan: RedactionPlan, out_path: str) -> VerificationReport:
    """Write the redacted copy of ``pdf_path`` to ``out_path`` and verify it against the plan."""
    from pipeline.redact import apply_redactions, verify_redactions

    output = apply_redactions(pdf_path, plan, out_path)
    return verify_redactions(pdf_path, output, plan)


def redact_document(
    pdf_path: str,
    segmented: SegmentedDocument,
    checklist: Checklist,
    out_path: str,
    *,
    terms: Sequence[str] = (),
    patterns: Sequence[str] = (),
    signer_names: str = "none",
) -> RedactedDocument:
    """``plan_redaction`` then ``apply_and_verify``, in one job."""
    plan = plan_redaction(segmented, checklist, terms=terms, patterns=patterns, signer_names=signer_names)
    return RedactedDocument(plan, apply_and_verify(pdf_path, plan, out_path))
