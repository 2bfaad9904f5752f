"""Page images: highlights land where the boxes are, and rendering a page is fast enough."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from review_app.components.page_image import draw_boxes, render_page_png

LONG_PDF = next(
    (
        p
        for p in sorted(Path("/work/shared/realworld/contracts").glob("*.pdf"))
        if "Development Agreement" in p.name
    ),
    None,
)
SAMPLE_PDF = Path("/work/shared/corpus/velloway_short_dpa.pdf")
ZOOM = 1.5


def pixel(png: bytes, x: float, y: float) -> tuple[int, int, int]:
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((int(x * ZOOM), int(y * ZOOM)))


def test_boxes_are_drawn_at_their_place_in_points() -> None:
    png = render_page_png(SAMPLE_PDF, 1, ZOOM)
    marked = draw_boxes(png, [(100.0, 300.0, 300.0, 340.0)], ZOOM)
    assert Image.open(io.BytesIO(marked)).size == Image.open(io.BytesIO(png)).size
    assert pixel(marked, 100.5, 320) != pixel(png, 100.5, 320)  # on the edge
    assert pixel(marked, 50, 50) == pixel(png, 50, 50)  # far outside


def test_page_outside_the_document_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        render_page_png(SAMPLE_PDF, 99, ZOOM)


@pytest.mark.skipif(LONG_PDF is None, reason="real-world contracts not available")
def test_a_page_of_a_long_agreement_renders_with_highlights_in_half_a_second() -> None:
    assert LONG_PDF is not None
    start = time.perf_counter()
    png = render_page_png(LONG_PDF, 30, ZOOM)  # uncached: the app caches this step
    draw_boxes(png, [(72, 100, 500, 160), (72, 200, 500, 260)], ZOOM)
    assert time.perf_counter() - start < 0.5
