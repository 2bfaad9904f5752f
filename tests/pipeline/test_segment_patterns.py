"""Clause numbers: one combined pattern gives what the ordered list of patterns gives."""

from __future__ import annotations

import pytest

from pipeline.parse.text_join import Vocabulary, join_lines
from pipeline.segment.patterns import number_of
from pipeline.types import BBox, Line, Word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ARTICLE IV Terms", ("article", "IV", 10)),
        ("Section 5.3 Fees", ("dec2", "5.3", 11)),
        ("§ 4 Scope", ("dec1", "4", 3)),
        ("1.2.3 Data", ("dec3", "1.2.3", 5)),
        ("7. Term", ("dec1", "7", 2)),
        ("AB-12.3 Item", ("dec2", "AB-12.3", 7)),
        ("(iv) item", ("roman", "(iv)", 4)),
        ("(i) item", ("roman", "(i)", 3)),
        ("(a) item", ("alpha", "(a)", 3)),
        ("b) item", ("alpha", "b", 2)),
        ("(3) item", ("num", "(3)", 3)),
        ("12) item", ("num", "12", 3)),
        ("(C) item", ("ALPHA", "(C)", 3)),
        ("D. item", ("ALPHA", "D", 2)),
        ("Definitions", None),
        ("1.1", None),  # a number with nothing after it
        ("", None),
    ],
)
def test_number_of(text: str, expected: tuple[str, str, int] | None) -> None:
    assert number_of(text) == expected


def _line(*texts: str) -> Line:
    words = tuple(Word(t, BBox(10.0 * i, 0, 10.0 * i + 8, 10)) for i, t in enumerate(texts))
    return Line(words, BBox(0, 0, 100, 10))


def test_join_lines_rejoins_a_hyphenated_word_with_both_boxes() -> None:
    lines = [(1, _line("prompt", "notifi-")), (2, _line("cation", "of", "breach."))]
    text, placed = join_lines(lines, Vocabulary([ln for _, ln in lines]))
    assert text == "prompt notification of breach."
    assert [text[w.start : w.end] for w in placed] == ["prompt", "notifi", "cation", "of", "breach."]
    assert [w.page for w in placed] == [1, 1, 2, 2, 2]


def test_vocabulary_strips_trailing_punctuation_even_across_odd_words() -> None:
    vocabulary = Vocabulary([_line("Log-in,", "DATA.", "a\nb;")])  # a word holding the separator
    assert "log-in" in vocabulary and "data" in vocabulary and "a\nb" in vocabulary
