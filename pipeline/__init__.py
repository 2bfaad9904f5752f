"""Pure pipeline stages (the Python API): ingest -> parse -> segment -> detect -> judge -> redact -> publish.

No database, no UI, no globals: each stage is a function from typed data to typed data.
"""

import sys

# PyMuPDF 2 imports two optional companions whenever they are installed: its page-layout analyser and
# pymupdf4llm, which load ONNX models (together 0.8 s and 90 MB in every process, five times PyMuPDF's
# own import). Nothing here calls ``Page.get_layout`` or the Markdown helpers, so both are skipped.
# The project's other packages import this one first, so the skip is in place before any of their
# modules imports PyMuPDF.
for _unused in ("pymupdf.layout", "pymupdf4llm"):
    sys.modules.setdefault(_unused, None)  # type: ignore[arg-type]

import pymupdf  # noqa: E402 - after the skip

# Two process-wide settings every figure and test of the project was made with (pymupdf4llm set them
# as a side effect of its import; they are the project's choice, so they are set here):
# - word boxes from MuPDF's glyph quads as they are, without PyMuPDF's per-character corrections for
#   fonts with odd ascenders: a third of the cost of reading words, and the boxes redaction was
#   tuned and verified on;
# - MuPDF's own messages about a damaged file are not printed: the file gets our plain error instead.
pymupdf.TOOLS.unset_quad_corrections(True)
pymupdf.TOOLS.mupdf_display_errors(False)
