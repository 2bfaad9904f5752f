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
from itertools import accumulate, pairwise, repeat
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
    Works on the paragraph's words at once (positions by one ``accumulate``), visiting lines only
    to find hyphenated breaks: this runs on every word of the document.
    """
    words = [w for _, line in lines for w in line.words]
    texts = [w.text for w in words]
    ends = list(accumulate([len(line.words) for _, line in lines]))  # one past each line's last word
    cuts = [
        end - 1
        for end in ends[:-1]
        if texts[end - 1].endswith("-") and should_join(texts[end - 1], texts[end], vocabulary)
    ]
    steps = [len(t) + 1 for t in texts]  # each word and the space after it
    for i in cuts:  # the hyphen goes, and so does the space after it
        texts[i] = texts[i][:-1]
        steps[i] -= 2
    starts = list(accumulate(steps, initial=0))
    first_page = lines[0][0]
    pages = (
        repeat(first_page)
        if all([page == first_page for page, _ in lines])
        else [page for page, line in lines for _ in line.words]
    )
    boxes = [w.bbox for w in words]  # the shortest: ``starts`` ends one past the text, ``pages`` may repeat
    fields = zip(starts, map(add, starts, map(len, texts)), pages, boxes, strict=False)
    placed = tuple(map(from_fields, repeat(PlacedWord), fields))
    if not cuts:
        return " ".join(texts), placed
    bounds = [0, *[i + 1 for i in cuts], len(texts)]
    return "".join([" ".join(texts[a:b]) for a, b in pairwise(bounds)]), placed
