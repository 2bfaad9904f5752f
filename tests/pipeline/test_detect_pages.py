"""Detection reads the words parse already has and opens the PDF only for what words lack.

Checked here: parsed words are the PDF's words; a rotated or OCR'd page still reads its words
from the PDF; a schedule read with the parsed document equals one read from the PDF alone (every
check-box style, a table continued on a page without a data word); the quick "names a standard?"
test never hides a standard; the district signer is the same when the operator is passed in.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from pipeline.detect.checkboxes import page_words, parsed_page_words, words_of
from pipeline.detect.extractors.standards import find_standards
from pipeline.detect.operator import find_operator
from pipeline.detect.schedule import extract_data_elements
from pipeline.detect.signature_blocks import find_district_signing
from pipeline.parse import parse
from pipeline.segment import segment
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
            assert _key(parsed_page_words(page)) == _key(page_words(doc[page.number - 1]))


def test_rotated_page_reads_words_from_the_pdf(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Categories of data provided", fontsize=11)
    page.set_rotation(90)
    path = tmp_path / "rotated.pdf"
    doc.save(path)
    parsed = parse(path, ocr=False)
    with pymupdf.open(path) as pdf:
        pdf_page = pdf[0]
        assert words_of(pdf_page, parsed.pages[0]) == page_words(pdf_page)
        assert _key(words_of(pdf_page, parsed.pages[0])) != _key(parsed_page_words(parsed.pages[0]))


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
def test_schedule_from_parsed_words_equals_schedule_from_pdf_words(tmp_path: Path, style: str) -> None:
    path = _schedule_pdf(tmp_path, style)
    from_pdf = extract_data_elements(path)
    from_parse = extract_data_elements(path, segment(parse(path, ocr=False)))
    assert from_parse == from_pdf
    assert list(from_parse.elements) == [e for e, c in [*ROWS, *CONTINUED] if c]
    assert from_parse.pages == (1, 2)


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
