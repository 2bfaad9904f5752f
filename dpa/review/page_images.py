"""A stored agreement's page as a picture, for the review and redaction screens.

The stored PDF came from an upload, so it is drawn in a worker process like every other reading of
it; the app caches each picture by file, page and zoom.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.guarded import render_page_guarded


def page_png(pdf_path: Path, page: int, zoom: float) -> bytes:
    """Page ``page`` (1-based) of the stored PDF as PNG bytes at ``zoom`` x 72 dpi.

    Raises:
        ValueError: the document has no such page.
        PipelineError: the worker drawing it crashed or overran its time (a plain message).
    """
    return render_page_guarded(pdf_path, page, zoom, file_name=pdf_path.name)
