"""Table rules of a scanned page that Tesseract read as words: dropped from the reading.

Tesseract reads a ruled table's rules as unsure words ("|", "}", "tert" along a vertical rule).
They stand in the strip between the table and the next column, which then no longer looks like a
gutter, so the page is read across both columns; and they add noise to the cells they border.
The rules themselves are read from the page image where they matter (``pipeline.detect.scan_grid``).
"""

from __future__ import annotations

from statistics import median

from pipeline.types import Word

# Rules read as text: Tesseract is unsure of them (under 70, where the page's words read at 90-96),
# and the box is either taller than any line of text or holds only the straight strokes of a rule.
RULE_INK_CONFIDENCE = 70.0
SURE_CONFIDENCE = 75.0  # words read at least this surely set the page's body font size
RULE_INK_HEIGHT = 1.8  # a box this many times the body font size high is a rule, not a word
RULE_GLYPHS = frozenset("|[]{}!lIi_\u2014\u2013-")  # the straight strokes a rule reads as


def without_rule_ink(words: list[Word]) -> list[Word]:
    """The words less the table rules Tesseract read as text (the unsure, rule-shaped ones)."""
    sure = [w.font_size for w in words if (w.ocr_confidence or 0.0) >= SURE_CONFIDENCE]
    if not sure:
        return words
    body = median(sure)
    return [w for w in words if not _rule_ink(w, body)]


def _rule_ink(word: Word, body: float) -> bool:
    if word.ocr_confidence is None or word.ocr_confidence >= RULE_INK_CONFIDENCE:
        return False
    return word.bbox.height > RULE_INK_HEIGHT * body or all(ch in RULE_GLYPHS for ch in word.text)
