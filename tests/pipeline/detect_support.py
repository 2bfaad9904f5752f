"""Build small segmented documents from invented text, for rule tests (no PDF needed)."""

from __future__ import annotations

import re

from spacy.language import Language

from pipeline.detect.catalogue import default_catalogue
from pipeline.detect.context import DocumentContext
from pipeline.detect.nlp import default_nlp
from pipeline.types import BBox, Clause, ClauseKind, ParsedDocument, PlacedWord, SegmentedDocument


def clause(
    text: str,
    index: int = 0,
    heading: str | None = None,
    page: int = 1,
    kind: ClauseKind = ClauseKind.CLAUSE,
    section: tuple[str, ...] = (),
) -> Clause:
    """A clause whose words are laid out on one line per 12 words (boxes are only for evidence)."""
    words = []
    for i, match in enumerate(re.finditer(r"\S+", text)):
        x0, top = 72 + (i % 12) * 38, 100 + index * 40 + (i // 12) * 12
        words.append(PlacedWord(match.start(), match.end(), page, BBox(x0, top, x0 + 35, top + 10)))
    return Clause(f"c{index:04d}", kind, text, None, heading, None, 0, tuple(words), section)


def segmented(*paragraphs: str | tuple[str, str]) -> SegmentedDocument:
    """A document of clauses; a tuple is (heading, text)."""
    clauses = []
    for i, para in enumerate(paragraphs):
        heading, text = para if isinstance(para, tuple) else (None, para)
        clauses.append(clause(text, i, heading))
    parsed = ParsedDocument(sha256="0" * 64, pdf_path="/nonexistent.pdf", pages=())
    return SegmentedDocument(parsed, tuple(clauses))


def context(
    *paragraphs: str | tuple[str, str], nlp: Language | None = None, operator: tuple[str, ...] = ()
) -> DocumentContext:
    """A detection context over invented paragraphs, with the packaged catalogue and pipeline."""
    return DocumentContext(
        segmented(*paragraphs), default_catalogue(), nlp or default_nlp(), operator_names=operator
    )
