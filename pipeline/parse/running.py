"""Running headers, footers and page numbers: found across pages, kept out of the body text.

A line counts as running when it sits in the outer top or bottom margin band of the page, is the
outermost line there (or only running lines lie further out), and either looks like a page number
("3", "- 3 -", "Page 3 of 9", "3/9", "iv") or repeats on at least two pages once digits are
ignored (so "Page 2 of 9" and "Page 3 of 9" match, as do footers carrying a page count).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.layout import line_of, split_at_gaps
from pipeline.types import Line, Word

_BAND = 0.12  # share of the page height that counts as top / bottom margin
_MAX_ROWS = 3  # margin rows examined at each edge
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.)\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[ivxlc]{1,7}$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class MarginSplit:
    """One page's rows with the running lines taken out."""

    body_rows: list[list[Word]]
    running: tuple[Line, ...]


def _key(text: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", text.lower())).strip()


def is_page_number(text: str) -> bool:
    """True for the usual page-number forms."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def _edge_rows(rows: Sequence[Sequence[Word]], height: float) -> tuple[list[int], list[int]]:
    """Indices of rows lying in the top band (outermost first) and the bottom band (outermost first)."""
    top = [i for i, row in enumerate(rows[:_MAX_ROWS]) if max(w.bbox.bottom for w in row) <= _BAND * height]
    bottom_start = max(len(top), len(rows) - _MAX_ROWS)
    bottom = [
        i
        for i in range(len(rows) - 1, bottom_start - 1, -1)
        if min(w.bbox.top for w in rows[i]) >= (1 - _BAND) * height
    ]
    return top, bottom


def split_running(pages: Sequence[tuple[Sequence[Sequence[Word]], float]]) -> list[MarginSplit]:
    """For each page (its rows top to bottom, its height) separate running lines from body rows."""
    edges = [_edge_rows(rows, height) for rows, height in pages]
    counts: Counter[tuple[str, str]] = Counter()
    for (rows, _), (top, bottom) in zip(pages, edges, strict=True):
        seen = {("top", _key(" ".join(w.text for w in seg))) for i in top for seg in split_at_gaps(rows[i])}
        seen |= {
            ("bottom", _key(" ".join(w.text for w in seg))) for i in bottom for seg in split_at_gaps(rows[i])
        }
        counts.update(seen)
    return [
        _split_page(rows, top, bottom, counts) for (rows, _), (top, bottom) in zip(pages, edges, strict=True)
    ]


def _split_page(
    rows: Sequence[Sequence[Word]], top: list[int], bottom: list[int], counts: Counter[tuple[str, str]]
) -> MarginSplit:
    removed: dict[int, list[list[Word]]] = {}
    for zone, indices in (("top", top), ("bottom", bottom)):
        for i in indices:  # outermost first: stop at the first row that is body text
            segments = split_at_gaps(rows[i])
            running = [s for s in segments if _is_running(s, zone, counts)]
            if not running:
                break
            removed[i] = running
            if len(running) < len(segments):
                break
    body: list[list[Word]] = []
    lines: list[Line] = []
    for i, row in enumerate(rows):
        if i not in removed:
            body.append(list(row))
            continue
        gone = {id(w) for seg in removed[i] for w in seg}
        rest = [w for w in row if id(w) not in gone]
        if rest:
            body.append(rest)
        lines += [line_of(seg) for seg in removed[i]]
    lines.sort(key=lambda ln: (ln.bbox.top, ln.bbox.x0))
    return MarginSplit(body_rows=body, running=tuple(lines))


def _is_running(segment: Sequence[Word], zone: str, counts: Counter[tuple[str, str]]) -> bool:
    text = " ".join(w.text for w in segment)
    return is_page_number(text) or counts[(zone, _key(text))] >= 2
