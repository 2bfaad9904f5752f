"""Generate tiny crafted inputs, good and bad, for the ingest tests.

Each ``make_*`` function writes one file into ``directory`` and returns its path; the name deliberately
often lies about the type, because ingest must judge by content. Run as a script to write them all:

    python tests/data/make_bad_files.py OUTDIR
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pymupdf

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document_xml(paragraphs: list[str]) -> str:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    )


def pdf_bytes(pages: int = 3, text: str = "Student data privacy agreement, page {n}.") -> bytes:
    """A small real PDF with a line of text on each page."""
    doc = pymupdf.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=612, height=792)
        for line in range(20):  # enough text that half of the file lacks the later pages
            page.insert_text((72, 72 + 24 * line), text.format(n=number) + f" Line {line + 1}.")
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return bytes(data)


def assemble_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Hand-assemble a PDF with a correct cross-reference table (so MuPDF need not repair it)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n".encode()
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _write(directory: Path, name: str, data: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data)
    return path


def make_valid_pdf(directory: Path, name: str = "valid.pdf", pages: int = 3) -> Path:
    return _write(directory, name, pdf_bytes(pages))


def make_empty(directory: Path) -> Path:
    return _write(directory, "empty.pdf", b"")


def make_text_named_pdf(directory: Path) -> Path:
    return _write(directory, "notes.pdf", b"Meeting notes\nThe vendor will send the agreement on Monday.\n")


def make_html_named_pdf(directory: Path) -> Path:
    html = b"<!DOCTYPE html>\n<html><head><title>Agreement</title></head><body>Terms</body></html>\n"
    return _write(directory, "agreement.pdf", html)


def make_png_named_pdf(directory: Path) -> Path:
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    pixmap.clear_with(255)
    return _write(directory, "scan.pdf", pixmap.tobytes("png"))


def make_truncated_pdf(directory: Path) -> Path:
    data = pdf_bytes(pages=6)
    return _write(directory, "truncated.pdf", data[: len(data) // 2])


def make_garbage_pdf(directory: Path) -> Path:
    noise = bytes((i * 131 + 7) % 256 for i in range(4096))
    return _write(directory, "garbage.pdf", b"%PDF-1.7\n" + noise)


def make_leading_junk_pdf(directory: Path) -> Path:
    """Bytes before the %PDF- header, as some mail gateways leave; readers (and we) accept it."""
    return _write(directory, "junk_prefix.pdf", b"X-Gateway: scanned\r\n\r\n" + pdf_bytes(2))


def make_encrypted_pdf(directory: Path, user_password: str = "secret") -> Path:
    doc = pymupdf.open(stream=pdf_bytes(2), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_password, owner_pw="owner-pw")
    return _write(directory, "locked.pdf", data)


def make_owner_only_encrypted_pdf(directory: Path) -> Path:
    """Encrypted with an empty user password: opens in any reader without a password (accepted)."""
    doc = pymupdf.open(stream=pdf_bytes(2), filetype="pdf")
    data = doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw="",
        owner_pw="owner-pw",
        permissions=pymupdf.PDF_PERM_PRINT,
    )
    return _write(directory, "print_only.pdf", data)


def make_zero_page_pdf(directory: Path) -> Path:
    data = assemble_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    return _write(directory, "zero_pages.pdf", data)


def make_circular_page_tree_pdf(directory: Path) -> Path:
    """A page tree whose second node points back to the root: the first page loads, the others cannot."""
    data = assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 2 >>",
        ]
    )
    return _write(directory, "circular.pdf", data)


def make_many_pages_pdf(directory: Path, pages: int = 6) -> Path:
    return _write(directory, "long.pdf", pdf_bytes(pages))


def docx_bytes(paragraphs: list[str] | None = None, *, document_xml: str | None = None) -> bytes:
    """A minimal Word document: content types, package relationships and the main document part."""

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        paragraphs = paragraphs or ["Data Privacy Agreement", "1. The Provider shall protect student data."]
        main_part = _document_xml(paragraphs) if document_xml is None else document_xml
        archive.writestr("word/document.xml", main_part)
    return buffer.getvalue()


def make_minimal_docx(directory: Path, name: str = "minimal.docx") -> Path:
    return _write(directory, name, docx_bytes())


def make_corrupt_docx(directory: Path) -> Path:
    """Well-formed ZIP, but the main document part is cut off mid-element."""
    broken = _document_xml(["Data Privacy Agreement"])[:-40]
    return _write(directory, "corrupt.docx", docx_bytes(document_xml=broken))


def make_truncated_docx(directory: Path) -> Path:
    """A Word file cut off inside its picture, as an interrupted download leaves it."""
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/image1.png", bytes((i * 73 + 11) % 251 for i in range(20_000)))
    data = buffer.getvalue()
    return _write(directory, "cut_off.docx", data[: len(data) // 2])


def make_zip_not_docx(directory: Path) -> Path:

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("agreement/readme.txt", "The signed agreement is attached separately.")
    return _write(directory, "contract.docx", buffer.getvalue())


def make_xlsx_named_docx(directory: Path) -> Path:
    """An Excel workbook's parts (enough to recognise it) under a Word name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", '<workbook xmlns="urn:example"/>')
    return _write(directory, "budget.docx", buffer.getvalue())


def make_docx_bomb(directory: Path, unpacked_bytes: int = 2 * 1024 * 1024) -> Path:
    """A Word file with a part that inflates far beyond its packed size (refuse with a small limit)."""

    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\x00" * unpacked_bytes)
    return _write(directory, "bomb.docx", buffer.getvalue())


def make_old_doc(directory: Path) -> Path:
    """The start of an OLE compound file naming a ``WordDocument`` stream, as Word 97-2003 writes."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory_entry = "WordDocument".encode("utf-16-le").ljust(128, b"\x00")
    return _write(directory, "agreement.pdf", header + directory_entry + b"\x00" * 512)


def make_pdf_named_docx(directory: Path) -> Path:
    return _write(directory, "agreement.docx", pdf_bytes(2))


MAKERS: dict[str, Callable[[Path], Path]] = {
    "valid_pdf": make_valid_pdf,
    "empty": make_empty,
    "text_named_pdf": make_text_named_pdf,
    "html_named_pdf": make_html_named_pdf,
    "png_named_pdf": make_png_named_pdf,
    "truncated_pdf": make_truncated_pdf,
    "garbage_pdf": make_garbage_pdf,
    "leading_junk_pdf": make_leading_junk_pdf,
    "encrypted_pdf": make_encrypted_pdf,
    "owner_only_encrypted_pdf": make_owner_only_encrypted_pdf,
    "zero_page_pdf": make_zero_page_pdf,
    "circular_page_tree_pdf": make_circular_page_tree_pdf,
    "many_pages_pdf": make_many_pages_pdf,
    "minimal_docx": make_minimal_docx,
    "corrupt_docx": make_corrupt_docx,
    "truncated_docx": make_truncated_docx,
    "zip_not_docx": make_zip_not_docx,
    "xlsx_named_docx": make_xlsx_named_docx,
    "docx_bomb": make_docx_bomb,
    "old_doc": make_old_doc,
    "pdf_named_docx": make_pdf_named_docx,
}


def make_all(directory: Path) -> dict[str, Path]:
    """Write every crafted file into its own sub-folder (names repeat across makers) and map key -> path."""
    return {key: maker(directory / key) for key, maker in MAKERS.items()}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_bad_files.py OUTDIR")
    for key, path in make_all(Path(sys.argv[1])).items():
        sys.stdout.write(f"{key}\t{path}\n")
