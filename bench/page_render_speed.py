"""Milliseconds per page picture: drawn in a guarded worker (as the app does) next to in process.

The review and redaction screens show each page once per zoom (the app caches the picture), so the
figure that matters is one page drawn in a fresh worker child. The first call also starts the
forkserver; it is reported apart.

Usage: ``python bench/page_render_speed.py [PDF ...] [--pages N] [--zoom Z]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pymupdf

from pipeline.guarded import render_page_guarded
from pipeline.page_render import render_page_png

DEFAULT_PDFS = sorted(Path("/work/shared/realworld/contracts").glob("*.pdf"))[:5]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--pages", type=int, default=4, help="pages drawn per PDF")
    parser.add_argument("--zoom", type=float, default=1.5)
    args = parser.parse_args()
    start = time.perf_counter()
    render_page_guarded(args.pdfs[0], 1, args.zoom, file_name=args.pdfs[0].name)
    print(f"first page (forkserver start included): {_ms(time.perf_counter() - start)}")
    guarded: list[float] = []
    local: list[float] = []
    for pdf in args.pdfs:
        with pymupdf.open(pdf) as doc:
            pages = range(1, min(doc.page_count, args.pages) + 1)
        for page in pages:
            start = time.perf_counter()
            render_page_guarded(pdf, page, args.zoom, file_name=pdf.name)
            guarded.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_page_png(pdf, page, args.zoom)
            local.append(time.perf_counter() - start)
    print(f"{len(guarded)} pages at zoom {args.zoom}")
    print(f"  in a worker: median {_ms(statistics.median(guarded))}, max {_ms(max(guarded))}")
    print(f"  in process:  median {_ms(statistics.median(local))}, max {_ms(max(local))}")


if __name__ == "__main__":
    main()
