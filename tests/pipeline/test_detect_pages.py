"""Detection reads the words and drawings parse already has, never the PDF.

Checked here: parsed words are the PDF's words; a rotated page's check boxes are on the displayed
page like its words; a schedule is read from the parsed document (every check-box style, a table
continued on a page without a data word); the quick "names a standard?" test never hides a standard;
the district signer is the same when the operator is passed in.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from pipeline.detect.checkboxes import parsed_page_words
from pipeline.detect.extractors.standards import find_standards
from pipeline.detect.operator import find_operator
from pipeline.detect.schedule import extract_data_elements
from pipeline.detect.signature_blocks import find_district_signing
from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.types import BBox
from tests.conftest import CORPUS

CORPUS_PDFS = sorted(p for p in CORPUS.glob("*.pdf") if not p.name.endswith(".scanned.pdf"))
ROWS = [("Learner given and family name", True), ("Locker combination", False), ("Bus route", True)]
CONTINUED = [("Session length and device model", True), ("Homeroom number", True), ("Locker size", False)]


def _key(words) -> Counter:
    return Counter(
        (w.text, tuple(round(v, 2) for v in (w.bbox.x0, w.bbox.top, w.bbox.x1, w.bbox.bottom))) for w in words
    )


@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.stem)
def test_parsed_words_are_the_pdf_words(pdf: Path) -> None:
    parsed = parse(pdf, ocr=False)
    with pymupdf.open(pdf) as doc:
        for page in parsed.pages:
            pdf_words = [(w[4], BBox(*w[:4])) for w in doc[page.number - 1].get_text("words", sort=False)]
            assert _key(parsed_page_words(page)) == Counter(
                (text, tuple(round(v, 2) for v in box)) for text, box in pdf_words
            )


def test_rotated_page_draws_its_boxes_on_the_displayed_page(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 100), "Student name", fontsize=11)
    box = pymupdf.Rect(80, 91, 89, 100)
    page.draw_rect(box, width=0.7)
    page.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    doc.save(path)
    shown = box * page.rotation_matrix
    parsed = parse(path, ocr=False).pages[0]
    (mark,) = parsed.drawn.marks
    assert [round(v, 1) for v in mark.bbox] == [round(v, 1) for v in (shown.x0, shown.y0, shown.x1, shown.y1)]
    word = parsed_page_words(parsed)[0].bbox
    # the text runs down the displayed page, and the box sits just before its first word
    assert word.x0 <= mark.bbox.x0 and mark.bbox.x1 <= word.x1 and 0 < word.top - mark.bbox.bottom < 15


def _grid(
    page: pymupdf.Page, top: float, rows: list[tuple[str, bool | None]], style: str, header: bool
) -> None:
    """A two-column ruled grid (element, check box) at ``top``, under a header row if ``header``."""
    cols = (72.0, 400.0, 480.0)
    lines: list[tuple[str, bool | None]] = [("Data element", None)] if header else []
    lines += rows
    tops = [top + i * 20 for i in range(len(lines) + 1)]
    for y in tops:
        page.draw_line((cols[0], y), (cols[-1], y), width=0.5)
    for x in cols:
        page.draw_line((x, tops[0]), (x, tops[-1]), width=0.5)
    for y, (element, checked) in zip(tops, lines, strict=False):
        page.insert_text((cols[0] + 4, y + 14), element, fontsize=10)
        if checked is None:
            page.insert_text((cols[1] + 4, y + 14), "Provided", fontsize=10)
            continue
        box = pymupdf.Rect(cols[1] + 30, y + 5, cols[1] + 39, y + 14)
        if style == "letter":
            if checked:
                page.insert_text((box.x0, y + 14), "X", fontsize=10)
            continue
        page.draw_rect(box, width=0.7)
        if checked:
            page.draw_line(box.tl + (1.5, 1.5), box.br - (1.5, 1.5), width=0.9)
            page.draw_line(box.bl + (1.5, -1.5), box.tr + (-1.5, 1.5), width=0.9)


def _schedule_pdf(tmp_path: Path, style: str) -> Path:
    doc = pymupdf.open()
    first = doc.new_page()
    first.insert_text((72, 72), "Exhibit B - Schedule of Data", fontsize=12)
    first.insert_text(
        (72, 95), "The student data elements the school provides are checked below.", fontsize=10
    )
    _grid(first, 110.0, ROWS, style, header=True)
    _grid(doc.new_page(), 72.0, CONTINUED, style, header=False)  # no data word: read as a continuation
    filler = doc.new_page()
    filler.insert_text((72, 72), "Signatures follow on the next page.", fontsize=10)
    path = tmp_path / f"schedule_{style}.pdf"
    doc.save(path)
    return path


@pytest.mark.parametrize("style", ["vector", "letter"])
def test_schedule_is_read_from_the_parsed_document(tmp_path: Path, style: str) -> None:
    path = _schedule_pdf(tmp_path, style)
    found = extract_data_elements(segment(parse(path, ocr=False)))
    assert list(found.elements) == [e for e, c in [*ROWS, *CONTINUED] if c]
    assert found.pages == (1, 2)


@pytest.mark.parametrize(
    "text",
    [
        "aligned with the NIST Cybersecurity Framework v1.1",
        "controls of NIST SP 800-53 Rev. 5",
        "per SP 800-171",
        "a SOC 2 Type II report",
        "soc 1 audit",
        "certified to ISO/IEC 27001:2013",
        "iso 27701",
        "the CIS Critical Security Controls",
        "Center for Internet Security Controls v8",
        "FedRAMP Moderate",
        "StateRAMP",
        "TX-RAMP",
        "HITRUST CSF",
        "PCI DSS",
        "PCI-DSS",
        "CSA STAR",
        "SSAE 18",
    ],
)
def test_every_standard_family_passes_the_quick_test(text: str) -> None:
    assert find_standards(text)
    assert find_standards(f"Provider maintains security ({text}); see the notices.")


def test_text_naming_no_standard_finds_none() -> None:
    assert (
        find_standards("Provider will protect the data of the school with social and iso-lated care.") == []
    )


@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.stem)
def test_signing_is_the_same_with_the_operator_passed_in(pdf: Path) -> None:
    segmented = segment(parse(pdf, ocr=False))
    operator = find_operator(segmented).name or ""
    assert find_district_signing(segmented, operator) == find_district_signing(segmented)
