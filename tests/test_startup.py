"""What a process loads at start: the CLI and the review app must not pay for libraries they never use.

PyMuPDF 2 imports its layout analyser and pymupdf4llm (ONNX models) when they are installed, and
pytesseract imports pandas; the application's entry points skip the first two
(``pipeline.worker_process.skip_pymupdf_companions``, which a worker's configuration includes) and OCR
imports the third where it runs; spaCy loads with the first detection. Checked in a fresh interpreter,
as a user's ``dpa`` command starts.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

_WATCHED = ("onnxruntime", "pymupdf.layout", "pymupdf4llm", "pandas", "spacy")


def _run(code: str) -> str:
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


_WORKER = "from pipeline.worker_process import configure_worker_process; configure_worker_process(); "


@pytest.mark.parametrize("module", ["dpa.cli", "pipeline.parse", "review_app.resources"])
def test_heavy_unused_libraries_are_not_imported(module: str) -> None:
    # A skipped module sits in sys.modules as None: loaded means a real module there. The stages run in
    # a configured worker; the CLI and the review app skip the companions themselves.
    setup = _WORKER if module.startswith("pipeline.") else ""
    probe = (
        f"{setup}import json, sys, {module}, pymupdf; "
        f"print(json.dumps({{m: sys.modules.get(m) is not None for m in {_WATCHED}}}))"
    )
    loaded = json.loads(_run(probe))
    assert loaded["onnxruntime"] is False
    assert loaded["pymupdf.layout"] is False
    assert loaded["pymupdf4llm"] is False
    assert loaded["spacy"] is False  # loads with the first detection
    if module != "review_app.resources":  # Streamlit itself imports pandas
        assert loaded["pandas"] is False


def test_pymupdf_still_reads_text_without_its_companions() -> None:
    word = _run(
        f"{_WORKER}import pymupdf; doc = pymupdf.open(); page = doc.new_page(); "
        "page.insert_text((72, 72), 'Student data'); print(page.get_text('words')[0][4])"
    )
    assert word == "Student"


def test_pymupdf_settings_are_the_projects_own() -> None:
    """Word boxes without quad corrections, MuPDF's messages not printed: set in a worker process by the
    project itself, not left to whichever companion package happens to be installed."""
    settings = _run(
        f"{_WORKER}import pipeline.parse, pymupdf; "
        "print(pymupdf.TOOLS.unset_quad_corrections(), pymupdf.TOOLS.mupdf_display_errors())"
    )
    assert settings == "True False"
