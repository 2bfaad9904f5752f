"""Joining the lines of a paragraph into one text, with a char span and a box for every word.

Lines are joined with single spaces. A line ending in a hyphen is joined without the hyphen only
when the result is a word: it occurs unhyphenated elsewhere in the document, or it is an English
word (spaCy's lookup tables) while the part before the hyphen is not (so "notifi-/cation" joins,
"log-/in" and "re-/identification" keep their hyphen).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from pipeline.types import Line, PlacedWord

_TRAILING = re.compile(r"[^\w]+$")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English word forms from spacy-lookups-data (loaded once, only when needed)."""
    try:
        data = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
        with gzip.open(str(data), "rt", encoding="utf-8") as handle:
            table: dict[str, str] = json.load(handle)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return frozenset()
    return frozenset(w.lower() for pair in table.items() for w in pair)


class Vocabulary:
    """The document's own lower-cased words, collected on first use: most documents never break
    a word at a line end, and collecting them costs a regex per word."""

    def __init__(self, lines: Iterable[Line]) -> None:
        self._lines = lines
        self._words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = frozenset(_TRAILING.sub("", w.text).lower() for ln in self._lines for w in ln.words)
        return word in self._words


def document_vocabulary(lines: Sequence[Line]) -> Vocabulary:
    """Every lower-cased word of the document, stripped of trailing punctuation (lazily)."""
    return Vocabulary(lines)


def should_join(left: str, right: str, vocabulary: Vocabulary) -> bool:
    """True when ``left`` (ending in '-') and ``right`` are one word broken across a line."""
    if len(left) < 3 or not left[-2].isalpha() or not right[:1].islower():
        return False
    stem = left[:-1].lower()
    tail = _TRAILING.sub("", right).lower()
    joined = stem + tail
    if f"{stem}-{tail}" in vocabulary:
        return False
    if joined in vocabulary:
        return True
    words = english_words()
    return joined in words and stem not in words


def join_lines(
    lines: Sequence[tuple[int, Line]], vocabulary: Vocabulary
) -> tuple[str, tuple[PlacedWord, ...]]:
    """Text of (page, line) pairs joined by single spaces, with one PlacedWord per drawn word.

    A word rejoined across a hyphenated line break keeps two PlacedWords (one per line), both
    pointing into the same joined word, so its highlight covers both lines.
    """
    parts: list[str] = []
    placed: list[PlacedWord] = []
    pos = -1  # no space before the first word
    glued = False
    count = len(lines)
    for li, (page, line) in enumerate(lines):
        words = line.words
        last = words[-1]
        for word in words:
            text = word.text
            if not glued:
                pos += 1
            cut = (
                word is last
                and text.endswith("-")
                and li + 1 < count
                and should_join(text, lines[li + 1][1].words[0].text, vocabulary)
            )
            if cut:
                text = text[:-1]
            end = pos + len(text)
            placed.append(PlacedWord(pos, end, page, word.bbox))
            parts.append(text if glued or not parts else " " + text)
            pos, glued = end, cut
    return "".join(parts), tuple(placed)
