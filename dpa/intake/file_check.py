"""A file checked without being stored (``dpa check``, ``dpa redact FILE``): validated like an upload,
a Word file converted, every stage run up to the verdicts."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dpa.settings import Settings
from pipeline.findings import Checklist
from pipeline.guarded import check_guarded, convert_docx_guarded
from pipeline.ingest import ingest_guarded
from pipeline.types import FileType, Upload


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """The checklist of one file checked without storing it (``dpa check``)."""

    upload: Upload
    checklist: Checklist


def check_file(settings: Settings, source: Path | bytes, name: str | None = None) -> CheckedFile:
    """Validate one file like an upload, convert a Word file, and run every stage up to the verdicts.

    Raises:
        PipelineError: the file cannot be accepted or read (message meant for the director).
    """
    with upload_as_pdf(settings, source, name) as (upload, pdf_path, pages):
        checked = check_guarded(pdf_path, sha256=upload.sha256, file_name=upload.original_name, pages=pages)
    return CheckedFile(upload=upload, checklist=checked.checklist)


@contextmanager
def upload_as_pdf(
    settings: Settings, source: Path | bytes, name: str | None = None
) -> Iterator[tuple[Upload, Path, int | None]]:
    """Validate one file like an upload and lend it as a temporary PDF (a Word file converted in a
    worker), with its page count.

    Raises:
        PipelineError: the file cannot be accepted or converted (message meant for the director).
    """
    upload = ingest_guarded(source, name=name, limits=settings.ingest_limits())
    with tempfile.TemporaryDirectory(prefix="dpa-upload-") as work:
        pdf_path = Path(work) / "document.pdf"
        if upload.file_type is FileType.PDF:
            data, pages = upload.data, upload.page_count
        else:
            converted = convert_docx_guarded(upload.data, file_name=upload.original_name)
            data, pages = converted.pdf, converted.pages
        pdf_path.write_bytes(data)
        yield upload, pdf_path, pages
