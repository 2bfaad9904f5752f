"""Turn character spans of a clause into page evidence (text + box per page)."""

from __future__ import annotations

from pipeline.findings import Evidence
from pipeline.geometry import merge
from pipeline.types import BBox, Clause, PageBox, PlacedWord


def span_evidence(clause: Clause, start: int, end: int) -> tuple[Evidence, ...]:
    """One ``Evidence`` per page the span ``[start, end)`` of ``clause.text`` is drawn on."""
    words = [w for w in clause.words if w.end > start and w.start < end]
    if not words:
        return ()
    pieces: list[Evidence] = []
    group = [words[0]]
    for word in words[1:]:
        if word.page != group[-1].page:
            pieces.append(_piece(clause, group, start, end))
            group = []
        group.append(word)
    pieces.append(_piece(clause, group, start, end))
    return tuple(pieces)


def page_box_evidence(
    boxes: tuple[PageBox, ...], texts: tuple[str, ...], clause_id: str = ""
) -> tuple[Evidence, ...]:
    """Evidence from boxes found outside the clause text (checkbox rows, form fields)."""
    return tuple(Evidence(b.page, t, b.bbox, clause_id) for b, t in zip(boxes, texts, strict=False))


def _piece(clause: Clause, words: list[PlacedWord], start: int, end: int) -> Evidence:
    lo, hi = max(start, words[0].start), min(end, words[-1].end)
    box: BBox = merge(w.bbox for w in words)
    return Evidence(words[0].page, clause.text[lo:hi].strip(), box, clause.id)
