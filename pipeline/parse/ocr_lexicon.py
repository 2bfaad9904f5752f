"""Confirm OCR'd proper names by the document's own spelling: ``confirm_names``.

A name is not in Tesseract's dictionary, so a name printed in a small or bilevel face is where
OCR confuses glyphs ("Castellanos" read "Castelianos": ll/li, rn/m, cl/d, l/I/1). Agreements
spell a person's or a company's name more than once, and often inside an e-mail address or a
domain ("hngcastellanos@district.example") that Tesseract reads well. So a capitalised word read
with low confidence is replaced by the one variant that differs by a single confusable glyph pair
and that the document spells elsewhere with confidence, while the spelling as read appears
nowhere else. Nothing is changed when no variant, or more than one, is confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pipeline.parse.assemble import PageWords
from pipeline.types import Word

LOW_CONFIDENCE = 60.0  # words read below this are open to correction
TRUSTED_CONFIDENCE = 75.0  # words read this well (and text-layer words) set the spelling; Tesseract
# rates long tokens such as e-mail addresses 75-91 when it reads them right
MIN_LETTERS = 5  # shorter words have too many neighbours to be confirmed by one spelling
MIN_INSIDE = 6  # a spelling found only inside a longer run ("hngcastellanos") must be this long
# Glyph pairs that OCR confuses in print, each way round.
_CONFUSABLE = (
    ("li", "ll"),
    ("il", "ll"),
    ("ll", "li"),
    ("ll", "il"),
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("vv", "w"),
    ("I", "l"),
    ("l", "I"),
    ("1", "l"),
    ("l", "1"),
    ("i", "l"),
    ("l", "i"),
)
_PART = re.compile(r"[A-Za-z0-9]+")
_RUN = re.compile(r"[a-z0-9]+")


def confirm_names(pages: Sequence[PageWords]) -> list[PageWords]:
    """The pages with each doubtful OCR'd name replaced by the document's confirmed spelling."""
    runs = _trusted_runs(w for page in pages for w in page.words)
    if not runs:
        return list(pages)
    joined = "\n".join(runs)
    out = []
    for page in pages:
        words = tuple(_confirmed(word, runs, joined) for word in page.words)
        out.append(page if words == page.words else replace(page, words=words))
    return out


def _trusted_runs(words: Iterable[Word]) -> frozenset[str]:
    """Lower-case letter-and-digit runs of the words read with confidence (or from a text layer)."""
    return frozenset(
        run
        for word in words
        if word.ocr_confidence is None or word.ocr_confidence >= TRUSTED_CONFIDENCE
        for run in _RUN.findall(word.text.lower())
    )


def _confirmed(word: Word, runs: frozenset[str], joined: str) -> Word:
    if word.ocr_confidence is None or word.ocr_confidence >= LOW_CONFIDENCE:
        return word
    text = word.text
    for part in _PART.finditer(word.text):
        name = part.group(0)
        if not _is_name(name) or _spelled(name.lower(), runs, joined):
            continue
        variants = {v for v in _variants(name) if _spelled(v.lower(), runs, joined)}
        if len(variants) == 1:
            text = text[: part.start()] + variants.pop() + text[part.end() :]
    return word if text == word.text else word._replace(text=text)


def _is_name(part: str) -> bool:
    """A capitalised word of letters, long enough to be confirmed by one spelling."""
    return part[0].isupper() and part.isalpha() and len(part) >= MIN_LETTERS


def _spelled(lower: str, runs: frozenset[str], joined: str) -> bool:
    """Whether the document spells ``lower`` with confidence: as a run, or inside a longer one."""
    return lower in runs or (len(lower) >= MIN_INSIDE and lower in joined)


def _variants(name: str) -> set[str]:
    """Every spelling one confusable glyph pair away from ``name``; the first letter stays."""
    found = set()
    for read, meant in _CONFUSABLE:
        start = name.find(read, 1)
        while start != -1:
            found.add(name[:start] + meant + name[start + len(read) :])
            start = name.find(read, start + 1)
    return found
