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
