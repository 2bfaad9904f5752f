"""Check boxes of a text-layer page: form fields, check-box glyphs and drawn boxes (``box_marks``).

A schedule of data or an option menu is ticked one of three ways in a PDF with a text layer: a real
AcroForm check box, a check-box character of the text (Unicode or a Wingdings box), or a small square
path with ink inside. PyMuPDF reads all three (pdfplumber has no widget values at all). Boxes are in
unrotated page points; ``pipeline.parse.drawn`` turns them onto the displayed page. Character boxes
(``rawdict``) cost several times a word extraction, so glyphs are looked for only on pages whose words
hold a check-box character.
"""

from __future__ import annotations

from typing import Any

import pymupdf

from pipeline.check_glyphs import CHECKED_GLYPHS, SYMBOL_CHECKED, SYMBOL_UNCHECKED, UNCHECKED_GLYPHS
from pipeline.geometry import centre_in
from pipeline.parse.rule_grids import BOX_MAX, is_box
from pipeline.types import BBox, Mark, MarkStyle


def box_marks(widgets: list[Mark], glyphs: list[Mark], drawn: list[Mark]) -> list[Mark]:
    """Widgets, glyphs and drawn boxes; a drawn box under a widget is the widget's face."""
    return widgets + glyphs + [m for m in drawn if not any(centre_in(m.bbox, w.bbox, 2) for w in widgets)]


def widget_marks(page: pymupdf.Page) -> list[Mark]:
    """Real AcroForm check boxes; a value other than Off/empty means checked."""
    marks = []
    for widget in page.widgets() or ():
        # PDF_* constants: PyMuPDF sets them at import, its type information does not list them
        if widget.field_type not in (pymupdf.PDF_WIDGET_TYPE_CHECKBOX, pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON):  # type: ignore[attr-defined]
            continue
        value = widget.field_value
        checked = value is True or (isinstance(value, str) and value not in ("", "Off", "No", "false"))
        rect = widget.rect
        marks.append(Mark(BBox(rect.x0, rect.y0, rect.x1, rect.y1), checked, MarkStyle.ACROFORM))
    return marks


def glyph_marks(page: pymupdf.Page) -> list[Mark]:
    """Check-box characters in the text layer (Unicode boxes, or Wingdings boxes in a symbol font)."""
    marks = []
    raw = page.get_text("rawdict", flags=0)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line["spans"]:
                symbol_font = "ding" in span["font"].lower() or "symbol" in span["font"].lower()
                for char in span["chars"]:
                    state = _glyph_state(char["c"], symbol_font)
                    if state is not None:
                        marks.append(Mark(BBox(*char["bbox"]), state, MarkStyle.GLYPH))
    return marks


def _glyph_state(char: str, symbol_font: bool) -> bool | None:
    if char in CHECKED_GLYPHS or (symbol_font and char in SYMBOL_CHECKED):
        return True
    if char in UNCHECKED_GLYPHS or (symbol_font and char in SYMBOL_UNCHECKED):
        return False
    return None


def _dark(fill: tuple[float, ...] | None) -> bool:
    return fill is not None and len(fill) >= 3 and sum(fill[:3]) / 3 < 0.5


def vector_marks(drawings: list[dict[str, Any]]) -> list[Mark]:
    """Small square paths are boxes; ink (lines, curves, dark fills) inside one checks it."""
    boxes: list[tuple[BBox, bool]] = []
    ink: list[BBox] = []
    for path in drawings:
        rect = BBox(*path["rect"])
        kinds = [item[0] for item in path["items"]]
        if is_box(rect) and ("re" in kinds or "qu" in kinds or kinds.count("l") >= 4):
            extra = len(kinds) > 1 and "re" in kinds  # box and its X drawn in one path
            boxes.append((rect, extra or _dark(path.get("fill"))))
        elif rect.width <= BOX_MAX and rect.height <= BOX_MAX:
            ink.append(rect)
    marks = []
    for bbox, checked in boxes:
        inner = BBox(bbox.x0 - 1, bbox.top - 1, bbox.x1 + 1, bbox.bottom + 1)
        has_ink = any(centre_in(i, inner) and i.width < bbox.width + 2 for i in ink)
        marks.append(Mark(bbox, checked or has_ink, MarkStyle.VECTOR))
    return _dedupe_nested(marks)


def _dedupe_nested(marks: list[Mark]) -> list[Mark]:
    """A box drawn twice (border plus inner frame) counts once, checked if either is."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: -m.bbox.width):
        twin = next((k for k in kept if centre_in(mark.bbox, k.bbox)), None)
        if twin is None:
            kept.append(mark)
        elif mark.checked and not twin.checked:
            kept[kept.index(twin)] = Mark(twin.bbox, True, twin.style)
    return kept
