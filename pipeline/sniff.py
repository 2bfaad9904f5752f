"""What kind of file is this? Decided from the bytes, never from the name.

Names lie (a Word file saved as ``.pdf``, a PDF mailed as ``.docx``); the first bytes rarely do. Only the
two kinds the pipeline reads are accepted; for the rest we say what the file looks like when that is cheap
to know, so the message can tell the director what to do with it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum

# Readers accept a PDF whose "%PDF-" header is preceded by junk (mail gateways, some generators);
# Acrobat looks within the first 1024 bytes, so do we.
PDF_HEADER_WINDOW = 1024

DOCX_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")


class Kind(StrEnum):
    """What a file was recognised as."""

    PDF = "pdf"
    DOCX = "docx"
    ZIP = "zip"  # a ZIP archive that is not a Word document
    DAMAGED_ZIP = "damaged_zip"
    DAMAGED_DOCX = "damaged_docx"  # a ZIP that names Word parts but cannot be opened
    WORD_DOC = "word_doc"  # legacy binary .doc (OLE)
    ENCRYPTED_OFFICE = "encrypted_office"  # password-protected Word/Excel/PowerPoint (OLE wrapper)
    EXCEL = "excel"
    POWERPOINT = "powerpoint"
    OPENDOCUMENT = "opendocument"
    OLE = "ole"  # some other Microsoft Office binary file
    IMAGE = "image"
    HTML = "html"
    RTF = "rtf"
    XML = "xml"
    TEXT = "text"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The kind of a file and, for messages, a short description such as "a picture (PNG image)"."""

    kind: Kind
    description: str


_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

_DESCRIPTIONS = {
    Kind.PDF: "a PDF document",
    Kind.DOCX: "a Word document (.docx)",
    Kind.ZIP: "a ZIP archive (a compressed folder of files)",
    Kind.DAMAGED_ZIP: "a damaged ZIP archive",
    Kind.DAMAGED_DOCX: "a damaged Word document",
    Kind.WORD_DOC: "an older Word document (.doc, Word 97-2003)",
    Kind.ENCRYPTED_OFFICE: "a password-protected Microsoft Office file",
    Kind.EXCEL: "an Excel spreadsheet",
    Kind.POWERPOINT: "a PowerPoint presentation",
    Kind.OPENDOCUMENT: "an OpenDocument file (LibreOffice/OpenOffice)",
    Kind.OLE: "an older Microsoft Office file",
    Kind.HTML: "a web page (HTML)",
    Kind.RTF: "a Rich Text (RTF) document",
    Kind.XML: "an XML data file",
    Kind.TEXT: "a plain-text file",
    Kind.UNKNOWN: "a file of an unknown type",
}


def sniff(data: bytes) -> Sniffed:
    """Recognise ``data`` by its signature (and, for ZIP and OLE containers, by the parts inside)."""
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        return _describe(_sniff_ole(data))
    for magic, label in _IMAGE_MAGIC:
        if data.startswith(magic):
            return Sniffed(Kind.IMAGE, f"a picture ({label} image)")
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return Sniffed(Kind.IMAGE, "a picture (WebP image)")
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        return Sniffed(Kind.IMAGE, "a picture (HEIC/AVIF photo)")
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return _describe(Kind.PDF)
    return _describe(_sniff_text(data[:4096]))


def _describe(kind: Kind) -> Sniffed:
    return Sniffed(kind, _DESCRIPTIONS[kind])


def _sniff_zip(data: bytes) -> Sniffed:
    """Tell a Word document from other ZIP-based formats by the parts it contains."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # The central directory is unreadable (typically a cut-off download); the local headers still
        # carry part names, which is enough to say whether it was meant to be a Word file.
        return _describe(Kind.DAMAGED_DOCX if b"word/document.xml" in data else Kind.DAMAGED_ZIP)
    if all(part in names for part in DOCX_REQUIRED_PARTS):
        return _describe(Kind.DOCX)
    if "xl/workbook.xml" in names:
        return _describe(Kind.EXCEL)
    if "ppt/presentation.xml" in names:
        return _describe(Kind.POWERPOINT)
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return _describe(Kind.OPENDOCUMENT)
    if "word/document.xml" in names or "[Content_Types].xml" in names:
        return _describe(Kind.DAMAGED_DOCX)
    return _describe(Kind.ZIP)


def _sniff_ole(data: bytes) -> Kind:
    """Name the Office application of an OLE compound file from its stream names (stored as UTF-16)."""

    def has_stream(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has_stream("EncryptedPackage"):
        return Kind.ENCRYPTED_OFFICE
    if has_stream("WordDocument"):
        return Kind.WORD_DOC
    if has_stream("Workbook") or has_stream("Book"):
        return Kind.EXCEL
    if has_stream("PowerPoint Document"):
        return Kind.POWERPOINT
    return Kind.OLE


def _sniff_text(head: bytes) -> Kind:
    """Classify the start of a file that has no binary signature we know."""
    text = _decode_text(head)
    if text is None:
        return Kind.UNKNOWN
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith("{\\rtf"):
        return Kind.RTF
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:1024]:
        return Kind.HTML
    if lowered.startswith("<?xml"):
        return Kind.XML
    return Kind.TEXT


def _decode_text(head: bytes) -> str | None:
    """Return the text of ``head`` when it reads as text (UTF-8/UTF-16/Latin-1 without control bytes)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if not head or b"\x00" in head:
        return None
    text = _decode_utf8_prefix(head)
    if text is None:
        text = head.decode("latin-1")  # never fails; control bytes below tell binary from text
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    return text if controls <= len(text) // 100 else None


def _decode_utf8_prefix(head: bytes) -> str | None:
    """Decode as UTF-8, allowing the window to have cut the last multi-byte character in two."""
    for cut in range(4):
        try:
            return head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None
