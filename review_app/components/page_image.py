"""Evidence boxes drawn on a page's picture (``dpa.review.page_images`` draws the page itself).

Rendering is the slow part and depends only on (file, page, zoom), so the app caches it; drawing
a few rectangles on the cached image is cheap and done on every selection.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from PIL import Image, ImageDraw

HIGHLIGHT_FILL = (255, 214, 0, 80)  # translucent yellow
HIGHLIGHT_EDGE = (214, 40, 40, 255)
EDGE_WIDTH = 3


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
