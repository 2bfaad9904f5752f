"""Page images: drawn in a worker as in process, and highlights land where the boxes are.

How fast a page is drawn is measured by ``bench/page_render_speed.py``, not here."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from dpa.review.page_images import page_png as render_page_png
from pipeline.page_render import render_page_png as render_in_process
from review_app.components.page_image import draw_boxes

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
def test_a_page_of_a_long_agreement_is_drawn_in_the_worker_as_in_process() -> None:
    assert LONG_PDF is not None
    png = render_page_png(LONG_PDF, 30, ZOOM)
    assert png.startswith(b"\x89PNG")
    assert png == render_in_process(LONG_PDF, 30, ZOOM)
