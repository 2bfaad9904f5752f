"""The process-wide settings of a process that runs the stages: ``configure_worker_process()``.

Only for processes that run the stages on a file: the guarded child (``pipeline.guard``), the OCR
pool's workers, and the dev tools that run stages in-process (``dpa eval``, ``dpa bench``, the
``bench/`` scripts, the tests). Never for the review app's server or the CLI's own process: their
threads share these settings, and importing ``pipeline`` changes none of them.

What it sets, and why each is process-wide:

- PyMuPDF's word boxes are MuPDF's glyph quads as they are, without PyMuPDF's per-character
  corrections for fonts with odd ascenders: a third of the cost of reading words, and the boxes
  every figure, test and redaction was tuned and verified on. MuPDF's own messages about a damaged
  file are not printed: the file gets our plain error instead.
- Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): its OpenMP threads oversubscribe a small
  machine, so pages run in parallel in processes instead (``pipeline.parse.ocr``).
- The stages may pause the cyclic garbage collector (``pipeline.gc_pause``): only here, where no
  other thread's objects are frozen or collected under them.
- PyMuPDF's optional companions are not imported (``skip_pymupdf_companions``).
"""

from __future__ import annotations

import os
import sys

COMPANIONS = ("pymupdf.layout", "pymupdf4llm")
THREAD_ENV = "OMP_THREAD_LIMIT"
_configured = False


def skip_pymupdf_companions() -> None:
    """Keep PyMuPDF 2 from importing its layout analyser and pymupdf4llm; call before PyMuPDF is imported.

    PyMuPDF imports both whenever they are installed; they load ONNX models (0.8 s and 90 MB in every
    process, five times PyMuPDF's own import), and pymupdf4llm sets PyMuPDF's word-box flag as a side
    effect of its import. Nothing here uses ``Page.get_layout`` or the Markdown helpers. Any process
    may call this (the CLI and the review app do, for their start-up); it has no effect once PyMuPDF
    has loaded them.
    """
    for name in COMPANIONS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def configure_worker_process() -> None:
    """Apply the settings above to this process (a second call changes nothing); see the module docstring."""
    global _configured
    skip_pymupdf_companions()
    import pymupdf  # after the skip

    pymupdf.TOOLS.unset_quad_corrections(True)
    pymupdf.TOOLS.mupdf_display_errors(False)
    os.environ[THREAD_ENV] = "1"
    _configured = True


def is_worker_process() -> bool:
    """Whether ``configure_worker_process`` ran in this process (forked children inherit it)."""
    return _configured
