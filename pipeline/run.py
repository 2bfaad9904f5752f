"""Check one PDF end to end without a database, in this process: parse -> segment -> detect -> judge.

For the dev tools and scripts that run the stages in-process (``dpa eval``, ``bench/``): it makes the
calling process a worker (``pipeline.worker_process``). The application checks uploads in a guarded
child instead (``pipeline.guarded.check_guarded``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.detect import detect
from pipeline.findings import Checklist
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.segment import segment
from pipeline.worker_process import configure_worker_process


def check_pdf(pdf_path: str | Path) -> Checklist:
    """The SOPPA checklist of one PDF file, computed in this process (configured as a worker)."""
    configure_worker_process()
    path = Path(pdf_path)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return judge(detect(segment(parse(path, sha256=sha256))))
