"""Layout on real pages: rows cut run by run give the same rows as the word-by-word rule."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from pipeline.layout import group_rows, line_of
from pipeline.parse.pymupdf_words import page_words
from pipeline.types import BBox, Word
from tests.conftest import REALWORLD, corpus_pdfs


def _rows_word_by_word(words: list[Word]) -> list[list[Word]]:
    """The rule ``group_rows`` implements, applied one word at a time (the test's oracle)."""
    rows: list[list[Word]] = []
    ref_cy = ref_h = 0.0
    for word in sorted(words, key=lambda w: (w.bbox.top + w.bbox.bottom) / 2):
        cy, height = (word.bbox.top + word.bbox.bottom) / 2, word.bbox.bottom - word.bbox.top
        if rows and cy - ref_cy <= 0.5 * min(height, ref_h):
            rows[-1].append(word)
            continue
        rows.append([word])
        ref_cy, ref_h = cy, height
    return [sorted(row, key=lambda w: w.bbox.x0) for row in rows]


_PDFS = corpus_pdfs[:4] + sorted((REALWORLD / "contracts").glob("*.pdf"))[:3]


@pytest.mark.parametrize("pdf", _PDFS, ids=lambda p: p.name[:40])
def test_rows_match_word_by_word_rule(pdf: Path) -> None:
    with pymupdf.open(pdf) as doc:
        for page in doc:
            words = page_words(page)
            assert [[id(w) for w in r] for r in group_rows(words)] == [
                [id(w) for w in r] for r in _rows_word_by_word(words)
            ]


def test_rows_with_superscripts_and_upside_down_boxes() -> None:
    def word(text: str, x0: float, top: float, bottom: float) -> Word:
        return Word(text, BBox(x0, top, x0 + 10, bottom))

    words = [
        word("b", 20, 100, 110),
        word("a", 5, 100, 110),
        word("sup", 31, 101, 107),  # a raised, smaller word joins its line
        word("up1", 0, 130, 120),  # boxes drawn upside down: each a row of its own
        word("up2", 12, 130, 120),
        word("next", 0, 140, 150),
    ]
    rows = group_rows(words)
    assert [[w.text for w in r] for r in rows] == [[w.text for w in r] for r in _rows_word_by_word(words)]
    assert [w.text for w in rows[0]] == ["a", "b", "sup"]


def test_line_box_spans_its_words() -> None:
    line = line_of([Word("a", BBox(5, 10, 9, 20)), Word("b", BBox(12, 8, 30, 19))])
    assert line.bbox == BBox(5, 8, 30, 20)
