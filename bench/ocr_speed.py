"""OCR seconds per page: ``pipeline.parse.ocr.ocr_pages`` next to the raw ``tesseract`` command.

The raw figure is the plain ``tesseract IMAGE stdout tsv`` command, single-threaded
(``OMP_THREAD_LIMIT=1``), run one page after another on the very page images our code reads
(rendered at the same dpi beforehand, rendering not counted). Ours is the wall time of
``ocr_pages`` (rendering, orientation check and box mapping included) with one worker and with
one worker per core.

Usage: ``python bench/ocr_speed.py [PDF or folder ...] [--dpi 300] [--max-pages N]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from pipeline.parse.ocr import ocr_pages
from pipeline.worker_process import configure_worker_process

DEFAULT_INPUTS = (Path("/work/shared/realworld/scanned"), Path("/work/shared/corpus"))


@dataclass(frozen=True, slots=True)
class OcrSpeed:
    """Seconds per page for raw Tesseract and for ``ocr_pages`` on the same pages."""

    pages: int
    raw_seconds_per_page: float
    ours_one_worker: float
    ours_all_workers: float
    workers: int
    mean_confidence: float

    @property
    def overhead_one_worker(self) -> float:
        """Share of time ours spends above raw Tesseract at equal CPU (one process)."""
        return self.ours_one_worker / self.raw_seconds_per_page - 1


def scanned_pdfs(inputs: list[Path]) -> list[Path]:
    """Image-only PDFs among ``inputs`` (folders: ``*.scanned.pdf`` and every PDF of ``scanned/``)."""
    found: list[Path] = []
    for item in inputs:
        if item.is_file():
            found.append(item)
        elif item.name == "scanned":
            found.extend(sorted(item.glob("*.pdf")))
        else:
            found.extend(sorted(item.glob("*.scanned.pdf")))
    return found


def raw_tesseract_seconds(pages: list[tuple[Path, int]], dpi: int) -> float:
    """Total seconds of the plain single-threaded tesseract command on pre-rendered page images."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    total = 0.0
    with tempfile.TemporaryDirectory() as workdir:
        for index, (pdf, number) in enumerate(pages):
            with pymupdf.open(pdf) as doc:
                image = Path(workdir) / f"{index}.png"
                doc[number - 1].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).save(image)
            start = time.perf_counter()
            subprocess.run(
                ["tesseract", str(image), "stdout", "tsv"], env=env, check=True, capture_output=True
            )
            total += time.perf_counter() - start
    return total


def measure(pdfs: list[Path], dpi: int = 300, max_pages: int | None = None) -> OcrSpeed:
    """Time raw Tesseract and ``ocr_pages`` (one worker, then all cores) on the same pages."""
    pages = [(pdf, n) for pdf in pdfs for n in range(1, pymupdf.open(pdf).page_count + 1)][:max_pages]
    raw = raw_tesseract_seconds(pages, dpi)
    by_pdf: dict[Path, list[int]] = {}
    for pdf, number in pages:
        by_pdf.setdefault(pdf, []).append(number)
    timings, confidences = [], []
    cores = len(os.sched_getaffinity(0))
    for workers in (1, cores):
        start = time.perf_counter()
        for pdf, numbers in by_pdf.items():
            results = ocr_pages(pdf, numbers, workers=workers)
            confidences.extend(r.mean_confidence for r in results.values())
        timings.append(time.perf_counter() - start)
    count = len(pages)
    return OcrSpeed(
        count, raw / count, timings[0] / count, timings[1] / count, cores, sum(confidences) / len(confidences)
    )


def main() -> None:
    """Print the figures for the given PDFs or folders."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=list(DEFAULT_INPUTS))
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--max-pages", type=int, default=None)
    args = parser.parse_args()
    configure_worker_process()  # the stages run in this process, as in the guarded child
    speed = measure(scanned_pdfs(args.inputs), args.dpi, args.max_pages)
    print(f"pages: {speed.pages}  mean word confidence: {speed.mean_confidence:.1f}")
    print(f"raw tesseract (1 thread): {speed.raw_seconds_per_page:.2f} s/page")
    print(f"ocr_pages, 1 worker:   {speed.ours_one_worker:.2f} s/page ({speed.overhead_one_worker:+.0%})")
    print(f"ocr_pages, {speed.workers} workers:  {speed.ours_all_workers:.2f} s/page")


if __name__ == "__main__":
    main()
