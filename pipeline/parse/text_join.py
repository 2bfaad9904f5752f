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
from itertools import accumulate, repeat
from operator import add

from pipeline.types import Line, PlacedWord, from_fields

_TRAILING = re.compile(r"[^\w]+$")
_TRAILING_EACH = re.compile(r"[^\w\n]+(?=\n|\Z)")  # _TRAILING for each line of a joined text


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
            self._words = _collect([w.text for ln in self._lines for w in ln.words])
        return word in self._words


def _collect(texts: list[str]) -> frozenset[str]:
    """Lower-cased words stripped of trailing punctuation: one regex pass over the joined text,
    or word by word when a word holds the separator itself (then the split would not line up)."""
    joined = _TRAILING_EACH.sub("", "\n".join(texts)).lower()
    found = joined.split("\n")
    if len(found) != len(texts):
        found = [_TRAILING.sub("", text).lower() for text in texts]
    return frozenset(found)


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
    Works a line at a time (positions by ``accumulate``): this runs on every word of the document.
    """
    parts: list[str] = []
    placed: list[PlacedWord] = []
    pos = 0  # where the next word starts
    glued = False  # the previous line ended in a hyphen that was cut: no space before this line
    count = len(lines)
    for li, (page, line) in enumerate(lines):
        words = line.words
        texts = [w.text for w in words]
        last = texts[-1]
        cut = (
            last.endswith("-")
            and li + 1 < count
            and should_join(last, lines[li + 1][1].words[0].text, vocabulary)
        )
        if cut:
            texts[-1] = last[:-1]
        if glued:
            pos -= 1  # the space counted after the previous line is not there
        lengths = list(map(len, texts))
        starts = list(accumulate([n + 1 for n in lengths], initial=pos))  # one past the end: next pos
        fields = zip(starts, map(add, starts, lengths), repeat(page), [w.bbox for w in words])
        placed += map(from_fields, repeat(PlacedWord), fields)
        pos = starts[-1]
        text = " ".join(texts)
        parts.append(text if glued or not parts else " " + text)
        glued = cut
    return "".join(parts), tuple(placed)
