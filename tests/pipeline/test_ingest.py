"""Ingest accepts real agreements and refuses bad files with a stable code and a plain message."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.errors import IngestError
from pipeline.ingest import IngestCode, ingest
from pipeline.limits import MB, IngestLimits
from pipeline.types import FileType
from tests.conftest import CORPUS as SHARED_CORPUS
from tests.data.make_bad_files import docx_bytes, make_all, pdf_bytes
from tests.pipeline.plain_message import assert_plain_message

CORPUS = SHARED_CORPUS


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_all(tmp_path_factory.mktemp("crafted"))


def assert_plain(error: IngestError, file_name: str) -> None:
    """The message itself names the file as the user knows it (the app may show only the message)."""
    assert f"“{file_name}”" in error.message
    assert_plain_message(error, file_name)


BAD_CASES = [
    # (maker key, limits, expected code, a phrase the message must contain)
    ("empty", None, "empty_file", "empty"),
    ("text_named_pdf", None, "unsupported_type", "plain-text file"),
    ("html_named_pdf", None, "unsupported_type", "web page"),
    ("png_named_pdf", None, "unsupported_type", "picture (PNG image)"),
    ("old_doc", None, "unsupported_type", "older Word document"),
    ("zip_not_docx", None, "unsupported_type", "ZIP archive"),
    ("xlsx_named_docx", None, "unsupported_type", "Excel spreadsheet"),
    ("truncated_pdf", None, "corrupt_pdf", "incomplete"),
    ("garbage_pdf", None, "corrupt_pdf", "damaged"),
    ("circular_page_tree_pdf", None, "corrupt_pdf", "page 2 of 3 cannot be read"),
    ("encrypted_pdf", None, "encrypted_pdf", "password"),
    ("zero_page_pdf", None, "no_pages", "no pages"),
    ("many_pages_pdf", IngestLimits(max_pages=5), "too_many_pages", "6 pages; the most accepted is 5"),
    ("valid_pdf", IngestLimits(max_file_bytes=2048), "too_large", "the largest file accepted is 2 KB"),
    ("corrupt_docx", None, "corrupt_docx", "damaged Word document"),
    ("truncated_docx", None, "corrupt_docx", "damaged Word document"),
    ("docx_bomb", IngestLimits(max_unpacked_bytes=1 * MB), "too_large", "unpacks to more than 1.0 MB"),
]


@pytest.mark.parametrize(("key", "limits", "code", "phrase"), BAD_CASES, ids=[case[0] for case in BAD_CASES])
def test_bad_file_is_refused_with_code_and_plain_message(
    crafted: dict[str, Path], key: str, limits: IngestLimits | None, code: str, phrase: str
) -> None:
    path = crafted[key]
    with pytest.raises(IngestError) as caught:
        ingest(path, limits=limits)
    assert caught.value.code == code
    assert phrase in caught.value.message
    assert_plain(caught.value, path.name)


@pytest.mark.parametrize(("key", "limits", "code", "phrase"), BAD_CASES, ids=[case[0] for case in BAD_CASES])
def test_bad_bytes_give_the_same_verdict_as_the_path(
    crafted: dict[str, Path], key: str, limits: IngestLimits | None, code: str, phrase: str
) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(crafted[key].read_bytes(), name="Vendor DPA (final).pdf", limits=limits)
    assert caught.value.code == code
    assert_plain(caught.value, "Vendor DPA (final).pdf")


def test_corpus_pdf_is_accepted_with_page_count_and_hash() -> None:
    path = CORPUS / "velloway_short_dpa.pdf"
    upload = ingest(path)
    assert upload.file_type is FileType.PDF
    assert upload.page_count == 3
    assert upload.original_name == "velloway_short_dpa.pdf"
    assert upload.data == path.read_bytes()
    assert upload.size == path.stat().st_size
    assert upload.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_scanned_corpus_pdf_is_accepted() -> None:
    upload = ingest(CORPUS / "glimmerstone_tos.scanned.pdf")
    assert upload.file_type is FileType.PDF
    assert upload.page_count == 4


def test_corpus_docx_is_accepted_as_docx() -> None:
    upload = ingest(CORPUS / "fenwhistle_assessment_dpa.docx")
    assert upload.file_type is FileType.DOCX
    assert upload.page_count is None


def test_bytes_and_path_give_the_same_sha256() -> None:
    path = CORPUS / "fenwhistle_assessment_dpa.pdf"
    from_path = ingest(path)
    from_bytes = ingest(path.read_bytes(), name=path.name)
    assert from_bytes.sha256 == from_path.sha256
    assert from_bytes.original_name == from_path.original_name == path.name


def test_bytes_without_a_name_get_a_placeholder_name() -> None:
    with pytest.raises(IngestError) as caught:
        ingest(b"")
    assert caught.value.code == "empty_file"
    assert_plain(caught.value, "unnamed upload")


def test_pdf_named_docx_is_accepted_as_pdf(crafted: dict[str, Path]) -> None:
    upload = ingest(crafted["pdf_named_docx"])
    assert crafted["pdf_named_docx"].suffix == ".docx"
    assert upload.file_type is FileType.PDF
    assert upload.page_count == 2


def test_docx_bytes_named_pdf_are_accepted_as_docx() -> None:
    upload = ingest(docx_bytes(), name="agreement.pdf")
    assert upload.file_type is FileType.DOCX
    assert upload.original_name == "agreement.pdf"


def test_minimal_docx_is_accepted(crafted: dict[str, Path]) -> None:
    assert ingest(crafted["minimal_docx"]).file_type is FileType.DOCX


def test_pdf_with_junk_before_header_is_accepted(crafted: dict[str, Path]) -> None:
    upload = ingest(crafted["leading_junk_pdf"])
    assert upload.file_type is FileType.PDF
    assert upload.page_count == 2


def test_pdf_with_empty_user_password_is_accepted(crafted: dict[str, Path]) -> None:
    """Owner-password-only encryption opens in every reader without a password: accept it."""
    upload = ingest(crafted["owner_only_encrypted_pdf"])
    assert upload.page_count == 2


def test_pdf_with_broken_xref_but_complete_is_accepted() -> None:
    """MuPDF rebuilds a wrong cross-reference table; the file ends properly, so nothing is missing."""
    data = pdf_bytes(2)
    broken = data.replace(b"startxref", b"startxref\n999999\n%", 1)
    upload = ingest(broken, name="repaired.pdf")
    assert upload.page_count == 2


def test_page_limit_boundary_is_inclusive(crafted: dict[str, Path]) -> None:
    assert ingest(crafted["many_pages_pdf"], limits=IngestLimits(max_pages=6)).page_count == 6


def test_oversize_path_is_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * MB)  # sparse: 3 GB that cost nothing on disk
    with pytest.raises(IngestError) as caught:
        ingest(path)
    assert caught.value.code == "too_large"
    assert "3072.0 MB" in caught.value.message and "50.0 MB" in caught.value.message
    assert_plain(caught.value, "huge.pdf")


def test_file_of_zero_bytes_only_counts_as_empty() -> None:
    with pytest.raises(IngestError) as caught:
        ingest(b"\x00" * 4096, name="blank.pdf")
    assert caught.value.code == "empty_file"


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(tmp_path / "nowhere.pdf")
    assert caught.value.code == "not_found"
    assert_plain(caught.value, "nowhere.pdf")


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(tmp_path)
    assert caught.value.code == "not_a_file"


def test_codes_are_stable_strings() -> None:
    assert IngestCode.ENCRYPTED_PDF == "encrypted_pdf"
    assert {code.value for code in IngestCode} >= {
        "empty_file",
        "unsupported_type",
        "corrupt_pdf",
        "encrypted_pdf",
        "no_pages",
        "too_large",
        "too_many_pages",
        "corrupt_docx",
    }


def test_limits_from_env_reads_both_variables() -> None:
    limits = IngestLimits.from_env({"DPA_MAX_FILE_MB": "12.5", "DPA_MAX_PAGES": "40"})
    assert limits.max_file_bytes == int(12.5 * MB)
    assert limits.max_pages == 40


def test_limits_from_env_defaults_when_unset() -> None:
    assert IngestLimits.from_env({"DPA_MAX_PAGES": " "}) == IngestLimits()


@pytest.mark.parametrize("value", ["lots", "0", "-3"])
def test_limits_from_env_rejects_nonsense(value: str) -> None:
    with pytest.raises(ValueError, match="DPA_MAX_PAGES"):
        IngestLimits.from_env({"DPA_MAX_PAGES": value})


SNIFF_CASES = [
    # (bytes, expected code, words the message must contain)
    (b"{\\rtf1\\ansi Agreement}", "unsupported_type", "Rich Text"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "unsupported_type", "picture (JPEG image)"),
    (b"GIF89a" + b"\x01" * 64, "unsupported_type", "picture (GIF image)"),
    (b"II*\x00" + b"\x08" * 64, "unsupported_type", "picture (TIFF image)"),
    (b'<?xml version="1.0"?><agreement/>', "unsupported_type", "XML"),
    ("Vereinbarung über Datenschutz".encode("utf-16"), "unsupported_type", "plain-text file"),
    (bytes(range(1, 32)) * 40, "unsupported_type", "unknown type"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
        "encrypted_office",
        "password-protected",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"),
        "unsupported_type",
        "Excel spreadsheet",
    ),
]


@pytest.mark.parametrize(
    ("data", "code", "phrase"), SNIFF_CASES, ids=[case[2].split()[0] for case in SNIFF_CASES]
)
def test_content_is_recognised_whatever_the_name(data: bytes, code: str, phrase: str) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(data, name="agreement.pdf")
    assert caught.value.code == code
    assert phrase in caught.value.message
    assert_plain(caught.value, "agreement.pdf")


@pytest.mark.parametrize(
    "document_xml",
    [
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="urn:w">&a;</w:document>',
        '<?xml version="1.0"?><html><body>not a Word body</body></html>',
        "",
    ],
    ids=["entity_declaration", "wrong_root", "empty_part"],
)
def test_word_file_with_suspicious_main_part_is_refused(document_xml: str) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(docx_bytes(document_xml=document_xml), name="dpa.docx")
    assert caught.value.code == "corrupt_docx"
    assert_plain(caught.value, "dpa.docx")
