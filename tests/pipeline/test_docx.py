"""DOCX to PDF with LibreOffice: the corpus Word file converts with its text; bad files get a clear error."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pymupdf
import pytest

from pipeline.errors import ConversionError
from pipeline.parse.docx_to_pdf import convert_docx_to_pdf
from tests.conftest import CORPUS as SHARED_CORPUS

CORPUS = SHARED_CORPUS
NAME = "fenwhistle_assessment_dpa"


def _normalised(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def converted_text() -> str:
    pdf = convert_docx_to_pdf((CORPUS / f"{NAME}.docx").read_bytes())
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        assert doc.page_count >= 2
        pages = [page.get_text(flags=flags).splitlines() for page in doc]
    return _normalised(" ".join(" ".join(_without_running_lines(pages, lines)) for lines in pages))


def _without_running_lines(pages: list[list[str]], lines: list[str]) -> list[str]:
    """Drop the running header and footer (lines found, digits aside, on most pages): a sentence
    that runs across a page break must read on without them."""

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip())

    counts: dict[str, int] = {}
    for page in pages:
        for line_key in {key(line) for line in page}:
            counts[line_key] = counts.get(line_key, 0) + 1
    return [line for line in lines if counts[key(line)] < len(pages) - 1]


def test_corpus_docx_converts_with_every_labelled_sentence(converted_text: str) -> None:
    labels = json.loads((CORPUS / f"{NAME}.labels.json").read_text(encoding="utf-8"))
    evidence = [e for req in labels["requirements"].values() for e in req["evidence"]]
    assert len(evidence) >= 8
    missing = [e for e in evidence if _normalised(e) not in converted_text]
    assert not missing


def test_corpus_docx_keeps_the_signature_details(converted_text: str) -> None:
    labels = json.loads((CORPUS / f"{NAME}.labels.json").read_text(encoding="utf-8"))
    for secret in labels["redaction"]["must_redact"]:
        assert _normalised(secret) in converted_text


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ((CORPUS / f"{NAME}.docx").read_bytes()[:20_000], "damaged"),
        ((CORPUS / f"{NAME}.pdf").read_bytes(), "damaged"),
        (_zip({"content.xml": b"<office:document/>"}), "not a Word document"),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00garbage<w:document"}),
            "converted",
        ),
    ],
    ids=["empty", "truncated", "a-pdf", "opendocument-zip", "garbage-document-xml"],
)
def test_bad_word_file_gives_a_conversion_error(data: bytes, message: str) -> None:
    with pytest.raises(ConversionError, match=message) as caught:
        convert_docx_to_pdf(data, timeout=60)
    assert "Traceback" not in caught.value.message


def test_conversion_over_the_time_limit_is_stopped() -> None:
    with pytest.raises(ConversionError, match="longer than 0.2 seconds"):
        convert_docx_to_pdf((CORPUS / f"{NAME}.docx").read_bytes(), timeout=0.2)
