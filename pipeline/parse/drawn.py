"""What a text-layer page draws besides its words, read once: ``read_drawn``.

Detection needs a page's ruled grids and check boxes (``pipeline.types.Drawn``) and parse's layout needs
its ruled tables; both come from one listing of the page's paths (``get_cdrawings``), made only when
the page's content stream holds a line or box operator or draws an XObject (a byte count is a quarter
of the cost of listing the paths, and many pages draw nothing). Form fields and check-box
glyphs are read on the pages that have them. Everything is turned onto the displayed page, like the
words, so detection meets one coordinate system.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pymupdf

from pipeline.check_glyphs import ANY_GLYPH
from pipeline.parse.box_marks import box_marks, glyph_marks, vector_marks, widget_marks
from pipeline.parse.rule_grids import find_grids
from pipeline.parse.tables import MIN_RULE_OPS, CellGrid, ruled_grids
from pipeline.types import BBox, Drawn, Mark, Word

# Operators of a content stream that draw rules or boxes ("x y l", "x y w h re") or a form XObject ("Do").
_DRAW_OPS = re.compile(rb"\s(l|re|Do)\s")


def read_drawn(page: pymupdf.Page, words: Sequence[Word]) -> tuple[Drawn, tuple[CellGrid, ...]]:
    """The page's grids and check boxes, and the cell grids of its ruled tables (those only for an
    unrotated page with words that draws enough rules for a table)."""
    ops = _DRAW_OPS.findall(page.read_contents())
    forms = b"Do" in ops
    rules = len(ops) - ops.count(b"Do")
    drawings = page.get_cdrawings() if rules or forms else []
    if forms and rules < MIN_RULE_OPS:  # the rules may be drawn inside the XObjects: count the paths
        rules = sum(1 for path in drawings for item in path["items"] if item[0] in ("l", "re"))
    unrotated = page.rotation % 360 == 0
    tables = ruled_grids(drawings) if words and unrotated and rules >= MIN_RULE_OPS else ()
    widgets = widget_marks(page) if page.first_widget is not None else []
    has_glyph = not ANY_GLYPH.isdisjoint("".join([w.text for w in words]))
    glyphs = glyph_marks(page) if has_glyph else []
    if not unrotated:
        matrix = page.rotation_matrix
        drawings = [_turned_path(path, matrix) for path in drawings]
        widgets, glyphs = _turned_marks(widgets, matrix), _turned_marks(glyphs, matrix)
    marks = box_marks(widgets, glyphs, vector_marks(drawings))
    return Drawn(grids=tuple(find_grids(drawings)), marks=tuple(marks)), tables


def _turned_marks(marks: list[Mark], matrix: pymupdf.Matrix) -> list[Mark]:
    return [Mark(_turned_box(m.bbox, matrix), m.checked, m.style) for m in marks]


def _turned_box(box: BBox, matrix: pymupdf.Matrix) -> BBox:
    rect = pymupdf.Rect(box.x0, box.top, box.x1, box.bottom) * matrix
    return BBox(rect.x0, rect.y0, rect.x1, rect.y1)


def _turned_path(path: dict[str, Any], matrix: pymupdf.Matrix) -> dict[str, Any]:
    """A path (``get_cdrawings`` form) on the displayed page: its box and every item's points."""

    def point(p: Sequence[float]) -> tuple[float, float]:
        q = pymupdf.Point(p) * matrix
        return (q.x, q.y)

    def rect(r: Sequence[float]) -> tuple[float, float, float, float]:
        q = pymupdf.Rect(r) * matrix
        return (q.x0, q.y0, q.x1, q.y1)

    items = []
    for item in path["items"]:
        if item[0] == "re":
            items.append(("re", rect(item[1]), *item[2:]))
        elif item[0] == "qu":
            items.append(("qu", tuple(point(p) for p in item[1])))
        else:
            items.append((item[0], *(point(p) for p in item[1:])))
    return {**path, "rect": rect(path["rect"]), "items": items}
