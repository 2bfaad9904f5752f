"""A PDF page as a PNG, and the same PNG with evidence boxes drawn on it.

Rendering is the slow part and depends only on (file, page, zoom), so the app caches it; drawing
a few rectangles on the cached image is cheap and done on every selection.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

HIGHLIGHT_FILL = (255, 214, 0, 80)  # translucent yellow
HIGHLIGHT_EDGE = (214, 40, 40, 255)
EDGE_WIDTH = 3


def render_page_png(pdf_path: Path, page: int, zoom: float) -> bytes:
    """Page ``page`` (1-based) of the PDF rendered at ``zoom`` x 72 dpi, as PNG bytes."""
    with pymupdf.open(pdf_path) as document:
        if not 1 <= page <= document.page_count:
            raise ValueError(f"page {page} is outside 1..{document.page_count}")
        pixmap = document[page - 1].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        png: bytes = pixmap.tobytes("png")  # PyMuPDF leaves tobytes unannotated
        return png


def draw_boxes(png: bytes, boxes: Iterable[tuple[float, float, float, float]], zoom: float) -> bytes:
    """The PNG with each box (PDF points, top-left origin) outlined and tinted."""
    base = Image.open(io.BytesIO(png)).convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, top, x1, bottom in boxes:
        rect = (x0 * zoom, top * zoom, x1 * zoom, bottom * zoom)
        draw.rectangle(rect, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_EDGE, width=EDGE_WIDTH)
    out = io.BytesIO()
    Image.alpha_composite(base, overlay).convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()
