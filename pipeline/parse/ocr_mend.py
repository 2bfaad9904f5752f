"""Mend what OCR does to web and e-mail addresses: ``mend_addresses``.

Tesseract splits a word where the ink has a gap, and the glyphs of an address have wide side
bearings: "https://x" comes back as "https:" + "//x", "ann.lee@x" as "ann." + "lee@x". A line
of prose never has a scheme standing alone before a path, so those two always join; an e-mail
piece joins its left neighbour only when the gap between them is clearly narrower than the line's
other word spaces (an ordinary space after a sentence's last word keeps the two apart).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from statistics import median
from typing import TypeVar

_SCHEME = re.compile(r"(?i)^(?:https?|ftp):/?$")  # "https:" or "https:/" with the path cut off
_PATH_START = re.compile(r"^[/\\|]")
_LOCAL_PIECE = re.compile(r"^[a-z0-9][a-z0-9._%+-]*[._-]$")  # "ann." "j_" "first-": a local part cut after
_EMAIL_REST = re.compile(r"^[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.I)
NARROW_GAP = 0.6  # share of the line's usual word space below which a gap is not a space

T = TypeVar("T")


def mend_addresses(
    words: Sequence[T],
    *,
    text: Callable[[T], str],
    line: Callable[[T], object],
    span: Callable[[T], tuple[float, float]],
    join: Callable[[T, T], T],
) -> list[T]:
    """``words`` (reading order) with each address OCR split in two joined back into one word.

    ``span`` gives a word's left and right edge; ``join`` makes one word of two neighbours.
    """
    spaces = _usual_spaces(words, line, span)
    out: list[T] = []
    for word in words:
        previous = out[-1] if out else None
        if previous is not None and line(previous) == line(word):
            gap = span(word)[0] - span(previous)[1]
            if _split_address(text(previous), text(word), gap, spaces.get(line(word))):
                out[-1] = join(previous, word)
                continue
        out.append(word)
    return out


def _split_address(left: str, right: str, gap: float, usual: float | None) -> bool:
    """Whether ``left right`` is one address OCR cut at a wide glyph gap."""
    if _SCHEME.match(left) and _PATH_START.match(right):
        return True
    narrow = usual is not None and gap < NARROW_GAP * usual
    return narrow and bool(_LOCAL_PIECE.match(left)) and bool(_EMAIL_REST.match(right))


def _usual_spaces(
    words: Sequence[T], line: Callable[[T], object], span: Callable[[T], tuple[float, float]]
) -> dict[object, float]:
    """Median gap between neighbouring words, per line (the page's median for a line of two words)."""
    gaps: dict[object, list[float]] = {}
    for left, right in zip(words, words[1:], strict=False):
        if line(left) == line(right):
            gaps.setdefault(line(left), []).append(span(right)[0] - span(left)[1])
    every = [g for values in gaps.values() for g in values]
    if not every:
        return {}
    page = median(every)
    return {key: median(values) if len(values) >= 3 else page for key, values in gaps.items()}
