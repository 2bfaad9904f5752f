"""Detection is a function of the parsed document alone: it never opens the PDF again.

Parse carries what detection needs besides words (ruled grids, check boxes, form fields; a scan's
grids and marks seen in its image) on ``Page.drawn``, so a segmented document sent back from a
worker process is detected the same with its file gone, and no module of ``pipeline/detect`` imports
a PDF library.
"""

from __future__ import annotations

import ast
import pickle
import shutil
from pathlib import Path

import pdfplumber
import pymupdf
import pytest

from pipeline.detect import detect
from pipeline.detect.schedule import extract_data_elements
from pipeline.parse import parse
from pipeline.segment import segment
from tests.conftest import CORPUS

DETECT = Path(__file__).resolve().parents[2] / "pipeline" / "detect"
PDF_LIBRARIES = {"pymupdf", "fitz", "pdfplumber", "pdfminer", "pypdf"}
# Check-box schedules drawn as vector boxes, with form fields and glyphs, and scanned (read by OCR).
SCHEDULES = [
    "fenwhistle_assessment_dpa",
    "lanternfield_il_ndpa",
    pytest.param("velloway_short_dpa.scanned", marks=pytest.mark.ocr),
]


def _no_file_opening(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("detection opened a PDF")


@pytest.mark.parametrize("name", SCHEDULES)
def test_detect_gives_the_same_result_with_the_file_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / f"{name}.pdf"
    shutil.copy(CORPUS / f"{name}.pdf", path)
    segmented = segment(parse(path, ocr=name.endswith(".scanned")))
    before = detect(segmented)
    schedule = extract_data_elements(segmented)
    assert schedule.elements, "the document's schedule of data is read from its grids"

    sent_back = pickle.loads(pickle.dumps(segmented))  # as from a worker process
    path.unlink()
    monkeypatch.setattr(pymupdf, "open", _no_file_opening)
    monkeypatch.setattr(pymupdf, "Document", _no_file_opening)
    monkeypatch.setattr(pdfplumber, "open", _no_file_opening)
    assert sent_back == segmented
    assert extract_data_elements(sent_back) == schedule
    after = detect(sent_back)
    assert after.findings == before.findings
    assert (after.kind, after.operator, after.signing) == (before.kind, before.operator, before.signing)


def _imported_modules(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_detect_imports_no_pdf_library() -> None:
    offenders = {
        str(path.relative_to(DETECT)): sorted(_imported_modules(path) & PDF_LIBRARIES)
        for path in sorted(DETECT.rglob("*.py"))
        if _imported_modules(path) & PDF_LIBRARIES
    }
    assert offenders == {}


def test_detect_imports_no_parse_module() -> None:
    """Parse's readers open files; detection takes their results from the document model instead."""
    offenders = [
        str(path.relative_to(DETECT))
        for path in sorted(DETECT.rglob("*.py"))
        if any(name.startswith("pipeline.parse") for name in _module_names(path))
    ]
    assert offenders == []


def _module_names(source: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names
