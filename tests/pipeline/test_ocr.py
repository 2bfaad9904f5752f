"""OCR: words and boxes from scans land where the words are drawn on the page as displayed."""

from __future__ import annotations

import io
import math
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path
from statistics import median

import pymupdf
import pytest
from PIL import Image, ImageFilter

from pipeline.parse import parse
from pipeline.parse.ocr import OcrResult, ocr_page, ocr_pages, unturn_box
from pipeline.parse.ocr_level import level_lines, skew_slope
from pipeline.segment import segment
from pipeline.types import BBox, SegmentedDocument
from tests.conftest import CORPUS as SHARED_CORPUS

pytestmark = pytest.mark.ocr

CORPUS = SHARED_CORPUS
SCAN_DPI = 200
TEXT = (
    "The Operator shall notify the District of any breach of security within thirty calendar days "
    "after determining it. Covered information will be returned or deleted within sixty days after "
    "this agreement ends. Subprocessors are listed in Exhibit C and the list is kept current. "
    "The District will publish this agreement on its website."
)


def _center(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _distinct_words(words: list[tuple[str, tuple[float, float, float, float]]]) -> dict[str, tuple]:
    """Words of at least five letters that occur once on the page, with their boxes."""
    counts = Counter(text for text, _ in words)
    return {text: box for text, box in words if counts[text] == 1 and len(text) >= 5 and text.isalpha()}


def _assert_boxes_match(expected: dict[str, tuple], result: OcrResult, tolerance: float) -> None:
    found = _distinct_words(
        [(w.text, (w.bbox.x0, w.bbox.top, w.bbox.x1, w.bbox.bottom)) for w in result.words]
    )
    common = expected.keys() & found.keys()
    assert len(common) >= 0.8 * len(expected), sorted(expected.keys() - found.keys())
    for text in common:
        (ex, ey), (fx, fy) = _center(expected[text]), _center(found[text])
        assert abs(ex - fx) < tolerance and abs(ey - fy) < tolerance, (text, expected[text], found[text])


def _text_page_pdf() -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_textbox(pymupdf.Rect(72, 90, 540, 400), TEXT, fontsize=13, fontname="helv")
    return doc


def _image_only_pdf(image: Image.Image, path: Path) -> Path:
    """One page exactly the size of the image at SCAN_DPI, holding only that image."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    doc = pymupdf.open()
    page = doc.new_page(width=image.width * 72 / SCAN_DPI, height=image.height * 72 / SCAN_DPI)
    page.insert_image(page.rect, stream=buffer.getvalue())
    doc.save(path)
    return path


def _scan_of(doc: pymupdf.Document) -> Image.Image:
    pixmap = doc[0].get_pixmap(dpi=SCAN_DPI, colorspace=pymupdf.csGRAY)
    return Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)


def test_scanned_corpus_page_reads_the_words_where_the_digital_pdf_has_them() -> None:
    with pymupdf.open(CORPUS / "velloway_short_dpa.pdf") as digital:
        expected = _distinct_words([(w[4], tuple(w[:4])) for w in digital[0].get_text("words")])
    result = ocr_page(CORPUS / "velloway_short_dpa.scanned.pdf", 1)
    assert result.rotation_applied == 0
    assert not result.low_quality and result.mean_confidence > 85
    assert all(w.ocr_confidence is not None for w in result.words)
    body_size = median(w.font_size for w in result.words)
    assert 9.0 <= body_size <= 12.0  # the digital page's body text is set in 11-point type
    _assert_boxes_match(expected, result, tolerance=10.0)  # the scan is slightly shifted and skewed


Box = tuple[float, float, float, float]


def _turned_clockwise(b: Box, width: float, height: float) -> Box:
    return (height - b[3], b[0], height - b[1], b[2])  # a point (x, y) goes to (height - y, x)


def _turned_counter_clockwise(b: Box, width: float, height: float) -> Box:
    return (b[1], width - b[2], b[3], width - b[0])  # a point (x, y) goes to (y, width - x)


def _upside_down(b: Box, width: float, height: float) -> Box:
    return (width - b[2], height - b[3], width - b[0], height - b[1])


@pytest.mark.parametrize(
    ("transpose", "move", "expected_turn"),
    [
        (Image.Transpose.ROTATE_270, _turned_clockwise, {0, 270}),  # Tesseract may read it sideways itself
        (Image.Transpose.ROTATE_90, _turned_counter_clockwise, {0, 90}),
        (Image.Transpose.ROTATE_180, _upside_down, {180}),
    ],
    ids=["sideways-clockwise", "sideways-counter-clockwise", "upside-down"],
)
def test_page_scanned_turned_comes_back_with_text_and_boxes_on_the_displayed_page(
    tmp_path: Path, transpose: Image.Transpose, move, expected_turn: set[int]
) -> None:
    source = _text_page_pdf()
    width, height = source[0].rect.width, source[0].rect.height
    upright = _distinct_words([(w[4], tuple(w[:4])) for w in source[0].get_text("words")])
    expected = {text: move(box, width, height) for text, box in upright.items()}
    pdf = _image_only_pdf(_scan_of(source).transpose(transpose), tmp_path / "turned.pdf")

    result = ocr_page(pdf, 1, dpi=SCAN_DPI)

    assert "breach of security within thirty calendar days" in " ".join(w.text for w in result.words)
    assert result.mean_confidence > 85 and not result.low_quality
    assert result.rotation_applied in expected_turn
    _assert_boxes_match(expected, result, tolerance=4.0)


def test_pages_run_in_parallel_and_report_progress(tmp_path: Path) -> None:
    image = _scan_of(_text_page_pdf())
    first = _image_only_pdf(image, tmp_path / "a.pdf")
    with pymupdf.open(first) as doc:
        doc.insert_pdf(pymupdf.open(first))
        doc.save(tmp_path / "two.pdf")
    calls: list[tuple[int, int]] = []
    results = ocr_pages(tmp_path / "two.pdf", [2, 1], workers=2, progress=lambda d, t: calls.append((d, t)))
    assert list(results) == [1, 2]
    assert calls == [(1, 2), (2, 2)]
    assert [w.text for w in results[1].words] == [w.text for w in results[2].words]
    assert "Subprocessors" in {w.text for w in results[1].words}


def test_blurred_low_resolution_scan_is_flagged_low_quality(tmp_path: Path) -> None:
    pixmap = _text_page_pdf()[0].get_pixmap(dpi=42, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    image = image.resize((1700, 2200), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(1.5))
    noise, pixels = random.Random(4), image.load()
    for _ in range(30_000):
        pixels[noise.randrange(1700), noise.randrange(2200)] = noise.choice((0, 255))
    result = ocr_page(_image_only_pdf(image, tmp_path / "poor.pdf"), 1, dpi=SCAN_DPI)
    assert result.words
    assert result.low_quality and result.mean_confidence < 80


def test_blank_page_is_not_flagged_and_missing_page_is_an_error(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page()
    doc.save(tmp_path / "blank.pdf")
    result = ocr_page(tmp_path / "blank.pdf", 1)
    assert result.words == () and not result.low_quality
    with pytest.raises(Exception, match="Page 3 does not exist"):
        ocr_page(tmp_path / "blank.pdf", 3)


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_unturn_box_inverts_the_turn(turn: int) -> None:
    width, height = 100, 200
    box = (10.0, 20.0, 30.0, 60.0)
    image = Image.new("L", (width, height), 255)
    image.paste(0, (10, 20, 30, 60))
    clockwise = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    turned = image.transpose(clockwise[turn]) if turn else image
    dark = turned.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert dark is not None
    assert unturn_box(tuple(float(v) for v in dark), turn, (width, height)) == box


def test_page_with_rotate_attribute_is_read_as_displayed(tmp_path: Path) -> None:
    """A scan stored sideways with /Rotate 90 displays upright: boxes are in displayed coordinates."""
    source = _text_page_pdf()
    upright = _distinct_words([(w[4], tuple(w[:4])) for w in source[0].get_text("words")])
    pdf = _image_only_pdf(_scan_of(source).transpose(Image.Transpose.ROTATE_90), tmp_path / "stored.pdf")
    with pymupdf.open(pdf) as doc:
        doc[0].set_rotation(90)
        doc.save(tmp_path / "displayed.pdf")

    result = ocr_page(tmp_path / "displayed.pdf", 1, dpi=SCAN_DPI)

    assert result.rotation_applied == 0
    _assert_boxes_match(upright, result, tolerance=4.0)


# --- Tilted scans: one printed line is one row, columns are read one after the other -------------


@cache
def _segmented_scan(name: str) -> SegmentedDocument:
    return segment(parse(CORPUS / f"{name}.scanned.pdf"))


def _tokens(text: str) -> list[str]:
    """Words without case or punctuation: OCR may read a comma as a full stop."""
    return [t for t in (re.sub(r"\W", "", w).lower() for w in text.split()) if t]


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("velloway_short_dpa", "1. Services."),  # its second line was interleaved with the third
        ("corvantis_dpa_addendum", "8.1 If"),  # "no" fell out of "in no event later than"
        ("glimmerstone_tos", "1.1 Glimmerstone Studio"),  # two columns were merged line by line
        ("glimmerstone_tos", "6.2 Security incidents."),
    ],
)
def test_sentence_of_a_tilted_scan_reads_contiguously_in_one_clause(name: str, start: str) -> None:
    source = (CORPUS / f"{name}.md").read_text(encoding="utf-8")
    paragraph = next(line for line in source.splitlines() if line.startswith(start))
    sentence = _tokens(paragraph)[1:31]  # the number left out, then up to three printed lines
    assert len(sentence) >= 20
    clauses = [_tokens(c.text) for c in _segmented_scan(name).clauses]
    assert any(_contains_run(c, sentence) for c in clauses), " ".join(sentence)


def test_two_column_scan_is_read_column_by_column() -> None:
    parsed = _segmented_scan("glimmerstone_tos").parsed
    for page in parsed.pages[:2]:
        assert {b.column for b in page.blocks} == {0, 1}
    numbers = [c.number for c in _segmented_scan("glimmerstone_tos").clauses if c.number]
    assert numbers[:8] == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3"]


def test_words_of_a_levelled_scan_keep_the_boxes_of_their_ink() -> None:
    """Layout levels the lines, but highlighting and redaction must still cover the drawn words."""
    ink = {w.bbox for w in ocr_page(CORPUS / "velloway_short_dpa.scanned.pdf", 1).words}
    page = _segmented_scan("velloway_short_dpa").parsed.pages[0]
    words = [w for line in page.lines for w in line.words]
    assert words and all(w.layout_bbox is not None and w.bbox in ink for w in words)
    assert sum(w.bbox != w.layout_bbox for w in words) > 0.9 * len(words)
    placed = [w.bbox for c in _segmented_scan("velloway_short_dpa").clauses for w in c.words if w.page == 1]
    assert placed and all(box in ink for box in placed)


def test_level_lines_undoes_a_tilt_and_gives_each_line_one_band() -> None:
    slope, size = math.tan(math.radians(0.6)), 10.0
    texts, boxes, lines = [], [], []
    for row in range(2):
        for col in range(8):
            x, baseline = 72 + 60 * col, 100 + 12 * row + slope * (72 + 60 * col)
            height = 7.2 if col % 2 else 5.2  # "the" and "now": ascenders or not, no descenders
            texts.append("the" if col % 2 else "now")
            boxes.append(BBox(x, baseline - height, x + 40, baseline))
            lines.append(row)
    assert skew_slope(texts, boxes, lines) == pytest.approx(slope, abs=1e-4)
    levelled = level_lines(texts, boxes, lines, [size] * len(boxes), (612.0, 792.0))
    for row in range(2):
        band = {
            (round(b.top, 3), round(b.bottom, 3))
            for b, line in zip(levelled, lines, strict=True)
            if line == row
        }
        assert len(band) == 1
    first, second = levelled[0], levelled[8]
    assert second.top - first.top == pytest.approx(12.0, abs=0.1)
    assert first.bottom - first.top == pytest.approx(1.35 * size)
    assert all(abs(a.width - b.width) < 1e-9 for a, b in zip(levelled, boxes, strict=True))


# --- Weight: bold lines are found on a scan, so unnumbered headings still open their sections ----

HEADINGS = ("Keeping information safe", "If something goes wrong", "Who else sees the information")


def _headed_page_pdf(font: str, bold_font: str) -> pymupdf.Document:
    """Headings in bold at the body's own size, each right above its paragraph (no wider gap)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = 90.0
    for heading in HEADINGS:
        page.insert_text((72, y), heading, fontsize=11, fontname=bold_font)
        y += 14
        rect = pymupdf.Rect(72, y - 10, 540, y + 50)
        page.insert_textbox(rect, TEXT[:220], fontsize=11, fontname=font)
        y += 80
    return doc


@pytest.mark.parametrize(("font", "bold_font"), [("helv", "hebo"), ("tiro", "tibo")])
def test_bold_lines_of_a_scan_are_bold_and_open_headings(tmp_path: Path, font: str, bold_font: str) -> None:
    scan = _image_only_pdf(_scan_of(_headed_page_pdf(font, bold_font)), tmp_path / "scan.pdf")
    words = ocr_page(scan, 1).words
    bold = {w.text for w in words if w.bold}
    assert bold == {word for heading in HEADINGS for word in heading.split()}
    headings = [c.heading for c in segment(parse(scan)).clauses if c.kind.value == "heading"]
    assert headings == list(HEADINGS)
