"""Segmentation against the labelled corpus and on small crafted PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.parse import parse
from pipeline.segment import boxes_for_span, segment
from pipeline.types import Clause, ClauseKind, SegmentedDocument
from tests.conftest import CORPUS, corpus_pdfs, scanned_pdfs
from tests.pipeline.corpus_text import (
    evidence_cases,
    front_matter,
    md_paragraphs,
    normalise,
    normalise_with_map,
    segmented,
)

EVIDENCE = evidence_cases(CORPUS) if CORPUS.is_dir() else []


@pytest.mark.parametrize("pdf", corpus_pdfs + scanned_pdfs, ids=lambda p: p.name)
def test_every_corpus_pdf_segments(pdf: Path) -> None:
    doc = segmented(pdf)
    ids = [c.id for c in doc.clauses]
    assert len(ids) == len(set(ids))
    known = set(ids)
    assert all(c.parent_id is None or c.parent_id in known for c in doc.clauses)
    for clause in doc.clauses:
        assert [w.start for w in clause.words] == sorted(w.start for w in clause.words)
        assert all(0 <= w.start < w.end <= len(clause.text) for w in clause.words)
    assert len(doc.clauses) > 20  # scanned copies too: OCR gives them the same structure


def _span(clause: Clause, evidence: str) -> tuple[int, int] | None:
    text, where = normalise_with_map(clause.text)
    at = text.find(evidence)
    if at < 0:
        return None
    return where[at], where[at + len(evidence) - 1] + 1


def _check_boxes(doc: SegmentedDocument, clause: Clause, start: int, end: int) -> None:
    """Each word of the span is drawn where its box says, on the page it says."""
    pdf = pymupdf.open(doc.parsed.pdf_path)
    raw = {n: pdf[n - 1].get_text("words") for n in {w.page for w in clause.words}}
    placed = [w for w in clause.words if w.start < end and w.end > start]
    assert placed
    for word in placed:
        cx, cy = (word.bbox.x0 + word.bbox.x1) / 2, (word.bbox.top + word.bbox.bottom) / 2
        under = [r[4] for r in raw[word.page] if r[0] <= cx <= r[2] and r[1] <= cy <= r[3]]
        expected = normalise(clause.text[word.start : word.end]).replace("-", "")
        assert any(expected in normalise(u).replace("-", "") for u in under), (word, under)
    first = placed[0]
    needle = " ".join(clause.text[first.start :].split()[:3])
    hits = pdf[first.page - 1].search_for(needle)
    if hits:
        assert any(pymupdf.Rect(h).intersects(pymupdf.Rect(first.bbox.as_list())) for h in hits)
    assert boxes_for_span(clause, start, end)


@pytest.mark.parametrize(
    ("agreement", "source", "evidence"),
    EVIDENCE,
    ids=[f"{a}-{s}-{e[:40]}" for a, s, e in EVIDENCE],
)
def test_evidence_lands_in_one_clause(agreement: str, source: str, evidence: str) -> None:
    doc = segmented(CORPUS / f"{agreement}.pdf")
    wanted = normalise(evidence)
    hits = [c for c in doc.clauses if wanted in normalise(c.text)]
    # The same words may sit in several places of the source (e.g. two signers' dates): each
    # place must be one clause, never split across two.
    places = sum(1 for p in md_paragraphs(CORPUS / f"{agreement}.md") if wanted in p) or 1
    assert len(hits) == places, [c.text[:80] for c in hits]
    span = _span(hits[0], wanted)
    assert span is not None
    _check_boxes(doc, hits[0], *span)


@pytest.mark.parametrize("name", ["glimmerstone_tos", "ospreyline_classroom_dpa"])
def test_two_column_reading_order(name: str) -> None:
    assert front_matter(CORPUS / f"{name}.md")["layout"] == "two_column"
    doc = segmented(CORPUS / f"{name}.pdf")
    texts = [normalise(c.text) for c in doc.clauses]
    order = []
    for para in md_paragraphs(CORPUS / f"{name}.md"):
        probe = para[:60]
        found = [i for i, t in enumerate(texts) if probe in t]
        if len(para) >= 60 and len(found) == 1:
            order.append(found[0])
    assert len(order) > 30
    assert order == sorted(order)


@pytest.mark.parametrize("pdf", corpus_pdfs, ids=lambda p: p.name)
def test_running_headers_and_footers_stay_out_of_clauses(pdf: Path) -> None:
    meta = front_matter(pdf.with_suffix(".md"))
    doc = segmented(pdf)
    total = doc.parsed.page_count
    texts = [normalise(c.text) for c in doc.clauses]
    banned = [normalise(meta[k]) for k in ("header", "footer") if meta.get(k)]
    fmt = meta.get("page_number_format", "")
    if any(ch.isalpha() or ch == "/" for ch in fmt.replace("{n}", "").replace("{total}", "")):
        banned += [fmt.format(n=n, total=total) for n in range(1, total + 1)]
    for text in banned:
        assert not any(text in t for t in texts), text
    if meta.get("header"):
        assert sum(1 for p in doc.parsed.pages if p.header_footer) >= total - 1


# --- crafted documents ------------------------------------------------------------------------


def _pdf(tmp_path: Path, lines: list[tuple[str, str, float]]) -> Path:
    """A one-page PDF with each (text, font, size) on its own line, paragraphs 8pt apart."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72.0
    for text, font, size in lines:
        page.insert_text((72, y), text, fontname=font, fontsize=size)
        y += size * 1.2 + 8
    path = tmp_path / "crafted.pdf"
    doc.save(path)
    return path


def _by_number(doc: SegmentedDocument) -> dict[str, Clause]:
    return {c.number: c for c in doc.clauses if c.number}


def test_numbering_depths_and_parents(tmp_path: Path) -> None:
    body = [
        ("SERVICE AGREEMENT", "hebo", 16),
        ("ARTICLE I. DEFINITIONS", "hebo", 11),
        ("1.1 Terms used here have these meanings.", "helv", 10),
        ("(a) the first meaning;", "helv", 10),
        ("(b) the second meaning.", "helv", 10),
        ("1.1.1 A deeper clause under 1.1.", "helv", 10),
        ("1.2 Another clause of the first article.", "helv", 10),
        ("ARTICLE II. DUTIES", "hebo", 11),
        ("2.1 Breach Notification. The provider will notify the school within 30 days.", "helv", 10),
        ("(i) by email;", "helv", 10),
        ("(ii) by telephone.", "helv", 10),
        ("Section 2.2 Records. The provider keeps records.", "helv", 10),
        ("EXHIBIT C", "hebo", 11),
        ("1. Offer of Terms. The provider offers these terms.", "helv", 10),
    ]
    doc = segment(parse(_pdf(tmp_path, body)))
    kinds = [c.kind for c in doc.clauses]
    assert kinds[0] is ClauseKind.TITLE
    art1 = next(c for c in doc.clauses if c.text.startswith("ARTICLE I."))
    art2 = next(c for c in doc.clauses if c.text.startswith("ARTICLE II."))
    assert art1.kind is ClauseKind.HEADING and art1.number == "I" and art1.heading == "DEFINITIONS"
    c11 = next(c for c in doc.clauses if c.text.startswith("1.1 "))
    c111 = next(c for c in doc.clauses if c.text.startswith("1.1.1"))
    items = [c for c in doc.clauses if c.number in {"(a)", "(b)"}]
    assert c11.parent_id == art1.id and c11.level == 1
    assert all(c.parent_id == c11.id for c in items)
    assert c111.parent_id == c11.id and c111.number == "1.1.1"
    c12 = next(c for c in doc.clauses if c.text.startswith("1.2"))
    assert c12.parent_id == art1.id
    c21 = next(c for c in doc.clauses if c.text.startswith("2.1"))
    assert c21.parent_id == art2.id and c21.heading == "Breach Notification"
    romans = [c for c in doc.clauses if c.number in {"(i)", "(ii)"}]
    assert len(romans) == 2 and all(c.parent_id == c21.id for c in romans)
    assert romans[0].section_path == ("ARTICLE II. DUTIES", "Breach Notification")
    c22 = _by_number(doc)["2.2"]
    assert c22.parent_id == art2.id and c22.heading == "Records"
    exhibit = next(c for c in doc.clauses if c.kind is ClauseKind.EXHIBIT)
    assert exhibit.number == "C" and exhibit.parent_id is None and exhibit.level == 0
    offer = next(c for c in doc.clauses if c.text.startswith("1. Offer"))
    assert offer.parent_id == exhibit.id and offer.heading == "Offer of Terms"


def test_signature_block_and_page_break_join(tmp_path: Path) -> None:
    doc = pymupdf.open()
    first = doc.new_page()
    first.insert_text((72, 72), "1. Term. This agreement continues until the provider has", fontsize=10)
    second = doc.new_page()
    second.insert_text((72, 72), "returned all records to the school.", fontname="helv", fontsize=10)
    second.insert_text((72, 110), "IN WITNESS WHEREOF, the parties sign below.", fontname="helv", fontsize=10)
    signature = ["By: ____________", "Name: Pat Example", "Title: Director", "Date: May 1, 2025"]
    for i, text in enumerate(signature):
        second.insert_text((72, 150 + 14 * i), text, fontname="helv", fontsize=10)
    path = tmp_path / "sig.pdf"
    doc.save(path)
    seg = segment(parse(path))
    term = next(c for c in seg.clauses if c.text.startswith("1. Term"))
    assert term.text.endswith("returned all records to the school.")
    assert term.pages == (1, 2)
    assert {b.page for b in boxes_for_span(term, 0, len(term.text))} == {1, 2}
    signatures = [c for c in seg.clauses if c.kind is ClauseKind.SIGNATURE]
    assert any("Name: Pat Example" in c.text and "Date: May 1, 2025" in c.text for c in signatures)
    assert any(c.text.startswith("IN WITNESS WHEREOF") for c in signatures)


def _sentences(prefix: str, count: int) -> list[str]:
    return [
        f"{prefix} sentence number {i} runs on for a while so that it wraps in its column."
        for i in range(count)
    ]


def test_two_column_page_with_a_short_right_column_is_read_column_by_column(tmp_path: Path) -> None:
    """A last page often fills its right column only partly: it is still read left column first."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    left, right = " ".join(_sentences("Left", 40)), " ".join(_sentences("Right", 10))
    assert page.insert_textbox(pymupdf.Rect(54, 54, 296, 740), left, fontsize=9, fontname="helv") >= 0
    assert page.insert_textbox(pymupdf.Rect(316, 54, 558, 740), right, fontsize=9, fontname="helv") >= 0
    path = tmp_path / "columns.pdf"
    doc.save(path)
    parsed = parse(path)
    left_lines = sum(1 for b in parsed.pages[0].blocks if b.column == 0 for _ in b.lines)
    right_lines = sum(1 for b in parsed.pages[0].blocks if b.column == 1 for _ in b.lines)
    assert right_lines < 0.5 * left_lines  # the case a "both columns nearly full" rule missed
    text = normalise(" ".join(c.text for c in segment(parsed).clauses))
    positions = [text.find(s) for s in _sentences("Left", 40) + _sentences("Right", 10)]
    assert -1 not in positions and positions == sorted(positions)
