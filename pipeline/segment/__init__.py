"""Cut a parsed document into clauses: ``segment()``; and ``boxes_for_span()`` for highlighting.

Steps, each a module over plain lists:
0. ``signatures``: two signature blocks printed side by side are read one after the other;
1. ``paragraphs``: lines into paragraphs (block structure, clause numbers, bullets, signature
   labels, table rows), rejoined across page and column breaks, with their joined text;
2. ``outline``: each paragraph gets a kind (title, heading, exhibit, signature, table, clause), its
   number, its own heading (``headings``), and a place in the outline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain
from operator import attrgetter

from pipeline.gc_pause import gc_paused
from pipeline.geometry import merge_per_line
from pipeline.parse.text_join import document_vocabulary
from pipeline.segment.outline import outline
from pipeline.segment.paragraphs import paragraphs
from pipeline.segment.patterns import number_of
from pipeline.segment.signatures import Row, unzip_signatures
from pipeline.types import Clause, PageBox, ParsedDocument, SegmentedDocument

__all__ = ["boxes_for_span", "number_of", "segment"]

_FONT_SIZE = attrgetter("font_size")


def segment(parsed: ParsedDocument) -> SegmentedDocument:
    """Clauses of the document in reading order (flat list; the tree is in ``parent_id``)."""
    with gc_paused():
        placed = [
            (page.number, line, block.column, bi)
            for page in parsed.pages
            for bi, block in enumerate(page.blocks)
            for line in block.lines
        ]
        if not placed:
            return SegmentedDocument(parsed=parsed, clauses=())
        placed = unzip_signatures(placed)
        cells = {
            (page.number, bi): block.cells
            for page in parsed.pages
            for bi, block in enumerate(page.blocks)
            if block.cells
        }
        vocabulary = document_vocabulary([line for _, line, _, _ in placed])
        clauses = outline(paragraphs(placed, vocabulary, cells), _body_size(placed))
        return SegmentedDocument(parsed=parsed, clauses=tuple(clauses))


def boxes_for_span(clause: Clause, start: int, end: int) -> list[PageBox]:
    """Boxes (one per line per page) covering the characters ``start:end`` of ``clause.text``."""
    hits = [PageBox(w.page, w.bbox) for w in clause.words if w.start < end and w.end > start]
    return merge_per_line(hits)


def _body_size(placed: Sequence[Row]) -> float:
    words = chain.from_iterable([ln.words for _, ln, _, _ in placed])
    sizes = Counter(map(_FONT_SIZE, words))  # counted in C: this visits every word
    return round(sizes.most_common(1)[0][0], 1) if sizes else 0.0
