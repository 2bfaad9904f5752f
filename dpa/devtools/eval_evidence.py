"""Where ``dpa eval`` looks for a labelled evidence sentence, and when a predicted passage is it."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf

from dpa.devtools.eval_matching import normalise
from pipeline.findings import Evidence
from pipeline.geometry import overlaps
from pipeline.types import BBox

TEXT_OVERLAP = 0.5


class LabelLocator:
    """Finds on which page (and where) a labelled evidence sentence is printed."""

    def __init__(self, pdf: Path) -> None:
        self.pdf = pdf
        self._pages: list[str] | None = None

    def pages(self) -> list[str]:
        if self._pages is None:
            with pymupdf.open(str(self.pdf)) as doc:
                self._pages = [_squash(page.get_text()) for page in doc]
        return self._pages

    def locate(self, sentence: str) -> list[int]:
        """1-based pages that hold the start (or, failing that, the end) of ``sentence``."""
        squashed = _squash(sentence)
        for probe in (squashed[:60], squashed[-40:]):
            pages = [i + 1 for i, text in enumerate(self.pages()) if probe and probe in text]
            if pages:
                return pages
        return []

    def boxes(self, sentence: str, page: int) -> list[BBox]:
        words = sentence.split()
        probe = " ".join(words[:6])
        with pymupdf.open(str(self.pdf)) as doc:
            rects = doc[page - 1].search_for(probe) if 0 < page <= doc.page_count else []
        return [BBox(r.x0, r.y0, r.x1, r.y1) for r in rects]

    def overlaps(self, evidence: Evidence, sentence: str) -> bool:
        """Whether predicted evidence (on a page that holds ``sentence``) is that sentence: half of the
        shorter text's words shared, or, for evidence without text (a scan's box), overlapping boxes."""
        if evidence.text:
            return _text_overlap(evidence.text, sentence)
        return any(overlaps(evidence.bbox, box) for box in self.boxes(sentence, evidence.page))


def _text_overlap(a: str, b: str) -> bool:
    wa, wb = set(normalise(a).split()), set(normalise(b).split())
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= TEXT_OVERLAP


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())
