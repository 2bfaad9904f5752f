"""Words and placed words made field by field in C (``types.from_fields``) are whole, well-typed
values, the same as the classes' own constructors make."""

from __future__ import annotations

from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.types import BBox, PlacedWord, Word
from tests.conftest import corpus_pdfs


def test_parsed_and_placed_words_equal_those_the_classes_make() -> None:
    segmented = segment(parse(corpus_pdfs[0], ocr=False))
    words = [w for page in segmented.parsed.pages for line in page.lines for w in line.words]
    assert words
    for word in words:
        assert type(word) is Word and type(word.bbox) is BBox
        assert len(word) == len(Word._fields) and len(word.bbox) == len(BBox._fields)
        assert word.ocr_confidence is None and word.layout_bbox is None
        assert word == Word(word.text, BBox(*word.bbox), word.font_size, word.bold, word.font)
    placed = [w for clause in segmented.clauses for w in clause.words]
    assert len(placed) >= len(words)  # a word rejoined across a line break keeps one per line
    for clause in segmented.clauses:
        for pw in clause.words:
            assert type(pw) is PlacedWord and len(pw) == len(PlacedWord._fields)
            assert pw == PlacedWord(pw.start, pw.end, pw.page, pw.bbox)
            assert 0 <= pw.start < pw.end <= len(clause.text)
