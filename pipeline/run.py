"""Check one PDF end to end without a database: parse -> segment -> detect -> judge."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.detect import detect
from pipeline.findings import Checklist
from pipeline.judge import judge
from pipeline.parse import parse
from pipeline.segment import segment


def check_pdf(pdf_path: str | Path) -> Checklist:
    """The SOPPA checklist of one PDF file."""
    path = Path(pdf_path)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return judge(detect(segment(parse(path, sha256=sha256))))
