"""Ingest: accept an upload or refuse it with a reason a school technology director can act on.

Pure: reads and validates, writes nothing (the application stores the accepted bytes). The type comes from
the content (``pipeline.sniff``), never from the name. A PDF is accepted when PyMuPDF opens it, perhaps
after repairing it, and every page loads; it is refused when it is password-protected, has no pages, looks
cut off, or has a page that cannot be read. Decisions worth knowing:

- A PDF encrypted with an *empty* user password (only an owner password restricting printing or copying)
  opens without a password in every reader, and PyMuPDF reads it: it is accepted. The original bytes are
  kept as they are; the redacted copy is written afresh, without the encryption.
- A PDF that MuPDF had to repair is accepted when it ends properly (``%%EOF`` near the end): a broken
  cross-reference table with all objects present reads completely. A repaired file with no end marker
  was most likely cut off during a download or copy, and checking an incomplete agreement would report
  clauses of the missing pages as missing, so it is refused as ``corrupt_pdf``.
- A Word file is checked as a ZIP holding a well-formed ``word/document.xml``; its page count is unknown
  until it is converted to PDF (``Upload.page_count`` is ``None``).
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path

import pymupdf

from pipeline.docx_check import DocxProblem, docx_problem
from pipeline.errors import IngestError
from pipeline.guard import DEFAULT_TIMEOUT_S, run_guarded
from pipeline.limits import ENV_MAX_FILE_MB, ENV_MAX_PAGES, IngestLimits
from pipeline.sniff import Kind, Sniffed, sniff
from pipeline.types import FileType, Upload

DEFAULT_NAME = "unnamed upload"
# A complete PDF ends with "%%EOF"; readers look for it in the last 1024 bytes.
PDF_TRAILER_WINDOW = 1024

# What MuPDF raises on bad input: FileDataError (a RuntimeError), ValueError, and its own error classes.
_MUPDF_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)

_REPRINT = "open it in a PDF reader, print it to a new PDF (or “Save As” PDF), and upload that."


class IngestCode(StrEnum):
    """Stable reasons for refusing an upload (``IngestError.code``)."""

    NOT_FOUND = "not_found"
    NOT_A_FILE = "not_a_file"
    UNREADABLE_FILE = "unreadable_file"
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    CORRUPT_PDF = "corrupt_pdf"
    ENCRYPTED_PDF = "encrypted_pdf"
    NO_PAGES = "no_pages"
    TOO_MANY_PAGES = "too_many_pages"
    CORRUPT_DOCX = "corrupt_docx"
    ENCRYPTED_OFFICE = "encrypted_office"


def ingest(
    source: str | Path | bytes, *, name: str | None = None, limits: IngestLimits | None = None
) -> Upload:
    """Validate an upload given as a path or as bytes and return it with its SHA-256.

    Args:
        source: a file path, or the file's bytes.
        name: the name the user knows the file by (default: the path's name); used in messages.
        limits: size and page limits (default: ``IngestLimits()``).

    Raises:
        IngestError: the file is refused; ``code`` is one of ``IngestCode``.
    """
    limits = limits or IngestLimits()
    file_name = display_name(source, name)
    data = _read(source, file_name, limits)
    sniffed = sniff(data)
    page_count: int | None = None
    if sniffed.kind is Kind.PDF:
        file_type, page_count = FileType.PDF, _check_pdf(data, file_name, limits)
    elif sniffed.kind is Kind.DOCX:
        file_type = FileType.DOCX
        _check_docx(data, file_name, limits)
    else:
        raise _refusal(sniffed, file_name)
    return Upload(
        sha256=hashlib.sha256(data).hexdigest(),
        file_type=file_type,
        size=len(data),
        original_name=file_name,
        page_count=page_count,
        data=data,
    )


def ingest_guarded(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    limits: IngestLimits | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Upload:
    """``ingest`` in a child process: a hang or crash of the PDF library becomes an ``IngestError``.

    Raises:
        IngestError: as ``ingest``, or ``timeout`` / ``unreadable_pdf`` (see ``pipeline.guard``).
    """
    file_name = display_name(source, name)
    return run_guarded(ingest, source, name=file_name, limits=limits, timeout=timeout, file_name=file_name)


def display_name(source: str | Path | bytes, name: str | None = None) -> str:
    """The name to show the user: the one given, else the path's file name, else a placeholder."""
    if name:
        return name
    return Path(source).name if isinstance(source, str | Path) else DEFAULT_NAME


def _read(source: str | Path | bytes, file_name: str, limits: IngestLimits) -> bytes:
    """Return the bytes, refusing empty and oversize files (a path's size is checked before reading)."""
    if isinstance(source, str | Path):
        data = _read_path(Path(source), file_name, limits)
    else:
        data = bytes(source)
        _check_size(len(data), file_name, limits)
    if not data.strip(b"\x00 \t\r\n"):
        raise IngestError(
            IngestCode.EMPTY_FILE,
            f"“{file_name}” is empty: it contains no data. Check that you picked the right file; "
            "if it was downloaded or copied, do that again.",
            file_name=file_name,
        )
    return data


def _read_path(path: Path, file_name: str, limits: IngestLimits) -> bytes:
    try:
        if path.is_dir():
            raise IngestError(
                IngestCode.NOT_A_FILE, f"“{file_name}” is a folder, not a file.", file_name=file_name
            )
        _check_size(path.stat().st_size, file_name, limits)
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)  # the file may have grown since stat()
    except FileNotFoundError:
        raise IngestError(
            IngestCode.NOT_FOUND,
            f"“{file_name}” was not found. Check the file name and the folder it is in.",
            file_name=file_name,
        ) from None
    except OSError as error:
        raise IngestError(
            IngestCode.UNREADABLE_FILE,
            f"“{file_name}” could not be opened ({error.strerror or 'read error'}). Check that the file "
            "is not open elsewhere and that you are allowed to read it.",
            file_name=file_name,
        ) from None
    _check_size(len(data), file_name, limits)
    return data


def _check_size(size: int, file_name: str, limits: IngestLimits) -> None:
    if size > limits.max_file_bytes:
        raise IngestError(
            IngestCode.TOO_LARGE,
            f"“{file_name}” is {_human_size(size)}; the largest file accepted is "
            f"{_human_size(limits.max_file_bytes)}. Save it as a smaller PDF (for example with "
            f"“Reduce File Size” or lower image quality), or ask your administrator to raise the limit "
            f"(setting {ENV_MAX_FILE_MB}).",
            file_name=file_name,
        )


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def _check_pdf(data: bytes, file_name: str, limits: IngestLimits) -> int:
    """Open the PDF and load every page; return the page count or raise a plain-language refusal."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except _MUPDF_ERRORS:
        if b"/Encrypt" in data:  # e.g. certificate (public-key) encryption, which MuPDF cannot open
            raise _encrypted(file_name) from None
        raise _corrupt_pdf(file_name, "is damaged and cannot be opened as a PDF.") from None
    with doc:
        if doc.needs_pass:
            raise _encrypted(file_name)
        if doc.is_repaired and (doc.page_count == 0 or b"%%EOF" not in data[-PDF_TRAILER_WINDOW:]):
            raise IngestError(
                IngestCode.CORRUPT_PDF,
                f"“{file_name}” is incomplete: the end of the file is missing, as happens when a download "
                "or copy is cut short. Download or copy it again and upload the complete file.",
                file_name=file_name,
            )
        if doc.page_count == 0:
            raise IngestError(
                IngestCode.NO_PAGES,
                f"“{file_name}” is a PDF with no pages. Check that you picked the right file, or ask the "
                "sender for a new copy.",
                file_name=file_name,
            )
        _check_page_count(doc.page_count, file_name, limits)
        _load_every_page(doc, file_name)
        return int(doc.page_count)


def _check_page_count(page_count: int, file_name: str, limits: IngestLimits) -> None:
    if page_count > limits.max_pages:
        raise IngestError(
            IngestCode.TOO_MANY_PAGES,
            f"“{file_name}” has {page_count} pages; the most accepted is {limits.max_pages}. Upload the "
            "agreement on its own, without unrelated attachments, or ask your administrator to raise the "
            f"limit (setting {ENV_MAX_PAGES}).",
            file_name=file_name,
        )


def _load_every_page(doc: pymupdf.Document, file_name: str) -> None:
    """Load each page and its text: a broken page tree (e.g. a cycle) only shows when pages are used."""
    for index in range(doc.page_count):
        try:
            doc.load_page(index).get_text("text")
        except _MUPDF_ERRORS:
            raise _corrupt_pdf(
                file_name, f"is damaged: page {index + 1} of {doc.page_count} cannot be read."
            ) from None


def _corrupt_pdf(file_name: str, what: str) -> IngestError:
    return IngestError(
        IngestCode.CORRUPT_PDF,
        f"“{file_name}” {what} Ask the sender for a new copy, or {_REPRINT}",
        file_name=file_name,
    )


def _encrypted(file_name: str) -> IngestError:
    return IngestError(
        IngestCode.ENCRYPTED_PDF,
        f"“{file_name}” is protected with a password (or a digital certificate), so its text cannot be "
        "read. Ask the vendor for a copy without a password, or open it, remove the password (save a "
        "copy without security), and upload that.",
        file_name=file_name,
    )


def _check_docx(data: bytes, file_name: str, limits: IngestLimits) -> None:
    problem = docx_problem(data, max_unpacked_bytes=limits.max_unpacked_bytes)
    if problem is DocxProblem.UNPACKS_TOO_LARGE:
        raise IngestError(
            IngestCode.TOO_LARGE,
            f"“{file_name}” is a Word document that unpacks to more than "
            f"{_human_size(limits.max_unpacked_bytes)}, which is more than any agreement needs. "
            "Open it in Word, save it as PDF, and upload the PDF.",
            file_name=file_name,
        )
    if problem is DocxProblem.DAMAGED:
        raise _refusal(Sniffed(Kind.DAMAGED_DOCX, ""), file_name)


_ADVICE = {
    Kind.IMAGE: "If it is a photo or scan of the agreement, scan or save it as a PDF and upload that.",
    Kind.WORD_DOC: "Open it in Word, save it as PDF (or as a .docx Word document), and upload that.",
    Kind.ZIP: "Unzip it and upload the agreement inside it (a PDF or Word file).",
    Kind.DAMAGED_ZIP: "It may be incomplete: download or copy it again, unzip it, and upload the agreement.",
    Kind.HTML: "Open it in a web browser, print it to PDF, and upload the PDF.",
    Kind.OPENDOCUMENT: "Open it, save it as PDF (or as a .docx Word document), and upload that.",
}
_DEFAULT_ADVICE = "Open it, save it as PDF, and upload the PDF."


def _refusal(sniffed: Sniffed, file_name: str) -> IngestError:
    """Explain why a file that is neither a PDF nor a Word document cannot be checked."""
    if sniffed.kind is Kind.DAMAGED_DOCX:
        return IngestError(
            IngestCode.CORRUPT_DOCX,
            f"“{file_name}” is a damaged Word document and cannot be opened. It may be incomplete: ask "
            "the sender for a new copy, or open it in Word, save it as PDF, and upload that.",
            file_name=file_name,
        )
    if sniffed.kind is Kind.ENCRYPTED_OFFICE:
        return IngestError(
            IngestCode.ENCRYPTED_OFFICE,
            f"“{file_name}” is {sniffed.description}, so it cannot be read. Ask the vendor for a copy "
            "without a password, or open it, remove the password, save it as PDF, and upload that.",
            file_name=file_name,
        )
    advice = _ADVICE.get(sniffed.kind, _DEFAULT_ADVICE)
    return IngestError(
        IngestCode.UNSUPPORTED_TYPE,
        f"“{file_name}” looks like {sniffed.description}. Only PDF and Word (.docx) files can be "
        f"checked. {advice}",
        file_name=file_name,
    )
