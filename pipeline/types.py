"""The document model passed between pipeline stages.

One coordinate convention everywhere: PDF points, origin at the top-left of the
(unrotated, as displayed) page, ``BBox(x0, top, x1, bottom)``. Page numbers are
1-based. Values are immutable; stages return new objects.

The three values made once per word of every page (``BBox``, ``Word``, ``PlacedWord``) are
``NamedTuple``s: as immutable as a frozen dataclass, with attribute access in C, and about two
and a half times cheaper to build, which is most of what parsing and segmenting do in Python.
The others are frozen, slotted dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

PIPELINE_VERSION = "0.1.0"


class FileType(StrEnum):
    """Kinds of upload the pipeline accepts, detected from content."""

    PDF = "pdf"
    DOCX = "docx"


class ClauseKind(StrEnum):
    """What a segment of an agreement is."""

    TITLE = "title"
    HEADING = "heading"  # a section heading with no body of its own
    CLAUSE = "clause"  # numbered or plain paragraph(s)
    EXHIBIT = "exhibit"  # exhibits, schedules, appendices, addenda (a section)
    SIGNATURE = "signature"  # a signature block
    TABLE = "table"


class StageStatus(StrEnum):
    """Outcome of one stage on one document."""

    OK = "ok"
    PARTIAL = "partial"  # output usable, problems recorded
    FAILED = "failed"


# Makes a NamedTuple value from a tuple of *all* its fields, in C, skipping the Python-level
# ``__new__`` (and so the defaults): about a third of the cost of making a Word. Only for the loops
# that make one value per word of a document; elsewhere call the class.
from_fields = tuple.__new__


class BBox(NamedTuple):
    """Axis-aligned box in PDF points, top-left origin."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


@dataclass(frozen=True, slots=True)
class PageBox:
    """A box on a given (1-based) page."""

    page: int
    bbox: BBox


@dataclass(frozen=True, slots=True)
class Problem:
    """A non-fatal failure recorded as data (stage, message, optional page)."""

    stage: str
    message: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Upload:
    """A validated upload, not yet stored: the original bytes and what ingest learned of them."""

    sha256: str
    file_type: FileType
    size: int
    original_name: str
    page_count: int | None  # None for DOCX until converted
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class StoredFile:
    """An accepted upload: original bytes kept unchanged under their SHA-256."""

    sha256: str
    file_type: FileType
    size: int
    original_name: str
    path: str  # where the original bytes live in the content-addressed store
    page_count: int
    pdf_path: str  # the PDF that is parsed (the original, or a conversion of a DOCX)


class Word(NamedTuple):
    """One word with its box, font and (for OCR) confidence."""

    text: str
    bbox: BBox
    font_size: float = 0.0
    bold: bool = False
    font: str = ""
    ocr_confidence: float | None = None  # 0..100 for OCR words, None for a text layer
    # Where layout should take the word to be, when that differs from where its ink is: an OCR word
    # of a slightly rotated scan, deskewed and levelled with the rest of its printed line. None: bbox.
    layout_bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one baseline, left to right."""

    words: tuple[Word, ...]
    bbox: BBox

    @property
    def text(self) -> str:
        return " ".join([w.text for w in self.words])

    @property
    def font_size(self) -> float:
        return max([w.font_size for w in self.words], default=0.0)

    @property
    def bold(self) -> bool:
        return bool(self.words) and all([w.bold for w in self.words])


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like group of lines; blocks of a page are in reading order."""

    lines: tuple[Line, ...]
    bbox: BBox
    column: int = 0  # 0 = full width / first column, 1 = second column, ...
    # A table row read cell by cell: how many of ``lines`` each cell holds, in order (empty otherwise).
    cells: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class MarkStyle(StrEnum):
    """How a check box is drawn."""

    VECTOR = "vector"
    GLYPH = "glyph"
    LETTER = "letter"
    ACROFORM = "acroform"


@dataclass(frozen=True, slots=True)
class Mark:
    """One check box (or letter cell value) and whether it is checked."""

    bbox: BBox
    checked: bool
    style: MarkStyle


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: its row bands (top, bottom) and column bands (x0, x1)."""

    bbox: BBox
    rows: tuple[tuple[float, float], ...]
    cols: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Drawn:
    """What a page draws besides its words, read once by parse so that detection never opens the file.

    For a text-layer page: its ruled grids and its check boxes (form fields, check-box glyphs, drawn
    boxes). For a scanned page (OCR'd) the same seen in the page image: grids from the ink's rules,
    and for each grid cell whose ink is a box or a glyph, that cell and its mark (detection drops
    the marks of cells whose OCR words are text), plus the scan's skew, to regroup OCR words into
    printed lines.
    """

    grids: tuple[Grid, ...] = ()
    marks: tuple[Mark, ...] = ()
    cell_marks: tuple[tuple[BBox, Mark], ...] = ()
    skew: float = 0.0  # tangent of the turn that squares a scanned page


@dataclass(frozen=True, slots=True)
class Page:
    """One page as displayed (rotation applied), with its blocks in reading order."""

    number: int
    width: float
    height: float
    rotation: int
    blocks: tuple[Block, ...]
    has_text_layer: bool
    needs_ocr: bool
    ocr_applied: bool = False
    ocr_mean_confidence: float | None = None
    header_footer: tuple[Line, ...] = ()  # running headers/footers/page numbers, kept out of clauses
    drawn: Drawn = Drawn()  # grids and check boxes, in displayed-page points like the words

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for block in self.blocks for line in block.lines)

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A parsed PDF: pages in order plus problems met while parsing."""

    sha256: str
    pdf_path: str
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    pipeline_version: str = PIPELINE_VERSION

    @property
    def page_count(self) -> int:
        return len(self.pages)


class PlacedWord(NamedTuple):
    """A word of a clause: its character span in ``Clause.text`` and where it is drawn."""

    start: int
    end: int
    page: int
    bbox: BBox


@dataclass(frozen=True, slots=True)
class Clause:
    """A segment of the agreement with its text, place in the outline and page boxes."""

    id: str  # stable within a document, e.g. "c0042"
    kind: ClauseKind
    text: str  # body text, lines joined with single spaces; headers/footers excluded
    number: str | None  # "1", "1.1", "(a)", "IV", "5.3", "A" (exhibit letter) ...
    heading: str | None  # the clause's own heading/caption, when it has one
    parent_id: str | None
    level: int  # 0 = top level
    words: tuple[PlacedWord, ...]  # one per word of ``text``, in order
    section_path: tuple[str, ...] = ()  # headings of enclosing sections, outermost first

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({w.page for w in self.words}))

    @property
    def first_page(self) -> int | None:
        return self.words[0].page if self.words else None


@dataclass(frozen=True, slots=True)
class SegmentedDocument:
    """A parsed document cut into clauses (flat list in reading order; tree via parent_id)."""

    parsed: ParsedDocument
    clauses: tuple[Clause, ...]
    problems: tuple[Problem, ...] = ()

    def children(self, clause_id: str | None) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.parent_id == clause_id)

    def by_id(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)
