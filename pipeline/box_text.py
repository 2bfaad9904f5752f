"""The words a box on a page holds: the text of evidence marked by a box alone (a signature line).

The application reads it in a worker process (``pipeline.guarded.box_text_guarded``), as every
reading of an uploaded PDF.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf


def box_text(pdf_path: str | Path, page: int, bbox: tuple[float, float, float, float]) -> str:
    """The words of page ``page`` (1-based) whose centre lies in ``bbox`` (x0, top, x1, bottom), in
    reading order; "" for a page the document does not have. Whole words, never clipped glyphs."""
    x0, top, x1, bottom = bbox
    with pymupdf.open(str(pdf_path)) as document:
        if not 1 <= page <= document.page_count:
            return ""
        words = document[page - 1].get_text("words", sort=True)
    return " ".join(
        w[4] for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and top <= (w[1] + w[3]) / 2 <= bottom
    )
