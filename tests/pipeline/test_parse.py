"""Parsing real and crafted PDFs: words, rotation, running lines, OCR flags, errors."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.errors import ParseError
from pipeline.parse import page_from_words, parse
from pipeline.parse.pymupdf_words import unreadable_share
from pipeline.parse.running import is_page_number
from pipeline.types import BBox, Word
from tests.conftest import corpus_pdfs, scanned_pdfs


@pytest.mark.parametrize("pdf", corpus_pdfs, ids=lambda p: p.name)
def test_digital_corpus_pdf_parses(pdf: Path) -> None:
    doc = parse(pdf, sha256="abc")
    assert doc.sha256 == "abc" and doc.problems == ()
    assert doc.metadata.get("producer")
    for page in doc.pages:
        assert page.has_text_layer and not page.needs_ocr
        for line in page.lines:
            for word in line.words:
                b = word.bbox
                assert 0 <= b.x0 < b.x1 <= page.width + 1 and 0 <= b.top < b.bottom <= page.height + 1
                assert word.font_size > 0


@pytest.mark.parametrize("pdf", scanned_pdfs, ids=lambda p: p.name)
def test_scanned_pdf_needs_ocr_on_every_page(pdf: Path) -> None:
    doc = parse(pdf, ocr=False)
    assert doc.page_count > 0
    assert all(p.needs_ocr and not p.has_text_layer and not p.blocks for p in doc.pages)


@pytest.mark.ocr
@pytest.mark.parametrize("pdf", scanned_pdfs, ids=lambda p: p.name)
def test_scanned_pdf_is_read_by_ocr(pdf: Path) -> None:
    doc = parse(pdf)
    assert all(p.ocr_applied and p.ocr_mean_confidence and p.blocks for p in doc.pages)
    digital = parse(pdf.with_name(pdf.name.replace(".scanned.pdf", ".pdf")), ocr=False)
    first_words = digital.pages[0].lines[0].text.split()[:3]
    assert " ".join(first_words) in doc.pages[0].text


def test_rotated_page_gives_displayed_boxes(tmp_path: Path) -> None:
    source = pymupdf.open()
    page = source.new_page(width=612, height=792)
    page.insert_text((72, 100), "Rotated clause text", fontsize=12)
    expected = [pymupdf.Rect(w[:4]) * page.rotation_matrix for w in page.get_text("words")]
    page.set_rotation(90)
    expected = [pymupdf.Rect(w[:4]) * page.rotation_matrix for w in page.get_text("words")]
    path = tmp_path / "rotated.pdf"
    source.save(path)
    parsed = parse(path).pages[0]
    assert (parsed.width, parsed.height, parsed.rotation) == (792, 612, 90)
    words = [w for line in parsed.lines for w in line.words]
    assert [w.text for w in words] == ["Rotated", "clause", "text"]
    for word, rect in zip(words, expected, strict=True):
        assert abs(word.bbox.x0 - rect.x0) < 0.5 and abs(word.bbox.top - rect.y0) < 0.5
        assert 0 <= word.bbox.x0 < word.bbox.x1 <= 792 and 0 <= word.bbox.top < word.bbox.bottom <= 612
    # displayed orientation: the text now runs down the right-hand side of a landscape page
    assert words[0].bbox.x0 > 600 and words[0].bbox.height > words[0].bbox.width


def test_running_lines_and_page_numbers_go_to_header_footer(tmp_path: Path) -> None:
    doc = pymupdf.open()
    for n in range(1, 4):
        page = doc.new_page()
        page.insert_text((72, 40), "Acme Agreement - Confidential", fontsize=9)
        page.insert_text((72, 120), f"Body paragraph number {n} of the agreement.", fontsize=11)
        page.insert_text((290, 760), f"- {n} -", fontsize=9)
    path = tmp_path / "running.pdf"
    doc.save(path)
    parsed = parse(path)
    for page in parsed.pages:
        running = [ln.text for ln in page.header_footer]
        assert running == ["Acme Agreement - Confidential", f"- {page.number} -"]
        assert page.text == f"Body paragraph number {page.number} of the agreement."


@pytest.mark.parametrize("text", ["3", "- 3 -", "Page 3", "Page 3 of 9", "3/9", "3 of 9", "iv", "p. 12"])
def test_page_number_forms(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["Section 3", "30 days", "Page three"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def test_garbled_text_share() -> None:
    box = BBox(0, 0, 10, 10)
    assert unreadable_share([Word("\ufffd\ufffd\ufffdab", box)]) > 0.5
    assert unreadable_share([Word("Student", box), Word("data", box)]) == 0


def test_page_from_words_builds_lines_for_ocr() -> None:
    words = [
        Word("Hello", BBox(72, 100, 100, 110), 10),
        Word("world", BBox(104, 100, 130, 110), 10),
        Word("Next", BBox(72, 140, 95, 150), 10),
    ]
    page = page_from_words(1, 612, 792, words, ocr_mean_confidence=91.0)
    assert page.ocr_applied and page.ocr_mean_confidence == 91.0
    assert [ln.text for ln in page.lines] == ["Hello world", "Next"]
    assert len(page.blocks) == 2


def test_unreadable_file_raises_parse_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    with pytest.raises(ParseError) as info:
        parse(bad)
    assert "could not be opened" in info.value.message
    with pytest.raises(ParseError):
        parse(tmp_path / "missing.pdf")
