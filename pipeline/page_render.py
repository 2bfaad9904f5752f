"""A PDF page as a PNG picture: what a reviewer sees beside each check and each redaction.

Rendering an uploaded PDF is reading it, so the application draws pages in a worker process
(``pipeline.guarded.render_page_guarded``), as it parses them.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf


def render_page_png(pdf_path: str | Path, page: int, zoom: float) -> bytes:
    """Page ``page`` (1-based) of the PDF rendered at ``zoom`` x 72 dpi, as PNG bytes.

    Raises:
        ValueError: the document has no such page.
    """
    with pymupdf.open(str(pdf_path)) as document:
        if not 1 <= page <= document.page_count:
            raise ValueError(f"page {page} is outside 1..{document.page_count}")
        pixmap = document[page - 1].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        png: bytes = pixmap.tobytes("png")  # PyMuPDF leaves tobytes unannotated
        return png
