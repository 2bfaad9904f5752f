"""Pictures of a run on its page: the proposals to review, or a preview of the redacted page.

Drawn on a rendering of the stored PDF, never on the PDF itself: nothing is written anywhere.
The preview only shows where the boxes will be; the true redaction (text, images and line art
removed) happens in ``apply_run`` and is checked by ``verify_redactions``.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from dpa.redaction.run_views import Box, RunView
from dpa.review.page_images import page_png
from dpa.settings import Settings

_BLACK = (0, 0, 0, 255)
_SHADE = (0, 0, 0, 150)  # accepted boxes while reviewing: dark, the words still faintly readable
_REJECTED = (110, 110, 110, 255)
_REFUSED = (214, 40, 40, 255)
_LABEL_POINTS = 5.0  # as large as apply prints the reason, scaled with the zoom


def preview_png(settings: Settings, run: RunView, page: int, zoom: float) -> bytes:
    """Page ``page`` with the accepted boxes black and the refused ones outlined in red."""
    del settings  # the run knows its PDF; kept for the use-case signature shared with the app
    return draw_run(page_png(run.pdf_path, page, zoom), run, page, zoom, preview=True)


def draw_run(png: bytes, run: RunView, page: int, zoom: float, *, preview: bool) -> bytes:
    """The PNG with the run's boxes of ``page``.

    ``preview``: accepted boxes solid black with their reason, as in the output. Otherwise (review):
    accepted boxes shaded with their reason, rejected ones outlined in grey, each numbered as listed.
    Refused boxes are outlined in red either way.
    """
    base = Image.open(io.BytesIO(png)).convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font = ImageFont.load_default(size=max(8.0, _LABEL_POINTS * zoom))
    for p in (p for p in run.proposals if p.page == page):
        rect = _scaled(p.bbox, zoom)
        if p.accepted:
            draw.rectangle(rect, fill=_BLACK if preview else _SHADE)
            label = p.label if preview else f"{p.index + 1}: {p.label}"
            draw.text((rect[0] + 2, rect[1] + 1), label, fill=(255, 255, 255, 255), font=font)
        elif not preview:
            draw.rectangle(rect, outline=_REJECTED, width=2)
            draw.text((rect[0] + 2, rect[1] - 2), f"{p.index + 1}", fill=_REJECTED, font=font, anchor="lb")
    for r in (r for r in run.refused if r.page == page):
        draw.rectangle(_scaled(r.bbox, zoom), outline=_REFUSED, width=3)
    out = io.BytesIO()
    Image.alpha_composite(base, overlay).convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _scaled(box: Box, zoom: float) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = box
    return x0 * zoom, top * zoom, x1 * zoom, bottom * zoom
