"""OCR of addresses and names: a web or e-mail address that Tesseract splits at a wide glyph gap is
one word again, and a doubtful OCR'd name takes the spelling the document confirms elsewhere."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.parse import parse
from pipeline.parse.assemble import PageWords
from pipeline.parse.ocr_lexicon import confirm_names
from pipeline.types import BBox, Word

pytestmark = pytest.mark.ocr

SCAN_DPI = 200


def _scanned(tmp_path: Path, lines: list[list[tuple[str, float]]]) -> Path:
    """An image-only PDF of ``lines``; each line is pieces drawn at the given gap (points) after the
    previous piece, as a printed address whose glyphs stand apart."""
    digital = pymupdf.open()
    page = digital.new_page(width=612, height=792)
    for row, pieces in enumerate(lines):
        x, y = 72.0, 100.0 + 24 * row
        for text, gap in pieces:
            x += gap
            page.insert_text((x, y), text, fontsize=11, fontname="helv")
            x += pymupdf.get_text_length(text, fontname="helv", fontsize=11)
    pixmap = page.get_pixmap(dpi=SCAN_DPI, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    image_page = scan.new_page(width=612, height=792)
    image_page.insert_image(image_page.rect, stream=pixmap.tobytes("png"))
    path = tmp_path / "scan.pdf"
    scan.save(path)
    return path


def _words(path: Path) -> list[str]:
    return [w.text for page in parse(path).pages for line in page.lines for w in line.words]


@pytest.mark.parametrize(
    ("scheme", "rest"),
    [
        ("https:", "//trust.vendor-example.com/subprocessors"),
        ("http:", "//www.example-learning.org/legal/sub-processors"),
    ],
)
def test_a_web_address_split_after_its_scheme_is_read_as_one(tmp_path: Path, scheme: str, rest: str) -> None:
    path = _scanned(tmp_path, [[("The list is published at", 0.0), (scheme, 3.5), (rest, 4.0)]])
    words = _words(path)
    assert scheme + rest in words, words


def test_an_email_address_split_at_a_dot_is_read_as_one(tmp_path: Path) -> None:
    prose = [("Please send notices for the Vendor to the person named below at this address.", 0.0)]
    path = _scanned(tmp_path, [prose, [("Email:", 0.0), ("nadia.", 3.0), ("fk@vendor-example.com", 1.0)]])
    assert "nadia.fk@vendor-example.com" in _words(path)


def test_a_sentence_ending_before_an_email_address_stays_apart(tmp_path: Path) -> None:
    text = "Questions go to our privacy team by email. privacy@vendor-example.com answers within a day."
    prose = [("Please send notices for the Vendor to the person named below at this address.", 0.0)]
    words = _words(_scanned(tmp_path, [prose, [(text, 0.0)]]))
    assert "email." in words and "privacy@vendor-example.com" in words, words


def _page(*words: tuple[str, float | None]) -> PageWords:
    boxes = [BBox(72 + 60 * i, 100, 120 + 60 * i, 112) for i in range(len(words))]
    return PageWords(
        number=1,
        width=612,
        height=792,
        rotation=0,
        words=tuple(
            Word(text, box, 11.0, ocr_confidence=conf) for (text, conf), box in zip(words, boxes, strict=True)
        ),
        has_text_layer=False,
        needs_ocr=True,
        ocr_applied=True,
    )


def _texts(pages: list[PageWords]) -> list[str]:
    return [w.text for p in pages for w in p.words]


@pytest.mark.parametrize(
    ("read", "confirming", "meant"),
    [
        ("Ng-Castelianos", "hngcastellanos@district341.example", "Ng-Castellanos"),
        ("Williarnson", "Williamson", "Williamson"),
        ("Kirnball,", "tkimball@vendor.example", "Kimball,"),
        ("Okonkwo-Reyes", "dokonkwo-reyes@vendor.example", "Okonkwo-Reyes"),  # already right: kept
        ("Haddon", "Haddon", "Haddon"),
    ],
)
def test_a_doubtful_name_takes_the_spelling_the_document_confirms(
    read: str, confirming: str, meant: str
) -> None:
    pages = [
        _page(("Name:", 95.0), ("Harriet", 93.0), (read, 41.0)),
        _page(("Email:", 95.0), (confirming, 81.0)),
    ]
    assert _texts(confirm_names(pages))[2] == meant


@pytest.mark.parametrize(
    ("read", "conf", "others"),
    [
        ("Castelianos", 95.0, [("castellanos@district.example", 90.0)]),  # read confidently: kept
        ("Castelianos", 40.0, [("Smith", 90.0)]),  # nothing confirms another spelling
        ("Castelianos", 40.0, [("castellanos@a.example", 90.0), ("Castelianos", 90.0)]),  # spelled as read
        ("Castelianos", 40.0, [("castellanos@a.example", 50.0)]),  # the confirming spelling is doubtful too
        ("Bilal", 40.0, [("Billal", 90.0), ("Bilai", 90.0)]),  # two spellings confirmed: no choice
        ("clear", 40.0, [("dear", 95.0)]),  # not a name
    ],
)
def test_no_spelling_is_invented_without_confirmation(read: str, conf: float, others: list) -> None:
    pages = [_page(("Name:", 95.0), (read, conf)), _page(*others)]
    assert _texts(confirm_names(pages))[1] == read
