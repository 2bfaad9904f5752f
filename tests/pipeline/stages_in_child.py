"""Functions the real-world test runs in a guarded child process.

Kept out of the test module so that the child imports only the pipeline, not pytest (about 0.2 s per
file saved).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import ingest
from pipeline.types import FileType


@dataclass(frozen=True, slots=True)
class Accepted:
    """What the stages made of an accepted file (small, to cross the process boundary)."""

    pages: int
    clauses: int
    text_chars: int


def ingest_parse_segment(path: str) -> Accepted:
    """The pipeline up to segmentation, as the application runs it on an upload."""
    # Imported here so that ingest_only works while the later stages are still being written.
    from pipeline.parse import parse
    from pipeline.segment import segment

    upload = ingest(path)
    if upload.file_type is not FileType.PDF:
        raise TypeError(f"{path}: Word files need conversion first; the real-world folder should hold none")
    parsed = parse(path, sha256=upload.sha256)
    segmented = segment(parsed)
    return Accepted(
        pages=parsed.page_count,
        clauses=len(segmented.clauses),
        text_chars=sum(len(page.text) for page in parsed.pages),
    )


def ingest_only(path: str) -> Accepted:
    """Ingest alone: sorts files into accepted and refused without the later stages."""
    upload = ingest(path)
    return Accepted(pages=upload.page_count or 0, clauses=0, text_chars=0)


def crash_after_progress(*, progress: Callable[[int, int], None]) -> None:
    """A job whose worker dies (as a crash in the PDF library would) after reporting one page done."""
    progress(1, 3)
    os.abort()


def hang_with_a_helper(pid_file: str) -> None:
    """A job that starts a helper process (as OCR starts Tesseract), records its id, then never ends."""
    helper = subprocess.Popen(["sleep", "600"])  # noqa: S607 - a test helper
    Path(pid_file).write_text(str(helper.pid), encoding="utf-8")
    while True:
        time.sleep(1)
